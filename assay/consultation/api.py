"""The consultation in the JSON API: rounds, submitting a response (idempotent by its client key), the published
comments of a round, and its synopsis."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema, Status
from pydantic import Field

from assay.lib.api import CodeText, CommentText, Id, errors, text
from assay.lib.ratelimit import over_limit
from assay.lib.text import ANSWER_MAX, COMMENT_MAX, NAME_MAX

from . import selectors, services
from .fingerprint import client_fingerprint
from .models import Response, Round
from .structure import round_structure

router = Router(tags=["consultation"])


class RoundOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    opens_on: str
    closes_on: str
    questions: list[dict[str, object]]


# The bounds of assay.lib.text, declared here too so the OpenAPI document shows them.
Comment = text(COMMENT_MAX)


class AnswerIn(Schema):
    value: text(ANSWER_MAX) = ""
    text: Comment = ""


class ResponseIn(Schema):
    client_key: text(64)
    name: text(NAME_MAX)
    email: text(254)
    organisation: text(NAME_MAX) = ""
    sector: text(20)
    country: text(2)
    language: text(5) = "en"
    consent: text(10)
    answers: dict[Id, AnswerIn] = Field({}, max_length=500)
    clauses: dict[text(20), Comment] = Field({}, max_length=500)
    proposed_wording: dict[CodeText, CommentText] = Field(
        {}, max_length=500,
        description="New wording proposed for clauses, by clause code: the whole clause as the respondent would "
                    "have it read, in the response's language. It joins that clause's comment (the comment's text "
                    "may be empty) and is shown as a tracked change against the draft.")
    general: Comment = ""


class ResponseOut(Schema):
    id: int
    submitted_at: str | None
    comments: int
    duplicate: bool
    confirmed: bool  # false: its comments wait, unpublished and uncounted, until the e-mailed link is opened


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "title": r.title, "kind": r.kind, "status": r.status(), "opens_on": r.opens_on.isoformat(),
            "closes_on": r.closes_on.isoformat(),
            "questions": [{"id": q.pk, "text": q.text, "sectors": q.sectors, "answer_type": q.answer_type,
                           "choices": q.choice_values(),
                           "choice_labels": q.choice_list(), "criterion": q.criterion.code if q.criterion else None}
                          for q in r.questions.select_related("criterion")]}


def _response_out(r: Response, duplicate: bool, comments: int) -> dict:
    return {"id": r.pk, "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            "comments": comments, "duplicate": duplicate, "confirmed": r.confirmed}


@router.get("/consultation/rounds", response={200: list[RoundOut], **errors(401)})
def list_rounds(request: HttpRequest):
    return [_round_out(r) for r in Round.objects.all()]


@router.post("/consultation/rounds/{pk}/responses",
             response={201: ResponseOut, 200: ResponseOut, **errors(400, 401, 403, 404, 429)},
             summary="Submit a response; resending the same client_key returns the stored one and stores nothing",
             description="Limited per client address and per e-mail address (settings RATE_LIMITS): over the "
                         "limit, a 429 with a Retry-After header, and nothing is stored or sent.")
def submit_response(request: HttpRequest, pk: Path[Id], data: ResponseIn):
    if wait := over_limit(request, "consultation_submit", data.email):
        return _too_many(wait)
    structure = round_structure(pk)  # the round, its questions and clauses as they are now (cached per process)
    if structure is None:
        raise Http404
    round_ = structure.round
    clauses = {c: structure.clauses[c].pk for c in {*data.clauses, *data.proposed_wording} if c in structure.clauses}
    unknown = {f"{field}.{c}": ["unknown clause"] for field in ("clauses", "proposed_wording")
               for c in sorted(set(getattr(data, field)) - set(clauses))}
    if unknown:
        raise ValidationError(unknown)
    response, count, new = services.response_submit_whole(  # a ValidationError is the API's 400
        round_=round_, structure=structure, client_key=data.client_key, name=data.name, email=data.email,
        sector=data.sector, country=data.country, language=data.language, consent=data.consent,
        organisation=data.organisation,
        answers={q: services.ResponseAnswer(a.value, a.text) for q, a in data.answers.items()},
        clauses={clauses[c]: t for c, t in data.clauses.items()}, general=data.general,
        wordings={clauses[c]: t for c, t in data.proposed_wording.items()},
        base_url=request.build_absolute_uri("/")[:-1], fingerprint=client_fingerprint(request))
    if response.round_id != round_.pk:  # a key already used in another round: never store twice, never mix
        raise ValidationError({"client_key": ["used for another round"]})
    return Status(201 if new else 200, _response_out(response, not new, count))


def _too_many(wait: int) -> HttpResponse:
    response = JsonResponse({"detail": _("Too many requests: nothing was saved or sent. Try again in %(seconds)s "
                                         "seconds.") % {"seconds": wait}, "problems": {}}, status=429)
    response["Retry-After"] = str(wait)
    return response


def _additions(s: selectors.Shown) -> list[dict[str, object]]:
    """What each copy of a campaign added to the text shown (its author only if they agreed to be named)."""
    return [{"author": a.author or None, "text": a.text} for a in s.additions]


@router.get("/consultation/rounds/{pk}/comments", response={200: list[dict[str, object]], **errors(400, 401, 404)},
            summary="Published comments, as each respondent allowed; campaign copies once with their count")
def round_comments(request: HttpRequest, pk: Path[Id]):
    round_ = get_object_or_404(Round, pk=pk)
    return [{"question": s.comment.question_id, "clause": s.comment.criterion.code if s.comment.criterion else None,
             "sector": s.comment.response.sector, "author": s.author or None, "count": s.count,
             "answer": s.comment.value, "text": s.text, "additions": _additions(s),
             "proposed_wording": s.comment.proposed_wording or None,
             "decision": s.comment.disposition.decision if hasattr(s.comment, "disposition") else None,
             "response": s.comment.disposition.response if hasattr(s.comment, "disposition") else None}
            for s in selectors.grouped(round_)]


@router.get("/consultation/rounds/{pk}/synopsis", response={200: dict[str, object], **errors(400, 401, 404)})
def round_synopsis(request: HttpRequest, pk: Path[Id]):
    round_ = get_object_or_404(Round, pk=pk)
    sections, by_sector = selectors.synopsis(round_)
    return {"round": round_.pk, "by_sector": [{"sector": s, "received": t, "published": p} for s, t, p in by_sector],
            "sections": [{"title": sec.title, "comments": [
                {"author": s.author or None, "count": s.count, "sector": s.comment.response.sector,
                 "answer": s.comment.value, "text": s.text, "additions": _additions(s),
                 "proposed_wording": s.comment.proposed_wording or None,
                 "decision": s.comment.disposition.decision if hasattr(s.comment, "disposition") else None,
                 "response": s.comment.disposition.response if hasattr(s.comment, "disposition") else None}
                for s in sec.items]} for sec in sections]}
