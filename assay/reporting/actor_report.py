"""The actor's report on one assessment: a summary (its public data) and a full report (its network data), each
datum read through the one disclosure policy as the assessment's own pages read it; the fingerprint of the
summary's public content, which the verification page checks; and who may open which part.

A buyer the actor's admin shared the full report with (ReportShare) holds Standing.SHARED here and nowhere else:
it opens this assessment's network data (never restricted data), and no other page, export or endpoint counts it.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from assay.assessments import scoring
from assay.assessments.assurance import PUBLIC_LEVEL, allowed
from assay.assessments.models import Answer, Assessment, AssessmentStatus, Commitment, CommitmentStatus, Score
from assay.assessments.permissions import assessment_standings, member_role
from assay.assessments.selectors import commitment_state, verifier_name
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.domain.disclosure import Disclosure, Standing, decide
from assay.lib.fingerprint import fingerprint
from assay.registry.models import MemberRole
from assay.standards.models import Criterion, Kind, Level, Module

from .models import ReportShare

SUMMARY, FULL = PARTS = ("summary", "full")
REPORTABLE = (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED)


def _round(value: float | None) -> float | None:
    # Scores are stored as floats from exact fractions; two decimals are more than any page shows and the same
    # on every machine, so the fingerprint never depends on the last bits of a float.
    return None if value is None else round(float(value), 2)


def shared_with(user: Any, assessment: Assessment) -> bool:
    """Is `user` a member of a buyer the actor shared this assessment's full report with (not revoked)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return ReportShare.objects.filter(assessment=assessment, revoked_at__isnull=True,
                                      buyer__memberships__user=user).exists()


def report_standings(user: Any, assessment: Assessment) -> frozenset[Standing]:
    """How `user` stands to this assessment's report: as to the assessment's data (its assessor counts), plus
    SHARED where the actor shared the report with one of the user's organisations."""
    held = assessment_standings(user, assessment)
    return held | {Standing.SHARED} if shared_with(user, assessment) else held


def may_open(user: Any, assessment: Assessment, part: str, held: frozenset[Standing]) -> bool:
    """Never a draft (nor a returned assessment). The summary of a verified assessment is for anyone, as its
    public data is; a submitted one's, like the full report, for those who may see its network data."""
    if assessment.status not in REPORTABLE or part not in PARTS:
        return False
    if getattr(user, "is_superuser", False):
        return True
    network = bool(decide(held, Disclosure.NETWORK))
    if part == FULL:
        return network
    return assessment.status == AssessmentStatus.VERIFIED or network


def public_content(assessment: Assessment, score: Score | None) -> dict[str, Any]:
    """What the summary says to anyone, in codes rather than words (the same in every language): the content the
    fingerprint is taken of and the verification page shows. An outcome other than a level is "not at a level"
    (why would name a gate finding, restricted), and its overall score is left out, as the pages do."""
    at_level = score is not None and score.outcome == "level"
    return {
        "assessment": assessment.pk, "actor": assessment.actor.slug, "actor_name": assessment.actor.name,
        "date": assessment.date.isoformat(), "kind": assessment.kind, "status": assessment.status,
        "standard": assessment.version.standard.slug, "version": assessment.version.label,
        "outcome": "level" if at_level else "not_at_a_level",
        "level": score.level if at_level and score is not None else None,
        "overall": _round(score.overall) if at_level and score is not None else None,
        "progress": _round(score.progress) if score is not None else None,
        "engine": score.engine if score is not None else "",
    }


def report_fingerprint(assessment: Assessment) -> str:
    """The fingerprint of the assessment's summary as it stands (its public content)."""
    return fingerprint(public_content(assessment, Score.objects.filter(assessment=assessment).first()))


def verify_path(assessment: Assessment, fp: str | None = None) -> str:
    return reverse("reporting:report_verify", args=[assessment.pk, fp or report_fingerprint(assessment)])


