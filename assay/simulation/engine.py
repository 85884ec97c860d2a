"""A draft's rules applied to the stored answers, set-based, without writing a score.

The batch recompute's own pieces (assay.assessments.recompute) do the work: the answers of every assessment are
summed by the rules in force ("before": on PostgreSQL the tallies the recompute stores) and those made on the base
version by the draft's, each answer counted for the draft's criterion with the same code (`codes`; in SQL, in one
pass, or not at all when the draft's answers add as the base's do); then every assessment is judged and its
progress and credit worked out by each set of rules (by the rules in force in a thread, beside the query that sums
the draft's). Criteria new in the draft have no answer: they are scored both ways, "as 0" (answered at maturity 0
where they apply) and "left out" (removed from the draft's rules), from the same sums. Nothing here writes to the
database.
"""

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import numpy as np
from django.db import connection

from assay.assessments.recompute import (
    KINDS,
    Computed,
    Meta,
    Report,
    _credit_progress,
    _judge_sums,
    _links,
    _may_count,
    _meta,
    _positions,
    _progress,
    _quiet,
    _read_ints,
    _sums_of,
    _sums_stored,
    _tally_keys,
    _tally_rows,
    _tally_sql,
)
from assay.assessments.scoring import rules_for
from assay.domain.scoring import Rules
from assay.domain.scoring.batch import LEVEL, NONE, OUTCOMES
from assay.domain.scoring.impact import Graph, build_graph, cyclic_nodes, enabled_impact_all
from assay.domain.scoring.impact import Relationship as Link
from assay.domain.scoring.packing import Layout
from assay.domain.scoring.rules import KINDS as ASSURANCE_KINDS
from assay.domain.scoring.rules import PURPOSES, LevelRule, exact
from assay.standards.models import Criterion, StandardVersion

# The parameters a sandbox may override (docs/simulation.md): what `overridden` reads.
LEVEL_FIELDS = ("mitigation_min", "overall_min", "every_module_min")
RULE_FIELDS = ("level_bonus", "cahra_multiplier", "min_interval_days", "max_tiers")


class OverrideError(ValueError):
    """An override that cannot be applied: `code` names the problem, `params` what the message needs."""

    def __init__(self, problem: str, /, **params: Any) -> None:
        super().__init__(problem)
        self.code, self.params = problem, params


def overridden(rules: Rules, overrides: dict[str, Any]) -> Rules:
    """`rules` with the sandbox's overrides:

    {"levels": {"2": {"overall_min": 70, "every_module_min": 30, "mitigation_min": 1}},
     "points": {"6.2": 8}, "commodities": {"6.2": ["gold"]},
     "level_bonus": 10, "cahra_multiplier": 1.5, "min_interval_days": 180, "max_tiers": 4,
     "assurance": {"progress": ["third_party"]}}
    """
    known = {"levels", "points", "commodities", "assurance", *RULE_FIELDS}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise OverrideError("unknown_parameter", name=unknown[0])
    levels = list(rules.levels)
    for rank_text, changes in (overrides.get("levels") or {}).items():
        at = next((i for i, lv in enumerate(levels) if str(lv.rank) == str(rank_text)), None)
        if at is None:
            raise OverrideError("unknown_level", rank=rank_text)
        values: dict[str, Any] = {}
        for name, value in (changes or {}).items():
            if name not in LEVEL_FIELDS:
                raise OverrideError("unknown_parameter", name=name)
            number = None if value in (None, "") else _number(name, value, integer=name == "mitigation_min")
            values[name] = int(number) if number is not None and name == "mitigation_min" else number
        levels[at] = replace(levels[at], **values)
    criteria = list(rules.criteria)
    by_code = {c.code: i for i, c in enumerate(criteria)}
    for code, points in (overrides.get("points") or {}).items():
        if code not in by_code:
            raise OverrideError("unknown_criterion", code=code)
        value = _number("points", points, integer=True)
        if not criteria[by_code[code]].scored:
            raise OverrideError("points_of_unscored", code=code)
        criteria[by_code[code]] = replace(criteria[by_code[code]], points=int(value))
    for code, minerals in (overrides.get("commodities") or {}).items():
        if code not in by_code:
            raise OverrideError("unknown_criterion", code=code)
        criteria[by_code[code]] = replace(criteria[by_code[code]], commodities=frozenset(str(m) for m in minerals))
    scalars: dict[str, Any] = {}
    for name in RULE_FIELDS:
        if overrides.get(name) not in (None, ""):
            value = _number(name, overrides[name], integer=name in ("min_interval_days", "max_tiers"))
            scalars[name] = int(value) if name in ("min_interval_days", "max_tiers") else value
    assurance = rules.assurance
    if overrides.get("assurance"):
        parts = {}
        for purpose, kinds in overrides["assurance"].items():
            if purpose not in PURPOSES:
                raise OverrideError("unknown_parameter", name=purpose)
            bad = sorted(set(kinds) - set(ASSURANCE_KINDS))
            if bad:
                raise OverrideError("unknown_kind", kind=bad[0])
            parts[purpose] = frozenset(kinds)
        assurance = replace(assurance, **parts)
    return replace(rules, criteria=tuple(criteria), levels=tuple(levels), assurance=assurance, by_code={}, **scalars)


