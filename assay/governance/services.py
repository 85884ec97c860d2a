"""State changes of the standard body's record: each a durable transaction, audited; notifications leave after the
commit. Every public service takes keyword arguments only; `actor` is the user who acts.

Recording a meeting takes its attendance, minutes items, action items and decisions at once, so that a refused
part (an attendee who is not a member, an action item without an owner, a decision without a rationale) leaves
nothing half-written; the single-purpose services share the same private helpers.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.consultation.models import Disposition, Round, Sector
from assay.lib.text import LONG_TEXT_MAX, NAME_MAX, clean_text
from assay.notifications.kinds import Kind as Notice
from assay.notifications.services import notify
from assay.outreach.models import OutreachPlan
from assay.registry.models import Actor
from assay.standards.models import Criterion, StandardVersion, slug_validator
from assay.standards.translation_status import SOURCE, TARGETS

from .models import (
    ActionItem,
    ActionStatus,
    Attendance,
    Body,
    BodyKind,
    Decision,
    DecisionLink,
    LinkKind,
    Meeting,
    MeetingItem,
    MeetingStatus,
    Member,
    MemberRole,
    OutcomeKind,
)

REMIND_DAYS_AHEAD = 7
LANGS = (SOURCE, *TARGETS)


def _texts(values: dict[str, str] | str | None, max_length: int) -> dict[str, str]:
    """Per-language texts (a plain string is English), cleaned; unknown languages refused."""
    if values is None:
        return {}
    if isinstance(values, str):
        values = {SOURCE: values}
    if set(values) - set(LANGS):
        raise ValidationError(_("Unknown language."), code="bad_language")
    return {lang: clean_text(text, max_length) for lang, text in values.items()}


def _set_texts(obj: object, name: str, texts: dict[str, str]) -> None:
    # Each language by its own column: the plain attribute would write the language of the page that called.
    for lang in LANGS:
        setattr(obj, f"{name}_{lang}", texts.get(lang, ""))


@transaction.atomic(durable=True)
def body_create(*, actor: User | None, slug: str, kind: str, name: dict[str, str] | str,
                remit: dict[str, str] | str | None = None) -> Body:
    """A committee or group of the standard-setter."""
    names = _texts(name, NAME_MAX)
    if not names.get(SOURCE):
        raise ValidationError(_("Give the body's name in English."), code="no_name")
    if kind not in BodyKind.values:
        raise ValidationError(_("Choose the kind of body."), code="bad_kind")
    if Body.objects.filter(slug=slug).exists():
        raise ValidationError(_("A body with this address already exists."), code="duplicate_slug")
    slug_validator(slug)
    body = Body(slug=slug, kind=kind)
    _set_texts(body, "name", names)
    _set_texts(body, "remit", _texts(remit, LONG_TEXT_MAX))
    body.save()
    audit_record(actor, AuditAction.BODY_CREATE, body, body.name_en or "")
    return body


@transaction.atomic(durable=True)
def member_add(*, actor: User | None, body: Body, user: User, role: str, term_start: date, sector: str,
               term_end: date | None = None, interests: str = "", organisation: Actor | None = None) -> Member:
    """Seat `user` on `body` for a term, with the sector they speak for and their declared interests."""
    if role not in MemberRole.values:
        raise ValidationError(_("Choose the member's role."), code="bad_role")
    if sector not in Sector.values:
        raise ValidationError(_("Choose the member's sector."), code="bad_sector")
    if term_end is not None and term_end < term_start:
        raise ValidationError(_("A term ends after it starts."), code="bad_term")
    member = Member.objects.create(body=body, user=user, role=role, term_start=term_start, term_end=term_end,
                                   sector=sector, interests=clean_text(interests, LONG_TEXT_MAX),
                                   organisation=organisation)
    audit_record(actor, AuditAction.MEMBER_ADD, member, f"{body.slug}: {user.get_username()} ({role})")
    return member


@dataclass
class ItemInput:
    title: dict[str, str] | str
    notes: dict[str, str] | str = ""
    public: bool = False


@dataclass
class ActionInput:
    title: str
    owner: User | None
    due_on: date | None
    round: Round | None = None
    version: StandardVersion | None = None
    plan: OutreachPlan | None = None


@dataclass
class LinkInput:
    kind: str
    disposition: Disposition | None = None
    criterion_key: str = ""
    from_version: StandardVersion | None = None
    to_version: StandardVersion | None = None
    round: Round | None = None
    parameter: str = ""
    value: str = ""


@dataclass
class DecisionInput:
    title: dict[str, str] | str
    rationale: dict[str, str] | str
    outcome: str
    options: str = ""
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    links: Sequence[LinkInput] = field(default_factory=list)


def _attendance_set(meeting: Meeting, users: Iterable[User]) -> list[Member]:
    """Who attended: only members of the meeting's body whose term covers its date."""
    users = list({u.pk: u for u in users}.values())
    seats = {m.user_id: m for m in Member.objects.filter(body=meeting.body, user__in=users).select_related("user")
             if m.serves_on(meeting.held_on)}
    strangers = [u for u in users if u.pk not in seats]
    if strangers:
        raise ValidationError(
            _("%(names)s did not serve on %(body)s on %(date)s; only its members attend its meetings.") % {
                "names": ", ".join(u.get_full_name() or u.get_username() for u in strangers),
                "body": meeting.body.name, "date": meeting.held_on.isoformat()}, code="not_a_member")
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create([Attendance(meeting=meeting, member=m) for m in seats.values()])
    return list(seats.values())


