"""Public consultation on a draft version: rounds, the questions they ask, respondents and their comments."""

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from django_countries.fields import CountryField

from assay.lib.text import COMMENT_MAX, LONG_TEXT_MAX
from assay.standards.models import Criterion, StandardVersion
from assay.standards.translation_status import TranslatedContent


class Sector(models.TextChoices):
    ASM = "asm", _("ASM producers")
    TRADE = "trade", _("traders and exporters")
    REFINING = "refining", _("refiners")
    BRANDS = "brands", _("manufacturers and brands")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    GOVERNMENT = "government", _("government")
    FINANCE = "finance", _("finance")
    RESEARCH = "research", _("research")
    OTHER = "other", _("other")


class RoundKind(models.TextChoices):
    PUBLIC = "public", _("public consultation")
    OUTLINE = "outline", _("outline review (invited reviewers)")


class Round(models.Model):
    version = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="consultation_rounds")
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices, default=RoundKind.PUBLIC)
    number = models.PositiveSmallIntegerField(_("round number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what this round asks"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    announced_on = models.DateField(_("announced on"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    short_notice_reason = models.TextField(
        _("why the round is shorter than the minimum"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)],
        help_text=_("Required when a first round is shorter than 60 days, or a later one than 30."),
    )
    languages = models.JSONField(_("languages"), default=list)
    synthesised = models.BooleanField(_("synopsis published"), default=False)
    # The later milestones of the timeline (DESIGN §6): optional, as they are often fixed after the round opens.
    synopsis_due_on = models.DateField(_("synopsis due on"), null=True, blank=True)
    workshop_on = models.DateField(_("forum workshop on"), null=True, blank=True,
                                   help_text=_("The side session where the feedback is presented and discussed."))
    workshop_place = models.CharField(_("forum workshop place"), max_length=200, blank=True)
    next_draft_on = models.DateField(_("next draft expected on"), null=True, blank=True)
    # Grows with every change of the round or its questions (database triggers: structure_triggers.py), so the
    # per-process cache of the round's structure (structure.py) knows when it is stale.
    structure_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")

    def __str__(self) -> str:
        return self.title

    def status(self, today: date | None = None) -> str:
        today = today or date.today()
        if self.synthesised:
            return "synthesised"
        if today < self.opens_on:
            return "announced"
        return "open" if today <= self.closes_on else "closed"

    def get_status_display(self) -> str:
        return str(dict(ROUND_STATUSES)[self.status()])

    @property
    def minimum_days(self) -> int:
        return 60 if self.number == 1 else 30

    def timeline_problems(self) -> list[str]:
        """What is wrong with the later milestones: each comes after the round closes (the synopsis and the
        workshop report on its comments, the next draft answers them), and the next draft after the synopsis."""
        problems = []
        for value, message in ((self.synopsis_due_on, _("The synopsis is due after the round closes.")),
                               (self.workshop_on, _("The forum workshop is held after the round closes.")),
                               (self.next_draft_on, _("The next draft is expected after the round closes."))):
            if value is not None and self.closes_on is not None and value <= self.closes_on:
                problems.append(str(message))
        if self.synopsis_due_on and self.next_draft_on and self.next_draft_on < self.synopsis_due_on:
            problems.append(str(_("The next draft is expected after the synopsis.")))
        if self.workshop_place and not self.workshop_on:
            problems.append(str(_("Give the forum workshop's date with its place.")))
        return problems

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if problems := self.timeline_problems():
            raise ValidationError(problems)


ROUND_STATUSES = (("announced", pgettext_lazy("round status", "announced")),
                  ("open", pgettext_lazy("round status", "open")),
                  ("closed", pgettext_lazy("round status", "closed")),
                  ("synthesised", pgettext_lazy("round status", "synthesised")))


class AnswerType(models.TextChoices):
    TEXT = "text", _("free text")
    YES_NO = "yes_no", _("yes or no, with a comment")
    SCALE = "scale", _("a scale from 1 to 5, with a comment")
    SINGLE = "single", _("one choice")
    MULTIPLE = "multiple", _("several choices")


class Question(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("question"), validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    sectors = models.JSONField(_("aimed at sectors"), default=list, blank=True,
                               help_text=_("Empty: every sector."))
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices,
                                   default=AnswerType.TEXT)
    choices = models.TextField(_("choices, one per line"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]

    def choice_list(self) -> list[str]:
        """The choices as the active language words them (for reading; answers store `choice_values`)."""
        return [label for _value, label in self.choice_options()]

    def choice_values(self) -> list[str]:
        """What an answer stores: the English wording of each choice, the same whatever language it was given
        in, so that tallies across languages agree."""
        return [value for value, _label in self.choice_options()]

    def choice_options(self) -> list[tuple[str, str]]:
        """(stored value, label in the active language); a translation with another number of choices cannot be
        matched line by line, so the English wording is shown instead."""
        english = _lines(getattr(self, "choices_en", None) or self.choices)
        active = _lines(self.choices)
        same = len(active) == len(english)
        return [(value, active[i] if same else value) for i, value in enumerate(english)]

    def answer_label(self, value: str) -> str:
        """A stored answer as the active language words it."""
        if self.answer_type == AnswerType.YES_NO:
            return str({"yes": _("yes"), "no": _("no")}.get(value, value))
        if self.answer_type in (AnswerType.SINGLE, AnswerType.MULTIPLE):
            labels = dict(self.choice_options())
            return "\n".join(labels.get(v, v) for v in value.split("\n") if v)
        return value

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(s, s)) for s in self.sectors]

    def aimed_at(self, sector: str) -> bool:
        return not self.sectors or sector in self.sectors


def _lines(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").splitlines() if c.strip()]


class Consent(models.TextChoices):
    NAMED = "named", _("publish with my name")
    ANONYMOUS = "anonymous", _("publish anonymously")
    PRIVATE = "private", _("do not publish")


class Withdrawal(models.TextChoices):
    """Someone told us, from the receipt's link, that they did not send a response."""

    PENDING = "pending", _("withdrawn, pending review")
    CONFIRMED = "confirmed", _("withdrawal confirmed")
    REINSTATED = "reinstated", _("reinstated after review")


WITHHELD = (Withdrawal.PENDING, Withdrawal.CONFIRMED)  # not published while under review, nor after confirmation


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Response(models.Model):
    """One respondent's contribution to one round; a draft until submitted, resumable by its private link."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)  # blank only for answers collected at a pilot site
    email_verified_at = models.DateTimeField(null=True, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    country = CountryField(_("country"))
    language = models.CharField(_("language"), max_length=5, default="en")
    consent = models.CharField(_("publication"), max_length=10, choices=Consent.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    client_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    event = models.ForeignKey("PilotEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="responses",
                              verbose_name=_("pilot-site event"))
    # the outreach link the respondent came by (a tracked link's token), so a partner's reach can be counted
    referral = models.CharField(_("came by the link"), max_length=64, blank=True, editable=False)
    # A keyed hash of the submitting browser (user agent) and address, never the address itself: identical ones
    # across responses flag a possibly scripted campaign for the secretariat.
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    withdrawal = models.CharField(_("withdrawal"), max_length=10, choices=Withdrawal.choices, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.sector} ({self.get_consent_display()})"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def confirmed(self) -> bool:
        """Whether its author is known to own the address given; only then are its comments published."""
        return self.email_verified_at is not None or self.event_id is not None


# Where a visitor's session keeps the outreach link they came by: {"round": round id, "token": the link's token}.
REFERRAL_SESSION_KEY = "referral"


def confirmed_q(prefix: str = "") -> models.Q:
    """Responses whose author confirmed their e-mail address, or that a pilot-site event collected (the
    facilitator vouches for them): the only ones published or counted (`prefix` e.g. "response__")."""
    return models.Q(**{f"{prefix}email_verified_at__isnull": False}) | models.Q(**{f"{prefix}event__isnull": False})


class Comment(models.Model):
    """An answer to a question, a comment on a clause (criterion), or a general comment. Never deleted."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="comments")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="comments")
    criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX)])
    # New wording the respondent proposes for the clause, in the response's language (an amendment).
    proposed_wording = models.TextField(_("proposed wording"), blank=True,
                                        validators=[MaxLengthValidator(COMMENT_MAX)])
    value = models.CharField(_("answer"), max_length=200, blank=True)
    hidden_reason = models.TextField(_("why hidden"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], condition=models.Q(
            question__isnull=False), name="one_answer_per_question")]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return (self.text or self.value)[:80]

    def value_label(self) -> str:
        """The answer in the active language (the stored value is language-independent)."""
        return self.question.answer_label(self.value) if self.question is not None and self.value else self.value

    def public_text(self) -> str:
        """The text as it may be published: each redacted passage replaced by "[redacted: reason]" in the
        active language. The original is kept, never published. Uses prefetched `redactions` where given."""
        ranges = sorted((r.start, r.end, r.get_reason_display()) for r in self.redactions.all())
        out, at = [], 0
        for start, end, reason in ranges:
            if end <= at:  # inside a passage already redacted
                continue
            start = max(start, at)
            out.append(self.text[at:start])
            out.append(pgettext("redacted passage", "[redacted: %(reason)s]") % {"reason": reason})
            at = end
        out.append(self.text[at:])
        return "".join(out)


