"""The secretariat's dashboard: participation over time, assessments waiting for verification, overdue
commitments, and risk hot spots by country and criterion. The secretariat may see all of it (DESIGN §5)."""

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from assay.assessments.models import Answer, Assessment, AssessmentStatus, Commitment

from .rankings import pick_verified


def participation() -> list[tuple[str, int, int, int]]:
    """Per quarter: assessments started, submitted or verified (by their date), and distinct actors."""
    rows = (Assessment.objects.annotate(quarter=TruncQuarter("date")).values("quarter")
            .annotate(n=Count("id"), actors=Count("actor", distinct=True),
                      verified=Count("id", filter=Q(status=AssessmentStatus.VERIFIED)))
            .order_by("quarter"))
    return [(f"{r['quarter'].year}-Q{(r['quarter'].month - 1) // 3 + 1}", r["n"], r["verified"], r["actors"])
            for r in rows]


def waiting(today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    rows = (Assessment.objects.filter(status=AssessmentStatus.SUBMITTED).select_related("actor", "assessor")
            .order_by("submitted_at", "id"))
    return [{"assessment": a, "days": (today - (a.submitted_at.date() if a.submitted_at else a.date)).days}
            for a in rows]


def overdue(today: date | None = None) -> list[Commitment]:
    today = today or date.today()
    return list(Commitment.objects.live().lapsed(today)
                .select_related("assessment__actor", "criterion").order_by("due"))


def hot_spots(limit: int = 15) -> list[tuple[str, str, str, int, int]]:
    """Where risks are unaddressed now: for each producer's latest verified assessment, mitigation criteria at
    maturity 0 or 1 and gates in breach, counted by country and criterion; the largest first."""
    # the desk sees every verified finding, self-declared ones too: a risk is a risk whoever reports it
    latest = [r["assessment_id"] for r in pick_verified(date.max, producers=True, purpose=None).values()]
    found: Counter[tuple[str, str, str]] = Counter()
    assessed: defaultdict[tuple[str, str], set[int]] = defaultdict(set)
    answers = (Answer.objects.filter(assessment_id__in=latest, assessment__actor__role="producer",
                                     not_applicable=False, criterion__kind__in=("mitigation", "gate"))
               .values("assessment__actor__country", "criterion__code", "criterion__title", "gate", "maturity",
                       actor=F("assessment__actor_id")))
    for a in answers.iterator(chunk_size=5000):
        key = (a["assessment__actor__country"], a["criterion__code"])
        assessed[key].add(a["actor"])
        if a["gate"] == "breach" or (a["maturity"] is not None and a["maturity"] <= 1):
            found[(*key, a["criterion__title"])] += 1
    return [(country, code, title, n, len(assessed[(country, code)]))
            for (country, code, title), n in found.most_common(limit)]


def tables(today: date | None = None) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """Every chart's and list's numbers, as (header, rows): the page draws them and offers each as CSV."""
    return {
        "participation": ([_("Quarter"), _("Assessments"), _("Verified"), _("Actors")],
                          [list(r) for r in participation()]),
        "waiting": ([_("Actor"), _("Date"), _("Kind"), _("Assessor"), _("Days waiting")],
                    [[w["assessment"].actor.name, w["assessment"].date.isoformat(),
                      str(w["assessment"].get_kind_display()), str(w["assessment"].assessor or ""), w["days"]]
                     for w in waiting(today)]),
        "overdue": ([_("Actor"), _("Action"), _("Owner"), _("Due date")],
                    [[c.assessment.actor.name, c.action, c.owner, c.due.isoformat()] for c in overdue(today)]),
        "hot_spots": ([_("Country"), _("Criterion"), _("Title"), _("Producers with the risk unaddressed"),
                       _("Assessed")], [list(r) for r in hot_spots()]),
    }
