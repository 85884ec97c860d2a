"""Reads about one person: who they are (an account, e-mail addresses, or both) and every record Assay holds about
them, as the tables of their access export. Only their own records: rows about others are never joined in."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from assay.accounts.models import ApiToken, ApiTokenUse
from assay.assessments.models import AssessorAssignment
from assay.audit.models import AuditRecord
from assay.awards.models import Juror
from assay.consultation.models import Comment, Invitation, PilotEvent, Response
from assay.disclosure.models import RestrictedRead
from assay.notifications.models import Notification, Preference
from assay.outreach.models import Contact, Delivery, Subscription
from assay.registry.models import Membership

from .register import ACTED_FIELDS


@dataclass
class Person:
    """Whom a request is about: an account, e-mail addresses (a respondent or a contact without an account), or
    both. The account's own address always counts as one of theirs."""

    user: User | None = None
    emails: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.user is not None and self.user.email:
            self.emails.add(self.user.email)
        self.emails = {e.strip().lower() for e in self.emails if e and e.strip()}

    def email_q(self, lookup: str) -> Q:
        """Rows whose `lookup` field is one of the person's addresses (any case); none if they have none."""
        q = Q(pk__in=[])
        for email in self.emails:
            q |= Q(**{f"{lookup}__iexact": email})
        return q


def person_find(*, username: str = "", email: str = "") -> Person:
    """The person a secretariat's form names: an account by its user name, an e-mail address, or both."""
    username, email = username.strip(), email.strip()
    if not username and not email:
        raise ValidationError(_("Give a user name, an e-mail address, or both."))
    user = None
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise ValidationError({"username": _("No account has this user name.")})
    elif email:
        user = User.objects.filter(email__iexact=email).first()
    return Person(user=user, emails={email} if email else set())


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _responses(person: Person):
    return Response.objects.filter(person.email_q("email")).select_related("round")


