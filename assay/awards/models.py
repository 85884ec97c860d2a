"""Awards: a prize given from a frozen shortlist by a named jury, with its nominations, conflicts of interest, the
jurors' private scores, and the decision the chair records. Once announced nothing of an award changes (Sealed);
a correction is a new decision that names the one it corrects."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from assay.registry.models import Actor
from assay.reporting.models import Shortlist, ShortlistEntry
from assay.standards.models import StandardVersion


class AwardCategory(models.TextChoices):
    MOST_IMPROVED = "most_improved", _("most improved producer")
    ENABLED_IMPACT = "enabled_impact", _("downstream actor whose engagement enabled most impact")


# The shortlist category each award category is chosen from.
SHORTLIST_CATEGORY = {AwardCategory.MOST_IMPROVED: "producers", AwardCategory.ENABLED_IMPACT: "downstream"}

SEALED_MESSAGE = _("This award is announced: nothing of it can change; a correction is a new decision.")


def _sealed(award_id: Any) -> bool:
    return Award.objects.filter(pk=award_id, announced_at__isnull=False).exists()


class SealedQuerySet(models.QuerySet):
    """No bulk edit reaches past the seal: `update` and `delete` refuse when a row belongs to an announced award."""

    award_path = "award"

    def _touches_sealed(self) -> bool:
        return self.filter(**{f"{self.model.award_path}__announced_at__isnull": False}).exists()  # type: ignore[attr-defined]

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        if self._touches_sealed():
            raise ValidationError(SEALED_MESSAGE, code="sealed")
        return super().update(**kwargs)

    def delete(self):  # type: ignore[no-untyped-def]
        if self._touches_sealed():
            raise ValidationError(SEALED_MESSAGE, code="sealed")
        return super().delete()


class Sealed(models.Model):
    """Part of an award: written freely until the award is announced, never after (like a frozen shortlist)."""

    award_path = "award"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if _sealed(self.award_key()):
            raise ValidationError(SEALED_MESSAGE, code="sealed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if _sealed(self.award_key()):
            raise ValidationError(SEALED_MESSAGE, code="sealed")
        return super().delete(*args, **kwargs)

    def award_key(self) -> Any:
        return getattr(self, "award_id", None)


class AwardQuerySet(SealedQuerySet):
    def _touches_sealed(self) -> bool:
        return self.filter(announced_at__isnull=False).exists()


SealedManager = models.Manager.from_queryset(SealedQuerySet)
AwardManager = models.Manager.from_queryset(AwardQuerySet)


class Award(Sealed):
    """A prize of one or more awarding organisations for one category of a frozen shortlist (optionally one of its
    groups: a country or a mineral), over the shortlist's period. Name, prize and description are translated."""

    translated_fields = ("name", "prize", "description")

    name = models.CharField(_("name"), max_length=200)
    organisations = models.JSONField(_("awarding organisations"), default=list)
    category = models.CharField(_("category"), max_length=20, choices=AwardCategory.choices)
    shortlist = models.ForeignKey(Shortlist, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("shortlist"))
    group = models.CharField(_("country or mineral"), max_length=40, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    version = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("standard version"))
    # What made a candidate eligible, as the version's rules said when the award was made (DESIGN §4 rules 5, 7, 8)
    eligibility = models.JSONField(_("eligibility"), default=dict)
    prize = models.CharField(_("prize"), max_length=300)
    description = models.TextField(_("public description"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    announced_at = models.DateTimeField(_("announced on"), null=True, blank=True)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = AwardManager()  # type: ignore[django-manager-missing]

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name

    def award_key(self) -> Any:
        return self.pk

    @property
    def announced(self) -> bool:
        return self.announced_at is not None


class Juror(Sealed):
    """A named member of the jury, from one of the award's organisations; one of them chairs it."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("member"))
    organisation = models.CharField(_("organisation"), max_length=200)
    chair = models.BooleanField(_("chair"), default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(_("added on"), auto_now_add=True)


    objects = SealedManager()
    class Meta:
        ordering = ["award", "-chair", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "user"], name="one_seat_per_juror"),
            models.UniqueConstraint(fields=["award"], condition=models.Q(chair=True), name="one_chair_per_award"),
        ]
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class Nomination(Sealed):
    """A candidate: one entry of the award's shortlist. Its consent to share its network data with the jury is
    given (and withdrawn) by an admin of the candidate: a standing granted by the data's owner (DESIGN §5)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="nominations")
    entry = models.ForeignKey(ShortlistEntry, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidate"))
    name = models.CharField(_("name"), max_length=200)
    consented_at = models.DateTimeField(_("shares its network data with the jury since"), null=True, blank=True)
    consented_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")


    objects = SealedManager()
    class Meta:
        ordering = ["award", "entry__group", "entry__position", "id"]
        constraints = [models.UniqueConstraint(fields=["award", "actor"], name="one_nomination_per_candidate")]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return self.name

    @property
    def consented(self) -> bool:
        return self.consented_at is not None


class ConflictQuerySet(SealedQuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError(_("A declared conflict of interest stays on record."), code="declared")

    def delete(self):  # type: ignore[no-untyped-def]
        raise ValidationError(_("A declared conflict of interest stays on record."), code="declared")


ConflictManager = models.Manager.from_queryset(ConflictQuerySet)


class Conflict(Sealed):
    """A juror's declared conflict of interest with one candidate: from then on the juror neither opens that
    candidate's pack nor scores it. A declaration stays on record (it is never withdrawn)."""

    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="conflicts")
    note = models.TextField(_("nature of the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared on"), auto_now_add=True)

    award_path = "juror__award"
    objects = ConflictManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "nomination"], name="one_conflict_per_candidate")]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self) -> str:
        return f"{self.juror_id} × {self.nomination_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(_("A declared conflict of interest stays on record."), code="declared")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("A declared conflict of interest stays on record."), code="declared")

    def award_key(self) -> Any:
        return Juror.objects.filter(pk=self.juror_id).values_list("award_id", flat=True).first()