def _number(name: str, value: Any, integer: bool = False) -> Fraction:
    try:
        number = exact(value)
    except (ValueError, TypeError, ZeroDivisionError):
        raise OverrideError("not_a_number", name=name, value=value) from None
    if integer and number.denominator != 1:
        raise OverrideError("not_a_whole_number", name=name, value=value)
    return number


def problems(base: Rules, rules: Rules, base_kinds: dict[str, str]) -> list[OverrideError]:
    """What makes a draft's rules (with their overrides) unfit to simulate against assessments of `base`."""
    out: list[OverrideError] = []
    for lv in rules.levels:
        for name in ("overall_min", "every_module_min"):
            value = getattr(lv, name)
            if value is not None and not 0 <= value <= 100:
                out.append(OverrideError("threshold_range", level=lv.code, name=name, value=float(value)))
        for _code, value in lv.module_min:
            if not 0 <= value <= 100:
                out.append(OverrideError("threshold_range", level=lv.code, name="module_min", value=float(value)))
        if lv.mitigation_min is not None and not 0 <= lv.mitigation_min <= 3:
            out.append(OverrideError("maturity_range", level=lv.code, value=lv.mitigation_min))
    for name in ("overall_min", "every_module_min", "mitigation_min"):
        previous: tuple[LevelRule, Any] | None = None
        for lv in rules.levels:  # sorted by rank
            value = getattr(lv, name)
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                out.append(OverrideError("not_increasing", name=name, lower=previous[0].code, higher=lv.code))
            previous = (lv, value)
    if rules.level_bonus < 0:
        out.append(OverrideError("negative", name="level_bonus"))
    if rules.cahra_multiplier < 1:
        out.append(OverrideError("multiplier_range", value=float(rules.cahra_multiplier)))
    if rules.min_interval_days < 0:
        out.append(OverrideError("negative", name="min_interval_days"))
    if not 1 <= rules.max_tiers <= 10:
        out.append(OverrideError("tiers_range", value=rules.max_tiers))
    for c in rules.criteria:
        if c.scored and not 0 <= c.points <= 100:
            out.append(OverrideError("points_range", code=c.code, value=c.points))
        kind = base_kinds.get(c.code)
        if kind is not None and kind != c.kind:
            out.append(OverrideError("other_kind", code=c.code, base=kind, draft=c.kind))
    return out


def without(rules: Rules, codes: Iterable[str]) -> Rules:
    """The rules without these criteria (a draft's new ones, "left out")."""
    drop = set(codes)
    return replace(rules, criteria=tuple(c for c in rules.criteria if c.code not in drop), by_code={})


def same_rules(a: Rules, b: Rules) -> bool:
    """Whether two sets of rules score every assessment alike (their names aside)."""
    return replace(a, name="", by_code={}) == replace(b, name="", by_code={})


@dataclass
class Variant:
    """Each chosen assessment's figures by one set of rules (arrays in the order of `Run.positions`)."""

    outcome: np.ndarray
    level: np.ndarray
    overall: np.ndarray
    residual: np.ndarray
    progress: np.ndarray  # NaN where there is none
    eligible: np.ndarray
    why: list[str]  # why not eligible for rankings ("" when eligible)
    modules: np.ndarray  # (n, modules) of the variant's rules


