"""Scores as plain JSON-ready data, shared by the command-line scorer and the app's stored explanations."""

from typing import Any

from .engine import AssessmentScore, as_number
from .progress import Progress


def score_json(s: AssessmentScore) -> dict[str, Any]:
    return {
        "outcome": s.outcome, "level": s.level, "overall": as_number(s.overall),
        "overall_exact": None if s.overall is None else str(s.overall),
        "modules": {k: as_number(v) for k, v in s.modules.items()}, "residual_risk": as_number(s.residual_risk),
        "reasons": s.reasons, "next_level": s.next_level,
        "blocked_by": [{"requirement": r.name, "module": r.module, "needed": as_number(r.needed),
                        "actual": as_number(r.actual)} for r in s.blocked_by],
        "criteria": [{"code": c.code, "answer": c.answer, "earned": as_number(c.earned), "possible": c.possible}
                     for c in s.criteria if c.applicable],
        "indicators": dict(s.tally.indicators),
        "engine": s.engine,
    }


def progress_json(p: Progress | None, baseline: str | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"value": as_number(p.value), "baseline": baseline, "overall_change": as_number(p.overall_change),
            "level_change": p.level_change, "level_part": as_number(p.level_part),
            "cahra_multiplier": as_number(p.multiplier)}
