"""Rankings, award shortlists, the impact report and the actor's report in the JSON API, with what the pages show a
viewer."""

from datetime import date
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from assay.assessments.models import Assessment
from assay.disclosure.access import PathLens
from assay.lib.api import CodeText, Day, Id, Slug, errors, text
from assay.registry.models import Actor

from . import actor_report, claims, impact, rankings, supply_chain
from .models import Category, Shortlist, SupplyChainClaim

router = Router(tags=["rankings and reports"])


class PeriodIn(Schema):
    start: Day | None = None
    end: Day | None = None
    country: text(2) = ""
    mineral: text(40) = ""
    role: text(20) = ""
    limit: int = Field(100, ge=1, le=1000)
    explain: bool = False  # downstream: the producers and paths behind the first 10 entries' credit


class RankedOut(Schema):
    rank: int
    actor: str
    name: str
    country: str
    level: int | None
    date: date | None
    value: float
    explanation: dict[str, Any]


class RankingOut(Schema):
    category: str
    start: date
    end: date
    ranked: list[RankedOut]
    not_ranked: dict[str, int | None]  # null: fewer than k (5) actors, withheld


def _period(q: PeriodIn) -> tuple[date, date, rankings.Filters]:
    start, end = rankings.default_period()
    return (q.start or start, q.end or end, rankings.Filters(country=q.country.upper()[:2], mineral=q.mineral,
                                                              role=q.role))


@router.get("/reports/rankings/{category}", response={200: RankingOut, **errors(400, 401)})
def ranking(request: HttpRequest, category: Path[Literal["producers", "downstream"]], q: Query[PeriodIn]):
    start, end, filters = _period(q)
    if end < start:
        return Status(400, {"detail": "the period must end after it starts"})
    limit = q.limit
    result = (rankings.producers(start, end, filters) if category == Category.PRODUCERS
              else rankings.downstream(start, end, filters, explain_top=min(limit, 10) if q.explain else 0))
    paths = PathLens(request.user)
    names = dict(Actor.objects.values_list("id", "name")) if category == Category.DOWNSTREAM else {}
    rows = []
    for r in result.ranked[:limit]:
        actor, detail = result.actors[int(r.candidate.actor)], r.candidate.detail
        if category == Category.PRODUCERS:
            explanation = {"a1": detail["a1"], "a0": detail["a0"], "progress": detail["progress"],
                           "in_cahra": detail["in_cahra"]}
        elif "contributions" in detail:  # as on the page: producers named only where a path is visible
            named, unnamed = rankings.disclosed(detail["contributions"], names, paths)
            explanation = {"producers": [{k: c[k] for k in ("name", "progress", "weight", "credit", "paths")}
                                         for c in named], "not_public": unnamed}
        else:
            explanation = {}
        rows.append({"rank": r.rank, "actor": actor["slug"], "name": actor["name"], "country": actor["country"],
                     "level": r.candidate.level, "date": r.candidate.on, "value": float(r.candidate.value),
                     "explanation": explanation})
    reasons = rankings.not_ranked(result.excluded, request.user.has_perm("reporting.see_excluded_names"))
    return {"category": category, "start": start, "end": end, "ranked": rows, "not_ranked": reasons}


class EntryOut(Schema):
    group: str
    position: int
    rank: int
    actor: str
    name: str
    country: str
    value: float
    level: int | None
    date: date | None
    evidence: dict[str, Any]


class ShortlistOut(Schema):
    id: int
    title: str
    category: str
    start: date
    end: date
    size: int
    group_by: str
    filters: dict[str, str]
    engine: str
    created_at: str
    entries: list[EntryOut]


def _shortlist_out(s: Shortlist) -> dict[str, Any]:
    return {"id": s.pk, "title": s.title, "category": s.category, "start": s.start, "end": s.end, "size": s.size,
            "group_by": s.group_by, "filters": s.filters, "engine": s.engine, "created_at": s.created_at.isoformat(),
            "entries": [{"group": e.group, "position": e.position, "rank": e.rank, "actor": e.actor.slug,
                         "name": e.actor_name, "country": str(e.country), "value": e.value, "level": e.level,
                         "date": e.on, "evidence": e.evidence}
                        for e in s.entries.select_related("actor")]}


@router.get("/reports/shortlists", response={200: list[ShortlistOut], **errors(401, 403)})
def shortlists(request: HttpRequest):
    if not request.user.has_perm("reporting.read_shortlists"):
        return Status(403, {"detail": "for the secretariat and the committee"})
    return [_shortlist_out(s) for s in Shortlist.objects.all()[:100]]


@router.get("/reports/shortlists/{pk}", response={200: ShortlistOut, **errors(400, 401, 403, 404)})
def shortlist(request: HttpRequest, pk: Path[Id]):
    if not request.user.has_perm("reporting.read_shortlists"):
        return Status(403, {"detail": "for the secretariat and the committee"})
    return _shortlist_out(get_object_or_404(Shortlist, pk=pk))


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    note: str


class ImpactOut(Schema):
    start: date
    end: date
    country: str
    mineral: str
    min_group: int
    tables: list[TableOut]


@router.get("/reports/impact", response={200: ImpactOut, **errors(400, 401)})
def impact_report(request: HttpRequest, q: Query[PeriodIn]):
    """The impact report's tables; a suppressed figure (a group smaller than min_group) is null."""
    start, end, filters = _period(q)
    if end < start:
        return Status(400, {"detail": "the period must end after it starts"})
    report = impact.build(start, end, rankings.Filters(country=filters.country, mineral=filters.mineral))
    return {"start": start, "end": end, "country": filters.country, "mineral": filters.mineral,
            "min_group": report.k, "tables": [
                {"key": t.key, "title": t.title, "columns": t.columns, "note": t.note,
                 "rows": [{"label": label, "values": values} for label, values in t.rows]} for t in report.tables]}


