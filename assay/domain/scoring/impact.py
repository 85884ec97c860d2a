"""Enabled impact: a downstream actor's credit for its suppliers' progress (DESIGN §4 rules 6 and 9).

The supply chain is a graph of buyer → supplier links active in the period. The weight of a producer U for a
downstream actor D sums, over simple paths D → … → U of at most `max_tiers` links, the product of the links'
shares. A link without a share counts 1 ÷ the supplier's number of active buyers. Several relationships between
the same buyer and supplier in the period (sourcing and technical support, say) form one link whose share is the
largest of theirs, so one engagement is not counted twice.

Per mineral m (DESIGN §4 rule 9), credit flows only along relationships that carry m (a relationship that lists
none carries every mineral), and only from producers whose assessment covered m. A link's share in m is the largest
share of its relationships that carry m, never more than the link's whole share. A share is a share of the
supplier's whole output, so a missing share is filled in from all of the supplier's active buyers whatever they
trade: restricting to a mineral only removes links and producers, and never raises a credit.

The total (no mineral) is mineral-aware too. A path P counts for the minerals M(P) that every link on it carries
and that the producer's assessment covered (a producer whose scope is not known covers every mineral, an empty
scope none); a path with M(P) empty counts nothing (a gold-only brand is not credited for tin bought by its gold
refiner). A path that counts weighs the largest of its per-mineral weights:

    w(P) = max over m in M(P) of the product, over the links of P, of the link's share in m

so one producer's progress is counted once along one path however many minerals the path carries (its progress is
one figure, not one per mineral), and the path's minerals are never added up. The total of D is then
Σ over producers U of max(0, progress(U)) × Σ over the paths P from D to U of w(P). Hence, for every mineral m,
credit in m ≤ total ≤ the mineral-blind total (every link at its whole share, every path counting): where every
link carries the same single mineral, the total is that mineral's credit; where no relationship lists minerals, it
is the mineral-blind total (but for producers with an empty scope). docs/scoring.md has a worked example.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TypeVar

ONE = Fraction(1)
K = TypeVar("K")


@dataclass(frozen=True)
class Relationship:
    buyer: str
    supplier: str
    start: date
    end: date | None = None
    share: Fraction | None = None
    kind: str = "sourcing"
    minerals: frozenset[str] = frozenset()  # the minerals traded; empty: not known, so it carries every mineral

    def carries(self, mineral: str | None) -> bool:
        return mineral is None or not self.minerals or mineral in self.minerals

    def active(self, start: date, end: date) -> bool:
        """Active at any time in [start, end]."""
        return self.start <= end and (self.end is None or self.end >= start)


class Carries:
    """What a link or a path carries, mineral by mineral, as parts of a weight: `parts` maps a mineral to its part,
    `other` is the part of every mineral not in `parts` (None: no other mineral is carried). Normalised by
    normalised(): the largest part is 1 and no part equals `other`, so that equal shapes are equal keys of a dict."""

    __slots__ = ("_hash", "_key", "other", "parts", "plain")

    def __init__(self, other: Fraction | None, parts: Mapping[str, Fraction] | None = None) -> None:
        self.other = other
        self.parts: dict[str, Fraction] = dict(parts or {})
        self._key = (other, tuple(sorted(self.parts.items())))
        self._hash = hash(self._key)
        # Some minerals at the whole weight: combined with itself it is itself (a link of gold to a gold producer).
        self.plain = other in (None, 1) and all(p == 1 for p in self.parts.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Carries) and self._key == other._key

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"Carries({self.other!r}, {self.parts!r})"

    def __reduce__(self) -> tuple[type["Carries"], tuple[Fraction | None, dict[str, Fraction]]]:
        return Carries, (self.other, self.parts)  # built again when unpickled: a str's hash differs per process

    def part(self, mineral: str) -> Fraction | None:
        return self.parts.get(mineral, self.other)

    def best(self, scope: Collection[str] | None) -> Fraction | None:
        """The largest part among the minerals of `scope` (None: every mineral); None if it carries none of them."""
        if scope is None:
            return max((p for p in (self.other, *self.parts.values()) if p is not None), default=None)
        return max((p for p in map(self.part, scope) if p is not None), default=None)

    def minerals(self, scope: Collection[str] | None) -> frozenset[str] | None:
        """The minerals it carries among `scope`; None: every mineral (nothing says which)."""
        if scope is not None:
            return frozenset(m for m in scope if self.part(m) is not None)
        return None if self.other is not None else frozenset(self.parts)


EVERY = Carries(ONE)  # every mineral at the whole weight: a link whose relationships list no mineral


def normalised(other: Fraction | None, parts: Mapping[str, Fraction]) -> tuple[Carries | None, Fraction]:
    """The normalised shape of per-mineral weights and the factor taken out of it (its largest part); (None, 0) if
    no mineral is carried."""
    factor = max((p for p in (other, *parts.values()) if p is not None), default=None)
    if not factor:
        return None, Fraction(0)
    top = None if other is None else other / factor
    shape = Carries(top, {m: p / factor for m, p in parts.items() if p != other})
    return (EVERY if shape == EVERY else shape), factor


def combine(a: Carries, b: Carries) -> tuple[Carries | None, Fraction]:
    """The minerals carried by both, each at the product of its parts, normalised (see normalised())."""
    if a is EVERY:
        return b, ONE
    if b is EVERY:
        return a, ONE
    other = None if a.other is None or b.other is None else a.other * b.other
    parts = {}
    for mineral in a.parts.keys() | b.parts.keys():
        x, y = a.part(mineral), b.part(mineral)
        if x is not None and y is not None:
            parts[mineral] = x * y
    return normalised(other, parts)


Memo = dict[tuple[Carries, Carries], tuple[Carries | None, Fraction]]


def _combined(memo: Memo, known: dict[Carries, Carries], link: Carries, shape: Carries
              ) -> tuple[Carries | None, Fraction]:
    """combine(link, shape), remembered, with equal results as one object (`known`), so that dict look-ups by shape
    find them by identity instead of comparing their fractions."""
    combined, factor = combine(link, shape)
    if combined is not None:
        combined = known.setdefault(combined, combined)
    if factor == ONE:
        factor = ONE  # so that a caller may skip multiplying by it (`is ONE`)
    memo[link, shape] = combined, factor
    return combined, factor


def scope_shape(scope: Collection[str] | None) -> Carries | None:
    """What a producer's assessment covered as a shape: its minerals at 1 (None: the scope is not known, every
    mineral); None if it covered none."""
    if scope is None:
        return EVERY
    return Carries(None, dict.fromkeys(scope, ONE)) if scope else None


@dataclass
class Contribution:
    producer: str
    progress: Fraction
    weight: Fraction
    paths: list[tuple[list[str], Fraction]]
    # The minerals M(P) each path (in the order of `paths`) carries to the producer: carried by every link and
    # covered by the producer; the path's weight is the largest of its weights in them. None: every mineral (no link
    # on it lists minerals and the producer's scope is not known). In a mineral's credit, that mineral.
    minerals: list[frozenset[str] | None] = field(default_factory=list)

    @property
    def value(self) -> Fraction:
        return max(Fraction(0), self.progress) * self.weight


@dataclass
class EnabledImpact:
    actor: str
    value: Fraction = Fraction(0)
    contributions: list[Contribution] = field(default_factory=list)


class Graph(dict[str, list[tuple[str, Fraction]]]):
    """buyer → [(supplier, share)]; `mineral` is the mineral whose links it holds (None: every link).

    Built for every mineral (mineral None), `carries` says what each link carries: buyer → supplier → the shape of
    its shares per mineral (Carries) as parts of the link's share, for the links that do not carry every mineral at
    their whole share. A link not in it carries every mineral at its share (so does every link of a plain mapping).
    """

    mineral: str | None = None
    carries: dict[str, dict[str, Carries]]

    def __init__(self) -> None:
        super().__init__()
        self.carries = {}


def graph_mineral(graph: Mapping[str, object]) -> str | None:
    """The mineral a graph was built for; a plain mapping of links holds every link."""
    return getattr(graph, "mineral", None)


def graph_carries(graph: Mapping[str, object]) -> dict[str, dict[str, Carries]]:
    """What the links of a graph carry where it is not every mineral at the link's share (see Graph)."""
    return getattr(graph, "carries", None) or {}