def _action_add(meeting: Meeting, item: ActionInput) -> ActionItem:
    title = clean_text(item.title, 300)
    if not title:
        raise ValidationError(_("Say what the action item asks."), code="no_title")
    if item.owner is None:
        raise ValidationError(_("An action item needs an owner."), code="no_owner")
    if item.due_on is None:
        raise ValidationError(_("An action item needs a due date."), code="no_due_date")
    return ActionItem.objects.create(meeting=meeting, title=title, owner=item.owner, due_on=item.due_on,
                                     round=item.round, version=item.version, plan=item.plan)


def _link_check(link: LinkInput) -> DecisionLink:
    if link.kind == LinkKind.DISPOSITION:
        if link.disposition is None:
            raise ValidationError(_("Name the disposition the decision takes."), code="no_disposition")
        return DecisionLink(kind=link.kind, disposition=link.disposition)
    if link.kind == LinkKind.CRITERION:
        if not link.criterion_key or link.from_version is None or link.to_version is None:
            raise ValidationError(_("Name the criterion and the two versions it changes between."),
                                  code="no_criterion")
        if link.from_version.standard_id != link.to_version.standard_id or link.from_version == link.to_version:
            raise ValidationError(_("A criterion changes between two versions of the same standard."),
                                  code="bad_versions")
        if not Criterion.objects.filter(version__in=[link.from_version, link.to_version],
                                        key=link.criterion_key).exists():
            raise ValidationError(_("Neither version has criterion %(key)s.") % {"key": link.criterion_key},
                                  code="no_criterion")
        return DecisionLink(kind=link.kind, criterion_key=link.criterion_key, from_version=link.from_version,
                            to_version=link.to_version)
    if link.kind in (LinkKind.ROUND_OPEN, LinkKind.ROUND_CLOSE):
        if link.round is None:
            raise ValidationError(_("Name the consultation round."), code="no_round")
        return DecisionLink(kind=link.kind, round=link.round)
    if link.kind == LinkKind.PARAMETER:
        parameter, value = clean_text(link.parameter, 80), clean_text(link.value, 200)
        if not parameter or not value:
            raise ValidationError(_("Give the rule parameter and its value."), code="no_parameter")
        return DecisionLink(kind=link.kind, parameter=parameter, value=value)
    raise ValidationError(_("Choose what the decision decides."), code="bad_link")


