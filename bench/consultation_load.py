"""Load benchmark of consultation submissions (POST /api/v1/consultation/rounds/{pk}/responses) on gunicorn and
PostgreSQL over loopback, with a crash phase. Goal on 2 cores: ≥ 200 submissions/s, p99 ≤ 300 ms, none lost.

Usage: .venv/bin/python bench/consultation_load.py [--seconds 30] [--crash-seconds 20] [--ceiling-seconds 15]
       [--skip-crash] [--clients 8] [--workers 3] [--threads 1] [--conn-max-age 60]
       [--pg postgres://postgres@127.0.0.1:5432] [--keep-db]

It creates, migrates and drops its own database (assay_bench_consult_<pid>), loads the demo standard with its open
round,
and starts gunicorn (DEBUG=0, e-mail to locmem, receipts queued in the database as in production, persistent
database connections). Client threads post plausible
submissions, each under a new client key; one in ten resends the previous key (must be 200, duplicate, same id); a
request without answer or with a 5xx is retried with the same key. It prints submissions/s, p50/p99 latency and
errors, then checks every acknowledged (2xx) key against the database: stored, same id and comment count, no draft
left, one audit record per submission. The crash phase SIGKILLs gunicorn's process group (master and workers) a
third of the way in and restarts it. Exit status 1 if anything acknowledged is missing or differs, or a resend
stored anything.

Between the load and the crash phases it measures the bare-Django ceiling in the same conditions: the same clients
posting the same bodies to bench/bare_django.py (one view, no middleware, one durable INSERT of the body) served by
the same gunicorn settings, and prints our rate as a share of it (steadier than the rate when other work shares
the machine). --ceiling-seconds 0 skips it. Every client posts from 127.0.0.1, so the per-address rate limit is
raised above the load (it is still counted, in the per-process cache, as each request would be).
"""

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB = f"assay_bench_consult_{os.getpid()}"  # its own, so that runs beside each other never share one
SETUP = """import json
from assay.web.demo.loader import load_demo_consultation, load_demo_standard
version = load_demo_standard(None)[1]
r = load_demo_consultation(None, version)
print("BENCH " + json.dumps({"round": r.pk, "clauses": list(version.criteria.values_list("code", flat=True)),
      "questions": [[q.pk, q.answer_type, q.choice_list()] for q in r.questions.all()]}))
"""
SECTORS = ["asm", "trade", "refining", "brands", "civil_society", "government", "finance", "research", "other"]
COUNTRIES = ["CD", "UG", "RW", "PE", "CO", "GH", "BO", "DE", "FR", "GB", "US", "CH", "BE", "ES"]
NAMES = ["Jean Mukendi", "Aline Uwase", "Rosa Quispe", "Carlos Mejía", "Grace Nakato", "Ana Torres", "Kwame Mensah"]
WORDS = ["buyers", "should", "support", "cooperatives", "with", "mercury-free", "processing", "and", "record", "the",
         "grievances", "of", "women", "miners", "before", "suspending", "trade", "in", "conflict-affected", "areas"]


def text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def submission(rng: random.Random, setup: dict[str, Any], key: str) -> bytes:
    """A plausible respondent: some questions answered, a few clauses commented on, sometimes a general comment."""
    answers: dict[str, dict[str, str]] = {}
    for pk, kind, choices in rng.sample(setup["questions"], rng.randint(2, len(setup["questions"]))):
        value = {"yes_no": rng.choice(["yes", "no"]), "scale": str(rng.randint(1, 5)),
                 "single": rng.choice(choices or [""]),
                 "multiple": "\n".join(rng.sample(choices, rng.randint(1, len(choices))) if choices else [])}
        note = text(rng, 8, 60) if kind == "text" or rng.random() < 0.4 else ""
        answers[str(pk)] = {"value": value.get(kind, ""), "text": note}
    return json.dumps({
        "client_key": key, "name": rng.choice(NAMES), "email": f"respondent.{key[-16:]}@example.org",
        "organisation": rng.choice(["", "Coopérative minière de Kamituga", "Fairmined Alliance", "Ministry of Mines"]),
        "sector": rng.choice(SECTORS), "country": rng.choice(COUNTRIES), "language": rng.choice(["en", "fr", "es"]),
        "consent": rng.choice(["named", "anonymous", "private"]), "answers": answers,
        "clauses": {c: text(rng, 10, 80) for c in rng.sample(setup["clauses"], rng.randint(0, 3))},
        "general": text(rng, 10, 120) if rng.random() < 0.5 else "",
    }).encode()


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    acked: dict[str, tuple[int, int]] = field(default_factory=dict)  # client key -> (response id, comments)
    latencies: list[float] = field(default_factory=list)  # seconds, acknowledged new submissions
    resends: int = 0
    resend_wrong: int = 0  # a resend not answered 200 with duplicate=true and the stored id
    errors: Counter[str] = field(default_factory=Counter)
    sample: dict[str, str] = field(default_factory=dict)  # the first answer to each kind of error
    retried: set[str] = field(default_factory=set)
    stored_on_retry: int = 0  # a retry answered "duplicate": the failed attempt was stored but never acknowledged

    def fail(self, kind: str, body: bytes) -> None:
        self.errors[kind] += 1
        self.sample.setdefault(kind, body.decode(errors="replace"))


