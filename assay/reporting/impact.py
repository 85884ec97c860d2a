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
from django.db.models import Count, OuterRef, Q, Subquery

from assay.assessments.models import Answer, AssessmentStatus
from assay.domain import risk_areas
from assay.domain.disclosure import Cell, suppress
from assay.registry.models import Relationship, RelationshipKind
from assay.standards.models import Criterion

from . import labels, oecd_frame
from .labels import Content, Joined, Unit, _, text
from .rankings import ALL, Filters, ScoreRow, actors_in_scope, cached, pick_verified, verified_scores

OUTCOMES = ("disengage", "ineligible", "incomplete")


@dataclass
class Table:
    """Rows of (label, [values]); a value None is suppressed."""

    key: str
    title: Any  # text, or a label to translate (labels) before a page shows it
    columns: list[Any]
    rows: list[tuple[Any, list[Any]]] = field(default_factory=list)
    note: Any = ""


@dataclass
class Report:
    start: date
    end: date
    filters: Filters
    k: int
    tables: list[Table]
    charts: dict[str, list[tuple[Any, float | None]]]
    # The OECD frame (oecd_frame): by step, by Annex II risk, the broader risks; their tables are in `tables` too.
    sections: list[Any] = field(default_factory=list)

    def outcome_tables(self) -> list[Table]:
        """The tables before the OECD frame's sections (which hold the rest)."""
        sectioned = {t.key for s in self.sections for t in s.tables}
        return [t for t in self.tables if t.key not in sectioned]


def _shown(cells: list[Cell], k: int) -> dict[tuple[str, ...], float | None]:
    hidden = suppress(cells, k=k) if cells else set()
    return {c.key: None if c.key in hidden else c.value for c in cells}


def _avg(values: list[float], k: int) -> float | None:
    return round(mean(values), 1) if len(values) >= k else None


def _category(outcome: str | None, level: int | None) -> str:
    return str(level) if outcome == "level" else (outcome or "")


def build(start: date, end: date, filters: Filters = ALL, k: int | None = None) -> Report:
    """The report in the active language (computed once per data version: `figures`)."""
    return resolve(figures(start, end, filters, k))


def figures(start: date, end: date, filters: Filters = ALL, k: int | None = None) -> Report:
    """The report with its labels still to translate (labels), as summaries store it."""
    k = k if k is not None else settings.ASSAY_MIN_GROUP
    return cached("impact", (start, end, filters, k), lambda: _build(start, end, filters, k))


def resolve(report: Report) -> Report:
    """`report` with every label as text in the active language."""
    def table(t: Table) -> Table:
        return Table(t.key, text(t.title), [text(c) for c in t.columns],
                     [(text(label), values) for label, values in t.rows], text(t.note))

    tables = {t.key: table(t) for t in report.tables}
    sections = [oecd_frame.Section(s.key, text(s.title), [text(p) for p in s.intro], [tables[t.key] for t in s.tables])
                for s in report.sections]
    return Report(report.start, report.end, report.filters, report.k, list(tables.values()),
                  {name: [(text(label), value) for label, value in points] for name, points in report.charts.items()},
                  sections)


def dump(report: Report) -> dict[str, Any]:
    """The report's figures and untranslated labels as JSON-ready data (summaries.ReportSnapshot)."""
    return labels.dump({
        "start": report.start, "end": report.end, "filters": report.filters.as_dict(), "k": report.k,
        "tables": [[t.key, t.title, t.columns, t.rows, t.note] for t in report.tables],
        "charts": report.charts,
        "sections": [[s.key, s.title, s.intro, [t.key for t in s.tables]] for s in report.sections]})


def load(data: dict[str, Any]) -> Report:
    """What `dump` made, back."""
    data = labels.load(data)
    tables = {t[0]: Table(t[0], t[1], t[2], [(label, values) for label, values in t[3]], t[4])
              for t in data["tables"]}
    return Report(data["start"], data["end"], Filters(**data["filters"]), data["k"], list(tables.values()),
                  {name: [(label, value) for label, value in points] for name, points in data["charts"].items()},
                  [oecd_frame.Section(key, title, intro, [tables[t] for t in keys])
                   for key, title, intro, keys in data["sections"]])


