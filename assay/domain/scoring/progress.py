"""Progress between two assessments of one actor (DESIGN §4 rule 5)."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TypeVar

from .engine import AssessmentScore, ScoreSummary
from .rules import Rules

NO_PROGRESS_OUTCOMES = ("disengage", "ineligible")
T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    value: Fraction  # what counts: (overall change + level part) × multiplier when it applies
    overall_change: Fraction
    level_change: int
    level_part: Fraction
    multiplier: Fraction  # 1 unless A1's site was in a CAHRA and the progress is positive

    @property
    def base(self) -> Fraction:
        return self.overall_change + self.level_part


def progress_between(rules: Rules, latest: AssessmentScore | ScoreSummary, baseline: AssessmentScore | ScoreSummary,
                     in_cahra: bool = False
                     ) -> Progress | None:
    """Progress from `baseline` (A0) to `latest` (A1); None where rule 5 says there is none."""
    if latest.outcome == "incomplete" or baseline.outcome == "incomplete":
        return None
    if latest.outcome in NO_PROGRESS_OUTCOMES:
        return None
    if latest.overall is None or baseline.overall is None:
        return None
    overall_change = latest.overall - baseline.overall
    level_change = latest.level_for_progress - baseline.level_for_progress
    level_part = rules.level_bonus * level_change
    base = overall_change + level_part
    multiplier = rules.cahra_multiplier if in_cahra and base > 0 else Fraction(1)
    return Progress(base * multiplier, overall_change, level_change, level_part, multiplier)


def select_baseline(candidates: Iterable[T], latest_date: date, rules: Rules, *, date_of: Callable[[T], date],
                    verified: Callable[[T], bool]) -> T | None:
    """A0: the latest verified assessment dated at least `min_interval_days` before A1."""
    cutoff = latest_date - timedelta(days=rules.min_interval_days)
    eligible: Sequence[T] = [c for c in candidates if verified(c) and date_of(c) <= cutoff]
    return max(eligible, key=date_of, default=None)
