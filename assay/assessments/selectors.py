"""Reads the registry pages and API share."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from assay.registry.models import Actor

from .models import Assessment, AssessmentStatus, Score


def _latest_verified(field: str) -> Subquery:
    return Subquery(Score.objects.filter(assessment__actor=OuterRef("pk"),
                                         assessment__status=AssessmentStatus.VERIFIED)
                    .order_by("-assessment__date", "-assessment_id").values(field)[:1])


def with_public_score(actors: QuerySet[Actor]) -> QuerySet[Actor]:
    """Annotate each actor with its latest verified outcome, level and overall score (one query in all)."""
    return actors.annotate(latest_outcome=_latest_verified("outcome"), latest_level=_latest_verified("level"),
                           latest_overall=_latest_verified("overall"), latest_progress=_latest_verified("progress"))


@dataclass(frozen=True)
class ActorFilter:
    role: str = ""
    country: str = ""
    mineral: str = ""
    level: int | None = None
    q: str = ""


def actor_list(f: ActorFilter) -> QuerySet[Actor]:
    actors = with_public_score(Actor.objects.all())
    if f.role:
        actors = actors.filter(role=f.role)
    if f.country:
        actors = actors.filter(country=f.country)
    if f.mineral:
        actors = actors.filter(minerals__icontains=f'"{f.mineral}"')
    if f.q:
        actors = actors.filter(name__icontains=f.q)
    if f.level is not None:
        actors = actors.filter(latest_outcome="level", latest_level=f.level)
    return actors.order_by("name")


def scored_history(actor: Actor, statuses=(AssessmentStatus.VERIFIED,)) -> list[Assessment]:
    """The actor's assessments with a stored score, oldest first."""
    return list(Assessment.objects.filter(actor=actor, status__in=statuses, score__isnull=False)
                .select_related("score", "version__standard").order_by("date", "id"))


@dataclass(frozen=True)
class Distribution:
    """Producers by country and level; cells over fewer than k producers are hidden (None)."""

    countries: list[str]
    levels: list[int]
    cells: dict[tuple[str, int], int | None]
    row_totals: dict[str, int | None]
    column_totals: dict[int, int | None]


def level_distribution(k: int) -> Distribution:
    """Counts of producers at each level (latest verified), with small-cell and secondary suppression."""
    from assay.domain.disclosure import Cell, suppress

    members: dict[tuple[str, int], set[str]] = {}
    for a in with_public_score(Actor.objects.filter(role="producer")).filter(latest_outcome="level"):
        members.setdefault((a.country.code, a.latest_level), set()).add(str(a.pk))
    countries = sorted({c for c, _ in members})
    levels = sorted({lv for _, lv in members})
    cells = [Cell((c, str(lv)), frozenset(members.get((c, lv), ())), float(len(members.get((c, lv), ()))))
             for c in countries for lv in levels]
    hidden = suppress(cells, k=k) if cells else set()
    shown = {(c.key[0], int(c.key[1])): (None if c.key in hidden else int(c.value)) for c in cells}

    def total(keys: list[tuple[str, int]]) -> int | None:
        n = sum(len(members.get(key, ())) for key in keys)
        return n if n >= k else None

    return Distribution(
        countries=countries, levels=levels, cells=shown,
        row_totals={c: total([(c, lv) for lv in levels]) for c in countries},
        column_totals={lv: total([(c, lv) for c in countries]) for lv in levels},
    )
