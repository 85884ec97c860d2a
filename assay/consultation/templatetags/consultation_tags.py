"""Fragments of the consultation that pages of the apps below it show (a template tag, so the standards app
imports nothing from here)."""

from typing import Any

from django import template

from assay.consultation import amendments
from assay.consultation.amendments import TrackedChange
from assay.consultation.models import Comment, DraftEdit, Round, RoundKind
from assay.consultation.selectors import published_comments
from assay.standards.models import Criterion, StandardVersion

register = template.Library()


@register.simple_tag
def open_public_round(version: StandardVersion) -> Round | None:
    """The public round open on `version` now, if any: where a reader of a clause may comment on it."""
    rounds = [r for r in Round.objects.filter(version=version, kind=RoundKind.PUBLIC) if r.status() == "open"]
    return rounds[0] if rounds else None


@register.simple_tag
def proposal_changes(comment: Comment) -> list[TrackedChange]:
    """A comment's proposed wording as tracked changes against the draft (its language, and the English source)."""
    if not comment.proposed_wording or comment.criterion is None:
        return []
    return amendments.proposal_changes(comment.criterion, comment.proposed_wording, comment.response.language)


@register.simple_tag
def draft_edits(criterion: Criterion) -> list[dict[str, Any]]:
    """Where a draft criterion's wording came from: the consultation comments whose accepted wording was written
    into it. A comment is linked only when its author allowed publication; its author is never named here."""
    edits = list(DraftEdit.objects.filter(criterion=criterion).select_related(
        "disposition__comment__response__round"))
    published: set[int] = set()
    for round_ in {e.disposition.comment.response.round for e in edits}:
        published |= set(published_comments(round_).filter(pk__in=[e.disposition.comment_id for e in edits])
                         .values_list("pk", flat=True))
    return [{"edit": e, "round": e.disposition.comment.response.round, "comment": e.disposition.comment,
             "published": e.disposition.comment_id in published} for e in edits]
