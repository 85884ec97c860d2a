"""Scoring at scale: the set-based batch recompute and single scoring, on PostgreSQL with a reference registry.

Usage: .venv/bin/python bench/scoring_scale.py [--small] [--database-url URL] [--actors N] [--assessments N]
       [--relationships N] [--seed N] [--skip-load]

It drops and re-creates its own database (default `assay_bench` on 127.0.0.1; the name must contain "bench", so it
never touches another database), migrates it, loads the demo standard (mes 0.1, published) and fills a reference
registry with PostgreSQL COPY from seeded random rows: 100,000 actors (60 % producers), 500,000 assessments (80 % of
them of producers, 1–8 each), an answer to every criterion that applies to the actor's role, 300,000 buyer → supplier
relationships in multi-tier chains, and producer sites, some designated as in a CAHRA. `--small` divides every count
by 10. The measurements then run in a fresh child process (so its peak memory is the recompute's, not the loader's):
  a. the full batch recompute (assay.assessments.recompute.recompute) with no score stored yet (every answer
     summed, every score written), wall time and time per stage; then a re-run (nothing changed: the stored
     tallies read, no score staged), one that sums every answer again (`from_answers`, as after an engine change)
     and one after 1 % of the CAHRA designations end, with the scores each wrote;
  b. one plain `SELECT assessment_id, SUM(maturity) FROM assessments_answer GROUP BY assessment_id`, fully fetched,
     and each recompute ÷ that (goal ≤ 3 for a recompute once scores are stored: the re-run and the designation
     change);
  c. the peak resident memory of the process around the recompute (goal ≤ 4 GB);
  d. the median time of store_score() over 50 different submitted assessments (goal ≤ 20 ms).
The database is left in place for inspection; the script prints how to drop it.
"""

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARSER = argparse.ArgumentParser(description="Batch recompute and single scoring at scale, on PostgreSQL.")
PARSER.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/assay_bench",
                    help="the bench database; dropped and re-created unless --skip-load")
PARSER.add_argument("--small", action="store_true", help="every count ÷ 10")
PARSER.add_argument("--scale", type=float, default=1.0, help="every count × this (0.5, 2: how the recompute grows)")
PARSER.add_argument("--actors", type=int)
PARSER.add_argument("--assessments", type=int)
PARSER.add_argument("--relationships", type=int)
PARSER.add_argument("--seed", type=int, default=20250101)
PARSER.add_argument("--period", default="2025-01-01:2025-12-31",
                    help="enabled-impact period START:END (the data's last year; default recompute uses the "
                         "last 364 days before today)")
PARSER.add_argument("--skip-load", action="store_true", help="measure on the database as it is")
PARSER.add_argument("--no-measure", action="store_true", help="load only")
ARGS = PARSER.parse_args()

