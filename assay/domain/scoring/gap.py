"""The gap to the next level: a smallest set of improvements that would reach it.

Each improvement raises one criterion's maturity by steps. Requirements of the next level (and of every lower
level, since levels are cumulative) are worked off one at a time: a mitigation minimum raises each mitigation
criterion below it; a module or overall minimum is met with the fewest single steps by always raising the
criterion worth the most points (a step is worth points / 3, so the largest first is optimal for one
threshold); where several thresholds bind at once the result is greedy, not proven minimal.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .engine import Answer, score_assessment
from .rules import MITIGATION, Rules


@dataclass(frozen=True)
class Improvement:
    code: str
    current: int
    target: int


@dataclass(frozen=True)
class Gap:
    target_level: int | None
    improvements: list[Improvement]
    blockers: list[str]  # what maturity steps cannot fix: breached or unknown gates, unanswered criteria

    @property
    def reachable(self) -> bool:
        return self.target_level is not None and not self.blockers


def gap_to_next_level(rules: Rules, answers: Mapping[str, Answer], role: str, max_steps: int = 500, *,
                      minerals: Collection[str] | None = None) -> Gap:
    """The gap of an assessment of an actor with `role` covering `minerals` (None: every criterion counts)."""
    scope = None if minerals is None else frozenset(minerals)
    result = score_assessment(rules, answers, role, scope)
    if result.outcome != "level":
        t = result.tally
        blockers = [*t.red_line_breaches, *t.legitimacy_breaches, *t.gates_unknown, *t.unanswered]
        return Gap(1 if rules.level(1) else None, [], blockers)
    target = result.next_level
    if target is None:
        return Gap(None, [], [])
    work: dict[str, Answer] = dict(answers)
    scored = [c for c in rules.criteria if c.scored and c.applies(role, scope) and isinstance(work.get(c.code), int)]
    start = {c.code: m for c in scored if isinstance(m := answers.get(c.code), int)}
    maturity = dict(start)  # the scored criteria's maturities as the steps raise them; `work` keeps them too

    def raise_to(code: str, value: int) -> None:
        maturity[code] = work[code] = value

    for _ in range(max_steps):
        current = score_assessment(rules, work, role, scope)
        if (current.level or 0) >= target:
            break
        unmet = current.blocked_by
        if not unmet:
            break
        req = unmet[0]
        if req.name == "mitigation_min":
            needed = int(req.needed)  # a level's mitigation minimum is a whole maturity
            for c in scored:
                if c.kind == MITIGATION and maturity[c.code] < needed:
                    raise_to(c.code, needed)
            continue
        pool = [c for c in scored if maturity[c.code] < 3 and c.points > 0
                and (req.module is None or c.module == req.module)]
        if not pool:
            return Gap(target, [], [f"{req.name} {req.module or ''}".strip()])
        best = max(pool, key=lambda c: (c.points, -rules.criteria.index(c)))
        raise_to(best.code, maturity[best.code] + 1)
    improvements = [Improvement(c.code, start[c.code], maturity[c.code]) for c in scored
                    if maturity[c.code] != start[c.code]]
    return Gap(target, improvements, [])
