"""Rankings for a period from the stored scores (DESIGN §4 rule 7), through the pure core's `rank`.

Producers: each one's latest verified assessment in the period (A1) and its stored progress against A0.
Downstream actors: enabled impact over the relationships active in the period, from the producers' progress.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any, TypedDict, cast

from django.core.cache import cache
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import get_language

from assay.assessments.assurance import PROGRESS, SHORTLISTS, allowed
from assay.assessments.models import Assessment, AssessmentStatus, Score
from assay.assessments.scoring import rules_for, supply_graph
from assay.assessments.selectors import VERIFIER
from assay.audit.services import data_version
from assay.disclosure.access import datum_classes
from assay.disclosure.models import DatumKind
from assay.domain.disclosure import Disclosure
from assay.domain.scoring import ENGINE_VERSION, Rules
from assay.domain.scoring.impact import enabled_impact, enabled_impact_all, progress_in
from assay.domain.scoring.ranking import Candidate, Excluded, Ranked, rank
from assay.registry.models import Actor, Relationship
from assay.standards.models import StandardVersion, VersionStatus

PRODUCERS, DOWNSTREAM = "producers", "downstream"
MAX_TIERS = Rules(criteria=(), modules=(), levels=()).max_tiers  # DESIGN §4 rule 6 default


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
    actors: "dict[int, ActorRow]" = field(default_factory=dict)
    # What explaining a downstream actor's credit needs, kept from the computation of the ranking.
    graph: Any = None
    progress: dict[str, Fraction] = field(default_factory=dict)
    tiers: int = MAX_TIERS
    covered: dict[str, frozenset[str]] = field(default_factory=dict)  # producer → the minerals it covered
    as_of: Any = None  # read from a summary (reporting.summaries.AsOf), else None: computed now

    def excluded_counts(self) -> dict[str, int]:
        """How many were not ranked, by reason."""
        counts: dict[str, int] = defaultdict(int)
        for e in self.excluded:
            counts[e.reason] += 1
        return dict(counts)

    def actors_of(self, ids: list[int]) -> "dict[int, ActorRow]":
        return self.actors


def cached(name: str, args: tuple, compute: Any, timeout: int = 3600) -> Any:
    """A ranking or report over the whole registry takes seconds at scale; the same one is computed once until
    the data version changes (Django's cache: per process by default, shared when CACHE_URL names Redis). The
    engine version is in the key: a shared cache never hands new code what an older engine computed."""
    key = "assay-report-" + hashlib.sha256(repr((name, args, get_language(), data_version(),
                                                 ENGINE_VERSION)).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def default_period(today: date | None = None) -> tuple[date, date]:
    """A year by default: the last full calendar year (awards are given for a year that is over)."""
    year = (today or date.today()).year - 1
    return date(year, 1, 1), date(year, 12, 31)


def current_rules() -> Rules:
    """The rules of the latest published version (the defaults of DESIGN §4 while none is published): what pages
    say about how progress and enabled impact are computed, and how far enabled impact reaches."""
    version = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
    return rules_for(version) if version else Rules(criteria=(), modules=(), levels=())


def max_tiers() -> int:
    return current_rules().max_tiers


class ActorRow(TypedDict):
    """An actor as rankings and reports read it."""

    id: int
    name: str
    slug: str
    role: str
    country: str
    minerals: list[str]
    miners: int | None


class ScoreRow(TypedDict, total=False):
    """A verified assessment's stored score as rankings and reports read it (SCORE_FIELDS, plus any extra)."""

    assessment_id: int
    assessment__actor_id: int
    assessment__date: date
    outcome: str
    level: int | None
    overall: float
    progress: float | None
    progress_detail: dict[str, Any]
    baseline_id: int | None
    in_cahra: bool
    # Extras some reports ask for:
    assessment__minerals: list[str]
    baseline__date: date | None
    baseline__score__overall: float | None
    baseline__score__outcome: str | None
    baseline__score__level: int | None


class Contribution(TypedDict):
    """One producer's part of a downstream actor's enabled impact, with the supply paths behind it."""

    producer: int
    progress: float
    weight: float
    credit: float
    paths: list[list[int]]


class Credit(TypedDict):
    value: Fraction
    contributions: list[Contribution]


ACTOR_FIELDS = ("id", "name", "slug", "role", "country", "minerals", "miners")


def actor_rows(ids: list[int]) -> dict[int, ActorRow]:
    """These actors as rankings read them (one query)."""
    return {a["id"]: cast(ActorRow, a) for a in Actor.objects.filter(pk__in=ids).values(*ACTOR_FIELDS)
            .iterator(chunk_size=5000)}


def actors_in_scope(filters: Filters, producers: bool) -> dict[int, ActorRow]:
    rows = Actor.objects.filter(role="producer") if producers else Actor.objects.exclude(role="producer")
    if filters.country:
        rows = rows.filter(country=filters.country)
    if filters.role:
        rows = rows.filter(role=filters.role)
    return {a["id"]: cast(ActorRow, a) for a in rows.values(*ACTOR_FIELDS).iterator(chunk_size=5000)
            if filters.admits(a)}


SCORE_FIELDS = ("assessment_id", "assessment__actor_id", "assessment__date", "outcome", "level", "overall",
                "progress", "progress_detail", "baseline_id", "in_cahra")


def verified_scores(end: date, actor_ids: Any = None, purpose: str = PROGRESS) -> dict[int, list[ScoreRow]]:
    """Every verified assessment up to `end` that may serve `purpose` (assurance), with its stored score, by actor,
    in date order (one query)."""
    by_actor: dict[int, list[ScoreRow]] = defaultdict(list)
    rows = Score.objects.filter(allowed(purpose, "assessment__"), assessment__date__lte=end)
    if actor_ids is not None:
        rows = rows.filter(assessment__actor_id__in=actor_ids)
    for r in rows.order_by("assessment__date", "assessment_id").values(*SCORE_FIELDS).iterator(chunk_size=5000):
        by_actor[r["assessment__actor_id"]].append(cast(ScoreRow, r))
    return by_actor


def picked(end: date, *, first: bool = False, producers: bool | None = None, since: date | None = None,
           purpose: str | None = PROGRESS) -> Any:
    """The scores of each actor's latest (or first) verified assessment up to `end` that may serve `purpose`
    (assurance; None: any verified one), as a lazy queryset (so that reports can aggregate over it in the
    database)."""
    order = ("date", "pk") if first else ("-date", "-pk")
    which = allowed(purpose) if purpose else Q(status=AssessmentStatus.VERIFIED)
    chosen = (Assessment.objects.filter(which, actor=OuterRef("pk"), date__lte=end)
              .order_by(*order).values("pk")[:1])
    actors = Actor.objects.all()
    if producers is not None:
        actors = actors.filter(role="producer") if producers else actors.exclude(role="producer")
    rows = Score.objects.filter(assessment_id__in=actors.annotate(chosen=Subquery(chosen))
                                .filter(chosen__isnull=False).values("chosen"))
    return rows.filter(assessment__date__gte=since) if since is not None else rows


def pick_verified(end: date, *, first: bool = False, producers: bool | None = None, since: date | None = None,
                  extra: tuple[str, ...] = (), purpose: str | None = PROGRESS) -> dict[int, ScoreRow]:
    """Each actor's latest (or first) verified assessment up to `end` that may serve `purpose`, with its score: one
    row per actor, chosen in the database rather than by reading every actor's history."""
    rows = picked(end, first=first, producers=producers, since=since, purpose=purpose).values(*SCORE_FIELDS, *extra)
    return {r["assessment__actor_id"]: cast(ScoreRow, r) for r in rows.iterator(chunk_size=5000)}


def who_said_so(assessment_ids: list[int]) -> dict[int, dict[str, str | None]]:
    """Each assessment's kind and who verified it, the line that goes with a level wherever it is shown (one
    query)."""
    rows = Score.objects.filter(assessment_id__in=assessment_ids).annotate(verifier=VERIFIER).values_list(
        "assessment_id", "assessment__kind", "verifier")
    return {pk: {"kind": kind, "verified_by": verifier} for pk, kind, verifier in rows}


def open_breaches(end: date, producers: bool) -> set[int]:
    """Actors whose latest verified assessment up to `end`, whoever made it, finds a Tier I breach: a red line
    reported by anyone keeps an actor out of rankings until a later verified assessment clears it."""
    return {a for a, r in pick_verified(end, producers=producers, purpose=None).items() if r["outcome"] == "disengage"}


def producer_progress(start: date, end: date) -> dict[int, ScoreRow]:
    """A1 of every producer with a verified assessment in the period (whatever the filters), with the minerals
    that assessment covers."""
    return pick_verified(end, producers=True, since=start, extra=("assessment__minerals",))


def producers(start: date, end: date, filters: Filters = ALL) -> Ranking:
    return cached("producers", (start, end, filters), lambda: _producers(start, end, filters))


def _producers(start: date, end: date, filters: Filters) -> Ranking:
    actors = actors_in_scope(filters, producers=True)
    baseline = ("baseline__date", "baseline__score__level", "baseline__score__overall", "baseline__score__outcome")
    a1s = {a: r for a, r in pick_verified(end, producers=True, since=start, extra=baseline).items() if a in actors}
    public = datum_classes(list(a1s), DatumKind.LEVEL)
    breached = open_breaches(end, producers=True)
    shortlistable = set(Score.objects.filter(allowed(SHORTLISTS, "assessment__"), assessment_id__in=[
        r["assessment_id"] for r in a1s.values()]).values_list("assessment_id", flat=True))
    said = who_said_so([r["assessment_id"] for r in a1s.values()])
    candidates = []
    for actor_id, r in a1s.items():
        # What a ranking says of the two assessments is public: never an outcome (a baseline's "disengage" is a
        # Tier I finding), only its level where it had one.
        a0 = r["baseline_id"] and {"id": r["baseline_id"], "date": r["baseline__date"],
                                   "level": r["baseline__score__level"] if r["baseline__score__outcome"] == "level"
                                   else None, "overall": r["baseline__score__overall"]}
        detail = {"a1": {"id": r["assessment_id"], "date": r["assessment__date"], "level": r["level"],
                         "overall": r["overall"], **said[r["assessment_id"]]},
                  "a0": a0 or None, "progress": r["progress_detail"] or {}, "in_cahra": r["in_cahra"],
                  "shortlists": r["assessment_id"] in shortlistable}
        candidates.append(Candidate(
            str(actor_id), actors[actor_id]["name"],
            None if r["progress"] is None else Fraction(str(r["progress"])), r["level"], r["assessment__date"],
            level_public=public[actor_id] == Disclosure.PUBLIC, open_tier1_breach=actor_id in breached,
            detail=detail))
    ranked, excluded = rank(candidates)
    return Ranking(PRODUCERS, start, end, filters, ranked, excluded, actors)


def downstream(start: date, end: date, filters: Filters = ALL, explain_top: int = 0) -> Ranking:
    """Downstream actors by enabled impact; the `explain_top` first ranked get their producers and paths."""
    ranking = cached("downstream", (start, end, filters), lambda: _downstream(start, end, filters, keep_graph=False))
    return explain(ranking, {r.candidate.actor for r in ranking.ranked[:explain_top]}) if explain_top else ranking


def _downstream(start: date, end: date, filters: Filters, keep_graph: bool = True) -> Ranking:
    actors = actors_in_scope(filters, producers=False)
    standing = pick_verified(end, producers=False)
    breached = open_breaches(end, producers=False)
    measured = producer_progress(start, end)
    progress = {str(a): Fraction(str(r["progress"])) for a, r in measured.items() if r["progress"] is not None}
    # With a mineral, the credit is for progress in that mineral: only links that carry it, only producers whose
    # assessment covered it (their minerals). Without, the total: a path counts only for a mineral that all its links
    # carry and its producer covered (domain.scoring.impact), so the producers' minerals are needed as well.
    mineral = filters.mineral or None
    graph = supply_graph(start, end, mineral=mineral)
    tiers = max_tiers()
    covered = covered_minerals(measured)
    values = enabled_impact_all(graph, progress, tiers, mineral, covered)
    public = datum_classes(list(actors), DatumKind.LEVEL)
    said = who_said_so([r["assessment_id"] for a, r in standing.items() if a in actors])
    candidates = []
    for actor_id, actor in actors.items():
        own = standing.get(actor_id)
        candidates.append(Candidate(
            str(actor_id), actor["name"], values.get(str(actor_id), Fraction(0)),
            own["level"] if own else None, own["assessment__date"] if own else None,
            level_public=public[actor_id] == Disclosure.PUBLIC, open_tier1_breach=actor_id in breached,
            detail=said[own["assessment_id"]] if own else {}))
    ranked, excluded = rank(candidates)
    # The graph is large; a cached ranking leaves it out and an explanation reads it again.
    return Ranking(DOWNSTREAM, start, end, filters, ranked, excluded, actors, graph if keep_graph else None,
                   dict(progress_in(progress, mineral, covered)), tiers, covered)


def covered_minerals(rows: dict[int, ScoreRow]) -> dict[str, frozenset[str]]:
    """Each producer's minerals in scope (Assessment.minerals) on the assessment whose progress counts (rows of
    producer_progress): what its progress is progress in, with a mineral and in the total. One whose assessment
    names none counts for every mineral."""
    return {str(a): frozenset(r["assessment__minerals"]) for a, r in rows.items() if r.get("assessment__minerals")}


def explain(ranking: Ranking, chosen: set[str]) -> Ranking:
    """Fill in the producers and paths behind the credit of the chosen downstream actors."""
    if ranking.graph is None:
        ranking.graph = supply_graph(ranking.start, ranking.end, mineral=ranking.filters.mineral or None)
    for r in ranking.ranked:
        if r.candidate.actor not in chosen:
            continue
        impact = enabled_impact(r.candidate.actor, ranking.graph, ranking.progress, ranking.tiers,
                                ranking.filters.mineral or None, ranking.covered)
        r.candidate.detail["contributions"] = [
            {"producer": int(c.producer), "progress": float(c.progress), "weight": float(c.weight),
             "credit": float(c.value), "paths": [[int(a) for a in p] for p, _w in c.paths]}
            for c in impact.contributions]
    return ranking


def credit(actor_id: int, start: date, end: date) -> Credit:
    return cached("credit", (actor_id, start, end), lambda: _credit(actor_id, start, end))


def _credit(actor_id: int, start: date, end: date) -> Credit:
    """One downstream actor's enabled impact for a period with the producers and paths behind it, reading only
    the part of the supply graph it reaches (up to max_tiers links) and the other buyers of what it reaches, which
    the missing-share rule needs."""
    active = Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start))
    tiers, frontier, reached = max_tiers(), {actor_id}, set()
    for _tier in range(tiers):
        suppliers = set(Relationship.objects.filter(active, buyer_id__in=frontier).values_list("supplier_id",
                                                                                               flat=True))
        frontier = suppliers - reached
        reached |= suppliers
        if not frontier:
            break
    measured = {a: r for a, r in producer_progress(start, end).items() if a in reached}
    progress = {str(a): Fraction(str(r["progress"])) for a, r in measured.items() if r["progress"] is not None}
    graph = supply_graph(start, end, Relationship.objects.filter(active, supplier_id__in=reached))
    impact = enabled_impact(str(actor_id), graph, progress, tiers, covered=covered_minerals(measured))
    return {"value": impact.value, "contributions": [
        {"producer": int(c.producer), "progress": float(c.progress), "weight": float(c.weight),
         "credit": float(c.value), "paths": [[int(a) for a in path] for path, _w in c.paths]}
        for c in impact.contributions]}


