"""Members' assessments in the JSON API: create, save answers, submit, and read scores with explanations.

An API token (`Authorization: Bearer`; a read token only reads) or the signed-in session with its CSRF token for
writes; errors come back as 400 with every problem, keyed by code (the API's one handler shapes them).
"""

from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from assay.accounts.tokens import TokenAuth
from assay.disclosure.models import DatumKind
from assay.domain.scoring.report import score_json
from assay.lib.api import CodeText, Day, Id, LongText, NameText, Slug, errors, text
from assay.lib.http import SignedInRequest
from assay.lib.text import ANSWER_MAX, LONG_TEXT_MAX
from assay.registry.models import Actor
from assay.standards.models import Criterion, StandardVersion

from . import permissions, scoring, services
from .models import Assessment

router = Router(tags=["assessments"], auth=[TokenAuth(), django_auth])
Pk = Path[Id]


class AssessmentIn(Schema):
    actor: Slug
    standard: Slug = "mes"
    version: text(40)
    kind: Literal["self", "second_party", "third_party"]
    date: Day
    site: Id | None = None
    assessing_actor: Slug | None = None
    # the minerals in scope, some or all of the actor's own; left out: all of them
    minerals: list[CodeText] | None = Field(None, max_length=20)


class AssessmentAnswerIn(Schema):  # not "AnswerIn": the consultation has one, and OpenAPI names must differ
    value: text(ANSWER_MAX)
    notes: text(LONG_TEXT_MAX) = ""  # the bounds of assay.lib.text, shown in the OpenAPI document


class CommitmentIn(Schema):
    criterion: CodeText  # the criterion's code
    action: LongText
    owner: NameText
    due: Day


class AnswersIn(Schema):
    answers: dict[text(20), AssessmentAnswerIn] = Field(max_length=1000)
    # an answer at maturity 1 ("committed") needs one, due after the assessment date, before it can be submitted
    commitments: list[CommitmentIn] = Field(default=[], max_length=200)


class AssessmentOut(Schema):
    id: int
    actor: str
    standard: str
    version: str
    kind: str
    status: str
    date: date
    minerals: list[str]
    answers: dict[str, object]
    score: dict[str, object] | None


def _visible(request: HttpRequest, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard"), pk=pk)
    if not permissions.can_view(request.user, assessment):
        raise Http404
    return assessment


def _filtered(request: HttpRequest, a: Assessment, explanation: dict) -> dict:
    """An explanation with only what the viewer may see: criteria by their class, reasons with the gates."""
    lens = permissions.assessment_lens(request.user, a, request,
                                       full=permissions.can_edit(request.user, a) or request.user.is_superuser)
    if lens.full:
        return explanation
    classes = dict(Criterion.objects.filter(version=a.version_id).values_list("code", "disclosure"))
    out = {**explanation, "criteria": [c for c in explanation.get("criteria", [])
                                       if lens.can(DatumKind.ANSWERS, classes.get(c["code"]))]}
    if not lens.can(DatumKind.GATE_FINDINGS):
        out["reasons"] = []
        if out.get("outcome") != "level":
            out.update(outcome="not_at_a_level", overall=None, overall_exact=None)
    if not lens.sees[DatumKind.RESIDUAL_RISK]:
        out["residual_risk"] = None
    if not lens.sees[DatumKind.MODULE_SCORES]:
        out["modules"] = {}
    out["indicators"] = {k: v for k, v in explanation.get("indicators", {}).items()
                         if lens.can(DatumKind.INDICATORS, classes.get(k))}
    return out


def _out(request: HttpRequest, a: Assessment) -> dict:
    score = getattr(a, "score", None)
    answers = scoring.answers_of(a)
    visible = {c["code"] for c in _filtered(request, a, {"criteria": [{"code": k} for k in answers]})["criteria"]}
    return {"id": a.pk, "actor": a.actor.slug, "standard": a.version.standard.slug, "version": a.version.label,
            "kind": a.kind, "status": a.status, "date": a.date, "minerals": a.minerals,
            "answers": {k: v for k, v in answers.items() if k in visible},
            "score": None if score is None else {**_filtered(request, a, score.explanation),
                                                 "progress": score.progress_detail or None}}


# Domain refusals (ValidationError → 400, PermissionDenied → 403) reach the API's one handler
# (assay.lib.api.install_error_handlers); a write also answers 403 for a read-only token or a missing CSRF token.
WRITE_ERRORS = errors(400, 401, 403, 404)


@router.post("/assessments", response={201: AssessmentOut, **WRITE_ERRORS})
def create_assessment(request: SignedInRequest, data: AssessmentIn):
    actor = get_object_or_404(Actor, slug=data.actor)
    version = get_object_or_404(StandardVersion, standard__slug=data.standard, label=data.version)
    buyer = get_object_or_404(Actor, slug=data.assessing_actor) if data.assessing_actor else None
    site = actor.sites.filter(pk=data.site).first() if data.site else None
    a = services.assessment_start(actor=request.user, organisation=actor, version=version, kind=data.kind,
                                  on=data.date, site=site, assessing_actor=buyer, minerals=data.minerals)
    return Status(201, _out(request, a))


@router.get("/assessments/{pk}", response={200: AssessmentOut, **errors(400, 401, 403, 404)})
def get_assessment(request: HttpRequest, pk: Pk):
    return _out(request, _visible(request, pk))


@router.put("/assessments/{pk}/answers", response={200: AssessmentOut, **WRITE_ERRORS})
def save_answers(request: SignedInRequest, pk: Pk, data: AnswersIn):
    a = _visible(request, pk)
    codes = set(data.answers) | {c.criterion for c in data.commitments}
    by_code = {c.code: c for c in Criterion.objects.filter(version=a.version_id, code__in=codes)}
    unknown = sorted(codes - set(by_code))
    if unknown:
        raise ValidationError({code: ["no such criterion"] for code in unknown})
    # answers and commitments together, all or nothing (as the module page saves them)
    services.assessment_save_module(
        actor=request.user, assessment=a, uploads={},
        answers={by_code[code].pk: services.AnswerInput(v.value, v.notes) for code, v in data.answers.items()},
        commitments=[services.CommitmentInput(by_code[c.criterion], c.action, c.owner, c.due)
                     for c in data.commitments])
    return Status(200, _out(request, a))


@router.post("/assessments/{pk}/submit", response={200: AssessmentOut, **WRITE_ERRORS})
def submit_assessment(request: SignedInRequest, pk: Pk):
    a = services.assessment_submit(actor=request.user, assessment=_visible(request, pk))
    fresh = Assessment.objects.select_related("actor", "version__standard", "score").get(pk=a.pk)
    return Status(200, _out(request, fresh))


@router.get("/assessments/{pk}/score", response={200: dict[str, object], **errors(400, 401, 403, 404)},
            summary="The engine's explanation of the assessment as it stands (draft or submitted)")
def assessment_score(request: HttpRequest, pk: Pk):
    a = _visible(request, pk)
    return _filtered(request, a, score_json(scoring.score_of(a)))