def _build(start: date, end: date, filters: Filters, k: int) -> Report:
    producers = actors_in_scope(Filters(country=filters.country, mineral=filters.mineral), producers=True)
    baseline = ("baseline__score__level", "baseline__score__outcome")
    a1 = {a: r for a, r in pick_verified(end, producers=True, since=start, extra=baseline).items() if a in producers}
    a0: dict[int, tuple[str | None, int | None] | None] = {
        a: (r["baseline__score__outcome"], r["baseline__score__level"]) if r["baseline_id"] else None
        for a, r in a1.items()}
    # The answers of these assessments are aggregated in the database (a year holds millions of them); their ids
    # go as a list, which PostgreSQL joins faster than the per-actor subquery that chose them.
    latest_ids = [r["assessment_id"] for r in a1.values()]
    tables: list[Table] = []
    charts: dict[str, list[tuple[Any, float | None]]] = {}

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
            b_outcome, b_level = b
            members[(_category(b_outcome, b_level), "baseline")].add(str(a))
            # An outcome of "level" always carries its level; any other outcome ranks below level 0.
            before = (b_level or 0) if b_outcome == "level" else -1
            after = (r["level"] or 0) if r["outcome"] == "level" else -1
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

    # Criteria by code, as the latest published version words them.
    criteria: dict[str, dict[str, Any]] = {}
    titles = [f"title_{lang}" for lang in settings.ASSAY_LANGUAGES]
    for c in (Criterion.objects.filter(kind__in=("mitigation", "practice", "indicator"))
              .order_by("version__published_at", "version_id").values("code", *titles, "kind", "risk", "better",
                                                                     "unit")):
        # the title in every language: the report is computed once and shown in each (labels)
        criteria[c["code"]] = {**c, "title": Content({t[len("title_"):]: c[t] for t in titles})}
    order = sorted(criteria, key=lambda c: [int(p) if p.isdigit() else p for p in c.split(".")])

    # Risks: how prevalent each is now, how many are mitigated, how many improved since the baseline.
    baseline_maturity = (Answer.objects.filter(assessment_id=OuterRef("assessment__score__baseline_id"),
                                    criterion__code=OuterRef("criterion__code"), not_applicable=False)
              .values("maturity")[:1])
    counted = {r["criterion__code"]: r for r in (
        Answer.objects.filter(assessment_id__in=latest_ids, not_applicable=False,
                              maturity__isnull=False)
        .filter(Q(criterion__kind="mitigation") | Q(criterion__kind="practice", criterion__risk=True))
        .values("criterion__code").order_by()
        .annotate(assessed=Count("id"), mitigated=Count("id", filter=Q(maturity=3)),
                  improved=Count("id", filter=Q(maturity__gt=Subquery(baseline_maturity)))))}
    risk_rows, risk_chart = [], []
    for code in (c for c in order if c in counted):
        risk = counted[code]
        present = risk["assessed"] - risk["mitigated"]
        # Counts of actors: `suppress` reads only how many contributed to each cell.
        cells = [Cell(("present",), frozenset(range(present)), float(present)),
                 Cell(("mitigated",), frozenset(range(risk["mitigated"])), float(risk["mitigated"]))]
        shown = _shown(cells, k) if risk["assessed"] >= k else {c.key: None for c in cells}
        enough = risk["assessed"] >= k
        risk_rows.append((Joined([f"{code} ", criteria[code]["title"]]), [
            risk["assessed"] if enough else None, shown[("present",)], shown[("mitigated",)],
            risk["improved"] if enough and (risk["improved"] >= k or not risk["improved"]) else None]))
        risk_chart.append((code, 100 * present / risk["assessed"] if shown[("present",)] is not None else None))
    tables.append(Table("risks", _("Risks: prevalence now and mitigation"),
                        [_("Assessed"), _("Risk present"), _("Mitigated"), _("Improved since baseline")],
                        risk_rows, _("Risk present: maturity 0–2; mitigated: maturity 3.")))
    charts["risks"] = risk_chart

    # Tier I breaches found in the period, and what became of them.
    breaches = (Answer.objects.filter(gate="breach", criterion__tier=1, assessment__status=AssessmentStatus.VERIFIED,
                                      assessment__date__gte=start, assessment__date__lte=end,
                                      assessment__actor__role="producer")
                .values_list("assessment__actor_id", "assessment__date"))
    found: dict[int, date] = {}
    for actor_id, on in breaches:
        if actor_id in producers:
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
    first_ids = [r["assessment_id"] for a, r in pick_verified(end, first=True, producers=True).items() if a in a1]

    def numbers(ids: list[int]) -> dict[tuple[int, str], tuple[int, float]]:
        return {(actor, code): (assessment, float(n)) for actor, assessment, code, n in Answer.objects.filter(
            assessment_id__in=ids, criterion__kind="indicator", not_applicable=False,
            number__isnull=False).values_list("assessment__actor_id", "assessment_id", "criterion__code", "number")
            .order_by().iterator(chunk_size=10000)}

    now, then = numbers(latest_ids), numbers(first_ids)
    changes: dict[str, list[float]] = defaultdict(list)
    for (actor, code), (assessment, value) in now.items():
        earlier = then.get((actor, code))
        if earlier is not None and earlier[0] != assessment and code in criteria:
            sign = -1 if criteria[code]["better"] == "lower" else 1
            changes[code].append(sign * (value - earlier[1]))
    indicator_rows = []
    for code in (c for c in order if criteria[c]["kind"] == "indicator"):
        values = changes.get(code, [])
        enough = len(values) >= k
        unit = [" (", Unit(criteria[code]["unit"]), ")"] if criteria[code]["unit"] else []
        indicator_rows.append((Joined([f"{code} ", criteria[code]["title"], *unit]), [
            len(values) if enough else None, _avg(values, k), round(median(values), 1) if enough else None]))
    tables.append(Table("indicators", _("Impact indicators: change from the first assessment"),
                        [_("Producers"), _("Mean change"), _("Median change")], indicator_rows,
                        _("Positive is better, whichever direction the indicator counts.")))

    # Progress inside and outside CAHRAs (before the multiplier, to compare like with like).
    def base(r: ScoreRow) -> float | None:
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
        kind__in=(RelationshipKind.FINANCE, RelationshipKind.TECHNICAL_SUPPORT), start__lte=end).filter(
        Q(end__isnull=True) | Q(end__gte=start)).values_list("supplier_id", flat=True)) & set(a1)
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

    sections = oecd_frame.build(a1, end, k, Table)
    tables.extend(t for s in sections for t in s.tables)
    glance = next(t for s in sections for t in s.tables if t.key == "annex2")
    short = [oecd_frame.short_labels()[area] for area in risk_areas.ANNEX_II]  # the glance table's row order
    for i, name in enumerate(("annex2_baseline", "annex2_now", "annex2_stayed", "annex2_ended", "annex2_improved")):
        charts[name] = [(label, values[i]) for label, (_label, values) in zip(short, glance.rows, strict=True)]
    return Report(start, end, filters, k, tables, charts, sections)