def _merge(kept: dict[K, Fraction | None], key: K, share: Fraction | None) -> None:
    """One more relationship for a link: the link's share is the largest of its relationships' (none: missing)."""
    if share is None:
        kept.setdefault(key, None)
    else:
        old = kept.get(key)
        kept[key] = share if old is None else max(old, share)


def build_graph(relationships: Iterable[Relationship], start: date, end: date, mineral: str | None = None
                ) -> Graph:
    """buyer → [(supplier, share)] over links active in the period, with missing shares filled in; with `mineral`,
    only the links of relationships that carry it (a missing share still counts every active buyer). Without one,
    every link, and in `carries` what each carries per mineral: a link's share in mineral m is then exactly its
    share in build_graph(..., mineral=m)."""
    links: dict[tuple[str, str], Fraction | None] = {}  # the links that carry the mineral
    whole: dict[tuple[str, str], Fraction | None] = {}  # every active link, whatever it trades
    # Without a mineral, per link: the merged share of its relationships that list no mineral, and for each
    # mineral listed, of those that list it.
    unlisted: dict[tuple[str, str], Fraction | None] = {}
    listed: dict[tuple[str, str], dict[str, Fraction | None]] = {}
    for r in relationships:
        if not r.active(start, end) or r.buyer == r.supplier:
            continue
        key = (r.buyer, r.supplier)
        share = None if r.share is None else r.share if isinstance(r.share, Fraction) else Fraction(str(r.share))
        _merge(whole, key, share)
        if mineral is not None:
            if r.carries(mineral):
                _merge(links, key, share)
        elif r.minerals:
            per = listed.get(key)
            if per is None:
                listed[key] = dict.fromkeys(r.minerals, share)
            else:
                for m in r.minerals:
                    _merge(per, m, share)
        else:
            _merge(unlisted, key, share)
    if mineral is None:
        links = whole  # every link carries some mineral
    buyers: dict[str, int] = defaultdict(int)  # a missing share counts every active buyer, whatever it trades
    for _buyer, supplier in whole:
        buyers[supplier] += 1

    def weight(key: tuple[str, str], share: Fraction | None) -> Fraction:
        return Fraction(1, buyers[key[1]]) if share is None else share

    graph = Graph()
    graph.mineral = mineral
    known: dict[Carries, Carries] = {}  # equal shapes as one object (see _combined)
    some: dict[frozenset[str], Carries] = {}  # the shape of some minerals at the whole share, by its minerals
    for key, link_share in sorted(links.items()):
        # A mineral's part of a link is never more than the whole link (a relationship of unknown share for the
        # mineral beside one of a known share for the rest).
        full = weight(key, whole[key])
        graph.setdefault(key[0], []).append((key[1], full if mineral is None else min(weight(key, link_share), full)))
        if key in listed:  # only without a mineral: its relationships list minerals, so say what it carries
            per, most = listed[key], whole[key]
            if key not in unlisted and all(v is most for v in per.values()):
                # mostly (one relationship, say): the minerals it lists, each at the link's whole share
                minerals = frozenset(per)
                if minerals not in some:
                    some[minerals] = Carries(None, dict.fromkeys(per, ONE))
                shape = some[minerals]
            else:
                other, parts = _link_parts(per, key in unlisted, unlisted.get(key), most, weight(key, None), full)
                shape = Carries(other, parts)
                shape = EVERY if shape == EVERY else known.setdefault(shape, shape)
            if shape is not EVERY:
                graph.carries.setdefault(key[0], {})[key[1]] = shape
    return graph


