"""Supply-chain claims (issue 14): for a mineral and a period, the share of a buyer's sourcing that comes from
producers at each level and assurance, computed from the registry and the assessments, frozen into a dated
statement that a customer verifies by URL.

How the figure is made (the statement says all of it):

- **Links.** Sourcing relationships of the buyer and, tier by tier up to the standard's `max_tiers`, of its
  suppliers, active at any time in the period and carrying the mineral (a relationship that lists no mineral
  carries every one, as in enabled impact). Finance and technical-support engagements move no mineral: they do not
  count here. Several relationships between the same two actors form one link whose share is the largest of theirs.
- **Shares multiply along tiers.** A relationship's share is the share *of the supplier's output* that goes to the
  buyer (the model's help text). So the part of producer U's output that reaches the buyer along one path is the
  product of the shares of the path's links, and over every simple path it is their sum: the weight w(U) of DESIGN
  §4 rule 6, the same weight enabled impact gives. The registry does not know how much each producer produces, so
  the statement's shares are of the summed weights: each producer's output counts the same. It says so.
- **Blank shares are never spread.** A path with a link whose share is not recorded carries no weight (enabled
  impact's "1 ÷ the supplier's number of buyers" is a rule for credit, not a fact a customer can rely on); the
  producers reached only through such paths are counted apart as "share unknown", and those reached through both
  kinds of path are counted as well.
- **Level and assurance** of each producer: its latest submitted or verified assessment dated in the period that
  covers the mineral (or names none). Verified: its outcome and level, by the assessment's kind (third party,
  second party, self-declared); submitted and not yet verified: "not yet verified". A disengage, ineligible or
  incomplete outcome is "not at a level" (as the public registry says it: a red line is not the public's to read).
  Producers without one are "no assessment in the period".
- **Aggregates never expose a single actor** (DESIGN §5): a cell of fewer than `ASSAY_MIN_GROUP` (k) producers, or one
  where a single producer makes up more than 80 % of its weight, is suppressed, with secondary suppression where it
  could be worked out from a line or from the 100 % total (assay.domain.disclosure.suppress). The same holds for the
  counts of suppliers and producers. The statement is one document for every reader: the buyer's members see the
  figures a customer sees.
"""

import hashlib
import json
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from assay.accounts.roles import is_secretariat
from assay.assessments.models import Assessment, AssessmentStatus
from assay.domain.disclosure import Cell, suppress
from assay.domain.scoring import ENGINE_VERSION
from assay.registry.models import Actor, MemberRole, Membership, Mineral, Relationship, RelationshipKind

from .rankings import max_tiers
from .supply_chain import may_view

CONTENT_VERSION = 1
LEVELS = ("4", "3", "2", "1", "0", "not_at_level")
ASSURANCES = ("third_party", "second_party", "self", "unverified")
UNASSESSED = ("unassessed", "none")


def may_issue(user: Any, buyer: Actor) -> bool:
    """A claim is the buyer's own statement to its customers: its admins and editors issue it."""
    return bool(getattr(user, "is_authenticated", False)) and Membership.objects.filter(
        user=user, actor=buyer, role__in=(MemberRole.ADMIN, MemberRole.EDITOR)).exists()


def may_withdraw(user: Any, buyer: Actor) -> bool:
    """Whoever may issue it, and the secretariat (the standard body may withdraw a claim it finds misleading)."""
    return may_issue(user, buyer) or bool(getattr(user, "is_authenticated", False) and is_secretariat(user))


def may_read(user: Any, buyer: Actor) -> bool:
    """The list of a buyer's claims and their working pages: its members and the secretariat (as its supply chain).
    A claim's statement itself is public, by its token."""
    return may_view(user, buyer)


def canonical(content: dict[str, Any]) -> bytes:
    """The canonical JSON of a statement: keys sorted, no spaces, UTF-8."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def fingerprint(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON: anyone holding the statement's JSON can recompute it."""
    return hashlib.sha256(canonical(content)).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(24)


