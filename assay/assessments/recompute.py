"""Batch recompute of every stored score, progress and enabled impact, set-based.

1. The answers, summed: each score keeps its answers' tally (their packed counters summed, under a key naming the
   layout) and on PostgreSQL the recompute reads those, 500,000 short rows instead of 23 million answers. Tallies
   that are missing (single scoring does not write them), under another key (another engine or layout) or cleared
   (a trigger clears one when its assessment's answers change) are summed from the answers: one pass over the
   answers table with a small table of per-criterion weights hashed in, or only those assessments' answers when
   few are missing. `from_answers` sums them all.
2. Arrays: those rows are read in one binary COPY into integer arrays, and the pure core judges them all at once
   (assay.domain.scoring.batch: the rules of `judge`, exact in integers, so batch and single scores are equal), picks
   every A0 with one sorted search and works out every progress the same way.
3. Each score's figures are hashed (a digest, stored with them); only the rows whose digest differs from the
   stored one go back, in one binary COPY into a temporary table, one UPDATE and one INSERT, so a re-run after a
   change to a few designations stages and writes a few rows. A trigger clears the digest of a row updated by any
   other means, so such a row is always rewritten.

No Python runs per answer, and none per assessment except to build the enabled-impact graph's producers. The
per-criterion breakdown and the reasons are no longer stored: `Score.explanation` derives them from the answers
when a page asks (one assessment at a time; the stored figures are what lists and reports read). On SQLite (the
demo) the same queries are read with a cursor and the scores written with the ORM.
"""

import hashlib
import json
import struct
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import numpy as np
import psycopg
from django.db import connection, transaction
from django.utils import timezone

from assay.audit.services import data_changed
from assay.domain.scoring import ENGINE_VERSION, Rules
from assay.domain.scoring.batch import (
    NONE,
    OUTCOMES,
    Judged,
    ProgressBatch,
    baselines,
    judge_batch,
    progress_batch,
)
from assay.domain.scoring.impact import Graph, build_graph, enabled_impact_all
from assay.domain.scoring.impact import Relationship as Link
from assay.domain.scoring.packing import FORMS, GATE_FORMS, MATURITIES, NA_FORM, Layout, form_of
from assay.standards.models import Criterion, StandardVersion

from .models import AssessmentKind, AssessmentStatus, EnabledImpact, Score
from .scoring import rules_for, supply_links

SCORED_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED)
BATCH = 5000
EPOCH = date(1970, 1, 1)

Report = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


def _days(column: str) -> str:
    """A date column as whole days since 1970 (an integer the arrays can sort and compare)."""
    if connection.vendor == "postgresql":
        return f"({column} - DATE '1970-01-01')"
    return f"CAST(julianday({column}) - 2440587.5 AS INTEGER)"


def _codes(column: str, values: list[str]) -> str:
    """A text column as the index of its value in `values` (-1 for any other)."""
    if not values:
        return "-1"
    whens = " ".join(f"WHEN %s THEN {i}" for i in range(len(values)))
    return f"(CASE {column} {whens} ELSE -1 END)"


