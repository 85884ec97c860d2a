"""Enabled impact at scale, in the pure core alone (no database): the total, mineral-blind and per mineral.

Usage: .venv/bin/python bench/impact_scale.py [--actors N] [--relationships N] [--seed N] [--minerals gold|mixed]
       [--tiers 4] [--repeat 3]

Builds, from seeded random rows, a supply graph shaped like bench/scoring_scale.py's (100,000 actors, 60 %
producers; 300,000 buyer → supplier relationships in chains producer → trader/exporter → exporter → refiner →
manufacturer → brand, plus finance and technical support; 30 % without a share), gives a third of the producers
progress, and times (the median wall time and the least CPU time of --repeat runs):
  a. build_graph() for the period (every link, with what each carries);
  b. the total of every buyer (enabled_impact_all, mineral None, the producers' scopes given), as the recompute and
     the downstream ranking compute it;
  c. the mineral-blind total of the rule before minerals (the relationships as if they listed none, no scopes);
  d. the credit in gold (build_graph(mineral="gold") and enabled_impact_all(mineral="gold"));
  e. one buyer's total with its paths (enabled_impact, the credit page), for the buyer with the largest total.
`--minerals gold` lists gold on every actor and relationship, as bench/scoring_scale.py does; `mixed` (default)
gives producers one or two minerals, a relationship a part of its supplier's (a fifth list none), and a twentieth of
the links a second relationship for another mineral with another share. No assertion: the figures are for the issue.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assay.domain.scoring.impact import Relationship, build_graph, enabled_impact, enabled_impact_all

PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("--actors", type=int, default=100_000)
PARSER.add_argument("--relationships", type=int, default=300_000)
PARSER.add_argument("--seed", type=int, default=20250101)
PARSER.add_argument("--minerals", choices=("gold", "mixed"), default="mixed")
PARSER.add_argument("--tiers", type=int, default=4)
PARSER.add_argument("--repeat", type=int, default=3)
ARGS = PARSER.parse_args()

ROLES = {"producer": 60, "trader": 15, "exporter": 8, "refiner": 2, "manufacturer": 6, "brand": 6, "financier": 3}
GROUPS = (("gold",), ("tin", "tantalum", "tungsten"), ("cobalt",), ("gemstones",))
START, END = date(2025, 1, 1), date(2025, 12, 31)
TIERS = [  # (share of all links, buyer roles, supplier roles)
    (0.45, ("trader", "trader", "trader", "trader", "exporter"), ("producer",)),
    (0.12, ("exporter",), ("trader",)),
    (0.06, ("refiner",), ("exporter",)),
    (0.12, ("manufacturer",), ("refiner",)),
    (0.15, ("brand",), ("manufacturer",)),
    (0.08, ("financier",), ("producer", "trader")),
    (0.02, ("brand", "manufacturer", "refiner"), ("producer",)),
]


def registry(rng: random.Random) -> tuple[list[Relationship], dict[str, Fraction], dict[str, frozenset[str]]]:
    roles: list[str] = []
    for role, weight in ROLES.items():
        roles += [role] * (ARGS.actors * weight // sum(ROLES.values()))
    roles += ["producer"] * (ARGS.actors - len(roles))
    rng.shuffle(roles)
    by_role: dict[str, list[str]] = {r: [] for r in ROLES}
    minerals: dict[str, frozenset[str]] = {}
    for i, role in enumerate(roles, start=1):
        actor = str(i)
        by_role[role].append(actor)
        if ARGS.minerals == "gold":
            minerals[actor] = frozenset({"gold"})
        elif role == "producer":
            groups = rng.sample(GROUPS, 2 if rng.random() < 0.15 else 1)
            minerals[actor] = frozenset(m for g in groups for m in rng.sample(g, rng.randint(1, len(g))))
        else:  # a trader's minerals: what it buys, found below
            minerals[actor] = frozenset()
    rels: list[Relationship] = []
    seen: set[tuple[str, str]] = set()
    for i, (part, buyers, suppliers) in enumerate(TIERS):
        want = ARGS.relationships - len(seen) if i == len(TIERS) - 1 else round(ARGS.relationships * part)
        made = 0
        while made < want:
            buyer, supplier = rng.choice(by_role[rng.choice(buyers)]), rng.choice(by_role[rng.choice(suppliers)])
            if (buyer, supplier) in seen:
                continue
            seen.add((buyer, supplier))
            made += 1
            share = None if rng.random() < 0.3 else Fraction(rng.randint(1, 10000), 10000)
            start = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
            end = start + timedelta(days=rng.randrange(90, 900)) if rng.random() < 0.05 else None
            has = sorted(minerals[supplier]) or [m for g in GROUPS for m in g]
            if ARGS.minerals == "gold":
                traded = frozenset({"gold"})
            elif rng.random() < 0.2:
                traded = frozenset()
            else:
                traded = frozenset(rng.sample(has, rng.randint(1, min(2, len(has)))))
            minerals[buyer] = minerals[buyer] | traded
            rels.append(Relationship(buyer, supplier, start, end, share, minerals=traded))
            if ARGS.minerals == "mixed" and rng.random() < 0.05 and len(has) > 1:
                other = frozenset({rng.choice(has)})
                rels.append(Relationship(buyer, supplier, start, end, Fraction(rng.randint(1, 10000), 10000),
                                         minerals=other))
    progress = {u: Fraction(rng.randint(-200, 600), 10) for u in by_role["producer"] if rng.random() < 0.33}
    covered = {u: minerals[u] for u in by_role["producer"]}
    return rels, progress, covered


def timed(label: str, fn):
    """Wall time (median) and CPU time of the process (least: on a shared machine, the steadier figure)."""
    runs, cpu, result = [], [], None
    for _ in range(ARGS.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = fn()
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    print(f"{label:58} {statistics.median(runs):6.2f} s wall, {min(cpu):6.2f} s CPU  (of {ARGS.repeat})", flush=True)
    return result


def main() -> None:
    rng = random.Random(ARGS.seed)
    rels, progress, covered = registry(rng)
    print(f"{ARGS.actors:,} actors, {len(rels):,} relationships ({ARGS.minerals}), {len(progress):,} producers with "
          f"progress, max_tiers {ARGS.tiers}", flush=True)
    graph = timed("a. build_graph, every link", lambda: build_graph(rels, START, END))
    carried = sum(len(own) for own in getattr(graph, "carries", {}).values())
    print(f"   {sum(len(v) for v in graph.values()):,} links, {carried:,} of them carry only some minerals or at "
          "different shares")
    total = timed("b. total of every buyer (mineral-aware)",
                  lambda: enabled_impact_all(graph, progress, ARGS.tiers, covered=covered))
    plain = [Relationship(r.buyer, r.supplier, r.start, r.end, r.share, r.kind) for r in rels]
    blind_graph = build_graph(plain, START, END)
    blind = timed("c. mineral-blind total of every buyer (the rule before)",
                  lambda: enabled_impact_all(blind_graph, progress, ARGS.tiers))
    gold_graph = build_graph(rels, START, END, mineral="gold")
    gold = timed("d. credit in gold of every buyer",
                 lambda: enabled_impact_all(gold_graph, progress, ARGS.tiers, "gold", covered))
    top = max(total, key=lambda b: total[b])
    one = timed(f"e. one buyer's total with its paths (actor {top})",
                lambda: enabled_impact(top, graph, progress, ARGS.tiers, covered=covered))
    paths = sum(len(c.paths) for c in one.contributions)
    print(f"   {len(total):,} buyers credited; Σ total {float(sum(total.values())):,.1f}, Σ mineral-blind "
          f"{float(sum(blind.values())):,.1f}, Σ gold {float(sum(gold.values())):,.1f}; the top buyer: "
          f"{float(one.value):,.1f} from {len(one.contributions):,} producers over {paths:,} paths")


if __name__ == "__main__":
    main()
