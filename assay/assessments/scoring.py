"""The app's side of scoring: rules from a stored version, answers from the database, scores stored back.

The engine itself is assay.domain.scoring; this module only feeds it and stores what it says.
"""

import json
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from assay.domain.scoring import ENGINE_VERSION, Rules, progress_between, score_assessment, select_baseline
from assay.domain.scoring.engine import Answer, AssessmentScore, ScoreSummary
from assay.domain.scoring.impact import Graph, build_graph
from assay.domain.scoring.impact import Relationship as Link
from assay.domain.scoring.report import progress_json
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
    exact = None if score.overall_den is None else Fraction(score.overall_num or 0, score.overall_den)
    return ScoreSummary(score.outcome, score.level, exact)


def in_cahra(assessment: Assessment) -> bool:
    return bool(assessment.site and assessment.site.in_cahra(assessment.date))


def baseline_for(assessment: Assessment, rules: Rules) -> Assessment | None:
    # A0 is an assessment that may count for progress (assurance): a self-declared one is no baseline.
    # latest first and, of two on one day, the higher id: the first maximum is the one kept (as the batch picks)
    earlier = (Assessment.objects.filter(allowed(PROGRESS), actor=assessment.actor_id, date__lt=assessment.date)
               .exclude(pk=assessment.pk)
               .select_related("score").order_by("-date", "-pk"))
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
        "overall_num": None if result.overall is None else result.overall.numerator,
        "overall_den": None if result.overall is None else result.overall.denominator,
        "progress": None if progress is None else float(progress.value),
        "baseline": baseline, "progress_detail": progress_json(progress, baseline.pk if baseline else None) or {},
        "in_cahra": cahra, "engine": ENGINE_VERSION,
        # the batch's compact forms are the batch's to write: the next recompute sums this one from its answers
        "tally": None, "tally_key": "", "digest": None,
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
    return build_graph(supply_links(start, end, relationships), start, end, mineral)


def supply_links(start: date, end: date, relationships: QuerySet[Relationship] | None = None) -> list[Link]:
    """The engine's links of the relationships (all of them by default) active at some time in the period."""
    # Only those active in the period (build_graph would drop the others); shares and
    # mineral lists repeat, so each distinct one is converted once (at 300,000 relationships this read took
    # longer than the credit flow itself).
    # The mineral lists are read as text: decoding each JSON value was half of the read.
    rows = (Relationship.objects.all() if relationships is None else relationships).filter(
        Q(end__isnull=True) | Q(end__gte=start), start__lte=end).annotate(
        minerals_text=Cast("minerals", TextField())).values_list(
        "buyer_id", "supplier_id", "start", "end", "share", "kind", "minerals_text")
    shares: dict[Any, Fraction | None] = {None: None}
    minerals: dict[str | None, frozenset[str]] = {}
    links = []
    for b, s, st, en, sh, k, m in rows.iterator(chunk_size=5000):
        share = shares.get(sh)
        if share is None and sh is not None:
            share = shares[sh] = Fraction(str(sh))
        carried = minerals.get(m)
        if carried is None:
            carried = minerals[m] = frozenset(json.loads(m) or ()) if m else frozenset()
        links.append(Link(str(b), str(s), st, en, share, k, carried))
    return links
