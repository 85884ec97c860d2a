"""The public registry in the JSON API."""

from datetime import date

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router, Schema
from pydantic import Field

from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.lib.api import Slug, errors, text
from assay.registry.models import Actor

from . import permissions, selectors

router = Router(tags=["registry"])


class ActorOut(Schema):
    slug: str
    name: str
    role: str
    country: str
    region: str
    minerals: list[str]
    miners: int | None
    level: int | None
    overall: float | None
    progress: float | None
    # who said so: the assessment behind the level (assurance decides which kinds may set it)
    level_kind: str | None = None
    level_date: date | None = None
    level_verified_by: str | None = None


class SiteOut(Schema):
    name: str
    region: str
    latitude: float | None = None
    longitude: float | None = None


class ActorDetail(ActorOut):
    profile: str
    regions: list[str]
    sites: list[SiteOut]
    history: list[dict[str, object]]


class CommitmentOut(Schema):
    id: int
    criterion: str | None
    action: str
    owner: str
    due: date
    status: str = Field(description="open, lapsed (open past its due date), done (waiting for an assessor) or "
                                    "verified")
    done_on: date | None
    done_note: str
    verified_on: date | None


def _out(a: Actor) -> dict:
    score = selectors.public_score(a)
    return {"slug": a.slug, "name": a.name, "role": a.role, "country": a.country.code, "region": a.region,
            "minerals": a.minerals, "miners": a.miners, "level": score.level if score.at_level else None,
            "overall": score.overall if score.at_level else None, "progress": score.progress,
            "level_kind": score.kind, "level_date": score.date, "level_verified_by": score.verifier}


class ActorQuery(Schema):
    role: text(20) = ""
    country: text(2) = ""
    mineral: text(40) = ""
    level: int | None = Field(None, ge=0, le=10)
    q: text(200) = ""
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/actors", response={200: list[ActorOut], **errors(400, 401)}, summary="The public registry, filtered")
def list_actors(request: HttpRequest, f: Query[ActorQuery]):
    chosen = selectors.ActorFilter(role=f.role, country=f.country.upper(), mineral=f.mineral, level=f.level, q=f.q)
    return [_out(a) for a in selectors.actor_list(chosen)[f.offset:f.offset + f.limit]]


@router.get("/actors/{slug}", response={200: ActorDetail, **errors(400, 401, 404)},
            summary="One actor's public profile and verified history")
def get_actor(request: HttpRequest, slug: Path[Slug]):
    actor = get_object_or_404(selectors.with_public_score(Actor.objects.all()), slug=slug)
    scored = selectors.scored_history(actor)
    assured = selectors.assured(scored)
    history = [{"date": a.date.isoformat(), "level": a.score.level if a.score.outcome == "level" else None,
                "overall": a.score.overall, "progress": a.score.progress, "kind": a.kind,
                "verified_by": assured[a.pk].verified_by, "sets_public_level": assured[a.pk].sets_public_level}
               for a in scored]
    exact = Lens(request.user, actor.pk, request).sees[DatumKind.COORDINATES]
    sites = [{"name": s.name, "region": s.region,
              "latitude": float(s.latitude) if exact and s.latitude is not None else None,
              "longitude": float(s.longitude) if exact and s.longitude is not None else None}
             for s in actor.sites.all()]
    return {**_out(actor), "profile": actor.profile, "regions": sorted({s.region for s in actor.sites.all()}),
            "sites": sites, "history": history}


@router.get("/actors/{slug}/commitments", response={200: list[CommitmentOut], **errors(400, 401, 404)},
            summary="An actor's improvement commitments and where each stands (its network only)")
def actor_commitments(request: HttpRequest, slug: Path[Slug]):
    actor = get_object_or_404(Actor, slug=slug)
    if not Lens(request.user, actor.pk, request).sees[DatumKind.COMMITMENTS]:
        raise Http404  # like the dashboard: outsiders are not told what an actor promised
    return [{"id": c.pk, "criterion": c.criterion.code if c.criterion else None, "action": c.action,
             "owner": c.owner, "due": c.due, "status": selectors.commitment_state(c, date.today()),
             "done_on": c.done_on, "done_note": c.done_note, "verified_on": c.verified_on}
            for c in selectors.commitments_of(actor)]


class RequestOut(Schema):
    id: int
    buyer: str = Field(description="the requesting buyer's registry slug")
    supplier: str = Field(description="the supplier's registry slug")
    kind: str = Field(description="self or second_party")
    due: date
    state: str = Field(description="sent, accepted, in_progress, submitted, overdue, declined or withdrawn")
    assessment: int | None
    sent_on: date


@router.get("/actors/{slug}/requests", response={200: list[RequestOut], **errors(400, 401, 404)},
            summary="The requests for assessments an actor made of its suppliers and those made of it (its members "
                    "and the secretariat only)")
def actor_requests(request: HttpRequest, slug: Path[Slug]):
    actor = get_object_or_404(Actor, slug=slug)
    if not permissions.can_see_requests_of(request.user, actor.pk):
        raise Http404
    lists, today = selectors.requests_of(actor), date.today()
    return [{"id": r.pk, "buyer": r.buyer.slug, "supplier": r.supplier.slug, "kind": r.kind, "due": r.due,
             "state": r.state(today), "assessment": r.assessment_id, "sent_on": r.created_at.date()}
            for r in lists["made"] + lists["received"]]
