"""The standard body's record: its committees and groups, their members, meetings, action items and decisions.

A decision is immutable once recorded (as a published version is): the models refuse to change or delete it, and
a reversal is a new decision that names the one it reverses.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from assay.consultation.models import Disposition, Round, Sector
from assay.lib.text import LONG_TEXT_MAX
from assay.outreach.models import OutreachPlan
from assay.registry.models import Actor
from assay.standards.models import StandardVersion, slug_validator
from assay.standards.translation_status import TranslatedContent


class BodyKind(models.TextChoices):
    COMMITTEE = "committee", _("standards committee")
    ADVISORY = "advisory", _("advisory group")
    WORKING = "working", _("working group")


class Body(TranslatedContent):
    """A committee or group of the standard-setter."""

    translated_fields = ("name", "remit")

    slug = models.SlugField(_("slug"), unique=True, validators=[slug_validator])
    kind = models.CharField(_("kind"), max_length=12, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    remit = models.TextField(_("remit"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["Body"] = models.Manager()

    class Meta:
        ordering = ["kind", "slug"]
        verbose_name = _("committee or group")
        verbose_name_plural = _("committees and groups")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")
    SECRETARY = "secretary", _("secretary")


class Member(models.Model):
    """A person's seat on a body for a term, with the sector they speak for and their declared interests."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="members", verbose_name=_("body"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_seats",
                             verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    interests = models.TextField(_("declared interests"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    organisation = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("organisation"))

    class Meta:
        ordering = ["body", "role", "user__last_name", "user__username", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return f"{self.display_name()} ({self.get_role_display()})"

    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def serves_on(self, day: date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    RECORDED = "recorded", _("recorded")


class Meeting(TranslatedContent):
    translated_fields = ("agenda", "minutes")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    call_link = models.URLField(_("call link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    minutes = models.TextField(_("minutes"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.RECORDED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["Meeting"] = models.Manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.body} {self.held_on}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="attendance")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="governance_one_attendance")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.member_id}"


class MeetingItem(TranslatedContent):
    """One item of a meeting's minutes; published, or kept internal to the body and the secretariat."""

    translated_fields = ("title", "notes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    public = models.BooleanField(_("published"), default=False)

    objects: models.Manager["MeetingItem"] = models.Manager()

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("minutes item")
        verbose_name_plural = _("minutes items")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_actions",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("consultation round"))
    version = models.ForeignKey(StandardVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name=_("version"))
    plan = models.ForeignKey(OutreachPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("outreach plan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.title


class OutcomeKind(models.TextChoices):
    VOTE = "vote", _("vote")
    CONSENSUS = "consensus", _("consensus")


class DecisionRecorded(ValidationError):
    """Raised on any attempt to change or delete a recorded decision."""

    def __init__(self) -> None:
        super().__init__(_("A recorded decision cannot be changed; record a new decision that reverses it."),
                         code="decision_immutable")


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise DecisionRecorded()

    def delete(self):
        raise DecisionRecorded()


class Decision(TranslatedContent):
    translated_fields = ("title", "rationale")

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("body"))
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name=_("meeting"))
    title = models.CharField(_("decision"), max_length=300)
    options = models.TextField(_("options considered"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    rationale = models.TextField(_("rationale"), validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    outcome = models.CharField(_("outcome"), max_length=10, choices=OutcomeKind.choices)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("reverses"))
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("recorded by"))

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DecisionRecorded()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionRecorded()


class LinkKind(models.TextChoices):
    DISPOSITION = "disposition", _("disposition of a comment")
    CRITERION = "criterion", _("change of a criterion between two versions")
    ROUND_OPEN = "round_open", _("opening of a consultation round")
    ROUND_CLOSE = "round_close", _("closing of a consultation round")
    PARAMETER = "parameter", _("rule parameter")


class DecisionLink(models.Model):
    """What a decision decides; written with the decision and, like it, never changed."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="links")
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)
    disposition = models.ForeignKey(Disposition, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("disposition"))
    criterion_key = models.CharField(_("criterion key"), max_length=80, blank=True)
    from_version = models.ForeignKey(StandardVersion, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("from version"))
    to_version = models.ForeignKey(StandardVersion, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("to version"))
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("consultation round"))
    parameter = models.CharField(_("parameter"), max_length=80, blank=True)
    value = models.CharField(_("value"), max_length=200, blank=True)

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("what a decision decides")
        verbose_name_plural = _("what decisions decide")

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.kind}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DecisionRecorded()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionRecorded()
