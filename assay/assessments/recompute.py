"""Batch recompute of every stored score, progress and enabled impact, set-based.

The database sums the answers (one GROUP BY over the answers table with the small criteria table hashed in);
Python then judges each assessment from its per-module tallies with the same engine functions that score a
single assessment, so batch and single scores cannot drift apart. Scores are written with COPY on PostgreSQL.
No query runs per row. Safe to re-run: it replaces the stored scores inside one transaction.
"""

import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from assay.audit.services import data_changed
from assay.domain.scoring import ENGINE_VERSION, Rules, judge, progress_between
from assay.domain.scoring.engine import ModuleTally, ScoreSummary, Tally
from assay.domain.scoring.impact import enabled_impact_all
from assay.domain.scoring.progress import select_baseline
from assay.domain.scoring.report import progress_json, score_json
from assay.registry.models import CahraDesignation
from assay.standards.models import Module, StandardVersion

from .models import Assessment, AssessmentStatus, EnabledImpact, Score
from .scoring import rules_for, supply_graph

SCORED_STATUSES = (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED)
BATCH = 5000

Report = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class Row:
    id: int
    actor_id: int
    role: str
    version_id: int
    date: date
    status: str
    site_id: int | None
    kind: str = "third_party"
    minerals: frozenset[str] | None = None  # the assessment's scope (scoring.scope)
    summary: ScoreSummary | None = None


# Answers exist only for criteria that apply to the actor's role (assessment_save_answers refuses the others), so
# the sums need no join to assessments or actors: one pass over the answers with the small criteria table hashed
# in, which PostgreSQL can run in parallel. Drafts' sums come along and are ignored.
RISK = "(c.kind = 'mitigation' OR (c.kind = 'practice' AND c.risk))"
TALLY_SQL = f"""
SELECT an.assessment_id, c.module_id,
  SUM(CASE WHEN c.kind IN ('mitigation', 'practice') AND NOT an.not_applicable AND an.maturity IS NOT NULL
      THEN c.points * an.maturity ELSE 0 END),
  SUM(CASE WHEN c.kind IN ('mitigation', 'practice') AND an.not_applicable THEN c.points ELSE 0 END),
  SUM(CASE WHEN c.kind IN ('mitigation', 'practice') AND (an.not_applicable OR an.maturity IS NOT NULL)
      THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.kind = 'gate' AND (an.gate = 'clear' OR an.not_applicable) THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.kind = 'gate' AND NOT an.not_applicable AND an.gate IN ('breach', 'unknown') THEN 1 ELSE 0 END),
  MIN(CASE WHEN c.kind = 'mitigation' AND NOT an.not_applicable THEN an.maturity END),
  SUM(CASE WHEN {RISK} AND NOT an.not_applicable AND an.maturity IS NOT NULL
      THEN c.points * (3 - an.maturity) ELSE 0 END),
  SUM(CASE WHEN {RISK} AND NOT an.not_applicable AND an.maturity IS NOT NULL THEN c.points ELSE 0 END)
FROM assessments_answer an
JOIN standards_criterion c ON c.id = an.criterion_id
GROUP BY an.assessment_id, c.module_id
"""

# Gates not clear and indicator values: few rows, read with their codes for the explanations.
DETAIL_SQL = """
SELECT an.assessment_id, c.code, c.kind, c.tier, an.gate, an.number
FROM assessments_answer an
JOIN standards_criterion c ON c.id = an.criterion_id
WHERE NOT an.not_applicable
  AND ((c.kind = 'gate' AND an.gate IN ('breach', 'unknown')) OR (c.kind = 'indicator' AND an.number IS NOT NULL))
"""


def _grouped(cursor: Any, sql: str) -> Iterator[tuple[int, list[tuple]]]:
    """(assessment id, its rows without the id) from a query ordered by assessment id."""
    cursor.execute(sql)
    current, bucket = None, []
    while fetched := cursor.fetchmany(BATCH):
        for assessment_id, *rest in fetched:
            if assessment_id != current:
                if current is not None:
                    yield current, bucket
                current, bucket = assessment_id, []
            bucket.append(tuple(rest))
    if current is not None:
        yield current, bucket


@dataclass
class Expected:
    possible: dict[str, int]
    scored: int
    gates: list[str]


def _expected(rules: Rules, role: str, minerals: frozenset[str] | None) -> Expected:
    possible = dict.fromkeys(rules.modules, 0)
    scored, gates = 0, []
    for c in rules.criteria:
        if not c.applies(role, minerals):
            continue
        if c.scored:
            possible[c.module] += c.points
            scored += 1
        elif c.kind == "gate":
            gates.append(c.code)
    return Expected(possible, scored, gates)