os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
os.environ["DEBUG"] = "0"
# The recompute's commit would otherwise refresh the report summaries inside it (the immediate task backend):
# this bench times the recompute alone (bench/reporting_scale.py times the refresh).
os.environ.setdefault("ASSAY_SUMMARIES_ON_CHANGE", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SCALE = (0.1 if ARGS.small else 1.0) * ARGS.scale
N_ACTORS = ARGS.actors or int(100_000 * SCALE)
N_ASSESSMENTS = ARGS.assessments or int(500_000 * SCALE)
N_RELATIONSHIPS = ARGS.relationships or int(300_000 * SCALE)

ROLES = {"producer": 60, "trader": 15, "exporter": 8, "refiner": 2, "manufacturer": 6, "brand": 6, "financier": 3}
PRODUCER_SHARE_OF_ASSESSMENTS = 0.8
PRODUCER_COUNTRIES = ("CD", "RW", "UG", "TZ", "BI", "GH", "ML", "BF", "NE", "SD", "PE", "CO", "BO", "PH", "ID", "MN")
TRADE_COUNTRIES = ("AE", "CH", "GB", "US", "CN", "IN", "DE", "JP", "BE", "HK", "SG", "RW", "UG", "TZ", "CD")
FIRST_DAY = date(2022, 1, 1)
DAYS = (date(2025, 12, 31) - FIRST_DAY).days + 1
GOALS = {"ratio": 3.0, "memory_mb": 4096, "single_ms": 20.0}
TABLES = ("registry_actor", "registry_site", "registry_cahradesignation", "registry_relationship",
          "assessments_assessment", "assessments_answer", "assessments_score", "assessments_enabledimpact")


class Clock:
    """Prints how long each step took."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def lap(self, label: str, extra: str = "") -> float:
        now = time.perf_counter()
        took, self.start = now - self.start, now
        print(f"  {label:34} {took:8.1f} s  {extra}", flush=True)
        return took


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create_database(url: str) -> None:
    """Drop and re-create the bench database, connected to the server's maintenance database."""
    import psycopg
    from psycopg import sql

    name = db_name(url)
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the bench database's name must contain 'bench'")
    parts = urlsplit(url)
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def allocate(rng: random.Random, n: int, target: int, low: int, high: int) -> list[int]:
    """`n` counts between low and high that sum to `target` (clipped to what fits), spread at random."""
    target = max(n * low, min(target, n * high))
    counts = [low] * n
    open_ = list(range(n))
    for _ in range(target - n * low):
        i = rng.randrange(len(open_))
        k = open_[i]
        counts[k] += 1
        if counts[k] == high:
            open_[i] = open_[-1]
            open_.pop()
    return counts


def copy_rows(table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows into a table through psycopg 3; returns how many."""
    cols = ", ".join(f'"{c}"' for c in columns)
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def load(rng: random.Random) -> None:
    from assay.standards.models import Criterion, StandardVersion
    from assay.web.demo.loader import load_demo_standard

    print(f"Loading the reference registry into {db_name(ARGS.database_url)} (seed {ARGS.seed})", flush=True)
    clock = Clock()
    create_database(ARGS.database_url)
    call_command("migrate", verbosity=0)
    clock.lap("create database and migrate")
    load_demo_standard()
    version = StandardVersion.objects.get(standard__slug="mes", label="0.1")
    criteria = list(Criterion.objects.filter(version=version).order_by("module__position", "position"))
    clock.lap("demo standard", f"{version} ({version.status}), {len(criteria)} criteria")
    now = datetime.now(UTC)

    # Actors: roles shuffled in fixed proportions.
    total_weight = sum(ROLES.values())
    roles: list[str] = []
    for role, weight in ROLES.items():
        roles += [role] * (N_ACTORS * weight // total_weight)
    roles += ["producer"] * (N_ACTORS - len(roles))
    rng.shuffle(roles)
    role_of = dict(enumerate(roles, start=1))
    by_role: dict[str, list[int]] = {r: [] for r in ROLES}
    for actor_id, role in role_of.items():
        by_role[role].append(actor_id)

    def actors():
        for actor_id, role in role_of.items():
            producer = role == "producer"
            country = rng.choice(PRODUCER_COUNTRIES if producer else TRADE_COUNTRIES)
            yield (actor_id, f"Bench {role} {actor_id}", f"bench-{role}-{actor_id}", role, country,
                   f"Region {rng.randrange(40)}" if producer else "", '["gold"]',
                   rng.randrange(20, 3000) if producer else None, "", "", now)

    n = copy_rows("registry_actor", ("id", "name", "slug", "role", "country", "region", "minerals", "miners",
                                     "profile", "website", "created_at"), actors())
    clock.lap("actors", f"{n:,} rows")

    # Sites: one per producer, a second for some; some sites designated as in a CAHRA.
    site_of: dict[int, int] = {}
    sites: list[tuple] = []
    for actor_id in by_role["producer"]:
        for k in range(2 if rng.random() < 0.15 else 1):
            site_id = len(sites) + 1
            site_of.setdefault(actor_id, site_id)
            sites.append((site_id, actor_id, f"Site {actor_id}-{k + 1}", rng.choice(PRODUCER_COUNTRIES),
                          f"Region {rng.randrange(40)}", f"{rng.uniform(-15, 15):.5f}", f"{rng.uniform(-80, 130):.5f}"))
    n = copy_rows("registry_site", ("id", "actor_id", "name", "country", "region", "latitude", "longitude"), sites)

    def designations():
        for site_id, *_rest in sites:
            if rng.random() < 0.2:
                start = date(2018, 1, 1) + timedelta(days=rng.randrange(6 * 365))
                end = start + timedelta(days=rng.randrange(365, 1500)) if rng.random() < 0.2 else None
                yield (site_id, None, "bench list", start, end)

    m = copy_rows("registry_cahradesignation", ("site_id", "area_id", "source", "start", "end"), designations())
    clock.lap("sites and CAHRA designations", f"{n:,} sites, {m:,} designations")
    sites.clear()

    n = copy_rows("registry_relationship", ("buyer_id", "supplier_id", "kind", "share", "start", "end", "minerals",
                                            "note"),
                  ((*link, '["gold"]', "") for link in relationships(rng, by_role)))
    clock.lap("relationships", f"{n:,} rows")

    # Assessments: producers take 80 %, 1–8 each; other actors 1–4 each. Dates spread over 2022–2025.
    target_producer = round(N_ASSESSMENTS * PRODUCER_SHARE_OF_ASSESSMENTS)
    others = [a for r, ids in by_role.items() if r != "producer" for a in ids]
    counts = dict(zip(by_role["producer"], allocate(rng, len(by_role["producer"]), target_producer, 1, 8),
                      strict=True))
    counts.update(zip(others, allocate(rng, len(others), N_ASSESSMENTS - sum(counts.values()), 1, 4), strict=True))
    plan: list[tuple[int, int, float]] = []  # (assessment id, actor id, actor's maturity level then)
    rows: list[tuple] = []
    for actor_id in sorted(counts):
        k = counts[actor_id]
        days = sorted(rng.sample(range(DAYS), k))
        level = rng.uniform(0.2, 2.2)
        for i, day in enumerate(days):
            assessment_id = len(rows) + 1
            on = FIRST_DAY + timedelta(days=day)
            last = i == k - 1
            status = "submitted" if (last and rng.random() < 0.4) or rng.random() < 0.02 else "verified"
            at = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
            rows.append((assessment_id, actor_id, version.pk, site_of.get(actor_id),
                         "third_party" if rng.random() < 0.3 else "self", status, on, now, at,
                         at + timedelta(days=14) if status == "verified" else None, "", '["gold"]'))
            plan.append((assessment_id, actor_id, min(3.0, level + 0.2 * i + rng.gauss(0, 0.2))))
    n = copy_rows("assessments_assessment", ("id", "actor_id", "version_id", "site_id", "kind", "status", "date",
                                             "created_at", "submitted_at", "reviewed_at", "review_comment",
                                             "minerals"), rows)
    statuses = {s: sum(1 for r in rows if r[5] == s) for s in ("verified", "submitted")}
    producer_n = sum(c for a, c in counts.items() if role_of[a] == "producer")
    clock.lap("assessments", f"{n:,} rows ({producer_n:,} of producers; {statuses['verified']:,} verified, "
                             f"{statuses['submitted']:,} submitted)")
    del rows

    # Answers: every criterion that applies to the actor's role, valid for its kind.
    applicable = {role: [(c.pk, c.kind, c.na_allowed, c.disclosure) for c in criteria
                         if not c.applies_to or role in c.applies_to] for role in ROLES}
    print("  criteria that apply, by role: " + ", ".join(f"{r} {len(v)}" for r, v in applicable.items()))
    rand = rng.random

    def answers(part: list[tuple[int, int, float]]):
        for assessment_id, actor_id, level in part:
            for criterion_id, kind, na_allowed, disclosure in applicable[role_of[actor_id]]:
                if kind == "gate":
                    r = rand()
                    gate = "breach" if r < 0.0015 else "unknown" if r < 0.004 else "clear"
                    yield (assessment_id, criterion_id, gate, None, False, None, "", disclosure)
                elif kind == "indicator":
                    yield (assessment_id, criterion_id, "", None, False, f"{rand() * 1000:.2f}", "", disclosure)
                elif na_allowed and rand() < 0.1:
                    yield (assessment_id, criterion_id, "", None, True, None, "", disclosure)
                else:
                    maturity = min(3, max(0, int(level + rand() * 1.4 - 0.2)))
                    yield (assessment_id, criterion_id, "", maturity, False, None, "", disclosure)

    # One COPY (one transaction) per 50,000 assessments, so the deferred foreign-key checks queued on the server
    # stay bounded; the ids come from the table's identity column.
    n = 0
    with connection.cursor() as cursor:
        # No score is stored yet, so the trigger that clears a score's tally when its answers change (migration
        # assessments 0012) has nothing to clear: it is paused for the load rather than handed 23 M rows.
        cursor.execute("ALTER TABLE assessments_answer DISABLE TRIGGER assessments_answer_tally_insert")
    for i in range(0, len(plan), 50_000):
        n += copy_rows("assessments_answer", ("assessment_id", "criterion_id", "gate", "maturity", "not_applicable",
                                              "number", "notes", "disclosure", "declared", "verifier_reason",
                                              "verifier_comment"),
                       ((*answer, "", "", "") for answer in answers(plan[i:i + 50_000])))
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE assessments_answer ENABLE TRIGGER assessments_answer_tally_insert")
    clock.lap("answers", f"{n:,} rows")
    plan.clear()

    with connection.cursor() as cursor:
        for table in ("registry_actor", "registry_site", "assessments_assessment"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        # VACUUM sets the hint bits and visibility map a freshly copied table lacks (as autovacuum would in
        # production); ANALYZE then covers every table, the standard's too.
        for table in TABLES[:6]:
            cursor.execute(f"VACUUM {table}")
        cursor.execute("ANALYZE")
    clock.lap("sequences, VACUUM, ANALYZE")
    print_sizes()


def relationships(rng: random.Random, by_role: dict[str, list[int]]):
    """Buyer → supplier links in chains producer → trader/exporter → exporter → refiner → manufacturer → brand,
    plus finance and technical-support engagements reaching back to producers and traders."""
    tiers = [  # (share of all links, buyer roles, supplier roles, kind)
        (0.45, ("trader", "trader", "trader", "trader", "exporter"), ("producer",), "sourcing"),
        (0.12, ("exporter",), ("trader",), "sourcing"),
        (0.06, ("refiner",), ("exporter",), "sourcing"),
        (0.12, ("manufacturer",), ("refiner",), "sourcing"),
        (0.15, ("brand",), ("manufacturer",), "sourcing"),
        (0.08, ("financier",), ("producer", "trader"), "finance"),
        (0.02, ("brand", "manufacturer", "refiner"), ("producer",), "technical_support"),
    ]
    seen: set[tuple[int, int]] = set()
    for i, (share_of_links, buyers, suppliers, kind) in enumerate(tiers):
        want = N_RELATIONSHIPS - len(seen) if i == len(tiers) - 1 else round(N_RELATIONSHIPS * share_of_links)
        made = 0
        while made < want:
            buyer = rng.choice(by_role[rng.choice(buyers)])
            supplier = rng.choice(by_role[rng.choice(suppliers)])
            if (buyer, supplier) in seen:
                continue
            seen.add((buyer, supplier))
            made += 1
            share = None if rng.random() < 0.3 else f"{rng.randint(1, 10000) / 10000:.4f}"
            start = date(2021, 1, 1) + timedelta(days=rng.randrange(4 * 365))
            end = start + timedelta(days=rng.randrange(90, 900)) if rng.random() < 0.05 else None
            yield (buyer, supplier, kind, share, start, end)


def print_sizes() -> None:
    with connection.cursor() as cursor:
        print("  table sizes (pg_total_relation_size, with indexes):")
        total = 0
        for table in TABLES:
            cursor.execute(f"SELECT pg_total_relation_size('{table}'), (SELECT count(*) FROM {table})")
            size, rows = cursor.fetchone()
            total += size
            print(f"    {table:28} {rows:>12,} rows {size / 2**20:10.1f} MB")
        print(f"    {'total':28} {'':>17} {total / 2**20:10.1f} MB", flush=True)


def plain_group_by() -> tuple[float, int]:
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute("SELECT assessment_id, SUM(maturity) FROM assessments_answer GROUP BY assessment_id")
        rows = cursor.fetchall()
        return time.perf_counter() - start, len(rows)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def measure() -> None:
    from assay.assessments.models import Answer, Assessment
    from assay.assessments.recompute import recompute
    from assay.assessments.scoring import store_score

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assessments_answer")
        answers = cursor.fetchone()[0]
    assessments = Assessment.objects.count()
    submitted = list(Assessment.objects.filter(status="submitted").order_by("id").values_list("id", flat=True))
    print(f"\nMeasuring on {db_name(ARGS.database_url)}: {assessments:,} assessments, {answers:,} answers "
          f"({answers / assessments:.1f} per assessment)", flush=True)

    warm, groups = plain_group_by()  # reads the table once, so both timings below start from a warm cache
    plain, groups = plain_group_by()
    print(f"  plain GROUP BY: warm-up {warm:.2f} s, measured {plain:.2f} s ({groups:,} rows fetched)", flush=True)

    start, end = (date.fromisoformat(d) for d in ARGS.period.split(":"))
    stamps: list[tuple[str, int, int, float]] = []

    def report(stage: str, done: int, total: int) -> None:
        stamps.append((stage, done, total, time.perf_counter()))

    rss_before = max_rss_mb()
    with connection.cursor() as cursor:  # the first recompute writes every score (none are stored yet)
        cursor.execute("TRUNCATE assessments_score, assessments_enabledimpact")
    t0 = time.perf_counter()
    counts = recompute(start, end, report=report)
    wall = time.perf_counter() - t0
    rss_after = max_rss_mb()
    print(f"  a. full recompute, every score written: {wall:.1f} s wall  ({counts}; enabled-impact period "
          f"{start}–{end})")
    first = {}
    last = {}
    for stage, _done, _total, t in stamps:
        first.setdefault(stage, t)
        last[stage] = t
    marks = [("load assessments, rules", first.get("sum answers")),
             ("sum answers (SQL)", last.get("sum answers")), ("judge (arrays)", last.get("judge")),
             ("progress", last.get("progress")), ("store scores (credit flow beside it)", last.get("store")),
             ("enabled impact stored", last.get("impact")), ("commit", t0 + wall)]
    previous = t0
    for label, t in marks:
        if t is None:
            continue
        print(f"       {label:38} {t - previous:8.1f} s")
        previous = t
    t1 = time.perf_counter()
    again = recompute(start, end)
    rerun = time.perf_counter() - t1
    print(f"     re-run, nothing changed (tallies and digests stored): {rerun:.1f} s, "
          f"{again['scores_written']:,} scores written")
    t1 = time.perf_counter()
    summed = recompute(start, end, from_answers=True)  # what an engine change costs before it writes anything
    from_answers = time.perf_counter() - t1
    print(f"     re-run summing every answer again (--from-answers): {from_answers:.1f} s, "
          f"{summed['scores_written']:,} scores written")
    from assay.registry.models import CahraDesignation
    ids = list(CahraDesignation.objects.order_by("id").values_list("id", flat=True)[::100])
    CahraDesignation.objects.filter(id__in=ids).delete()  # 1 % of the designations end
    t1 = time.perf_counter()
    changed = recompute(start, end, impact=False)  # what a designation change runs (on_designations_changed)
    designations = time.perf_counter() - t1
    print(f"     after 1 % of the CAHRA designations were removed ({len(ids):,}): {designations:.1f} s, "
          f"{changed['scores_written']:,} scores written")

    ratio = max(rerun, designations) / plain  # a recompute as it runs once scores are stored
    print(f"  b. plain GROUP BY over assessments_answer: {plain:.2f} s; recompute ÷ plain: first {wall / plain:.1f}, "
          f"re-run {rerun / plain:.1f}, from answers {from_answers / plain:.1f}, designations "
          f"{designations / plain:.1f}")
    print(f"  c. peak memory (ru_maxrss): {rss_before:.0f} MB before the recompute, {rss_after:.0f} MB after")

    rng = random.Random(ARGS.seed + 1)
    sample = rng.sample(submitted, min(50, len(submitted)))
    picked = list(Assessment.objects.filter(pk__in=sample).select_related("version", "actor", "site"))
    times = []
    for assessment in picked:
        t = time.perf_counter()
        store_score(assessment)
        times.append((time.perf_counter() - t) * 1000)
    per = Answer.objects.filter(assessment__in=picked).count() / max(len(picked), 1)
    single = statistics.median(times)
    print(f"  d. store_score(): median {single:.1f} ms over {len(times)} submitted assessments "
          f"(min {min(times):.1f}, max {max(times):.1f}; first call {times[0]:.1f} ms; {per:.0f} answers each)")
    print_sizes()

    print("\nSummary" + (" (--small)" if ARGS.small else ""))
    rows = [
        ("first recompute, wall", f"{wall:.1f} s", ""),
        ("first (none stored) ÷ plain", f"{wall / plain:.1f}", ""),
        ("from answers ÷ plain", f"{from_answers / plain:.1f}", ""),
        ("re-run ÷ plain GROUP BY", f"{rerun / plain:.1f}", ""),
        ("designations changed ÷ plain", f"{designations / plain:.1f}", ""),
        ("stored recompute ÷ plain", f"{ratio:.1f}", f"≤ {GOALS['ratio']:g}", ratio <= GOALS["ratio"]),
        ("peak memory around recompute", f"{rss_after:.0f} MB", f"≤ {GOALS['memory_mb']} MB",
         rss_after <= GOALS["memory_mb"]),
        ("store_score median", f"{single:.1f} ms", f"≤ {GOALS['single_ms']:g} ms", single <= GOALS["single_ms"]),
    ]
    for label, value, goal, *ok in rows:
        verdict = ("met" if ok[0] else "MISSED") if ok else ""
        print(f"  {label:30} {value:>12}  {goal:>12}  {verdict}")


def main() -> None:
    if not ARGS.skip_load:
        load(random.Random(ARGS.seed))
        connection.close()
        if not ARGS.no_measure:
            # A fresh process, so that the peak memory measured is the recompute's and not the loader's.
            argv = [a for a in sys.argv[1:] if a != "--skip-load"]
            subprocess.run([sys.executable, __file__, *argv, "--skip-load"], check=True,
                           env={**os.environ, "ASSAY_BENCH_CHILD": "1"})
    elif not ARGS.no_measure:
        measure()
    if not os.environ.get("ASSAY_BENCH_CHILD"):
        name = db_name(ARGS.database_url)
        print(f"\nThe bench database is left in place; drop it with: dropdb -h 127.0.0.1 -U postgres {name}")


if __name__ == "__main__":
    main()
