"""State changes of assessments: each a durable transaction, told who acts, audited; bad input changes nothing.

Every public service takes keyword arguments only: `actor` is the user who acts, `organisation` the actor assessed.
A service that needs another's work (starting with an assessor, saving a module's form) calls that one's private
helper, never the public service, which would refuse to run inside another transaction.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import filetype
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assay.accounts.roles import ASSESSORS_GROUP, SECRETARIAT_GROUP, is_secretariat
from assay.audit.models import AuditAction
from assay.audit.services import audit_record
from assay.disclosure import access
from assay.domain.scoring.engine import answer_problem
from assay.lib.api import EARLIEST, LATEST
from assay.lib.text import LONG_TEXT_MAX, clean_text
from assay.notifications.kinds import Kind as Notice
from assay.notifications.services import notify
from assay.registry.models import Actor, Mineral, Site
from assay.standards.models import Criterion, Kind, StandardVersion, VersionStatus

from . import permissions, scoring
from .models import (
    OPEN_REQUEST_STATUSES,
    Answer,
    Assessment,
    AssessmentKind,
    AssessmentRequest,
    AssessmentStatus,
    AssessorAssignment,
    Commitment,
    CommitmentStatus,
    Evidence,
    EvidenceReview,
    RequestStatus,
)

# Evidence: PDF, images and office documents, recognised by their content, not their name.
ALLOWED_EVIDENCE = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/webp": ("webp",),
    "image/gif": ("gif",),
    "image/heic": ("heic",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ("pptx",),
    "application/vnd.oasis.opendocument.text": ("odt",),
    "application/vnd.oasis.opendocument.spreadsheet": ("ods",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
}


def _refuse_locked(assessment: Assessment) -> None:
    if assessment.is_locked:
        raise ValidationError(
            _("This assessment was submitted and can no longer change; start a correction instead."),
            code="locked",
        )


def _minerals_in_scope(organisation: Actor, minerals: Sequence[str] | None) -> list[str]:
    """The minerals an assessment of `organisation` covers: those named, which must be the actor's own, or else
    all of the actor's (an actor that lists none is assessed on every criterion)."""
    own = list(organisation.minerals or [])
    if minerals is None:
        return own
    chosen = list(dict.fromkeys(minerals))
    names = dict(Mineral.choices)
    foreign = [m for m in chosen if m not in own]
    if foreign:
        raise ValidationError(
            _("%(actor)s does not produce or trade %(minerals)s: an assessment covers some or all of the actor's "
              "own minerals (%(own)s).")
            % {"actor": organisation.name, "minerals": ", ".join(str(names.get(m, m)) for m in foreign),
               "own": ", ".join(str(names.get(m, m)) for m in own) or "—"},
            code="minerals_not_the_actors")
    if own and not chosen:
        raise ValidationError(_("Choose at least one mineral the assessment covers."), code="no_minerals")
    return chosen


@transaction.atomic(durable=True)
def assessment_start(*, actor: User, organisation: Actor, version: StandardVersion, kind: str, on: date,
                     site: Site | None = None, assessing_actor: Actor | None = None,
                     assessor: User | None = None, reason: str = "",
                     minerals: Sequence[str] | None = None) -> Assessment:
    """Start a draft assessment (see `_start`)."""
    return _start(actor, organisation, version, kind, on, site, assessing_actor, assessor, reason, minerals)


def _start(actor: User, organisation: Actor, version: StandardVersion, kind: str, on: date,
           site: Site | None = None, assessing_actor: Actor | None = None,
           assessor: User | None = None, reason: str = "",
           minerals: Sequence[str] | None = None) -> Assessment:
    """Start a draft assessment of `organisation` against a published version.

    A second-party assessment needs a buyer (`assessing_actor`) that sources from `organisation` on `on`; a
    third-party one is started by the secretariat, and `assessor`, if given, is assigned at once (as by
    `assessor_assign`, with `reason`). Starting an assessment gives nobody a standing: only the relationship or the
    assignment does. `minerals` are those in scope, some or all of the actor's own (by default all of them).
    """
    if not EARLIEST <= on <= LATEST:  # scoring compares dates: a year 1 overflows, and is a typo
        raise ValidationError(_("Enter an assessment date between %(first)s and %(last)s.")
                              % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()}, code="bad_date")
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Assessments use a published version of the standard; %(version)s is not published.")
                              % {"version": version}, code="version_not_published")
    if kind not in AssessmentKind.values:
        raise ValidationError(_("Unknown kind of assessment."), code="bad_kind")
    if site is not None and site.actor_id != organisation.pk:
        raise ValidationError(_("That site belongs to another actor."), code="bad_site")
    if kind == AssessmentKind.SECOND_PARTY and assessing_actor is None:
        raise ValidationError(_("A second-party assessment names the buyer who assesses."), code="no_buyer")
    if kind != AssessmentKind.SECOND_PARTY:
        assessing_actor = None
    minerals = _minerals_in_scope(organisation, minerals)
    if kind != AssessmentKind.THIRD_PARTY and assessor is not None:
        raise ValidationError(_("Only a third-party assessment has an assigned assessor."), code="no_assessor_here")
    if not permissions.can_start(actor, organisation.pk, kind, assessing_actor.pk if assessing_actor else None, on):
        if (kind == AssessmentKind.SECOND_PARTY and assessing_actor is not None
                and permissions.member_role(actor, assessing_actor.pk) in permissions.WRITERS):
            # Said only to the buyer's own editors: it is a fact about their own organisation.
            raise ValidationError(
                _("%(buyer)s has no active sourcing relationship with %(actor)s on %(date)s: a second-party "
                  "assessment is made by a buyer of the actor.")
                % {"buyer": assessing_actor.name, "actor": organisation.name,
                   "date": on.isoformat()}, code="no_relationship")
        raise PermissionDenied
    assessment = Assessment.objects.create(
        actor=organisation, version=version, kind=kind, date=on, site=site, assessing_actor=assessing_actor,
        minerals=minerals, created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor, AuditAction.ASSESSMENT_START, assessment, str(assessment), version=version.pk, kind=kind)
    if assessor is not None:
        _assign(actor, assessment, assessor, reason or _("Assigned when the assessment was started."))
    return assessment


