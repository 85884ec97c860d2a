"""Hypothesis strategies for random standards, answers and supply chains."""

from datetime import date, timedelta
from fractions import Fraction

from hypothesis import strategies as st

from assay.domain.scoring.rules import CriterionRule, LevelRule, Rules

ROLE = "producer"
DEFAULT_LEVELS = (
    LevelRule(1, "entry", all_gates_clear=True, mitigation_min=1),
    LevelRule(2, "progressing", overall_min=Fraction(40), every_module_min=Fraction(25)),
    LevelRule(3, "advanced", mitigation_min=2, overall_min=Fraction(60), every_module_min=Fraction(40)),
    LevelRule(4, "leading", mitigation_min=3, overall_min=Fraction(80), every_module_min=Fraction(60)),
)


@st.composite
def rules(draw) -> Rules:
    n_modules = draw(st.integers(1, 4))
    modules = tuple(str(i + 1) for i in range(n_modules))
    criteria = []
    for m in modules:
        for i in range(draw(st.integers(1, 5))):
            kind = draw(st.sampled_from(["gate", "mitigation", "practice", "practice", "indicator"]))
            tier = {"gate": draw(st.sampled_from([1, None])), "mitigation": 2}.get(kind)
            points = draw(st.integers(0, 6)) if kind in ("mitigation", "practice") else 0
            criteria.append(CriterionRule(
                code=f"{m}.{i + 1}", module=m, kind=kind, tier=tier, points=points,
                na_allowed=draw(st.booleans()), applies_to=frozenset({ROLE}), risk=draw(st.booleans()),
                better="higher" if kind == "indicator" else "", unit="u" if kind == "indicator" else "",
            ))
    return Rules(criteria=tuple(criteria), modules=modules, levels=DEFAULT_LEVELS)


def answer_for(rule: CriterionRule, draw, complete: bool):
    options: list = []
    if rule.kind == "gate":
        options = ["clear", "clear", "clear", "breach", "unknown"]
    elif rule.kind == "indicator":
        return draw(st.integers(0, 1000))
    else:
        options = [0, 1, 2, 3]
    if rule.na_allowed:
        options.append("na")
    if not complete:
        options.append(None)
    return draw(st.sampled_from(options))


@st.composite
def rules_and_answers(draw, complete: bool = False):
    r = draw(rules())
    answers = {}
    for c in r.criteria:
        value = answer_for(c, draw, complete)
        if value is not None:
            answers[c.code] = value
    return r, answers


@st.composite
def clear_answers(draw, r: Rules):
    """A complete answer set with every gate clear (so the outcome is a level)."""
    answers = {}
    for c in r.criteria:
        if c.kind == "gate":
            answers[c.code] = "clear"
        elif c.kind == "indicator":
            answers[c.code] = draw(st.integers(0, 100))
        else:
            answers[c.code] = draw(st.sampled_from([0, 1, 2, 3] + (["na"] if c.na_allowed else [])))
    return answers


DAY0 = date(2024, 1, 1)


@st.composite
def supply_chains(draw, max_actors: int = 6):
    """Random buyer → supplier relationships among a few actors, cycles and parallel links allowed."""
    from assay.domain.scoring import Relationship

    n = draw(st.integers(2, max_actors))
    actors = [f"a{i}" for i in range(n)]
    rels = []
    for _ in range(draw(st.integers(0, n * 2))):
        buyer, supplier = draw(st.sampled_from(actors)), draw(st.sampled_from(actors))
        start = DAY0 + timedelta(days=draw(st.integers(-400, 400)))
        end = draw(st.one_of(st.none(), st.just(start + timedelta(days=draw(st.integers(0, 500))))))
        share = draw(st.one_of(st.none(), st.fractions(min_value=Fraction(1, 10), max_value=1, max_denominator=10)))
        rels.append(Relationship(buyer, supplier, start, end, share))
    return actors, rels


MINERALS = ("gold", "tin", "tantalum", "tungsten", "cobalt", "gemstones")
mineral_sets = st.frozensets(st.sampled_from(MINERALS), max_size=3)


@st.composite
def commodity_rules(draw) -> Rules:
    """Random rules whose criteria are commodity-independent or name one to three commodities."""
    from dataclasses import replace

    r = draw(rules())
    criteria = tuple(replace(c, commodities=draw(mineral_sets)) for c in r.criteria)
    return Rules(criteria=criteria, modules=r.modules, levels=r.levels, commodities=MINERALS)


@st.composite
def mineral_supply_chains(draw, max_actors: int = 6):
    """supply_chains() whose relationships each list no mineral (not known) or a few."""
    from dataclasses import replace

    actors, rels = draw(supply_chains(max_actors))
    return actors, [replace(r, minerals=draw(mineral_sets)) for r in rels]
