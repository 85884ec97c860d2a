"""The array judge equals the single judge exactly: outcome, level, every float, progress and the baseline chosen."""

import math
from datetime import date, timedelta
from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from assay.domain.scoring import judge, progress_between
from assay.domain.scoring.batch import NONE, OUTCOMES, baselines, judge_batch, progress_batch, ratio, tallies_of
from assay.domain.scoring.engine import tally_answers
from assay.domain.scoring.progress import select_baseline
from assay.domain.scoring.rules import LevelRule, Rules
from tests.domain.scoring_strategies import ROLE, answer_for, rules

thresholds = st.fractions(min_value=0, max_value=100, max_denominator=7)


@st.composite
def levels(draw, modules: tuple[str, ...]) -> tuple[LevelRule, ...]:
    """Levels with fractional thresholds, module minimums (one for a module the version lacks, sometimes)."""
    out = []
    for rank in range(1, draw(st.integers(1, 4)) + 1):
        module_min = draw(st.lists(st.tuples(st.sampled_from((*modules, "absent")), thresholds), max_size=2,
                                   unique_by=lambda p: p[0]))
        out.append(LevelRule(rank, f"l{rank}", all_gates_clear=draw(st.booleans()),
                             mitigation_min=draw(st.one_of(st.none(), st.integers(0, 3))),
                             overall_min=draw(st.one_of(st.none(), thresholds)),
                             every_module_min=draw(st.one_of(st.none(), thresholds)),
                             module_min=tuple(sorted(module_min))))
    return tuple(out)


@st.composite
def batches(draw):
    base = draw(rules())
    r = Rules(criteria=base.criteria, modules=base.modules, levels=draw(levels(base.modules)),
              level_bonus=draw(st.fractions(0, 20, max_denominator=4)),
              cahra_multiplier=draw(st.fractions(1, 3, max_denominator=4)))
    answer_sets = []
    for _ in range(draw(st.integers(1, 12))):
        complete = draw(st.booleans())
        answers = {c.code: v for c in r.criteria if (v := answer_for(c, draw, complete)) is not None}
        answer_sets.append(answers)
    return r, [tally_answers(r, a, ROLE)[0] for a in answer_sets]


def same_float(batch_value: float, exact: Fraction | None) -> bool:
    return math.isnan(batch_value) if exact is None else batch_value == float(exact)


@settings(max_examples=300, deadline=None)
@given(batches())
def test_the_array_judge_equals_the_single_judge(case):
    r, tallies = case
    judged = judge_batch(r, tallies_of(r, tallies))
    for i, tally in enumerate(tallies):
        single = judge(r, tally)
        assert OUTCOMES[judged.outcome[i]] == single.outcome
        assert (None if judged.level[i] == NONE else int(judged.level[i])) == single.level
        assert same_float(judged.overall[i], single.overall)
        assert same_float(judged.residual_risk[i], single.residual_risk)
        for j, code in enumerate(r.modules):
            assert same_float(judged.modules[i, j], single.modules[code])
        if single.overall is not None:  # the integers kept give the exact overall score back
            assert Fraction(100 * int(judged.earned3[i]), 3 * int(judged.possible[i])) == single.overall


@settings(max_examples=300, deadline=None)
@given(batches(), st.data())
def test_array_progress_equals_progress_between(case, data):
    r, tallies = case
    pairs = [(data.draw(st.integers(0, len(tallies) - 1)), data.draw(st.integers(0, len(tallies) - 1)),
              data.draw(st.booleans())) for _ in range(len(tallies))]
    judged = judge_batch(r, tallies_of(r, tallies))
    latest, baseline = (judge_batch(r, tallies_of(r, [tallies[p[k]] for p in pairs])) for k in (0, 1))
    got = progress_batch(r, latest, baseline, np.array([p[2] for p in pairs]))
    for i, (a1, a0, cahra) in enumerate(pairs):
        expected = progress_between(r, judge(r, tallies[a1]), judge(r, tallies[a0]), cahra)
        assert bool(got.has[i]) == (expected is not None)
        if expected is not None:
            assert got.value[i] == float(expected.value)
            assert got.overall_change[i] == float(expected.overall_change)
            assert got.level_change[i] == expected.level_change
            assert got.level_part[i] == float(expected.level_part)
            assert got.multiplier[i] == float(expected.multiplier)
    assert len(judged.outcome) == len(tallies)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 60), st.booleans()), min_size=1, max_size=30),
       st.integers(0, 20))
