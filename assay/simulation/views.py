"""Pages of the simulation: the list and the start form, a run's progress and results, its export, the moves
by name and one move explained (the secretariat's), and the public summary (page and PDF)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from assay.lib import charts, exports
from assay.lib.http import SignedInRequest
from assay.lib.pdf import kept_pdf, kept_pdf_size, pdf_download
from assay.registry.models import Actor

from . import results, services
from .explain import explain
from .forms import AttachForm, StartForm
from .models import SimulatedMove, Simulation, SimulationStatus

MOVES_PAGE = 200


def _may_run(request: HttpRequest) -> None:
    if not request.user.has_perm("simulation.run_simulations"):
        raise PermissionDenied


def _names(request: HttpRequest) -> None:
    if not request.user.has_perm("simulation.see_names"):
        raise PermissionDenied


def simulation_list(request: SignedInRequest) -> HttpResponse:
    _may_run(request)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            simulation = services.simulation_start(actor=request.user, **form.start_arguments())
        except ValidationError as e:
            for message in e.messages:
                form.add_error(None, message)
        else:
            return redirect("simulation:detail", simulation.pk)
    return render(request, "simulation/list.html", {
        "simulations": Simulation.objects.select_related("version__standard", "base")[:50], "form": form})


def _label(dimension: str, name: str) -> str:
    if dimension == "country":
        return str(dict(countries).get(name, name))
    if dimension == "cahra":
        return _("in a CAHRA") if name == "cahra" else _("outside CAHRAs")
    if dimension == "all":
        return _("Everyone")
    return name


def _groups(simulation: Simulation, dimension: str) -> list[dict[str, Any]]:
    k = results.min_group()
    out = []
    for name, stats in (simulation.results.get("groups", {}).get(dimension) or {}).items():
        cats, rows = results.matrix(stats, k=k)
        cats_out, rows_out = results.matrix(stats, "matrix_out", k=k)
        small = stats.get("n", 0) < k
        out.append({"name": _label(dimension, name), "figures": results.shown(stats, k),
                    "cats": [results.category_label(c) for c in cats],
                    "rows": [] if small else [(results.category_label(a), r) for a, r in rows],
                    "cats_out": [results.category_label(c) for c in cats_out],
                    "rows_out": [] if small else [(results.category_label(a), r) for a, r in rows_out],
                    "small": small})
    return out


def _top(simulation: Simulation, key: str, names: bool, section: str = "") -> list[tuple[int, str, float]]:
    found_in = (simulation.results.get(section) or {}) if section else simulation.results
    entries = found_in.get(key) or []
    found = dict(Actor.objects.filter(pk__in=[a for a, _v in entries]).values_list("pk", "name")) if names else {}
    return [(i + 1, found.get(a, "—"), v) for i, (a, v) in enumerate(entries)]


def _chart_rows(simulation: Simulation) -> list[tuple[int, float, float]]:
    """The chart's figures, for the table beside it (none when the chart is not drawn)."""
    everyone = simulation.results.get("groups", {}).get("all", {}).get("all", {})
    if everyone.get("n", 0) < results.min_group():
        return []
    return list(zip(results.QUANTILES, everyone.get("overall_before") or [], everyone.get("overall_after") or [],
                    strict=False))


def _chart(simulation: Simulation) -> str:
    everyone = simulation.results.get("groups", {}).get("all", {}).get("all", {})
    if everyone.get("n", 0) < results.min_group():
        return ""
    items: list[tuple[str, float | None]] = []
    for q, b, a in zip(results.QUANTILES, everyone.get("overall_before") or [], everyone.get("overall_after") or [],
                       strict=False):
        items += [(_("P%(q)s before") % {"q": q}, b), (_("P%(q)s after") % {"q": q}, a)]
    return charts.bar_chart(_("Overall score, quantiles before and after"), items) if items else ""


def simulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _may_run(request)
    simulation = get_object_or_404(Simulation.objects.select_related("version__standard", "base", "round"), pk=pk)
    if simulation.running:
        return render(request, "simulation/progress.html", {"simulation": simulation})
    dimension = request.GET.get("by", "all")
    if dimension not in results.DIMENSIONS:
        raise Http404
    names = request.user.has_perm("simulation.see_names")
    k = results.min_group()
    levels = {lv.rank: lv.name for lv in simulation.version.levels.all()}
    res = simulation.results or {}

    def counted(counts: dict[str, int], label: Any) -> list[tuple[str, int | None]]:
        return [(label(key), value if value >= k else None) for key, value in counts.items()]

    return render(request, "simulation/detail.html", {
        "simulation": simulation, "results": res, "k": k, "dimension": dimension,
        "dimensions": [(d, results.DIMENSION_LABELS[d]) for d in results.DIMENSIONS],
        "groups": _groups(simulation, dimension) if simulation.status == SimulationStatus.DONE else [],
        "sentence": results.sentence(simulation) if simulation.status == SimulationStatus.DONE else "",
        "causes": counted(res.get("causes") or {}, lambda c: results.cause_label(c, levels,
                                                                                 res.get("new_criteria", []))),
        "why": counted(res.get("why_ineligible") or {}, lambda w: str(results.REASONS.get(w, w))),
        "top_before": _top(simulation, "top_before", names), "top_after": _top(simulation, "top_after", names),
        "impact": results.impact_shown(res.get("impact"), k),
        "impact_before": _top(simulation, "top_before", names, "impact") if names else [],
        "impact_after": _top(simulation, "top_after", names, "impact") if names else [],
        "chart": _chart(simulation), "chart_rows": _chart_rows(simulation), "names": names,
        "can_attach": request.user.has_perm("simulation.attach_summary"),
        "attach_form": AttachForm(initial={"round": simulation.round_id}),
    })


