"""Judging and progress for many assessments at once, in integer arrays (the batch recompute's core).

The same rules as `engine.judge` and `progress.progress_between`, applied to numpy arrays of tallies: every
threshold is compared exactly in integers (a score 100·e/3p is below a threshold a/b when 100·e·b < a·3p), and every
float written is the correctly rounded value of the exact fraction, as `float(Fraction)` gives it (an IEEE division
of two integers below 2**53 is correctly rounded). So a batch score equals the single score bit for bit; the
property tests check it on random tallies. Reasons and the per-criterion breakdown are not made here: they are
derived from the answers when someone reads them.
"""

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from .engine import Tally
from .rules import LevelRule, Rules

OUTCOMES = ("disengage", "ineligible", "incomplete", "level")
DISENGAGE, INELIGIBLE, INCOMPLETE, LEVEL = range(4)
NONE = -1  # "no value" in an integer array (no level, no mitigation answered, no baseline)
EXACT_LIMIT = 2 ** 53  # integers below this are exact as floats

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass
class Tallies:
    """What `engine.Tally` holds, for n assessments of one version, as arrays (modules in `rules.modules` order)."""

    earned3: Ints  # (n, modules): Σ points × maturity
    possible: Ints  # (n, modules): Σ points of applicable scored criteria that are not n/a
    red_lines: Ints  # Tier I gates breached
    legitimacy: Ints  # other gates breached
    gates_unknown: Ints  # gates answered unknown or not answered
    unanswered: Ints  # applicable scored criteria without an answer
    mitigation_min: Ints  # lowest maturity of answered mitigation criteria, NONE when there is none
    risk_left3: Ints
    risk_possible: Ints


@dataclass
class Judged:
    outcome: Ints  # an index into OUTCOMES
    level: Ints  # NONE unless the outcome is a level
    earned3: Ints  # Σ over modules: the overall score is 100·earned3 / 3·possible
    possible: Ints
    overall: Floats  # NaN when nothing could be scored
    modules: Floats  # (n, modules), NaN where the module has nothing to score
    residual_risk: Floats  # NaN when no risk criterion was answered


def ratio(num: Ints, den: Ints) -> Floats:
    """float(Fraction(num, den)) element-wise, NaN where den is 0."""
    if num.size and (np.abs(num).max() >= EXACT_LIMIT or np.abs(den).max() >= EXACT_LIMIT):
        raise OverflowError("tallies too large to divide exactly in floats")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num.astype(np.float64) / den.astype(np.float64)
    return np.where(den != 0, out, np.nan)


def _below(earned3: Ints, possible: Ints, threshold: Fraction) -> Bools:
    """100·earned3 / 3·possible < threshold, exactly (possible > 0 assumed where it matters)."""
    return 100 * earned3 * threshold.denominator < threshold.numerator * 3 * possible


def _unmet(level: LevelRule, t: Tallies, modules_index: dict[str, int], total3: Ints, total: Ints) -> Bools:
    """Where the level is not met, for assessments whose outcome is a level (all gates clear)."""
    unmet = np.zeros(len(total), dtype=bool)
    if level.mitigation_min is not None:
        unmet |= (t.mitigation_min != NONE) & (t.mitigation_min < level.mitigation_min)
    if level.overall_min is not None:
        unmet |= (total == 0) | _below(total3, total, level.overall_min)
    if level.every_module_min is not None:
        unmet |= ((t.possible > 0) & _below(t.earned3, t.possible, level.every_module_min)).any(axis=1)
    for code, needed in level.module_min:
        i = modules_index.get(code)
        if i is None:
            unmet[:] = True  # a module the version does not have is never met
        else:
            unmet |= (t.possible[:, i] == 0) | _below(t.earned3[:, i], t.possible[:, i], needed)
    return unmet


def judge_batch(rules: Rules, t: Tallies) -> Judged:
    """engine.judge for every row of `t`."""
    n = len(t.red_lines)
    total3, total = t.earned3.sum(axis=1), t.possible.sum(axis=1)
    outcome = np.full(n, LEVEL, dtype=np.int64)
    outcome[(t.gates_unknown > 0) | (t.unanswered > 0)] = INCOMPLETE
    outcome[t.legitimacy > 0] = INELIGIBLE
    outcome[t.red_lines > 0] = DISENGAGE
    level = np.where(outcome == LEVEL, 0, NONE)
    held = outcome == LEVEL
    index = {code: i for i, code in enumerate(rules.modules)}
    for lv in rules.levels:  # cumulative: a level counts only while every level below it is met
        held &= ~_unmet(lv, t, index, total3, total)
        level[held] = lv.rank
    return Judged(outcome=outcome, level=level, earned3=total3, possible=total,
                  overall=ratio(100 * total3, 3 * total), modules=ratio(100 * t.earned3, 3 * t.possible),
                  residual_risk=ratio(100 * t.risk_left3, 3 * t.risk_possible))