def _can_assess(candidate: Any, assessment: Assessment) -> str | None:
    """Why `candidate` may not be this assessment's assessor, or None."""
    if not getattr(candidate, "is_active", False) or not candidate.groups.filter(name=ASSESSORS_GROUP).exists():
        return _("%(user)s is not an accredited assessor.") % {"user": candidate}
    if permissions.member_role(candidate, assessment.actor_id) is not None:
        return _("%(user)s is a member of the assessed actor and cannot assess it.") % {"user": candidate}
    trading = access.related_actors(assessment.actor_id) & set(
        candidate.memberships.values_list("actor_id", flat=True))
    if trading:
        return (_("%(user)s is a member of %(org)s, which has a relationship with the assessed actor, and cannot "
                  "assess it.") % {"user": candidate,
                                   "org": Actor.objects.get(pk=min(trading)).name})
    return None


@transaction.atomic(durable=True)
def assessor_assign(*, actor: User, assessment: Assessment, assessor: User, reason: str) -> AssessorAssignment:
    """The secretariat assigns `assessor` to a third-party assessment (replacing any current assignment).

    The assignment is the assessor's only standing toward the actor, and covers this assessment's data only.
    """
    return _assign(actor, assessment, assessor, reason)


def _assign(user: User, assessment: Assessment, assessor: User, reason: str) -> AssessorAssignment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not is_secretariat(user):
        raise PermissionDenied
    if assessment.kind != AssessmentKind.THIRD_PARTY:
        raise ValidationError(_("Only a third-party assessment has an assigned assessor."), code="no_assessor_here")
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED):
        raise ValidationError(_("A reviewed assessment keeps the assessor who reviewed it."), code="reviewed")
    reason = clean_text(reason, 500)
    if not reason:
        raise ValidationError({"reason": [_("Say why this assessor is assigned.")]}, code="no_reason")
    problem = _can_assess(assessor, assessment)
    if problem:
        raise ValidationError({"assessor": [problem]}, code="not_an_assessor")
    current = assessment.assignments.filter(withdrawn_at__isnull=True).first()
    if current is not None:
        _withdraw(user, current, _("Replaced by %(user)s.") % {"user": assessor})
    assignment = AssessorAssignment.objects.create(assessment=assessment, assessor=assessor, reason=reason[:500],
                                                   assigned_by=user if user.is_authenticated else None)
    assessment.assessor = assessor
    assessment.save(update_fields=["assessor"])
    audit_record(user, AuditAction.ASSESSOR_ASSIGN, assessment, str(assessor), assessor=assessor.pk,
                 reason=reason[:200], assignment=assignment.pk)
    notify([assessor], Notice.ASSIGNMENT, f"assignment:{assignment.pk}", reverse("assessments:queue"),
           **_about(assessment))
    return assignment


def _withdraw(user: User, assignment: AssessorAssignment, reason: str) -> None:
    assignment.withdrawn_at = timezone.now()
    assignment.withdrawn_by = user if user.is_authenticated else None
    assignment.withdrawn_reason = reason[:500]
    assignment.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(user, AuditAction.ASSESSOR_WITHDRAW, assignment.assessment, str(assignment.assessor),
                 assessor=assignment.assessor_id, reason=reason[:200], assignment=assignment.pk)


