"""Rankings for a period from the stored scores (DESIGN §4 rule 7), through the pure core's `rank`.

Producers: each one's latest verified assessment in the period (A1) and its stored progress against A0.
Downstream actors: enabled impact over the relationships active in the period, from the producers' progress.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from assay.accounts.access import datum_classes
from assay.accounts.models import DatumKind
from assay.assessments.models import Assessment, AssessmentStatus, Score
from assay.assessments.scoring import supply_graph
from assay.domain.disclosure import Disclosure
from assay.domain.scoring.impact import enabled_impact, enabled_impact_all
from assay.domain.scoring.ranking import Candidate, Excluded, Ranked, rank
from assay.registry.models import Actor

PRODUCERS, DOWNSTREAM = "producers", "downstream"
MAX_TIERS = 4  # DESIGN §4 rule 6 default; the published version's own value is used when there is one


@dataclass(frozen=True)
class Filters:
    country: str = ""
    mineral: str = ""
    role: str = ""

    def admits(self, actor: dict[str, Any]) -> bool:
        return ((not self.country or actor["country"] == self.country)
                and (not self.mineral or self.mineral in (actor["minerals"] or []))
                and (not self.role or actor["role"] == self.role))

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in (("country", self.country), ("mineral", self.mineral), ("role", self.role)) if v}


ALL = Filters()


@dataclass
class Ranking:
    category: str
    start: date
    end: date
    filters: Filters
    ranked: list[Ranked]
    excluded: list[Excluded]
    actors: dict[int, dict[str, Any]] = field(default_factory=dict)
    # What explaining a downstream actor's credit needs, kept from the computation of the ranking.
    graph: Any = None
    progress: dict[str, Fraction] = field(default_factory=dict)
    tiers: int = MAX_TIERS


def default_period(today: date | None = None) -> tuple[date, date]:
    """A year by default: the last full calendar year (awards are given for a year that is over)."""
    year = (today or date.today()).year - 1
    return date(year, 1, 1), date(year, 12, 31)


def max_tiers() -> int:
    from assay.assessments.scoring import rules_for
    from assay.standards.models import StandardVersion, VersionStatus

    version = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
    return rules_for(version).max_tiers if version else MAX_TIERS


def actors_in_scope(filters: Filters, producers: bool) -> dict[int, dict[str, Any]]:
    rows = Actor.objects.filter(role="producer") if producers else Actor.objects.exclude(role="producer")
    if filters.country:
        rows = rows.filter(country=filters.country)
    if filters.role:
        rows = rows.filter(role=filters.role)
    fields = ("id", "name", "slug", "role", "country", "minerals", "miners")
    return {a["id"]: a for a in rows.values(*fields).iterator(chunk_size=5000) if filters.admits(a)}


def verified_scores(end: date) -> dict[int, list[dict[str, Any]]]:
    """Every verified assessment up to `end` with its stored score, by actor, in date order (one query)."""
    by_actor: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = (Score.objects.filter(assessment__status=AssessmentStatus.VERIFIED, assessment__date__lte=end)
            .order_by("assessment__date", "assessment_id")
            .values("assessment_id", "assessment__actor_id", "assessment__date", "outcome", "level", "overall",
                    "progress", "progress_detail", "baseline_id", "in_cahra"))
    for r in rows.iterator(chunk_size=5000):
        by_actor[r["assessment__actor_id"]].append(r)
    return by_actor


def producer_progress(start: date, end: date, scores: dict[int, list[dict[str, Any]]] | None = None
                      ) -> dict[int, dict[str, Any]]:
    """A1 of every producer with a verified assessment in the period (whatever the filters)."""
    scores = scores if scores is not None else verified_scores(end)
    out = {}
    for actor_id, rows in scores.items():
        latest = rows[-1]
        if start <= latest["assessment__date"] <= end:
            out[actor_id] = latest
    return out


def producers(start: date, end: date, filters: Filters = ALL) -> Ranking:
    actors = actors_in_scope(filters, producers=True)
    scores = verified_scores(end)
    a1s = {a: r for a, r in producer_progress(start, end, scores).items() if a in actors}
    public = datum_classes(list(a1s), DatumKind.LEVEL)
    baselines = {b["id"]: b for b in Assessment.objects.filter(
        pk__in=[r["baseline_id"] for r in a1s.values() if r["baseline_id"]]).values(
        "id", "date", "score__level", "score__overall", "score__outcome")}
    candidates = []
    for actor_id, r in a1s.items():
        a0 = baselines.get(r["baseline_id"])
        detail = {"a1": {"id": r["assessment_id"], "date": r["assessment__date"], "level": r["level"],
                         "overall": r["overall"], "outcome": r["outcome"]},
                  "a0": a0 and {"id": a0["id"], "date": a0["date"], "level": a0["score__level"],
                                "overall": a0["score__overall"], "outcome": a0["score__outcome"]},
                  "progress": r["progress_detail"] or {}, "in_cahra": r["in_cahra"]}
        candidates.append(Candidate(
            str(actor_id), actors[actor_id]["name"],
            None if r["progress"] is None else Fraction(str(r["progress"])), r["level"], r["assessment__date"],
            level_public=public[actor_id] == Disclosure.PUBLIC, open_tier1_breach=r["outcome"] == "disengage",
            detail=detail))
    ranked, excluded = rank(candidates)
    return Ranking(PRODUCERS, start, end, filters, ranked, excluded, actors)


def downstream(start: date, end: date, filters: Filters = ALL, explain_top: int = 0) -> Ranking:
    """Downstream actors by enabled impact; the `explain_top` first ranked get their producers and paths."""
    actors = actors_in_scope(filters, producers=False)
    scores = verified_scores(end)
    progress = {str(a): Fraction(str(r["progress"])) for a, r in producer_progress(start, end, scores).items()
                if r["progress"] is not None}
    graph = supply_graph(start, end)
    tiers = max_tiers()
    values = enabled_impact_all(graph, progress, tiers)
    public = datum_classes(list(actors), DatumKind.LEVEL)
    candidates = []
    for actor_id, actor in actors.items():
        standing = scores.get(actor_id, [None])[-1]
        candidates.append(Candidate(
            str(actor_id), actor["name"], values.get(str(actor_id), Fraction(0)),
            standing["level"] if standing else None, standing["assessment__date"] if standing else None,
            level_public=public[actor_id] == Disclosure.PUBLIC,
            open_tier1_breach=bool(standing and standing["outcome"] == "disengage")))
    ranked, excluded = rank(candidates)
    ranking = Ranking(DOWNSTREAM, start, end, filters, ranked, excluded, actors, graph, progress, tiers)
    return explain(ranking, {r.candidate.actor for r in ranked[:explain_top]})


def explain(ranking: Ranking, chosen: set[str]) -> Ranking:
    """Fill in the producers and paths behind the credit of the chosen downstream actors."""
    for r in ranking.ranked:
        if r.candidate.actor not in chosen:
            continue
        impact = enabled_impact(r.candidate.actor, ranking.graph, ranking.progress, ranking.tiers)
        r.candidate.detail["contributions"] = [
            {"producer": int(c.producer), "progress": float(c.progress), "weight": float(c.weight),
             "credit": float(c.value), "paths": [[int(a) for a in p] for p, _w in c.paths]}
            for c in impact.contributions]
    return ranking
