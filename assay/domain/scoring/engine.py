"""Outcome, points, level and residual risk of one assessment (DESIGN §4 rules 1–4).

Scoring goes in two steps so that the batch recompute can do the first in SQL:
1. tally: answers → per-module integer sums and the lists of gates and criteria that decide the outcome;
2. judge: tally → outcome, module and overall scores, level, residual risk, and why.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real
from typing import Any, cast

from .rules import GATE, INDICATOR, MITIGATION, CriterionRule, LevelRule, Rules

ENGINE_VERSION = "assay-scoring 1.1"  # 1.1: commodities, assurance, the mineral-aware total
GATE_VALUES = ("clear", "breach", "unknown")
NA = "na"
HUNDRED = Fraction(100)

Answer = str | int | float | None


def answer_problem(rule: CriterionRule, value: Answer) -> str | None:
    """Why an answer is not allowed for a criterion (a short code), or None when it is fine."""
    if value is None:
        return None
    if value == NA:
        return None if rule.na_allowed else "na_not_allowed"
    if rule.kind == GATE:
        return None if value in GATE_VALUES else "bad_gate_value"
    if rule.kind == INDICATOR:
        ok = isinstance(value, Real) and not isinstance(value, bool) and value == value  # not NaN
        return None if ok else "bad_number"
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3
    return None if ok else "bad_maturity"


@dataclass(frozen=True)
class ModuleTally:
    earned3: int = 0  # Σ points × maturity: the module earns earned3 / 3 points
    possible: int = 0  # Σ points of applicable scored criteria that are not n/a (unanswered ones included)


@dataclass(frozen=True)
class Tally:
    modules: Mapping[str, ModuleTally]
    red_line_breaches: tuple[str, ...] = ()
    legitimacy_breaches: tuple[str, ...] = ()
    gates_unknown: tuple[str, ...] = ()  # answered unknown, or not answered
    unanswered: tuple[str, ...] = ()  # applicable scored criteria without an answer
    mitigation_min: int | None = None  # lowest maturity among answered applicable mitigation criteria
    risk_left3: int = 0  # Σ points × (3 − maturity) over risk criteria answered
    risk_possible: int = 0
    indicators: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class CriterionScore:
    code: str
    module: str
    kind: str
    applicable: bool
    answer: Answer
    earned: Fraction | None  # None: not scored (gate, indicator, n/a, not applicable)
    possible: int | None


@dataclass(frozen=True)
class Requirement:
    """One unmet level requirement: what it asks, of what, and what the assessment has."""

    name: str
    needed: Fraction | int | bool | str  # str: the "outcome" requirement, which needs "level"
    actual: Fraction | int | bool | str | None
    module: str | None = None


@dataclass
class AssessmentScore:
    outcome: str  # disengage, ineligible, incomplete, level
    level: int | None  # 0 = Candidate; None unless the outcome is a level
    reasons: list[str]
    modules: dict[str, Fraction | None]
    overall: Fraction | None
    residual_risk: Fraction | None
    next_level: int | None
    blocked_by: list[Requirement]
    tally: Tally
    criteria: list[CriterionScore] = field(default_factory=list)
    engine: str = ENGINE_VERSION

    @property
    def level_for_progress(self) -> int:
        """Non-level outcomes count as level 0 in progress (rule 5)."""
        return self.level or 0


@dataclass(frozen=True)
class ScoreSummary:
    """What progress needs of a stored score (a full AssessmentScore offers the same)."""

    outcome: str
    level: int | None
    overall: Fraction | None

    @property
    def level_for_progress(self) -> int:
        return self.level or 0


def tally_answers(rules: Rules, answers: Mapping[str, Answer], role: str,
                  minerals: Collection[str] | None = None) -> tuple[Tally, list[CriterionScore]]:
    """Sum one assessment's answers; unknown criterion codes and answers to inapplicable criteria are ignored.

    A criterion applies when it applies to `role` and, if `minerals` (the assessment's minerals in scope) is given,
    is commodity-independent or names one of them; None counts every criterion whatever its commodities.
    """
    scope = None if minerals is None else frozenset(minerals)
    earned3 = dict.fromkeys(rules.modules, 0)
    possible = dict.fromkeys(rules.modules, 0)
    red: list[str] = []
    legit: list[str] = []
    unknown: list[str] = []
    unanswered: list[str] = []
    criteria: list[CriterionScore] = []
    mitigation_min: int | None = None
    risk_left3 = risk_possible = 0
    indicators: dict[str, float] = {}
    for rule in rules.criteria:
        value = answers.get(rule.code)
        applicable = rule.applies(role, scope)
        earned: Fraction | None = None
        points: int | None = None
        if applicable and value != NA:
            if rule.kind == GATE:
                if value == "breach":
                    (red if rule.red_line else legit).append(rule.code)
                elif value != "clear":
                    unknown.append(rule.code)
            elif rule.kind == INDICATOR:
                if value is not None:
                    # a valid answer here is a number (answer_problem); cast converts nothing
                    indicators[rule.code] = cast(float, value)
            else:
                points = rule.points
                possible[rule.module] += rule.points
                if value is None:
                    unanswered.append(rule.code)
                else:
                    maturity = cast(int, value)  # valid: a maturity 0–3 (answer_problem); cast converts nothing
                    earned = Fraction(rule.points * maturity, 3)
                    earned3[rule.module] += rule.points * maturity
                    if rule.kind == MITIGATION:
                        mitigation_min = maturity if mitigation_min is None else min(mitigation_min, maturity)
                    if rule.counts_for_risk:
                        risk_left3 += rule.points * (3 - maturity)
                        risk_possible += rule.points
        criteria.append(CriterionScore(rule.code, rule.module, rule.kind, applicable, value, earned, points))
    tally = Tally(
        modules={m: ModuleTally(earned3[m], possible[m]) for m in rules.modules},
        red_line_breaches=tuple(red), legitimacy_breaches=tuple(legit), gates_unknown=tuple(unknown),
        unanswered=tuple(unanswered), mitigation_min=mitigation_min, risk_left3=risk_left3,
        risk_possible=risk_possible, indicators=indicators,
    )
    return tally, criteria


def _unmet(level: LevelRule, tally: Tally, modules: dict[str, Fraction | None], overall: Fraction | None
           ) -> list[Requirement]:
    unmet: list[Requirement] = []
    gates_clear = not (tally.red_line_breaches or tally.legitimacy_breaches or tally.gates_unknown)
    if level.all_gates_clear and not gates_clear:
        unmet.append(Requirement("all_gates_clear", True, False))
    if level.mitigation_min is not None and tally.mitigation_min is not None \
            and tally.mitigation_min < level.mitigation_min:
        unmet.append(Requirement("mitigation_min", level.mitigation_min, tally.mitigation_min))
    if level.overall_min is not None and (overall is None or overall < level.overall_min):
        unmet.append(Requirement("overall_min", level.overall_min, overall))
    if level.every_module_min is not None:
        for code, score in modules.items():
            if score is not None and score < level.every_module_min:
                unmet.append(Requirement("every_module_min", level.every_module_min, score, code))
    for code, needed in level.module_min:
        score = modules.get(code)
        if score is None or score < needed:
            unmet.append(Requirement("module_min", needed, score, code))
    return unmet


def judge(rules: Rules, tally: Tally) -> AssessmentScore:
    """Outcome, scores and level from a tally (rules 1–4)."""
    modules = {
        code: (HUNDRED * t.earned3 / (3 * t.possible) if t.possible else None) for code, t in tally.modules.items()
    }
    possible = sum(t.possible for t in tally.modules.values())
    overall = HUNDRED * sum(t.earned3 for t in tally.modules.values()) / (3 * possible) if possible else None
    residual = HUNDRED * tally.risk_left3 / (3 * tally.risk_possible) if tally.risk_possible else None

    reasons: list[str] = []
    level: int | None = None
    if tally.red_line_breaches:
        outcome = "disengage"
        reasons.append("Tier I red line breached: " + ", ".join(tally.red_line_breaches))
    elif tally.legitimacy_breaches:
        outcome = "ineligible"
        reasons.append("legitimacy gate breached: " + ", ".join(tally.legitimacy_breaches))
    elif tally.gates_unknown or tally.unanswered:
        outcome = "incomplete"
        if tally.gates_unknown:
            reasons.append("gate not known to be clear: " + ", ".join(tally.gates_unknown))
        if tally.unanswered:
            reasons.append("scored criterion not answered: " + ", ".join(tally.unanswered))
    else:
        outcome = "level"
        level = 0
        for lv in rules.levels:  # cumulative: stop at the first level not met
            if _unmet(lv, tally, modules, overall):
                break
            level = lv.rank
        reasons.append(f"level {level} held" + ("" if level else " (Candidate: gates clear, below the first level)"))

    next_rank = (level or 0) + 1
    next_rule = rules.level(next_rank)
    blocked = _unmet(next_rule, tally, modules, overall) if next_rule else []
    if outcome != "level" and next_rule is not None and not any(r.name == "all_gates_clear" for r in blocked):
        blocked.insert(0, Requirement("outcome", "level", outcome))
    return AssessmentScore(
        outcome=outcome, level=level, reasons=reasons, modules=modules, overall=overall, residual_risk=residual,
        next_level=next_rule.rank if next_rule else None, blocked_by=blocked, tally=tally,
    )


def score_assessment(rules: Rules, answers: Mapping[str, Answer], role: str,
                     minerals: Collection[str] | None = None) -> AssessmentScore:
    """Score one assessment of an actor with `role` covering `minerals` (None: no filter), with a breakdown."""
    tally, criteria = tally_answers(rules, answers, role, minerals)
    result = judge(rules, tally)
    result.criteria = criteria
    return result


def as_number(value: Any) -> Any:
    """A Fraction as a float for JSON (exact values stay inside the engine)."""
    return float(value) if isinstance(value, Fraction) else value