def simulation_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The aggregates as a workbook: one sheet per dimension (suppressed cells empty), the moves by name for those
    who may see names."""
    _may_run(request)
    if fmt != "xlsx":
        raise Http404
    simulation = get_object_or_404(Simulation, pk=pk, status=SimulationStatus.DONE)
    sheets: list[tuple[str, list[Any], list[list[Any]]]] = []
    header = [_("Group"), _("Assessed"), _("Down a level"), _("Up a level"), _("Became eligible"),
              _("Became ineligible"), _("Overall change (median)"), _("Residual risk change (median)")]
    for dimension in results.DIMENSIONS:
        rows = []
        for g in _groups(simulation, dimension):
            f = g["figures"]
            rows.append([g["name"], f["n"], f["down"], f["up"], f["became_eligible"], f["became_ineligible"],
                         (f["overall_change"] or [None] * 5)[2], (f["residual_change"] or [None] * 5)[2]])
        sheets.append((str(results.DIMENSION_LABELS[dimension]), header, rows))
    everyone = (simulation.results.get("groups", {}).get("all", {}) or {}).get("all", {})
    cats, matrix_rows = results.matrix(everyone)
    sheets.append((_("Transitions"), [_("From \\ to"), *[results.category_label(c) for c in cats]],
                   [[results.category_label(a), *r] for a, r in matrix_rows]))
    if request.user.has_perm("simulation.see_names"):
        moves = simulation.moves.select_related("actor").order_by("actor__name")
        sheets.append((_("Moves"), [_("Actor"), _("Country"), _("Before"), _("After (new criteria as 0)"),
                                    _("After (new criteria left out)"), _("Overall before"), _("Overall after"),
                                    _("Eligible before"), _("Eligible after")],
                       [[m.actor.name, m.country, m.old_category, m.new_category, m.new_category_out,
                         m.old_overall, m.new_overall, m.eligible_before, m.eligible_after] for m in moves]))
    return exports.workbook_response(f"simulation-{simulation.pk}", sheets)


def simulation_moves(request: HttpRequest, pk: int) -> HttpResponse:
    _names(request)
    simulation = get_object_or_404(Simulation, pk=pk, status=SimulationStatus.DONE)
    moves: list[SimulatedMove] = list(simulation.moves.select_related("actor").order_by("actor__name"))
    changed = request.GET.get("all") != "1"
    if changed:
        moves = [m for m in moves if (m.old_category, m.eligible_before) != (m.new_category, m.eligible_after)]
    return render(request, "simulation/moves.html", {"simulation": simulation, "moves": list(moves)[:MOVES_PAGE],
                                                     "changed": changed, "reasons": results.REASONS})


def simulation_move(request: HttpRequest, pk: int, move: int) -> HttpResponse:
    _names(request)
    found = get_object_or_404(SimulatedMove.objects.select_related(
        "simulation__version", "simulation__base", "actor", "assessment__actor"), pk=move, simulation_id=pk)
    return render(request, "simulation/move.html", {"move": found, "simulation": found.simulation,
                                                    "explained": explain(found)})


@require_POST
def simulation_attach(request: SignedInRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("simulation.attach_summary"):
        raise PermissionDenied
    simulation = get_object_or_404(Simulation, pk=pk)
    form = AttachForm(request.POST)
    if form.is_valid():
        try:
            services.simulation_attach(actor=request.user, simulation=simulation, round_=form.cleaned_data["round"])
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect("simulation:detail", simulation.pk)


def _summary_context(request: HttpRequest, simulation: Simulation) -> dict[str, Any]:
    res = simulation.results or {}
    everyone = res.get("groups", {}).get("all", {}).get("all", {})
    cats, rows = results.matrix(everyone)
    producers = res.get("groups", {}).get("role", {}).get("producer", {})
    return {"simulation": simulation, "sentence": results.sentence(simulation), "k": results.min_group(),
            "cats": [results.category_label(c) for c in cats],
            "rows": [(results.category_label(a), r) for a, r in rows] if everyone.get("n", 0) >= results.min_group()
            else [], "everyone": results.shown(everyone), "producers": results.shown(producers),
            "impact": results.impact_shown(res.get("impact")), "lang": get_language() or "en",
            "chart": _chart(simulation), "chart_rows": _chart_rows(simulation)}


def _public(request: HttpRequest, pk: int) -> Simulation:
    """A summary attached to a round is public; any other only for those who run simulations."""
    simulation = get_object_or_404(Simulation.objects.select_related("version__standard", "base", "round"), pk=pk,
                                   status=SimulationStatus.DONE)
    if simulation.round_id is None:
        _may_run(request)
    return simulation


def simulation_summary(request: HttpRequest, pk: int) -> HttpResponse:
    simulation = _public(request, pk)
    context = _summary_context(request, simulation)
    # the link states the PDF's size once it is stored (it is rendered once per language: the summary is frozen)
    context["pdf_size"] = kept_pdf_size("simulation-summary", simulation.pk, context["lang"],
                                        render_to_string("simulation/summary_pdf.html", context, request))
    return render(request, "simulation/summary.html", context)


def simulation_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    simulation = _public(request, pk)
    context = _summary_context(request, simulation)
    html = render_to_string("simulation/summary_pdf.html", context, request)
    # frozen: the simulation never changes, so its PDF is rendered once per language
    return pdf_download(kept_pdf("simulation-summary", simulation.pk, context["lang"], html),
                        f"simulation-{simulation.pk}-{context['lang']}.pdf")
