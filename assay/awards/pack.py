"""The jury pack of one candidate: its public data, and its network data when the candidate consented to share
it with the jury; never restricted data, whoever reads it.

Each datum is read through the one disclosure policy with a lens whose only standing is Standing.JURY (held where
the candidate consented, nothing otherwise): the pack is the same for every juror, and no standing of the reader
(a secretariat's, say) widens it. A juror who declared a conflict with the candidate gets no pack at all
(`may_open`): that is checked here, server-side, before anything is read.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from assay.assessments import scoring
from assay.assessments.models import Assessment, AssessmentStatus, CommitmentStatus
from assay.assessments.models import Score as AssessmentScore
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.domain.disclosure import Standing
from assay.standards.models import Criterion, Kind, Module

from .models import Nomination
from .selectors import conflicted, seat_of


def pack_standings(nomination: Nomination) -> frozenset[Standing]:
    """The standing the pack is read with: the jury's, where the candidate's admin consented."""
    return frozenset({Standing.JURY}) if nomination.consented else frozenset()


def may_open(user: Any, nomination: Nomination) -> bool:
    """A juror of the award with no declared conflict with this candidate, or the secretariat (which runs the
    jury); never a conflicted juror, and nobody else."""
    seat = seat_of(user, nomination.award)
    if seat is not None:
        return not conflicted(seat, nomination)
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("awards.manage_awards"))


@dataclass
class Pack:
    nomination: Nomination
    consented: bool
    assessment: Assessment | None
    level: int | None
    overall: float | None
    progress: float | None
    public_indicators: list[tuple[Criterion, float]] = field(default_factory=list)
    module_scores: list[tuple[str, str, float | None]] | None = None
    findings: list[tuple[Criterion, str, str]] | None = None
    commitment_counts: dict[str, int] | None = None
    withheld: list[str] = field(default_factory=list)


def _assessment(nomination: Nomination) -> Assessment | None:
    """The assessment the candidate was shortlisted on (producers), or its latest verified one (downstream)."""
    a1 = (nomination.entry.evidence or {}).get("a1") or {}
    if a1.get("id"):
        return Assessment.objects.filter(pk=a1["id"]).select_related("version", "actor").first()
    return (Assessment.objects.filter(actor_id=nomination.actor_id, status=AssessmentStatus.VERIFIED)
            .select_related("version", "actor").order_by("-date", "-pk").first())


def build(nomination: Nomination, request: HttpRequest | None = None) -> Pack:
    """The pack's content (callers check `may_open` first)."""
    lens = Lens(request.user if request is not None else None, nomination.actor_id, request,
                held=pack_standings(nomination))
    assessment = _assessment(nomination)
    score = AssessmentScore.objects.filter(assessment=assessment).first() if assessment else None
    at_level = score is not None and score.outcome == "level"
    pack = Pack(nomination=nomination, consented=nomination.consented, assessment=assessment,
                level=score.level if at_level and score is not None else None,
                overall=round(score.overall, 2) if at_level and score is not None and score.overall is not None
                else None,
                progress=round(score.progress, 2) if score is not None and score.progress is not None else None)
    if assessment is None:
        return pack
    criteria = list(Criterion.objects.applicable_to(assessment.actor.role, scoring.scope(assessment))
                    .filter(version=assessment.version_id).select_related("module")
                    .order_by("module__position", "position"))
    answers = {a.criterion_id: a for a in assessment.answers.all()}
    hidden: set[str] = set()
    for c in criteria:
        answer = answers.get(c.pk)
        if c.kind == Kind.INDICATOR and answer is not None and answer.number is not None:
            if lens.can(DatumKind.INDICATORS, c.disclosure, log=False):
                pack.public_indicators.append((c, float(answer.number)))
            else:
                hidden.add(str(DatumKind.INDICATORS.label))
    if score is not None and lens.can(DatumKind.MODULE_SCORES, log=False):
        names = dict(Module.objects.filter(version=assessment.version_id).values_list("code", "title"))
        pack.module_scores = [(code, names.get(code, code), None if v is None else round(float(v), 2))
                              for code, v in score.modules.items()]
    elif score is not None:
        hidden.add(str(DatumKind.MODULE_SCORES.label))
    findings = []
    for c in criteria:
        if c.kind not in (Kind.MITIGATION, Kind.PRACTICE):
            continue
        if not lens.can(DatumKind.ANSWERS, c.disclosure, log=False):
            hidden.add(str(DatumKind.ANSWERS.label))
            continue
        answer = answers.get(c.pk)
        value = ("" if answer is None else "n/a" if answer.not_applicable
                 else "" if answer.maturity is None else str(answer.maturity))
        findings.append((c, value, answer.notes if answer else ""))
    pack.findings = findings if findings or str(DatumKind.ANSWERS.label) not in hidden else None
    if lens.can(DatumKind.COMMITMENTS, log=False):
        counts: dict[str, int] = {}
        for status in assessment.commitments.exclude(status=CommitmentStatus.SUPERSEDED).values_list("status",
                                                                                                 flat=True):
            counts[status] = counts.get(status, 0) + 1
        pack.commitment_counts = counts
    else:
        hidden.add(str(DatumKind.COMMITMENTS.label))
    # Gate findings, evidence files and personal data are restricted: the jury's standing never reaches them.
    hidden |= {str(DatumKind.GATE_FINDINGS.label), str(DatumKind.EVIDENCE.label)}
    pack.withheld = sorted(hidden)
    return pack
