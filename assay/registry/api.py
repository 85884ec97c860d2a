"""The public registry in the JSON API."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from assay.accounts.access import Lens
from assay.accounts.models import DatumKind

from . import selectors
from .models import Actor

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


def _out(a: Actor) -> dict:
    at_level = a.latest_outcome == "level"
    return {"slug": a.slug, "name": a.name, "role": a.role, "country": a.country.code, "region": a.region,
            "minerals": a.minerals, "miners": a.miners, "level": a.latest_level if at_level else None,
            "overall": a.latest_overall if at_level else None, "progress": a.latest_progress}


@router.get("/actors", response=list[ActorOut], summary="The public registry, filtered")
def list_actors(request: HttpRequest, role: str = "", country: str = "", mineral: str = "", level: int | None = None,
                q: str = "", limit: int = 100, offset: int = 0):
    f = selectors.ActorFilter(role=role, country=country.upper(), mineral=mineral, level=level, q=q)
    limit = max(1, min(limit, 500))
    return [_out(a) for a in selectors.actor_list(f)[offset:offset + limit]]


@router.get("/actors/{slug}", response=ActorDetail, summary="One actor's public profile and verified history")
def get_actor(request: HttpRequest, slug: str):
    actor = get_object_or_404(selectors.with_public_score(Actor.objects.all()), slug=slug)
    history = [{"date": a.date.isoformat(), "level": a.score.level if a.score.outcome == "level" else None,
                "overall": a.score.overall, "progress": a.score.progress} for a in selectors.scored_history(actor)]
    exact = Lens(request.user, actor.pk, request).sees[DatumKind.COORDINATES]
    sites = [{"name": s.name, "region": s.region,
              "latitude": float(s.latitude) if exact and s.latitude is not None else None,
              "longitude": float(s.longitude) if exact and s.longitude is not None else None}
             for s in actor.sites.all()]
    return {**_out(actor), "profile": actor.profile, "regions": sorted({s.region for s in actor.sites.all()}),
            "sites": sites, "history": history}