def _link_parts(listed: Mapping[str, Fraction | None], has_unlisted: bool, unlisted: Fraction | None,
               whole: Fraction | None, missing: Fraction, full: Fraction
               ) -> tuple[Fraction | None, dict[str, Fraction]]:
    """A link's shares per mineral as parts of its whole share `full` (that of the merged share `whole`), as the
    `other` and `parts` of its Carries (the largest part is 1: the relationship with the link's largest share, or if
    none has a share any, carries some mineral at the whole share; so the link keeps its whole share). In m: the
    merged share of its relationships that list m or list none (`unlisted`, if `has_unlisted`), `missing` if none
    has a share, at most `full`, as build_graph(mineral=m) has it; in a mineral that none of them lists, that of the
    relationships that list none, or nothing."""

    def part(share: Fraction | None) -> Fraction:
        if share == whole:  # mostly: one relationship, or the one with the largest share
            return ONE
        return min(missing if share is None else share, full) / full

    other = part(unlisted) if has_unlisted else None
    parts = {}
    for m, share in listed.items():
        merged = {m: share}
        if has_unlisted:
            _merge(merged, m, unlisted)
        part_m = part(merged[m])
        if part_m != other:
            parts[m] = part_m
    return other, parts


def progress_in(progress: Mapping[str, Fraction], mineral: str | None,
                covered: Mapping[str, Collection[str]] | None = None) -> Mapping[str, Fraction]:
    """The producers' progress that counts for `mineral`: a producer's counts when its assessment covered the
    mineral (`covered`: producer → minerals its assessment covered; a producer not in it has no known scope and
    counts for every mineral). None: every producer's."""
    if mineral is None or covered is None:
        return progress
    return {u: p for u, p in progress.items() if u not in covered or mineral in covered[u]}


