"""Announced awards in the JSON API: public data only (what the announcement page shows); an award still with its
jury does not exist here."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Path, Router, Schema

from assay.lib.api import Id, errors

from .models import Award
from .selectors import announced, current_decision

router = Router(tags=["awards"])


class DecisionOut(Schema):
    id: int
    winner: str
    winner_name: str
    rationale: str
    announced_at: str | None
    corrects: int | None


class AwardOut(Schema):
    id: int
    name: str
    description: str
    prize: str
    organisations: list[str]
    category: str
    group: str
    start: date
    end: date
    eligibility: dict[str, Any]
    announced_at: str
    jury: list[dict[str, Any]]
    decision: DecisionOut | None
    decisions: list[DecisionOut]
    certificates: dict[str, str]


def _decision_out(d: Any) -> dict[str, Any]:
    return {"id": d.pk, "winner": d.winner.actor.slug, "winner_name": d.winner.name, "rationale": d.rationale,
            "announced_at": d.announced_at.isoformat() if d.announced_at else None, "corrects": d.corrects_id}


def _award_out(a: Award) -> dict[str, Any]:
    from django.conf import settings

    decision = current_decision(a)
    return {"id": a.pk, "name": a.name, "description": a.description, "prize": a.prize,
            "organisations": a.organisations, "category": a.category, "group": a.group, "start": a.start,
            "end": a.end, "eligibility": a.eligibility, "announced_at": a.announced_at.isoformat() if a.announced_at
            else "", "jury": [{"name": j.user.get_full_name() or j.user.get_username(),
                               "organisation": j.organisation, "chair": j.chair}
                              for j in a.jurors.select_related("user")],
            "decision": _decision_out(decision) if decision else None,
            "decisions": [_decision_out(d) for d in a.decisions.select_related("winner__actor").order_by("pk")],
            "certificates": {code: reverse("awards:certificate", args=[a.pk, code])
                             for code, _name in settings.LANGUAGES}}


@router.get("/awards", response={200: list[AwardOut], **errors(401)})
def awards(request: HttpRequest):
    return [_award_out(a) for a in announced()[:100]]


@router.get("/awards/{pk}", response={200: AwardOut, **errors(400, 401, 404)})
def award(request: HttpRequest, pk: Path[Id]):
    return _award_out(get_object_or_404(announced(), pk=pk))
