"""Rankings, award shortlists, the impact report, the secretariat's dashboard and the actor's report. Thin: the
numbers come from rankings.py, impact.py and actor_report.py, the decisions about what a viewer may see from
assay.disclosure.access."""

import hmac
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from assay.assessments.models import Assessment, AssessmentKind, AssessmentStatus, CommitmentStatus
from assay.assessments.permissions import member_role
from assay.disclosure.access import PathLens
from assay.domain.disclosure import Standing
from assay.domain.scoring.ranking import LEVEL_NOT_PUBLIC, NO_VALUE, TIER1_BREACH
from assay.lib import charts, exports
from assay.lib.fingerprint import fingerprint
from assay.lib.forms import add_service_error
from assay.lib.http import SignedInRequest
from assay.lib.pdf import kept_pdf, kept_pdf_size, pdf_download, qr_data_uri, render_pdf
from assay.registry.models import Actor, MemberRole, Mineral, RelationshipKind
from assay.standards.models import ActorRole, Level

from . import (
    actor_report,
    claims,
    impact,
    impact_documents,
    rankings,
    secretariat,
    services,
    summaries,
    supply_chain,
    support,
)
from .forms import ClaimForm, EngagementForm, ReportShareForm, ShortlistForm, WithdrawForm
from .models import Category, GroupBy, ReportShare, Shortlist, SupplyChainClaim

PAGE = 50
SUPPLY_CHAIN_PAGE = 100
REASONS = {NO_VALUE: gettext_lazy("no progress to compare (no verified assessment far enough back, or incomplete)"),
           LEVEL_NOT_PUBLIC: gettext_lazy("level not public"), TIER1_BREACH: gettext_lazy("open Tier I breach")}


