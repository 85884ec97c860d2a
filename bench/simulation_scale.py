"""A draft's simulation beside the full recompute, on the bench database of bench/scoring_scale.py.

Usage: .venv/bin/python bench/scoring_scale.py --scale 0.05 --no-measure   (load a registry first), then
       .venv/bin/python bench/simulation_scale.py --database-url postgres://postgres@127.0.0.1:5432/assay_bench

It derives a draft of the published version with Progressing's overall threshold raised (to Advanced's), times
the simulation (engine.simulate plus the aggregates, no write) and the full recompute in the same run, and prints
both and their ratio. The draft is removed afterwards; no score is written by the simulation.
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
from assay.registry.models import Actor  # noqa: E402
from assay.simulation import engine, results  # noqa: E402
from assay.standards.models import Level, StandardVersion, VersionStatus  # noqa: E402
from assay.standards.services import version_derive  # noqa: E402


def main() -> None:
    base = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).order_by("-published_at").first()
    if base is None:
        sys.exit("no published version: load the bench registry first (bench/scoring_scale.py)")
    StandardVersion.objects.filter(standard=base.standard, label="bench-sim").delete()
    draft = version_derive(actor=None, version=base, label="bench-sim")
    advanced = Level.objects.get(version=draft, rank=3).overall_min
    Level.objects.filter(version=draft, rank=2).update(overall_min=advanced)
    try:
        from assay.assessments.scoring import rules_for

        t0 = time.perf_counter()
        run = engine.simulate(base, rules_for(draft))
        actors = {a: (r, str(c), list(m or [])) for a, r, c, m in Actor.objects.values_list(
            "pk", "role", "country", "minerals")}
        out = results.aggregate(results.rows_of(run, actors), run)
        simulation = time.perf_counter() - t0
        t0 = time.perf_counter()
        counts = recompute()
        full = time.perf_counter() - t0
    finally:
        draft.delete()
    print(f"assessments scored: {counts['assessments']:,}; latest verified simulated: {out['n']:,}")
    print(f"simulation (no write): {simulation:.1f} s")
    print(f"full recompute:        {full:.1f} s")
    print(f"simulation ÷ recompute: {simulation / full:.2f}")


if __name__ == "__main__":
    main()
