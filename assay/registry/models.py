"""Who is in the supply chain: actors, their sites (with CAHRA designations), relationships and members."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from assay.lib.text import LONG_TEXT_MAX
from assay.standards.models import ActorRole


class Mineral(models.TextChoices):
    GOLD = "gold", _("gold")
    TIN = "tin", _("tin")
    TANTALUM = "tantalum", _("tantalum")
    TUNGSTEN = "tungsten", _("tungsten")
    COBALT = "cobalt", _("cobalt")
    COPPER = "copper", _("copper")
    GEMSTONES = "gemstones", _("gemstones")
    OTHER = "other", _("other")


class Actor(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    role = models.CharField(_("role"), max_length=20, choices=ActorRole.choices, db_index=True)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    minerals = models.JSONField(_("minerals"), default=list, blank=True)
    miners = models.PositiveIntegerField(_("number of miners"), null=True, blank=True)
    profile = models.TextField(_("public profile"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name

    def mineral_labels(self) -> list[str]:
        labels = dict(Mineral.choices)
        return [str(labels.get(m, m)) for m in self.minerals]


class Site(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])

    class Meta:
        ordering = ["actor", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return f"{self.name} ({self.region}, {self.country})"

    def in_cahra(self, on: date) -> bool:
        return self.cahra_designations.filter(Q(end__isnull=True) | Q(end__gte=on), start__lte=on).exists()


class CahraArea(models.Model):
    """One line of an imported CAHRA list: a country, or a region of it, designated from a date."""

    country = CountryField(_("country"))
    region = models.CharField(_("region"), max_length=120, blank=True, help_text=_("Blank: the whole country."))
    source = models.CharField(_("source"), max_length=200)
    start = models.DateField(_("designated from"))
    end = models.DateField(_("designated until"), null=True, blank=True)

    class Meta:
        ordering = ["country", "region", "start"]
        verbose_name = _("CAHRA area")
        verbose_name_plural = _("CAHRA areas")

    def __str__(self) -> str:
        return f"{self.country.code} {self.region or '*'} {self.start}"


class CahraDesignation(models.Model):
    """A site's designation as in a CAHRA for a period, from an imported list or entered by hand."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="cahra_designations")
    # Designations from a list go with the list; hand-entered ones (no area) stay.
    area = models.ForeignKey(CahraArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("source"), max_length=200)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["site", "start"]
        verbose_name = _("CAHRA designation")
        verbose_name_plural = _("CAHRA designations")

    def __str__(self) -> str:
        return f"{self.site_id} {self.start}–{self.end or ''}"


class RelationshipKind(models.TextChoices):
    SOURCING = "sourcing", _("sourcing")
    FINANCE = "finance", _("finance")
    TECHNICAL_SUPPORT = "technical_support", _("technical support")


class Relationship(models.Model):
    buyer = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="supplier_links",
                              verbose_name=_("buyer"))
    supplier = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="buyer_links",
                                 verbose_name=_("supplier"))
    kind = models.CharField(_("type"), max_length=20, choices=RelationshipKind.choices,
                            default=RelationshipKind.SOURCING)
    share = models.DecimalField(_("share"), max_digits=5, decimal_places=4, null=True, blank=True,
                                validators=[MinValueValidator(0), MaxValueValidator(1)],
                                help_text=_("Share of the supplier's output, 0–1; blank if not known."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    # The minerals traded along the link; none listed: not known, so it carries every mineral (enabled impact).
    minerals = models.JSONField(_("minerals"), default=list, blank=True)
    # What a finance or technical-support engagement consists of, in the words of whoever recorded it.
    note = models.TextField(_("note"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    class Meta:
        ordering = ["buyer", "supplier", "start"]
        constraints = [
            models.CheckConstraint(condition=~Q(buyer=models.F("supplier")), name="relationship_not_self"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                                   name="relationship_end_after_start"),
        ]
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")

    def __str__(self) -> str:
        return f"{self.buyer} → {self.supplier} ({self.kind})"

    def clean(self) -> None:
        super().clean()
        minerals = self.minerals if isinstance(self.minerals, list) else None
        if minerals is None or any(m not in Mineral.values for m in minerals) or len(set(minerals)) < len(minerals):
            raise ValidationError({"minerals": _("List each mineral once, from: %(codes)s.")
                                   % {"codes": ", ".join(Mineral.values)}})
        produced = set(self.supplier.minerals or ()) if self.supplier_id else set()
        foreign = [m for m in minerals if produced and m not in produced]
        if foreign:
            raise ValidationError({"minerals": _("%(supplier)s does not produce %(minerals)s, so the relationship "
                                                 "cannot carry it.")
                                   % {"supplier": self.supplier.name, "minerals": ", ".join(foreign)}})


class MemberRole(models.TextChoices):
    ADMIN = "admin", _("admin")
    EDITOR = "editor", _("editor")
    VIEWER = "viewer", _("viewer")


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.VIEWER)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "actor"], name="unique_membership")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.actor} ({self.role})"
