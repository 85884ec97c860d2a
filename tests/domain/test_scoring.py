"""The scoring rules of DESIGN §4 on cases worked out by hand."""

import json
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from assay.domain.scoring import Rules, progress_between, score_assessment, select_baseline
from assay.domain.scoring.cli import InputError, run
from assay.domain.scoring.engine import answer_problem

ROOT = Path(__file__).resolve().parents[2]
MINI = yaml.safe_load((ROOT / "examples" / "mini-standard.yaml").read_text(encoding="utf-8"))
RULES = Rules.from_document(MINI)
CLEAR = {"2.1": "clear", "2.2": "clear"}


def score(**answers):
    """Score a producer's answers given as _1_1=3 for criterion 1.1; the gates are clear unless given."""
    given = {k.lstrip("_").replace("_", "."): v for k, v in answers.items()}
    return score_assessment(RULES, {**CLEAR, **given}, "producer")


def test_points_modules_overall_and_residual_risk():
    s = score(_1_1=3, _1_2=1, _3_1=2, _3_2=0)
    assert s.modules == {"1": Fraction(200, 3), "2": None, "3": Fraction(400, 9), "4": None}
    assert s.overall == Fraction(100 * (9 + 3 + 12 + 0), 3 * 15)  # 160/3
    assert s.residual_risk == Fraction(100 * (6 * 1 + 3 * 3), 3 * 9)
    assert (s.outcome, s.level) == ("level", 2)  # overall 53.3 is below Advanced's 60
    assert [(r.name, r.needed, r.actual) for r in s.blocked_by] == [("overall_min", 60, Fraction(160, 3))]


def test_outcomes_in_order_of_precedence():
    assert score(_2_1="breach", _2_2="breach", _1_1=3).outcome == "disengage"
    assert score(_2_2="breach", _1_1=3, _1_2=3, _3_1=3, _3_2=3).outcome == "ineligible"
    assert score(_2_2="unknown", _1_1=3, _1_2=3, _3_1=3, _3_2=3).outcome == "incomplete"
    incomplete = score(_1_1=3, _1_2=3, _3_1=3)
    assert incomplete.outcome == "incomplete" and "3.2" in incomplete.reasons[0]
    assert incomplete.overall == Fraction(100 * 36, 3 * 15)  # computed whatever the outcome


def test_a_missing_gate_answer_is_unknown():
    s = score_assessment(RULES, {"2.1": "clear", "1.1": 3, "1.2": 3, "3.1": 3, "3.2": 3}, "producer")
    assert s.outcome == "incomplete" and s.tally.gates_unknown == ("2.2",)


def test_not_applicable_leaves_the_denominator():
    assert score(_1_1=3, _1_2=3, _3_1=3, _3_2="na").modules["3"] == 100
    assert answer_problem(RULES.by_code["1.1"], "na") == "na_not_allowed"


def test_candidate_when_gates_are_clear_but_a_mitigation_is_at_zero():
    s = score(_1_1=3, _1_2=3, _3_1=0, _3_2=3)
    assert (s.outcome, s.level, s.next_level) == ("level", 0, 1)
    assert [(r.name, r.needed, r.actual) for r in s.blocked_by] == [("mitigation_min", 1, 0)]


def test_levels_are_cumulative():
    # Overall 80 and every module ≥ 60 would satisfy Leading's scores, but mitigation at 2 stops at Advanced.
    s = score(_1_1=3, _1_2=3, _3_1=2, _3_2=3)
    assert s.level == 3 and [r.name for r in s.blocked_by] == ["mitigation_min"]


def test_a_threshold_is_met_exactly_however_the_score_is_summed():
    # Five 3-point criteria at maturities 1,1,1,1,2: 100 × 18 / 45 = 40 exactly; the float sum of thirds is not.
    doc = yaml.safe_load(yaml.safe_dump(MINI))
    doc["modules"] = [{"code": "1", "oecd_step": 1, "theme": "management", "title": {"en": "M"}, "criteria": [
        {"key": f"c{i}", "code": f"1.{i}", "kind": "mitigation" if i == 1 else "practice", "tier": None,
         "points": 3, "applies_to": ["producer"], "disclosure": "network", "title": {"en": "c"},
         "text": {"en": "c"}} for i in range(1, 6)]}]
    rules = Rules.from_document(doc)
    s = score_assessment(rules, {"1.1": 1, "1.2": 1, "1.3": 1, "1.4": 1, "1.5": 2}, "producer")
    assert s.overall == 40 and s.level == 2


def test_progress_uses_the_latest_verified_assessment_at_least_the_interval_before():
    dated = [("old", date(2023, 1, 1), True), ("recent", date(2024, 6, 1), True), ("close", date(2024, 11, 1), True),
             ("unverified", date(2024, 7, 1), False)]
    chosen = select_baseline(dated, date(2025, 1, 1), RULES, date_of=lambda x: x[1], verified=lambda x: x[2])
    assert chosen[0] == "recent"  # "close" is only 61 days before; "unverified" is not verified


