"""The impact report: what due diligence under the standard achieved, for a period and a scope (all, a country,
a mineral). Every figure is an aggregate over producers; a group of fewer than k, or one where a single actor
dominates, is suppressed with the disclosure policy's `suppress` (and secondary suppression where a hidden cell
could be recovered from a total)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from statistics import mean, median
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from assay.assessments.models import Answer, AssessmentStatus, Score
from assay.domain.disclosure import Cell, suppress
from assay.registry.models import Relationship, RelationshipKind

from .rankings import ALL, SCORE_FIELDS, Filters, actors_in_scope, pick_verified, producer_progress, verified_scores

OUTCOMES = ("disengage", "ineligible", "incomplete")


@dataclass
class Table:
    """Rows of (label, [values]); a value None is suppressed."""

    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[Any]]] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    start: date
    end: date
    filters: Filters
    k: int
    tables: list[Table]
    charts: dict[str, list[tuple[str, float | None]]]


def _shown(cells: list[Cell], k: int) -> dict[tuple[str, ...], float | None]:
    hidden = suppress(cells, k=k) if cells else set()
    return {c.key: None if c.key in hidden else c.value for c in cells}


def _avg(values: list[float], k: int) -> float | None:
    return round(mean(values), 1) if len(values) >= k else None


def _category(outcome: str | None, level: int | None) -> str:
    return str(level) if outcome == "level" else (outcome or "")


def build(start: date, end: date, filters: Filters = ALL, k: int | None = None) -> Report:
    k = k if k is not None else settings.ASSAY_MIN_GROUP
    producers = actors_in_scope(Filters(country=filters.country, mineral=filters.mineral), producers=True)
    a1 = {a: r for a, r in producer_progress(start, end).items() if a in producers}
    first = {a: r for a, r in pick_verified(end, first=True, producers=True).items() if a in a1}
    by_id = {r["assessment_id"]: r for r in Score.objects.filter(
        assessment_id__in=[r["baseline_id"] for r in a1.values() if r["baseline_id"]]).values(*SCORE_FIELDS)}
    a0 = {a: by_id.get(r["baseline_id"]) for a, r in a1.items()}
    tables: list[Table] = []
    charts: dict[str, list[tuple[str, float | None]]] = {}

    # Coverage: producers assessed in the period and the miners they count.
    miners = {a: producers[a]["miners"] or 0 for a in a1}
    cell = Cell(("miners",), frozenset(map(str, a1)), float(sum(miners.values())),
                {str(a): float(n) for a, n in miners.items()})
    covered = _shown([cell], k)[("miners",)]
    tables.append(Table("coverage", _("Coverage"), [_("Count")], [
        (_("Producers with a verified assessment in the period"), [len(a1) if len(a1) >= k else None]),
        (_("Miners they count"), [None if covered is None else int(covered)])]))

    # Levels at the baseline and now, and how producers moved.
    categories = [*OUTCOMES, "0", "1", "2", "3", "4"]
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    moves: dict[str, set[str]] = defaultdict(set)
    for a, r in a1.items():
        members[(_category(r["outcome"], r["level"]), "latest")].add(str(a))
        b = a0[a]
        if b is not None:
            members[(_category(b["outcome"], b["level"]), "baseline")].add(str(a))
            before = b["level"] if b["outcome"] == "level" else -1
            after = r["level"] if r["outcome"] == "level" else -1
            moves["up" if after > before else "down" if after < before else "same"].add(str(a))
    cells = [Cell((c, col), frozenset(members[(c, col)]), float(len(members[(c, col)])))
             for c in categories for col in ("baseline", "latest")]
    shown = _shown(cells, k)
    label = {"disengage": _("disengage (Tier I breach)"), "ineligible": _("ineligible"),
             "incomplete": _("incomplete"), "0": _("Candidate (0)")}
    rows = [(label.get(c, _("Level %(n)s") % {"n": c}), [shown[(c, "baseline")], shown[(c, "latest")]])
            for c in categories if members[(c, "baseline")] or members[(c, "latest")]]
    tables.append(Table("levels", _("Levels: at the baseline and now"), [_("Baseline"), _("Latest")], rows))
    charts["levels"] = [(lbl, vals[1]) for lbl, vals in rows]
    move_cells = [Cell((m,), frozenset(moves[m]), float(len(moves[m]))) for m in ("up", "same", "down")]
    moved = _shown(move_cells, k)
    tables.append(Table("moves", _("How producers moved between levels"), [_("Producers")], [
        (_("went up"), [moved[("up",)]]), (_("stayed"), [moved[("same",)]]), (_("went down"), [moved[("down",)]])]))

    # Answers of the latest, baseline and first assessments, for risks and indicators.
    wanted = {r["assessment_id"] for r in a1.values()} | {r["assessment_id"] for r in a0.values() if r} | {
        r["assessment_id"] for r in first.values()}
    answers: dict[int, dict[str, Any]] = defaultdict(dict)
    criteria: dict[str, dict[str, Any]] = {}
    for ans in (Answer.objects.filter(assessment_id__in=wanted).filter(
            Q(criterion__kind="mitigation") | Q(criterion__kind="practice", criterion__risk=True)
            | Q(criterion__kind="indicator")).values(
            "assessment_id", "criterion__code", "criterion__title", "criterion__kind", "criterion__better",
            "criterion__unit", "maturity", "not_applicable", "number").iterator(chunk_size=5000)):
        code = ans["criterion__code"]
        criteria.setdefault(code, {"title": ans["criterion__title"], "kind": ans["criterion__kind"],
                                   "better": ans["criterion__better"], "unit": ans["criterion__unit"]})
        if not ans["not_applicable"]:
            answers[ans["assessment_id"]][code] = (ans["number"] if ans["criterion__kind"] == "indicator"
                                                   else ans["maturity"])
    order = sorted(criteria, key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")])

    # Risks: how prevalent each is now, how many are mitigated, how many improved since the baseline.
    risk_rows, risk_chart = [], []
    for code in (c for c in order if criteria[c]["kind"] != "indicator"):
        assessed, present, mitigated, improved = set(), set(), set(), set()
        for a, r in a1.items():
            m = answers[r["assessment_id"]].get(code)
            if m is None:
                continue
            assessed.add(str(a))
            (mitigated if m == 3 else present).add(str(a))
            before = answers[a0[a]["assessment_id"]].get(code) if a0[a] else None
            if before is not None and m > before:
                improved.add(str(a))
        cells = [Cell((name,), frozenset(group), float(len(group)))
                 for name, group in (("present", present), ("mitigated", mitigated))]
        shown = _shown(cells, k) if len(assessed) >= k else {c.key: None for c in cells}
        risk_rows.append((f"{code} {criteria[code]['title']}", [
            len(assessed) if len(assessed) >= k else None, shown[("present",)], shown[("mitigated",)],
            len(improved) if len(improved) >= k or (len(assessed) >= k and not improved) else None]))
        share = (100 * len(present) / len(assessed)) if shown[("present",)] is not None and assessed else None
        risk_chart.append((code, share))
    tables.append(Table("risks", _("Risks: prevalence now and mitigation"),
                        [_("Assessed"), _("Risk present"), _("Mitigated"), _("Improved since baseline")],
                        risk_rows, _("Risk present: maturity 0–2; mitigated: maturity 3.")))
    charts["risks"] = risk_chart

    # Tier I breaches found in the period, and what became of them.
    breaches = (Answer.objects.filter(gate="breach", criterion__tier=1, assessment__status=AssessmentStatus.VERIFIED,
                                      assessment__date__gte=start, assessment__date__lte=end,
                                      assessment__actor_id__in=list(producers))
                .values_list("assessment__actor_id", "assessment__date"))
    found: dict[int, date] = {}
    for actor_id, on in breaches:
        found[actor_id] = min(on, found.get(actor_id, on))
    histories = verified_scores(end, actor_ids=list(found))
    remediated = {str(a) for a, on in found.items()
                  if any(r["assessment__date"] > on and r["outcome"] != "disengage" for r in histories.get(a, []))}
    ended = {str(s) for s, on in Relationship.objects.filter(
        supplier_id__in=list(found), end__isnull=False, end__lte=end).values_list("supplier_id", "end")
        if on >= found[s]}
    breach_cells = [Cell((n,), frozenset(g), float(len(g))) for n, g in (
        ("found", set(map(str, found))), ("remediated", remediated), ("ended", ended))]
    shown = _shown(breach_cells, k)
    tables.append(Table("breaches", _("Tier I breaches"), [_("Producers")], [
        (_("found in the period"), [shown[("found",)]]), (_("remediated since"), [shown[("remediated",)]]),
        (_("buyers ended the relationship"), [shown[("ended",)]])]))

    # Impact indicators: change from each producer's first assessment, signed so that + is better.
    indicator_rows = []
    for code in (c for c in order if criteria[c]["kind"] == "indicator"):
        changes = []
        for a, r in a1.items():
            now, then = answers[r["assessment_id"]].get(code), answers[first[a]["assessment_id"]].get(code)
            if now is None or then is None or first[a]["assessment_id"] == r["assessment_id"]:
                continue
            sign = -1 if criteria[code]["better"] == "lower" else 1
            changes.append(sign * float(now - then))
        enough = len(changes) >= k
        indicator_rows.append((f"{code} {criteria[code]['title']}" + (f" ({criteria[code]['unit']})"
                                                                       if criteria[code]["unit"] else ""),
                               [len(changes) if enough else None, _avg(changes, k),
                                round(median(changes), 1) if enough else None]))
    tables.append(Table("indicators", _("Impact indicators: change from the first assessment"),
                        [_("Producers"), _("Mean change"), _("Median change")], indicator_rows,
                        _("Positive is better, whichever direction the indicator counts.")))

    # Progress inside and outside CAHRAs (before the multiplier, to compare like with like).
    def base(r: dict[str, Any]) -> float | None:
        p = r["progress_detail"] or {}
        return None if r["progress"] is None else float(p.get("overall_change", 0)) + float(p.get("level_part", 0))

    inside = [base(r) for r in a1.values() if r["in_cahra"] and base(r) is not None]
    outside = [base(r) for r in a1.values() if not r["in_cahra"] and base(r) is not None]
    tables.append(Table("cahra", _("Progress inside and outside conflict-affected and high-risk areas"),
                        [_("Producers"), _("Mean progress")], [
                            (_("inside a CAHRA"), [len(inside) if len(inside) >= k else None, _avg(inside, k)]),
                            (_("outside"), [len(outside) if len(outside) >= k else None, _avg(outside, k)])],
                        _("Progress before the CAHRA multiplier.")))
    charts["cahra"] = [(_("inside a CAHRA"), _avg(inside, k)), (_("outside"), _avg(outside, k))]

    # Producers whose buyers support them with finance or technical help, and their progress.
    supported_ids = set(Relationship.objects.filter(
        supplier_id__in=list(a1), kind__in=(RelationshipKind.FINANCE, RelationshipKind.TECHNICAL_SUPPORT),
        start__lte=end).filter(Q(end__isnull=True) | Q(end__gte=start)).values_list("supplier_id", flat=True))
    supported = [base(r) for a, r in a1.items() if a in supported_ids and base(r) is not None]
    others = [base(r) for a, r in a1.items() if a not in supported_ids and base(r) is not None]
    n_supported = len(supported_ids & set(a1))
    share = round(100 * n_supported / len(a1), 1) if len(a1) >= k and n_supported >= k else None
    tables.append(Table("support", _("Engagement with finance or technical support"),
                        [_("Producers"), _("Share of producers (%)"), _("Mean progress")], [
                            (_("supported by a buyer"), [n_supported if n_supported >= k else None, share,
                                                         _avg(supported, k)]),
                            (_("others"), [len(a1) - n_supported if len(a1) - n_supported >= k else None,
                                           None if share is None else round(100 - share, 1), _avg(others, k)])]))
    charts["support"] = [(_("supported by a buyer"), _avg(supported, k)), (_("others"), _avg(others, k))]
    return Report(start, end, filters, k, tables, charts)