@dataclass(frozen=True)
class Finding:
    criterion: Criterion
    value: str  # "0"–"3", "n/a", or "" when unanswered
    notes: str


@dataclass(frozen=True)
class Indicator:
    criterion: Criterion
    value: float


@dataclass
class ActorReport:
    """One viewer's reading of one assessment's report; a list or figure that is None is withheld from them."""

    assessment: Assessment
    part: str
    content: dict[str, Any]
    fingerprint: str
    outcome: str  # in the viewer's language: a level's name, or why not at a level where they may know
    overall: float | None
    progress: float | None
    cahra_multiplier: float | None
    assured: bool  # the assessment's kind may set the public level; otherwise "self-declared"
    verified_by: str | None
    verified_on: date | None
    engine: str
    module_scores: list[tuple[Module, float | None]] | None
    commitment_counts: dict[str, int] | None
    findings: list[Finding] | None = None
    commitments: list[Commitment] | None = None
    indicators: list[Indicator] | None = None
    withheld: list[str] = field(default_factory=list)  # the kinds of data left out for this viewer
    shares: list[ReportShare] = field(default_factory=list)  # for the actor's own members
    may_share: bool = False  # an admin of the actor
    may_open_full: bool = False

    @property
    def at_level(self) -> bool:
        return self.content["outcome"] == "level"


OUTCOMES = {
    "disengage": lambda: _("Disengage: a red line is breached"),
    "ineligible": lambda: _("Ineligible: a legitimacy condition is not met"),
    "incomplete": lambda: _("Incomplete"),
}


def _outcome(assessment: Assessment, score: Score | None, lens: Lens) -> tuple[str, bool]:
    """The outcome in words, and whether the overall score goes with it (as the overview shows them)."""
    if score is None:
        return _("not scored yet"), False
    if score.outcome == "level":
        if not score.level:
            return _("Candidate"), True
        name = Level.objects.filter(version=assessment.version_id, rank=score.level).first()
        label = _("Level %(n)s") % {"n": score.level}
        return (f"{label} — {name.name}" if name else label), True
    if lens.can(DatumKind.GATE_FINDINGS):  # a restricted datum: granted reads are logged
        return str(OUTCOMES.get(score.outcome, lambda: score.outcome)()), True
    return _("not at a level"), False


def _counts(commitments: QuerySet[Commitment], today: date) -> dict[str, int]:
    counts = {"verified": 0, "done": 0, "open": 0, "lapsed": 0}
    for status, due in commitments.values_list("status", "due"):
        key = "lapsed" if status == CommitmentStatus.OPEN and due < today else status
        counts[key] = counts.get(key, 0) + 1
    return counts


def build(user: Any, assessment: Assessment, part: str, request: HttpRequest | None = None,
          today: date | None = None) -> ActorReport:
    """The report's content for this viewer (who may open it: `may_open`). Data of a kind or class the viewer may
    not see is left out and named in `withheld`; granted reads of restricted data are logged."""
    today = today or date.today()
    held = report_standings(user, assessment)
    lens = Lens(user, assessment.actor_id, request, full=getattr(user, "is_superuser", False), held=held)
    score = Score.objects.filter(assessment=assessment).first()
    content = public_content(assessment, score)
    outcome, with_overall = _outcome(assessment, score, lens)
    withheld: list[str] = []
    modules = None
    if score is not None and lens.can(DatumKind.MODULE_SCORES):
        by_code = {m.code: m for m in assessment.version.modules.all()}
        modules = [(by_code[c], _round(v)) for c, v in score.modules.items() if c in by_code]
    elif score is not None:
        withheld.append(str(DatumKind.MODULE_SCORES.label))
    live = assessment.commitments.exclude(status=CommitmentStatus.SUPERSEDED)
    sees_commitments = bool(lens.can(DatumKind.COMMITMENTS))
    if not sees_commitments:
        withheld.append(str(DatumKind.COMMITMENTS.label))
    verified = assessment.status == AssessmentStatus.VERIFIED
    report = ActorReport(
        assessment=assessment, part=part, content=content, fingerprint=fingerprint(content), outcome=outcome,
        overall=_round(score.overall) if score is not None and with_overall else None,
        progress=content["progress"],
        cahra_multiplier=(score.progress_detail or {}).get("cahra_multiplier") if score is not None else None,
        assured=Assessment.objects.filter(allowed(PUBLIC_LEVEL), pk=assessment.pk).exists(),
        verified_by=verifier_name(assessment.reviewed_by) if verified else None,
        verified_on=assessment.reviewed_at.date() if verified and assessment.reviewed_at else None,
        engine=content["engine"], module_scores=modules,
        commitment_counts=_counts(live, today) if sees_commitments else None,
        withheld=withheld, may_open_full=may_open(user, assessment, FULL, held),
    )
    if part == FULL:
        _full(report, lens, live if sees_commitments else None)
    if Standing.MEMBER in held or getattr(user, "is_superuser", False):
        report.shares = list(ReportShare.objects.filter(assessment=assessment)
                             .select_related("buyer", "shared_by", "revoked_by"))
        report.may_share = member_role(user, assessment.actor_id) == MemberRole.ADMIN
    return report