def _decision_add(user: User | None, body: Body, meeting: Meeting | None, d: DecisionInput,
                  reverses: Decision | None = None) -> Decision:
    titles, rationales = _texts(d.title, 300), _texts(d.rationale, LONG_TEXT_MAX)
    if not titles.get(SOURCE):
        raise ValidationError(_("Say what was decided."), code="no_title")
    if not rationales.get(SOURCE):
        raise ValidationError(_("A decision needs its rationale: why the body decided so."), code="no_rationale")
    if d.outcome not in OutcomeKind.values:
        raise ValidationError(_("Say whether the decision was voted or taken by consensus."), code="bad_outcome")
    votes = (d.votes_for, d.votes_against, d.abstentions)
    if d.outcome == OutcomeKind.VOTE:
        if any(v is None or v < 0 for v in votes) or not sum(v or 0 for v in votes):
            raise ValidationError(_("Give the votes for, against and abstentions."), code="no_votes")
    elif any(v for v in votes):
        raise ValidationError(_("A decision by consensus has no vote counts."), code="consensus_votes")
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError(_("The meeting is not one of this body's."), code="bad_meeting")
    links = [_link_check(link) for link in d.links]
    decision = Decision(body=body, meeting=meeting, options=clean_text(d.options, LONG_TEXT_MAX),
                        outcome=d.outcome, reverses=reverses, recorded_at=timezone.now(), recorded_by=user,
                        **({"votes_for": d.votes_for, "votes_against": d.votes_against,
                            "abstentions": d.abstentions} if d.outcome == OutcomeKind.VOTE else {}))
    _set_texts(decision, "title", titles)
    _set_texts(decision, "rationale", rationales)
    decision.save()
    for link in links:
        link.decision = decision
        link.save()
    return decision


@transaction.atomic(durable=True)
def meeting_record(*, actor: User | None, body: Body, held_on: date, place: str = "", call_link: str = "",
                   agenda: dict[str, str] | str | None = None, minutes: dict[str, str] | str | None = None,
                   attendees: Iterable[User] = (), items: Sequence[ItemInput] = (),
                   actions: Sequence[ActionInput] = (), decisions: Sequence[DecisionInput] = (),
                   status: str = MeetingStatus.RECORDED) -> Meeting:
    """Record a meeting of `body` with its attendance, minutes items (each published or internal), action items
    and decisions, all or nothing."""
    if status not in MeetingStatus.values:
        raise ValidationError(_("Choose the meeting's status."), code="bad_status")
    meeting = Meeting(body=body, held_on=held_on, place=clean_text(place, 200), call_link=call_link.strip(),
                      status=status, recorded_by=actor)
    _set_texts(meeting, "agenda", _texts(agenda, LONG_TEXT_MAX))
    _set_texts(meeting, "minutes", _texts(minutes, LONG_TEXT_MAX))
    if meeting.call_link:
        URLValidator(message=_("Give the call link as a full address (https://…)."))(meeting.call_link)
    meeting.save()
    present = _attendance_set(meeting, attendees)
    for order, item in enumerate(items, start=1):
        titles = _texts(item.title, 200)
        if not titles.get(SOURCE):
            raise ValidationError(_("Every minutes item has a title in English."), code="no_item_title")
        row = MeetingItem(meeting=meeting, order=order, public=item.public)
        _set_texts(row, "title", titles)
        _set_texts(row, "notes", _texts(item.notes, LONG_TEXT_MAX))
        row.save()
    made = [_action_add(meeting, a) for a in actions]
    taken = [_decision_add(actor, body, meeting, d) for d in decisions]
    audit_record(actor, AuditAction.MEETING_RECORD, meeting, f"{body.slug} {held_on.isoformat()}",
                 attendees=len(present), items=len(items), actions=[a.pk for a in made],
                 decisions=[d.pk for d in taken])
    return meeting