def disclosed(contributions: list[Contribution], names: dict[int, str], lens: Any
              ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The contributions a viewer may see named (a path to the producer whose every link `lens` shows: naming it
    would otherwise disclose a trading relationship) and one unnamed remainder (count and credit)."""
    shown, hidden = [], {"count": 0, "credit": 0.0}
    for c in sorted(contributions, key=lambda c: -c["credit"]):
        if c["credit"] <= 0:
            continue
        visible = [[names.get(a, "") for a in p] for p in c["paths"] if lens.visible(p)]
        if visible:
            shown.append({**c, "name": names.get(c["producer"], ""), "paths": visible,
                          "hidden_paths": len(c["paths"]) - len(visible)})
        else:
            hidden["count"] += 1
            hidden["credit"] += c["credit"]
    return shown, hidden


def not_ranked(excluded: list[Excluded], named: bool) -> dict[str, int | None]:
    """How many were not ranked, by reason. A count is an aggregate of the actors' data: below k it is withheld
    (None), as any public figure (DESIGN §5), except for whoever may see the names anyway (the secretariat)."""
    counts: dict[str, int] = defaultdict(int)
    for e in excluded:
        counts[e.reason] += 1
    return withheld(counts, named)


def withheld(counts: dict[str, int], named: bool) -> dict[str, int | None]:
    """`not_ranked` from the counts by reason."""
    from django.conf import settings

    k = settings.ASSAY_MIN_GROUP
    return {reason: n if named or n >= k else None for reason, n in sorted(counts.items())}