def post(conn: http.client.HTTPConnection, path: str, payload: bytes) -> tuple[int, str, dict[str, Any]]:
    """(status, error kind, answer); status 0 when no answer came."""
    try:
        conn.request("POST", path, payload, {"Content-Type": "application/json"})
        r = conn.getresponse()
        body = r.read()
        return r.status, f"HTTP {r.status}", json.loads(body) if 200 <= r.status < 300 else {"body": body[:300]}
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        return 0, type(exc).__name__, {}


def client(n: int, port: int, setup: dict[str, Any], stats: Stats, prefix: str, stop_at: float) -> None:
    rng, i, last = random.Random(f"{prefix}-{n}"), 0, None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    path = f"/api/v1/consultation/rounds/{setup['round']}/responses"
    while time.monotonic() < stop_at:
        resend = last is not None and rng.random() < 0.1
        if last is not None and resend:
            key, payload = last
        else:
            i += 1
            key = f"bench-{prefix}-{n}-{i}"
            payload = submission(rng, setup, key)
        while True:  # no answer or a 5xx: resend with the same key until answered
            t0 = time.perf_counter()
            status, kind, data = post(conn, path, payload)
            dt = time.perf_counter() - t0
            if 0 < status < 500:
                break
            with stats.lock:
                stats.fail(kind, data.get("body", b""))
                stats.retried.add(key)
            if time.monotonic() > stop_at + 30:  # give up: this key is unacknowledged, not lost
                return
            time.sleep(0.05)
        with stats.lock:
            if status >= 300:  # refused (a 4xx): resending cannot help
                stats.fail(kind, data["body"])
            elif resend:
                stats.resends += 1
                stats.resend_wrong += status != 200 or not data["duplicate"] or stats.acked[key][0] != data["id"]
            else:
                stats.latencies.append(dt)
                stats.stored_on_retry += key in stats.retried and status == 200
                stats.acked[key] = (data["id"], data["comments"])
                last = (key, payload)


class Server:
    """gunicorn in its own process group, so that one SIGKILL takes the master and its workers."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], port: int, log: Path, round_: int,
                 app: tuple[str, ...] = ("assay.wsgi",)) -> None:
        self.cmd = [sys.executable, "-m", "gunicorn", *app, "--bind", f"127.0.0.1:{port}",
                    "--workers", str(args.workers), "--threads", str(args.threads), "--worker-tmp-dir", "/dev/shm"]
        self.env, self.port, self.log, self.round = env, port, log, round_
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=log, stderr=log,
                                         start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # an empty body is refused (400) before any database work
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            if all(post(conn, f"/api/v1/consultation/rounds/{self.round}/responses", b"{}")[0] == 400
                   for _ in range(8)):
                return
            time.sleep(0.1)
        sys.exit(f"gunicorn did not start; see {self.log}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        """SIGTERM: a graceful stop; SIGKILL: a crash of the master and every worker at once."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(timeout=30)