@transaction.atomic(durable=True)
def attendance_set(*, actor: User | None, meeting: Meeting, attendees: Iterable[User]) -> list[Member]:
    """Replace a meeting's attendance; every attendee must serve on its body on its date."""
    present = _attendance_set(meeting, attendees)
    audit_record(actor, AuditAction.MEETING_ATTENDANCE_SET, meeting, f"{len(present)} attended",
                 members=[m.pk for m in present])
    return present


@transaction.atomic(durable=True)
def action_item_add(*, actor: User | None, meeting: Meeting, title: str, owner: User | None, due_on: date | None,
                    round_: Round | None = None, version: StandardVersion | None = None,
                    plan: OutreachPlan | None = None) -> ActionItem:
    """An action item from a meeting, with its owner (required), due date and what it concerns."""
    item = _action_add(meeting, ActionInput(title, owner, due_on, round_, version, plan))
    audit_record(actor, AuditAction.ACTION_ITEM_ADD, item, item.title[:200], owner=item.owner_id,
                 due=item.due_on.isoformat())
    return item


@transaction.atomic(durable=True)
def action_item_update(*, actor: User | None, item: ActionItem, status: str | None = None,
                       due_on: date | None = None) -> ActionItem:
    """Mark an action item done or dropped (or open again), or move its due date."""
    if status is not None and status not in ActionStatus.values:
        raise ValidationError(_("Choose the action item's status."), code="bad_status")
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = status or item.status
    item.due_on = due_on or item.due_on
    item.save(update_fields=["status", "due_on", "updated_at"])
    audit_record(actor, AuditAction.ACTION_ITEM_UPDATE, item, item.status, due=item.due_on.isoformat())
    return item


@transaction.atomic(durable=True)
def decision_record(*, actor: User | None, body: Body, decision: DecisionInput,
                    meeting: Meeting | None = None) -> Decision:
    """Record a decision of `body` (at `meeting`, or by correspondence) with what it decides; immutable after."""
    made = _decision_add(actor, body, meeting, decision)
    audit_record(actor, AuditAction.DECISION_RECORD, made, made.title_en or "",
                 links=[link.kind for link in made.links.all()])
    return made


@transaction.atomic(durable=True)
def decision_reverse(*, actor: User | None, reversed_decision: Decision, decision: DecisionInput,
                     meeting: Meeting | None = None) -> Decision:
    """A new decision that reverses a recorded one (which stays as it was, marked reversed)."""
    if Decision.objects.filter(reverses=reversed_decision).exists():
        raise ValidationError(_("This decision has already been reversed."), code="already_reversed")
    made = _decision_add(actor, reversed_decision.body, meeting, decision, reverses=reversed_decision)
    audit_record(actor, AuditAction.DECISION_REVERSE, made, made.title_en or "", reverses=reversed_decision.pk)
    return made


@dataclass
class Reminded:
    due_soon: int = 0
    overdue: int = 0


def action_reminders_send(today: date | None = None, days_ahead: int = REMIND_DAYS_AHEAD) -> Reminded:
    """Tell each open action item's owner when it falls due within `days_ahead` days and once it is overdue. Each
    reminder is keyed by the item and its due date, so it reaches its owner once however often this runs."""
    today = today or timezone.localdate()
    told = Reminded()
    open_items = ActionItem.objects.filter(status=ActionStatus.OPEN).select_related("owner", "meeting__body")
    for item in open_items.filter(due_on__lte=today + timedelta(days=days_ahead)).iterator():
        late = item.due_on < today
        kind, prefix = (Notice.ACTION_ITEM_OVERDUE, "action-overdue") if late else (Notice.ACTION_ITEM_DUE,
                                                                                     "action-due")
        with transaction.atomic():
            sent = notify([item.owner], kind, f"{prefix}:{item.pk}:{item.due_on.isoformat()}",
                          reverse("governance:meeting", args=[item.meeting_id]),
                          body=item.meeting.body.name_en or "", date=item.meeting.held_on.isoformat(),
                          due=item.due_on.isoformat())
        if late:
            told.overdue += len(sent)
        else:
            told.due_soon += len(sent)
    return told