def _read_ints(sql: str, params: list[Any], columns: int) -> np.ndarray:
    """The rows of a query whose every column is a non-null integer, as an (n, columns) int64 array, in no
    particular order. On PostgreSQL the server packs the rows into a few large byte strings (each row's 8-byte
    big-endian integers, `int8send`), read in binary and viewed in place: no Python object per row or value (a COPY
    still sent a message per row, and reading 500,000 of them was a second of Python)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return np.array(cursor.fetchall(), dtype=np.int64).reshape(-1, columns)
        names = ", ".join(f"c{i}" for i in range(columns))
        inner = cursor.mogrify(f"SELECT {', '.join(f'c{i}::int8' for i in range(columns))} FROM ({sql}) q({names})",
                               params)
        packed = " || ".join(f"int8send(COALESCE(c{i}, 0))" for i in range(columns))
        nulls = " OR ".join(f"c{i} IS NULL" for i in range(columns))
        # groups of at most 65,536 ids keep each string far below the 1 GB a value may hold
        query = (f"SELECT string_agg({packed}, ''::bytea), bool_or({nulls}) FROM ({inner}) r({names}) "
                 f"GROUP BY c0 >> 16")
        # Django's cursors bind parameters on the client, which cannot return binary results: a plain psycopg
        # cursor on the same connection (so in the same transaction) can.
        with psycopg.Cursor(connection.connection) as raw:
            raw.execute(query, binary=True)
            parts = raw.fetchall()
    if any(null for _data, null in parts):
        raise ValueError("a column was NULL")  # the queries here coalesce every column
    data = b"".join(bytes(chunk) for chunk, _null in parts)
    return np.frombuffer(data, dtype=">i8").astype(np.int64).reshape(-1, columns)


@dataclass
class Meta:
    """The scored assessments, sorted by id, one array element each."""

    id: np.ndarray
    actor: np.ndarray
    role: np.ndarray  # an index into roles
    version: np.ndarray
    day: np.ndarray
    verified: np.ndarray
    kind: np.ndarray  # an index into KINDS
    scope: np.ndarray  # an index into scopes: the minerals in scope, as their JSON text
    in_cahra: np.ndarray
    roles: list[str]
    scopes: list[frozenset[str] | None]


KINDS = list(AssessmentKind.values)


def _meta() -> Meta:
    from assay.registry.models import Actor

    roles = sorted({r for r in Actor.objects.values_list("role", flat=True).distinct()})
    statuses = [str(s) for s in SCORED_STATUSES]
    minerals_text = "a.minerals::text" if connection.vendor == "postgresql" else "a.minerals"
    with connection.cursor() as cursor:
        placeholders = ", ".join(["%s"] * len(statuses))
        cursor.execute(f"SELECT DISTINCT {minerals_text} FROM assessments_assessment a "
                       f"WHERE a.status IN ({placeholders})", statuses)
        texts = sorted({t or "[]" for (t,) in cursor.fetchall()})
    scopes = [frozenset(json.loads(t)) or None for t in texts]
    cahra = ("EXISTS (SELECT 1 FROM registry_cahradesignation d WHERE d.site_id = a.site_id AND d.start <= a.date "
             "AND (d.\"end\" IS NULL OR a.date <= d.\"end\"))")
    sql = (f"SELECT a.id, a.actor_id, {_codes('act.role', roles)}, a.version_id, {_days('a.date')}, "
           f"CASE WHEN a.status = %s THEN 1 ELSE 0 END, {_codes('a.kind', KINDS)}, "
           f"{_codes(f'COALESCE({minerals_text}, %s)', texts)}, CASE WHEN {cahra} THEN 1 ELSE 0 END "
           f"FROM assessments_assessment a JOIN registry_actor act ON act.id = a.actor_id "
           f"WHERE a.status IN ({placeholders})")
    params = [*roles, AssessmentStatus.VERIFIED, *KINDS, *(["[]", *texts] if texts else []), *statuses]
    m = _read_ints(sql, params, 9)
    m = m[np.argsort(m[:, 0], kind="stable")]
    return Meta(id=m[:, 0], actor=m[:, 1], role=m[:, 2], version=m[:, 3], day=m[:, 4], verified=m[:, 5] == 1,
                kind=m[:, 6], scope=m[:, 7], in_cahra=m[:, 8] == 1, roles=roles, scopes=scopes)


# criterion pk → the code of the rule in the layout's rules that its answers count for (a simulation's draft)
CodeMap = dict[int, str]


# One set of rules to sum the answers for: per version, its layout, and (optionally) which rule each criterion's
# answers count for (`codes`: per version, criterion pk → code; the unmapped are left out).
Tally = tuple[dict[int, Layout], dict[int, CodeMap] | None]


def _tally_rows(layouts: dict[int, Layout], codes: dict[int, CodeMap] | None) -> dict[int, tuple[int, ...]]:
    """Each (criterion, form) key whose answers add something, and its increments in the words of its layout."""
    rows: dict[int, tuple[int, ...]] = {}
    for version_id, layout in layouts.items():
        mapped = (codes or {}).get(version_id)
        pairs = (mapped.items() if mapped is not None
                 else Criterion.objects.filter(version_id=version_id).values_list("pk", "code"))
        for pk, code in pairs:
            rule = layout.rules.by_code[code]
            for form in range(FORMS):
                increments = layout.words_for(rule, form)
                if any(increments):
                    rows[pk * FORMS + form] = tuple(int(v) for v in increments)
    return rows


def _tally_sql(tables: list[dict[int, tuple[int, ...]]], widths: list[int], where: str = "") -> str:
    """One row per assessment: its id and, for each table of `_tally_rows`, the sums of its `widths` packed
    counters (assay.domain.scoring.packing), side by side. Each answer's increments are looked up by its criterion
    and its form in a small VALUES table; forms that add nothing in any table are left out of it, so their answers
    drop out of the join. Several tables cost one pass over the answers."""
    keys = sorted(set().union(*tables))
    rows = [(key, *(v for table, w in zip(tables, widths, strict=True)
                    for v in (*table.get(key, ()), *[0] * (w - len(table.get(key, ()))))))
            for key in keys]
    words = sum(widths)
    if not rows:
        rows.append((-1, *([0] * words)))  # no rows, but a table with the columns
    values = ", ".join(f"({', '.join(str(int(v)) for v in row)})" for row in rows)
    gates = " ".join(f"WHEN '{g}' THEN {i}" for i, g in enumerate(GATE_FORMS[:2]))
    form_sql = (f"CASE WHEN an.not_applicable THEN {NA_FORM} ELSE COALESCE(an.maturity, {MATURITIES}) * "
                f"{len(GATE_FORMS)} + (CASE an.gate {gates} ELSE 2 END) END")
    names = ", ".join(f"w{j}" for j in range(words))
    sums = ", ".join(f"SUM(k.w{j})" for j in range(words))
    return (f"WITH k(key, {names}) AS (VALUES {values}) "
            f"SELECT an.assessment_id, {sums} FROM assessments_answer an "
            f"JOIN k ON k.key = an.criterion_id * {FORMS} + {form_sql} {where} GROUP BY an.assessment_id")


def _positions(meta: Meta, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of `ids` sits in Meta's order, and which of them are scored assessments at all."""
    at = np.searchsorted(meta.id, ids)
    keep = at < len(meta.id)
    keep[keep] = meta.id[at[keep]] == ids[keep]
    return at, keep


