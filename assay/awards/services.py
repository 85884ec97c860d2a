"""State changes of awards, each one durable transaction, told who acts, audited: making an award from a frozen
shortlist, seating its jury, a candidate's consent to share with the jury (and its withdrawal), a juror's
declared conflict and private score, the chair's decision, the announcement, and a correction after it."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assay.assessments.assurance import assurance_of
from assay.assessments.permissions import member_role
from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.lib.text import LONG_TEXT_MAX, NAME_MAX, clean_text
from assay.registry.models import MemberRole
from assay.reporting.models import Shortlist
from assay.standards.models import StandardVersion

from .models import (
    SCORE_MAX,
    SHORTLIST_CATEGORY,
    Award,
    AwardCategory,
    Conflict,
    Decision,
    Juror,
    Nomination,
    Score,
)
from .selectors import conflicted, current_decision, seat_of


def _may_manage(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("awards.manage_awards"))


def eligibility_of(version: StandardVersion) -> dict[str, Any]:
    """What made a candidate eligible, from the version's rules and its assurance rules (DESIGN §4 rules 5, 7, 8):
    the assessment kinds that may enter shortlists and count for progress, the interval and the CAHRA multiplier."""
    assurance = assurance_of(version)
    rules = (version.rules or {}).get("rules", {}) or {}
    return {"version": f"{version.standard.slug} {version.label}",
            "shortlists": sorted(assurance.shortlists), "progress": sorted(assurance.progress),
            "min_interval_days": int(rules.get("min_interval_days", 180)),
            "cahra_multiplier": str(rules.get("cahra_multiplier", "1.5")),
            "max_tiers": int(rules.get("max_tiers", 4))}


def _english_name(award: Award) -> str:
    return str(getattr(award, "name_en", "") or award.name)


def _sealed(award: Award) -> None:
    if Award.objects.filter(pk=award.pk, announced_at__isnull=False).exists():
        raise ValidationError(_("This award is announced: nothing of it can change; a correction is a new "
                                "decision."), code="sealed")


@transaction.atomic(durable=True)
def award_create(*, actor: User, shortlist: Shortlist, version: StandardVersion, category: str,
                 names: Mapping[str, str], prizes: Mapping[str, str], descriptions: Mapping[str, str],
                 organisations: Sequence[str], group: str = "") -> Award:
    """Make an award from a frozen shortlist: its candidates are the shortlist's entries (of one group, if given).
    `names`, `prizes` and `descriptions` are by language code (English required; the others of the settings)."""
    if not _may_manage(actor):
        raise PermissionDenied
    languages = [code for code, _name in settings.LANGUAGES]
    problems: dict[str, list[str]] = {}
    if category not in AwardCategory.values:
        problems["category"] = [_("Choose a category.")]
    elif shortlist.category != SHORTLIST_CATEGORY[AwardCategory(category)]:
        problems["shortlist"] = [_("This shortlist ranks another category than the award's.")]
    texts: dict[str, str] = {}
    for field, given, limit in (("name", names, NAME_MAX), ("prize", prizes, 300),
                                ("description", descriptions, LONG_TEXT_MAX)):
        for lang in languages:
            try:
                texts[f"{field}_{lang}"] = clean_text(given.get(lang, ""), limit)
            except ValidationError as exc:
                problems[f"{field}_{lang}"] = exc.messages
        if not texts.get(f"{field}_en"):
            problems[f"{field}_en"] = [_("This is required in English.")]
    orgs = [clean_text(o, NAME_MAX) for o in organisations]
    orgs = list(dict.fromkeys(o for o in orgs if o))
    if not orgs:
        problems["organisations"] = [_("Name at least one awarding organisation.")]
    listed = shortlist.entries.all()
    if group:
        listed = listed.filter(group=group)
    entries = list(listed.select_related("actor"))
    if not entries:
        problems["group"] = [_("The shortlist has no entry to nominate here.")]
    if problems:
        raise ValidationError(problems)
    award = Award.objects.create(
        category=category, shortlist=shortlist, group=group, start=shortlist.start, end=shortlist.end,
        version=version, eligibility=eligibility_of(version), organisations=orgs, created_by=actor, **texts)
    seen: set[int] = set()
    nominations = []
    for entry in entries:
        if entry.actor_id in seen:  # listed in two groups (two minerals): one candidacy
            continue
        seen.add(entry.actor_id)
        nominations.append(Nomination(award=award, entry=entry, actor_id=entry.actor_id, name=entry.actor_name))
    Nomination.objects.bulk_create(nominations)
    audit_record(actor, AuditAction.AWARD_CREATE, award, _english_name(award), shortlist=shortlist.pk,
                 nominations=len(nominations))
    return award


@transaction.atomic(durable=True)
def juror_add(*, actor: User, award: Award, user: User, organisation: str, chair: bool = False) -> Juror:
    """Seat a named member of one of the award's organisations on its jury (one of them the chair). Only the
    secretariat seats jurors: nobody sits on a jury by their own action."""
    if not _may_manage(actor):
        raise PermissionDenied
    _sealed(award)
    if organisation not in award.organisations:
        raise ValidationError({"organisation": [_("A juror belongs to one of the awarding organisations.")]})
    if Juror.objects.filter(award=award, user=user).exists():
        raise ValidationError({"user": [_("%(user)s is on this jury already.") % {"user": user.get_username()}]})
    if chair and Juror.objects.filter(award=award, chair=True).exists():
        raise ValidationError({"chair": [_("This jury has a chair already.")]})
    if Decision.objects.filter(award=award).exists():
        raise ValidationError(_("The jury has decided: it takes no new member."), code="decided")
    try:
        with transaction.atomic():
            juror = Juror.objects.create(award=award, user=user, organisation=organisation, chair=chair,
                                         added_by=actor)
    except IntegrityError:
        raise ValidationError(_("This seat was just taken: reload the page."), code="taken") from None
    audit_record(actor, AuditAction.AWARD_JUROR_ADD, juror, f"{user.get_username()} ({organisation})",
                 award=award.pk, chair=chair)
    return juror


def _admin_of(user: User, nomination: Nomination) -> bool:
    return member_role(user, nomination.actor_id) == MemberRole.ADMIN


@transaction.atomic(durable=True)
def consent_give(*, actor: User, nomination: Nomination) -> Nomination:
    """The candidate shares its network data with the award's jury (its jury pack only; never restricted data).
    The data's owner grants it (DESIGN §5): only an admin of the candidate may."""
    if not _admin_of(actor, nomination):
        raise PermissionDenied
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    _sealed(nomination.award)
    if nomination.consented:
        raise ValidationError(_("Your network data is shared with the jury already."), code="consented")
    nomination.consented_at, nomination.consented_by = timezone.now(), actor
    nomination.save(update_fields=["consented_at", "consented_by"])
    audit_record(actor, AuditAction.AWARD_CONSENT, nomination, f"{nomination.name} → jury of {nomination.award_id}",
                 award=nomination.award_id)
    return nomination