@transaction.atomic(durable=True)
def assessor_withdraw(*, actor: User, assessment: Assessment, reason: str) -> AssessorAssignment:
    """The secretariat withdraws the current assignment: the assessor's access to the assessment ends at once."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not is_secretariat(actor):
        raise PermissionDenied
    reason = clean_text(reason, 500)
    if not reason:
        raise ValidationError({"reason": [_("Say why the assignment is withdrawn.")]}, code="no_reason")
    current = assessment.assignments.filter(withdrawn_at__isnull=True).first()
    if current is None:
        raise ValidationError(_("This assessment has no assessor to withdraw."), code="no_assignment")
    _withdraw(actor, current, reason)
    assessment.assessor = None
    assessment.save(update_fields=["assessor"])
    return current


@transaction.atomic(durable=True)
def assessor_declare(*, actor: User, assignment: AssessorAssignment, conflict: bool, statement: str
                     ) -> AssessorAssignment:
    """The assigned assessor declares their interests before they begin: none (the assignment comes into force and
    gives them standing), or a conflict, which ends the assignment at once and tells the secretariat."""
    assignment = AssessorAssignment.objects.select_for_update().select_related("assessment__actor").get(
        pk=assignment.pk)
    if assignment.assessor_id != actor.pk:
        raise PermissionDenied
    if not assignment.active or assignment.declared_at is not None:
        raise ValidationError(_("This assignment has no declaration left to make."), code="declared")
    statement = clean_text(statement, LONG_TEXT_MAX)
    if conflict and not statement:
        raise ValidationError({"statement": [_("Say what the conflict of interest is.")]}, code="no_statement")
    assessment = assignment.assessment
    if conflict:
        _withdraw(actor, assignment, _("The assessor declared a conflict of interest."))
        assignment.declaration = statement
        assignment.save(update_fields=["declaration"])
        Assessment.objects.filter(pk=assessment.pk).update(assessor=None)
        notify(secretariat_users(), Notice.CONFLICT_DECLARED, f"conflict:{assignment.pk}",
               reverse("assessments:overview", args=[assessment.pk]), assessor=str(actor), **_about(assessment))
    else:
        assignment.declared_at = timezone.now()
        assignment.declaration = statement or _(NO_CONFLICT)
        assignment.save(update_fields=["declared_at", "declaration"])
    audit_record(actor, AuditAction.ASSESSOR_DECLARE, assessment, "conflict" if conflict else "none",
                 assignment=assignment.pk, conflict=conflict)
    return assignment


NO_CONFLICT = gettext_noop(
    "I declare that I have no commercial, financial, employment or family tie to the assessed actor or to those it "
    "trades with, and that nothing I gain depends on the outcome of this assessment.")


def secretariat_users() -> list[User]:
    return list(User.objects.filter(Q(is_staff=True) | Q(groups__name=SECRETARIAT_GROUP), is_active=True).distinct())


def writers_of(actor_id: int | None) -> list[User]:
    """The admins and editors of an actor: who answers for its assessments and requests."""
    if actor_id is None:
        return []
    return list(User.objects.filter(memberships__actor_id=actor_id, memberships__role__in=permissions.WRITERS,
                                    is_active=True).distinct())


def members_of(actor_id: int | None) -> list[User]:
    if actor_id is None:
        return []
    return list(User.objects.filter(memberships__actor_id=actor_id, is_active=True).distinct())


def _about(assessment: Assessment) -> dict[str, str]:
    """What a notification about an assessment names: the actor (public), the date and the kind."""
    return {"actor": assessment.actor.name, "date": assessment.date.isoformat(),
            "kind_msgid": KIND_MSGIDS[assessment.kind]}


# The kinds' names as message ids, for notifications to translate in each recipient's language.
KIND_MSGIDS: dict[str, str] = {AssessmentKind.SELF: gettext_noop("self-assessment"),
               AssessmentKind.SECOND_PARTY: gettext_noop("second-party (buyer) assessment"),
               AssessmentKind.THIRD_PARTY: gettext_noop("third-party assessment")}


@dataclass
class AnswerInput:
    """One answer as a form or the API gives it: `value` is text ("clear", "2", "na", "42.5") or empty."""

    value: str
    notes: str = ""


PROBLEM_MESSAGES = {
    "na_not_allowed": lambda: _("“Not applicable” is not allowed for this criterion."),
    "bad_gate_value": lambda: _("Choose clear, breach or unknown."),
    "bad_maturity": lambda: _("Choose a maturity from 0 to 3."),
    "bad_number": lambda: _("Enter a number."),
}


def parse_answer(criterion: Criterion, raw: str) -> tuple[dict[str, Any] | None, str | None]:
    """The stored fields for a raw value, or a translated message saying why it is not allowed."""
    raw = (raw or "").strip()
    fields: dict[str, Any] = {"gate": "", "maturity": None, "not_applicable": False, "number": None}
    if raw == "":
        return None, None
    if raw == "na":
        value: Any = "na"
        fields["not_applicable"] = True
    elif criterion.kind == Kind.GATE:
        value = raw
        fields["gate"] = raw
    elif criterion.kind == Kind.INDICATOR:
        try:
            number = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            return None, PROBLEM_MESSAGES["bad_number"]()
        if not number.is_finite() or abs(number) >= Decimal("1e10"):
            return None, PROBLEM_MESSAGES["bad_number"]()
        value = float(number)
        fields["number"] = number
    else:
        value = int(raw) if raw.isdigit() else raw
        fields["maturity"] = value if isinstance(value, int) else None
    rule = scoring.rules_for(criterion.version).by_code[criterion.code]
    problem = answer_problem(rule, value)
    if problem:
        return None, PROBLEM_MESSAGES[problem]()
    return fields, None


@transaction.atomic(durable=True)
def assessment_save_answers(*, actor: User, assessment: Assessment, given: dict[int, AnswerInput]) -> int:
    """Save answers by criterion id; all or nothing: any bad value raises a ValidationError naming each one."""
    return _save_answers(actor, assessment, given)


def _save_answers(user: User, assessment: Assessment, given: dict[int, AnswerInput]) -> int:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_locked(assessment)
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    criteria = {c.pk: c for c in Criterion.objects.filter(version=assessment.version_id, pk__in=given)
                .applicable_to(assessment.actor.role, scoring.scope(assessment))}
    errors: dict[str, list[str]] = {}
    parsed: dict[int, dict[str, Any] | None] = {}
    notes: dict[int, str] = {}
    for criterion_id, answer in given.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.setdefault("__all__", []).append(_("Criterion %(id)s is not part of this assessment.")
                                                    % {"id": criterion_id})
            continue
        fields, message = parse_answer(criterion, answer.value)
        if message:
            errors[criterion.code] = [message]
        try:
            notes[criterion_id] = clean_text(answer.notes, LONG_TEXT_MAX)
        except ValidationError as exc:
            errors.setdefault(criterion.code, []).extend(exc.messages)
        parsed[criterion_id] = fields
    if errors:
        raise ValidationError(errors)
    existing = {a.criterion_id: a for a in assessment.answers.all()}
    changed = 0
    for criterion_id, fields in parsed.items():
        answer = existing.get(criterion_id)
        if fields is None and not notes[criterion_id]:
            if answer is not None:
                answer.delete()
                changed += 1
            continue
        fields = fields or {"gate": "", "maturity": None, "not_applicable": False, "number": None}
        if answer is None:
            answer = Answer(assessment=assessment, criterion=criteria[criterion_id],
                            disclosure=criteria[criterion_id].disclosure)
        for name, value in {**fields, "notes": notes[criterion_id]}.items():
            setattr(answer, name, value)
        answer.save()
        changed += 1
    audit_record(user, AuditAction.ASSESSMENT_SAVE_ANSWERS, assessment, str(assessment), answers=changed)
    return changed


@transaction.atomic(durable=True)
def evidence_add(*, actor: User, assessment: Assessment, criterion: Criterion | None, upload: UploadedFile
                 ) -> Evidence:
    """Attach an evidence file after checking its size and, from its content, its type."""
    return _evidence_add(actor, assessment, criterion, upload)


def _evidence_add(user: User, assessment: Assessment, criterion: Criterion | None, upload: UploadedFile
                  ) -> Evidence:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_locked(assessment)
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    return _evidence_store(user, assessment, criterion, upload)


def _evidence_store(user: User, assessment: Assessment, criterion: Criterion | None, upload: UploadedFile
                    ) -> Evidence:
    """Check a file's size and, from its content, its type, and keep it; whoever calls has checked who acts."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
                              code="too_large")
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = ALLOWED_EVIDENCE.get(kind.mime) if kind else None
    if not allowed or extension not in allowed:
        raise ValidationError(_("Only PDF files, images and office documents are accepted, and the file name must "
                                "match its content."), code="bad_type")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    evidence = Evidence(assessment=assessment, criterion=criterion, original_name=upload.name[:200],
                        content_type=kind.mime, size=upload.size, sha256=digest.hexdigest(),
                        uploaded_by=user if user.is_authenticated else None)
    evidence.file.save(upload.name, upload, save=False)
    evidence.save()
    # The record names the file by its id only: a draft's content is private to the actor's members.
    audit_record(user, AuditAction.EVIDENCE_ADD, assessment, str(assessment), evidence=evidence.pk)
    return evidence


