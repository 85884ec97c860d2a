"""Assessments of actors against a published version, their answers, evidence, commitments and scores."""

from datetime import date
from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assay.domain.disclosure import Disclosure
from assay.domain.scoring.engine import Answer as EngineAnswer
from assay.lib.text import LONG_TEXT_MAX
from assay.registry.models import Actor, Site
from assay.standards.models import DISCLOSURE_CHOICES, Criterion, StandardVersion


class AssessmentKind(models.TextChoices):
    SELF = "self", _("self-assessment")
    SECOND_PARTY = "second_party", _("second-party (buyer) assessment")
    THIRD_PARTY = "third_party", _("third-party assessment")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")
    RETURNED = "returned", _("returned")


LOCKED_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED, AssessmentStatus.RETURNED)


class Assessment(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="assessments")
    version = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="assessments")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    assessing_actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments_made",
        verbose_name=_("assessing buyer"), help_text=_("For a second-party assessment: the buyer who assesses."),
    )
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assessments_to_review", verbose_name=_("assessor"))
    status = models.CharField(_("status"), max_length=12, choices=AssessmentStatus.choices,
                              default=AssessmentStatus.DRAFT, db_index=True)
    date = models.DateField(_("assessment date"), db_index=True)
    # The minerals in scope: some or all of the actor's own; only criteria for these apply (DESIGN §4).
    minerals = models.JSONField(_("minerals in scope"), default=list, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections",
                                 verbose_name=_("corrects"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_comment = models.TextField(_("review comment"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["actor", "date"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.actor} {self.date} ({self.get_kind_display()})"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES


class GateFinding(models.TextChoices):
    CLEAR = "clear", _("clear")
    BREACH = "breach", _("breach")
    UNKNOWN = "unknown", _("unknown")


class Answer(models.Model):
    """The finding for one criterion: a gate finding, a maturity 0–3, n/a, or an indicator's number."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    gate = models.CharField(_("finding"), max_length=8, choices=GateFinding.choices, blank=True)
    maturity = models.PositiveSmallIntegerField(_("maturity"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    disclosure = models.CharField(_("disclosure class"), max_length=12, choices=DISCLOSURE_CHOICES)
    # Verification is per finding: when the verifier changes one, the fields above hold the verified finding
    # (which the score uses) and `declared` what the assessed actor had answered ("" and no reason: unchanged).
    declared = models.CharField(_("as answered"), max_length=40, blank=True)
    verifier_reason = models.TextField(_("why the verifier changed it"), blank=True,
                                       validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    verifier_comment = models.TextField(_("the verifier's comment to the producer"), blank=True,
                                        validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_answer"),
            models.CheckConstraint(condition=models.Q(maturity__isnull=True) | models.Q(maturity__lte=3),
                                   name="answer_maturity_0_3"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.criterion_id}"

    def engine_value(self) -> EngineAnswer:
        """The answer as the scoring engine reads it."""
        if self.not_applicable:
            return "na"
        if self.gate:
            return self.gate
        if self.maturity is not None:
            return self.maturity
        if self.number is not None:
            return float(self.number)
        return None


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under MEDIA_ROOT/evidence/, never under STATIC: only a view that checks access serves it.
    return f"evidence/{instance.assessment_id}/{instance.sha256[:16]}-{filename[-80:]}"


class EvidenceReview(models.TextChoices):
    OPEN = "open", _("not reviewed yet")
    ACCEPTED = "accepted", pgettext_lazy("evidence", "accepted")
    CHALLENGED = "challenged", _("challenged")


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    disclosure = models.CharField(_("disclosure class"), max_length=12, choices=DISCLOSURE_CHOICES,
                                  default=Disclosure.RESTRICTED.code)
    # The reviewer's word on the file: open until they accept it or challenge it (saying why, to the producer).
    review = models.CharField(_("review"), max_length=10, choices=EvidenceReview.choices,
                              default=EvidenceReview.OPEN)
    review_comment = models.TextField(_("reviewer's comment"), blank=True,
                                      validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class CommitmentStatus(models.TextChoices):
    """open → done (the producer, with evidence) → verified (an assessor); an open one past its due date has
    lapsed. Lapsing is read from the date, not stored, so it needs no scheduled job and is never stale."""

    OPEN = "open", _("open")
    DONE = "done", _("done, awaiting verification")
    VERIFIED = "verified", _("verified")
    SUPERSEDED = "superseded", _("carried over to the correction")


class CommitmentQuerySet(models.QuerySet["Commitment"]):
    def lapsed(self, today: date) -> "CommitmentQuerySet":
        """Open past their due date (DESIGN §4: a plan whose date has gone by without the work done)."""
        return self.filter(status=CommitmentStatus.OPEN, due__lt=today)

    def live(self) -> "CommitmentQuerySet":
        """Of submitted assessments and not carried over: what the producer still answers for."""
        return self.exclude(assessment__status=AssessmentStatus.DRAFT).exclude(status=CommitmentStatus.SUPERSEDED)


class Commitment(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="commitments")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.TextField(_("action"), validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    owner = models.CharField(_("owner"), max_length=120)
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_note = models.TextField(_("what was done"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("evidence"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verifier_comment = models.TextField(_("verifier's comment"), blank=True,
                                        validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return self.action[:60]

    def lapsed(self, today: date) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due < today


class Score(models.Model):
    """What the engine says of one assessment, with the progress against its baseline; recomputable."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="score")
    outcome = models.CharField(_("outcome"), max_length=12, db_index=True)
    level = models.SmallIntegerField(_("level"), null=True)
    overall = models.FloatField(_("overall score"), null=True)
    residual_risk = models.FloatField(_("residual risk"), null=True)
    # The overall score as an exact fraction (progress is worked out from it exactly); `overall` is its float.
    overall_num = models.BigIntegerField(null=True, editable=False)
    overall_den = models.BigIntegerField(null=True, editable=False)
    modules = models.JSONField(_("module scores"), default=dict)
    progress = models.FloatField(_("progress"), null=True)
    baseline = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    progress_detail = models.JSONField(default=dict, blank=True)
    in_cahra = models.BooleanField(default=False)
    engine = models.CharField(_("engine version"), max_length=40)
    computed_at = models.DateTimeField(auto_now=True)
    # The answers in the batch recompute's compact form (their packed counters summed, assay.domain.scoring.packing:
    # 8 bytes a word) under the layout named by `tally_key`; a recompute reads these instead of summing every answer
    # again. PostgreSQL clears them when the assessment's answers change (a trigger, migration 0012), and single
    # scoring does not write them, so a missing or foreign tally is summed from the answers.
    tally = models.BinaryField(null=True, editable=False)
    tally_key = models.CharField(max_length=24, blank=True, default="", editable=False)
    # A hash of every figure the batch stored in this row, written with them: a recompute stages only the rows whose
    # new figures hash differently. Any UPDATE that does not set it anew clears it (a trigger), so a row changed by
    # other means is always rewritten.
    digest = models.BigIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.outcome} {self.level}"

    @cached_property
    def explanation(self) -> dict[str, Any]:
        """Why: reasons, what blocks the next level, each criterion's points and the indicators, derived from the
        answers when asked (the batch recompute stores only the figures: at 500,000 scores the stored
        explanations were 636 MB). A submitted assessment's answers do not change, and a verifier's change
        re-stores the score, so this is the explanation of the stored figures."""
        from assay.domain.scoring.report import score_json

        from .scoring import score_of

        return score_json(score_of(self.assessment))


class EnabledImpact(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="enabled_impacts")
    start = models.DateField()
    end = models.DateField()
    value = models.FloatField()
    explanation = models.JSONField(default=dict)
    engine = models.CharField(max_length=40)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["actor", "start", "end"], name="unique_enabled_impact")]
        verbose_name = _("enabled impact")
        verbose_name_plural = _("enabled impacts")

    def __str__(self) -> str:
        return f"{self.actor_id} {self.start}–{self.end}: {self.value:.1f}"


class AssessorAssignment(models.Model):
    """The secretariat's assignment of an assessor to one third-party assessment: who, when, why, until when.

    The assessor's standing toward the assessed actor comes from this record alone (DESIGN §5), covers this
    assessment's data only, and ends when the assignment is withdrawn.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments",
                                 verbose_name=_("assessor"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    reason = models.CharField(_("why this assessor"), max_length=500)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawn_reason = models.CharField(_("why withdrawn"), max_length=500, blank=True)
    # The assessor's own declaration about conflicts of interest: until it is made (and says none), the
    # assignment gives no standing; a declared conflict ends the assignment.
    declared_at = models.DateTimeField(_("conflicts declared at"), null=True, blank=True)
    declaration = models.TextField(_("declaration of interests"), blank=True,
                                   validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    class Meta:
        ordering = ["-assigned_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["assessment"], condition=models.Q(withdrawn_at__isnull=True),
                                               name="one_active_assignment")]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")

    def __str__(self) -> str:
        return f"{self.assessor} → {self.assessment}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def in_force(self) -> bool:
        """Active and declared free of conflicts: what gives the assessor standing."""
        return self.withdrawn_at is None and self.declared_at is not None


class RequestStatus(models.TextChoices):
    """What the supplier and the buyer said. In progress, submitted and overdue are read from the assessment
    and the date (`AssessmentRequest.state`), not stored."""

    SENT = "sent", pgettext_lazy("assessment request", "sent")
    ACCEPTED = "accepted", pgettext_lazy("assessment request", "accepted")
    DECLINED = "declined", pgettext_lazy("assessment request", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("assessment request", "withdrawn")


OPEN_REQUEST_STATUSES = (RequestStatus.SENT, RequestStatus.ACCEPTED)


class AssessmentRequest(models.Model):
    """A buyer asks a supplier it sources from for an assessment (a self-assessment, or one the buyer will make as
    second party) by a due date. It grants nobody any standing: the relationship and the assessment do."""

    buyer = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="requests_made", verbose_name=_("buyer"))
    supplier = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="requests_received",
                                 verbose_name=_("supplier"))
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    due = models.DateField(_("due by"))
    message = models.TextField(_("message"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.SENT)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="requests", verbose_name=_("assessment"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_note = models.TextField(_("answer"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["buyer", "supplier", "kind"], condition=models.Q(status__in=["sent", "accepted"]),
            name="one_open_request")]
        verbose_name = _("assessment request")
        verbose_name_plural = _("assessment requests")

    def __str__(self) -> str:
        return f"{self.buyer} → {self.supplier} ({self.kind}, {self.due})"

    def state(self, today: date) -> str:
        """sent, accepted, in progress, submitted, overdue, declined or withdrawn, as of `today`."""
        if self.status in (RequestStatus.DECLINED, RequestStatus.WITHDRAWN):
            return self.status
        a = self.assessment
        if a is not None and a.status != AssessmentStatus.DRAFT:
            return "submitted"
        if self.due < today:
            return "overdue"
        return "in_progress" if a is not None else self.status


REQUEST_STATES = {
    "sent": pgettext_lazy("assessment request", "sent"),
    "accepted": pgettext_lazy("assessment request", "accepted"),
    "in_progress": pgettext_lazy("assessment request", "in progress"),
    "submitted": pgettext_lazy("assessment request", "submitted"),
    "overdue": pgettext_lazy("assessment request", "overdue"),
    "declined": pgettext_lazy("assessment request", "declined"),
    "withdrawn": pgettext_lazy("assessment request", "withdrawn"),
}
