"""One simulated move explained: the assessment scored one at a time by the base's rules and by the simulated ones
(assay.domain.scoring.score_assessment), criterion by criterion side by side."""

from dataclasses import dataclass
from fractions import Fraction

from assay.assessments.scoring import answers_of, rules_for, scope
from assay.domain.scoring import score_assessment
from assay.domain.scoring.engine import Answer, AssessmentScore

from . import engine
from .models import SimulatedMove


@dataclass
class Line:
    code: str
    module: str
    kind: str
    title: str
    answer: Answer
    old_applicable: bool | None  # None: not in that version's rules
    new_applicable: bool | None
    old_earned: Fraction | None
    new_earned: Fraction | None
    old_possible: int | None
    new_possible: int | None

    @property
    def status(self) -> str:
        """"new" (would need an answer), "removed", "changed" or ""."""
        if self.old_applicable is None:
            return "new"
        if self.new_applicable is None:
            return "removed"
        if (self.old_earned, self.old_possible, self.old_applicable) != (
                self.new_earned, self.new_possible, self.new_applicable):
            return "changed"
        return ""


@dataclass
class Explained:
    old: AssessmentScore
    new: AssessmentScore
    rows: list[Line]


def explain(move: SimulatedMove) -> Explained:
    simulation = move.simulation
    assessment = move.assessment
    answers = answers_of(assessment)  # by code: the draft's criterion of the same code reads the same answer
    old_rules = rules_for(simulation.base)
    new_rules = engine.overridden(rules_for(simulation.version), simulation.overrides)
    role, minerals = assessment.actor.role, scope(assessment)
    old = score_assessment(old_rules, answers, role, minerals)
    new = score_assessment(new_rules, answers, role, minerals)
    old_by = {c.code: c for c in old.criteria}
    new_by = {c.code: c for c in new.criteria}
    codes = [c.code for c in new_rules.criteria] + [c.code for c in old_rules.criteria if c.code not in new_by]
    rows = []
    for code in codes:
        o, n = old_by.get(code), new_by.get(code)
        either = o or n
        rule = new_rules.by_code.get(code) or old_rules.by_code[code]
        if rule.kind == "indicator":
            continue  # indicators are not scored (and some are restricted data)
        rows.append(Line(code=code, module=rule.module, kind=rule.kind, title=rule.title,
                         answer=either.answer if either else None,
                         old_applicable=o.applicable if o else None, new_applicable=n.applicable if n else None,
                         old_earned=o.earned if o else None, new_earned=n.earned if n else None,
                         old_possible=o.possible if o else None, new_possible=n.possible if n else None))
    return Explained(old, new, rows)
