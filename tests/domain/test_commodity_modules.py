"""The demo standard's commodity-specific modules (DESIGN §4 rules 2 and 9): a module none of whose criteria applies
to an assessment's minerals has no score, so it is left out of "every module ≥ x" and never drags a score down."""

from pathlib import Path

import pytest
import yaml

from assay.domain.scoring import score_assessment
from assay.domain.scoring.gap import gap_to_next_level
from assay.domain.scoring.rules import GATE, INDICATOR, Rules

DEMO = Path(__file__).resolve().parents[2] / "assay" / "web" / "demo" / "data" / "mes-0.1.yaml"
DATA = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
RULES = Rules.from_document(DATA)
PRODUCER = "producer"
GROUPS = {"3t": frozenset({"tin", "tantalum", "tungsten"}), "cobalt": frozenset({"cobalt"}),
          "gemstones": frozenset({"gemstones"})}
# An actor's minerals, one or more of a group, as the demo registry has them.
SCOPES = {"gold": {"gold"}, "3t": {"tin", "tantalum"}, "cobalt": {"cobalt"}, "gemstones": {"gemstones"}}


def group_modules() -> dict[str, str]:
    """The module of each group other than gold (whose mercury criteria are in module 6), by group."""
    out = {}
    for module in DATA["modules"]:
        named = [frozenset(c.get("commodities", ())) for c in module["criteria"]]
        for group, minerals in GROUPS.items():
            if named and all(n == minerals for n in named):
                out[group] = module["code"]
    return out


def answers_at(maturity: int, minerals) -> dict:
    """Every criterion that counts for a producer of `minerals` answered: gates clear, scored ones at `maturity`."""
    out: dict = {}
    for rule in RULES.criteria:
        if rule.applies(PRODUCER, minerals):
            out[rule.code] = "clear" if rule.kind == GATE else 10 if rule.kind == INDICATOR else maturity
    return out


def test_each_commodity_group_has_its_own_module_and_gold_its_mercury_criteria():
    modules = group_modules()
    assert set(modules) == set(GROUPS) and len(set(modules.values())) == 3
    gold_only = {r.code for r in RULES.criteria if r.commodities == frozenset({"gold"})}
    assert {"6.1", "6.2"} <= gold_only
    for group, code in modules.items():
        criteria = [r for r in RULES.criteria if r.module == code]
        assert 2 <= len(criteria) <= 3 and all(r.scored and r.applies_to_role(PRODUCER) for r in criteria), group


@pytest.mark.parametrize("mine", list(SCOPES))
def test_the_modules_of_other_minerals_have_no_score_and_block_no_level(mine):
    minerals, modules = SCOPES[mine], group_modules()
    others = {code for group, code in modules.items() if group != mine}
    # Maturity 2 everywhere: every scored module at 66.7, which Advanced (3) allows; an unanswered or zero module of
    # another mineral would make the outcome incomplete or fail "every module ≥ 40".
    s = score_assessment(RULES, answers_at(2, minerals), PRODUCER, minerals)
    assert (s.outcome, s.level) == ("level", 3)
    assert all(s.modules[code] is None for code in others)
    assert all(score is None or score * 3 == 200 for score in s.modules.values())
    if mine in modules:
        assert s.modules[modules[mine]] * 3 == 200  # its own commodity module is scored
    assert not any(r.module in others for r in s.blocked_by)
    gap = gap_to_next_level(RULES, answers_at(2, minerals), PRODUCER, minerals=minerals)
    assert gap.reachable and not any(RULES.by_code[i.code].module in others for i in gap.improvements)
    best = score_assessment(RULES, answers_at(3, minerals), PRODUCER, minerals)
    assert (best.outcome, best.level, best.overall) == ("level", 4, 100)


@pytest.mark.parametrize("mine", list(SCOPES))
def test_answers_to_another_minerals_criteria_change_nothing(mine):
    minerals = SCOPES[mine]
    answers = answers_at(2, minerals)
    foreign = {r.code: 0 for r in RULES.criteria if r.commodities and not r.covers(minerals)}
    assert foreign  # every group has criteria that are not its own
    plain, noisy = (score_assessment(RULES, a, PRODUCER, minerals) for a in (answers, {**foreign, **answers}))
    assert (noisy.outcome, noisy.level, noisy.overall, noisy.modules, noisy.residual_risk) == (
        plain.outcome, plain.level, plain.overall, plain.modules, plain.residual_risk)
    assert not any(c.applicable for c in noisy.criteria if c.code in foreign)


def test_a_producer_of_two_groups_is_scored_on_both_modules():
    modules = group_modules()
    minerals = {"tin", "cobalt"}
    s = score_assessment(RULES, answers_at(2, minerals), PRODUCER, minerals)
    assert s.modules[modules["3t"]] * 3 == 200 and s.modules[modules["cobalt"]] * 3 == 200
    assert s.modules[modules["gemstones"]] is None
    weak = {**answers_at(2, minerals), **{r.code: 0 for r in RULES.criteria if r.module == modules["cobalt"]}}
    low = score_assessment(RULES, weak, PRODUCER, minerals)
    assert low.modules[modules["cobalt"]] == 0 and low.level == 1  # a scored module at 0 fails "every module ≥ 25"
    assert any(r.name == "every_module_min" and r.module == modules["cobalt"] for r in low.blocked_by)
