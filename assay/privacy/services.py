"""What the secretariat does with personal data: answer an access request, erase a person, apply the retention
periods. Each is one audited, durable service; none writes a person's name or e-mail address into its own record."""

import io
import json
import re
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.fields import TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assay.accounts.models import ApiToken, ApiTokenUse
from assay.accounts.roles import is_secretariat
from assay.audit.models import AuditAction, AuditRecord
from assay.audit.services import audit_record
from assay.consultation.models import Comment, Consent, Invitation, PilotEvent, Response, new_token
from assay.lib.models import StoredDocument
from assay.lib.text import clean_text
from assay.notifications.models import Notification, Preference
from assay.outreach.models import Contact, Delivery, Subscription, SubscriptionStatus
from assay.registry.models import MemberRole, Membership

from .models import PrivacyRequest, RequestKind
from .register import retention_days
from .selectors import Person, person_records

ANONYMOUS_RESPONDENT = "anonymous respondent"  # stored data, like a name: the pages translate the consent instead
ERASED_DOMAIN = "erased.invalid"  # RFC 2606: an address that can never receive mail
REASON_MAX = 1000


def _deleted(queryset: Any) -> int:
    """Delete the rows; how many of the queryset's own model went (not the rows cascaded with them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)


def _check_secretariat(actor: User | None) -> None:
    if actor is None or not is_secretariat(actor):
        raise PermissionDenied


# --- access ---------------------------------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def access_export(*, actor: User, person: Person) -> bytes:
    """The answer to the person's access request: one ZIP holding `records.json` and `records.xlsx` (a sheet per
    kind of record), with every record Assay holds about them and none about anyone else. Audited by counts."""
    _check_secretariat(actor)
    sections = person_records(person)
    counts = {s.key: len(s.rows) for s in sections}
    request = PrivacyRequest.objects.create(kind=RequestKind.ACCESS, handled_by=actor,
                                            subject_user_id=person.user.pk if person.user else None, counts=counts)
    audit_record(actor, AuditAction.PRIVACY_ACCESS_EXPORT, request, f"{sum(counts.values())} records",
                 counts=counts)
    return _zip(sections, request)


def _zip(sections: list, request: PrivacyRequest) -> bytes:
    from openpyxl import Workbook

    from assay.lib.exports import cells

    book = Workbook(write_only=True)
    for s in sections:
        sheet = book.create_sheet(s.key[:31])
        sheet.append(cells(s.header))
        for row in s.rows:
            sheet.append(cells(row))
    workbook = io.BytesIO()
    book.save(workbook)
    document = {"exported_at": request.at.isoformat(), "request": request.pk,
                "records": {s.key: {"title": s.title, "rows": [dict(zip(s.header, row, strict=True))
                                                               for row in s.rows]} for s in sections}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("records.json", json.dumps(document, ensure_ascii=False, indent=1, default=str))
        archive.writestr("records.xlsx", workbook.getvalue())
    return out.getvalue()


# --- erasure --------------------------------------------------------------------------------------------------------

def _last_admin_of(user: User) -> list[str]:
    """The organisations of which the user is the only admin member."""
    admin_of = Membership.objects.filter(user=user, role=MemberRole.ADMIN).values_list("actor_id", flat=True)
    alone = (Membership.objects.filter(actor_id__in=list(admin_of), role=MemberRole.ADMIN).values("actor_id")
             .annotate(n=Count("pk")).filter(n=1).values_list("actor_id", flat=True))
    return sorted(Membership.objects.filter(user=user, actor_id__in=list(alone)).values_list("actor__name",
                                                                                          flat=True))


def _scrubber(identities: list[str], placeholder: str):
    """Replace each identity (a full name, a user name or an address, any case, as a whole word) in a text by the
    placeholder. Identities shorter than three characters would hit ordinary words and are left alone."""
    kept = sorted({i.strip() for i in identities if len(i.strip()) >= 3}, key=len, reverse=True)
    if not kept:
        return lambda text: text, []
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(i) for i in kept) + r")(?!\w)", re.IGNORECASE)
    return (lambda text: pattern.sub(placeholder, text) if text else text), kept


@transaction.atomic(durable=True)
def person_erase(*, actor: User, person: Person, reason: str) -> PrivacyRequest:
    """Remove or pseudonymise the person's identity everywhere, keeping what the public record needs: their
    responses and comments stay and are counted, as "anonymous respondent"; a comment's text stays only if they
    consented to its publication. Their account is deactivated with its name, address and password gone, tokens
    revoked, memberships, subscriptions, notifications and authenticators removed; their name and address are
    replaced in the audit trail. Refused, with nothing changed, for the last admin of an organisation."""
    _check_secretariat(actor)
    reason = clean_text(reason, REASON_MAX).strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person is erased (e.g. their request and its date).")})
    user = person.user
    if user is not None and user.pk == actor.pk:
        raise ValidationError(_("You cannot erase your own account; ask another member of the secretariat."))
    if user is not None and (alone := _last_admin_of(user)):
        raise ValidationError(ngettext(
            "This person is the last admin of %(actors)s: make another member its admin first.",
            "This person is the last admin of %(actors)s: make another member their admin first.",
            len(alone)) % {"actors": ", ".join(alone)})
    responses = list(Response.objects.filter(person.email_q("email")))
    contacts = list(Contact.objects.filter(person.email_q("email")))
    invitations = list(Invitation.objects.filter(person.email_q("email")))
    if user is None and not (responses or contacts or invitations):
        raise ValidationError(_("Assay holds nothing under this e-mail address."))

    label = _erased_label(user)
    identities = sorted(person.emails | {r.name for r in responses} | {c.name for c in contacts}
                        | {i.name for i in invitations})
    if user is not None:
        identities += [user.username, user.get_full_name()]  # a first name alone is an ordinary word
    scrub, kept = _scrubber(identities, label)
    scrub_text, _kept = _scrubber(identities, ANONYMOUS_RESPONDENT)
    counts: dict[str, int] = {}
    now = timezone.now()

    for r in responses:
        if r.consent == Consent.NAMED:
            r.consent = Consent.ANONYMOUS  # published, without their name
        for c in Comment.objects.filter(response=r):
            if r.consent == Consent.PRIVATE:
                c.text, c.proposed_wording = "", ""
            else:
                c.text, c.proposed_wording = scrub_text(c.text), scrub_text(c.proposed_wording)
            c.save(update_fields=["text", "proposed_wording"])
        r.name, r.organisation, r.fingerprint = ANONYMOUS_RESPONDENT, "", ""
        r.email = f"erased-response-{r.pk}@{ERASED_DOMAIN}"
        r.token = new_token()  # the private link stops working
        r.client_key = None  # chosen by the respondent's device: it may spell anything
        r.save(update_fields=["name", "organisation", "fingerprint", "email", "token", "client_key", "consent"])
    counts["responses"] = len(responses)
    for i in invitations:
        i.name, i.email, i.token = ANONYMOUS_RESPONDENT, f"erased-invitation-{i.pk}@{ERASED_DOMAIN}", new_token()
        i.save(update_fields=["name", "email", "token"])
    counts["invitations"] = len(invitations)
    subscriptions = Subscription.objects.filter(contact__in=contacts)
    kept_subscriptions = subscriptions.filter(deliveries__isnull=False).distinct()
    counts["subscriptions_removed"] = _deleted(subscriptions.exclude(pk__in=kept_subscriptions))
    # those mailings went out: their deliveries stay counted, the subscription ends and no longer reaches them
    kept_subscriptions.update(status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=now)
    for s in kept_subscriptions:
        s.token = new_token()
        s.save(update_fields=["token"])
    for d in Delivery.objects.filter(Q(subscription__contact__in=contacts) | person.email_q("email")):
        d.email, d.subject, d.body = f"erased-delivery-{d.pk}@{ERASED_DOMAIN}", scrub(d.subject), scrub(d.body)
        d.save(update_fields=["email", "subject", "body"])
    for c in contacts:
        c.name, c.email = label, f"erased-contact-{c.pk}@{ERASED_DOMAIN}"
        c.save(update_fields=["name", "email"])
    counts["contacts"] = len(contacts)

    if user is not None:
        counts.update(_erase_account(user, label, now))
    counts["audit_entries"] = _scrub_audit(kept, scrub)
    # stored PDFs of synopses that quoted them are rendered again from the pseudonymised data
    rounds = {r.round_id for r in responses}
    StoredDocument.objects.filter(kind__startswith="synopsis", object_id__in=rounds).delete()

    request = PrivacyRequest.objects.create(kind=RequestKind.ERASURE, handled_by=actor, reason=scrub(reason),
                                            subject_user_id=user.pk if user else None, counts=counts)
    audit_record(actor, AuditAction.PRIVACY_ERASE, request, f"{sum(counts.values())} records", counts=counts)
    return request


def _erased_label(user: User | None) -> str:
    return f"erased user {user.pk}" if user is not None else ANONYMOUS_RESPONDENT


def _erase_account(user: User, label: str, now: Any) -> dict[str, int]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    counts = {"memberships": _deleted(Membership.objects.filter(user=user)),
              "tokens_revoked": ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now),
              "notifications": _deleted(Notification.objects.filter(user=user))}
    Preference.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    for log in (AccessAttempt, AccessFailureLog, AccessLog):
        log.objects.filter(username__iexact=user.username).delete()
    for event in PilotEvent.objects.filter(facilitators=user):
        event.facilitators.remove(user)
    # the same account number, so that what it did stays attributed to one (now anonymous) account
    user.username = f"erased-user-{user.pk}"
    user.first_name, user.last_name = "", ""
    user.email = f"erased-user-{user.pk}@{ERASED_DOMAIN}"
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()  # also ends their sessions: the session's hash no longer matches
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return counts


def _scrub_audit(identities: list[str], scrub: Any) -> int:
    """Replace the person's name and addresses in the audit trail and the admin's history."""
    if not identities:
        return 0
    escaped = [json.dumps(i)[1:-1] for i in identities]  # how a JSON text may spell them (é as \\u00e9)
    summary_q, details_q, log_q = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
    for i in identities:
        summary_q |= Q(summary__icontains=i)
        log_q |= Q(object_repr__icontains=i) | Q(change_message__icontains=i)
    for e in {*identities, *escaped}:
        details_q |= Q(details_text__icontains=e)
    changed = 0
    records = AuditRecord.objects.annotate(details_text=Cast("details", TextField())).filter(summary_q | details_q)
    for record in records:
        record.summary = scrub(record.summary)
        record.details = json.loads(scrub(json.dumps(record.details, ensure_ascii=False)))
        record.save(update_fields=["summary", "details"])
        changed += 1
    for entry in LogEntry.objects.filter(log_q):
        entry.object_repr, entry.change_message = scrub(entry.object_repr), scrub(entry.change_message)
        entry.save(update_fields=["object_repr", "change_message"])
        changed += 1
    return changed


# --- retention ------------------------------------------------------------------------------------------------------

@transaction.atomic(durable=True)
def retention_apply(*, actor: User | None, today: date | None = None) -> PrivacyRequest:
    """Delete what is older than its retention period (assay.privacy.register): sign-ups never confirmed,
    consultation responses whose e-mail was never confirmed (and that nobody disposed of, redacted or is
    reviewing), notifications, and the log of API token use. The run is audited with its counts."""
    now = timezone.now() if today is None else timezone.make_aware(datetime.combine(today, time.min))
    days = retention_days()

    def before(key: str) -> Any:
        return now - timedelta(days=days[key])

    counts = {}
    counts["unconfirmed_subscriptions"] = _deleted(Subscription.objects.filter(
        status=SubscriptionStatus.PENDING, requested_at__lt=before("unconfirmed_subscriptions"),
        deliveries__isnull=True))
    stale = (Response.objects.filter(email_verified_at__isnull=True, event__isnull=True, withdrawal="",
                                     created_at__lt=before("unverified_responses"))
             .exclude(comments__disposition__isnull=False).exclude(comments__redactions__isnull=False)
             .values_list("pk", flat=True))
    stale_ids = list(stale.distinct())
    Invitation.objects.filter(response_id__in=stale_ids).update(response=None)
    Comment.objects.filter(response_id__in=stale_ids).delete()
    counts["unverified_responses"] = _deleted(Response.objects.filter(pk__in=stale_ids))
    counts["notifications"] = _deleted(Notification.objects.filter(created_at__lt=before("notifications")))
    counts["token_uses"] = _deleted(ApiTokenUse.objects.filter(at__lt=before("token_uses")))
    run = PrivacyRequest.objects.create(kind=RequestKind.RETENTION, handled_by=actor, counts=counts)
    audit_record(actor, AuditAction.PRIVACY_RETENTION_APPLY, run, f"{sum(counts.values())} deleted", counts=counts,
                 days=days)
    return run