@dataclass
class Reach:
    direct: set[int]
    weight: dict[int, Fraction]  # producer → summed weight over the paths whose every share is known
    unknown: set[int]  # producers reached along at least one path with a share not recorded
    relationships: int  # the buyer's own relationships considered


def _links(buyer_id: int, mineral: str, start: date, end: date, tiers: int
           ) -> tuple[dict[int, dict[int, Fraction | None]], set[int], int]:
    """buyer → supplier → merged share (None: not recorded) of the sourcing links active in the period that carry
    the mineral, tier by tier from the buyer (one query per tier); the producers among the suppliers; how many of
    the buyer's own relationships there were."""
    active = (Q(start__lte=end) & (Q(end__isnull=True) | Q(end__gte=start)) & Q(kind=RelationshipKind.SOURCING))
    graph: dict[int, dict[int, Fraction | None]] = defaultdict(dict)
    producers: set[int] = set()
    seen, frontier, own = {buyer_id}, {buyer_id}, 0
    for _tier in range(tiers):
        rows = Relationship.objects.filter(active, buyer_id__in=frontier).values_list(
            "buyer_id", "supplier_id", "share", "minerals", "supplier__role")
        nxt: set[int] = set()
        for buyer, supplier, share, minerals, role in rows.order_by("buyer_id", "supplier_id", "pk"):
            if minerals and mineral not in minerals:
                continue
            if buyer == buyer_id:
                own += 1
            value = None if share is None else Fraction(str(share))
            links = graph[buyer]
            if supplier not in links or links[supplier] is None:
                links[supplier] = value
            elif value is not None:
                links[supplier] = max(links[supplier], value)  # type: ignore[type-var]
            if role == "producer":
                producers.add(supplier)  # the origin: a producer's own suppliers are not followed
            elif supplier not in seen:
                nxt.add(supplier)
            seen.add(supplier)
        frontier = nxt
        if not frontier:
            break
    return graph, producers, own


def reach(buyer_id: int, mineral: str, start: date, end: date, tiers: int | None = None) -> Reach:
    """The producers the buyer reaches, with their weights (the product of the shares along each simple path of at
    most `tiers` links, summed over the paths) and those reached along a path with a share not recorded."""
    tiers = tiers or max_tiers()
    graph, producers, own = _links(buyer_id, mineral, start, end, tiers)
    weight: dict[int, Fraction] = defaultdict(Fraction)
    unknown: set[int] = set()

    def walk(node: int, on_path: set[int], product: Fraction | None, depth: int) -> None:
        for supplier, share in graph.get(node, {}).items():
            if supplier in on_path:
                continue
            here = None if product is None or share is None else product * share
            if supplier in producers:
                if here is None:
                    unknown.add(supplier)
                else:
                    weight[supplier] += here
            elif depth < tiers:
                walk(supplier, on_path | {supplier}, here, depth + 1)

    walk(buyer_id, {buyer_id}, Fraction(1), 1)
    return Reach(set(graph.get(buyer_id, {})), dict(weight), unknown, own)


def _standing_of(producers: set[int], mineral: str, start: date, end: date) -> dict[int, tuple[str, str]]:
    """Each producer's (level, assurance) from its latest submitted or verified assessment dated in the period that
    covers the mineral (one query)."""
    rows = (Assessment.objects.filter(actor_id__in=producers, date__gte=start, date__lte=end,
                                      status__in=(AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED),
                                      score__isnull=False)
            .order_by("actor_id", "-date", "-pk")
            .values_list("actor_id", "kind", "status", "minerals", "score__outcome", "score__level"))
    out: dict[int, tuple[str, str]] = {}
    for actor, kind, status, minerals, outcome, level in rows:
        if actor in out or (minerals and mineral not in minerals):
            continue
        level_key = str(level) if outcome == "level" and level is not None else "not_at_level"
        out[actor] = (level_key, kind if status == AssessmentStatus.VERIFIED else "unverified")
    return out


def _count(n: int, k: int) -> int | None:
    return n if n == 0 or n >= k else None


