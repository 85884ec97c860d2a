"""State changes of outreach: each a durable transaction, audited; e-mails and queued work leave only after the
commit. Every public service takes keyword arguments only; `actor` is the user who acts (a contact acts without one).
"""

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.consultation.models import PilotEvent, Round, Sector
from assay.lib.tasks import queue_mail
from assay.lib.text import LONG_TEXT_MAX, NAME_MAX, clean_text, clean_texts

from .merge import empty_fields, merge
from .models import (
    ActivityKind,
    Channel,
    Contact,
    Delivery,
    DeliveryStatus,
    EmailTemplate,
    Mailing,
    MailingList,
    OutreachPlan,
    Partner,
    PlanActivity,
    Subscription,
    SubscriptionStatus,
    TrackedLink,
)

log = logging.getLogger(__name__)
LANGS = {code for code, _name in settings.LANGUAGES}


def link_url(base_url: str, name: str, token: str, language: str) -> str:
    """An absolute link for an e-mail, in the recipient's language."""
    with translation.override(language):
        return base_url + reverse(name, args=[token])


@transaction.atomic(durable=True)
def subscription_request(*, mailing_list: MailingList, name: str, email: str, language: str,
                         base_url: str) -> Subscription:
    """Someone asks to join a list: a pending subscription and a confirmation e-mail (double opt-in). Asking
    again re-sends the confirmation; a confirmed subscription stays as it is (and the page says the same thing
    either way, so the form does not reveal who is subscribed)."""
    if not mailing_list.open_signup:
        raise ValidationError(_("This list is by invitation only."), code="closed")
    name, email = clean_text(name, NAME_MAX), clean_text(email, 254).lower()  # a NUL would break the look-up
    language = language if language in LANGS else "en"
    contact = Contact.objects.filter(email=email).first()
    if contact is None:
        contact = Contact(name=name, email=email, language=language)
        contact.full_clean()
        contact.save()
    subscription, _created = Subscription.objects.get_or_create(mailing_list=mailing_list, contact=contact)
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return subscription
    subscription.status = SubscriptionStatus.PENDING
    subscription.save(update_fields=["status"])
    link = link_url(base_url, "outreach:confirm", subscription.token, language)

    def send() -> None:
        with translation.override(language):
            body = render_to_string("outreach/email_confirm.txt", {"list": mailing_list, "link": link})
            queue_mail(_("Please confirm: %(list)s") % {"list": mailing_list.name}, body, [email])

    transaction.on_commit(send)
    audit_record(None, AuditAction.SUBSCRIPTION_REQUEST, subscription, mailing_list.slug)
    return subscription


@transaction.atomic(durable=True)
def subscription_confirm(*, subscription: Subscription) -> Subscription:
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.CONFIRMED:
        subscription.status = SubscriptionStatus.CONFIRMED
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["status", "confirmed_at"])
        audit_record(None, AuditAction.SUBSCRIPTION_CONFIRM, subscription, subscription.mailing_list.slug)
    return subscription


@transaction.atomic(durable=True)
def subscription_add(*, actor: User, mailing_list: MailingList, contact: Contact) -> Subscription:
    """Staff add a contact who agreed outside the platform (at a forum, on paper): still pending until the
    contact confirms by the link, so the list holds only people who said yes themselves."""
    subscription, created = Subscription.objects.get_or_create(mailing_list=mailing_list, contact=contact)
    if created:
        audit_record(actor, AuditAction.SUBSCRIPTION_ADD, subscription, mailing_list.slug)
    return subscription


