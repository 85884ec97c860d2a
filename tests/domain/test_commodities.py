"""Commodities (DESIGN §4 rule 9): a criterion counts for its role and minerals; credit flows per mineral."""

import itertools
from dataclasses import replace
from datetime import timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assay.domain.scoring import Relationship, enabled_impact, score_assessment
from assay.domain.scoring.gap import gap_to_next_level
from assay.domain.scoring.impact import build_graph, enabled_impact_all, path_weights, progress_in
from assay.domain.scoring.rules import CriterionRule, Rules

from .scoring_strategies import (
    DAY0,
    DEFAULT_LEVELS,
    MINERALS,
    ROLE,
    answer_for,
    commodity_rules,
    mineral_sets,
    mineral_supply_chains,
)

PERIOD = (DAY0, DAY0 + timedelta(days=365))


def summary(s):
    return (s.outcome, s.level, s.overall, s.modules, s.residual_risk, s.tally,
            [(c.code, c.applicable, c.earned, c.possible) for c in s.criteria])


def answers_for(r: Rules, data) -> dict:
    answers = {}
    for c in r.criteria:
        value = answer_for(c, data.draw, complete=False)
        if value is not None:
            answers[c.code] = value
    return answers


# ------------------------------------------------------------------------------------------- applicability


def test_a_criterion_applies_to_its_role_and_to_an_assessment_sharing_a_commodity():
    mercury = CriterionRule("5.1", "5", "mitigation", tier=2, points=3, applies_to=frozenset({"producer"}),
                            commodities=frozenset({"gold"}))
    policy = CriterionRule("1.1", "1", "practice", points=3, applies_to=frozenset({"producer"}))
    assert mercury.applies("producer", {"gold", "tin"}) and not mercury.applies("producer", {"tin"})
    assert not mercury.applies("trader", {"gold"})
    assert mercury.applies("producer") and mercury.applies("producer", None)  # no scope: no filter
    assert not mercury.applies("producer", set())
    assert policy.applies("producer", {"tin"}) and policy.applies("producer", set())


def mercury_standard() -> Rules:
    criteria = (
        CriterionRule("1.1", "1", "practice", points=3, applies_to=frozenset({ROLE})),
        CriterionRule("1.2", "1", "gate", tier=1, applies_to=frozenset({ROLE})),
        CriterionRule("2.1", "2", "mitigation", tier=2, points=6, applies_to=frozenset({ROLE}),
                      commodities=frozenset({"gold"})),
        CriterionRule("3.1", "3", "practice", points=3, applies_to=frozenset({ROLE}),
                      commodities=frozenset({"tin", "tantalum", "tungsten"})),
    )
    return Rules(criteria=criteria, modules=("1", "2", "3"), levels=DEFAULT_LEVELS, commodities=MINERALS)


def test_a_tin_producer_is_not_scored_on_mercury():
    r = mercury_standard()
    answers = {"1.1": 3, "1.2": "clear", "3.1": 3}  # no answer to the gold-only 2.1, and no n/a needed
    tin = score_assessment(r, answers, ROLE, {"tin"})
    assert (tin.outcome, tin.level, tin.overall) == ("level", 4, 100)
    assert tin.modules == {"1": 100, "2": None, "3": 100}
    assert [c.code for c in tin.criteria if c.applicable] == ["1.1", "1.2", "3.1"]
    # Without a scope every criterion counts, as before: the mercury criterion is then unanswered.
    assert score_assessment(r, answers, ROLE).outcome == "incomplete"
    gold = score_assessment(r, answers, ROLE, ["gold"])
    assert gold.outcome == "incomplete" and gold.tally.unanswered == ("2.1",)


def test_an_answer_to_a_criterion_outside_the_minerals_is_ignored():
    r = mercury_standard()
    answers = {"1.1": 3, "1.2": "clear", "3.1": 3}
    assert summary(score_assessment(r, {**answers, "2.1": 0}, ROLE, {"tin"}))[:6] == \
        summary(score_assessment(r, answers, ROLE, {"tin"}))[:6]


def test_only_commodity_independent_criteria_count_for_an_empty_scope():
    r = mercury_standard()
    s = score_assessment(r, {"1.1": 2, "1.2": "clear"}, ROLE, frozenset())
    assert s.outcome == "level" and s.overall == Fraction(200, 3)


