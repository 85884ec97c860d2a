"""The consultation in the JSON API: rounds, submitting a response (idempotent by its client key), the published
comments of a round, and its synopsis."""

from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from assay.lib.text import ANSWER_MAX, COMMENT_MAX, NAME_MAX
from assay.standards.models import Criterion

from . import selectors, services
from .models import Response, Round

router = Router(tags=["consultation"])


class RoundOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    opens_on: str
    closes_on: str
    questions: list[dict[str, object]]


# The bounds of assay.lib.text, declared here too so the OpenAPI document shows them and longer input is a 422.
Comment = Annotated[str, Field(max_length=COMMENT_MAX)]


class AnswerIn(Schema):
    value: str = Field("", max_length=ANSWER_MAX)
    text: Comment = ""


class ResponseIn(Schema):
    client_key: str = Field(max_length=64)
    name: str = Field(max_length=NAME_MAX)
    email: str = Field(max_length=254)
    organisation: str = Field("", max_length=NAME_MAX)
    sector: str = Field(max_length=20)
    country: str = Field(max_length=2)
    language: str = Field("en", max_length=5)
    consent: str = Field(max_length=10)
    answers: dict[int, AnswerIn] = {}
    clauses: dict[Annotated[str, Field(max_length=20)], Comment] = {}
    general: Comment = ""


class ResponseOut(Schema):
    id: int
    submitted_at: str | None
    comments: int
    duplicate: bool


class Problems(Schema):
    detail: str
    problems: dict[str, list[str]]


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "title": r.title, "kind": r.kind, "status": r.status(), "opens_on": r.opens_on.isoformat(),
            "closes_on": r.closes_on.isoformat(),
            "questions": [{"id": q.pk, "text": q.text, "sectors": q.sectors, "answer_type": q.answer_type,
                           "choices": q.choice_list(), "criterion": q.criterion.code if q.criterion else None}
                          for q in r.questions.select_related("criterion")]}


def _response_out(r: Response, duplicate: bool, comments: int) -> dict:
    return {"id": r.pk, "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "comments": comments, "duplicate": duplicate}


@router.get("/consultation/rounds", response=list[RoundOut])
def list_rounds(request: HttpRequest):
    return [_round_out(r) for r in Round.objects.all()]


@router.post("/consultation/rounds/{pk}/responses", response={201: ResponseOut, 200: ResponseOut, 400: Problems},
             summary="Submit a response; resending the same client_key returns the stored one and stores nothing")
def submit_response(request: HttpRequest, pk: int, data: ResponseIn):
    round_ = get_object_or_404(Round, pk=pk)
    clauses = dict(Criterion.objects.filter(version=round_.version_id, code__in=data.clauses)
                   .values_list("code", "pk")) if data.clauses else {}
    unknown = sorted(set(data.clauses) - set(clauses))
    if unknown:
        return Status(400, {"detail": "invalid", "problems": {f"clauses.{c}": ["unknown clause"] for c in unknown}})
    try:
        response, count, new = services.response_submit_whole(
            round_, client_key=data.client_key, name=data.name, email=data.email, sector=data.sector,
            country=data.country, language=data.language, consent=data.consent, organisation=data.organisation,
            answers={q: services.AnswerInput(a.value, a.text) for q, a in data.answers.items()},
            clauses={clauses[c]: t for c, t in data.clauses.items()}, general=data.general,
            base_url=request.build_absolute_uri("/")[:-1])
    except ValidationError as exc:
        problems = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Status(400, {"detail": "invalid", "problems": problems})
    if response.round_id != round_.pk:  # a key already used in another round: never store twice, never mix
        return Status(400, {"detail": "invalid", "problems": {"client_key": ["used for another round"]}})
    return Status(201 if new else 200, _response_out(response, not new, count))


@router.get("/consultation/rounds/{pk}/comments", response=list[dict[str, object]],
            summary="Published comments, as each respondent allowed; campaign copies once with their count")
def round_comments(request: HttpRequest, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    return [{"question": s.comment.question_id, "clause": s.comment.criterion.code if s.comment.criterion else None,
             "sector": s.comment.response.sector, "author": s.author or None, "count": s.count,
             "answer": s.comment.value, "text": s.comment.text,
             "decision": s.comment.disposition.decision if hasattr(s.comment, "disposition") else None,
             "response": s.comment.disposition.response if hasattr(s.comment, "disposition") else None}
            for s in selectors.grouped(round_)]


@router.get("/consultation/rounds/{pk}/synopsis", response=dict[str, object])
def round_synopsis(request: HttpRequest, pk: int):
    round_ = get_object_or_404(Round, pk=pk)
    sections, by_sector = selectors.synopsis(round_)
    return {"round": round_.pk, "by_sector": [{"sector": s, "received": t, "published": p} for s, t, p in by_sector],
            "sections": [{"title": sec.title, "comments": [
                {"author": s.author or None, "count": s.count, "sector": s.comment.response.sector,
                 "answer": s.comment.value, "text": s.comment.text,
                 "decision": s.comment.disposition.decision if hasattr(s.comment, "disposition") else None,
                 "response": s.comment.disposition.response if hasattr(s.comment, "disposition") else None}
                for s in sec.items]} for sec in sections]}