@transaction.atomic(durable=True)
def subscription_cancel(*, subscription: Subscription) -> Subscription:
    """One-click unsubscribe: immediate, idempotent, and final until the contact subscribes again."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["status", "unsubscribed_at"])
        audit_record(None, AuditAction.SUBSCRIPTION_CANCEL, subscription, subscription.mailing_list.slug)
    return subscription


def merge_values(*, partner: str, contact: str, round_: Round, link: str, language: str) -> dict[str, str]:
    with translation.override(language):
        deadline = formats.date_format(round_.closes_on, "DATE_FORMAT")
    return {"partner": partner, "contact": contact, "deadline": deadline, "link": link}


def audience(contact: Contact | None, kind: str) -> set[str]:
    """Which audience parts of a template a recipient gets: `kind` is "mailing" or "package"."""
    return {"partner" if contact is None or contact.partner_id else "subscriber", kind}


def template_texts(template: EmailTemplate, language: str) -> tuple[str, str]:
    """Subject and body of `template` in `language` (English where that translation is missing), unmerged."""
    return (getattr(template, f"subject_{language}", "") or template.subject_en,
            getattr(template, f"body_{language}", "") or template.body_en)


def render_template(template: EmailTemplate, language: str, values: dict[str, str],
                    parts: set[str] | None = None) -> tuple[str, str]:
    """Subject and body of `template` in `language`, with the parts for the audience `parts`, merged."""
    subject, body = template_texts(template, language)
    return merge(subject, values, parts).strip(), merge(body, values, parts).strip()


def mailing_merge(*, template: EmailTemplate, subscription: Subscription, round_: Round, base_url: str,
                  token: str) -> tuple[str, str, set[str]]:
    """What one subscriber of a mailing receives (subject, body) and the merge fields it would leave empty."""
    contact = subscription.contact
    values = merge_values(partner=contact.partner.name if contact.partner else "", contact=contact.name,
                          round_=round_, language=contact.language,
                          link=link_url(base_url, "outreach:track", token, contact.language))
    parts = audience(contact, "mailing")
    subject, body = render_template(template, contact.language, values, parts)
    empty = set().union(*(empty_fields(t, values, parts) for t in template_texts(template, contact.language)))
    return subject, body, empty


def mailing_fingerprint(*, template: EmailTemplate, subscriptions: list[Subscription], round_: Round) -> str:
    """What a confirmation confirms: the template's texts, the round and who is on the list. If any of them changes
    between the preview and the confirmation, the confirmation no longer holds."""
    import hashlib

    texts = [getattr(template, f"{f}_{lang}", "") or "" for f in ("subject", "body") for lang in sorted(LANGS)]
    who = sorted(f"{s.pk}:{s.contact.language}:{s.contact.partner_id}" for s in subscriptions)
    digest = hashlib.sha256("\x00".join([str(template.pk), str(round_.pk), *texts, *who]).encode())
    return digest.hexdigest()[:32]


def confirmed_subscriptions(mailing_list: MailingList) -> list[Subscription]:
    return list(mailing_list.subscriptions.filter(status=SubscriptionStatus.CONFIRMED)
                .select_related("contact__partner").order_by("contact__name", "pk"))


@transaction.atomic(durable=True)
def tracked_link(*, round_: Round, language: str, partner: Partner) -> TrackedLink:
    """The partner package's link to the round in one language (one per partner, round and language; the links
    of a mailing's deliveries are each the delivery's own and never this one)."""
    link, created = TrackedLink.objects.get_or_create(round=round_, partner=partner, language=language,
                                                      for_package=True)
    if created:
        audit_record(None, AuditAction.TRACKED_LINK_CREATE, link, partner.name)
    return link


@transaction.atomic(durable=True)
def link_click(*, link: TrackedLink) -> None:
    TrackedLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1, last_clicked_at=timezone.now())


@transaction.atomic(durable=True)
def mailing_create(*, actor: User | None, template: EmailTemplate, mailing_list: MailingList, round_: Round,
                   base_url: str, fingerprint: str | None = None) -> Mailing:
    """Merge the template for every confirmed subscriber, in their language and with the parts for their
    audience, and queue the sending. The record of each delivery is written before anything is sent, so the
    sending can stop and resume at any point. `fingerprint`, from the preview the secretariat confirmed, must
    still match (else nothing is sent); a merge field left empty for any recipient refuses the whole mailing."""
    template.full_clean()
    subscriptions = confirmed_subscriptions(mailing_list)
    if not subscriptions:
        raise ValidationError(_("No one on this list has confirmed their subscription yet."), code="empty")
    if fingerprint is not None and fingerprint != mailing_fingerprint(template=template, subscriptions=subscriptions,
                                                                      round_=round_):
        raise ValidationError(_("The template, the round or the list changed after the preview: look at the preview "
                                "again before sending."), code="changed")
    mailing = Mailing.objects.create(template=template, mailing_list=mailing_list, round=round_,
                                     base_url=base_url, created_by=actor if getattr(actor, "pk", None) else None)
    deliveries, problems = [], []
    for sub in subscriptions:
        contact = sub.contact
        link = TrackedLink.objects.create(round=round_, partner=contact.partner, language=contact.language)
        subject, body, empty = mailing_merge(template=template, subscription=sub, round_=round_, base_url=base_url,
                                             token=link.token)
        if empty:
            problems.append((contact.email, empty))
        deliveries.append(Delivery(mailing=mailing, subscription=sub, email=contact.email, language=contact.language,
                                   subject=subject, body=body, link=link))
    if problems:
        fields = sorted(set().union(*(empty for _email, empty in problems)))
        raise ValidationError(empty_problem(fields, len(problems)), code="empty_field")
    Delivery.objects.bulk_create(deliveries)
    transaction.on_commit(lambda: send_mailing.enqueue(mailing.pk))
    audit_record(actor, AuditAction.MAILING_CREATE, mailing, str(mailing), recipients=len(deliveries))
    return mailing


def empty_problem(fields: list[str], count: int) -> str:
    """Why a template cannot go to some recipients as it is."""
    return _("The template leaves %(fields)s empty for %(n)s recipient(s): put the text that uses it in a part "
             "for their audience (e.g. [[partner]]…[[/partner]]).") % {
        "fields": ", ".join(f"{{{{ {f} }}}}" for f in fields), "n": count}


@task()
def send_mailing(mailing_id: int) -> dict[str, int]:
    """The mailing's background work (django-tasks): `manage.py db_worker` runs it where TASK_BACKEND is the
    database queue; elsewhere it runs at once."""
    return mailing_send(mailing_id)


def mail_footer(unsubscribe: str, language: str) -> str:
    """The end of every mailing's e-mail: the one-click way out."""
    with translation.override(language):
        return "\n\n-- \n" + _("To stop receiving these e-mails: %(link)s") % {"link": unsubscribe}


