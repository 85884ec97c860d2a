"""Properties of the scoring engine that must hold for any standard and any answers."""

import itertools
from datetime import timedelta
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assay.domain.scoring import enabled_impact, path_weights, progress_between, score_assessment
from assay.domain.scoring.impact import build_graph

from .scoring_strategies import DAY0, ROLE, clear_answers, rules, rules_and_answers, supply_chains

PERIOD = (DAY0, DAY0 + timedelta(days=365))


def level_or_minus(result) -> int:
    return result.level if result.outcome == "level" else -1


@given(rules_and_answers(), st.data())
def test_raising_one_maturity_never_lowers_the_overall_score_or_the_level(case, data):
    r, answers = case
    raisable = [c.code for c in r.criteria if c.scored and isinstance(answers.get(c.code), int)
                and answers[c.code] < 3]
    assume(raisable)
    code = data.draw(st.sampled_from(raisable))
    before = score_assessment(r, answers, ROLE)
    after = score_assessment(r, {**answers, code: answers[code] + 1}, ROLE)
    assert after.outcome == before.outcome
    if before.overall is not None:
        assert after.overall >= before.overall
    assert level_or_minus(after) >= level_or_minus(before)


@given(rules_and_answers(), st.data())
def test_any_tier_one_breach_means_disengage(case, data):
    r, answers = case
    red_lines = [c.code for c in r.criteria if c.red_line]
    assume(red_lines)
    code = data.draw(st.sampled_from(red_lines))
    result = score_assessment(r, {**answers, code: "breach"}, ROLE)
    assert result.outcome == "disengage" and result.level is None
    assert code in result.tally.red_line_breaches


@given(rules_and_answers(), st.randoms(use_true_random=False))
def test_answer_order_never_matters(case, rnd):
    r, answers = case
    items = list(answers.items())
    rnd.shuffle(items)
    a, b = score_assessment(r, answers, ROLE), score_assessment(r, dict(items), ROLE)
    assert (a.outcome, a.level, a.overall, a.modules, a.residual_risk) == (
        b.outcome, b.level, b.overall, b.modules, b.residual_risk)


@given(rules(), st.data())
def test_progress_without_the_multiplier_changes_sign_when_the_assessments_swap(r, data):
    first = score_assessment(r, data.draw(clear_answers(r)), ROLE)
    second = score_assessment(r, data.draw(clear_answers(r)), ROLE)
    assume(first.overall is not None and second.overall is not None)
    forward, backward = progress_between(r, second, first), progress_between(r, first, second)
    assert forward.value == -backward.value
    assert forward.multiplier == backward.multiplier == 1


@given(rules(), st.data())
def test_the_cahra_multiplier_only_amplifies_positive_progress(r, data):
    first = score_assessment(r, data.draw(clear_answers(r)), ROLE)
    second = score_assessment(r, data.draw(clear_answers(r)), ROLE)
    assume(first.overall is not None and second.overall is not None)
    plain, cahra = progress_between(r, second, first), progress_between(r, second, first, in_cahra=True)
    assert cahra.value == (plain.value * r.cahra_multiplier if plain.value > 0 else plain.value)


def brute_force_weights(rels, source, max_tiers):
    """Every simple path by enumeration, for comparison with the engine's walk."""
    graph = build_graph(rels, *PERIOD)
    nodes = sorted({n for n in graph} | {s for links in graph.values() for s, _ in links})
    weights = {}
    for length in range(1, max_tiers + 1):
        for middle in itertools.permutations([n for n in nodes if n != source], length):
            path = [source, *middle]
            w = Fraction(1)
            for buyer, supplier in itertools.pairwise(path):
                share = dict(graph.get(buyer, [])).get(supplier)
                if share is None:
                    break
                w *= share
            else:
                weights[middle[-1]] = weights.get(middle[-1], 0) + w
    return weights


@settings(max_examples=150)
@given(supply_chains(), st.integers(1, 4))
def test_path_weights_match_a_brute_force_count_of_simple_paths_even_with_cycles(chain, max_tiers):
    actors, rels = chain
    graph = build_graph(rels, *PERIOD)
    for source in actors:
        got = {u: sum(w for _, w in paths) for u, paths in path_weights(graph, source, max_tiers).items()}
        assert got == brute_force_weights(rels, source, max_tiers)
        for paths in path_weights(graph, source, max_tiers).values():
            for path, _ in paths:
                assert len(path) == len(set(path)) and len(path) - 1 <= max_tiers


