"""Reads the award pages share: a user's seat on a jury, conflicts, the standing decision, who sees which scores."""

from typing import Any

from django.db.models import QuerySet

from .models import Award, Conflict, Decision, Juror, Nomination, Score


def seat_of(user: Any, award: Award) -> Juror | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Juror.objects.filter(award=award, user=user).first()


def conflicted(juror: Juror | None, nomination: Nomination) -> bool:
    return juror is not None and Conflict.objects.filter(juror=juror, nomination=nomination).exists()


def conflicts_of(juror: Juror | None) -> set[int]:
    """The nominations this juror declared a conflict with."""
    if juror is None:
        return set()
    return set(Conflict.objects.filter(juror=juror).values_list("nomination_id", flat=True))


def current_decision(award: Award) -> Decision | None:
    """The decision that stands: the one no later decision corrects."""
    return (Decision.objects.filter(award=award, corrected_by__isnull=True).select_related("winner")
            .order_by("-decided_at", "-id").first())


def announced() -> QuerySet[Award]:
    return Award.objects.filter(announced_at__isnull=False).order_by("-announced_at", "-id")


def visible_scores(user: Any, award: Award) -> QuerySet[Score]:
    """A juror sees their own scores until the decision, then the whole jury's (as the secretariat does then);
    nobody sees another's score before the decision."""
    scores = Score.objects.filter(juror__award=award).select_related("juror__user", "nomination")
    decided = Decision.objects.filter(award=award).exists()
    if decided and (seat_of(user, award) is not None or user.has_perm("awards.manage_awards")):
        return scores
    seat = seat_of(user, award)
    return scores.filter(juror=seat) if seat is not None else scores.none()