def _full(report: ActorReport, lens: Lens, commitments: QuerySet[Commitment] | None) -> None:
    """The full report's findings, commitments and indicators, each where the viewer may see it."""
    assessment = report.assessment
    criteria = (Criterion.objects.applicable_to(assessment.actor.role, scoring.scope(assessment))
                .filter(version=assessment.version_id).select_related("module")
                .order_by("module__position", "position"))
    answers: dict[int, Answer] = {a.criterion_id: a for a in assessment.answers.all()}
    findings, indicators, hidden = [], [], set()
    for c in criteria:
        answer = answers.get(c.pk)
        if c.kind in (Kind.MITIGATION, Kind.PRACTICE):
            if not lens.can(DatumKind.ANSWERS, c.disclosure):
                hidden.add(str(DatumKind.ANSWERS.label))
                continue
            value = ("" if answer is None else "n/a" if answer.not_applicable
                     else "" if answer.maturity is None else str(answer.maturity))
            findings.append(Finding(c, value, answer.notes if answer else ""))
        elif c.kind == Kind.INDICATOR and answer is not None and answer.number is not None:
            if not lens.can(DatumKind.INDICATORS, c.disclosure):
                hidden.add(str(DatumKind.INDICATORS.label))
                continue
            indicators.append(Indicator(c, float(answer.number)))
    report.findings, report.indicators = findings, indicators
    report.withheld += sorted(hidden)
    report.commitments = list(commitments.select_related("criterion").order_by("due", "pk")) \
        if commitments is not None else None


def as_json(report: ActorReport, today: date | None = None) -> dict[str, Any]:
    """The report as the API gives it: codes and numbers; null where a datum is withheld from the viewer."""
    today = today or date.today()
    out: dict[str, Any] = {
        **report.content, "part": report.part, "fingerprint": report.fingerprint, "outcome_text": report.outcome,
        "overall": report.overall, "assured": report.assured, "verified_by": report.verified_by,
        "verified_on": report.verified_on,
        "module_scores": None if report.module_scores is None
        else {m.code: v for m, v in report.module_scores},
        "commitments_count": report.commitment_counts, "withheld": report.withheld,
    }
    if report.part == FULL:
        out["findings"] = [{"criterion": f.criterion.code, "kind": f.criterion.kind, "value": f.value or None,
                            "notes": f.notes} for f in report.findings or []]
        out["indicators"] = [{"criterion": i.criterion.code, "value": i.value, "unit": i.criterion.unit}
                             for i in report.indicators or []]
        out["commitments"] = None if report.commitments is None else [
            {"criterion": c.criterion.code if c.criterion else None, "action": c.action, "owner": c.owner,
             "due": c.due, "status": commitment_state(c, today)} for c in report.commitments]
    return out