@dataclass
class Run:
    meta: Meta
    positions: np.ndarray  # the latest verified assessment of every actor, made on the base version
    before: Variant
    after: Variant  # new criteria as 0
    after_out: Variant  # new criteria left out
    rules_before: Rules
    rules_after: Rules
    new_codes: list[str]
    removed_codes: list[str]
    # each downstream actor's enabled impact over the last year, by the rules in force and by the draft's
    impact_before: dict[str, Fraction] = field(default_factory=dict)
    impact_after: dict[str, Fraction] = field(default_factory=dict)
    snapshot: date = field(default_factory=date.today)


def _variant(meta: Meta, versions: dict[int, Rules], c: Computed, positions: np.ndarray, base_id: int,
             rules: Rules) -> Variant:
    assert c.progress is not None
    may = _may_count(meta, versions)[positions]
    has = c.progress.has[positions]
    eligible = may & has
    why = []
    for i, at in enumerate(positions):
        if eligible[i]:
            why.append("")
        elif not may[i]:
            why.append("assurance")
        elif c.outcome[at] != LEVEL:
            why.append(OUTCOMES[c.outcome[at]])
        elif c.baseline[at] == NONE:
            why.append("no_baseline")
        else:
            why.append("baseline_incomplete")
    _at, judged = c.judged.get(base_id, (positions, None))
    modules = np.full((len(positions), len(rules.modules)), np.nan)
    if judged is not None:
        where = np.searchsorted(_at, positions)
        modules = judged.modules[where]
    return Variant(outcome=c.outcome[positions], level=c.level[positions], overall=c.overall[positions],
                   residual=c.residual[positions], progress=np.where(has, c.progress.value[positions], np.nan),
                   eligible=eligible, why=why, modules=modules)


def latest_verified(meta: Meta, base_id: int) -> np.ndarray:
    """The position of each actor's latest verified assessment (by date, then id), where it was made on the base."""
    verified = np.flatnonzero(meta.verified)
    order = verified[np.lexsort((meta.id[verified], meta.day[verified], meta.actor[verified]))]
    if not len(order):
        return order
    last = order[np.append(meta.actor[order][1:] != meta.actor[order][:-1], True)]
    return np.sort(last[meta.version[last] == base_id])


def simulate(base: StandardVersion, rules: Rules, report: Report = _quiet) -> Run:
    """Score the latest verified assessments of `base` by their own rules and by `rules`; writes nothing."""
    # The credit downstream actors would get, over the period the recompute credits (the last year to today). The
    # supply graph depends on no rule: it is read once, and built in a thread while this one waits on the database.
    end = date.today()
    start = end - timedelta(days=364)
    links = _links(start, end)
    with ThreadPoolExecutor(max_workers=1) as pool:
        graph = pool.submit(_graph, links, start, end)
        meta = _meta()
        own = {v.pk: rules_for(v)
               for v in StandardVersion.objects.filter(pk__in=[int(x) for x in np.unique(meta.version)])}
        base_rules = rules_for(base)
        own[base.pk] = base_rules
        # the draft's rules for the base's assessments, every other version's own rules for the rest
        base_codes = dict(Criterion.objects.filter(version=base).values_list("pk", "code"))
        codes = {pk: code for pk, code in base_codes.items() if code in rules.by_code}
        new = sorted(set(rules.by_code) - set(base_codes.values()), key=_code_key)
        removed = sorted(set(base_codes.values()) - set(rules.by_code), key=_code_key)
        draft = {**own, base.pk: rules}
        own_layouts = {pk: Layout.of(r) for pk, r in own.items()}
        layouts = {pk: Layout.of(r) for pk, r in draft.items()}
        sums_before, sums_of_draft = _sums(meta, base.pk, own_layouts, layouts, codes, report)
        # "before" is judged and credited in the thread (arrays and fractions only, no database) while this one
        # waits on the draft's sums, when they are to be summed again
        figures_before = pool.submit(_figures, meta, own, own_layouts, sums_before, graph, start, end)
        sums_after = sums_of_draft()
        before, impact_before = figures_before.result()
        report("judge", len(meta.id), len(meta.id))
        report("progress", 1, 1)
        after = _judge_sums(meta, draft, layouts, sums_after, report, zero={base.pk: frozenset(new)})
        _progress(meta, draft, after, report)
        left = {**own, base.pk: without(rules, new)}
        if new:
            after_out = _judge_sums(meta, left, layouts, sums_after, report)
            _progress(meta, left, after_out, report)
        else:  # nothing to leave out: the same rules, so the same figures
            after_out = after
            report("judge", len(meta.id), len(meta.id))
            report("progress", 1, 1)
        positions = latest_verified(meta, base.pk)
        supply, cyclic = graph.result()
    impact_after = _credit(supply, cyclic, *_credit_progress(meta, draft, after, start, end))
    report("impact", 1, 1)
    return Run(meta=meta, positions=positions, impact_before=impact_before, impact_after=impact_after,
               before=_variant(meta, own, before, positions, base.pk, base_rules),
               after=_variant(meta, draft, after, positions, base.pk, rules),
               after_out=_variant(meta, left, after_out, positions, base.pk, left[base.pk]),
               rules_before=base_rules, rules_after=rules, new_codes=new, removed_codes=removed)


