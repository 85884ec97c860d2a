"""Who may see what: actors' own disclosure choices, and the log of every read of restricted data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assay.registry.models import Actor
from assay.standards.models import DISCLOSURE_CHOICES


class DatumKind(models.TextChoices):
    """The kinds of data about an actor that the disclosure policy tells apart (DESIGN §5)."""

    PROFILE = "profile", _("profile")
    LEVEL = "level", _("level")
    OVERALL = "overall", _("overall score")
    PROGRESS = "progress", _("progress")
    INDICATORS = "indicators", _("impact indicators")
    COORDINATES = "coordinates", _("exact site location")
    MODULE_SCORES = "module_scores", _("module scores")
    RESIDUAL_RISK = "residual_risk", _("residual risk")
    ANSWERS = "answers", _("mitigation and practice findings")
    COMMITMENTS = "commitments", _("improvement commitments")
    RELATIONSHIPS = "relationships", _("trading relationships")
    GATE_FINDINGS = "gate_findings", _("red-line and legitimacy findings")
    EVIDENCE = "evidence", _("evidence files")
    PERSONAL = "personal", _("personal data")
    DRAFT = "draft", _("draft assessments")


class ActorDisclosure(models.Model):
    """An actor's choice to open one kind of its data further than the standard's default."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="disclosure_choices")
    kind = models.CharField(_("data"), max_length=20, choices=DatumKind.choices)
    opened_to = models.CharField(_("open to"), max_length=12, choices=DISCLOSURE_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "kind"], name="unique_actor_disclosure")]
        db_table = "accounts_actordisclosure"  # the table from before this model moved here from accounts
        verbose_name = _("disclosure choice")
        verbose_name_plural = _("disclosure choices")

    def __str__(self) -> str:
        return f"{self.actor_id} {self.kind} → {self.opened_to}"


class RestrictedRead(models.Model):
    """One read of restricted data: who, what, when, and through which page or endpoint."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(Actor, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("data"), max_length=20, choices=DatumKind.choices)
    object_ref = models.CharField(_("object"), max_length=80, blank=True)
    surface = models.CharField(_("page or endpoint"), max_length=200)

    class Meta:
        db_table = "accounts_restrictedread"
        ordering = ["-at", "-id"]
        verbose_name = _("restricted read")
        verbose_name_plural = _("restricted reads")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.kind} {self.object_ref}"