def run_phase(args: argparse.Namespace, server: Server, setup: dict[str, Any], prefix: str, seconds: float,
              crash: bool = False) -> tuple[str, Stats, float, dict[str, Any]]:
    stats, start, crash_info = Stats(), time.monotonic(), dict[str, Any]()
    before = cpu(server.proc.pid if server.proc else 0)
    threads = [threading.Thread(target=client, args=(n, server.port, setup, stats, prefix, start + seconds))
               for n in range(args.clients)]
    for t in threads:
        t.start()
    if crash:
        time.sleep(seconds / 3)
        with stats.lock:
            crash_info["before"] = dict(stats.acked)
            server.stop(signal.SIGKILL)
        t_kill = time.monotonic()
        server.start()
        crash_info["down"] = time.monotonic() - t_kill
    for t in threads:
        t.join()
    if not crash:  # a crash loses the CPU count of the killed processes
        crash_info["cpu"] = [b - a for a, b in zip(before, cpu(server.proc.pid if server.proc else 0), strict=True)]
    return prefix, stats, time.monotonic() - start, crash_info


def cpu(pgid: int) -> tuple[float, float, float]:
    """CPU seconds so far of gunicorn (its process group), of this database's PostgreSQL backends, and of us."""
    server = backends = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:  # the process ended meanwhile
            continue
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        server += seconds if int(fields[2]) == pgid else 0
        backends += seconds if cmdline.startswith(b"postgres: ") and f" {DB} ".encode() in cmdline else 0
    return server, backends, time.process_time()


