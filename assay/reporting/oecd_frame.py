"""The impact report in the OECD Due Diligence Guidance's own frame: by OECD step (1–5), by Annex II risk and by the
broader risks the standard gathers (a criterion's `risk_area`).

Every figure counts producers of the report's population (those with a verified assessment in the period that may
count for progress, A1), each placed in a CAHRA or outside by A1 (`Score.in_cahra`: its site in a CAHRA on its
date). Figures are published through `suppress` in grids whose totals are published too, so a hidden cell can never
be worked out from the others (DESIGN §5); an empty group (0) is shown, since it holds no actor's data.

Definitions (they are written on the page as well):
- A producer is *assessed* on a risk area in an assessment when at least one applicable criterion of that area has
  a finding there (a gate clear or in breach, or a maturity 0–3); the risk is *present* when one of them is a gate
  in breach or a maturity below 3 (not fully mitigated). Now = A1; at the baseline = the assessment A1's progress is
  measured from (the same as the report's levels).
- The risk was *found* on the date of the first counting assessment, up to the period's end, where it was present.
- A *mitigation plan* was adopted on the date of the first counting assessment carrying a commitment (not carried
  over) on a criterion of that area.
- *Stayed in trade while mitigating*: a plan was adopted, and a sourcing relationship with a buyer that was active
  when the risk was found is still active at the period's end. *Relationships ended*: the producer had buyers when
  the risk was found and every one of those relationships ended since, by the period's end.
- *Measurable improvement within six months* (the OECD Gold Supplement's expectation): within six calendar months
  of the plan's adoption, a counting assessment finds a criterion of that area at a higher maturity than when the
  plan was adopted (or a gate then in breach clear), or an assessor verified one of its commitments as done. The
  share is over producers whose six months have passed by the period's end, or who improved sooner.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import mean
from typing import Any

from django.db.models import Count, F, Min, Q, Sum

from assay.assessments.assurance import PROGRESS, allowed
from assay.assessments.models import Answer, Commitment, CommitmentStatus
from assay.domain import risk_areas
from assay.domain.disclosure import Cell, suppress
from assay.registry.models import Relationship, RelationshipKind
from assay.standards.models import OecdStep

from .labels import Choice, Label, _
from .rankings import ScoreRow

ALL_COL, CAHRA, OTHER = "all", "cahra", "other"
COLUMNS = (ALL_COL, CAHRA, OTHER)
TOTAL = "total"
SCORED = ("mitigation", "practice")


@dataclass
class Section:
    """A part of the report with its heading, its definitions and its tables (impact.Table)."""

    key: str
    title: Any
    intro: list[Any]
    tables: list[Any] = field(default_factory=list)


def short_labels() -> dict[str, Label]:
    """The Annex II risks in a word or two, for charts (the tables beside them name them in full)."""
    return {risk_areas.SERIOUS_ABUSES: _("Serious abuses"), risk_areas.ARMED_GROUPS: _("Armed groups"),
            risk_areas.SECURITY_FORCES: _("Security forces"), risk_areas.BRIBERY_ORIGIN: _("Bribery, origin"),
            risk_areas.MONEY_LAUNDERING: _("Money laundering"), risk_areas.TAXES: _("Taxes, royalties")}


def six_months_after(day: date) -> date:
    """The same day six calendar months on (the month's last day where it is shorter)."""
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grid(groups: dict[str, dict[int, str]], statuses: Iterable[str], k: int) -> dict[tuple[str, str], int | None]:
    """Counts of producers by status (a partition) and column, with the totals, as published: a cell is None when
    `suppress` hides it. `groups` maps a status to {producer: "cahra" or "other"}."""
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for status in statuses:
        for actor, where in groups.get(status, {}).items():
            for key in ((status, where), (status, ALL_COL), (TOTAL, where), (TOTAL, ALL_COL)):
                members[key].add(str(actor))
    keys = [(s, c) for s in (*statuses, TOTAL) for c in COLUMNS]
    # An empty cell holds no actor's data: it is published as 0 and left out of the lines, where a known 0 changes
    # nothing that subtraction could recover.
    cells = [Cell(key, frozenset(members[key]), float(len(members[key]))) for key in keys if members[key]]
    hidden = suppress(cells, k=k) if cells else set()
    return {key: None if key in hidden else len(members[key]) for key in keys}


def _share(counts: dict[tuple[str, str], int | None], status: str, column: str) -> float | None:
    part, whole = counts[(status, column)], counts[(TOTAL, column)]
    return None if part is None or not whole else round(100 * part / whole, 1)


def build(a1: dict[int, ScoreRow], end: date, k: int, table: Any) -> list[Section]:
    """The three sections for producers `a1` (actor → its A1 score row) up to `end`; `table` makes an impact.Table."""
    where = {a: CAHRA if r["in_cahra"] else OTHER for a, r in a1.items()}
    latest = {r["assessment_id"]: a for a, r in a1.items()}
    baseline = {r["baseline_id"]: a for a, r in a1.items() if r["baseline_id"]}
    ids = [*latest, *baseline]

    # Findings by risk area in A1 and its baseline: {(assessment, area): (assessed, present)}.
    findings: dict[tuple[int, str], bool] = {}
    for r in (Answer.objects.filter(assessment_id__in=ids, not_applicable=False)
              .exclude(criterion__risk_area="").filter(criterion__kind__in=("gate", *SCORED))
              .filter(Q(gate__in=("clear", "breach")) | Q(maturity__isnull=False))
              .values("assessment_id", "criterion__risk_area").order_by()
              .annotate(bad=Count("id", filter=Q(gate="breach") | Q(maturity__lt=3)))):
        findings[(r["assessment_id"], r["criterion__risk_area"])] = r["bad"] > 0

    def prevalence(area: str, which: dict[int, int]) -> dict[tuple[str, str], int | None]:
        groups: dict[str, dict[int, str]] = {"present": {}, "absent": {}}
        for assessment, actor in which.items():
            present = findings.get((assessment, area))
            if present is not None:
                groups["present" if present else "absent"][actor] = where[actor]
        return grid(groups, ("present", "absent"), k)

    sections = [_steps(a1, latest, baseline, where, k, table)]
    trade, improved = _mitigation(a1, end, where, k)
    cols = [_("All"), _("In a CAHRA"), _("Outside CAHRAs")]
    summary_rows, risk_tables = [], []
    for area in risk_areas.ANNEX_II:
        then, now = prevalence(area, baseline), prevalence(area, latest)
        stay, better = trade[area], improved[area]
        rows = [
            (_("Producers assessed on this risk at the baseline"), [then[(TOTAL, c)] for c in COLUMNS]),
            (_("Risk present at the baseline (%)"), [_share(then, "present", c) for c in COLUMNS]),
            (_("Producers assessed on this risk now"), [now[(TOTAL, c)] for c in COLUMNS]),
            (_("Risk present now (%)"), [_share(now, "present", c) for c in COLUMNS]),
            (_("Producers where the risk was found"), [stay[(TOTAL, c)] for c in COLUMNS]),
            (_("stayed in trade while mitigating"), [stay[("stayed", c)] for c in COLUMNS]),
            (_("relationships ended"), [stay[("ended", c)] for c in COLUMNS]),
            (_("Producers whose mitigation plan is six months old"), [better[(TOTAL, c)] for c in COLUMNS]),
            (_("measurable improvement within six months (%)"), [_share(better, "improved", c) for c in COLUMNS]),
        ]
        risk_tables.append(table(f"annex2-{area}", Choice("risk_area", area, cap=True), cols, rows))
        summary_rows.append((Choice("risk_area", area, cap=True), [
            _share(then, "present", ALL_COL), _share(now, "present", ALL_COL), stay[("stayed", ALL_COL)],
            stay[("ended", ALL_COL)], _share(better, "improved", ALL_COL)]))
    summary = table("annex2", _("Annex II risks at a glance"), [
        _("Present at the baseline (%)"), _("Present now (%)"), _("Stayed in trade while mitigating"),
        _("Relationships ended"), _("Improved within six months (%)")], summary_rows)
    sections.append(Section("annex-ii", _("By Annex II risk"), [
        _("The risks of Annex II of the OECD Due Diligence Guidance. A producer is assessed on a risk when at least "
          "one applicable criterion of that risk area has a finding; the risk is present when one of them is a gate "
          "in breach or a maturity below 3 (not fully mitigated). Now: each producer's latest verified assessment in "
          "the period; at the baseline: the assessment its progress is measured from."),
        _("Found: in the first verified assessment, up to the end of the period, where the risk was present. Stayed "
          "in trade while mitigating: a mitigation plan (a commitment on a criterion of that risk area) was adopted "
          "and a relationship with a buyer that was active when the risk was found is still active at the end of "
          "the period. Relationships ended: every relationship with a buyer active when the risk was found has "
          "ended since."),
        _("Measurable improvement within six months (the OECD Gold Supplement's expectation): within six months of "
          "adopting the plan, a verified assessment finds a criterion of that risk area at a higher maturity (or a "
          "gate then in breach clear), or an assessor verified one of the plan's commitments as done; out of the "
          "producers whose six months have passed by the end of the period, or who improved sooner."),
        _("CAHRA: the site of the producer's latest verified assessment in the period was in a conflict-affected "
          "or high-risk area on its date."),
    ], [summary, *risk_tables]))

    broader_rows = []
    for area in risk_areas.BROADER:
        then, now = prevalence(area, baseline), prevalence(area, latest)
        broader_rows.append((Choice("risk_area", area, cap=True), [
            now[(TOTAL, ALL_COL)], _share(then, "present", ALL_COL), _share(now, "present", ALL_COL),
            _share(now, "present", CAHRA), _share(now, "present", OTHER)]))
    sections.append(Section("broader", _("The broader risks the standard gathers"), [
        _("Beyond Annex II, the standard gathers information on these risks too; present and assessed as for the "
          "Annex II risks.")], [table("broader", _("Broader risks: prevalence"), [
            _("Producers assessed now"), _("Present at the baseline (%)"), _("Present now (%)"),
            _("Present now in a CAHRA (%)"), _("Present now outside CAHRAs (%)")], broader_rows)]))
    return sections


def _steps(a1: dict[int, ScoreRow], latest: dict[int, int], baseline: dict[int, int], where: dict[int, str], k: int,
           table: Any) -> Section:
    """Each producer's score on the criteria of each OECD step (earned ÷ possible points × 100 over its answered
    mitigation and practice criteria of that step), at the baseline and now; means over at least k producers."""
    scores: dict[tuple[int, int], float] = {}
    for r in (Answer.objects.filter(assessment_id__in=[*latest, *baseline], not_applicable=False,
                                    maturity__isnull=False, criterion__kind__in=SCORED, criterion__points__gt=0)
              .values("assessment_id", "criterion__oecd_step").order_by()
              .annotate(earned=Sum(F("criterion__points") * F("maturity")), possible=Sum("criterion__points"))):
        scores[(r["assessment_id"], r["criterion__oecd_step"])] = 100 * r["earned"] / (3 * r["possible"])

    def avg(values: list[float]) -> float | None:
        return round(mean(values), 1) if len(values) >= k else None

    rows = []
    for step in OecdStep.values:
        now = {a: scores[(s, step)] for s, a in latest.items() if (s, step) in scores}
        then = [scores[(s, step)] for s in baseline if (s, step) in scores]
        improved = sum(1 for s, a in baseline.items() if (s, step) in scores and a in now
                       and now[a] > scores[(s, step)])
        rows.append((Choice("oecd_step", step), [
            len(now) if len(now) >= k else None, avg(then), avg(list(now.values())),
                                  avg([v for a, v in now.items() if where[a] == CAHRA]),
                                  avg([v for a, v in now.items() if where[a] == OTHER]),
                                  improved if improved >= k else None]))
    return Section("oecd-steps", _("By OECD step"), [
        _("The five steps of the OECD Due Diligence Guidance, each with the criteria the standard maps to it. A "
          "producer's score on a step is the points it earned on that step's answered mitigation and practice "
          "criteria over the points possible, × 100 (gates carry no points).")], [table(
            "oecd-steps", _("Scores by OECD step"), [
                _("Producers scored now"), _("Mean at the baseline"), _("Mean now"), _("Mean now in a CAHRA"),
                _("Mean now outside CAHRAs"), _("Producers who improved")], rows)])


def _mitigation(a1: dict[int, ScoreRow], end: date, where: dict[int, str], k: int
                ) -> tuple[dict[str, dict[tuple[str, str], int | None]], dict[str, dict[tuple[str, str], int | None]]]:
    """Per Annex II risk: the producers where it was found, by what became of their trade (stayed / ended /
    neither), and those with a plan six months old, by whether they improved within six months."""
    counting = allowed(PROGRESS, "assessment__")
    annex = Q(criterion__risk_area__in=risk_areas.ANNEX_II)
    found: dict[tuple[int, str], date] = {}
    for actor, area, on in (Answer.objects.filter(counting, annex, assessment__date__lte=end,
                                                  assessment__actor__role="producer", not_applicable=False)
                            .filter(Q(gate="breach") | Q(maturity__lt=3))
                            .values_list("assessment__actor_id", "criterion__risk_area").order_by()
                            .annotate(first=Min("assessment__date"))):
        if actor in a1:
            found[(actor, area)] = on
    adopted: dict[tuple[int, str], date] = {}
    for actor, area, on in (Commitment.objects.filter(counting, annex, assessment__date__lte=end)
                            .exclude(status=CommitmentStatus.SUPERSEDED)
                            .values_list("assessment__actor_id", "criterion__risk_area").order_by()
                            .annotate(first=Min("assessment__date"))):
        if (actor, area) in found:
            adopted[(actor, area)] = on
    planned = {a for a, _area in adopted}

    # What each planned producer's findings on the area were, by assessment date: {(actor, area): {day: {key: v}}}
    # where v is the maturity, a gate in breach 0 and a clear gate 3.
    history: dict[tuple[int, str], dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for actor, area, on, key, gate, maturity in (
            Answer.objects.filter(counting, annex, assessment__date__lte=end, assessment__actor_id__in=planned,
                                  not_applicable=False)
            .filter(Q(gate__in=("clear", "breach")) | Q(maturity__isnull=False))
            .values_list("assessment__actor_id", "criterion__risk_area", "assessment__date", "criterion__key",
                         "gate", "maturity").iterator(chunk_size=10000)):
        if (actor, area) in adopted:
            history[(actor, area)][on][key] = maturity if maturity is not None else (0 if gate == "breach" else 3)
    verified: dict[tuple[int, str], list[date]] = defaultdict(list)
    for actor, area, on in (Commitment.objects.filter(counting, annex, assessment__actor_id__in=planned,
                                                      status=CommitmentStatus.VERIFIED, verified_on__lte=end)
                            .values_list("assessment__actor_id", "criterion__risk_area", "verified_on")):
        if on is not None:
            verified[(actor, area)].append(on)

    buyers: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for supplier, start, stop in Relationship.objects.filter(
            kind=RelationshipKind.SOURCING, supplier_id__in=list({a for a, _area in found})).values_list(
            "supplier_id", "start", "end"):
        buyers[supplier].append((start, stop))

    trade: dict[str, dict[str, dict[int, str]]] = {area: defaultdict(dict) for area in risk_areas.ANNEX_II}
    better: dict[str, dict[str, dict[int, str]]] = {area: defaultdict(dict) for area in risk_areas.ANNEX_II}
    for (actor, area), on in found.items():
        at_finding = [(s, e) for s, e in buyers.get(actor, []) if s <= on and (e is None or e >= on)]
        if (actor, area) in adopted and any(e is None or e >= end for _s, e in at_finding):
            status = "stayed"
        elif at_finding and all(e is not None and e <= end for _s, e in at_finding):
            status = "ended"
        else:
            status = "neither"
        trade[area][status][actor] = where[actor]
        plan = adopted.get((actor, area))
        if plan is None:
            continue
        window = six_months_after(plan)
        before = history[(actor, area)].get(plan, {})
        shown = any(plan < day <= window and any(v > before.get(key, 3) for key, v in values.items())
                    for day, values in history[(actor, area)].items())
        shown = shown or any(plan <= day <= window for day in verified.get((actor, area), []))
        if shown:
            better[area]["improved"][actor] = where[actor]
        elif window <= end:
            better[area]["not"][actor] = where[actor]
    return ({area: grid(trade[area], ("stayed", "ended", "neither"), k) for area in risk_areas.ANNEX_II},
            {area: grid(better[area], ("improved", "not"), k) for area in risk_areas.ANNEX_II})