def compute(buyer: Actor, mineral: str, start: date, end: date, issued_on: date, k: int | None = None
            ) -> dict[str, Any]:
    """The statement's content: only aggregates, already suppressed, JSON-ready. Raises ValueError with the code
    "no_relationships" or "no_producers" when there is nothing to state."""
    k = settings.ASSAY_MIN_GROUP if k is None else k
    tiers = max_tiers()
    found = reach(buyer.pk, mineral, start, end, tiers)
    if not found.relationships:
        raise ValueError("no_relationships")
    reached = set(found.weight) | found.unknown
    if not reached:
        raise ValueError("no_producers")
    standing = _standing_of(reached, mineral, start, end)
    members: dict[tuple[str, str], dict[int, Fraction]] = defaultdict(dict)
    for producer, w in found.weight.items():
        if w > 0:
            members[standing.get(producer, UNASSESSED)][producer] = w
    total = sum(found.weight.values(), Fraction(0))
    cells = [Cell(key, frozenset(map(str, who)), float(sum(who.values(), Fraction(0))),
                  {str(p): float(w) for p, w in who.items()}) for key, who in members.items()]
    hidden = suppress(cells, k=k) if cells else set()
    # The shares add up to 100 % and the counts to the producers: one hidden cell alone could be worked out.
    while len(hidden) == 1 and len(cells) > 1:
        hidden.add(min((c for c in cells if c.key not in hidden), key=lambda c: (c.value, c.key)).key)
    grid = [(level, assurance) for level in LEVELS for assurance in ASSURANCES] + [UNASSESSED]
    buckets = []
    for key in grid:
        who = members.get(key, {})
        if key in hidden:
            producers, share = None, None
        else:
            weight = sum(who.values(), Fraction(0))
            producers = len(who)
            share = round(float(100 * weight / total), 1) if total else None
        buckets.append({"level": key[0], "assurance": key[1], "producers": producers, "share": share})
    only_unknown = found.unknown - set(found.weight)
    return {
        "version": CONTENT_VERSION,
        "buyer": {"slug": buyer.slug, "name": buyer.name, "country": str(buyer.country)},
        "mineral": mineral, "period": {"start": start.isoformat(), "end": end.isoformat()},
        "issued_on": issued_on.isoformat(), "engine": ENGINE_VERSION, "max_tiers": tiers, "min_group": k,
        "basis": {"shares": "product_along_paths", "unknown_shares": "counted_apart", "volumes": "equal"},
        "direct_suppliers": _count(len(found.direct), k),
        "producers": _count(len(reached), k),
        "producers_weighted": _count(sum(len(w) for w in members.values()), k),
        "buckets": buckets,
        "share_unknown": {"only": _count(len(only_unknown), k),
                          "also": _count(len(found.unknown & set(found.weight)), k)},
    }


# ------------------------------------------------------------------------------------------ reading a statement

def level_label(key: str) -> str:
    if key == "not_at_level":
        return _("not at a level")
    if key == "unassessed":
        return _("no assessment in the period")
    if key == "0":
        return _("Candidate (0)")
    return _("Level %(n)s") % {"n": key}


def assurance_labels() -> dict[str, str]:
    return {"third_party": _("verified, third party"), "second_party": _("verified, second party (a buyer)"),
            "self": _("verified, self-declared"), "unverified": _("submitted, not yet verified")}


def table(content: dict[str, Any]) -> dict[str, Any]:
    """The statement as rows for a page or a PDF, labels in the active language."""
    by_key = {(b["level"], b["assurance"]): b for b in content["buckets"]}
    rows = [(level_label(level), [by_key.get((level, a), {"producers": 0, "share": None}) for a in ASSURANCES])
            for level in LEVELS]
    unassessed = by_key.get(UNASSESSED, {"producers": 0, "share": None})
    labels = assurance_labels()
    return {"columns": [labels[a] for a in ASSURANCES], "rows": rows, "unassessed": unassessed,
            "mineral": dict(Mineral.choices).get(content["mineral"], content["mineral"])}