def _date(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def period_and_filters(request: HttpRequest) -> tuple[date, date, rankings.Filters]:
    start, end = rankings.default_period()
    start, end = _date(request.GET.get("from"), start), _date(request.GET.get("to"), end)
    if end < start:
        messages.error(request, _("The period must end after it starts."))
        start, end = rankings.default_period()
    minerals, roles = set(Mineral.values), set(ActorRole.values)
    return start, end, rankings.Filters(
        country=request.GET.get("country", "").upper()[:2], mineral=request.GET.get("mineral", "")
        if request.GET.get("mineral", "") in minerals else "",
        role=request.GET.get("role", "") if request.GET.get("role", "") in roles else "")


def _ranking(request: HttpRequest, category: str) -> "rankings.Ranking | summaries.StoredRanking":
    start, end, filters = period_and_filters(request)
    return summaries.ranking(category, start, end, filters)


def _rows(ranking: "rankings.Ranking | summaries.StoredRanking", ranked: list) -> list[dict[str, Any]]:
    rows = []
    actors = ranking.actors_of([int(r.candidate.actor) for r in ranked])
    for r in ranked:
        actor = actors[int(r.candidate.actor)]
        row = {"rank": r.rank, "actor": actor, "value": float(r.candidate.value), "level": r.candidate.level,
               "on": r.candidate.on, "detail": r.candidate.detail}
        rows.append(row)
    return rows


def ranking_page(request: HttpRequest, category: str = Category.PRODUCERS) -> HttpResponse:
    if category not in Category.values:
        category = Category.PRODUCERS
    ranking = _ranking(request, category)
    page = Paginator(ranking.ranked, PAGE).get_page(request.GET.get("page"))
    rows = _rows(ranking, list(page))
    top = [(r["actor"]["name"], r["value"]) for r in rows[:10]]
    named = request.user.has_perm("reporting.see_excluded_names")
    query = request.GET.copy()
    query.pop("page", None)
    rules = rankings.current_rules()
    return render(request, "reporting/ranking.html", {
        "rules": rules, "counting_kinds": ", ".join(
            str(AssessmentKind(k).label) for k in AssessmentKind.values if rules.assurance.allows("progress", k)),
        "ranking": ranking, "category": category, "page": page, "rows": rows, "query": query.urlencode(),
        "chart": charts.bar_chart(_("Top ten"), top, maximum=max([1.0] + [v for _n, v in top])) if top else "",
        "excluded": [(REASONS[k], n) for k, n in rankings.withheld(ranking.excluded_counts(), named).items()],
        "as_of": ranking.as_of,
        "min_group": settings.ASSAY_MIN_GROUP,
        "excluded_names": [(e.candidate.name, REASONS[e.reason]) for e in ranking.excluded] if named else [],
        "countries": sorted(countries, key=lambda c: c[1]), "minerals": Mineral.choices,
        "roles": [r for r in ActorRole.choices if r[0] != "producer"], "categories": Category.choices,
    })


def credit_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Why a downstream actor earned its enabled impact: the producers, their progress, the weights and paths."""
    actor = get_object_or_404(Actor.objects.exclude(role="producer"), slug=slug)
    start, end, _filters = period_and_filters(request)
    result, as_of = summaries.credit(actor.pk, start, end)
    names = dict(Actor.objects.filter(pk__in={a for c in result["contributions"] for p in c["paths"] for a in p})
                 .values_list("id", "name"))
    shown, hidden = rankings.disclosed(result["contributions"], names, PathLens(request.user))
    query = request.GET.copy()
    return render(request, "reporting/credit.html", {
        "rules": rankings.current_rules(),
        "actor": actor, "value": float(result["value"]), "contributions": shown, "hidden": hidden,
        "start": start, "end": end, "query": query.urlencode(), "as_of": as_of,
        "chart": charts.bar_chart(_("Credit by producer"), [(c["name"], c["credit"]) for c in shown[:10]],
                                  maximum=max([1.0] + [c["credit"] for c in shown[:10]])) if shown else ""})


def ranking_export(request: HttpRequest, category: str, fmt: str) -> HttpResponse:
    if category not in Category.values:
        category = Category.PRODUCERS
    ranking = _ranking(request, category)
    header = [_("Rank"), _("Name"), _("Country"), _("Level"), _("Date"),
              _("Progress") if category == Category.PRODUCERS else _("Enabled impact")]
    extra = ([_("Baseline date"), _("Overall change"), _("Level change"), _("CAHRA multiplier")]
             if category == Category.PRODUCERS else [])
    rows = []
    ranked = list(ranking.ranked)
    actors = ranking.actors_of([int(r.candidate.actor) for r in ranked])
    for r in ranked:
        a, d = actors[int(r.candidate.actor)], r.candidate.detail
        row = [r.rank, a["name"], a["country"], r.candidate.level, r.candidate.on.isoformat() if r.candidate.on
               else "", round(float(r.candidate.value), 2)]
        if category == Category.PRODUCERS:
            p = d.get("progress") or {}
            row += [d["a0"]["date"].isoformat() if d.get("a0") else "", p.get("overall_change"),
                    p.get("level_change"), p.get("cahra_multiplier")]
        rows.append(row)
    return exports.table_response(f"ranking-{category}-{ranking.start}-{ranking.end}", fmt, header + extra, rows)


def _jury(request: HttpRequest) -> None:
    if not request.user.has_perm("reporting.read_shortlists"):
        raise PermissionDenied


def shortlist_list(request: SignedInRequest) -> HttpResponse:
    _jury(request)
    start, end = rankings.default_period()
    if request.method == "POST":
        if not request.user.has_perm("reporting.freeze_shortlist"):
            raise PermissionDenied
        form = ShortlistForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter the dates as YYYY-MM-DD and the size as a whole number."))
        else:
            try:
                snapshot = services.shortlist_freeze(actor=request.user, **form.freeze_arguments())
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                return redirect("reporting:shortlist", snapshot.pk)
    return render(request, "reporting/shortlists.html", {
        "shortlists": Shortlist.objects.all(), "categories": Category.choices, "groupings": GroupBy.choices,
        "start": start, "end": end, "can_freeze": request.user.has_perm("reporting.freeze_shortlist"),
        "minerals": Mineral.choices})


def _groups_of(snapshot: Shortlist) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for entry in snapshot.entries.all():
        groups.setdefault(entry.group, []).append(entry)
    labels = dict(countries) if snapshot.group_by == GroupBy.COUNTRY else dict(Mineral.choices)
    return [(str(labels.get(g, g)) if g else "", entries) for g, entries in groups.items()]


def shortlist_detail(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    _jury(request)
    snapshot = get_object_or_404(Shortlist, pk=pk)
    lang = get_language() or "en"
    context: dict[str, Any] = {"shortlist": snapshot, "groups": _groups_of(snapshot), "lang": lang}
    if fmt in ("pdf", "html"):
        # A frozen shortlist never changes: its PDF is rendered once per language (after the jury check above).
        pdf_html = render_to_string("reporting/shortlist_pdf.html", context, request)
        if fmt == "pdf":
            return pdf_download(kept_pdf("shortlist-pdf", snapshot.pk, lang, pdf_html),
                                f"shortlist-{snapshot.pk}.pdf")
        context["pdf_size"] = kept_pdf_size("shortlist-pdf", snapshot.pk, lang, pdf_html)
    if fmt in ("xlsx", "csv"):
        producers = snapshot.category == Category.PRODUCERS
        header = [_("Group"), _("Position"), _("Overall rank"), _("Name"), _("Country"), _("Level"), _("Date"),
                  _("Progress") if producers else _("Enabled impact"), _("Evidence summary")]
        rows = [[label, e.position, e.rank, e.actor_name, str(e.country), e.level,
                 e.on.isoformat() if e.on else "", round(e.value, 2), summary(e.evidence, producers)]
                for label, entries in context["groups"] for e in entries]
        return exports.table_response(f"shortlist-{snapshot.pk}", fmt, header, rows)
    return render(request, "reporting/shortlist.html", context)


def summary(evidence: dict[str, Any], producers: bool) -> str:
    """One line of evidence for a spreadsheet cell."""
    if producers:
        a0, a1 = evidence.get("a0") or {}, evidence.get("a1") or {}
        # frozen before commitments were verified: their counts were "done" and "open"
        c = evidence.get("commitments") or {"verified": 0, "done": evidence.get("commitments_done", 0),
                                            "open": evidence.get("commitments_open", 0), "lapsed": 0}
        return (_("from %(d0)s (level %(l0)s, %(o0).0f) to %(d1)s (level %(l1)s, %(o1).0f), %(kind)s; "
                  "CAHRA multiplier %(m)s; commitments: %(verified)s verified, %(done)s done and waiting for "
                  "verification, %(open)s open, %(lapsed)s lapsed; %(files)s evidence files") % {
            "d0": a0.get("date", "—"), "l0": a0.get("level"), "o0": a0.get("overall") or 0,
            "d1": a1.get("date"), "l1": a1.get("level"), "o1": a1.get("overall") or 0,
            "kind": AssessmentKind(a1["kind"]).label if a1.get("kind") in AssessmentKind.values else "—",
            "m": evidence.get("cahra_multiplier"), "files": a1.get("evidence_files", 0), **c})
    unnamed = evidence.get("unnamed") or {}
    return _("%(n)s producers credited; most from: %(top)s; through relationships that are not public: %(k)s "
             "(%(credit).1f)") % {
        "n": evidence.get("producers_credited", 0), "k": unnamed.get("count", 0), "credit": unnamed.get("credit", 0),
        "top": ", ".join(f"{t['producer']} ({t['credit']:.1f})" for t in evidence.get("top", [])) or "—"}



def _impact_context(request: HttpRequest) -> tuple[dict[str, Any], impact.Report, Any]:
    """The page's context, the report's figures (labels untranslated) and its summary (None: computed now)."""
    start, end, filters = period_and_filters(request)
    figures, as_of = summaries.impact_figures(start, end, rankings.Filters(country=filters.country,
                                                                           mineral=filters.mineral))
    context = impact_documents.context(figures)
    context.update({"query": request.GET.copy().urlencode(), "as_of": as_of})
    return context, figures, as_of


def _impact_pdf(request: HttpRequest, forum: bool) -> HttpResponse:
    context, figures, as_of = _impact_context(request)
    report = context["report"]
    snapshot = summaries.stored(summaries.IMPACT, report.start, report.end) if as_of is not None else None
    name = "impact-forum" if forum else "impact-report"
    return pdf_download(impact_documents.impact_pdf(figures, snapshot, context["lang"], forum),
                        f"{name}-{report.start}-{report.end}-{context['lang']}.pdf")


def impact_report(request: HttpRequest, fmt: str = "html") -> HttpResponse:
    """The impact report as a page, a PDF (in the page's language), an XLSX (a sheet per table) or a CSV."""
    if fmt == "pdf":
        return _impact_pdf(request, forum=False)
    context, _figures, _as_of = _impact_context(request)
    report = context["report"]
    name = f"impact-report-{report.start}-{report.end}"
    if fmt == "csv":
        rows = [[t.title, label, column, "" if value is None else value]
                for t in report.tables for label, values in t.rows for column, value in zip(t.columns, values,
                                                                                          strict=True)]
        return exports.table_response(name, "csv", [_("Table"), _("Row"), _("Column"), _("Value")], rows)
    if fmt == "xlsx":
        return exports.workbook_response(name, [(t.title, ["", *t.columns], [[label, *values]
                                                                          for label, values in t.rows])
                                                for t in report.tables])
    return render(request, "reporting/impact.html", context)


def impact_forum_pdf(request: HttpRequest) -> HttpResponse:
    """The impact report for the forum: a page of headline figures with charts, then the report in the OECD's
    frame (by step, by Annex II risk, the broader risks), in the page's language; the same figures as the page."""
    return _impact_pdf(request, forum=True)


def secretariat_dashboard(request: HttpRequest, table: str = "", fmt: str = "html") -> HttpResponse:
    if not request.user.has_perm("reporting.view_secretariat_dashboard"):
        raise PermissionDenied
    data = secretariat.tables()
    if table:
        if table not in data:

            raise Http404
        header, rows = data[table]
        return exports.table_response(f"secretariat-{table}", fmt, header, rows)
    participation = data["participation"][1]
    hot = data["hot_spots"][1]
    return render(request, "reporting/secretariat.html", {
        "data": data,
        "participation_chart": charts.line_chart(_("Assessments per quarter"),
                                                 [(q, n) for q, n, _v, _a in participation], y_min=0),
        "hot_chart": charts.bar_chart(_("Producers with the risk unaddressed"),
                                      [(f"{c} {code}", n) for c, code, _t, n, _a in hot],
                                      maximum=max([1.0] + [n for *_x, n, _a in hot])),
    })


@login_required
def supply_chain_page(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """A buyer's suppliers, tier by tier, as far as the viewer may see each (reporting.supply_chain)."""
    buyer = get_object_or_404(Actor.objects.exclude(role="producer"), slug=slug)
    if not supply_chain.may_view(request.user, buyer):
        raise Http404  # a buyer's supply chain is its own: others are not told it exists
    mineral = request.GET.get("mineral", "")
    mineral = mineral if mineral in Mineral.values else ""
    sort = request.GET.get("sort", "tier")
    try:
        tiers = int(request.GET.get("tiers", "")) if request.GET.get("tiers") else None
    except ValueError:
        tiers = None
    sort = sort if sort in supply_chain.SORTS else "tier"
    if fmt in ("csv", "xlsx"):
        chain = supply_chain.supply_chain(request.user, buyer, mineral=mineral, tiers=tiers, sort=sort,
                                          request=request)
        names = dict(Mineral.choices)
        header = [pgettext("supply chain", "Tier"), _("Name"), _("Role"), _("Country"), _("Minerals"), _("Level"),
                  _("Assessment"),
                  _("Date"), _("Verified by"), _("Progress"), _("Open commitments"), _("Lapsed commitments"),
                  _("Tier I breach"), _("Tier II risks not yet addressed")]
        roles = dict(ActorRole.choices)
        rows: list[list[Any]] = [[s.tier, s.name, str(roles.get(s.role, s.role)), s.country,
                 ", ".join(str(names.get(m, m)) for m in s.minerals), s.score.level if s.score.at_level else None,
                 str(AssessmentKind(s.score.kind).label) if s.score.kind in AssessmentKind.values else "",
                 s.score.date, s.score.verifier or "", s.score.progress,
                 s.commitments["open"] if s.commitments else None, s.commitments["lapsed"] if s.commitments else None,
                 None if s.tier1_breach is None else (_("yes") if s.tier1_breach else _("no")), s.tier2_open]
                for s in chain.suppliers]
        rows += [[tier, _("%(n)s suppliers you may not see named") % {"n": n}] + [None] * 12
                 for tier, n in sorted(chain.unnamed.items())]
        return exports.table_response(f"{buyer.slug}-supply-chain", fmt, header, rows)
    if fmt != "html":
        raise Http404
    try:  # one window of the suppliers on the page (a phone is not sent thousands of rows); the files hold all
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    chain = supply_chain.supply_chain(request.user, buyer, mineral=mineral, tiers=tiers, sort=sort, request=request,
                                      offset=(number - 1) * SUPPLY_CHAIN_PAGE, limit=SUPPLY_CHAIN_PAGE)
    page = Paginator(range(chain.named), SUPPLY_CHAIN_PAGE).get_page(chain.offset // SUPPLY_CHAIN_PAGE + 1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "reporting/supply_chain.html", {
        "buyer": buyer, "chain": chain, "minerals": Mineral.choices, "sort": sort, "page": page,
        "pager_query": query.urlencode(), "sorts": [
            ("tier", pgettext("supply chain", "tier")), ("name", _("name")), ("level", _("level")),
            ("progress", _("progress"))],
        "tier_choices": range(1, supply_chain.max_tiers() + 1), "query": request.GET.urlencode(),
        "today": chain.on})


def _reported(request: HttpRequest, pk: int, part: str) -> Assessment:
    """The assessment whose report this viewer may open (a draft never); others are not told it exists."""
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard", "reviewed_by"),
                                   pk=pk)
    held = actor_report.report_standings(request.user, assessment)
    if not actor_report.may_open(request.user, assessment, part, held):
        raise Http404
    return assessment


def _report_language(request: HttpRequest) -> str:
    """The page's language, or the one `?lang=` asks for (any of settings.LANGUAGES)."""
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else (get_language() or "en")


def actor_report_page(request: HttpRequest, pk: int, part: str, fmt: str = "html",
                      share_form: ReportShareForm | None = None) -> HttpResponse:
    """One assessment's summary (public data) or full report (network data), as a page or a PDF in the language
    chosen; each datum only where the disclosure policy lets this viewer see it (actor_report.build)."""
    if part not in actor_report.PARTS or fmt not in ("html", "pdf"):
        raise Http404
    if part == actor_report.FULL and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    assessment = _reported(request, pk, part)
    lang = _report_language(request) if fmt == "pdf" else (get_language() or "en")
    with translation.override(lang):
        report = actor_report.build(request.user, assessment, part, request)
        verify_url = request.build_absolute_uri(actor_report.verify_path(assessment, report.fingerprint))
        context: dict[str, Any] = {
            "report": report, "a": assessment, "lang": lang, "verify_url": verify_url,
            "kind_label": AssessmentKind(assessment.kind).label, "status_label": AssessmentStatus(
                assessment.status).label, "states": {"lapsed": _("lapsed"), **dict(CommitmentStatus.choices)},
            "languages": settings.LANGUAGES, "today": date.today(),
        }
        if fmt == "pdf":
            context["qr"] = qr_data_uri(verify_url)
            name = f"{assessment.actor.slug}-{assessment.date:%Y-%m-%d}-{part}-{lang}.pdf"
            return render_pdf(request, "reporting/actor_report_pdf.html", context, name)
    if report.may_share:
        context["share_form"] = share_form or ReportShareForm()
    return render(request, "reporting/actor_report.html", context)


def actor_report_pdf(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    return actor_report_page(request, pk, part, fmt="pdf")


@login_required
@require_POST
def report_shares(request: SignedInRequest, pk: int) -> HttpResponse:
    """An admin of the assessed actor shares the full report with a buyer, or revokes a share (the services judge
    who may); for anyone who is not a member of the actor the page does not exist."""
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard"), pk=pk)
    held = actor_report.report_standings(request.user, assessment)
    if Standing.MEMBER not in held and not request.user.is_superuser:
        raise Http404  # whom an actor shares its reports with is its own business
    if request.POST.get("action") == "revoke":
        raw = request.POST.get("share", "")
        share = ReportShare.objects.filter(pk=int(raw), assessment=assessment).first() if raw.isdigit() else None
        try:
            if share is None:
                raise ValidationError(_("Choose a share of this report to revoke."))
            services.report_share_revoke(actor=request.user, share=share)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The share with %(buyer)s is revoked.") % {"buyer": share.buyer.name})
        return redirect("reporting:actor_report", pk, actor_report.FULL)
    form = ReportShareForm(request.POST)
    if form.is_valid():
        try:
            share = services.report_share(actor=request.user, assessment=assessment, buyer=form.cleaned_data["buyer"])
        except ValidationError as exc:
            if member_role(request.user, assessment.actor_id) != MemberRole.ADMIN:  # the form is an admin's only
                messages.error(request, " ".join(exc.messages))
                return redirect("reporting:actor_report", pk, actor_report.FULL)
            add_service_error(form, exc)
        else:
            messages.success(request, _("The full report is shared with %(buyer)s.") % {"buyer": share.buyer.name})
            return redirect("reporting:actor_report", pk, actor_report.FULL)
    messages.error(request, _("Nothing was shared: please correct the form below."))
    if not actor_report.may_open(request.user, assessment, actor_report.FULL, held):
        return redirect("reporting:actor_report", pk, actor_report.FULL)  # a draft has no report to show the form on
    return actor_report_page(request, pk, actor_report.FULL, share_form=form)


def report_verify(request: HttpRequest, pk: int, fp: str) -> HttpResponse:
    """Anyone holding a report may check it: with its fingerprint, the page shows what the summary says now (its
    public data only). A fingerprint that does not match, and an assessment that has no report, look the same."""
    assessment = (Assessment.objects.select_related("actor", "version__standard")
                  .filter(pk=pk, status__in=actor_report.REPORTABLE).first())
    content = None
    if assessment is not None:
        current = actor_report.public_content(assessment, getattr(assessment, "score", None))
        if hmac.compare_digest(fingerprint(current), fp.lower()[:64]):
            content = current
    level = None
    if assessment is not None and content is not None and content["level"]:
        level = Level.objects.filter(version=assessment.version_id, rank=content["level"]).first()
    return render(request, "reporting/report_verify.html", {
        "content": content, "fp": fp[:64], "a": assessment if content is not None else None, "level": level,
        "kind_label": AssessmentKind(content["kind"]).label if content else "",
        "status_label": AssessmentStatus(content["status"]).label if content else "",
    })


# ------------------------------------------------------------------------------ the buyer's workspace (issue 14)

def _buyer_for(request: HttpRequest, slug: str) -> Actor:
    """A buyer whose workspace the viewer may read (its members, the secretariat); others are not told it exists."""
    buyer = get_object_or_404(Actor.objects.exclude(role="producer"), slug=slug)
    if not supply_chain.may_view(request.user, buyer):
        raise Http404
    return buyer


@login_required
def support_page(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """Who needs support in a buyer's supply chain, and why (reporting.support); CSV and XLSX too."""
    buyer = _buyer_for(request, slug)
    mineral = request.GET.get("mineral", "")
    mineral = mineral if mineral in Mineral.values else ""
    sort = request.GET.get("sort", "reasons")
    sort = sort if sort in support.SORTS else "reasons"
    result = support.who_needs_support(request.user, buyer, mineral=mineral, sort=sort, request=request)
    kinds = dict(RelationshipKind.choices)
    if fmt in ("csv", "xlsx"):
        header = [pgettext("supply chain", "Tier"), _("Name"), _("Country"), _("Level"), _("Overall score"),
                  _("Points to the next level"), _("Last verified assessment"), _("Tier II risks not yet addressed"),
                  _("Lapsed commitments"), _("Reasons"), _("Support engagements")]
        rows: list[list[Any]] = [
            [n.supplier.tier, n.supplier.name, n.supplier.country,
             n.supplier.score.level if n.supplier.score.at_level else None, n.supplier.score.overall, n.gap,
             n.supplier.last_verified, n.supplier.tier2_open,
             n.supplier.commitments["lapsed"] if n.supplier.commitments else None, "; ".join(n.reason_labels),
             "; ".join(f"{kinds.get(e.kind, e.kind)} {e.start.isoformat()}" for e in n.engagements)]
            for n in result.needs]
        rows += [[tier, _("%(n)s suppliers you may not see named") % {"n": n}] + [None] * 9
                 for tier, n in sorted(result.unnamed.items())]
        return exports.table_response(f"{buyer.slug}-support", fmt, header, rows)
    if fmt != "html":
        raise Http404
    return render(request, "reporting/support.html", {
        "buyer": buyer, "support": result, "minerals": Mineral.choices, "mineral": mineral, "sort": sort,
        "sorts": [("reasons", _("most reasons")), ("gap", _("gap to the next level")),
                  ("assessed", _("oldest assessment")), ("tier", pgettext("supply chain", "tier")),
                  ("name", _("name"))],
        "query": request.GET.urlencode(), "may_engage": support.may_engage(request.user, buyer)})


@login_required
def engagement_new(request: SignedInRequest, slug: str) -> HttpResponse:
    """Record a finance or technical-support engagement with a supplier of the buyer's supply chain."""
    buyer = _buyer_for(request, slug)
    if not support.may_engage(request.user, buyer):
        raise PermissionDenied
    chain = supply_chain.supply_chain(request.user, buyer, sort="name", request=request)
    form = EngagementForm(request.POST or None, initial={
        "supplier": request.GET.get("supplier", ""), "start": date.today(), "kind": RelationshipKind.FINANCE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        supplier = Actor.objects.filter(slug=data["supplier"]).first()
        if supplier is None:
            form.add_error("supplier", _("Choose a supplier."))
        elif data["start"] is None:
            form.add_error("start", _("Enter the start date as YYYY-MM-DD."))
        else:
            try:
                services.engagement_record(actor=request.user, buyer=buyer, supplier=supplier, kind=data["kind"],
                                           start=data["start"], end=data["end"], minerals=data["minerals"],
                                           note=data["note"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Engagement recorded: it counts in the enabled impact of %(buyer)s.")
                                 % {"buyer": buyer.name})
                return redirect("dashboard:support", buyer.slug)
    return render(request, "reporting/engagement_form.html", {
        "buyer": buyer, "form": form, "suppliers": chain.suppliers, "minerals": Mineral.choices,
        "kinds": [(k, kinds) for k, kinds in RelationshipKind.choices if k in support.SUPPORT_KINDS]})


def _claim_context(request: HttpRequest, claim: SupplyChainClaim) -> dict[str, Any]:
    return {"claim": claim, "statement": claims.table(claim.content), "content": claim.content,
            "intact": claims.fingerprint(claim.content) == claim.fingerprint,
            "verify_url": request.build_absolute_uri(reverse("reporting:claim_verify", args=[claim.token])),
            "lang": get_language() or "en"}


@login_required
def claims_page(request: SignedInRequest, slug: str) -> HttpResponse:
    """A buyer's supply-chain claims, and the form to issue one (its admins and editors)."""
    buyer = _buyer_for(request, slug)
    can_issue = claims.may_issue(request.user, buyer)
    start, end = rankings.default_period()
    form = ClaimForm(request.POST or None, initial={"from": start, "to": end, "mineral": (buyer.minerals or [""])[0]})
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied
        if form.is_valid() and form.cleaned_data["from"] and form.cleaned_data["to"]:
            data = form.cleaned_data
            try:
                claim = services.claim_issue(actor=request.user, buyer=buyer, mineral=data["mineral"],
                                             start=data["from"], end=data["to"])
            except ValidationError as exc:
                add_service_error(form, exc, {"end": "to", "start": "from"}.get)
            else:
                messages.success(request, _("Claim issued."))
                return redirect("dashboard:claim", buyer.slug, claim.pk)
        elif form.is_valid():
            form.add_error(None, _("Enter the dates as YYYY-MM-DD."))
    return render(request, "reporting/claims.html", {
        "buyer": buyer, "claims": SupplyChainClaim.objects.filter(buyer=buyer), "form": form,
        "can_issue": can_issue, "minerals": Mineral.choices})


@login_required
def claim_page(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    """One of the buyer's claims as its members see it: the statement, its verification URL, and withdrawal."""
    buyer = _buyer_for(request, slug)
    claim = get_object_or_404(SupplyChainClaim, pk=pk, buyer=buyer)
    can_withdraw = claims.may_withdraw(request.user, buyer) and not claim.withdrawn
    form = WithdrawForm(request.POST or None)
    if request.method == "POST":
        if not can_withdraw:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.claim_withdraw(actor=request.user, claim=claim, reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Claim withdrawn."))
                return redirect("dashboard:claim", buyer.slug, claim.pk)
    return render(request, "reporting/claim.html", {
        **_claim_context(request, claim), "buyer": buyer, "form": form, "can_withdraw": can_withdraw})


def claim_verify(request: HttpRequest, token: str, fmt: str = "html") -> HttpResponse:
    """The public statement of a claim, by its token: what it says, whether it is intact, whether it stands."""
    claim = get_object_or_404(SupplyChainClaim.objects.select_related("buyer"), token=token)
    context = _claim_context(request, claim)
    if fmt == "pdf":
        return render_pdf(request, "reporting/claim_pdf.html", context,
                          f"claim-{claim.buyer.slug}-{claim.mineral}-{claim.start}-{context['lang']}.pdf")
    if fmt != "html":
        raise Http404
    return render(request, "reporting/claim_verify.html", context)