@dataclass
class ProgressBatch:
    has: Bools  # whether there is progress (rule 5)
    value: Floats
    overall_change: Floats
    level_change: Ints
    level_part: Floats
    multiplier: Floats
    value_num: Ints  # the value as an exact fraction (enabled impact adds them up exactly)
    value_den: Ints


def progress_batch(rules: Rules, latest: Judged, baseline: Judged, in_cahra: Bools) -> ProgressBatch:
    """progress.progress_between for row i of `latest` against row i of `baseline` (same length)."""
    has = ((latest.outcome == LEVEL) & (baseline.outcome != INCOMPLETE)
           & (latest.possible > 0) & (baseline.possible > 0))
    p1, p0 = np.where(has, latest.possible, 1), np.where(has, baseline.possible, 1)
    # overall change = 100·e1/3p1 − 100·e0/3p0 = 100·(e1·p0 − e0·p1) / 3·p1·p0
    change_num, change_den = 100 * (latest.earned3 * p0 - baseline.earned3 * p1), 3 * p1 * p0
    level_change = np.where(latest.outcome == LEVEL, latest.level, 0) - np.where(
        baseline.outcome == LEVEL, baseline.level, 0)
    bonus = rules.level_bonus
    base_num = change_num * bonus.denominator + bonus.numerator * level_change * change_den
    base_den = change_den * bonus.denominator
    cahra = in_cahra & (base_num > 0)
    m = rules.cahra_multiplier
    value_num = np.where(cahra, base_num * m.numerator, base_num)
    value_den = np.where(cahra, base_den * m.denominator, base_den)
    return ProgressBatch(
        has=has, value=ratio(value_num, value_den), overall_change=ratio(change_num, change_den),
        level_change=level_change, level_part=ratio(bonus.numerator * level_change, np.full_like(
            level_change, bonus.denominator)),
        multiplier=np.where(cahra, float(m), 1.0), value_num=value_num, value_den=value_den)


def baselines(actor: Ints, day: Ints, row_id: Ints, may_be_baseline: Bools, min_interval: Ints) -> Ints:
    """For each assessment, the position of its A0 (progress.select_baseline) or NONE: the latest assessment of
    the same actor that may count for progress, dated at least `min_interval` days (and at least one day) before;
    of two on the same day, the one with the higher id (the single scorer picks the same)."""
    order = np.lexsort((row_id, day, actor))
    candidates = order[may_be_baseline[order]]
    if not len(candidates):
        return np.full(len(actor), NONE, dtype=np.int64)
    c_actor, c_day = actor[candidates], day[candidates]
    cutoff = day - np.maximum(min_interval, 1)
    # the last candidate at or before (actor, cutoff) in (actor, day) order
    at = np.searchsorted(c_actor * (1 << 32) + c_day, actor * (1 << 32) + cutoff, side="right") - 1
    found = (at >= 0) & (c_actor[np.maximum(at, 0)] == actor)
    return np.where(found, candidates[np.maximum(at, 0)], NONE)


def tallies_of(rules: Rules, tallies: list[Tally]) -> Tallies:
    """Arrays from engine tallies (tests, and any caller that summed in Python)."""
    def col(values: list[int]) -> Ints:
        return np.array(values, dtype=np.int64)

    return Tallies(
        earned3=np.array([[t.modules[m].earned3 for m in rules.modules] for t in tallies], dtype=np.int64).reshape(
            len(tallies), len(rules.modules)),
        possible=np.array([[t.modules[m].possible for m in rules.modules] for t in tallies], dtype=np.int64).reshape(
            len(tallies), len(rules.modules)),
        red_lines=col([len(t.red_line_breaches) for t in tallies]),
        legitimacy=col([len(t.legitimacy_breaches) for t in tallies]),
        gates_unknown=col([len(t.gates_unknown) for t in tallies]),
        unanswered=col([len(t.unanswered) for t in tallies]),
        mitigation_min=col([NONE if t.mitigation_min is None else t.mitigation_min for t in tallies]),
        risk_left3=col([t.risk_left3 for t in tallies]),
        risk_possible=col([t.risk_possible for t in tallies]))