def _check_mineral(graph: Graph, mineral: str | None) -> None:
    if graph_mineral(graph) != mineral:
        raise ValueError(f"the graph holds the links of {graph_mineral(graph) or 'every mineral'}, not of "
                         f"{mineral or 'every mineral'}: build it with build_graph(..., mineral=...)")


def path_weights(graph: Graph, source: str, max_tiers: int) -> dict[str, list[tuple[list[str], Fraction]]]:
    """Every simple path from `source` of 1..max_tiers links, grouped by its end, with the product of shares."""
    found: dict[str, list[tuple[list[str], Fraction]]] = defaultdict(list)
    path = [source]
    on_path = {source}

    def walk(node: str, weight: Fraction) -> None:
        if len(path) > max_tiers:
            return
        for supplier, share in graph.get(node, ()):
            if supplier in on_path:  # a cycle: a simple path never comes back
                continue
            path.append(supplier)
            on_path.add(supplier)
            found[supplier].append((list(path), weight * share))
            walk(supplier, weight * share)
            path.pop()
            on_path.discard(supplier)

    walk(source, Fraction(1))
    return found


def _scope(covered: Mapping[str, Collection[str]] | None, producer: str) -> Collection[str] | None:
    """The minerals a producer's assessment covered; None: not known, so every mineral."""
    return None if covered is None else covered.get(producer)


def _aware(graph: Graph, mineral: str | None, covered: Mapping[str, Collection[str]] | None) -> bool:
    """Whether a credit must look at minerals: the total over a graph whose links list minerals or with producers'
    scopes known (a mineral's graph holds only links that carry it, and its producers are filtered beforehand)."""
    return mineral is None and (bool(graph_carries(graph)) or bool(covered))


