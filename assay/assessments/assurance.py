"""Who said so counts: which assessments may set the public level, count for progress and rankings, or enter award
shortlists, as the rules of the version each was made against say (`rules.assurance`, DESIGN §4).

The rules are the domain's (`Assurance`); here they become query conditions, so a page or a ranking picks the
latest assessment that may serve its purpose in the database.
"""

from collections import defaultdict

from django.db.models import Q

from assay.domain.scoring.rules import PURPOSES, Assurance
from assay.standards.models import FROZEN_STATUSES, StandardVersion

from .models import AssessmentStatus

PUBLIC_LEVEL, PROGRESS, SHORTLISTS = PURPOSES


def assurance_of(version: StandardVersion) -> Assurance:
    return Assurance.from_document(version.rules.get("assurance"))


def allowed(purpose: str, to_assessment: str = "") -> Q:
    """Assessments that may serve `purpose`: verified, of a kind their version allows. `to_assessment` is the path
    from the model queried to the assessment (`"assessment__"` from a Score), empty on Assessment itself."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    # Only published (and retired) versions are assessed; their rules never change. Versions that allow the same
    # kinds share one condition, so with one rule set (the usual case) it is a single IN.
    versions_of: dict[frozenset[str], list[int]] = defaultdict(list)
    for pk, rules in StandardVersion.objects.filter(status__in=FROZEN_STATUSES).values_list("pk", "rules"):
        versions_of[getattr(Assurance.from_document((rules or {}).get("assurance")), purpose)].append(pk)
    kinds_q = Q(pk__in=[])
    for kinds, pks in versions_of.items():
        kinds_q |= Q(**{f"{to_assessment}version_id__in": pks, f"{to_assessment}kind__in": sorted(kinds)})
    return Q(**{f"{to_assessment}status": AssessmentStatus.VERIFIED}) & kinds_q