def mailing_send(mailing_id: int) -> dict[str, int]:
    """Send what is still waiting, one delivery per transaction so progress shows and a crash resumes where it
    stopped. At most the one message in flight at a crash can go twice; none is skipped. Unsubscribing between
    queueing and sending is honoured."""
    mailing = Mailing.objects.get(pk=mailing_id)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    while True:
        with transaction.atomic():
            delivery = (Delivery.objects.select_for_update(skip_locked=True).select_related("subscription")
                        .filter(mailing=mailing, status=DeliveryStatus.PENDING).order_by("id").first())
            if delivery is None:
                break
            if delivery.subscription.status != SubscriptionStatus.CONFIRMED:
                delivery.status, delivery.error = DeliveryStatus.FAILED, "unsubscribed before sending"
                counts["skipped"] += 1
            else:
                unsubscribe = link_url(mailing.base_url, "outreach:unsubscribe", delivery.subscription.token,
                                       delivery.language)
                message = EmailMessage(delivery.subject, delivery.body + mail_footer(unsubscribe, delivery.language),
                                       settings.DEFAULT_FROM_EMAIL,
                                       [delivery.email], headers={
                                           "List-Unsubscribe": f"<{unsubscribe}>",
                                           "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
                try:
                    message.send()
                except Exception as exc:  # an SMTP refusal is recorded on the delivery, and the rest go on
                    log.warning("delivery %s failed: %s", delivery.pk, exc)
                    delivery.status, delivery.error = DeliveryStatus.FAILED, str(exc)[:500]
                    counts["failed"] += 1
                else:
                    delivery.status, delivery.sent_at = DeliveryStatus.SENT, timezone.now()
                    counts["sent"] += 1
            delivery.save(update_fields=["status", "error", "sent_at"])
    with transaction.atomic():
        if not mailing.deliveries.filter(status=DeliveryStatus.PENDING).exists():
            Mailing.objects.filter(pk=mailing.pk, finished_at__isnull=True).update(finished_at=timezone.now())
        audit_record(None, AuditAction.MAILING_SEND, mailing, str(mailing), **counts)
    return counts


# --- Member outreach plans ----------------------------------------------------------------------------------------

MAX_REACH = 10_000_000  # more than this is a typo, not a partner's membership


def _reach(value: int, problems: list[str]) -> int:
    if value < 0 or value > MAX_REACH:
        problems.append(_("The expected reach is a number of people from 0 to %(n)s.") % {"n": f"{MAX_REACH:,}"})
    return value


@transaction.atomic(durable=True)
def plan_save(*, actor: User, partner: Partner, round_: Round, networks: str = "", audiences: list[str] | None = None,
              channels: list[str] | None = None, languages: str = "", expected_reach: int = 0,
              notes: str = "") -> OutreachPlan:
    """Record (or revise) a partner organisation's outreach plan for a round: one per partner and round."""
    texts = clean_texts({"networks": (networks, LONG_TEXT_MAX), "languages": (languages, 200),
                         "notes": (notes, LONG_TEXT_MAX)})
    audiences, channels = list(dict.fromkeys(audiences or [])), list(dict.fromkeys(channels or []))
    problems: list[str] = []
    if set(audiences) - set(Sector.values):
        problems.append(_("Choose stakeholder groups from the list."))
    if set(channels) - set(Channel.values):
        problems.append(_("Choose channels from the list."))
    _reach(expected_reach, problems)
    if problems:
        raise ValidationError(problems)
    plan, created = OutreachPlan.objects.update_or_create(partner=partner, round=round_, defaults={
        **texts, "audiences": audiences, "channels": channels, "expected_reach": expected_reach})
    audit_record(actor, AuditAction.PLAN_SAVE, plan, str(plan)[:200], created=created)
    return plan


@transaction.atomic(durable=True)
def plan_activity_save(*, actor: User, plan: OutreachPlan, kind: str, title: str, planned_on: date,
                       language: str = "", expected_reach: int = 0, event: PilotEvent | None = None,
                       done_on: date | None = None, activity: PlanActivity | None = None) -> PlanActivity:
    """Add a planned activity to a plan, or revise one (`activity`): its date, and when it was done or the
    pilot-site event that held it (an event of the plan's round)."""
    texts = clean_texts({"title": (title, NAME_MAX), "language": (language, 40)})
    problems: list[str] = []
    if kind not in ActivityKind.values:
        problems.append(_("Choose what kind of activity it is."))
    if not texts["title"]:
        problems.append(_("Say what the activity is."))
    if event is not None and event.round_id != plan.round_id:
        problems.append(_("The pilot-site event must belong to the plan's round."))
    if activity is not None and activity.plan_id != plan.pk:
        problems.append(_("This activity belongs to another plan."))
    _reach(expected_reach, problems)
    if problems:
        raise ValidationError(problems)
    row = activity or PlanActivity(plan=plan)
    row.kind, row.title, row.language = kind, texts["title"], texts["language"]
    row.planned_on, row.expected_reach, row.event, row.done_on = planned_on, expected_reach, event, done_on
    row.full_clean()
    row.save()
    audit_record(actor, AuditAction.PLAN_ACTIVITY_SAVE, row, str(row)[:200], plan=plan.pk, created=activity is None)
    return row


@transaction.atomic(durable=True)
def plan_activity_delete(*, actor: User, activity: PlanActivity) -> None:
    """Take an activity off a plan (a plan changes as the partner's work does); the audit keeps what it was."""
    audit_record(actor, AuditAction.PLAN_ACTIVITY_DELETE, activity, str(activity)[:200], plan=activity.plan_id)
    activity.delete()