class SupplierOut(Schema):
    tier: int
    slug: str
    name: str
    role: str
    country: str
    minerals: list[str]
    level: int | None
    level_kind: str | None
    level_date: date | None
    level_verified_by: str | None
    progress: float | None
    commitments: dict[str, int] | None = Field(description="verified, done, open, lapsed; null: not shared")
    tier1_breach: bool | None = Field(description="null: the findings are not shared with this viewer")
    tier2_open: int | None


class SupplyChainOut(Schema):
    buyer: str
    on: date
    mineral: str
    tiers: int
    named: int = Field(description="every supplier named to this viewer; `suppliers` holds the window asked for")
    offset: int
    suppliers: list[SupplierOut]
    unnamed: dict[int, int]  # tier → suppliers reached through relationships the viewer may not see


class SupplyChainIn(Schema):
    mineral: CodeText = ""
    tiers: int | None = Field(None, ge=1, le=10)
    offset: int = Field(0, ge=0, le=10_000_000)
    limit: int | None = Field(None, ge=1, le=10_000, description="a window of the sorted suppliers; none: all")


@router.get("/reports/supply-chain/{slug}", response={200: SupplyChainOut, **errors(400, 401, 404)},
            summary="A buyer's suppliers, tier by tier (its members and the secretariat only)")
def supply_chain_api(request: HttpRequest, slug: Path[Slug], q: Query[SupplyChainIn]):
    buyer = get_object_or_404(Actor.objects.exclude(role="producer"), slug=slug)
    if not supply_chain.may_view(request.user, buyer):
        raise Http404
    chain = supply_chain.supply_chain(request.user, buyer, mineral=q.mineral, tiers=q.tiers, request=request,
                                      offset=q.offset, limit=q.limit)
    return {"buyer": buyer.slug, "on": chain.on, "mineral": chain.mineral, "tiers": chain.tiers,
            "named": chain.named, "offset": chain.offset,
            "unnamed": chain.unnamed,
            "suppliers": [{"tier": s.tier, "slug": s.slug, "name": s.name, "role": s.role, "country": s.country,
                           "minerals": s.minerals, "level": s.score.level if s.score.at_level else None,
                           "level_kind": s.score.kind, "level_date": s.score.date,
                           "level_verified_by": s.score.verifier, "progress": s.score.progress,
                           "commitments": s.commitments, "tier1_breach": s.tier1_breach, "tier2_open": s.tier2_open}
                          for s in chain.suppliers]}


@router.get("/assessments/{pk}/report", response={200: dict[str, Any], **errors(400, 401, 404)},
            summary="One assessment's summary (public data) or full report (network data), as its page shows it")
def assessment_report(request: HttpRequest, pk: Path[Id], part: Query[Literal["summary", "full"]] = "summary"):
    """The actor's report on a submitted or verified assessment (never a draft): each datum null or left out
    where the viewer may not see it; `fingerprint` is the summary's, which /reports/verify/{pk}/{fingerprint}/
    checks."""
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard", "reviewed_by"),
                                   pk=pk)
    held = actor_report.report_standings(request.user, assessment)
    if not actor_report.may_open(request.user, assessment, part, held):
        raise Http404
    report = actor_report.build(request.user, assessment, part, request)
    return {**actor_report.as_json(report),
            "verify_url": request.build_absolute_uri(actor_report.verify_path(assessment, report.fingerprint))}


class ClaimOut(Schema):
    id: int
    buyer: str
    mineral: str
    start: date
    end: date
    issued_at: str
    withdrawn_at: str | None
    withdrawn_reason: str
    fingerprint: str = Field(description="SHA-256 of the canonical JSON of `statement` (keys sorted, no spaces)")
    intact: bool = Field(description="the stored statement matches its fingerprint")
    verify_url: str
    statement: dict[str, Any] = Field(description="aggregates only; a null figure is suppressed (min_group)")


def _claim_out(request: HttpRequest, c: SupplyChainClaim) -> dict[str, Any]:
    return {"id": c.pk, "buyer": c.buyer.slug, "mineral": c.mineral, "start": c.start, "end": c.end,
            "issued_at": c.issued_at.isoformat(), "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at
            else None, "withdrawn_reason": c.withdrawn_reason, "fingerprint": c.fingerprint,
            "intact": claims.fingerprint(c.content) == c.fingerprint,
            "verify_url": request.build_absolute_uri(reverse("reporting:claim_verify", args=[c.token])),
            "statement": c.content}


@router.get("/reports/claims/{slug}", response={200: list[ClaimOut], **errors(400, 401, 404)},
            summary="A buyer's supply-chain claims (its members and the secretariat only)")
def claims_api(request: HttpRequest, slug: Path[Slug]):
    buyer = get_object_or_404(Actor.objects.exclude(role="producer"), slug=slug)
    if not claims.may_read(request.user, buyer):
        raise Http404
    return [_claim_out(request, c) for c in SupplyChainClaim.objects.filter(buyer=buyer).select_related("buyer")]


@router.get("/reports/claim-statements/{token}", response={200: ClaimOut, **errors(400, 401, 404)},
            summary="A supply-chain claim's public statement, by its verification token")
def claim_statement(request: HttpRequest, token: Path[Slug]):
    return _claim_out(request, get_object_or_404(SupplyChainClaim.objects.select_related("buyer"), token=token))