def test_progress_parts_and_the_cahra_multiplier():
    a0, a1 = score(_1_1=1, _1_2=0, _3_1=1, _3_2=0), score(_1_1=2, _1_2=2, _3_1=2, _3_2=1)
    p = progress_between(RULES, a1, a0, in_cahra=True)
    assert (p.overall_change, p.level_change, p.level_part) == (40, 2, 20)
    assert p.multiplier == Fraction(3, 2) and p.value == 90


def test_no_progress_from_or_to_an_incomplete_assessment_nor_into_disengage():
    complete, incomplete = score(_1_1=2, _1_2=2, _3_1=2, _3_2=2), score(_1_1=2)
    breach = score(_2_1="breach", _1_1=3, _1_2=3, _3_1=3, _3_2=3)
    assert progress_between(RULES, complete, incomplete) is None
    assert progress_between(RULES, incomplete, complete) is None
    assert progress_between(RULES, breach, complete) is None
    remediation = progress_between(RULES, complete, breach)
    assert remediation.level_change == score(_1_1=2, _1_2=2, _3_1=2, _3_2=2).level  # from level 0


def test_the_worked_example_of_docs_scoring():
    data = json.loads((ROOT / "examples" / "supply-chain.json").read_text(encoding="utf-8"))
    out = run(MINI, data)
    by_id = {a["id"]: a for a in out["assessments"]}
    assert (by_id["a-2025"]["level"], by_id["a-2025"]["progress"]["value"]) == (4, 55.0)
    assert by_id["b-2023"]["outcome"] == "disengage"
    assert by_id["b-2024"]["progress"]["value"] == 35.0
    impact = {e["actor"]: e for e in out["enabled_impact"]}
    # brand-b: coop-a at 0.25 × 0.5 × 0.6 of 55, coop-b at 0.25 × 0.5 × ½ of 160/3; r6 ended in 2023.
    assert impact["brand-b"]["value"] == pytest.approx(0.075 * 55 + 0.0625 * 160 / 3)
    assert impact["fund-f"]["value"] == pytest.approx(0.5 * 160 / 3)


def test_the_shipped_output_matches_what_the_scorer_prints():
    expected = json.loads((ROOT / "examples" / "supply-chain.scores.json").read_text(encoding="utf-8"))
    result = subprocess.run([sys.executable, "-m", "assay", "score", "examples/mini-standard.yaml",
                             "examples/supply-chain.json"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == expected


def test_bad_input_lists_every_problem():
    data = {"actors": [{"id": "x", "role": "producer"}], "assessments": [
        {"id": "1", "actor": "x", "date": "2025-13-01", "answers": {"1.1": 4, "3.2": "na", "1.2": "na", "9.9": 1}},
        {"id": "2", "actor": "nobody", "date": "2025-01-01"}],
        "relationships": [{"buyer": "x", "supplier": "y", "start": "2025-01-01", "share": 1.5}]}
    with pytest.raises(InputError) as err:
        run(MINI, data)
    assert err.value.problems == [
        "assessments[0].date: not a date (YYYY-MM-DD)",
        "assessments[0].answers.1.1: bad_maturity (4)",
        "assessments[0].answers.1.2: na_not_allowed ('na')",
        "assessments[0].answers.9.9: no such criterion in mini 1.0",
        "assessments[1].actor: unknown actor 'nobody'",
        "relationships[0].supplier: unknown actor 'y'",
        "relationships[0].share: must be > 0 and ≤ 1",
    ]


def test_the_command_exits_2_on_bad_input(tmp_path):
    bad = tmp_path / "data.json"
    bad.write_text('{"actors": [], "assessments": [{"id": "1", "actor": "x", "date": "2025-01-01"}]}')
    result = subprocess.run([sys.executable, "-m", "assay", "score", "examples/mini-standard.yaml", str(bad)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "unknown actor 'x'" in result.stderr


def test_the_gap_to_the_next_level_is_the_fewest_steps():
    from assay.domain.scoring.gap import gap_to_next_level

    answers = {**CLEAR, "1.1": 3, "1.2": 1, "3.1": 2, "3.2": 0}  # level 2, overall 53.3; Advanced needs 60
    gap = gap_to_next_level(RULES, answers, "producer")
    assert gap.target_level == 3 and gap.reachable
    # Σ points × maturity is 24 of 45 × 3; 60 needs 27. One step on the 6-point criterion 3.1 adds 6: enough.
    assert gap.improvements == [type(gap.improvements[0])("3.1", 2, 3)]
    improved = {**answers, **{i.code: i.target for i in gap.improvements}}
    assert score_assessment(RULES, improved, "producer").level >= 3


def test_a_breach_is_a_blocker_not_an_improvement():
    from assay.domain.scoring.gap import gap_to_next_level

    gap = gap_to_next_level(RULES, {**CLEAR, "2.1": "breach", "1.1": 1, "1.2": 1, "3.1": 1, "3.2": 1}, "producer")
    assert gap.blockers == ["2.1"] and not gap.reachable