def carried_paths(graph: Graph, source: str, max_tiers: int, covered: Mapping[str, Collection[str]] | None = None,
                  ends: Collection[str] | None = None
                  ) -> dict[str, list[tuple[list[str], Fraction, frozenset[str] | None]]]:
    """The simple paths from `source` of 1..max_tiers links that count in the total (module docstring), grouped by
    their end (only those in `ends`, if given): each with its weight, the largest of its per-mineral weights, and
    the minerals M(P) it carries to the end (None: every mineral)."""
    found: dict[str, list[tuple[list[str], Fraction, frozenset[str] | None]]] = defaultdict(list)
    every_link = graph_carries(graph)
    path = [source]
    on_path = {source}
    memo: Memo = {}
    known: dict[Carries, Carries] = {}

    def walk(node: str, weight: Fraction, shape: Carries) -> None:
        if len(path) > max_tiers:
            return
        own = every_link.get(node)
        for supplier, share in graph.get(node, ()):
            if supplier in on_path:  # a cycle: a simple path never comes back
                continue
            link = own.get(supplier, EVERY) if own else EVERY
            carried, factor = shape, ONE
            if link is not EVERY:
                hit = memo.get((link, shape))
                combined, factor = _combined(memo, known, link, shape) if hit is None else hit
                if combined is None:  # no mineral is carried this far: nothing beyond counts either
                    continue
                carried = combined
            reach = weight * share * factor
            path.append(supplier)
            on_path.add(supplier)
            if ends is None or supplier in ends:
                scope = _scope(covered, supplier)
                best = carried.best(scope)
                if best is not None:
                    found[supplier].append((list(path), reach * best, carried.minerals(scope)))
            walk(supplier, reach, carried)
            path.pop()
            on_path.discard(supplier)

    walk(source, ONE, EVERY)
    return found


def enabled_impact(actor: str, graph: Graph, progress: Mapping[str, Fraction], max_tiers: int,
                   mineral: str | None = None, covered: Mapping[str, Collection[str]] | None = None
                   ) -> EnabledImpact:
    """Σ over producers U of max(0, progress(U)) × w(actor, U); `progress` holds the producers' progress.

    With `mineral`, the credit for progress in that mineral: `graph` must be build_graph(..., mineral=mineral)
    (only links that carry it), and only producers whose assessment covered it count (see progress_in). Without,
    the total: a path counts for the minerals every link on it carries and the producer covered (`covered`;
    the links' in build_graph()'s `carries`), at the largest of its per-mineral weights (module docstring).
    """
    _check_mineral(graph, mineral)
    progress = progress_in(progress, mineral, covered)
    result = EnabledImpact(actor)
    if _aware(graph, mineral, covered):
        for producer, found in sorted(carried_paths(graph, actor, max_tiers, covered, progress).items()):
            paths = [(p, w) for p, w, _m in found]
            contribution = Contribution(producer, progress[producer], sum((w for _p, w in paths), Fraction(0)),
                                        paths, [m for _p, _w, m in found])
            result.contributions.append(contribution)
            result.value += contribution.value
        return result
    carried = None if mineral is None else frozenset({mineral})
    for producer, paths in sorted(path_weights(graph, actor, max_tiers).items()):
        if producer not in progress:
            continue
        weight = sum((w for _p, w in paths), Fraction(0))
        contribution = Contribution(producer, progress[producer], weight, paths, [carried] * len(paths))
        result.contributions.append(contribution)
        result.value += contribution.value
    return result


