"""The scoring engine (DESIGN §4): a pure function of (version rules, answers, actor context).

No Django here: the app, the batch recompute and the command-line scorer (`python -m assay.domain.scoring`) all
call these functions. Arithmetic is exact (fractions), so a score that is mathematically 40 meets a threshold of
40 whatever order it was summed in; round only for display.
"""

from .engine import ENGINE_VERSION, judge, score_assessment, tally_answers
from .impact import Relationship, enabled_impact, path_weights
from .progress import Progress, progress_between, select_baseline
from .rules import CriterionRule, LevelRule, Rules

__all__ = [
    "ENGINE_VERSION", "CriterionRule", "LevelRule", "Progress", "Relationship", "Rules", "enabled_impact",
    "judge", "path_weights", "progress_between", "score_assessment", "select_baseline", "tally_answers",
]