@transaction.atomic(durable=True)
def evidence_review(*, actor: User, evidence: Evidence, accept: bool, comment: str = "") -> Evidence:
    """The reviewer of a submitted assessment accepts one evidence file or challenges it, saying why; they may
    change their word until the assessment is verified or returned."""
    evidence = Evidence.objects.select_for_update().select_related("assessment").get(pk=evidence.pk)
    if not permissions.can_review(actor, evidence.assessment):
        raise PermissionDenied
    comment = clean_text(comment, LONG_TEXT_MAX)
    if not accept and not comment:
        raise ValidationError({"comment": [_("Say what is wrong with this evidence.")]}, code="no_comment")
    evidence.review = EvidenceReview.ACCEPTED if accept else EvidenceReview.CHALLENGED
    evidence.review_comment, evidence.reviewed_by, evidence.reviewed_at = comment, actor, timezone.now()
    evidence.save(update_fields=["review", "review_comment", "reviewed_by", "reviewed_at"])
    audit_record(actor, AuditAction.EVIDENCE_REVIEW, evidence.assessment, evidence.original_name,
                 evidence=evidence.pk, review=evidence.review)
    return evidence


@transaction.atomic(durable=True)
def commitment_add(*, actor: User, assessment: Assessment, criterion: Criterion | None, action: str, owner: str,
                   due: date) -> Commitment:
    """An improvement commitment on a draft: what will be done (`action`), by whom (`owner`), by when (`due`)."""
    return _commitment_add(actor, assessment, criterion, action, owner, due)


def _commitment_add(user: User, assessment: Assessment, criterion: Criterion | None, action: str, owner: str,
                    due: date) -> Commitment:
    _refuse_locked(assessment)
    if not permissions.can_edit(user, assessment):
        raise PermissionDenied
    action, owner = clean_text(action, LONG_TEXT_MAX), clean_text(owner, Commitment._meta.get_field("owner").max_length)
    if not action or not owner:
        raise ValidationError(_("A commitment needs an action and an owner."), code="incomplete_commitment")
    if due < assessment.date:
        raise ValidationError(_("The due date cannot be before the assessment date."), code="bad_due")
    applies = Criterion.objects.filter(version=assessment.version_id).applicable_to(assessment.actor.role,
                                                                                    scoring.scope(assessment))
    if criterion is not None and not applies.filter(pk=criterion.pk).exists():
        raise ValidationError(_("Criterion %(code)s is not part of this assessment.") % {"code": criterion.code},
                              code="not_applicable")
    commitment = Commitment.objects.create(assessment=assessment, criterion=criterion, action=action, owner=owner,
                                           due=due)
    audit_record(user, AuditAction.COMMITMENT_ADD, assessment, str(assessment), commitment=commitment.pk)
    return commitment


