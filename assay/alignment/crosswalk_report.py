"""An actor's verified assessment read against another scheme's requirements, through a crosswalk.

Who may open it and what each viewer sees are decided as on the actor's report (assay.reporting.actor_report):
only a verified assessment; each criterion's answer only where the disclosure policy lets the viewer see that kind
of datum of that criterion's class, the assessor's standing counting for this assessment's data alone.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from assay.assessments import scoring
from assay.assessments.models import Answer, Assessment, AssessmentStatus
from assay.assessments.permissions import assessment_standings
from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.standards.models import Criterion, Kind

from .models import Crosswalk

MAX_MATURITY = 3
KIND_OF_DATUM = {Kind.MITIGATION: DatumKind.ANSWERS, Kind.PRACTICE: DatumKind.ANSWERS,
                 Kind.GATE: DatumKind.GATE_FINDINGS, Kind.INDICATOR: DatumKind.INDICATORS}


@dataclass
class Cover:
    key: str
    criterion: Criterion | None  # None: not a criterion of the assessment's version
    value: str | None  # in words; None where withheld from the viewer
    notes: str = ""
    note: str = ""  # the crosswalk's own note on the row


@dataclass
class Requirement:
    code: str
    title: str
    covers: list[Cover] = field(default_factory=list)


@dataclass
class CrosswalkReport:
    assessment: Assessment
    crosswalk: Crosswalk
    requirements: list[Requirement]
    withheld: list[str]


def may_open(assessment: Assessment) -> bool:
    """A crosswalk report is for a verified assessment only (its public data is anyone's)."""
    return assessment.status == AssessmentStatus.VERIFIED


def _value(c: Criterion, answer: Answer | None) -> str:
    if answer is None:
        return _("not answered")
    if answer.not_applicable:
        return _("not applicable")
    if c.kind == Kind.GATE:
        return str(answer.get_gate_display()) if answer.gate else _("not answered")
    if c.kind == Kind.INDICATOR:
        return "" if answer.number is None else f"{float(answer.number):g} {c.unit}".strip()
    if answer.maturity is None:
        return _("not answered")
    return _("maturity %(n)s of %(max)s") % {"n": answer.maturity, "max": MAX_MATURITY}


def build(user: Any, assessment: Assessment, crosswalk: Crosswalk,
          request: HttpRequest | None = None) -> CrosswalkReport:
    """The crosswalk's requirements, each with the criteria covering it and their answers where visible."""
    held = assessment_standings(user, assessment)
    lens = Lens(user, assessment.actor_id, request, full=getattr(user, "is_superuser", False), held=held)
    applicable = {c.key: c for c in Criterion.objects.applicable_to(assessment.actor.role, scoring.scope(assessment))
                  .filter(version=assessment.version_id)}
    answers = {a.criterion_id: a for a in assessment.answers.all()}
    requirements: dict[str, Requirement] = {}
    hidden: set[str] = set()
    for link in crosswalk.links.all():
        req = requirements.setdefault(link.requirement, Requirement(link.requirement, link.title))
        c = applicable.get(link.criterion_key)
        if c is None:
            req.covers.append(Cover(link.criterion_key, None, _("not a criterion of this assessment"),
                                    note=link.note))
            continue
        kind = KIND_OF_DATUM[Kind(c.kind)]
        if not lens.can(kind, c.disclosure):
            hidden.add(str(DatumKind(kind).label))
            req.covers.append(Cover(c.key, c, None, note=link.note))
            continue
        answer = answers.get(c.pk)
        req.covers.append(Cover(c.key, c, _value(c, answer), answer.notes if answer else "", link.note))
    return CrosswalkReport(assessment, crosswalk, list(requirements.values()), sorted(hidden))