@transaction.atomic(durable=True)
def consent_withdraw(*, actor: User, nomination: Nomination) -> Nomination:
    """Back to public data only: from now on the jury pack shows the candidate's public data alone."""
    if not _admin_of(actor, nomination):
        raise PermissionDenied
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    _sealed(nomination.award)
    if not nomination.consented:
        raise ValidationError(_("The jury sees your public data only already."), code="not_consented")
    nomination.consented_at, nomination.consented_by = None, None
    nomination.save(update_fields=["consented_at", "consented_by"])
    audit_record(actor, AuditAction.AWARD_CONSENT_WITHDRAW, nomination,
                 f"{nomination.name} ↛ jury of {nomination.award_id}", award=nomination.award_id)
    return nomination


def _seat(actor: User, award: Award) -> Juror:
    juror = seat_of(actor, award)
    if juror is None:
        raise PermissionDenied
    return juror


@transaction.atomic(durable=True)
def conflict_declare(*, actor: User, nomination: Nomination, note: str = "") -> Conflict:
    """A juror declares a conflict of interest with one candidate: from now on they neither open its pack nor
    score it, and a score they gave it before no longer counts (it is removed)."""
    award = nomination.award
    juror = _seat(actor, award)
    _sealed(award)
    if conflicted(juror, nomination):
        raise ValidationError(_("You declared this conflict already."), code="declared")
    note = clean_text(note, LONG_TEXT_MAX)
    conflict = Conflict.objects.create(juror=juror, nomination=nomination, note=note)
    dropped = Score.objects.filter(juror=juror, nomination=nomination).delete()[0]
    audit_record(actor, AuditAction.AWARD_CONFLICT_DECLARE, conflict, f"{juror.user.get_username()} × "
                 f"{nomination.name}", award=award.pk, score_removed=bool(dropped))
    return conflict