@transaction.atomic(durable=True)
def commitment_done(*, actor: User, commitment: Commitment, note: str, upload: UploadedFile | None) -> Commitment:
    """The producer says a commitment is done: what was done, and a file that shows it. It then waits for an
    assessor. A lapsed commitment may still be done, late; its due date stays as it was."""
    commitment = Commitment.objects.select_for_update().select_related("assessment").get(pk=commitment.pk)
    if not permissions.can_complete_commitment(actor, commitment):
        raise PermissionDenied
    note = clean_text(note, LONG_TEXT_MAX)
    errors: dict[str, list[str]] = {}
    if not note:
        errors["note"] = [_("Say what was done.")]
    if upload is None:
        errors["upload"] = [_("Attach a file that shows it was done.")]
    if errors:
        raise ValidationError(errors)
    assert upload is not None
    try:
        evidence = _evidence_store(actor, commitment.assessment, commitment.criterion, upload)
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    commitment.status, commitment.done_on, commitment.done_by = CommitmentStatus.DONE, date.today(), actor
    commitment.done_note, commitment.evidence, commitment.verifier_comment = note, evidence, ""
    commitment.save()
    audit_record(actor, AuditAction.COMMITMENT_DONE, commitment.assessment, str(commitment.assessment),
                 commitment=commitment.pk, evidence=evidence.pk, late=commitment.due < commitment.done_on)
    return commitment


@transaction.atomic(durable=True)
def commitment_verify(*, actor: User, commitment: Commitment, confirm: bool, comment: str = "") -> Commitment:
    """An assessor confirms a done commitment, or reopens it saying why (it is then open again, and lapsed if its
    date has gone by)."""
    commitment = Commitment.objects.select_for_update().select_related("assessment").get(pk=commitment.pk)
    if not permissions.can_verify_commitment(actor, commitment):
        raise PermissionDenied
    comment = clean_text(comment, LONG_TEXT_MAX)
    if not confirm and not comment:
        raise ValidationError({"comment": [_("Say why the commitment is not done yet.")]}, code="no_comment")
    if confirm:
        commitment.status, commitment.verified_on, commitment.verified_by = (
            CommitmentStatus.VERIFIED, date.today(), actor)
    else:
        commitment.status = CommitmentStatus.OPEN
    commitment.verifier_comment = comment
    commitment.save()
    audit_record(actor, AuditAction.COMMITMENT_VERIFY, commitment.assessment, str(commitment.assessment),
                 commitment=commitment.pk, confirmed=confirm)
    return commitment


def uncommitted_answers(assessment: Assessment) -> list[Criterion]:
    """Criteria answered at maturity 1 ("committed", DESIGN §4) without a commitment of theirs due after the
    assessment date: what maturity 1 claims is missing, so the assessment cannot be submitted."""
    committed = set(assessment.commitments.filter(due__gt=assessment.date, criterion__isnull=False)
                    .values_list("criterion_id", flat=True))
    return [a.criterion for a in assessment.answers.filter(maturity=1, not_applicable=False)
            .select_related("criterion").order_by("criterion__module__position", "criterion__position")
            if a.criterion_id not in committed]


def missing_answers(assessment: Assessment) -> list[Criterion]:
    """Applicable gates and scored criteria without an answer: what stops a submission."""
    answered = set(assessment.answers.exclude(gate="", maturity__isnull=True, not_applicable=False)
                   .values_list("criterion_id", flat=True))
    criteria = (Criterion.objects.filter(version=assessment.version_id)
                .applicable_to(assessment.actor.role, scoring.scope(assessment))
                .exclude(kind=Kind.INDICATOR).select_related("module"))
    return [c for c in criteria if c.pk not in answered]