def _tally_keys(layouts: dict[int, Layout]) -> dict[int, str]:
    """Per version, the name of the layout its stored tallies are in: a hash of exactly what each answer adds (the
    rows the SQL sums with), the word count and the engine, so a tally summed any other way is never read as
    this one."""
    keys = {}
    for version_id, layout in layouts.items():
        rows = sorted(_tally_rows({version_id: layout}, None).items())
        text = repr((ENGINE_VERSION, version_id, layout.words, rows))
        keys[version_id] = hashlib.sha256(text.encode()).hexdigest()[:24]
    return keys


def _read_tallies(key: str, words: int) -> np.ndarray:
    """The stored tallies under `key`, as rows of (assessment id, its words), in no particular order: the server
    joins each row's id and tally into a few byte strings (as `_read_ints`)."""
    query = ("SELECT string_agg(int8send(assessment_id) || tally, ''::bytea) FROM assessments_score "
             "WHERE tally_key = %s AND length(tally) = %s GROUP BY assessment_id >> 16")
    with psycopg.Cursor(connection.connection) as raw:
        raw.execute(query, (key, 8 * words), binary=True)
        data = b"".join(bytes(chunk) for (chunk,) in raw.fetchall())
    return np.frombuffer(data, dtype=">i8").astype(np.int64).reshape(-1, 1 + words)


def _sums_stored(meta: Meta, layouts: dict[int, Layout], keys: dict[int, str], report: Report) -> np.ndarray:
    """As `_sums_of` for the assessments' own rules, but read from the stored tallies where each one's is current;
    only the rest are summed from their answers (all of them, in one pass, when most are missing)."""
    n = len(meta.id)
    width = max((layout.words for layout in layouts.values()), default=1)
    sums = np.zeros((n, width), dtype=np.int64)
    have = np.zeros(n, dtype=bool)
    report("sum answers", 0, 1)
    for version_id, key in keys.items():
        words = layouts[version_id].words
        rows = _read_tallies(key, words)
        at, keep = _positions(meta, rows[:, 0])
        keep[keep] = meta.version[at[keep]] == version_id
        sums[at[keep], :words] = rows[keep, 1:]
        have[at[keep]] = True
    missing = meta.id[~have]
    if len(missing) > n // 4:  # a first recompute, or after the engine changed: one pass over every answer
        return _sums_of(meta, [(layouts, None)], report)[0]
    if len(missing):
        table = _tally_rows(layouts, None)
        rows = _read_ints(_tally_sql([table], [width], "WHERE an.assessment_id = ANY(%s)"),
                          [[int(i) for i in missing]], 1 + width)
        at = np.searchsorted(meta.id, rows[:, 0])
        sums[at] = rows[:, 1:]
    report("sum answers", 1, 1)
    return sums


@dataclass
class Expected:
    possible: np.ndarray  # per module
    scored: int
    gates: int


def _expected(rules: Rules, role: str, minerals: frozenset[str] | None) -> Expected:
    possible = np.zeros(len(rules.modules), dtype=np.int64)
    index = {code: i for i, code in enumerate(rules.modules)}
    scored = gates = 0
    for c in rules.criteria:
        if not c.applies(role, minerals):
            continue
        if c.scored:
            possible[index[c.module]] += c.points
            scored += 1
        elif c.kind == "gate":
            gates += 1
    return Expected(possible, scored, gates)


@dataclass
class Computed:
    """Everything stored for the scored assessments (Meta's order), per version's module codes."""

    judged: dict[int, tuple[np.ndarray, Judged]]  # version → (positions in Meta, results)
    outcome: np.ndarray
    level: np.ndarray
    earned3: np.ndarray
    possible: np.ndarray
    overall: np.ndarray
    residual: np.ndarray
    baseline: np.ndarray  # a position in Meta or NONE
    progress: ProgressBatch | None
    value_exact: dict[int, Fraction]  # position → progress as an exact fraction (for enabled impact)
    words: np.ndarray | None = None  # the summed words judged (Meta's order), stored as each score's tally
    layouts: dict[int, Layout] | None = None
    tally_keys: dict[int, str] | None = None  # per version, the key its tallies are stored under


def _judge_all(meta: Meta, versions: dict[int, Rules], report: Report, from_answers: bool = False) -> Computed:
    """Sum every answer (or, on PostgreSQL unless `from_answers`, read the stored tallies that are current) and
    judge every assessment of `versions` by those rules."""
    layouts = {pk: Layout.of(rules) for pk, rules in versions.items()}
    stored = connection.vendor == "postgresql" and not from_answers
    keys = _tally_keys(layouts)
    sums = _sums_stored(meta, layouts, keys, report) if stored else _sums_of(meta, [(layouts, None)], report)[0]
    computed = _judge_sums(meta, versions, layouts, sums, report)
    computed.words, computed.layouts, computed.tally_keys = sums, layouts, keys
    return computed