def test_the_gap_raises_only_criteria_that_count_for_the_minerals():
    r = mercury_standard()
    answers = {"1.1": 1, "1.2": "clear", "2.1": 1, "3.1": 1}
    gap = gap_to_next_level(r, answers, ROLE, minerals={"tin"})
    assert gap.reachable and {i.code for i in gap.improvements} <= {"1.1", "3.1"}
    improved = {**answers, **{i.code: i.target for i in gap.improvements}}
    assert score_assessment(r, improved, ROLE, {"tin"}).level >= gap.target_level
    assert any(i.code == "2.1" for i in gap_to_next_level(r, answers, ROLE, minerals={"gold"}).improvements)


@given(commodity_rules(), st.data())
def test_without_minerals_the_score_is_the_one_before_commodities(r, data):
    answers = answers_for(r, data)
    plain = replace(r, criteria=tuple(replace(c, commodities=frozenset()) for c in r.criteria), by_code={})
    assert summary(score_assessment(r, answers, ROLE)) == summary(score_assessment(plain, answers, ROLE))
    assert summary(score_assessment(r, answers, ROLE, None)) == summary(score_assessment(plain, answers, ROLE))


@given(commodity_rules(), mineral_sets, st.data())
def test_scoring_a_scope_equals_scoring_the_standard_without_the_criteria_outside_it(r, minerals, data):
    answers = answers_for(r, data)
    kept = tuple(c for c in r.criteria if c.covers(minerals))
    narrowed = Rules(criteria=kept, modules=r.modules, levels=r.levels)
    a, b = score_assessment(r, answers, ROLE, minerals), score_assessment(narrowed, answers, ROLE)
    assert (a.outcome, a.level, a.overall, a.modules, a.residual_risk) == (
        b.outcome, b.level, b.overall, b.modules, b.residual_risk)


@given(commodity_rules(), st.data())
def test_a_criterion_for_gold_never_changes_the_score_of_a_tin_only_assessment(r, data):
    gold_only = [c for c in r.criteria if c.commodities and "tin" not in c.commodities]
    criteria = list(r.criteria)
    if not gold_only:  # make one, so that every example tests something
        criteria[0] = replace(criteria[0], commodities=frozenset({"gold"}))
        r = replace(r, criteria=tuple(criteria), by_code={})
        gold_only = [r.criteria[0]]
    answers = answers_for(r, data)
    before = score_assessment(r, answers, ROLE, {"tin"})
    for c in gold_only:
        for value in (None, "clear", "breach", "unknown", 0, 3, "na", 17):
            changed = {k: v for k, v in answers.items() if k != c.code}
            if value is not None:
                changed[c.code] = value
            after = score_assessment(r, changed, ROLE, {"tin"})
            assert summary(after)[:6] == summary(before)[:6]
    without = Rules(criteria=tuple(c for c in r.criteria if c not in gold_only), modules=r.modules, levels=r.levels)
    assert summary(score_assessment(without, answers, ROLE, {"tin"}))[:6] == summary(before)[:6]


# -------------------------------------------------------------------------------------------- enabled impact


