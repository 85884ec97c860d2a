"""Outreach for consultations: partner organisations and contacts, mailing lists with double opt-in, e-mail
templates with merge fields, mailings sent in the background with a record of every delivery, tracked links."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from assay.consultation.models import Round, Sector
from assay.lib import languages
from assay.lib.text import LONG_TEXT_MAX

from .merge import AUDIENCES, FIELDS, TemplateError, check, unknown_fields


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Partner(models.Model):
    """An organisation that carries the consultation to its members (a cooperative union, an NGO, an association)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), unique=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts",
                                verbose_name=_("partner organisation"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class MailingList(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    description = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    open_signup = models.BooleanField(_("anyone may subscribe"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")

    def __str__(self) -> str:
        return self.name


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")


class Subscription(models.Model):
    """A contact on a list. Mail goes only to confirmed subscriptions (double opt-in); the token is the
    one-click unsubscribe key and never changes."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="subscriptions")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(_("status"), max_length=12, choices=SubscriptionStatus.choices,
                              default=SubscriptionStatus.PENDING)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailing_list", "contact"], name="one_subscription")]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")

    def __str__(self) -> str:
        return f"{self.contact} → {self.mailing_list} ({self.status})"


class EmailTemplate(models.Model):
    """Subject and body in en/fr/es with merge fields; each recipient gets the version in their language."""

    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), validators=[MaxLengthValidator(LONG_TEXT_MAX)],
                            help_text=_("Merge fields: {{ partner }}, {{ contact }}, {{ deadline }}, "
                                        "{{ link }} (a tracked link to the round). Parts for one audience: "
                                        "[[partner]]…[[/partner]] only for contacts of a partner organisation, "
                                        "[[subscriber]]…[[/subscriber]] only for subscribers who belong to none, "
                                        "[[package]]…[[/package]] only in a distribution package's cover e-mail "
                                        "(which has the attachments), [[mailing]]…[[/mailing]] only in a "
                                        "mailing."))
    for_packages = models.BooleanField(_("cover e-mail of distribution packages"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        texts = [getattr(self, f"{field}_{lang}", "") or "" for field in ("subject", "body")
                 for lang in languages.content()]
        bad = set().union(*(unknown_fields(t) for t in texts))
        if bad:
            raise ValidationError(_("Unknown merge fields: %(bad)s. Use %(known)s.") % {
                "bad": ", ".join(sorted(bad)), "known": ", ".join(FIELDS)})
        for text in texts:
            try:
                check(text)
            except TemplateError as exc:
                raise ValidationError(part_problem(exc)) from exc


def part_problem(exc: TemplateError) -> str:
    """An audience part's problem in the author's language."""
    tag = f"[[{exc.name}]]"
    if exc.code == "unknown":
        return _("Unknown part %(tag)s. Use %(known)s.") % {
            "tag": tag, "known": ", ".join(f"[[{a}]]" for a in AUDIENCES)}
    if exc.code == "unclosed":
        return _("The part %(tag)s is not closed: end it with %(end)s.") % {"tag": tag, "end": f"[[/{exc.name}]]"}
    return _("%(end)s closes a part that is not open (close the inner part first).") % {"end": f"[[/{exc.name}]]"}


class TrackedLink(models.Model):
    """A link to a round that counts its clicks: one per delivery, and one per partner package and language."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.CASCADE, related_name="links")
    language = models.CharField(max_length=5, default="en")
    # a partner package's link (one per partner, round and language); a delivery's link is the delivery's own
    for_package = models.BooleanField(default=False, editable=False)
    clicks = models.PositiveIntegerField(default=0)
    last_clicked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "partner", "language"],
                                               condition=models.Q(for_package=True), name="one_package_link")]
        verbose_name = _("tracked link")
        verbose_name_plural = _("tracked links")

    def __str__(self) -> str:
        return self.token


class Mailing(models.Model):
    template = models.ForeignKey(EmailTemplate, on_delete=models.PROTECT, related_name="mailings",
                                 verbose_name=_("template"))
    mailing_list = models.ForeignKey(MailingList, on_delete=models.PROTECT, related_name="mailings",
                                     verbose_name=_("mailing list"))
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="+", verbose_name=_("round"))
    base_url = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        return f"{self.template} → {self.mailing_list}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Delivery(models.Model):
    """What went to whom: the exact subject and body, as merged, and what became of it."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="deliveries")
    email = models.EmailField()
    language = models.CharField(max_length=5)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.OneToOneField(TrackedLink, on_delete=models.PROTECT, related_name="delivery")
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.email}: {self.status}"


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail and mailing lists")
    MEETINGS = "meetings", _("meetings and workshops")
    PILOT_SITES = "pilot_sites", _("consultations at mine sites")
    RADIO = "radio", _("community radio")
    MESSAGING = "messaging", _("phone, SMS and messaging groups")
    SOCIAL = "social", _("social media")
    PRINT = "print", _("newsletters and print")
    WEBSITE = "website", _("website")


class OutreachPlan(models.Model):
    """How a partner organisation carries one round to its members: whom it reaches, by which channels, in which
    languages, and how many it expects to reach. Its progress is read from the platform's own records."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="plans",
                                verbose_name=_("partner organisation"))
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", verbose_name=_("round"))
    networks = models.TextField(_("networks and audiences"), blank=True,
                                validators=[MaxLengthValidator(LONG_TEXT_MAX)],
                                help_text=_("The networks, member groups and audiences the partner reaches."))
    audiences = models.JSONField(_("stakeholder groups"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True,
                                 help_text=_("The languages the partner works in, e.g. French, Swahili, Mashi."))
    expected_reach = models.PositiveIntegerField(_("expected reach (people)"), default=0)
    notes = models.TextField(_("notes"), blank=True, validators=[MaxLengthValidator(LONG_TEXT_MAX)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner__name", "-round_id"]
        constraints = [models.UniqueConstraint(fields=["partner", "round"], name="one_plan_per_partner_and_round")]
        verbose_name = _("outreach plan")
        verbose_name_plural = _("outreach plans")

    def __str__(self) -> str:
        return f"{self.partner} · {self.round}"

    def audience_labels(self) -> list[str]:
        names = dict(Sector.choices)
        return [str(names[a]) for a in self.audiences if a in names]

    def channel_labels(self) -> list[str]:
        names = dict(Channel.choices)
        return [str(names[c]) for c in self.channels if c in names]


class ActivityKind(models.TextChoices):
    MAILING = "mailing", _("mailing to members")
    MEETING = "meeting", _("meeting or workshop")
    PILOT_EVENT = "pilot_event", _("consultation at a mine site")
    RADIO = "radio", _("radio broadcast")
    MESSAGING = "messaging", _("messages to groups")
    OTHER = "other", _("other")


class PlanActivity(models.Model):
    """One planned activity of a plan, with its date; done when its date is recorded or its pilot-site event is
    held."""

    plan = models.ForeignKey(OutreachPlan, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("what"), max_length=200)
    planned_on = models.DateField(_("planned for"))
    language = models.CharField(_("language"), max_length=40, blank=True)
    expected_reach = models.PositiveIntegerField(_("expected reach (people)"), default=0)
    event = models.ForeignKey("consultation.PilotEvent", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("pilot-site event"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")

    def __str__(self) -> str:
        return f"{self.planned_on}: {self.title}"