def cyclic_nodes(graph: Graph) -> set[str]:
    """Nodes that lie on a cycle (strongly connected components of more than one node), found iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cyclic: set[str] = set()
    counter = 0
    nodes = set(graph) | {s for links in graph.values() for s, _ in links}
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, links = work[-1]
            advanced = False
            for supplier, _share in links:
                if supplier not in index:
                    index[supplier] = low[supplier] = counter
                    counter += 1
                    stack.append(supplier)
                    on_stack.add(supplier)
                    work.append((supplier, iter(graph.get(supplier, ()))))
                    advanced = True
                    break
                if supplier in on_stack:
                    low[node] = min(low[node], index[supplier])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cyclic.update(component)
    return cyclic


def enabled_impact_all(graph: Graph, progress: Mapping[str, Fraction], max_tiers: int, mineral: str | None = None,
                       covered: Mapping[str, Collection[str]] | None = None, cyclic: set[str] | None = None
                       ) -> dict[str, Fraction]:
    """The enabled impact of every buyer at once, equal to enabled_impact() for each (`mineral` and `covered` as
    there; `cyclic`: cyclic_nodes(graph), when the caller has it already).

    Credit flows upstream from the producers one tier at a time: O(max_tiers × links) instead of one walk per
    buyer. Summing over walks equals summing over simple paths unless a walk can revisit an actor, which needs a
    cycle within reach; buyers that can reach a cycle within max_tiers links are worked out with the exact
    simple-path walk instead. For the total over links that list minerals, the credit reaching an actor is kept
    apart per shape of what its paths carry (Carries): a path's weight is the largest of its per-mineral weights,
    which does not add up across paths of different shapes, but does across paths of one shape (linear in the
    factor taken out of it). Real supply chains have few shapes (one per set of minerals traded, mostly).
    """
    _check_mineral(graph, mineral)
    progress = progress_in(progress, mineral, covered)
    if _aware(graph, mineral, covered):
        total = _flow_by_shape(graph, progress, max_tiers, covered)
    else:
        total = _flow(graph, progress, max_tiers)
    cyclic = cyclic_nodes(graph) if cyclic is None else cyclic
    if cyclic:
        buyers_of: dict[str, set[str]] = defaultdict(set)
        for buyer, links in graph.items():
            for supplier, _share in links:
                buyers_of[supplier].add(buyer)
        near = set(cyclic)
        frontier = set(cyclic)
        for _tier in range(max_tiers):
            frontier = {b for node in frontier for b in buyers_of[node]} - near
            near |= frontier
        for buyer in near & set(graph):
            exact = enabled_impact(buyer, graph, progress, max_tiers, mineral, covered).value
            if exact:
                total[buyer] = exact
            else:
                total.pop(buyer, None)
    return {b: v for b, v in total.items() if v}


def _flow(graph: Graph, progress: Mapping[str, Fraction], max_tiers: int) -> dict[str, Fraction]:
    """Σ over walks of at most max_tiers links of the product of shares × progress, for every buyer."""
    credit = {u: p for u, p in progress.items() if p > 0}
    total: dict[str, Fraction] = defaultdict(Fraction)
    for _tier in range(max_tiers):
        upstream: dict[str, Fraction] = defaultdict(Fraction)
        for buyer, links in graph.items():
            for supplier, share in links:
                if supplier in credit:
                    upstream[buyer] += share * credit[supplier]
        for buyer, value in upstream.items():
            total[buyer] += value
        credit = upstream
        if not credit:
            break
    return total


def _flow_by_shape(graph: Graph, progress: Mapping[str, Fraction], max_tiers: int,
                   covered: Mapping[str, Collection[str]] | None) -> dict[str, Fraction]:
    """_flow() for the total over walks, each at the largest of its per-mineral weights: the credit reaching an actor
    is held per shape of what its walks carry, which has its largest part 1, so the credit is the sum."""
    every_link = graph_carries(graph)
    memo: Memo = {}
    known: dict[Carries, Carries] = {EVERY: EVERY}
    for shapes in every_link.values():  # the links' shapes first, so that a producer's may be the very same object
        for shape in shapes.values():
            known.setdefault(shape, shape)
    credit: dict[str, dict[Carries, Fraction]] = {}
    for producer, p in progress.items():
        start = scope_shape(_scope(covered, producer))
        if p > 0 and start is not None:
            credit[producer] = {known.setdefault(start, start): p}
    total: dict[str, Fraction] = defaultdict(Fraction)
    for _tier in range(max_tiers):
        upstream: dict[str, dict[Carries, Fraction]] = {}
        for buyer, links in graph.items():
            own = every_link.get(buyer)
            into = None
            for supplier, share in links:
                held = credit.get(supplier)
                if held is None:
                    continue
                if into is None:
                    into = upstream.setdefault(buyer, {})
                link = own.get(supplier) if own else None
                for shape, value in held.items():
                    carried, factor = shape, share
                    if link is not None and not (link is shape and shape.plain):
                        hit = memo.get((link, shape))
                        combined, part = _combined(memo, known, link, shape) if hit is None else hit
                        if combined is None:
                            continue
                        carried, factor = combined, share if part is ONE else share * part
                    if carried in into:
                        into[carried] += factor * value
                    else:
                        into[carried] = factor * value
        credit = {b: held for b, held in upstream.items() if held}
        for buyer, held in credit.items():
            if len(held) == 1:
                for value in held.values():
                    total[buyer] += value
            else:
                total[buyer] += sum(held.values(), Fraction(0))
        if not credit:
            break
    return total