def test_the_baseline_chosen_is_select_baselines(rows, interval):
    """Same actor, may count for progress, at least `interval` days (and a day) before; latest, then highest id."""
    day0 = date(2024, 1, 1)
    r = Rules(criteria=(), modules=(), levels=(), min_interval_days=interval)
    actor = np.array([a for a, _d, _v in rows])
    day = np.array([d for _a, d, _v in rows])
    ids = np.arange(len(rows)) + 100
    got = baselines(actor, day, ids, np.array([v for _a, _d, v in rows]), np.full(len(rows), interval))
    for i, (a, d, _v) in enumerate(rows):
        earlier = [k for k, (a2, d2, _v2) in enumerate(rows) if a2 == a and d2 < d]
        # the single scorer's order: latest first, then the highest id (its first maximum is the one kept)
        earlier.sort(key=lambda k: (-rows[k][1], -ids[k]))
        chosen = select_baseline(earlier, day0 + timedelta(days=d), r,
                                 date_of=lambda k: day0 + timedelta(days=rows[k][1]), verified=lambda k: rows[k][2])
        assert (None if got[i] == NONE else int(got[i])) == chosen


def test_a_ratio_too_large_to_divide_exactly_is_refused():
    big = np.array([2 ** 53], dtype=np.int64)
    try:
        ratio(big, np.array([3], dtype=np.int64))
    except OverflowError:
        return
    raise AssertionError("no OverflowError")


def packed_sum(layout, answers):
    """What the recompute's SQL adds up for one assessment: each answer's increments, looked up by its form."""
    from assay.domain.scoring.packing import form_of

    words = [0] * layout.words
    for code, value in answers.items():
        rule = layout.rules.by_code[code]
        # the columns an answer of this value has (assessments.Answer): n/a, maturity, gate finding
        maturity = value if rule.scored and value in (0, 1, 2, 3) else None
        gate = value if rule.kind == "gate" and value in ("clear", "breach", "unknown") else ""
        add = layout.words_for(rule, form_of(value == "na", maturity, gate))
        words = [w + a for w, a in zip(words, add, strict=True)]
    return words


@settings(max_examples=300, deadline=None)
@given(batches(), st.data())
def test_packed_counters_sum_and_unpack_to_the_engines_tally(case, data):
    from assay.domain.scoring.packing import Layout

    r, _tallies = case
    layout = Layout.of(r)
    answer_sets = [{c.code: v for c in r.criteria if (v := answer_for(c, data.draw, data.draw(st.booleans())))
                    is not None} for _ in range(data.draw(st.integers(1, 6)))]
    possible = [sum(c.points for c in r.criteria if c.module == m and c.scored) for m in r.modules]
    scored, gates = sum(c.scored for c in r.criteria), sum(c.kind == "gate" for c in r.criteria)
    n = len(answer_sets)
    got = layout.unpack(np.array([packed_sum(layout, a) for a in answer_sets], dtype=np.int64).reshape(n, -1),
                        np.tile(np.array(possible, dtype=np.int64), (n, 1)), np.full(n, scored), np.full(n, gates))
    for i, answers in enumerate(answer_sets):
        tally = tally_answers(r, answers, ROLE)[0]
        assert [int(x) for x in got.earned3[i]] == [tally.modules[m].earned3 for m in r.modules]
        assert [int(x) for x in got.possible[i]] == [tally.modules[m].possible for m in r.modules]
        assert (got.red_lines[i], got.legitimacy[i], got.gates_unknown[i], got.unanswered[i]) == (
            len(tally.red_line_breaches), len(tally.legitimacy_breaches), len(tally.gates_unknown),
            len(tally.unanswered))
        assert (None if got.mitigation_min[i] == NONE else got.mitigation_min[i]) == tally.mitigation_min
        assert (got.risk_left3[i], got.risk_possible[i]) == (tally.risk_left3, tally.risk_possible)