def _sums_of(meta: Meta, tallies: list[Tally], report: Report) -> list[np.ndarray]:
    """The summed packed words of every assessment (zeros for one without a counted answer), in Meta's order, for
    each set of rules, from one pass over the answers; sets that add alike share one array."""
    n = len(meta.id)
    tables = [_tally_rows(layouts, codes) for layouts, codes in tallies]
    distinct: list[int] = []  # the first of each group of equal tables
    same: list[int] = []  # for each set, the first of its group
    for i, table in enumerate(tables):
        first = next((j for j in distinct if tables[j] == table), None)
        if first is None:
            distinct.append(first := i)
        same.append(first)
    widths = [max((layout.words for layout in tallies[i][0].values()), default=1) for i in distinct]
    report("sum answers", 0, 1)
    rows = _read_ints(_tally_sql([tables[i] for i in distinct], widths), [], 1 + sum(widths))
    report("sum answers", 1, 1)
    # the sums arrive in any order and include drafts': place each at its assessment's position
    at, keep = _positions(meta, rows[:, 0])
    arrays: dict[int, np.ndarray] = {}
    column = 1
    for i, width in zip(distinct, widths, strict=True):
        sums = np.zeros((n, width), dtype=np.int64)
        sums[at[keep]] = rows[keep, column:column + width]
        arrays[i], column = sums, column + width
    return [arrays[first] for first in same]


# Per version, the codes of criteria that every assessment is taken to have answered at maturity 0 where they
# apply (a simulation's criteria new in a draft, scored "as 0"); gates among them stay not known to be clear.
ZeroCodes = dict[int, frozenset[str]]


