"""Replica lag: how long a commit on the primary takes to be readable on the streaming replica (bin/pg-replica).

Usage: .venv/bin/python bench/replica_lag.py [--seconds 20] [--with-load] [--load-seconds 30]
       [--primary postgres://postgres@127.0.0.1:5432] [--replica postgres://postgres@127.0.0.1:5433]

It creates (and drops at the end) its own database, assay_bench_lag, on the primary, and every 50 ms commits one
row there, then polls the replica until the row is visible: the time from the commit's return to the row being
readable is the lag a reader of the replica sees. It also samples what the primary says (pg_stat_replication's
write, flush and replay lag) and what the router measures on the replica (assay.lib.db_router.LAG_SQL). With
--with-load, bench/consultation_load.py runs at the same time (--skip-crash), so the replica also replays its
submissions: the lag under the consultation load. Prints percentiles in milliseconds; docs/scaling.md quotes them.
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "assay_bench_lag"
# The router's own query (kept in step with it): seconds behind, 0 when all that was received is replayed.
from assay.lib.db_router import LAG_SQL  # noqa: E402


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def line(label: str, ms: list[float]) -> str:
    if not ms:
        return f"{label:<44} (no samples)"
    return (f"{label:<44} n={len(ms):<5} p50 {pct(ms, 50):7.2f}  p95 {pct(ms, 95):7.2f}  p99 {pct(ms, 99):7.2f}  "
            f"max {max(ms):7.2f}  mean {statistics.fmean(ms):7.2f}")


def database(primary: str, *, create: bool) -> None:
    with psycopg.connect(f"{primary}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB}"')


def wait_for_database(replica: str, timeout: float = 30.0) -> psycopg.Connection:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return psycopg.connect(f"{replica}/{DB}", autocommit=True)
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def probe(args: argparse.Namespace, seconds: float, label: str) -> None:
    visible: list[float] = []
    replay: list[float] = []
    write: list[float] = []
    router: list[float] = []
    with psycopg.connect(f"{args.primary}/{DB}", autocommit=True) as primary, \
            wait_for_database(args.replica) as replica:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            row_id = primary.execute("INSERT INTO lag_probe DEFAULT VALUES RETURNING id").fetchone()[0]
            committed = time.perf_counter()
            while True:
                seen = replica.execute("SELECT coalesce(max(id), 0) FROM lag_probe").fetchone()[0]
                if seen >= row_id:
                    break
                time.sleep(0.0005)
            visible.append((time.perf_counter() - committed) * 1000)
            lags = primary.execute(
                "SELECT EXTRACT(EPOCH FROM write_lag), EXTRACT(EPOCH FROM replay_lag) FROM pg_stat_replication "
                "WHERE application_name = %s", [args.application_name]).fetchone()
            if lags:
                if lags[0] is not None:
                    write.append(float(lags[0]) * 1000)
                if lags[1] is not None:
                    replay.append(float(lags[1]) * 1000)
            measured = replica.execute(LAG_SQL).fetchone()
            if measured and measured[2] is not None:
                router.append(float(measured[2]) * 1000)
            time.sleep(0.05)
    print(f"\n{label}")
    print(line("commit → readable on the replica (ms)", visible))
    print(line("pg_stat_replication write_lag (ms)", write))
    print(line("pg_stat_replication replay_lag (ms)", replay))
    print(line("the router's measure on the replica (ms)", router))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--with-load", action="store_true")
    ap.add_argument("--load-seconds", type=float, default=30.0)
    ap.add_argument("--primary", default="postgres://postgres@127.0.0.1:5432")
    ap.add_argument("--replica", default="postgres://postgres@127.0.0.1:5433")
    ap.add_argument("--application-name", default="15/replica",
                    help="the replica's application_name in pg_stat_replication (Debian: VERSION/CLUSTER)")
    args = ap.parse_args()
    with psycopg.connect(f"{args.replica}/postgres", autocommit=True) as replica:
        if not replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
            print(f"{args.replica} is not a standby (bin/pg-replica starts one)", file=sys.stderr)
            return 1
    database(args.primary, create=True)
    try:
        with psycopg.connect(f"{args.primary}/{DB}", autocommit=True) as conn:
            conn.execute("CREATE TABLE lag_probe (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())")
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; one commit every 50 ms")
        probe(args, args.seconds, f"idle primary, {args.seconds:.0f} s")
        if args.with_load:
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE")}
            # the load comes from one address: the production rate limits per address would refuse most of it
            env.update({f"RATE_CONSULTATION_{step}_{per}": "1000000/h" for step in ("START", "SUBMIT")
                        for per in ("IP", "EMAIL")})
            load = subprocess.Popen(
                [sys.executable, "bench/consultation_load.py", "--skip-crash", "--seconds", str(args.load_seconds),
                 "--pg", args.primary], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True)
            output: list[str] = []
            reader = threading.Thread(target=lambda: output.extend(load.stdout or []), daemon=True)
            reader.start()
            while not any(text.startswith("gunicorn:") for text in output) and load.poll() is None:
                time.sleep(0.2)  # migrations and set-up first: probe the load itself
            time.sleep(4)  # its warm-up phase
            probe(args, max(1.0, args.load_seconds - 2), f"under bench/consultation_load.py "
                  f"({args.load_seconds:.0f} s of submissions)")
            load.wait()
            reader.join(timeout=5)
            print("\nconsultation_load.py said:")
            print("".join(t for t in output if t.strip()).rstrip())
    finally:
        database(args.primary, create=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
