"""Registry pages: the public list and profiles, and each member's dashboard."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_countries import countries

from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.disclosure.selectors import sharing_rows
from assay.lib import charts, exports
from assay.registry.models import Actor, Mineral
from assay.registry.regions import region_name
from assay.standards.models import ActorRole
from assay.standards.selectors import level_names

from . import permissions, selectors
from .models import AssessmentKind, AssessmentStatus, CommitmentStatus


def _filter(request: HttpRequest) -> selectors.ActorFilter:
    level = request.GET.get("level", "")
    return selectors.ActorFilter(
        role=request.GET.get("role", "") if request.GET.get("role") in ActorRole.values else "",
        country=request.GET.get("country", "").upper()[:2] if request.GET.get("country", "").upper() in dict(
            countries) else "",
        mineral=request.GET.get("mineral", "") if request.GET.get("mineral") in Mineral.values else "",
        level=int(level) if level.isdigit() else None,
        q=request.GET.get("q", "").strip()[:80],
    )


def _who_said_so(score: selectors.PublicScore) -> list[object]:
    return [AssessmentKind(score.kind).label if score.kind else None, score.date, score.verifier]


def actor_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered registry as CSV or XLSX: the public columns of the list, nothing more."""
    rows = [[a.name, a.get_role_display(), a.country.code, region_name(a.region), ", ".join(a.mineral_labels()),
             a.miners,
             a.latest_level if a.latest_outcome == "level" else None,
             round(a.latest_overall, 1) if a.latest_outcome == "level" and a.latest_overall is not None else None,
             round(a.latest_progress, 1) if a.latest_progress is not None else None,
             *_who_said_so(selectors.public_score(a))]
            for a in selectors.actor_list(_filter(request))]
    header = [_("Name"), _("Role"), _("Country"), _("Region"), _("Minerals"), _("Miners"), _("Level"),
              _("Overall score"), _("Progress"), _("Assessment kind"), _("Assessment date"), _("Verified by")]
    return exports.table_response("registry", fmt, header, rows)


def actor_list(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    page = Paginator(selectors.actor_list(f), 50).get_page(request.GET.get("page"))
    used = sorted(set(Actor.objects.values_list("country", flat=True)))
    distribution = selectors.level_distribution()
    names = level_names()
    chart = charts.bar_chart(_("Producers at each level"),
                             [(names.get(lv) or _("Level %(n)s") % {"n": lv}, distribution.column_totals[lv])
                              for lv in distribution.levels], maximum=max(
                                 [v for v in distribution.column_totals.values() if v] or [1]))
    return render(request, "assessments/actor_list.html", {
        "page": page, "filter": f, "roles": ActorRole.choices, "minerals": Mineral.choices,
        "countries": [(c, dict(countries)[c]) for c in used], "levels": range(0, 5),
        "distribution": distribution, "distribution_chart": chart,
        "country_names": dict(countries),
        "query": request.GET.copy().urlencode() if "page" not in request.GET else "",
    })


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(selectors.with_public_score(Actor.objects.all()), slug=slug)
    history = selectors.scored_history(actor)
    assured = selectors.assured(history)
    score = selectors.public_score(actor)
    # a later verified assessment of a kind that does not set the public level is shown apart, as self-declared
    declared = next((a for a in reversed(history) if not assured[a.pk].sets_public_level), None)
    self_declared = declared if declared is not None and (score.date is None or declared.date >= score.date) \
        else None
    chart = charts.line_chart(_("Overall score of verified assessments"),
                              [(a.date.isoformat()[:7], a.score.overall) for a in history], 0, 100)
    lens = Lens(request.user, actor.pk, request)
    sites = list(actor.sites.all())
    links = []
    if lens.sees[DatumKind.RELATIONSHIPS]:
        links = list(actor.supplier_links.select_related("supplier")) + list(
            actor.buyer_links.select_related("buyer"))
    return render(request, "assessments/actor_detail.html", {
        "actor": actor, "history": history, "chart": chart, "sees": lens.sees, "self_declared": self_declared,
        "assured": assured, "score": score,
        "regions": sorted({region_name(s.region) for s in sites}),
        "sites": sites if lens.sees[DatumKind.COORDINATES] else [],
        "links": links, "has_dashboard": lens.any_standing or request.user.is_superuser,
    })


@login_required
def actor_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(Actor, slug=slug)
    role = permissions.member_role(request.user, actor.pk)
    lens = Lens(request.user, actor.pk, request, full=request.user.is_superuser)
    if not (lens.full or lens.any_standing):
        raise Http404  # a dashboard exists only for the actor's network; outsiders are not told it exists
    history = selectors.scored_history(actor, (AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED))
    latest = history[-1] if history else None
    context = {"actor": actor, "history": history, "latest": latest, "member_role": role, "sees": lens.sees,
               "assessments": [a for a in actor.assessments.select_related("version__standard").order_by("-date")[:20]
                               if permissions.can_view(request.user, a)]}
    board = selectors.dashboard(actor, history, lens)
    if board is not None:
        modules = [(f"{m.code}. {m.title}", v) for m, v in board.module_rows]
        context.update(
            gap=board.gap, module_rows=board.module_rows, gap_rows=board.gap_rows,
            blocker_rows=board.blocker_rows, indicators=board.indicators,
            module_chart=charts.bar_chart(_("Module scores"), modules, thresholds=[25, 40, 60]),
            progress_chart=charts.line_chart(_("Progress against the baseline"),
                                             list(zip(board.dates, board.progress, strict=True))),
            risk_chart=charts.line_chart(_("Residual risk (0 = none left)"),
                                         list(zip(board.dates, board.residual_risk, strict=True)), 0, 100))
    context["commitments"] = selectors.commitments_of(actor) if lens.sees[DatumKind.COMMITMENTS] else []
    context["today"] = date.today()
    if role == "admin":
        context["sharing"] = sharing_rows(actor)
    return render(request, "assessments/actor_dashboard.html", context)




@login_required
def commitments_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The dashboard's commitments as CSV or XLSX, for the actor's network only (like the dashboard)."""
    actor = get_object_or_404(Actor, slug=slug)
    if not Lens(request.user, actor.pk, request, full=request.user.is_superuser).sees[DatumKind.COMMITMENTS]:
        raise Http404
    today = date.today()
    states = {"lapsed": _("lapsed"), **dict(CommitmentStatus.choices)}
    header = [_("Criterion"), _("Action"), _("Owner"), _("Due date"), _("Status"), _("Done on"),
              _("What was done"), _("Verified on")]
    rows = [[c.criterion.code if c.criterion else "", c.action, c.owner, c.due,
             states[selectors.commitment_state(c, today)], c.done_on, c.done_note, c.verified_on]
            for c in selectors.commitments_of(actor)]
    return exports.table_response(f"{actor.slug}-commitments", fmt, header, rows)
