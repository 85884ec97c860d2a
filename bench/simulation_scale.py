"""A draft's simulation beside the full recompute, on the bench database of bench/scoring_scale.py.

Usage: .venv/bin/python bench/scoring_scale.py --scale 0.05 --no-measure   (load a registry first), then
       .venv/bin/python bench/simulation_scale.py --database-url postgres://postgres@127.0.0.1:5432/assay_bench

It derives a draft of the published version with Progressing's overall threshold raised (to Advanced's), times
the whole simulation task (simulation_start with the immediate task backend: judging, aggregates, storing every
move; no score written) of that draft and of the draft with two criteria's points changed too (its answers then add
differently from the base's, so the base's answers are summed again), and two full recomputes in the same run: the
plain one (the stored tallies read, as any run after the first) and one that sums every answer again
(`from_answers`, as after an engine change); it prints each and the ratios. Both recomputes find the scores stored
and write next to none, their fastest case. The simulation reads the same stored tallies for the rules in force.
The draft and its simulations are removed afterwards.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PARSER = argparse.ArgumentParser(description="Simulation and full recompute, timed in one run.")
PARSER.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/assay_bench")
PARSER.add_argument("--skip-load", action="store_true", help="accepted for symmetry with scoring_scale.py")
ARGS = PARSER.parse_args()
if "bench" not in ARGS.database_url.rsplit("/", 1)[-1]:
    sys.exit("the database name must contain 'bench'")
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
os.environ.setdefault("ASSAY_SUMMARIES_ON_CHANGE", "0")

import django  # noqa: E402

django.setup()

from assay.assessments.recompute import recompute  # noqa: E402
from assay.simulation.models import SimulatedMove, Simulation, SimulationStatus  # noqa: E402
from assay.simulation.services import simulation_start  # noqa: E402
from assay.standards.models import Level, StandardVersion, VersionStatus  # noqa: E402
from assay.standards.services import version_derive  # noqa: E402


def main() -> None:
    base = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
    if base is None:
        sys.exit("no published version: load the bench registry first (bench/scoring_scale.py)")
    Simulation.objects.filter(version__standard=base.standard, version__label="bench-sim").delete()
    StandardVersion.objects.filter(standard=base.standard, label="bench-sim").delete()
    draft = version_derive(actor=None, version=base, label="bench-sim")
    advanced = Level.objects.get(version=draft, rank=3).overall_min
    Level.objects.filter(version=draft, rank=2).update(overall_min=advanced)
    try:
        # The whole task as a committee member waits for it (the immediate task backend runs it on the commit):
        # check the rules, judge, aggregate and store the moves and the results (no score is written).
        t0 = time.perf_counter()
        simulation = simulation_start(actor=None, version=draft)
        raised = time.perf_counter() - t0
        # A draft that also changes points adds differently from the base: two sets of sums in the one pass.
        t0 = time.perf_counter()
        points = simulation_start(actor=None, version=draft, overrides={"points": {"1.3": 9, "4.1": 1}})
        changed = time.perf_counter() - t0
        for s in (simulation, points):
            s.refresh_from_db()
            if s.status != SimulationStatus.DONE:
                sys.exit(f"the simulation did not finish: {s.status} {s.error}")
        moves = SimulatedMove.objects.filter(simulation=simulation).count()
        t0 = time.perf_counter()
        plain_counts = recompute()
        plain = time.perf_counter() - t0
        t0 = time.perf_counter()
        counts = recompute(from_answers=True)
        full = time.perf_counter() - t0
    finally:
        Simulation.objects.filter(version=draft).delete()
        draft.delete()
    print(f"assessments scored: {counts['assessments']:,}; latest verified simulated: {simulation.results['n']:,} "
          f"({moves:,} moves stored)")
    print(f"simulation, raised threshold: {raised:.1f} s")
    print(f"simulation, and points changed: {changed:.1f} s")
    print(f"full recompute, stored tallies read: {plain:.1f} s ({plain_counts['scores_written']:,} scores written)")
    print(f"full recompute, every answer summed: {full:.1f} s ({counts['scores_written']:,} scores written)")
    print(f"simulation ÷ recompute (tallies read): {raised / plain:.2f} and {changed / plain:.2f}")
    print(f"simulation ÷ recompute (answers summed): {raised / full:.2f} and {changed / full:.2f}  (goal ≤ 1)")

if __name__ == "__main__":
    main()
