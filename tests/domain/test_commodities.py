"""Commodities (DESIGN §4 rule 9): a criterion counts for its role and minerals; credit flows per mineral."""

import itertools
import math
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


def blind(rels):
    """The graph of the rule before minerals: every relationship as if it listed none."""
    return build_graph([replace(r, minerals=frozenset()) for r in rels], *PERIOD)


def test_a_gold_brand_is_not_credited_for_tin_through_a_gold_refiner():
    """Issue 13: the total counted brand —(gold)→ refiner —(tin)→ tin coop; no mineral flows along that path."""
    rels = [
        Relationship("brand", "refiner", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
        Relationship("refiner", "gold-coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
        Relationship("refiner", "tin-coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"tin"})),
    ]
    progress = {"gold-coop": Fraction(20), "tin-coop": Fraction(40)}
    assert enabled_impact("brand", blind(rels), progress, 4).value == 15  # the old rule: ¼ × 20 + ¼ × 40
    everything = enabled_impact("brand", build_graph(rels, *PERIOD), progress, 4)
    assert everything.value == 5 and [c.producer for c in everything.contributions] == ["gold-coop"]
    assert everything.contributions[0].minerals == [frozenset({"gold"})]
    assert enabled_impact_all(build_graph(rels, *PERIOD), progress, 4) == {"brand": 5, "refiner": 30}
    gold = enabled_impact("brand", build_graph(rels, *PERIOD, mineral="gold"), progress, 4, "gold")
    assert gold.value == 5 and [c.producer for c in gold.contributions] == ["gold-coop"]
    tin = enabled_impact("brand", build_graph(rels, *PERIOD, mineral="tin"), progress, 4, "tin")
    assert tin.value == 0  # the brand's only link carries gold


def test_the_total_counts_only_minerals_the_producer_covered():
    rels = [Relationship("brand", "coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"tin"}))]
    progress = {"coop": Fraction(10)}
    graph = build_graph(rels, *PERIOD)
    assert enabled_impact("brand", graph, progress, 4, covered={"coop": {"gold"}}).value == 0
    assert enabled_impact("brand", graph, progress, 4, covered={"coop": {"gold", "tin"}}).value == 5
    assert enabled_impact("brand", graph, progress, 4).value == 5  # a scope not known covers every mineral
    unlisted = build_graph([replace(rels[0], minerals=frozenset())], *PERIOD)
    result = enabled_impact("brand", unlisted, progress, 4, covered={"coop": {"gold"}})
    assert result.value == 5 and result.contributions[0].minerals == [frozenset({"gold"})]
    assert enabled_impact("brand", unlisted, progress, 4).contributions[0].minerals == [None]  # every mineral


def test_a_path_of_several_minerals_weighs_its_best_mineral_never_their_sum():
    # Two relationships per link: gold at ½ and ½, tin at ⅕ then 1. Per mineral the path brand → t → coop weighs
    # ¼ in gold and ⅕ in tin; it counts once, at ¼ (not ¼ + ⅕, nor the mineral-blind ½ × 1).
    rels = [Relationship("brand", "t", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
            Relationship("brand", "t", DAY0, share=Fraction(1, 5), minerals=frozenset({"tin"})),
            Relationship("t", "coop", DAY0, share=Fraction(1, 2), minerals=frozenset({"gold"})),
            Relationship("t", "coop", DAY0, share=Fraction(1), minerals=frozenset({"tin"}))]
    progress = {"coop": Fraction(20)}
    total = enabled_impact("brand", build_graph(rels, *PERIOD), progress, 4)
    assert total.value == 5 and total.contributions[0].paths == [(["brand", "t", "coop"], Fraction(1, 4))]
    assert total.contributions[0].minerals == [frozenset({"gold", "tin"})]
    assert enabled_impact("brand", build_graph(rels, *PERIOD, mineral="gold"), progress, 4, "gold").value == 5
    assert enabled_impact("brand", build_graph(rels, *PERIOD, mineral="tin"), progress, 4, "tin").value == 4
    assert enabled_impact("brand", blind(rels), progress, 4).value == 10
    covered = {"coop": {"tin"}}  # a tin-only coop: the path counts in tin only
    assert enabled_impact("brand", build_graph(rels, *PERIOD), progress, 4, covered=covered).value == 4
    assert enabled_impact_all(build_graph(rels, *PERIOD), progress, 4, covered=covered) == {"brand": 4, "t": 20}


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
    carried = build_graph(rels, *PERIOD).carries["b"]["s"]  # parts of the link's whole share 0.6
    assert (carried.part("gold"), carried.part("tin"), carried.part("cobalt")) == (Fraction(1, 2), 1, None)
    unlisted = build_graph([*rels, Relationship("b", "s", DAY0, share=Fraction(4, 10))], *PERIOD).carries["b"]["s"]
    assert (unlisted.part("gold"), unlisted.part("tin"), unlisted.part("cobalt")) == (Fraction(2, 3), 1, Fraction(2, 3))
    assert build_graph([replace(r, minerals=frozenset()) for r in rels], *PERIOD).carries == {}


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
def test_without_relationship_minerals_the_total_is_the_one_before_minerals(chain, max_tiers, data):
    """Links that list no mineral carry every one: the total is the old rule's, and a producer's known scope changes
    nothing unless it is empty (then its progress counts in no mineral)."""
    actors, rels = chain
    plain = [replace(r, minerals=frozenset()) for r in rels]
    progress = progresses(actors, data)
    graph = build_graph(plain, *PERIOD)
    covered = {a: m | {"gold"} for a, m in coverage(actors, data).items()}
    for buyer in actors:
        before = enabled_impact(buyer, graph, progress, max_tiers)
        a = enabled_impact(buyer, graph, progress, max_tiers, covered=covered)
        assert a.value == before.value
        assert [(c.producer, c.weight, c.paths) for c in a.contributions] == [
            (c.producer, c.weight, c.paths) for c in before.contributions]
    assert build_graph(rels, *PERIOD) == graph  # the same links at the same shares, whatever they carry


UNLISTED = "copper"  # a mineral no relationship lists: it flows only along links that list none


def brute_force_total(rels, progress, covered, buyer, max_tiers):
    """The rule of the module docstring by enumeration, from the per-mineral graphs alone: each simple path at the
    largest of its weights in the minerals whose graph holds it and that the producer covered."""
    graphs = {m: build_graph(rels, *PERIOD, mineral=m) for m in (*MINERALS, UNLISTED)}
    shares = {m: {(b, s): w for b, links in g.items() for s, w in links} for m, g in graphs.items()}
    nodes = sorted({r.buyer for r in rels} | {r.supplier for r in rels})
    total = Fraction(0)
    for length in range(1, max_tiers + 1):
        for middle in itertools.permutations([n for n in nodes if n != buyer], length):
            producer = middle[-1]
            if progress.get(producer, 0) <= 0:
                continue
            best = Fraction(0)
            for m, links in shares.items():
                if producer in covered and m not in covered[producer]:
                    continue
                w = Fraction(1)
                for link in itertools.pairwise((buyer, *middle)):
                    w = w * links[link] if link in links else Fraction(0)
                best = max(best, w)
            total += progress[producer] * best
    return total


@settings(max_examples=150)
@given(mineral_supply_chains(max_actors=5), st.integers(1, 3), st.data())
def test_the_total_is_the_rule_worked_out_path_by_path(chain, max_tiers, data):
    actors, rels = chain
    progress, covered = progresses(actors, data), coverage(actors, data)
    graph = build_graph(rels, *PERIOD)
    for buyer in actors:
        result = enabled_impact(buyer, graph, progress, max_tiers, covered=covered)
        assert result.value == brute_force_total(rels, progress, covered, buyer, max_tiers)


@settings(max_examples=150)
@given(mineral_supply_chains(), st.integers(1, 4), st.data())
def test_the_total_is_between_the_best_mineral_and_the_mineral_blind_total(chain, max_tiers, data):
    actors, rels = chain
    progress, covered = progresses(actors, data), coverage(actors, data)
    graph, old = build_graph(rels, *PERIOD), blind(rels)
    per_mineral = {m: build_graph(rels, *PERIOD, mineral=m) for m in (*MINERALS, UNLISTED)}
    for buyer in actors:
        total = enabled_impact(buyer, graph, progress, max_tiers, covered=covered).value
        assert total <= enabled_impact(buyer, old, progress, max_tiers).value
        for m, one in per_mineral.items():
            assert enabled_impact(buyer, one, progress, max_tiers, m, covered).value <= total


@settings(max_examples=150)
@given(mineral_supply_chains(), st.sampled_from(MINERALS), st.integers(1, 4), st.data())
def test_where_every_link_carries_one_mineral_the_total_is_its_credit(chain, mineral, max_tiers, data):
    actors, rels = chain
    rels = [replace(r, minerals=frozenset({mineral})) for r in rels]
    progress, covered = progresses(actors, data), coverage(actors, data)
    graph, one = build_graph(rels, *PERIOD), build_graph(rels, *PERIOD, mineral=mineral)
    for buyer in actors:
        total = enabled_impact(buyer, graph, progress, max_tiers, covered=covered)
        credit = enabled_impact(buyer, one, progress, max_tiers, mineral, covered)
        assert total.value == credit.value
        assert [(c.producer, c.weight, c.paths) for c in total.contributions] == [
            (c.producer, c.weight, c.paths) for c in credit.contributions if c.paths]


@settings(max_examples=150)
@given(mineral_supply_chains(), st.integers(1, 4), st.data())
def test_the_totals_explanation_adds_up_and_names_what_each_path_carries(chain, max_tiers, data):
    actors, rels = chain
    progress, covered = progresses(actors, data), coverage(actors, data)
    graph = build_graph(rels, *PERIOD)
    per_mineral = {m: build_graph(rels, *PERIOD, mineral=m) for m in MINERALS}
    for buyer in actors:
        result = enabled_impact(buyer, graph, progress, max_tiers, covered=covered)
        assert result.value == sum((c.value for c in result.contributions), Fraction(0))
        for c in result.contributions:
            assert c.weight == sum(w for _p, w in c.paths) and len(c.minerals) == len(c.paths)
            for (path, w), minerals in zip(c.paths, c.minerals, strict=True):
                assert w > 0 and minerals != frozenset()
                if minerals is None:
                    continue
                assert minerals <= set(covered.get(c.producer, minerals))
                weights = []
                for m in minerals:  # each mineral is carried by every link, and the best of them is the weight
                    shares = dict(((b, s), x) for b, links in per_mineral[m].items() for s, x in links)
                    assert all(link in shares for link in itertools.pairwise(path))
                    weights.append(math.prod((shares[link] for link in itertools.pairwise(path)), start=Fraction(1)))
                assert w == max(weights)


@settings(max_examples=150)
@given(mineral_supply_chains(), st.sampled_from(MINERALS), st.integers(1, 4), st.data())
def test_restricting_to_a_mineral_never_increases_enabled_impact(chain, mineral, max_tiers, data):
    actors, rels = chain
    progress, covered = progresses(actors, data), coverage(actors, data)
    everything, one = build_graph(rels, *PERIOD), build_graph(rels, *PERIOD, mineral=mineral)
    for buyer in actors:
        restricted = enabled_impact(buyer, one, progress, max_tiers, mineral, covered).value
        assert 0 <= restricted <= enabled_impact(buyer, everything, progress, max_tiers, covered=covered).value


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


@settings(max_examples=200)
@given(mineral_supply_chains(max_actors=7), st.integers(1, 4), st.booleans(), st.data())
def test_the_total_of_all_buyers_at_once_equals_the_walk_of_each(chain, max_tiers, scopes, data):
    actors, rels = chain
    progress = progresses(actors, data)
    covered = coverage(actors, data) if scopes else None
    # As drawn (cycles worked out by the walk) and without the links that go back up (the tier-by-tier flow only).
    for kept in (rels, [r for r in rels if int(r.buyer[1:]) < int(r.supplier[1:])]):
        graph = build_graph(kept, *PERIOD)
        at_once = enabled_impact_all(graph, progress, max_tiers, covered=covered)
        one_by_one = {b: enabled_impact(b, graph, progress, max_tiers, covered=covered).value for b in graph}
        assert at_once == {b: v for b, v in one_by_one.items() if v}