@transaction.atomic(durable=True)
def score_record(*, actor: User, nomination: Nomination, value: int, comment: str = "") -> Score:
    """A juror's private score (0–10) and comment on a candidate, changeable until the decision. A juror with a
    declared conflict with the candidate may not score it."""
    award = nomination.award
    juror = _seat(actor, award)
    _sealed(award)
    if conflicted(juror, nomination):
        raise PermissionDenied
    if Decision.objects.filter(award=award).exists():
        raise ValidationError(_("The chair has recorded the decision: scores no longer change."), code="decided")
    if not 0 <= value <= SCORE_MAX:
        raise ValidationError({"value": [_("A score is a whole number from 0 to %(max)s.") % {"max": SCORE_MAX}]})
    comment = clean_text(comment, LONG_TEXT_MAX)
    score, created = Score.objects.update_or_create(juror=juror, nomination=nomination,
                                                    defaults={"value": value, "comment": comment})
    audit_record(actor, AuditAction.AWARD_SCORE, score, f"{juror.user.get_username()} × {nomination.name}",
                 award=award.pk, changed=not created)  # the value stays private: the trail says who and when
    return score


def _chair_or_secretariat(actor: User, award: Award) -> None:
    juror = seat_of(actor, award)
    if not (juror is not None and juror.chair) and not _may_manage(actor):
        raise PermissionDenied


def _winner(award: Award, winner: Nomination, rationale: str, actor: User) -> str:
    if winner.award_id != award.pk:
        raise ValidationError({"winner": [_("The winner is one of this award's candidates.")]})
    if conflicted(seat_of(actor, award), winner):  # who may not score a candidate may not crown it either
        raise ValidationError({"winner": [_(
            "You declared a conflict of interest with this candidate: you cannot choose it as the winner.")]})
    rationale = clean_text(rationale, LONG_TEXT_MAX)
    if not rationale:
        raise ValidationError({"rationale": [_("Say why the jury chose this candidate.")]})
    return rationale


@transaction.atomic(durable=True)
def decision_record(*, actor: User, award: Award, winner: Nomination, rationale: str) -> Decision:
    """The chair records the jury's decision, with its rationale (once: it is announced as recorded)."""
    juror = seat_of(actor, award)
    if juror is None or not juror.chair:
        raise PermissionDenied
    Award.objects.select_for_update().filter(pk=award.pk).first()
    _sealed(award)
    if Decision.objects.filter(award=award).exists():
        raise ValidationError(_("The decision is recorded already."), code="decided")
    rationale = _winner(award, winner, rationale, actor)
    decision = Decision.objects.create(award=award, winner=winner, rationale=rationale, decided_by=actor)
    audit_record(actor, AuditAction.AWARD_DECIDE, decision, f"{award.pk}: {winner.name}", award=award.pk,
                 winner=winner.actor_id)
    return decision


@transaction.atomic(durable=True)
def award_announce(*, actor: User, award: Award) -> Award:
    """Make the decision public: the announcement page and the certificates open, and the award is sealed."""
    _chair_or_secretariat(actor, award)
    award = Award.objects.select_for_update().get(pk=award.pk)
    _sealed(award)
    decision = current_decision(award)
    if decision is None:
        raise ValidationError(_("There is no decision to announce yet."), code="undecided")
    now = timezone.now()
    decision.announced_at = now
    decision.save(update_fields=["announced_at"])
    award.announced_at, award.announced_by = now, actor
    award.save(update_fields=["announced_at", "announced_by"])
    audit_record(actor, AuditAction.AWARD_ANNOUNCE, award, f"{_english_name(award)}: {decision.winner.name}",
                 decision=decision.pk)
    return award


@transaction.atomic(durable=True)
def decision_correct(*, actor: User, award: Award, winner: Nomination, rationale: str) -> Decision:
    """After the announcement, a correction: a new decision, public at once, naming the one it corrects (which
    stays as it was, marked corrected)."""
    _chair_or_secretariat(actor, award)
    Award.objects.select_for_update().filter(pk=award.pk).first()
    if not Award.objects.filter(pk=award.pk, announced_at__isnull=False).exists():
        raise ValidationError(_("Only an announced decision is corrected; before that, the chair decides."),
                              code="not_announced")
    previous = current_decision(award)
    rationale = _winner(award, winner, rationale, actor)
    decision = Decision.objects.create(award=award, winner=winner, rationale=rationale, decided_by=actor,
                                       announced_at=timezone.now(), corrects=previous)
    audit_record(actor, AuditAction.AWARD_CORRECT, decision, f"{award.pk}: {winner.name}", award=award.pk,
                 corrects=previous.pk if previous else None, winner=winner.actor_id)
    return decision