@given(supply_chains(), st.fractions(min_value=0, max_value=5, max_denominator=7), st.data())
def test_enabled_impact_is_linear_in_the_suppliers_progress(chain, k, data):
    actors, rels = chain
    graph = build_graph(rels, *PERIOD)
    p = {a: data.draw(st.fractions(min_value=0, max_value=100, max_denominator=3)) for a in actors[1:]}
    q = {a: data.draw(st.fractions(min_value=0, max_value=100, max_denominator=3)) for a in actors[1:]}
    base = enabled_impact(actors[0], graph, p, 4).value
    assert enabled_impact(actors[0], graph, {a: k * v for a, v in p.items()}, 4).value == k * base
    summed = enabled_impact(actors[0], graph, {a: p[a] + q[a] for a in p}, 4).value
    assert summed == base + enabled_impact(actors[0], graph, q, 4).value


@given(supply_chains(), st.data())
def test_no_active_path_means_no_enabled_impact(chain, data):
    actors, rels = chain
    graph = build_graph(rels, *PERIOD)
    reachable = set(path_weights(graph, actors[0], 4))
    progress = {a: Fraction(data.draw(st.integers(1, 50))) for a in actors[1:] if a not in reachable}
    assert enabled_impact(actors[0], graph, progress, 4).value == 0


def test_a_path_longer_than_max_tiers_adds_nothing():
    from assay.domain.scoring import Relationship

    chain = [Relationship(f"n{i}", f"n{i + 1}", DAY0) for i in range(5)]  # n0 → … → n5: five links
    graph = build_graph(chain, *PERIOD)
    assert enabled_impact("n0", graph, {"n4": Fraction(10)}, 4).value == 10
    assert enabled_impact("n0", graph, {"n5": Fraction(10)}, 4).value == 0
    assert enabled_impact("n0", graph, {"n5": Fraction(10)}, 5).value == 10


def test_an_inactive_relationship_adds_nothing():
    from assay.domain.scoring import Relationship

    ended = Relationship("brand", "coop", DAY0 - timedelta(days=400), end=DAY0 - timedelta(days=1))
    later = Relationship("brand", "coop", PERIOD[1] + timedelta(days=1))
    graph = build_graph([ended, later], *PERIOD)
    assert enabled_impact("brand", graph, {"coop": Fraction(20)}, 4).value == 0


def test_a_cycle_neither_hangs_nor_counts_twice():
    from assay.domain.scoring import Relationship

    rels = [Relationship("a", "b", DAY0, share=Fraction(1, 2)), Relationship("b", "a", DAY0),
            Relationship("b", "c", DAY0, share=Fraction(1, 2)), Relationship("c", "a", DAY0)]
    result = enabled_impact("a", build_graph(rels, *PERIOD), {"c": Fraction(8)}, 10)
    assert result.value == 2  # only a → b → c, with weight 1/4
    assert [p for p, _ in result.contributions[0].paths] == [["a", "b", "c"]]



@settings(max_examples=200)
@given(supply_chains(max_actors=7), st.integers(1, 4), st.data())
def test_enabled_impact_of_all_buyers_at_once_equals_the_walk_of_each(chain, max_tiers, data):
    from assay.domain.scoring.impact import enabled_impact_all

    actors, rels = chain
    graph = build_graph(rels, *PERIOD)
    progress = {a: Fraction(data.draw(st.integers(-20, 60))) for a in actors if data.draw(st.booleans())}
    at_once = enabled_impact_all(graph, progress, max_tiers)
    one_by_one = {b: enabled_impact(b, graph, progress, max_tiers).value for b in graph}
    assert at_once == {b: v for b, v in one_by_one.items() if v}


def test_cycles_are_found():
    from assay.domain.scoring.impact import cyclic_nodes

    graph = {"a": [("b", Fraction(1))], "b": [("c", Fraction(1))], "c": [("a", Fraction(1)), ("d", Fraction(1))]}
    assert cyclic_nodes(graph) == {"a", "b", "c"}
    assert cyclic_nodes({"a": [("b", Fraction(1))]}) == set()