def _judge_sums(meta: Meta, versions: dict[int, Rules], layouts: dict[int, Layout], sums: np.ndarray,
                report: Report, zero: ZeroCodes | None = None) -> Computed:
    """Judge the assessments of each version by `versions[version]` from their summed words (`_sums_of`, in the
    words of `layouts[version]`, which may be another version's layout with the same modules)."""
    n = len(meta.id)
    outcome = np.zeros(n, dtype=np.int64)
    level = np.full(n, NONE, dtype=np.int64)
    earned3 = np.zeros(n, dtype=np.int64)
    possible = np.zeros(n, dtype=np.int64)
    overall = np.full(n, np.nan)
    residual = np.full(n, np.nan)
    judged: dict[int, tuple[np.ndarray, Judged]] = {}
    for version_id, rules in versions.items():
        positions = np.flatnonzero(meta.version == version_id)
        if not len(positions):
            continue
        layout = layouts[version_id]
        mods = len(rules.modules)
        s = sums[positions]
        zeros = [layout.rules.by_code[c] for c in sorted((zero or {}).get(version_id, ()))]
        # expected per (role, minerals): few combinations, looked up by a combined key
        key = meta.role[positions] * len(meta.scopes) + meta.scope[positions]
        exp_possible = np.zeros((len(positions), mods), dtype=np.int64)
        exp_scored = np.zeros(len(positions), dtype=np.int64)
        exp_gates = np.zeros(len(positions), dtype=np.int64)
        for k in np.unique(key):
            role, minerals = meta.roles[k // len(meta.scopes)], meta.scopes[k % len(meta.scopes)]
            e = _expected(rules, role, minerals)
            where = key == k
            exp_possible[where], exp_scored[where], exp_gates[where] = e.possible, e.scored, e.gates
            for rule in zeros:
                if rule.applies(role, minerals) and rule.scored:
                    increments = np.zeros(s.shape[1], dtype=np.int64)
                    increments[:layout.words] = layout.words_for(rule, form_of(False, 0, ""))
                    s[where] += increments
        tallies = layout.unpack(s, exp_possible, exp_scored, exp_gates)
        result = judge_batch(rules, tallies)
        judged[version_id] = (positions, result)
        outcome[positions], level[positions] = result.outcome, result.level
        earned3[positions], possible[positions] = result.earned3, result.possible
        overall[positions], residual[positions] = result.overall, result.residual_risk
        report("judge", int(sum(len(p) for p, _ in judged.values())), n)
    report("judge", n, n)
    return Computed(judged, outcome, level, earned3, possible, overall, residual,
                    np.full(n, NONE, dtype=np.int64), None, {})


def _may_count(meta: Meta, versions: dict[int, Rules]) -> np.ndarray:
    """Which assessments may count for progress (as A0 or A1), by the assurance rules of their own version."""
    out = np.zeros(len(meta.id), dtype=bool)
    for version_id, rules in versions.items():
        kinds = np.array([KINDS.index(k) for k in rules.assurance.progress if k in KINDS], dtype=np.int64)
        out |= (meta.version == version_id) & meta.verified & np.isin(meta.kind, kinds)
    return out


def _progress(meta: Meta, versions: dict[int, Rules], c: Computed, report: Report) -> int:
    """A0 of every assessment (one sorted search) and the progress from it, by the rules of A1's version."""
    n = len(meta.id)
    interval = np.zeros(n, dtype=np.int64)
    for version_id, rules in versions.items():
        interval[meta.version == version_id] = rules.min_interval_days
    c.baseline = baselines(meta.actor, meta.day, meta.id, _may_count(meta, versions), interval)
    has_base = c.baseline != NONE
    value = np.full(n, np.nan)
    change, part, mult = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    level_change = np.zeros(n, dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    for version_id, rules in versions.items():
        positions = np.flatnonzero((meta.version == version_id) & has_base)
        if not len(positions):
            continue
        b = c.baseline[positions]

        def judged(at: np.ndarray) -> Judged:
            return Judged(outcome=c.outcome[at], level=c.level[at], earned3=c.earned3[at], possible=c.possible[at],
                          overall=c.overall[at], modules=np.empty((len(at), 0)), residual_risk=c.residual[at])

        p = progress_batch(rules, judged(positions), judged(b), meta.in_cahra[positions])
        has[positions], value[positions] = p.has, p.value
        change[positions], part[positions], mult[positions] = p.overall_change, p.level_part, p.multiplier
        level_change[positions] = p.level_change
        for i in np.flatnonzero(p.has):
            c.value_exact[int(positions[i])] = Fraction(int(p.value_num[i]), int(p.value_den[i]))
    c.progress = ProgressBatch(has=has, value=value, overall_change=change, level_change=level_change,
                               level_part=part, multiplier=mult, value_num=np.zeros(0, dtype=np.int64),
                               value_den=np.zeros(0, dtype=np.int64))
    report("progress", 1, 1)
    return int(has.sum())


def recompute(start: date | None = None, end: date | None = None, report: Report = _quiet,
              impact: bool = True, from_answers: bool = False) -> dict[str, int]:
    """Recompute every score and progress, and (with `impact`) the period's enabled impact; returns counts. The
    answers are read from the stored tallies where they are current, or (`from_answers`) all summed again."""
    end = end or date.today()
    start = start or end - timedelta(days=364)
    # The credit flow is pure Python and the rest mostly the database's work: the links are read first (in this
    # transaction) and their graph built in a thread while this one waits on the database (which releases the
    # interpreter lock), then the flow runs there while the scores are stored, so the two use both cores.
    with transaction.atomic(), ThreadPoolExecutor(max_workers=1) as pool:
        graph = pool.submit(build_graph, _links(start, end), start, end) if impact else None
        report("credit inputs", 1, 1)
        meta = _meta()
        version_ids = [int(v) for v in np.unique(meta.version)]
        versions = {v.pk: rules_for(v) for v in StandardVersion.objects.filter(pk__in=version_ids)}
        computed = _judge_all(meta, versions, report, from_answers)
        progress_count = _progress(meta, versions, computed, report)
        flow = (pool.submit(_credit_flow, graph, *_credit_progress(meta, versions, computed, start, end))
                if graph is not None else None)
        written = _store(meta, versions, computed, report)
        impacts = _store_enabled_impact(flow.result(), start, end) if flow is not None else 0
        report("impact", 1, 1)
        if written or impact:  # the enabled impact is rewritten whenever it is recomputed
            data_changed()
    return {"assessments": len(meta.id), "progress": progress_count, "enabled_impact": impacts,
            "scores_written": written}


def _module_json(versions: dict[int, Rules], version_of: np.ndarray, c: Computed) -> list[str]:
    """Each score's module scores as JSON text (SQLite path only: PostgreSQL builds them itself)."""
    out = [""] * len(version_of)
    for version_id, (positions, result) in c.judged.items():
        codes = versions[version_id].modules
        for i, at in enumerate(positions):
            out[at] = json.dumps({code: (None if np.isnan(v) else float(v)) for code, v in zip(
                codes, result.modules[i], strict=True)})
    return out


def _overall_fraction(c: Computed) -> tuple[np.ndarray, np.ndarray]:
    """The overall score 100·earned3 / 3·possible in lowest terms, as Fraction keeps it (0/0 where none)."""
    num, den = 100 * c.earned3, 3 * c.possible
    g = np.maximum(np.gcd(num, den), 1)
    return num // g, den // g


def _null(v: float) -> float | None:
    return None if np.isnan(v) else float(v)


def _store(meta: Meta, versions: dict[int, Rules], c: Computed, report: Report) -> int:
    """Write what changed; returns the number of scores written."""
    assert c.progress is not None
    n = len(meta.id)
    if connection.vendor == "postgresql":
        return _store_copy(meta, versions, c, report)
    # SQLite (the demo's few hundred assessments): replace them all with the ORM
    Score.objects.filter(assessment__status__in=SCORED_STATUSES).delete()
    modules = _module_json(versions, meta.version, c)
    num, den = _overall_fraction(c)
    p = c.progress
    batch: list[Score] = []
    for i in range(n):
        b = int(c.baseline[i])
        detail = {}
        if p.has[i]:
            detail = {"value": float(p.value[i]), "baseline": int(meta.id[b]),
                      "overall_change": float(p.overall_change[i]), "level_change": int(p.level_change[i]),
                      "level_part": float(p.level_part[i]), "cahra_multiplier": float(p.multiplier[i])}
        batch.append(Score(
            assessment_id=int(meta.id[i]), outcome=OUTCOMES[c.outcome[i]],
            level=None if c.level[i] == NONE else int(c.level[i]), overall=_null(c.overall[i]),
            residual_risk=_null(c.residual[i]), modules=json.loads(modules[i]),
            overall_num=None if den[i] == 0 else int(num[i]), overall_den=None if den[i] == 0 else int(den[i]),
            progress=float(p.value[i]) if p.has[i] else None,
            baseline_id=None if b == NONE else int(meta.id[b]), progress_detail=detail,
            in_cahra=bool(meta.in_cahra[i]), engine=ENGINE_VERSION))
    Score.objects.bulk_create(batch, batch_size=BATCH)
    report("store", n, n)
    return n


STAGE_COLUMNS = (("assessment_id", "int8"), ("outcome", "int8"), ("level", "int8"), ("overall_num", "int8"),
                 ("overall_den", "int8"), ("overall", "float8"), ("residual", "float8"), ("baseline", "int8"),
                 ("has_progress", "int8"), ("progress", "float8"), ("overall_change", "float8"),
                 ("level_change", "int8"), ("level_part", "float8"), ("multiplier", "float8"), ("in_cahra", "int8"),
                 ("version_id", "int8"), ("tally_bytes", "int8"))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _binary_copy(columns: list[tuple[str, np.ndarray]], n: int) -> bytes:
    """Rows of 8-byte integers and floats in PostgreSQL's binary COPY format, built by numpy in one piece."""
    dtype = np.dtype([("n", ">i2")] + [(f, t) for name, values in columns for f, t in (
        (f"l_{name}", ">i4"), (f"v_{name}", ">f8" if values.dtype.kind == "f" else ">i8"))])
    rows = np.zeros(n, dtype=dtype)
    rows["n"] = len(columns)
    for name, values in columns:
        rows[f"l_{name}"] = 8
        rows[f"v_{name}"] = values
    return b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0) + rows.tobytes() + struct.pack(">h", -1)


def _mix(h: np.ndarray) -> np.ndarray:
    """A 64-bit finaliser (splitmix64): every input bit moves about half the output bits."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def _digests(columns: list[np.ndarray], salt: np.ndarray) -> np.ndarray:
    """Per row, a positive non-zero 63-bit hash of its values (integers and floats by their bits) and its salt."""
    h = salt.astype(np.uint64)
    for values in columns:
        bits = values.astype(np.float64 if values.dtype.kind == "f" else np.int64).view(np.uint64)
        h = _mix(h ^ bits)
    return ((h >> np.uint64(1)) | np.uint64(1)).astype(np.int64)


def _salt(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:15], 16)


def _store_copy(meta: Meta, versions: dict[int, Rules], c: Computed, report: Report) -> int:
    assert c.progress is not None and c.words is not None and c.layouts is not None and c.tally_keys is not None
    p, n = c.progress, len(meta.id)
    width = max((len(r.modules) for r in versions.values()), default=0)
    modules = np.full((n, width), np.nan)
    for positions, result in c.judged.values():
        modules[positions, :result.modules.shape[1]] = result.modules
    base = np.where(c.baseline != NONE, meta.id[np.maximum(c.baseline, 0)], NONE)
    num, den = _overall_fraction(c)
    keys = c.tally_keys
    words = c.words.shape[1]
    tally_bytes = np.zeros(n, dtype=np.int64)
    salt = np.zeros(n, dtype=np.int64)
    for version_id, rules in versions.items():
        where = meta.version == version_id
        tally_bytes[where] = 8 * c.layouts[version_id].words
        salt[where] = _salt(repr((keys[version_id], rules.modules)))
    columns = [("assessment_id", meta.id), ("outcome", c.outcome), ("level", c.level), ("overall_num", num),
               ("overall_den", den), ("overall", c.overall), ("residual", c.residual), ("baseline", base),
               ("has_progress", p.has.astype(np.int64)), ("progress", p.value), ("overall_change", p.overall_change),
               ("level_change", p.level_change), ("level_part", p.level_part), ("multiplier", p.multiplier),
               ("in_cahra", meta.in_cahra.astype(np.int64)), ("version_id", meta.version),
               ("tally_bytes", tally_bytes)]
    columns += [(f"m{i}", modules[:, i]) for i in range(width)]
    columns += [(f"t{j}", c.words[:, j]) for j in range(words)]
    digest = _digests([values for name, values in columns[1:]], salt)
    # Only the rows whose figures hash differently from what is stored (or that have no score, or whose digest
    # was cleared by a change made by other means) are staged and written.
    stored = _read_ints("SELECT assessment_id, COALESCE(digest, 0) FROM assessments_score", [], 2)
    at, known = _positions(meta, stored[:, 0])
    previous = np.zeros(n, dtype=np.int64)
    previous[at[known]] = stored[known, 1]
    changed = np.flatnonzero(previous != digest)
    report("store", n // 4, n)
    if not len(changed):
        report("store", n, n)
        return 0
    columns = [(name, values[changed]) for name, values in columns] + [("digest", digest[changed])]
    outcomes = "(ARRAY[" + ", ".join(f"'{o}'" for o in OUTCOMES) + "])[s.outcome + 1]"
    # module scores as JSON built by the database, with the version's module codes
    by_version = " ".join(
        f"WHEN {vid} THEN jsonb_build_object(" + ", ".join(
            f"{_literal(code)}, NULLIF(s.m{i}, 'NaN')" for i, code in enumerate(r.modules)) + ")"
        for vid, r in versions.items())
    modules_sql = f"(CASE s.version_id {by_version} ELSE '{{}}'::jsonb END)" if versions else "'{}'::jsonb"
    detail = ("CASE WHEN s.has_progress = 1 THEN jsonb_build_object('value', s.progress, 'baseline', s.baseline, "
              "'overall_change', s.overall_change, 'level_change', s.level_change, 'level_part', s.level_part, "
              "'cahra_multiplier', s.multiplier) ELSE '{}'::jsonb END")
    packed = " || ".join(f"int8send(s.t{j})" for j in range(words))
    tally_keys = " ".join(f"WHEN {vid} THEN {_literal(key)}" for vid, key in keys.items())
    values = {"outcome": outcomes, "level": "NULLIF(s.level, -1)", "overall": "NULLIF(s.overall, 'NaN')",
              "residual_risk": "NULLIF(s.residual, 'NaN')", "modules": modules_sql,
              "overall_num": "CASE WHEN s.overall_den > 0 THEN s.overall_num END",
              "overall_den": "NULLIF(s.overall_den, 0)",
              "progress": "CASE WHEN s.has_progress = 1 THEN s.progress END",
              "baseline_id": "NULLIF(s.baseline, -1)", "progress_detail": detail,
              "in_cahra": "s.in_cahra = 1", "engine": "%(engine)s",
              # the version's words of the tally, 8 bytes each, as _read_tallies reads them back
              "tally": f"substring({packed} from 1 for s.tally_bytes::int4)",
              "tally_key": f"(CASE s.version_id {tally_keys} ELSE '' END)" if keys else "''",
              "digest": "s.digest"}
    staged = len(changed)
    with connection.cursor() as cursor:
        # dropped at the end as well as on commit: a caller's enclosing transaction may run two recomputes
        cursor.execute("DROP TABLE IF EXISTS score_stage, score_new")
        cursor.execute("CREATE TEMPORARY TABLE score_stage ("
                       + ", ".join(f"{name} {t}" for name, t in STAGE_COLUMNS)
                       + "".join(f", m{i} float8" for i in range(width))
                       + "".join(f", t{j} int8" for j in range(words)) + ", digest int8) ON COMMIT DROP")
        with cursor.cursor.copy("COPY score_stage FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_binary_copy(columns, staged))
        report("store", n // 2, n)
        params: dict[str, Any] = {"engine": ENGINE_VERSION, "now": timezone.now()}
        cursor.execute("CREATE TEMPORARY TABLE score_new ON COMMIT DROP AS SELECT s.assessment_id, "
                       + ", ".join(f"{v} AS {k}" for k, v in values.items()) + " FROM score_stage s", params)
        cursor.execute("ANALYZE score_new")  # a temporary table has no statistics: without them the planner
        # guesses a few rows and joins 500,000 by nested loops
        report("store", n * 3 // 4, n)
        names = list(values)
        cursor.execute(
            f"UPDATE assessments_score t SET {', '.join(f'{k} = x.{k}' for k in names)}, computed_at = %(now)s "
            f"FROM score_new x WHERE t.assessment_id = x.assessment_id", params)
        updated = cursor.rowcount
        report("store", n * 7 // 8, n)
        cursor.execute(
            f"INSERT INTO assessments_score (assessment_id, {', '.join(names)}, computed_at) "
            f"SELECT x.assessment_id, {', '.join(f'x.{k}' for k in names)}, %(now)s FROM score_new x "
            # the rows the UPDATE did not find, by the unique index: an anti-join against a table statistics call
            # empty was planned as a nested loop whose inner scan re-reads every row this INSERT adds (quadratic:
            # a first recompute of 500,000 scores ran for over 27 minutes)
            f"ON CONFLICT (assessment_id) DO NOTHING", params)
        inserted = cursor.rowcount
        cursor.execute("DROP TABLE score_stage, score_new")
    report("store", n, n)
    return updated + inserted


NO_END = -(2**40)  # no day a date can be (PostgreSQL's earliest is some 2.4 million days before 1970)


def _links(start: date, end: date) -> list[Link]:
    """The links of the relationships active in the period, as `supply_links` gives them. On PostgreSQL they are
    read as packed integers (each date in days, each share in ten-thousandths, each kind and mineral list by its
    index among the distinct ones), and each distinct date, share and list is made once: 300,000 links in about a
    second, where the ORM's rows took three."""
    if connection.vendor != "postgresql":
        return supply_links(start, end)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT kind FROM registry_relationship")
        kinds = sorted(k for (k,) in cursor.fetchall())
        cursor.execute("SELECT DISTINCT minerals::text FROM registry_relationship")
        texts = sorted(t for (t,) in cursor.fetchall() if t is not None)
    end_days = _days('"end"')
    rows = _read_ints(
        f"SELECT buyer_id, supplier_id, {_days('start')}, COALESCE({end_days}, {NO_END}), "
        f"COALESCE(ROUND(share * 10000)::int8, -1), {_codes('kind', kinds)}, {_codes('minerals::text', texts)} "
        f"FROM registry_relationship WHERE start <= %s AND (\"end\" IS NULL OR \"end\" >= %s)",
        [*kinds, *texts, end, start], 7)
    rows = rows[np.lexsort((rows[:, 1], rows[:, 0]))]  # the ORM's rows came in no order either; keep one
    # each column as a list of its distinct values' objects, picked by index: no Python per link but the object
    days, at = np.unique(rows[:, 2:4], return_inverse=True)
    dates = [None if d == NO_END else EPOCH + timedelta(days=int(d)) for d in days.tolist()]
    at = at.reshape(-1, 2)
    parts, share_at = np.unique(rows[:, 4], return_inverse=True)
    shares = [None if v == -1 else Fraction(v, 10000) for v in parts.tolist()]
    carried = [*(frozenset(json.loads(t) or ()) for t in texts), frozenset()]  # index -1: none listed
    return list(map(Link, map(str, rows[:, 0].tolist()), map(str, rows[:, 1].tolist()),
                    map(dates.__getitem__, at[:, 0].tolist()), map(dates.__getitem__, at[:, 1].tolist()),
                    map(shares.__getitem__, share_at.reshape(-1).tolist()), map(kinds.__getitem__, rows[:, 5].tolist()),
                    map(carried.__getitem__, rows[:, 6].tolist())))


def _credit_progress(meta: Meta, versions: dict[int, Rules], c: Computed, start: date, end: date
                     ) -> tuple[dict[str, Fraction], dict[str, frozenset[str]], int]:
    """Each producer's latest progress in the period that counts, the minerals its A1 covered, and the tiers."""
    s, e = (start - EPOCH).days, (end - EPOCH).days
    producer = meta.roles.index("producer") if "producer" in meta.roles else -1
    eligible = np.flatnonzero(_may_count(meta, versions) & (meta.role == producer) & (meta.day >= s) & (meta.day <= e))
    # each producer's latest (by date, then id): the last of its rows in (actor, day, id) order
    order = eligible[np.lexsort((meta.id[eligible], meta.day[eligible], meta.actor[eligible]))]
    last = order[np.append(meta.actor[order][1:] != meta.actor[order][:-1], True)] if len(order) else order
    progress = {str(int(meta.actor[i])): c.value_exact[int(i)] for i in last if int(i) in c.value_exact}
    # The total counts a path only for a mineral that its links carry and that the producer's A1 covered (the
    # minerals in scope of that assessment, as rankings' covered_minerals()); the graph holds what each link carries.
    covered = {str(int(meta.actor[i])): scope for i in last if (scope := meta.scopes[meta.scope[i]])}
    max_tiers = max((r.max_tiers for r in versions.values()), default=4)
    return progress, covered, max_tiers


def _credit_flow(graph: "Future[Graph]", progress: dict[str, Fraction], covered: dict[str, frozenset[str]],
                 max_tiers: int) -> tuple[dict[str, Fraction], int]:
    # All buyers at once, tier by tier (the per-buyer path walk took 80 % of a recompute at 100,000 actors);
    # the paths behind one actor's figure are worked out when its page asks (reporting's credit page).
    return enabled_impact_all(graph.result(), progress, max_tiers, covered=covered), len(progress)


def _store_enabled_impact(flow: tuple[dict[str, Fraction], int], start: date, end: date) -> int:
    """Write the period's enabled impact by difference: rows whose value, engine or explanation changed are
    replaced, new ones added, those of actors with none any more removed (a re-run with nothing changed writes
    none). Returns the number of figures the period has."""
    values, producers = flow
    explanation = {"producers_with_progress": producers}
    wanted = {int(buyer): float(value) for buyer, value in values.items()}
    stored = EnabledImpact.objects.filter(start=start, end=end)
    stale: list[int] = []  # ids of the rows to remove
    kept: set[int] = set()  # actors whose stored row is as wanted
    for pk, actor_id, value, engine, explained in stored.values_list("pk", "actor_id", "value", "engine",
                                                                     "explanation").iterator(chunk_size=BATCH):
        if wanted.get(actor_id) == value and engine == ENGINE_VERSION and explained == explanation:
            kept.add(actor_id)
        else:
            stale.append(pk)
    for at in range(0, len(stale), BATCH):
        EnabledImpact.objects.filter(pk__in=stale[at:at + BATCH]).delete()
    EnabledImpact.objects.bulk_create(
        (EnabledImpact(actor_id=buyer, start=start, end=end, value=value, engine=ENGINE_VERSION,
                       explanation=explanation)
         for buyer, value in wanted.items() if buyer not in kept),
        batch_size=BATCH,
    )
    return len(wanted)


def console_report(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on the terminal."""
    width = 30
    filled = int(width * done / total) if total else width
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r{stage:12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
    sys.stderr.flush()


def on_designations_changed(sender: Any, **kwargs: Any) -> None:
    """Progress multipliers depend on CAHRA designations: when the registry re-derives them, every stored score
    and progress figure is recomputed in one set-based pass (assay.registry.signals); only the scores whose
    figures changed are written."""
    recompute(impact=False)

