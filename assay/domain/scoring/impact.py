"""Enabled impact: a downstream actor's credit for its suppliers' progress (DESIGN §4 rule 6).

The supply chain is a graph of buyer → supplier links active in the period. The weight of a producer U for a
downstream actor D sums, over simple paths D → … → U of at most `max_tiers` links, the product of the links'
shares. A link without a share counts 1 ÷ the supplier's number of active buyers. Several relationships between
the same buyer and supplier in the period (sourcing and technical support, say) form one link whose share is the
largest of theirs, so one engagement is not counted twice.

Per mineral (DESIGN §4 rule 9), credit flows only along relationships that carry the mineral (a relationship that
lists none carries every mineral), and only from producers whose assessment covered it. A share is a share of the
supplier's whole output, so a missing share is filled in from all of the supplier's active buyers whatever they
trade: restricting to a mineral only removes links and producers, and never raises a credit.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction


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


@dataclass
class Contribution:
    producer: str
    progress: Fraction
    weight: Fraction
    paths: list[tuple[list[str], Fraction]]

    @property
    def value(self) -> Fraction:
        return max(Fraction(0), self.progress) * self.weight


@dataclass
class EnabledImpact:
    actor: str
    value: Fraction = Fraction(0)
    contributions: list[Contribution] = field(default_factory=list)


class Graph(dict[str, list[tuple[str, Fraction]]]):
    """buyer → [(supplier, share)]; `mineral` is the mineral whose links it holds (None: every link)."""

    mineral: str | None = None


def graph_mineral(graph: Mapping[str, object]) -> str | None:
    """The mineral a graph was built for; a plain mapping of links holds every link."""
    return getattr(graph, "mineral", None)


def build_graph(relationships: Iterable[Relationship], start: date, end: date, mineral: str | None = None
                ) -> Graph:
    """buyer → [(supplier, share)] over links active in the period, with missing shares filled in; with `mineral`,
    only the links of relationships that carry it (a missing share still counts every active buyer)."""
    links: dict[tuple[str, str], Fraction | None] = {}  # the links that carry the mineral
    whole: dict[tuple[str, str], Fraction | None] = {}  # every active link, whatever it trades
    for r in relationships:
        if not r.active(start, end) or r.buyer == r.supplier:
            continue
        key = (r.buyer, r.supplier)
        for kept, counts in ((whole, True), (links, r.carries(mineral))):
            if not counts:
                continue
            if r.share is None:
                kept.setdefault(key, None)
            else:
                share = r.share if isinstance(r.share, Fraction) else Fraction(str(r.share))
                old = kept.get(key)
                kept[key] = share if old is None else max(old, share)
    buyers: dict[str, int] = defaultdict(int)  # a missing share counts every active buyer, whatever it trades
    for _buyer, supplier in whole:
        buyers[supplier] += 1

    def weight(key: tuple[str, str], share: Fraction | None) -> Fraction:
        return Fraction(1, buyers[key[1]]) if share is None else share

    graph = Graph()
    graph.mineral = mineral
    for key, link_share in sorted(links.items()):
        # A mineral's part of a link is never more than the whole link (a relationship of unknown share for the
        # mineral beside one of a known share for the rest).
        graph.setdefault(key[0], []).append((key[1], min(weight(key, link_share), weight(key, whole[key]))))
    return graph


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


def enabled_impact(actor: str, graph: Graph, progress: Mapping[str, Fraction], max_tiers: int,
                   mineral: str | None = None, covered: Mapping[str, Collection[str]] | None = None
                   ) -> EnabledImpact:
    """Σ over producers U of max(0, progress(U)) × w(actor, U); `progress` holds the producers' progress.

    With `mineral`, the credit for progress in that mineral: `graph` must be build_graph(..., mineral=mineral)
    (only links that carry it), and only producers whose assessment covered it count (see progress_in).
    """
    _check_mineral(graph, mineral)
    progress = progress_in(progress, mineral, covered)
    result = EnabledImpact(actor)
    for producer, paths in sorted(path_weights(graph, actor, max_tiers).items()):
        if producer not in progress:
            continue
        weight = sum((w for _p, w in paths), Fraction(0))
        contribution = Contribution(producer, progress[producer], weight, paths)
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
                       covered: Mapping[str, Collection[str]] | None = None) -> dict[str, Fraction]:
    """The enabled impact of every buyer at once, equal to enabled_impact() for each (`mineral` and `covered` as
    there).

    Credit flows upstream from the producers one tier at a time: O(max_tiers × links) instead of one walk per
    buyer. Summing over walks equals summing over simple paths unless a walk can revisit an actor, which needs a
    cycle within reach; buyers that can reach a cycle within max_tiers links are worked out with the exact
    simple-path walk instead.
    """
    _check_mineral(graph, mineral)
    progress = progress_in(progress, mineral, covered)
    credit = {u: max(Fraction(0), p) for u, p in progress.items() if p > 0}
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
    cyclic = cyclic_nodes(graph)
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
            exact = enabled_impact(buyer, graph, progress, max_tiers, mineral).value
            if exact:
                total[buyer] = exact
            else:
                total.pop(buyer, None)
    return {b: v for b, v in total.items() if v}