def recompute(start: date | None = None, end: date | None = None, report: Report = _quiet,
              impact: bool = True) -> dict[str, int]:
    """Recompute every score and progress, and (with `impact`) the period's enabled impact; returns counts."""
    end = end or date.today()
    start = start or end - timedelta(days=364)
    rows = {a["id"]: Row(a["id"], a["actor_id"], a["actor__role"], a["version_id"], a["date"], a["status"],
                         a["site_id"], a["kind"], frozenset(a["minerals"] or ()) or None)
            for a in Assessment.objects.filter(status__in=SCORED_STATUSES).values(
                "id", "actor_id", "actor__role", "version_id", "date", "status", "site_id", "kind", "minerals")
            .iterator(chunk_size=BATCH)}
    versions = {v.pk: v for v in StandardVersion.objects.filter(pk__in={r.version_id for r in rows.values()})}
    rules = {pk: rules_for(v) for pk, v in versions.items()}
    # what an assessment is expected to answer depends on the version, the actor's role and the minerals in scope
    scopes = {(r.version_id, r.role, r.minerals) for r in rows.values()}
    expected = {key: _expected(rules[key[0]], key[1], key[2]) for key in scopes}
    with transaction.atomic(), connection.cursor() as sums_cursor, connection.cursor() as detail_cursor:
        module_codes = dict(Module.objects.filter(version__in=list(versions)).values_list("id", "code"))
        report("sum answers", 0, 1)
        # Both streams come ordered by assessment, so each assessment is judged as soon as its rows are in and
        # only its compact result is kept: memory stays flat however many answers there are.
        sums = _grouped(sums_cursor, TALLY_SQL + " ORDER BY an.assessment_id")
        details = _grouped(detail_cursor, DETAIL_SQL + " ORDER BY an.assessment_id")
        report("sum answers", 1, 1)
        pending = next(details, None)
        results: dict[int, dict[str, Any]] = {}
        for assessment_id, by_module in sums:
            while pending is not None and pending[0] < assessment_id:
                pending = next(details, None)
            row = rows.get(assessment_id)
            if row is None:
                continue  # a draft's or a returned assessment's sums
            detail = pending[1] if pending is not None and pending[0] == assessment_id else []
            results[assessment_id] = _judge(rules[row.version_id], expected[(row.version_id, row.role, row.minerals)],
                                            {module_codes[m]: rest for m, *rest in by_module}, detail, row)
            if len(results) % BATCH == 0:
                report("judge", len(results), len(rows))
        for row in rows.values():  # submitted without a single answer: judged on nothing
            if row.id not in results:
                results[row.id] = _judge(rules[row.version_id], expected[(row.version_id, row.role, row.minerals)],
                                         {}, [], row)
        report("judge", len(rows), len(rows))
        progress_count = _progress(rows, rules, results, report)
        impacts = _enabled_impact(rows, rules, results, start, end) if impact else 0
        report("impact", 1, 1)
        _store(rows, results, report)  # frees each result as it writes it
        data_changed()
    return {"assessments": len(rows), "progress": progress_count, "enabled_impact": impacts}


def _judge(rules: Rules, exp: Expected, by_module: dict[str, list[int]], detail: list[tuple], row: Row
           ) -> dict[str, Any]:
    modules, answered_scored, settled = {}, 0, 0
    mitigation_min: int | None = None
    risk_left3 = risk_possible = 0
    for code in rules.modules:
        earned3, na_points, scored_n, clear_n, _unclear_n, mit_min, r_left, r_possible = by_module.get(
            code, [0, 0, 0, 0, 0, None, 0, 0])
        modules[code] = ModuleTally(int(earned3), exp.possible[code] - int(na_points))
        answered_scored += int(scored_n)
        settled += int(clear_n)
        if mit_min is not None:
            mitigation_min = int(mit_min) if mitigation_min is None else min(mitigation_min, int(mit_min))
        risk_left3 += int(r_left)
        risk_possible += int(r_possible)
    red = tuple(code for code, kind, tier, gate, _n in detail if kind == "gate" and gate == "breach" and tier == 1)
    legit = tuple(code for code, kind, tier, gate, _n in detail if kind == "gate" and gate == "breach" and tier != 1)
    unknown = [code for code, kind, _t, gate, _n in detail if kind == "gate" and gate == "unknown"]
    # Gates with no answer at all count as unknown too (submitted assessments rarely have any).
    if settled + len(red) + len(legit) + len(unknown) < len(exp.gates):
        unknown.append(f"{len(exp.gates) - settled - len(red) - len(legit) - len(unknown)} unanswered")
    unanswered = () if answered_scored >= exp.scored else (f"{exp.scored - answered_scored} unanswered",)
    tally = Tally(modules=modules, red_line_breaches=red, legitimacy_breaches=legit, gates_unknown=tuple(unknown),
                  unanswered=unanswered, mitigation_min=mitigation_min, risk_left3=risk_left3,
                  risk_possible=risk_possible,
                  indicators={code: float(n) for code, kind, _t, _g, n in detail if kind == "indicator"})
    result = judge(rules, tally)
    row.summary = ScoreSummary(result.outcome, result.level, result.overall)
    # Only what the score row needs, already serialised: the full result object would hold Fractions and dicts
    # for every assessment until the end.
    return {"outcome": result.outcome, "level": result.level,
            "overall": None if result.overall is None else float(result.overall),
            "residual_risk": None if result.residual_risk is None else float(result.residual_risk),
            "modules": json.dumps({k: (None if v is None else float(v)) for k, v in result.modules.items()}),
            "explanation": json.dumps(score_json(result))}