@transaction.atomic(durable=True)
def assessment_submit(*, actor: User, assessment: Assessment) -> Assessment:
    """Submit a complete draft: it is locked and scored."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _refuse_locked(assessment)
    if not permissions.can_edit(actor, assessment):
        raise PermissionDenied
    missing = missing_answers(assessment)
    if missing:
        raise ValidationError(
            _("%(n)s criteria still need an answer: %(codes)s.")
            % {"n": len(missing), "codes": ", ".join(c.code for c in missing)},
            code="incomplete",
        )
    uncommitted = uncommitted_answers(assessment)
    if uncommitted:
        raise ValidationError(
            _("Maturity 1 means a plan with a due date exists: add an improvement commitment due after the "
              "assessment date for %(codes)s.") % {"codes": ", ".join(c.code for c in uncommitted)},
            code="no_commitment",
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    scoring.store_score(assessment)
    audit_record(actor, AuditAction.ASSESSMENT_SUBMIT, assessment, str(assessment))
    assignment = assessment.assignments.filter(withdrawn_at__isnull=True, declared_at__isnull=False).first()
    reviewers = [assignment.assessor] if assignment is not None else secretariat_users()
    requesters = [u for r in assessment.requests.all() for u in writers_of(r.buyer_id)]
    notify(reviewers + requesters, Notice.SUBMITTED, f"submitted:{assessment.pk}",
           reverse("assessments:overview", args=[assessment.pk]), **_about(assessment))
    return assessment


@transaction.atomic(durable=True)
def finding_change(*, actor: User, assessment: Assessment, criterion: Criterion, value: str, reason: str,
                   comment: str = "") -> Answer:
    """The verifier changes one finding of a submitted assessment, saying why (and, if useful, a word to the
    producer); the score follows from the verified findings. What the actor answered is kept beside it."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not permissions.can_review(actor, assessment):
        raise PermissionDenied
    applicable = Criterion.objects.filter(version=assessment.version_id, pk=criterion.pk).applicable_to(
        assessment.actor.role, scoring.scope(assessment))
    if not applicable.exists():
        raise ValidationError(_("Criterion %(id)s is not part of this assessment.") % {"id": criterion.pk},
                              code="not_applicable")
    fields, message = parse_answer(criterion, value)
    errors: dict[str, list[str]] = {}
    if message or fields is None:
        errors["value"] = [message or _("Give the verified finding.")]
    reason, comment = clean_text(reason, LONG_TEXT_MAX), clean_text(comment, LONG_TEXT_MAX)
    if not reason:
        errors["reason"] = [_("Say why the finding is changed.")]
    answer = assessment.answers.filter(criterion=criterion).first()
    before = "" if answer is None or answer.engine_value() is None else str(answer.engine_value())
    if fields is not None and answer is not None and all(getattr(answer, k) == v for k, v in fields.items()):
        errors["value"] = [_("That is the finding as answered; change it or leave it.")]
    if errors:
        raise ValidationError(errors)
    if answer is None:
        answer = Answer(assessment=assessment, criterion=criterion, disclosure=criterion.disclosure)
    if not answer.declared and not answer.verifier_reason:
        answer.declared = before  # the first change keeps what the actor said; later ones keep it too
    for name, v in {**(fields or {}), "verifier_reason": reason, "verifier_comment": comment}.items():
        setattr(answer, name, v)
    answer.save()
    scoring.store_score(assessment)
    audit_record(actor, AuditAction.FINDING_CHANGE, assessment, criterion.code, criterion=criterion.code,
                 before=before, after=str(answer.engine_value()))
    return answer


@transaction.atomic(durable=True)
def assessment_review(*, actor: User, assessment: Assessment, verify: bool, comment: str = "") -> Assessment:
    """Verify a submitted assessment, or return it with comments (a correction is then a new assessment)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not permissions.can_review(actor, assessment):
        raise PermissionDenied
    comment = clean_text(comment, LONG_TEXT_MAX)
    if not verify and not comment:
        raise ValidationError(_("Say why the assessment is returned."), code="no_comment")
    assessment.status = AssessmentStatus.VERIFIED if verify else AssessmentStatus.RETURNED
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = actor
    assessment.review_comment = comment
    assessment.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment"])
    # A newly verified assessment can be the baseline of later ones: their progress changes.
    scoring.rescore_actor(assessment.actor_id)
    audit_record(actor, AuditAction.ASSESSMENT_VERIFY if verify else AuditAction.ASSESSMENT_RETURN, assessment,
                 comment[:200])
    told = members_of(assessment.actor_id) + members_of(assessment.assessing_actor_id)
    if verify:
        told += [u for r in assessment.requests.all() for u in writers_of(r.buyer_id)]
    notify(told, Notice.VERIFIED if verify else Notice.RETURNED, f"reviewed:{assessment.pk}",
           reverse("assessments:overview", args=[assessment.pk]), **_about(assessment))
    return assessment


@transaction.atomic(durable=True)
def assessment_correct(*, actor: User, assessment: Assessment) -> Assessment:
    """A new draft that starts from a submitted or returned assessment's answers."""
    assessment = Assessment.objects.get(pk=assessment.pk)
    if not assessment.is_locked:
        raise ValidationError(_("Only a submitted assessment needs a correction."), code="not_locked")
    if not permissions.can_start(actor, assessment.actor_id, assessment.kind, assessment.assessing_actor_id) and \
            not permissions.assesses(actor, assessment):
        raise PermissionDenied
    copy = Assessment.objects.create(
        actor=assessment.actor, version=assessment.version, site=assessment.site, kind=assessment.kind,
        assessing_actor=assessment.assessing_actor, date=assessment.date, minerals=assessment.minerals,
        corrects=assessment, created_by=actor if actor.is_authenticated else None,
    )
    current = assessment.assignments.filter(withdrawn_at__isnull=True).first()
    if current is not None:
        # The secretariat's assignment extends to the correction of the assessment it was made for.
        AssessorAssignment.objects.create(
            assessment=copy, assessor=current.assessor, assigned_by=current.assigned_by,
            reason=_("Carried over from the corrected assessment #%(pk)s.") % {"pk": assessment.pk})
        copy.assessor = current.assessor
        copy.save(update_fields=["assessor"])
    Answer.objects.bulk_create([
        Answer(assessment=copy, criterion_id=a.criterion_id, gate=a.gate, maturity=a.maturity,
               not_applicable=a.not_applicable, number=a.number, notes=a.notes, disclosure=a.disclosure)
        for a in assessment.answers.all()
    ])
    # The evidence and the open commitments go with the correction (the same stored files); the corrected
    # assessment's commitments are closed as carried over, so none is left to fall overdue twice.
    Evidence.objects.bulk_create([
        Evidence(assessment=copy, criterion_id=e.criterion_id, file=e.file.name, original_name=e.original_name,
                 content_type=e.content_type, size=e.size, sha256=e.sha256, uploaded_by_id=e.uploaded_by_id,
                 disclosure=e.disclosure)
        for e in assessment.evidence.all()
    ])
    carried = assessment.commitments.filter(status=CommitmentStatus.OPEN)
    Commitment.objects.bulk_create([
        Commitment(assessment=copy, criterion_id=c.criterion_id, action=c.action, owner=c.owner, due=c.due)
        for c in carried
    ])
    carried.update(status=CommitmentStatus.SUPERSEDED)
    audit_record(actor, AuditAction.ASSESSMENT_CORRECT, copy, str(copy), corrects=assessment.pk)
    return copy