class NearDuplicate(models.Model):
    """Which near-duplicate group (a campaign's copies, assay.domain.dedup) a submitted comment is in: grouped as
    comments arrive (the task after each submission), so pages read the groups instead of regrouping the round. The
    grouping runs over every submitted comment's stored text, hidden, withdrawn or private ones too; pages show
    only the members they may. A comment without a row is not grouped yet and shows on its own."""

    comment = models.OneToOneField(Comment, primary_key=True, on_delete=models.CASCADE,
                                   related_name="near_duplicate")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    group = models.BigIntegerField()  # the id of one comment of the group (changes when a new text joins groups)
    # For the grouper's saved state: the digest of the normalised text where this comment was the first with it,
    # and the MinHash signature where it is one of its group's representatives.
    digest = models.BinaryField(max_length=16, null=True, blank=True)
    signature = models.BinaryField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["round", "group"], name="near_duplicate_round_group")]
        verbose_name = _("near-duplicate group")
        verbose_name_plural = _("near-duplicate groups")

    def __str__(self) -> str:
        return f"{self.comment_id} ∈ {self.group}"


class RedactionReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("personal data")
    DEFAMATION = "defamation", _("defamation")
    SAFETY = "safety", _("a risk to someone's safety")


class Redaction(models.Model):
    """A passage of a comment that the secretariat withholds from publication, with its reason. The comment's
    text keeps the original; published text shows "[redacted: reason]" in its place."""

    comment = models.ForeignKey(Comment, on_delete=models.PROTECT, related_name="redactions")
    start = models.PositiveIntegerField(_("from character"))
    end = models.PositiveIntegerField(_("to character"))
    reason = models.CharField(_("reason"), max_length=20, choices=RedactionReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["comment", "start"]
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.start}–{self.end} ({self.reason})"