def _sums(meta: Meta, base_id: int, own: dict[int, Layout], draft: dict[int, Layout], codes: dict[int, str],
          report: Report) -> tuple[np.ndarray, Callable[[], np.ndarray]]:
    """The summed words by the rules in force, and a function that gives the draft's (which differ from them for
    the base only). On PostgreSQL the former are the stored tallies the recompute reads (summed from the answers
    only where one is missing or stale); the draft's are the same array when its answers add alike (a threshold
    changed), else the base's answers are summed again by the draft, in one pass. Elsewhere both are summed in one
    pass."""
    if connection.vendor != "postgresql":
        before, after = _sums_of(meta, [(own, None), (draft, {base_id: codes})], report)
        return before, lambda: after
    before = _sums_stored(meta, own, _tally_keys(own), report)
    table = _tally_rows({base_id: draft[base_id]}, {base_id: codes})
    words = draft[base_id].words
    if words == own[base_id].words and table == _tally_rows({base_id: own[base_id]}, None):
        return before, lambda: before

    def again() -> np.ndarray:
        # the draft's increments are keyed by the base's criteria: the join leaves every other version's answers
        # out; every other version's sums are those in force
        rows = _read_ints(_tally_sql([table], [words]), [], 1 + words)
        after = np.zeros((len(meta.id), max(before.shape[1], words)), dtype=np.int64)
        others = meta.version != base_id
        after[others, :before.shape[1]] = before[others]
        at, keep = _positions(meta, rows[:, 0])
        after[at[keep], :words] = rows[keep, 1:]
        return after
    return before, again


def _figures(meta: Meta, rules: dict[int, Rules], layouts: dict[int, Layout], sums: np.ndarray,
             graph: "Future[tuple[Graph, set[str]]]", start: date, end: date
             ) -> tuple[Computed, dict[str, Fraction]]:
    """Judged, with progress, and the credit downstream it gives. Touches no database (it runs in a thread beside a
    query) and reports nothing."""
    judged = _judge_sums(meta, rules, layouts, sums, _quiet)
    _progress(meta, rules, judged, _quiet)
    supply, cyclic = graph.result()
    return judged, _credit(supply, cyclic, *_credit_progress(meta, rules, judged, start, end))


def _graph(links: list[Link], start: date, end: date) -> tuple[Graph, set[str]]:
    graph = build_graph(links, start, end)
    return graph, cyclic_nodes(graph)


def _credit(graph: Graph, cyclic: set[str], progress: dict[str, Fraction], covered: dict[str, frozenset[str]],
            max_tiers: int) -> dict[str, Fraction]:
    return enabled_impact_all(graph, progress, max_tiers, covered=covered, cyclic=cyclic)


def _code_key(code: str) -> tuple[Any, ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split("."))


def category(outcome: int, level: int) -> str:
    """A row or column of the transition matrix: a level's rank, or the outcome that is not a level."""
    return str(int(level)) if outcome == LEVEL else OUTCOMES[int(outcome)]


def kind_name(index: int) -> str:
    return KINDS[int(index)] if 0 <= index < len(KINDS) else ""