@dataclass
class CommitmentInput:
    criterion: Criterion | None
    action: str
    owner: str
    due: date


@transaction.atomic(durable=True)
def assessment_save_module(*, actor: User, assessment: Assessment, answers: dict[int, AnswerInput],
                           uploads: dict[int, UploadedFile], commitments: list[CommitmentInput]) -> int:
    """One module's form: answers, evidence and commitments together; any problem and nothing is kept."""
    _refuse_locked(Assessment.objects.get(pk=assessment.pk))  # a submitted one says so, whole, as before
    errors: dict[str, list[str]] = {}
    try:
        changed = _save_answers(actor, assessment, answers)
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages})
        changed = 0
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in=list(uploads) + [
        c.criterion.pk for c in commitments if c.criterion])}
    for criterion_id, upload in uploads.items():
        try:
            _evidence_add(actor, assessment, criteria.get(criterion_id), upload)
        except ValidationError as exc:
            code = criteria[criterion_id].code if criterion_id in criteria else "__all__"
            errors.setdefault(code, []).extend(exc.messages)
    for c in commitments:
        try:
            _commitment_add(actor, assessment, c.criterion, c.action, c.owner, c.due)
        except ValidationError as exc:
            errors.setdefault(c.criterion.code if c.criterion else "__all__", []).extend(exc.messages)
    if errors:
        transaction.set_rollback(True)
        raise ValidationError(errors)
    return changed


# Requests: a buyer asks a supplier for an assessment. Nothing here grants a standing (DESIGN §5): a request lets
# nobody see more; the assessment it leads to is open to whoever its own rules open it to.

REQUEST_KINDS = (AssessmentKind.SELF, AssessmentKind.SECOND_PARTY)
MAX_REQUEST_DAYS = 730


def _request_about(r: AssessmentRequest) -> dict[str, str]:
    return {"buyer": r.buyer.name, "supplier": r.supplier.name, "due": r.due.isoformat(),
            "kind_msgid": KIND_MSGIDS[r.kind]}


@transaction.atomic(durable=True)
def request_send(*, actor: User, buyer: Actor, supplier: Actor, kind: str, due: date | None, message: str = "",
                 today: date | None = None) -> AssessmentRequest:
    """`buyer` asks `supplier`, which it sources from today, for an assessment of `kind` by `due`; the
    supplier's admins and editors are told, each in their own language."""
    today = today or timezone.localdate()
    if not permissions.can_request(actor, buyer.pk):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in REQUEST_KINDS:
        errors["kind"] = [_("Ask for a self-assessment or for a second-party assessment by your organisation.")]
    if supplier.pk == buyer.pk:
        errors["supplier"] = [_("An organisation does not send a request to itself.")]
    elif not access.sourcing_active(buyer.pk, supplier.pk, today):
        errors["supplier"] = [_("%(buyer)s has no active sourcing relationship with %(supplier)s: a request goes to "
                                "a supplier you source from.") % {"buyer": buyer.name, "supplier": supplier.name}]
    if due is None or not today < due <= today + timedelta(days=MAX_REQUEST_DAYS):
        errors["due"] = [_("Give a due date after today and within two years.")]
    message = clean_text(message, LONG_TEXT_MAX)
    if errors or due is None:
        raise ValidationError(errors)
    if AssessmentRequest.objects.filter(buyer=buyer, supplier=supplier, kind=kind,
                                        status__in=OPEN_REQUEST_STATUSES).exists():
        raise ValidationError(_("%(buyer)s already has an open request of this kind to %(supplier)s.")
                              % {"buyer": buyer.name, "supplier": supplier.name}, code="duplicate")
    request = AssessmentRequest.objects.create(buyer=buyer, supplier=supplier, kind=kind, due=due, message=message,
                                               created_by=actor)
    audit_record(actor, AuditAction.REQUEST_SEND, request, str(request), supplier=supplier.pk, kind=kind,
                 due=due.isoformat())
    notify(writers_of(supplier.pk), Notice.REQUEST_RECEIVED, f"request:{request.pk}",
           reverse("assessments:request", args=[request.pk]), **_request_about(request))
    return request


def _open_request(request: AssessmentRequest) -> AssessmentRequest:
    request = AssessmentRequest.objects.select_for_update().select_related("buyer", "supplier").get(pk=request.pk)
    if request.status not in OPEN_REQUEST_STATUSES:
        raise ValidationError(_("This request is closed: it was %(status)s.")
                              % {"status": request.get_status_display()}, code="closed")
    return request


