"""The app's side of scoring: rules from a stored version, answers from the database, scores stored back.

The engine itself is assay.domain.scoring; this module only feeds it and stores what it says.
"""

from datetime import date
from fractions import Fraction
from functools import lru_cache

from django.db.models import QuerySet

from assay.domain.scoring import ENGINE_VERSION, Rules, progress_between, score_assessment, select_baseline
from assay.domain.scoring.engine import Answer, AssessmentScore, ScoreSummary
from assay.domain.scoring.impact import Graph, build_graph
from assay.domain.scoring.impact import Relationship as Link
from assay.domain.scoring.report import progress_json, score_json
from assay.registry.models import Relationship
from assay.standards import yaml_io
from assay.standards.models import StandardVersion

from .assurance import PROGRESS, allowed
from .models import Assessment, AssessmentStatus, Score


@lru_cache(maxsize=32)
def _rules(version_id: int) -> Rules:
    # Only published versions are assessed, and they never change, so their rules can be cached by id.
    version = StandardVersion.objects.select_related("standard").get(pk=version_id)
    return Rules.from_document(yaml_io.version_to_data(version))


def rules_for(version: StandardVersion) -> Rules:
    if not version.is_frozen:
        _rules.cache_clear()
    return _rules(version.pk)


def answers_of(assessment: Assessment) -> dict[str, Answer]:
    return {a.criterion.code: a.engine_value() for a in assessment.answers.select_related("criterion")}


def scope(assessment: Assessment) -> frozenset[str] | None:
    """The minerals an assessment covers (Assessment.minerals, some or all of its actor's; None when it names none:
    then every criterion counts, whatever its commodities). Criteria for other minerals do not apply (DESIGN §4)."""
    return frozenset(assessment.minerals) or None


def as_answered(assessment: Assessment) -> dict[str, Answer]:
    """The answers as the assessed actor gave them, before the verifier changed any finding (Answer.declared)."""
    out: dict[str, Answer] = {}
    for a in assessment.answers.select_related("criterion"):
        raw = a.declared if a.verifier_reason else None
        if raw is None:
            out[a.criterion.code] = a.engine_value()
        elif raw in ("", "na", "clear", "breach", "unknown"):
            out[a.criterion.code] = raw or None
        else:
            out[a.criterion.code] = float(raw) if a.criterion.kind == "indicator" else int(raw)
    return out


def score_as_answered(assessment: Assessment) -> AssessmentScore:
    """The score the assessment would have on the actor's own answers: beside the score on the verified
    findings, it shows how much the verifier's changes moved it."""
    return score_assessment(rules_for(assessment.version), as_answered(assessment), assessment.actor.role,
                            scope(assessment))


def score_of(assessment: Assessment) -> AssessmentScore:
    """The full score of one assessment with its per-criterion breakdown (not stored)."""
    return score_assessment(rules_for(assessment.version), answers_of(assessment), assessment.actor.role,
                            scope(assessment))


def summary_of(score: Score) -> ScoreSummary:
    exact = score.explanation.get("overall_exact")
    return ScoreSummary(score.outcome, score.level, Fraction(exact) if exact else None)


def in_cahra(assessment: Assessment) -> bool:
    return bool(assessment.site and assessment.site.in_cahra(assessment.date))


def baseline_for(assessment: Assessment, rules: Rules) -> Assessment | None:
    # A0 is an assessment that may count for progress (assurance): a self-declared one is no baseline.
    earlier = (Assessment.objects.filter(allowed(PROGRESS), actor=assessment.actor_id, date__lt=assessment.date)
               .exclude(pk=assessment.pk)
               .select_related("score"))
    return select_baseline([a for a in earlier if hasattr(a, "score")], assessment.date, rules,
                           date_of=lambda a: a.date, verified=lambda a: True)


def store_score(assessment: Assessment) -> Score:
    """Score an assessment, work out its progress, and store both."""
    rules = rules_for(assessment.version)
    result = score_of(assessment)
    baseline = baseline_for(assessment, rules)
    cahra = in_cahra(assessment)
    progress = progress_between(rules, result, summary_of(baseline.score), cahra) if baseline else None
    score, _ = Score.objects.update_or_create(assessment=assessment, defaults={
        "outcome": result.outcome, "level": result.level,
        "overall": None if result.overall is None else float(result.overall),
        "residual_risk": None if result.residual_risk is None else float(result.residual_risk),
        "modules": {k: (None if v is None else float(v)) for k, v in result.modules.items()},
        "explanation": score_json(result), "progress": None if progress is None else float(progress.value),
        "baseline": baseline, "progress_detail": progress_json(progress, baseline.pk if baseline else None) or {},
        "in_cahra": cahra, "engine": ENGINE_VERSION,
    })
    return score


def rescore_actor(actor_id: int, since: date | None = None) -> int:
    """Re-store the scores of an actor's submitted and verified assessments (a verification changes baselines)."""
    assessments = Assessment.objects.filter(actor_id=actor_id, status__in=(
        AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED)).order_by("date").select_related(
        "version", "actor", "site")
    if since:
        assessments = assessments.filter(date__gte=since)
    count = 0
    for assessment in assessments:
        store_score(assessment)
        count += 1
    return count


def supply_graph(start: date, end: date, relationships: QuerySet[Relationship] | None = None,
                 mineral: str | None = None) -> Graph:
    """The engine's buyer → supplier graph of the relationships (all of them by default) active in the period,
    in one query; with `mineral`, of the links that carry it; without, of every link with the minerals each carries
    (the total counts a path only for a mineral all its links carry: domain.scoring.impact)."""
    rows = (Relationship.objects.all() if relationships is None else relationships).values_list(
        "buyer_id", "supplier_id", "start", "end", "share", "kind", "minerals")
    links = [Link(str(b), str(s), st, en, None if sh is None else Fraction(str(sh)), k, frozenset(m or ()))
             for b, s, st, en, sh, k, m in rows.iterator(chunk_size=5000)]
    return build_graph(links, start, end, mineral)