def _progress(rows: dict[int, Row], rules: dict[int, Rules], results: dict[int, dict[str, Any]],
              report: Report) -> int:
    by_actor: dict[int, list[Row]] = defaultdict(list)
    for row in rows.values():
        by_actor[row.actor_id].append(row)
    cahra: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for site_id, s, e in CahraDesignation.objects.values_list("site_id", "start", "end").iterator(chunk_size=BATCH):
        cahra[site_id].append((s, e))
    count = 0
    for items in by_actor.values():
        items.sort(key=lambda r: r.date)
        for row in items:
            r = rules[row.version_id]
            # A0 may count for progress by the rules of its own version (assurance)
            baseline = select_baseline((x for x in items if x.date < row.date), row.date, r, date_of=lambda x: x.date,
                                       verified=lambda x: rules[x.version_id].assurance.allows(
                                           "progress", x.kind, x.status))
            in_cahra = any(s <= row.date and (e is None or row.date <= e) for s, e in cahra.get(row.site_id, ()))
            p = progress_between(r, row.summary, baseline.summary, in_cahra) if baseline else None
            results[row.id].update(progress=p, baseline=baseline.id if baseline else None, in_cahra=in_cahra)
            count += p is not None
    report("progress", 1, 1)
    return count


def _score_values(assessment_id: int, r: dict[str, Any], now: Any) -> tuple:
    p = r["progress"]
    return (assessment_id, r["outcome"], r["level"], r["overall"], r["residual_risk"], r["modules"],
            r["explanation"], None if p is None else float(p.value), r["baseline"],
            json.dumps(progress_json(p, r["baseline"]) or {}), r["in_cahra"], ENGINE_VERSION, now)


SCORE_COLUMNS = ("assessment_id", "outcome", "level", "overall", "residual_risk", "modules", "explanation",
                 "progress", "baseline_id", "progress_detail", "in_cahra", "engine", "computed_at")


def _store(rows: dict[int, Row], results: dict[int, dict[str, Any]], report: Report) -> None:
    Score.objects.filter(assessment__status__in=SCORED_STATUSES).delete()  # all rescored below
    now = timezone.now()
    total = len(results)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY assessments_score ({', '.join(SCORE_COLUMNS)}) FROM STDIN") as copy:
            for done, assessment_id in enumerate(list(results), start=1):
                copy.write_row(_score_values(assessment_id, results.pop(assessment_id), now))
                if done % BATCH == 0 or done == total:
                    report("store", done, total)
        return
    batch: list[Score] = []
    for done, assessment_id in enumerate(list(results), start=1):
        values = dict(zip(SCORE_COLUMNS, _score_values(assessment_id, results.pop(assessment_id), now),
                          strict=True))
        for name in ("modules", "explanation", "progress_detail"):
            values[name] = json.loads(values[name])
        batch.append(Score(**values))
        if len(batch) >= BATCH or done == total:
            Score.objects.bulk_create(batch)
            batch = []
            report("store", done, total)


def _enabled_impact(rows: dict[int, Row], rules: dict[int, Rules], results: dict[int, dict[str, Any]],
                    start: date, end: date) -> int:
    """Each downstream actor's credit for the period, from its producers' latest progress in it that counts."""
    latest: dict[int, Row] = {}
    for row in sorted(rows.values(), key=lambda r: r.date):
        if (rules[row.version_id].assurance.allows("progress", row.kind, row.status) and start <= row.date <= end
                and row.role == "producer"):
            latest[row.actor_id] = row  # sorted by date: the last one written is the latest
    progress = {str(actor): results[row.id]["progress"].value for actor, row in latest.items()
                if results[row.id]["progress"] is not None}
    # The total counts a path only for a mineral that its links carry and that the producer's A1 covered (the
    # minerals in scope of that assessment, as rankings' covered_minerals()); the graph holds what each link carries.
    covered = {str(actor): row.minerals for actor, row in latest.items() if row.minerals}
    graph = supply_graph(start, end)
    max_tiers = max((r.max_tiers for r in rules.values()), default=4)
    EnabledImpact.objects.filter(start=start, end=end).delete()
    # All buyers at once, tier by tier (the per-buyer path walk took 80 % of a recompute at 100,000 actors);
    # the paths behind one actor's figure are worked out when its page asks (reporting's credit page).
    values = enabled_impact_all(graph, progress, max_tiers, covered=covered)
    EnabledImpact.objects.bulk_create(
        (EnabledImpact(actor_id=int(buyer), start=start, end=end, value=float(value), engine=ENGINE_VERSION,
                       explanation={"producers_with_progress": len(progress)})
         for buyer, value in values.items()),
        batch_size=BATCH,
    )
    return len(values)


def console_report(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on the terminal."""
    width = 30
    filled = int(width * done / total) if total else width
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r{stage:12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
    sys.stderr.flush()


def on_designations_changed(sender: Any, **kwargs: Any) -> None:
    """Progress multipliers depend on CAHRA designations: when the registry re-derives them, every stored score
    and progress figure is recomputed in one set-based pass (assay.registry.signals)."""
    recompute(impact=False)