def person_records(person: Person) -> list[Section]:
    """Every kind of record about the person, one table each (empty tables included: the export says so)."""
    u = person.user
    # Without an account no row may match: a lookup on user = None would hand over the records whose user was
    # deleted (they keep user = NULL). No row has the id -1.
    uid: int = u.pk if u is not None else -1
    out: list[Section] = []

    def add(key: str, title: str, header: list[str], rows: Any) -> None:
        out.append(Section(key, title, header, [[_iso(v) for v in row] for row in rows]))

    add("account", _("Account"), ["user name", "first name", "last name", "e-mail", "joined", "last sign-in",
                                  "active", "roles"],
        [[u.username, u.first_name, u.last_name, u.email, u.date_joined, u.last_login, u.is_active,
          ", ".join(sorted(u.groups.values_list("name", flat=True)))]] if u else [])
    add("memberships", _("Memberships"), ["organisation", "role"],
        Membership.objects.filter(user_id=uid).select_related("actor").values_list("actor__name", "role"))
    tokens = ApiToken.objects.filter(user_id=uid)
    add("api_tokens", _("API tokens (their secrets are never kept)"),
        ["name", "scope", "created", "valid until", "revoked", "last used"],
        tokens.values_list("name", "scope", "created_at", "expires_on", "revoked_at", "last_used_at"))
    add("api_token_uses", _("Uses of your API tokens"), ["at", "token", "method", "page or endpoint"],
        ApiTokenUse.objects.filter(token__user_id=uid).values_list("at", "token__name", "method", "surface"))
    add("notifications", _("Notifications"), ["kind", "about", "link", "at", "read", "e-mailed"],
        [[n.kind, json.dumps(n.params, ensure_ascii=False), n.url, n.created_at, n.read_at, n.emailed_at]
         for n in Notification.objects.filter(user_id=uid)])
    add("notification_choices", _("Notification choices"), ["language", "kinds not e-mailed"],
        [[p.language, ", ".join(p.muted)] for p in Preference.objects.filter(user_id=uid)])
    responses = list(_responses(person))
    add("responses", _("Consultation responses"),
        ["response", "round", "name", "e-mail", "organisation", "sector", "country", "language", "publication",
         "started", "submitted", "e-mail confirmed", "withdrawal"],
        [[r.pk, r.round.title, r.name, r.email, r.organisation, r.sector, str(r.country), r.language, r.consent,
          r.created_at, r.submitted_at, r.email_verified_at, r.withdrawal] for r in responses])
    comments = (Comment.objects.filter(response__in=[r.pk for r in responses])
                .select_related("question", "criterion", "disposition"))
    add("comments", _("Consultation comments"),
        ["response", "question", "clause", "comment", "proposed wording", "answer", "hidden", "decision",
         "committee's response"],
        [[c.response_id, c.question.text if c.question else "", c.criterion.code if c.criterion else "", c.text,
          c.proposed_wording, c.value, c.hidden_at,
          getattr(getattr(c, "disposition", None), "decision", ""),
          getattr(getattr(c, "disposition", None), "response", "")] for c in comments])
    add("invitations", _("Invitations to review"), ["round", "name", "e-mail", "invited"],
        Invitation.objects.filter(person.email_q("email")).values_list("round__title", "name", "email",
                                                                       "created_at"))
    contacts = Contact.objects.filter(person.email_q("email"))
    add("contacts", _("Contacts"), ["name", "e-mail", "organisation", "language", "added"],
        contacts.values_list("name", "email", "partner__name", "language", "created_at"))
    add("subscriptions", _("Subscriptions"), ["list", "status", "requested", "confirmed", "unsubscribed"],
        Subscription.objects.filter(contact__in=contacts).values_list(
            "mailing_list__name", "status", "requested_at", "confirmed_at", "unsubscribed_at"))
    add("deliveries", _("Mailings sent to you"), ["mailing", "e-mail", "subject", "status", "sent"],
        Delivery.objects.filter(person.email_q("email")).values_list("mailing_id", "email", "subject", "status",
                                                                     "sent_at"))
    add("assessor_assignments", _("Assessor assignments"),
        ["assessment", "organisation assessed", "assigned", "why", "declared", "declaration", "withdrawn",
         "why withdrawn"],
        AssessorAssignment.objects.filter(assessor_id=uid).values_list(
            "assessment_id", "assessment__actor__name", "assigned_at", "reason", "declared_at", "declaration",
            "withdrawn_at", "withdrawn_reason"))
    add("facilitated_events", _("Pilot-site events you may send answers for"), ["place", "held on"],
        PilotEvent.objects.filter(facilitators__id=uid).values_list("place", "held_on"))
    add("jury_seats", _("Award juries"), ["award", "organisation", "chair"],
        Juror.objects.filter(user_id=uid).values_list("award__name", "organisation", "chair"))
    add("restricted_reads", _("Your reads of restricted data"), ["at", "organisation", "data", "page or endpoint"],
        RestrictedRead.objects.filter(user_id=uid).values_list("at", "actor__name", "kind", "surface"))
    acted = []
    if u is not None:
        for path in (*ACTED_FIELDS, "assessments.Assessment.assessor"):
            app_label, model_name, field_name = path.split(".")
            model = apps.get_model(app_label, model_name)
            for pk in model._default_manager.filter(**{f"{field_name}_id": uid}).values_list("pk", flat=True):
                acted.append([model._meta.label_lower, pk, field_name])
    add("records_acted_on", _("Records naming your account as the one who acted"), ["record", "number", "as"],
        acted)
    add("audit", _("Audit entries about you or made by you"), ["at", "action", "record", "number", "you were",
                                                                "summary"],
        _audit_rows(person, u.pk if u is not None else None, responses, contacts, tokens))
    return out


def _audit_rows(person: Person, uid: int | None, responses: list, contacts: Any, tokens: Any) -> list[list[Any]]:
    """Audit entries where the person acted or whose object is theirs. Where they acted on someone else's
    object, the summary (which may name that object) is left out: only what and when."""
    subjects = Q(pk__in=[])
    theirs = {
        "auth.user": [uid] if uid is not None else [],
        "consultation.response": [r.pk for r in responses],
        "outreach.contact": list(contacts.values_list("pk", flat=True)),
        "outreach.subscription": list(Subscription.objects.filter(contact__in=contacts).values_list("pk", flat=True)),
        "registry.membership": list(Membership.objects.filter(user_id=uid).values_list("pk", flat=True)),
        "accounts.apitoken": list(tokens.values_list("pk", flat=True)),
        "assessments.assessorassignment": list(AssessorAssignment.objects.filter(assessor_id=uid)
                                               .values_list("pk", flat=True)),
    }
    for object_type, pks in theirs.items():
        if pks:
            subjects |= Q(object_type=object_type, object_id__in=[str(pk) for pk in pks])
    about = set(AuditRecord.objects.filter(subjects).values_list("pk", flat=True))
    rows = []
    for r in AuditRecord.objects.filter(subjects | Q(user_id=uid) if uid is not None else subjects):
        role = "subject" if r.pk in about else "actor"
        if r.pk in about and r.user_id == uid and uid is not None:
            role = "actor and subject"
        rows.append([r.at, r.action, r.object_type, r.object_id, role, r.summary if r.pk in about else ""])
    return rows
