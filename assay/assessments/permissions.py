"""Who may start, fill, see and review an assessment.

Writes: members of the assessed actor (self); members of a buyer that sources from the actor, while that
relationship is active (second party); the assessor the secretariat assigned, or the secretariat (third party).
Reads go through the disclosure policy: a draft is private to whoever may edit it and the actor's members; a
submitted assessment is open to the actor's network, datum by datum, and to its own assessor.
"""

from datetime import date
from typing import Any

from assay.accounts.roles import ASSESSORS_GROUP, groups_of, is_secretariat
from assay.disclosure import access
from assay.domain.disclosure import Disclosure, Standing, decide
from assay.registry.models import MemberRole, Membership

from .models import (
    Assessment,
    AssessmentKind,
    AssessmentRequest,
    AssessmentStatus,
    AssessorAssignment,
    Commitment,
    CommitmentStatus,
)

WRITERS = (MemberRole.ADMIN, MemberRole.EDITOR)


def assesses(user: Any, assessment: Assessment) -> bool:
    """Is `user` the assessor of this one assessment, today?

    Third party: an active assignment by the secretariat, once the assessor has declared no conflict of interest.
    Second party: a member of the assessing buyer while its
    sourcing relationship with the assessed actor lasts. Nothing else (a draft, a request) makes an assessor.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if assessment.kind == AssessmentKind.THIRD_PARTY:
        # ... and still an accredited assessor: leaving the Assessors group ends every assignment's standing.
        return ASSESSORS_GROUP in groups_of(user) and AssessorAssignment.objects.filter(
            assessment_id=assessment.pk, assessor_id=user.pk, withdrawn_at__isnull=True,
            declared_at__isnull=False).exists()
    if assessment.kind == AssessmentKind.SECOND_PARTY:
        return (Membership.objects.filter(user=user, actor_id=assessment.assessing_actor_id).exists()
                and access.sourcing_active(assessment.assessing_actor_id, assessment.actor_id))
    return False


def assessment_lens(user: Any, assessment: Assessment, request: Any = None, *, full: bool = False) -> access.Lens:
    """A lens on one assessment's data: its assessor's standing counts here, and nowhere else."""
    return access.Lens(user, assessment.actor_id, request, full=full, held=assessment_standings(user, assessment))


def assessment_standings(user: Any, assessment: Assessment) -> frozenset[Standing]:
    """How `user` stands to one assessment's data: their standings toward its actor, plus ASSESSOR if they
    assess this assessment (and only this one)."""
    held = access.standings(user, assessment.actor_id)
    return held | {Standing.ASSESSOR} if assesses(user, assessment) else held


def member_role(user: Any, actor_id: int | None) -> str | None:
    if not getattr(user, "is_authenticated", False) or actor_id is None:
        return None
    return Membership.objects.filter(user=user, actor_id=actor_id).values_list("role", flat=True).first()


def can_start(user: Any, actor_id: int, kind: str, assessing_actor_id: int | None = None,
              on: date | None = None) -> bool:
    """May `user` start an assessment of this kind of actor `actor_id` (on date `on`)?

    A second-party assessment needs a buyer with an active sourcing relationship to the actor on the assessment
    date, whoever asks (a superuser too): otherwise it is no buyer's assessment.
    """
    if kind == AssessmentKind.SECOND_PARTY and not access.sourcing_active(assessing_actor_id, actor_id, on):
        return False
    if getattr(user, "is_superuser", False):
        return True
    if kind == AssessmentKind.SELF:
        return member_role(user, actor_id) in WRITERS
    if kind == AssessmentKind.SECOND_PARTY:
        return member_role(user, assessing_actor_id) in WRITERS
    return is_secretariat(user)  # third-party assessments: the secretariat starts them and assigns the assessor


def can_edit(user: Any, assessment: Assessment) -> bool:
    if assessment.status != AssessmentStatus.DRAFT or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if assessment.kind == AssessmentKind.SELF:
        return member_role(user, assessment.actor_id) in WRITERS
    if assessment.kind == AssessmentKind.SECOND_PARTY:
        return (member_role(user, assessment.assessing_actor_id) in WRITERS
                and access.sourcing_active(assessment.assessing_actor_id, assessment.actor_id))
    return is_secretariat(user) or assesses(user, assessment)


def can_view(user: Any, assessment: Assessment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if can_edit(user, assessment) or user.is_superuser:
        return True
    needed = Disclosure.PRIVATE if assessment.status == AssessmentStatus.DRAFT else Disclosure.NETWORK
    return bool(decide(assessment_standings(user, assessment), needed))


def can_review(user: Any, assessment: Assessment) -> bool:
    """The secretariat or the assigned assessor; never a member of the assessed actor, nor who submitted it."""
    if assessment.status != AssessmentStatus.SUBMITTED or not getattr(user, "is_authenticated", False):
        return False
    if member_role(user, assessment.actor_id) is not None:
        return False
    if assessment.submitted_by_id == user.pk:
        return False  # whoever submitted it does not verify it too
    if is_secretariat(user):
        return True
    # An assigned third-party assessor verifies; a buyer's own assessment is verified by the secretariat only,
    # never by the buyer's members (they would set the level of their own supplier).
    return assessment.kind == AssessmentKind.THIRD_PARTY and assesses(user, assessment)


def can_complete_commitment(user: Any, commitment: Commitment) -> bool:
    """The actor's admins and editors say an open commitment of a submitted assessment is done."""
    if commitment.status != CommitmentStatus.OPEN or commitment.assessment.status == AssessmentStatus.DRAFT:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or member_role(user, commitment.assessment.actor_id) in WRITERS


def can_verify_commitment(user: Any, commitment: Commitment) -> bool:
    """An assessor of the commitment's assessment or of a later one of the same actor (who comes back to check),
    or the secretariat; never a member of the actor, nor who said it was done."""
    if commitment.status != CommitmentStatus.DONE or not getattr(user, "is_authenticated", False):
        return False
    if member_role(user, commitment.assessment.actor_id) is not None or commitment.done_by_id == user.pk:
        return False
    if is_secretariat(user):
        return True
    since = commitment.assessment.date
    return any(assesses(user, a) for a in Assessment.objects.filter(
        actor_id=commitment.assessment.actor_id, date__gte=since))


def can_request(user: Any, buyer_id: int) -> bool:
    """The buyer's admins and editors ask its suppliers for assessments."""
    return bool(getattr(user, "is_superuser", False)) or member_role(user, buyer_id) in WRITERS


def can_answer_request(user: Any, request: AssessmentRequest) -> bool:
    """The supplier's admins and editors accept or decline a request made of it."""
    return bool(getattr(user, "is_superuser", False)) or member_role(user, request.supplier_id) in WRITERS


def can_see_request(user: Any, request: AssessmentRequest) -> bool:
    """A request is between the two organisations (and the secretariat, which follows the programme)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (bool(user.is_superuser) or is_secretariat(user)
            or member_role(user, request.buyer_id) is not None or member_role(user, request.supplier_id) is not None)


def has_queue(user: Any) -> bool:
    """Assessors and the secretariat have a queue of what waits for them."""
    return is_secretariat(user) or ASSESSORS_GROUP in groups_of(user)


def can_see_requests_of(user: Any, actor_id: int) -> bool:
    """An organisation's requests, made and received: its members, the secretariat and superusers."""
    return bool(getattr(user, "is_superuser", False) or is_secretariat(user)
                or member_role(user, actor_id) is not None)