SCORE_MAX = 10


class Score(Sealed):
    """One juror's private score (0–10) and comment on one candidate, which the juror may change until the
    decision; other jurors see it only once the chair has recorded the decision."""

    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("scored on"), auto_now=True)

    award_path = "juror__award"


    objects = SealedManager()
    class Meta:
        constraints = [models.UniqueConstraint(fields=["juror", "nomination"], name="one_score_per_candidate")]
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")

    def __str__(self) -> str:
        return f"{self.juror_id} × {self.nomination_id}: {self.value}"

    def award_key(self) -> Any:
        return Juror.objects.filter(pk=self.juror_id).values_list("award_id", flat=True).first()


class DecisionQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError(SEALED_MESSAGE, code="sealed")

    def delete(self):  # type: ignore[no-untyped-def]
        raise ValidationError(SEALED_MESSAGE, code="sealed")


class Decision(models.Model):
    """The chair's decision: the winner and why. Written once; announced with the award. After the announcement a
    correction is a new decision, announced at once, that names the decision it corrects (`corrects`)."""

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="decisions")
    winner = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+", verbose_name=_("winner"))
    rationale = models.TextField(_("rationale"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)
    announced_at = models.DateTimeField(_("announced on"), null=True, blank=True)
    corrects = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="corrected_by", verbose_name=_("corrects"))

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["award", "decided_at", "id"]
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")

    def __str__(self) -> str:
        return f"{self.award_id}: {self.winner_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Written once: a new decision, or (before the announcement) a first announcement of its own date."""
        stored = type(self).objects.filter(pk=self.pk).values("announced_at").first() if self.pk else None
        if stored is not None:
            fields = set(kwargs.get("update_fields") or ())
            if stored["announced_at"] is not None or fields != {"announced_at"}:
                raise ValidationError(SEALED_MESSAGE, code="sealed")
        elif _sealed(self.award_id) and self.corrects_id is None:
            raise ValidationError(SEALED_MESSAGE, code="sealed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(SEALED_MESSAGE, code="sealed")