def database(pg: str, create: bool) -> None:
    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{DB}"')


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name, default in (("--seconds", 30.0), ("--crash-seconds", 20.0), ("--ceiling-seconds", 15.0),
                          ("--clients", 8), ("--workers", 3),
                          ("--threads", 1), ("--conn-max-age", 60), ("--pg", "postgres://postgres@127.0.0.1:5432")):
        ap.add_argument(name, type=type(default), default=default)  # --threads > 1: gunicorn's gthread workers
    ap.add_argument("--skip-crash", action="store_true")
    ap.add_argument("--keep-db", action="store_true")
    args = ap.parse_args()
    db_url, tmp = f"{args.pg}/{DB}", Path(tempfile.mkdtemp(prefix="assay-bench-consult-"))
    database(args.pg, create=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=db_url, DEBUG="0", CONN_MAX_AGE=str(args.conn_max_age), MEDIA_ROOT=str(tmp / "media"),
               EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
               TASK_BACKEND="django_tasks_db.DatabaseBackend",  # as in production: receipts queue for the worker
               # every client posts from 127.0.0.1: the per-address limit is counted (its cost is measured) but set
               # above the load, as many respondents behind many addresses would be
               RATE_CONSULTATION_SUBMIT_IP="100000000/h")
    for command in (["migrate", "--noinput"], ["shell", "-c", SETUP]):
        out = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout
    setup = json.loads(next(line[6:] for line in out.splitlines() if line.startswith("BENCH ")))
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_bare (id bigserial PRIMARY KEY, body jsonb NOT NULL)")
    server = Server(args, env, free_port(), tmp / "gunicorn.log", setup["round"])
    bare = Server(args, env, free_port(), tmp / "bare.log", setup["round"],
                  app=("bare_django:application", "--chdir", str(ROOT / "bench")))
    kind = f"gthread × {args.threads} threads" if args.threads > 1 else "sync"
    print(f"gunicorn: {args.workers} workers ({kind}), CONN_MAX_AGE={args.conn_max_age}; {args.clients} clients; "
          f"{len(setup['questions'])} questions; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    phases: list[tuple[str, Stats, float, dict[str, Any]]] = []
    try:
        server.start()
        run_phase(args, server, setup, "warm", 3)  # first requests load templates and translations: not counted
        phases.append(run_phase(args, server, setup, "load", args.seconds))
        ceiling = None
        if args.ceiling_seconds:  # at once, in the same conditions: the ratio to it is steadier than the rate
            server.stop()
            bare.start()
            run_phase(args, bare, setup, "bwarm", 3)
            ceiling = run_phase(args, bare, setup, "bare", args.ceiling_seconds)
            bare.stop()
            server.start()
            run_phase(args, server, setup, "warm-b", 3)
        if not args.skip_crash:
            phases.append(run_phase(args, server, setup, "crash", args.crash_seconds, crash=True))
    finally:
        server.stop()
        bare.stop()
    acked = {k: v for _, stats, _, _ in phases for k, v in stats.acked.items()}
    with psycopg.connect(db_url) as conn:
        stored = {k: (i, c) for k, i, c in conn.execute(
            "SELECT r.client_key, r.id, count(c.id) FROM consultation_response r LEFT JOIN consultation_comment c "
            "ON c.response_id = r.id WHERE r.submitted_at IS NOT NULL AND r.client_key LIKE 'bench-%' "
            "AND r.client_key NOT LIKE 'bench-warm-%' GROUP BY r.id")}
        drafts, total, audited = conn.execute(
            "SELECT count(*) FILTER (WHERE submitted_at IS NULL), count(*), (SELECT count(*) FROM audit_auditrecord "
            "WHERE action = 'response_submit') FROM consultation_response").fetchone() or (-1, -1, -1)
        receipts = conn.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                "WHERE task_path LIKE '%.acknowledge_submission'").fetchone()[0]
    if not args.keep_db:
        database(args.pg, create=False)

    print(f"\n{'phase':<6} {'s':>5} {'acked':>6} {'subm/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} "
          f"{'resent':>6} {'wrong':>5} {'errors':>6} {'retried':>7}")
    for label, stats, elapsed, _ in phases:
        print(f"{label:<6} {elapsed:5.1f} {len(stats.acked):6} {len(stats.acked) / elapsed:7.1f} "
              f"{pct(stats.latencies, 50):7.0f} {pct(stats.latencies, 99):7.0f} {pct(stats.latencies, 100):7.0f} "
              f"{stats.resends:6} {stats.resend_wrong:5} {sum(stats.errors.values()):6} {len(stats.retried):7}")
        for kind, count in stats.errors.most_common():
            print(f"       {count} × {kind}" + (f": {stats.sample[kind]}" if stats.sample[kind] else ""))
    missing = sorted(k for k in acked if k not in stored)
    differs = sorted(k for k in acked if k in stored and stored[k] != acked[k])
    print(f"\ncount check: {len(acked)} acknowledged, {len(acked) - len(missing)} of them stored, {len(missing)} "
          f"missing, {len(differs)} with another id or comment count; {len(set(stored) - set(acked))} stored but "
          f"never acknowledged; {drafts} drafts left, {audited} response_submit audits and {receipts} queued "
          f"acknowledgements (grouping, then receipt) for {total} responses")
    for _, stats, _, crash in phases:
        if "before" in crash:
            lost = sum(k not in stored for k in crash["before"])
            print(f"crash: {len(crash['before'])} acknowledged before the SIGKILL, {lost} of them lost; gunicorn "
                  f"answering again {crash['down']:.1f} s later; {len(stats.retried)} keys retried, "
                  f"{stats.stored_on_retry} of them answered 'duplicate' (stored before the kill, unacknowledged)")
    _, load, elapsed, info = phases[0]
    ms = [1000 * c / max(1, len(load.acked)) for c in info["cpu"]]  # resends included: they are part of the load
    if args.conn_max_age:  # else each request had its own PostgreSQL backend, gone before it could be counted
        cores = os.cpu_count() or 1
        print(f"CPU per submission (load phase): gunicorn {ms[0]:.1f} ms, PostgreSQL {ms[1]:.1f} ms, this load "
              f"generator {ms[2]:.1f} ms: {cores} CPUs could do {1000 * cores / sum(ms):.0f}/s at most")
    rate, p99 = len(load.acked) / elapsed, pct(load.latencies, 99)
    if ceiling is not None:
        _, bare_stats, bare_elapsed, bare_info = ceiling
        bare_rate = len(bare_stats.acked) / bare_elapsed
        bare_ms = 1000 * bare_info["cpu"][0] / max(1, len(bare_stats.acked))
        print(f"bare-Django ceiling (bench/bare_django.py, one durable INSERT, same gunicorn settings): "
              f"{bare_rate:.0f}/s, p50 {pct(bare_stats.latencies, 50):.0f} ms, p99 "
              f"{pct(bare_stats.latencies, 99):.0f} ms, gunicorn {bare_ms:.1f} ms CPU each; ours ÷ ceiling = "
              f"{100 * rate / bare_rate:.0f} % (stretch goal ≥ 40 %)")
    bad = len(missing) + len(differs) + sum(s.resend_wrong for _, s, _, _ in phases) + drafts + (audited != total)
    print(f"goal: ≥ 200 submissions/s {'met' if rate >= 200 else 'MISSED'} ({rate:.0f}), p99 ≤ 300 ms "
          f"{'met' if p99 <= 300 else 'MISSED'} ({p99:.0f}), nothing lost or doubled {'met' if not bad else 'MISSED'}")
    if bad:
        print(f"missing {missing[:5]}, differing {differs[:5]}; gunicorn log: {server.log}", file=sys.stderr)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