class DispositionChoice(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    PARTLY = "partly", _("partly accepted")
    NOT_ACCEPTED = "not_accepted", _("not accepted")
    NOTED = "noted", _("noted")
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")


class Disposition(TranslatedContent):
    """The committee's decision on a comment, with its response and the clause it led to changing. The response
    (and the wording accepted from a proposal) exist in en, fr and es like the standard's own texts, each
    translation current, outdated or missing."""

    translated_fields = ("response", "wording")

    comment = models.OneToOneField(Comment, on_delete=models.PROTECT, related_name="disposition")
    decision = models.CharField(_("decision"), max_length=14, choices=DispositionChoice.choices)
    response = models.TextField(_("response"), validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    # The wording the committee accepts from the comment's proposal (as proposed, or as it partly accepts it):
    # what goes into the next draft's requirement.
    wording = models.TextField(_("accepted wording"), blank=True, validators=[MaxLengthValidator(COMMENT_MAX)])
    changed_criterion = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.SET_NULL,
                                          related_name="+", verbose_name=_("clause changed"))
    decided_at = models.DateTimeField(auto_now=True)

    objects: models.Manager["Disposition"] = models.Manager()

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.decision}"


class Invitation(models.Model):
    """An invited reviewer of an outline-review round: the link in their e-mail is their way in."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    response = models.OneToOneField(Response, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.name} ({self.round_id})"


class Gender(models.TextChoices):
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    NOT_STATED = "not_stated", _("not stated")


class PilotEvent(models.Model):
    """A consultation meeting at a pilot mine site; the answers collected there (on paper or with ODK/Kobo)
    are entered or imported as responses attributed to the event."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="events")
    site = models.ForeignKey("registry.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("site"))
    place = models.CharField(_("place"), max_length=200, help_text=_("Where the meeting was held."))
    held_on = models.DateField(_("held on"))
    facilitator = models.CharField(_("facilitating organisation"), max_length=200)
    language = models.CharField(_("language"), max_length=40, help_text=_("The language the meeting was held in."))
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    # The accounts that may send this event's answers from ODK Collect (the OpenRosa endpoints): assigned by the
    # secretariat only (event_facilitator_link), never by the facilitator.
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_events",
                                          verbose_name=_("facilitator accounts"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("pilot-site event")
        verbose_name_plural = _("pilot-site events")

    def __str__(self) -> str:
        return f"{self.place}, {self.held_on}"


class Attendance(models.Model):
    """How many took part, by sector and gender (counts only: no names are needed)."""

    event = models.ForeignKey(PilotEvent, on_delete=models.CASCADE, related_name="attendance")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "sector", "gender"], name="one_count_per_group")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.sector}/{self.gender}: {self.count}"


class DraftEdit(models.Model):
    """Accepted wording written into a draft version's criterion: where its text came from (the comment and its
    disposition), what it was and what it became, per language."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("criterion"))
    disposition = models.ForeignKey(Disposition, on_delete=models.PROTECT, related_name="draft_edits",
                                    verbose_name=_("disposition"))
    before = models.JSONField(_("text before"), default=dict)  # language → requirement text
    after = models.JSONField(_("text after"), default=dict)
    applied_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion", "applied_at", "id"]
        constraints = [models.UniqueConstraint(fields=["criterion", "disposition"], name="one_edit_per_draft")]
        verbose_name = _("draft edit from a comment")
        verbose_name_plural = _("draft edits from comments")

    def __str__(self) -> str:
        return f"{self.criterion_id} ← {self.disposition_id}"