@transaction.atomic(durable=True)
def request_answer(*, actor: User, request: AssessmentRequest, accept: bool, note: str = "",
                   version: StandardVersion | None = None, today: date | None = None) -> AssessmentRequest:
    """The supplier accepts or declines. Accepting a request for a self-assessment starts its draft (against
    `version`); a second-party one is then started by the buyer. Declining says why."""
    request = _open_request(request)
    if not permissions.can_answer_request(actor, request):
        raise PermissionDenied
    if request.status != RequestStatus.SENT:
        raise ValidationError(_("This request is already answered."), code="answered")
    note = clean_text(note, LONG_TEXT_MAX)
    if not accept and not note:
        raise ValidationError({"note": [_("Say why you decline, so that the buyer can help.")]}, code="no_note")
    if accept and request.kind == AssessmentKind.SELF:
        if version is None:
            raise ValidationError({"version": [_("Choose the version of the standard to assess against.")]},
                                  code="no_version")
        request.assessment = _start(actor, request.supplier, version, AssessmentKind.SELF,
                                    today or timezone.localdate())
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_by, request.answered_at, request.answer_note = actor, timezone.now(), note
    request.save(update_fields=["status", "assessment", "answered_by", "answered_at", "answer_note"])
    audit_record(actor, AuditAction.REQUEST_ANSWER, request, request.status, accept=accept,
                 assessment=request.assessment_id)
    notify(writers_of(request.buyer_id), Notice.REQUEST_ANSWERED, f"request-answer:{request.pk}",
           reverse("assessments:request", args=[request.pk]),
           answer_msgid=gettext_noop("request accepted") if accept else gettext_noop("request declined"),
           **_request_about(request))
    return request


@transaction.atomic(durable=True)
def request_start(*, actor: User, request: AssessmentRequest, version: StandardVersion,
                  today: date | None = None) -> AssessmentRequest:
    """The buyer starts the second-party assessment an accepted request asked for (under the usual rule: it
    sources from the supplier on the day)."""
    request = _open_request(request)
    if request.kind != AssessmentKind.SECOND_PARTY or request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted request for a second-party assessment is started by the buyer."),
                              code="not_startable")
    if request.assessment_id is not None:
        raise ValidationError(_("This request's assessment is already started."), code="started")
    if not permissions.can_request(actor, request.buyer_id):
        raise PermissionDenied
    request.assessment = _start(actor, request.supplier, version, AssessmentKind.SECOND_PARTY,
                                today or timezone.localdate(), assessing_actor=request.buyer)
    request.save(update_fields=["assessment"])
    audit_record(actor, AuditAction.REQUEST_START, request, str(request), assessment=request.assessment_id)
    return request


@transaction.atomic(durable=True)
def request_withdraw(*, actor: User, request: AssessmentRequest, reason: str) -> AssessmentRequest:
    """The buyer withdraws an open request, saying why; an assessment already started stays the supplier's."""
    request = _open_request(request)
    if not permissions.can_request(actor, request.buyer_id):
        raise PermissionDenied
    reason = clean_text(reason, LONG_TEXT_MAX)
    if not reason:
        raise ValidationError({"reason": [_("Say why the request is withdrawn.")]}, code="no_reason")
    request.status, request.answer_note = RequestStatus.WITHDRAWN, reason
    request.answered_by, request.answered_at = actor, timezone.now()
    request.save(update_fields=["status", "answer_note", "answered_by", "answered_at"])
    audit_record(actor, AuditAction.REQUEST_WITHDRAW, request, reason[:200])
    return request


REMIND_DAYS_AHEAD = 14


@dataclass
class Reminders:
    due_soon: int = 0
    lapsed: int = 0
    requests_overdue: int = 0


def reminders_send(today: date | None = None) -> Reminders:
    """Tell the actors' admins and editors of commitments falling due within 14 days and of lapsed ones, and both
    sides of requests gone past their due date. Each reminder is keyed by its item and due date, so it reaches
    each person once however often this runs (a later due date is a new period and reminds again)."""
    today = today or timezone.localdate()
    told = Reminders()
    live = Commitment.objects.live().filter(status=CommitmentStatus.OPEN).select_related("assessment__actor")
    writers: dict[int, list[User]] = {}

    def of(actor_id: int) -> list[User]:
        return writers.setdefault(actor_id, writers_of(actor_id))

    for c in live.filter(due__gte=today, due__lte=today + timedelta(days=REMIND_DAYS_AHEAD)).iterator():
        with transaction.atomic():
            told.due_soon += len(notify(of(c.assessment.actor_id), Notice.COMMITMENT_DUE,
                                        f"commitment-due:{c.pk}:{c.due.isoformat()}",
                                        reverse("assessments:commitment", args=[c.pk]),
                                        actor=c.assessment.actor.name, due=c.due.isoformat()))
    for c in live.lapsed(today).iterator():
        with transaction.atomic():
            told.lapsed += len(notify(of(c.assessment.actor_id), Notice.COMMITMENT_LAPSED,
                                      f"commitment-lapsed:{c.pk}:{c.due.isoformat()}",
                                      reverse("assessments:commitment", args=[c.pk]),
                                      actor=c.assessment.actor.name, due=c.due.isoformat()))
    late = (AssessmentRequest.objects.filter(status__in=OPEN_REQUEST_STATUSES, due__lt=today)
            .exclude(assessment__status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED,
                                             AssessmentStatus.RETURNED)).select_related("buyer", "supplier"))
    for r in late.iterator():
        with transaction.atomic():
            told.requests_overdue += len(notify(of(r.supplier_id) + of(r.buyer_id), Notice.REQUEST_OVERDUE,
                                                f"request-overdue:{r.pk}:{r.due.isoformat()}",
                                                reverse("assessments:request", args=[r.pk]), **_request_about(r)))
    return told
