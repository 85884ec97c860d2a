"""The alignment of a standard version with the OECD reference list, and crosswalks to other schemes.

Both live in this app rather than on the standard's models: a rating names criteria by their stable keys
(Criterion.key), so the same mapping is re-run on every version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assay.standards.models import Standard, StandardVersion


class Rating(models.TextChoices):
    FULL = "full", _("fully aligned")
    PARTIAL = "partial", _("partially aligned")
    NOT = "not", _("not aligned")


# Better is higher: a comparison between versions says "improved" when the rank grows.
RANK = {Rating.NOT: 0, Rating.PARTIAL: 1, Rating.FULL: 2}


class AlignmentRating(models.Model):
    """One reference item's rating for one version; frozen with the version (assay.alignment.services)."""

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="alignment_ratings")
    item = models.CharField(_("OECD reference item"), max_length=20)
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    criteria = models.JSONField(_("criteria (keys)"), default=list, blank=True)
    reason = models.TextField(_("reason"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["version", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "item"], name="unique_alignment_item")]
        verbose_name = _("alignment rating")
        verbose_name_plural = _("alignment ratings")

    def __str__(self) -> str:
        return f"{self.version} {self.item}: {self.rating}"


class Crosswalk(models.Model):
    """A mapping of the standard's criteria to another scheme's requirement codes (imported from a CSV file)."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="crosswalks")
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scheme = models.CharField(_("other scheme"), max_length=200)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("crosswalk")
        verbose_name_plural = _("crosswalks")

    def __str__(self) -> str:
        return self.name


class CrosswalkLink(models.Model):
    """One row of a crosswalk: the other scheme's requirement, covered (in part) by one of our criteria."""

    crosswalk = models.ForeignKey(Crosswalk, on_delete=models.CASCADE, related_name="links")
    position = models.PositiveIntegerField(_("position"))
    requirement = models.CharField(_("requirement code"), max_length=40)
    title = models.CharField(_("requirement"), max_length=200)
    criterion_key = models.CharField(_("criterion key"), max_length=80)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["crosswalk", "position"]
        verbose_name = _("crosswalk row")
        verbose_name_plural = _("crosswalk rows")

    def __str__(self) -> str:
        return f"{self.requirement} → {self.criterion_key}"
