"""A buyer's supply chain (issue 14): every supplier it reaches through active sourcing relationships, tier by tier,
with what the disclosure policy lets the viewer see of each.

A supplier is named only where the viewer may see every link of a path to it (PathLens's rule: a link is seen
as a trading relationship of its buyer or of its supplier); the others are counted, tier by tier, unnamed. Each
figure asks the one policy for its own kind of data: the public level and progress for everyone, commitments for
the supplier's network (a tier-2 supplier is not a direct trading partner), Tier I and Tier II flags where the
findings are open to the viewer. A fixed number of queries, however many suppliers there are.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from assay.assessments.models import Answer
from assay.assessments.selectors import NO_SCORE, LatestVerified, PublicScore, commitment_counts, latest_scores_many
from assay.disclosure.access import can_see_many, datum_classes, log_reads, standings_many
from assay.disclosure.models import DatumKind
from assay.domain.disclosure import Disclosure, Standing
from assay.registry.models import Actor, Mineral, Relationship

from .rankings import max_tiers

SORTS = ("tier", "name", "level", "progress")


@dataclass
class Supplier:
    id: int
    name: str
    slug: str
    role: str
    country: str
    tier: int
    minerals: list[str]
    score: PublicScore
    commitments: dict[str, int] | None  # None: not the viewer's to see
    tier1_breach: bool | None
    tier2_open: int | None
    last_verified: date | None = None  # the date of its latest verified assessment, of any kind (public history)

    @property
    def mineral_names(self) -> list[str]:
        names = dict(Mineral.choices)
        return [str(names.get(m, m)) for m in self.minerals]


@dataclass
class SupplyChain:
    buyer: Actor
    on: date
    mineral: str
    tiers: int
    suppliers: list[Supplier] = field(default_factory=list)
    unnamed: dict[int, int] = field(default_factory=dict)  # tier → suppliers the viewer may not see named
    named: int = 0  # every supplier named to the viewer; `suppliers` may hold one window of them
    offset: int = 0


def may_view(user: Any, buyer: Actor) -> bool:
    """A buyer's own members, the secretariat and superusers: a supply chain is the buyer's working view."""
    if getattr(user, "is_superuser", False):
        return True
    held = standings_many(user, [buyer.pk])[buyer.pk]
    return bool(held & {Standing.MEMBER, Standing.SECRETARIAT})


def _reach(buyer_id: int, on: date, mineral: str, tiers: int) -> tuple[dict[int, int], dict[int, list[int]],
                                                                          dict[int, set[str] | None]]:
    """Breadth first from the buyer, one query per tier: each supplier's tier, one shortest path to it, and the
    minerals carried by every link of that path (None: links that list none carry every mineral)."""
    tier_of: dict[int, int] = {}
    path_to: dict[int, list[int]] = {buyer_id: [buyer_id]}
    carried: dict[int, set[str] | None] = {buyer_id: None}
    frontier = {buyer_id}
    active = Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)) & Q(kind="sourcing")
    for tier in range(1, tiers + 1):
        links = Relationship.objects.filter(active, buyer_id__in=frontier).values_list("buyer_id", "supplier_id",
                                                                                       "minerals")
        frontier = set()
        for buyer, supplier, minerals in links.order_by("buyer_id", "supplier_id"):
            if supplier in path_to:
                continue
            before = carried[buyer]
            here = set(minerals) if minerals else None
            both = here if before is None else before if here is None else before & here
            if mineral and both is not None and mineral not in both:
                continue  # this link does not carry the mineral asked for
            if both is not None and not both:
                continue  # nothing flows along the whole path
            tier_of[supplier], path_to[supplier], carried[supplier] = tier, [*path_to[buyer], supplier], both
            frontier.add(supplier)
        if not frontier:
            break
    return tier_of, path_to, carried


def reachable(buyer_id: int, on: date, tiers: int | None = None) -> set[int]:
    """The suppliers `buyer_id` reaches on `on` through active sourcing relationships, up to `tiers` (max_tiers)."""
    return set(_reach(buyer_id, on, "", tiers or max_tiers())[0])


def supply_chain(user: Any, buyer: Actor, *, on: date | None = None, mineral: str = "", tiers: int | None = None,
                 sort: str = "tier", request: HttpRequest | None = None, offset: int = 0,
                 limit: int | None = None) -> SupplyChain:
    """The suppliers named to `user`, sorted; `limit` keeps one window of them (from `offset`), and only the
    window's commitments and findings are read (and restricted reads logged), and its scores too unless the sort
    is by level or progress. `chain.named` counts every supplier named."""
    on = on or date.today()
    most = max_tiers()
    tiers = most if tiers is None else max(1, min(tiers, most))
    tier_of, path_to, carried = _reach(buyer.pk, on, mineral, tiers)
    chain = SupplyChain(buyer, on, mineral, tiers)
    if not tier_of:
        return chain
    ids = list(tier_of)
    standing = standings_many(user, [*ids, buyer.pk], on)
    full = bool(getattr(user, "is_superuser", False))
    sees_links = can_see_many(user, [*ids, buyer.pk], DatumKind.RELATIONSHIPS, request, standing)
    named = [a for a in ids if full or all(sees_links.get(x, False) or sees_links.get(y, False)
                                            for x, y in zip(path_to[a], path_to[a][1:], strict=False))]
    for hidden in set(ids) - set(named):
        chain.unnamed[tier_of[hidden]] = chain.unnamed.get(tier_of[hidden], 0) + 1
    chain.named = len(named)
    if not named:
        return chain
    rows = Actor.objects.filter(pk__in=named).values_list("pk", "name", "slug", "role", "country", "minerals")
    for pk, name, slug, role, country, actor_minerals in rows:
        path_minerals = carried[pk]
        minerals = [m for m in actor_minerals or [] if path_minerals is None or m in path_minerals]
        chain.suppliers.append(Supplier(pk, name, slug, role, str(country or ""), tier_of[pk], minerals, NO_SCORE,
                                        None, None, None))
    by_score = sort in ("level", "progress")
    latest: dict[int, LatestVerified] = {}
    if by_score:  # every named supplier's score is needed to sort; by tier or name, only the window's
        latest = _scores(chain.suppliers)
    key = {"name": lambda s: (s.name.lower(),),
           "level": lambda s: (-(s.score.level or 0) if s.score.at_level else 1, s.name.lower()),
           "progress": lambda s: (-(s.score.progress or 0), s.name.lower()),
           }.get(sort, lambda s: (s.tier, s.name.lower()))
    chain.suppliers.sort(key=key)
    if limit is not None:
        offset = max(0, offset)
        if offset >= len(chain.suppliers):  # past the end: the last window
            offset = (len(chain.suppliers) - 1) // limit * limit if limit > 0 else 0
        chain.offset = offset
        chain.suppliers = chain.suppliers[chain.offset:chain.offset + limit]
    if not by_score:
        latest = _scores(chain.suppliers)
    _details(user, chain.suppliers, latest, on, request, standing, full)
    return chain


def _scores(suppliers: list[Supplier]) -> dict[int, LatestVerified]:
    """Each supplier's public score and the date of its latest verified assessment; returns the latest verified
    assessment of each, whoever made it (a red line reported by anyone is a red line, as in the rankings)."""
    scores, latest = latest_scores_many([s.id for s in suppliers])
    for s in suppliers:
        s.score = scores.get(s.id, NO_SCORE)
        s.last_verified = latest[s.id].date if s.id in latest else None
    return latest


def _details(user: Any, shown: list[Supplier], latest: dict[int, LatestVerified], on: date,
             request: HttpRequest | None, standing: dict[int, frozenset[Standing]], full: bool) -> None:
    """Commitments, the Tier I flag and open Tier II risks of the suppliers shown, each where the policy lets the
    viewer see that kind of the supplier's data; the restricted ones read are logged."""
    ids = [s.id for s in shown]
    if not ids:
        return
    sees_commitments = can_see_many(user, ids, DatumKind.COMMITMENTS, request, standing)
    sees_gates = can_see_many(user, ids, DatumKind.GATE_FINDINGS, request, standing, log=False)
    sees_answers = can_see_many(user, ids, DatumKind.ANSWERS, request, standing)
    assessments = [latest[a].assessment_id for a in ids if a in latest]
    tier2 = dict(Answer.objects.filter(assessment_id__in=assessments, criterion__tier=2, maturity__lte=1,
                                       not_applicable=False)
                 .values("assessment__actor_id").annotate(n=Count("pk")).values_list("assessment__actor_id", "n"))
    promised = commitment_counts(ids, on)
    nothing = {"verified": 0, "done": 0, "open": 0, "lapsed": 0}
    for s in shown:
        last = latest.get(s.id)
        s.commitments = promised.get(s.id, nothing) if full or sees_commitments[s.id] else None
        s.tier1_breach = (last.outcome == "disengage") if last and last.outcome and (full or sees_gates[s.id]) else None
        s.tier2_open = tier2.get(s.id, 0) if last and (full or sees_answers[s.id]) else None
    # a Tier I flag is a read of restricted findings: logged for the suppliers it is shown for
    gate_class = datum_classes(ids, DatumKind.GATE_FINDINGS)
    log_reads(user, [s.id for s in shown if s.tier1_breach is not None
                     and gate_class[s.id] >= Disclosure.RESTRICTED], DatumKind.GATE_FINDINGS, request)