def test_a_gold_brand_is_not_credited_for_tin_through_a_gold_refiner():
    rels = [
        Relationship("brand", "refiner", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
        Relationship("refiner", "gold-coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
        Relationship("refiner", "tin-coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"tin"})),
    ]
    progress = {"gold-coop": Fraction(20), "tin-coop": Fraction(40)}
    everything = enabled_impact("brand", build_graph(rels, *PERIOD), progress, 4)
    assert everything.value == 15  # today's rule, which knows no minerals: ¼ × 20 + ¼ × 40
    gold = enabled_impact("brand", build_graph(rels, *PERIOD, mineral="gold"), progress, 4, "gold")
    assert gold.value == 5 and [c.producer for c in gold.contributions] == ["gold-coop"]
    tin = enabled_impact("brand", build_graph(rels, *PERIOD, mineral="tin"), progress, 4, "tin")
    assert tin.value == 0  # the brand's only link carries gold


def test_a_relationship_that_lists_no_mineral_carries_every_one():
    rels = [Relationship("brand", "coop", DAY0, share=Fraction(1, 2))]
    graph = build_graph(rels, *PERIOD, mineral="cobalt")
    assert enabled_impact("brand", graph, {"coop": Fraction(10)}, 4, "cobalt").value == 5


def test_only_producers_whose_assessment_covered_the_mineral_count():
    rels = [Relationship("refiner", "a", DAY0), Relationship("refiner", "b", DAY0), Relationship("refiner", "c", DAY0)]
    progress = {"a": Fraction(10), "b": Fraction(20), "c": Fraction(30)}
    covered = {"a": {"gold"}, "b": {"tin", "gold"}, "c": {"tin"}}
    graph = build_graph(rels, *PERIOD, mineral="gold")
    result = enabled_impact("refiner", graph, progress, 4, "gold", covered)
    assert result.value == 30 and [c.producer for c in result.contributions] == ["a", "b"]
    assert progress_in(progress, "gold", {"a": {"tin"}}) == {"b": 20, "c": 30}  # b, c: scope not known
    assert progress_in(progress, None, covered) is progress


def test_a_missing_share_counts_every_active_buyer_whatever_it_trades():
    # The coop sells gold to one buyer and tin to another: in gold, the gold buyer's link still weighs ½.
    rels = [Relationship("gold-buyer", "coop", DAY0, minerals=frozenset({"gold"})),
            Relationship("tin-buyer", "coop", DAY0, minerals=frozenset({"tin"}))]
    graph = build_graph(rels, *PERIOD, mineral="gold")
    assert graph == {"gold-buyer": [("coop", Fraction(1, 2))]}


def test_links_merge_per_mineral():
    rels = [Relationship("b", "s", DAY0, share=Fraction(3, 10), minerals=frozenset({"gold"})),
            Relationship("b", "s", DAY0, share=Fraction(6, 10), minerals=frozenset({"tin"}))]
    assert build_graph(rels, *PERIOD) == {"b": [("s", Fraction(6, 10))]}
    assert build_graph(rels, *PERIOD, mineral="gold") == {"b": [("s", Fraction(3, 10))]}


def test_a_graph_of_another_mineral_is_refused():
    graph = build_graph([Relationship("b", "s", DAY0)], *PERIOD, mineral="gold")
    with pytest.raises(ValueError, match="build_graph"):
        enabled_impact("b", graph, {}, 4)
    with pytest.raises(ValueError, match="build_graph"):
        enabled_impact_all(build_graph([], *PERIOD), {}, 4, "tin")


def progresses(actors, data):
    return {a: Fraction(data.draw(st.integers(-20, 60))) for a in actors if data.draw(st.booleans())}


def coverage(actors, data):
    return {a: data.draw(mineral_sets) for a in actors if data.draw(st.booleans())}


@settings(max_examples=150)
@given(mineral_supply_chains(), st.integers(1, 4), st.data())
def test_without_a_mineral_enabled_impact_is_the_one_before_minerals(chain, max_tiers, data):
    actors, rels = chain
    plain = [replace(r, minerals=frozenset()) for r in rels]
    progress = progresses(actors, data)
    graph, old = build_graph(rels, *PERIOD), build_graph(plain, *PERIOD)
    assert graph == old
    for buyer in actors:
        a = enabled_impact(buyer, graph, progress, max_tiers, covered=coverage(actors, data))
        b = enabled_impact(buyer, old, progress, max_tiers)
        assert (a.value, a.contributions) == (b.value, b.contributions)


@settings(max_examples=150)
@given(mineral_supply_chains(), st.sampled_from(MINERALS), st.integers(1, 4), st.data())
def test_restricting_to_a_mineral_never_increases_enabled_impact(chain, mineral, max_tiers, data):
    actors, rels = chain
    progress, covered = progresses(actors, data), coverage(actors, data)
    everything, one = build_graph(rels, *PERIOD), build_graph(rels, *PERIOD, mineral=mineral)
    for buyer in actors:
        restricted = enabled_impact(buyer, one, progress, max_tiers, mineral, covered).value
        assert 0 <= restricted <= enabled_impact(buyer, everything, progress, max_tiers).value


@settings(max_examples=150)
@given(mineral_supply_chains(), st.sampled_from(MINERALS), st.integers(1, 4), st.data())
def test_credit_in_a_mineral_flows_only_along_links_that_carry_it(chain, mineral, max_tiers, data):
    actors, rels = chain
    carrying = {(r.buyer, r.supplier) for r in rels if r.carries(mineral)}
    graph = build_graph(rels, *PERIOD, mineral=mineral)
    for buyer in actors:
        for paths in path_weights(graph, buyer, max_tiers).values():
            for path, _w in paths:
                assert all(link in carrying for link in itertools.pairwise(path))
    progress, covered = progresses(actors, data), coverage(actors, data)
    at_once = enabled_impact_all(graph, progress, max_tiers, mineral, covered)
    one_by_one = {b: enabled_impact(b, graph, progress, max_tiers, mineral, covered).value for b in graph}
    assert at_once == {b: v for b, v in one_by_one.items() if v}
