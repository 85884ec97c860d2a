"""Registry pages: the public list and profiles, and each member's dashboard."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_countries import countries

from assay.disclosure.access import Lens
from assay.disclosure.models import DatumKind
from assay.disclosure.selectors import sharing_rows
from assay.domain.scoring.gap import gap_to_next_level
from assay.lib import charts, exports
from assay.registry.models import Actor, Mineral
from assay.standards.models import ActorRole, Criterion

from . import permissions, scoring, selectors
from .models import AssessmentStatus, Commitment, CommitmentStatus


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


def actor_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered registry as CSV or XLSX: the public columns of the list, nothing more."""
    rows = [[a.name, a.get_role_display(), a.country.code, a.region, ", ".join(a.mineral_labels()), a.miners,
             a.latest_level if a.latest_outcome == "level" else None,
             round(a.latest_overall, 1) if a.latest_outcome == "level" and a.latest_overall is not None else None,
             round(a.latest_progress, 1) if a.latest_progress is not None else None]
            for a in selectors.actor_list(_filter(request))]
    header = [_("Name"), _("Role"), _("Country"), _("Region"), _("Minerals"), _("Miners"), _("Level"),
              _("Overall score"), _("Progress")]
    return exports.table_response("registry", fmt, header, rows)


def actor_list(request: HttpRequest) -> HttpResponse:
    f = _filter(request)
    page = Paginator(selectors.actor_list(f), 50).get_page(request.GET.get("page"))
    used = sorted(set(Actor.objects.values_list("country", flat=True)))
    distribution = selectors.level_distribution(settings.ASSAY_MIN_GROUP)
    chart = charts.bar_chart(_("Producers at each level"),
                             [(_("Level %(n)s") % {"n": lv}, distribution.column_totals[lv])
                              for lv in distribution.levels], maximum=max(
                                 [v for v in distribution.column_totals.values() if v] or [1]))
    return render(request, "assessments/actor_list.html", {
        "page": page, "filter": f, "roles": ActorRole.choices, "minerals": Mineral.choices,
        "countries": [(c, dict(countries)[c]) for c in used], "levels": range(0, 5),
        "distribution": distribution, "distribution_chart": chart, "min_group": settings.ASSAY_MIN_GROUP,
        "country_names": dict(countries),
        "query": request.GET.copy().urlencode() if "page" not in request.GET else "",
    })


def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = get_object_or_404(selectors.with_public_score(Actor.objects.all()), slug=slug)
    history = selectors.scored_history(actor)
    chart = charts.line_chart(_("Overall score of verified assessments"),
                              [(a.date.isoformat()[:7], a.score.overall) for a in history], 0, 100)
    lens = Lens(request.user, actor.pk, request)
    sites = list(actor.sites.all())
    links = []
    if lens.sees[DatumKind.RELATIONSHIPS]:
        links = list(actor.supplier_links.select_related("supplier")) + list(
            actor.buyer_links.select_related("buyer"))
    return render(request, "assessments/actor_detail.html", {
        "actor": actor, "history": history, "chart": chart, "sees": lens.sees,
        "regions": sorted({s.region for s in sites}), "sites": sites if lens.sees[DatumKind.COORDINATES] else [],
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
    if latest is not None:
        score = latest.score
        criteria = {c.code: c for c in Criterion.objects.filter(version=latest.version_id)}
        modules = {m.code: m for m in latest.version.modules.all()}
        context["module_chart"] = charts.bar_chart(
            _("Module scores"), [(f"{c}. {modules[c].title}", v) for c, v in score.modules.items() if c in modules],
            thresholds=[25, 40, 60])
        context["module_rows"] = [(modules[c], v) for c, v in score.modules.items() if c in modules]
        rules = scoring.rules_for(latest.version)
        gap = gap_to_next_level(rules, scoring.answers_of(latest), actor.role)
        context["gap"] = gap
        # Each row reveals an answer: only those the viewer may see; what blocks a level names gate findings.
        context["gap_rows"] = [(criteria[i.code], i.current, i.target) for i in gap.improvements
                               if lens.can(DatumKind.ANSWERS, criteria[i.code].disclosure)]
        context["blocker_rows"] = [criteria.get(code) for code in gap.blockers if code in criteria] \
            if lens.can(DatumKind.GATE_FINDINGS) else []
        labels = [a.date.isoformat()[:7] for a in history]
        context["progress_chart"] = charts.line_chart(_("Progress against the baseline"),
                                                      list(zip(labels, [a.score.progress for a in history],
                                                               strict=True)))
        context["risk_chart"] = charts.line_chart(_("Residual risk (0 = none left)"),
                                                  list(zip(labels, [a.score.residual_risk for a in history],
                                                           strict=True)), 0, 100)
        first = history[0].score.explanation.get("indicators", {})
        last = score.explanation.get("indicators", {})
        context["indicators"] = [
            (criteria[code], first.get(code), value,
             None if first.get(code) is None else (value - first[code]) * (1 if criteria[code].better == "higher"
                                                                           else -1))
            for code, value in sorted(last.items())
            if code in criteria and lens.can(DatumKind.INDICATORS, criteria[code].disclosure)
        ]
    context["commitments"] = (Commitment.objects.filter(assessment__actor=actor, status=CommitmentStatus.OPEN)
                              .exclude(assessment__status=AssessmentStatus.DRAFT)
                              .select_related("criterion").order_by("due")) if lens.sees[DatumKind.COMMITMENTS] \
        else []
    context["today"] = date.today()
    if role == "admin":
        context["sharing"] = sharing_rows(actor)
    return render(request, "assessments/actor_dashboard.html", context)


