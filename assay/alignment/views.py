"""Pages of the alignment self-check and the crosswalks: parse, call a service or a builder, render."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assay.accounts.roles import is_secretariat
from assay.assessments.models import Assessment
from assay.lib.exports import workbook_response
from assay.lib.pdf import render_pdf
from assay.standards.models import Criterion, Standard
from assay.standards.selectors import by_version_number, version_get, visible_versions

from . import crosswalk_report, services
from .crosswalk_io import CrosswalkFileError
from .forms import CrosswalkImportForm, RatingForm
from .models import Crosswalk
from .reference import guidance, reference
from .selfcheck import DIRECTIONS, compare, self_check

FORMATS = ("html", "pdf", "xlsx")


def reference_page(request: HttpRequest) -> HttpResponse:
    """The OECD reference list, the method, and each visible version's self-check."""
    versions = by_version_number(visible_versions(request.user))
    return render(request, "alignment/reference.html", {
        "items": reference(), "guidance": guidance(), "versions": versions,
        "crosswalks": Crosswalk.objects.select_related("standard")})


def selfcheck_page(request: HttpRequest, slug: str, label: str, fmt: str = "html") -> HttpResponse:
    """One version's self-check (public when the version is; a draft's for the secretariat), as page, PDF, XLSX."""
    if fmt not in FORMATS:
        raise Http404
    version = version_get(request.user, slug, label)
    check = self_check(version)
    others = [v for v in by_version_number(visible_versions(request.user).filter(standard=version.standard))
              if v.pk != version.pk]
    context = {"check": check, "version": version, "lang": get_language() or "en", "others": others,
               "may_rate": is_secretariat(request.user) and not version.is_frozen}
    name = f"{slug}-{label}-oecd-alignment"
    if fmt == "pdf":
        return render_pdf(request, "alignment/selfcheck_pdf.html", context, f"{name}.pdf")
    if fmt == "xlsx":
        header = [_("Item"), _("Reference"), _("Recommendation"), _("Rating"), _("Criteria"), _("Reason")]
        rows = [[r.item.code, r.item.ref, r.item.title, r.rating_label, ", ".join(c.code for c in r.criteria),
                 r.reason] for r in check.rows]
        gaps = [row for row, r in zip(rows, check.rows, strict=True) if r.is_gap]
        return workbook_response(name, [(_("Self-check"), header, rows), (_("Gaps"), header, gaps)])
    return render(request, "alignment/selfcheck.html", context)


def compare_page(request: HttpRequest, slug: str, fmt: str = "html") -> HttpResponse:
    """Two versions' self-checks side by side: what improved, what regressed."""
    if fmt not in FORMATS:
        raise Http404
    standard = get_object_or_404(Standard, slug=slug)
    versions = by_version_number(visible_versions(request.user).filter(standard=standard))
    if not versions:
        raise Http404
    by_label = {v.label: v for v in versions}
    old = by_label.get(request.GET.get("from", ""), versions[0])
    new = by_label.get(request.GET.get("to", ""), versions[-1])
    changes = compare(old, new)
    directions = {k: str(f()) for k, f in DIRECTIONS.items()}
    context = {"standard": standard, "versions": versions, "old": old, "new": new, "changes": changes,
               "directions": directions, "lang": get_language() or "en",
               "counts": {k: sum(c.direction == k for c in changes) for k in DIRECTIONS}}
    name = f"{slug}-{old.label}-{new.label}-oecd-alignment"
    if fmt == "pdf":
        return render_pdf(request, "alignment/compare_pdf.html", context, f"{name}.pdf")
    if fmt == "xlsx":
        header = [_("Item"), _("Reference"), _("Recommendation"), old.label, new.label, _("Change"),
                  _("Reason in %(label)s") % {"label": new.label}]
        rows = [[c.item.code, c.item.ref, c.item.title, c.old.rating_label, c.new.rating_label,
                 directions[c.direction], c.new.reason] for c in changes]
        return workbook_response(name, [(_("Comparison"), header, rows)])
    return render(request, "alignment/compare.html", context)


def rate_page(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    """The secretariat rates a reference item for a version that is not published (POST), or reads the form."""
    if not is_secretariat(request.user):
        raise PermissionDenied
    version = version_get(request.user, slug, label)
    criteria = Criterion.objects.filter(version=version).order_by("module__position", "position")
    if request.method == "POST":
        form = RatingForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                actor = cast(User, request.user)  # the secretariat: signed in
                if not version.alignment_ratings.exists():
                    services.alignment_seed(actor=actor, version=version)
                services.alignment_rate(actor=actor, version=version, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The rating of %(item)s is saved.") % {"item": form.cleaned_data["item"]})
                return redirect("alignment:selfcheck", slug, label)
    else:
        code = request.GET.get("item", "")
        row = version.alignment_ratings.filter(item=code).first()
        form = RatingForm(initial={"item": code, "rating": row.rating if row else "not",
                                   "criteria": row.criteria if row else [], "reason": row.reason if row else ""},
                          criteria=criteria)
    return render(request, "alignment/rate.html", {"version": version, "form": form})


def crosswalk_list(request: HttpRequest) -> HttpResponse:
    """The crosswalks; the secretariat imports one from a CSV file (POST), every bad row reported."""
    problems: list[str] = []
    may_import = is_secretariat(request.user)
    form = CrosswalkImportForm()
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = CrosswalkImportForm(request.POST, request.FILES)
        standard = Standard.objects.order_by("pk").first()
        if form.is_valid() and standard is not None:
            data = form.cleaned_data
            try:
                crosswalk = services.crosswalk_import(actor=cast(User, request.user), standard=standard,
                                                      slug=data["slug"],
                                                      name=data["name"], scheme=data["scheme"],
                                                      raw=data["file"].read())
            except CrosswalkFileError as exc:
                problems = exc.problems
            else:
                messages.success(request, _("Crosswalk imported: %(n)s rows.") % {"n": crosswalk.links.count()})
                return redirect("alignment:crosswalk", crosswalk.slug)
    return render(request, "alignment/crosswalks.html", {
        "crosswalks": Crosswalk.objects.select_related("standard"), "form": form, "problems": problems,
        "may_import": may_import}, status=400 if problems else 200)


def crosswalk_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A crosswalk's requirements and the criteria that cover them (no actor data)."""
    crosswalk = get_object_or_404(Crosswalk.objects.select_related("standard"), slug=slug)
    return render(request, "alignment/crosswalk.html", {"crosswalk": crosswalk, "links": crosswalk.links.all()})


def crosswalk_report_page(request: HttpRequest, pk: int, slug: str, fmt: str = "html") -> HttpResponse:
    """A verified assessment against another scheme's requirements; each answer where the viewer may see it."""
    if fmt not in FORMATS:
        raise Http404
    assessment = get_object_or_404(Assessment.objects.select_related("actor", "version__standard"), pk=pk)
    crosswalk = get_object_or_404(Crosswalk, slug=slug, standard=assessment.version.standard_id)
    if not crosswalk_report.may_open(assessment):
        raise Http404
    report = crosswalk_report.build(request.user, assessment, crosswalk, request)
    context: dict[str, Any] = {"report": report, "a": assessment, "crosswalk": crosswalk,
                               "lang": get_language() or "en"}
    name = f"{assessment.actor.slug}-{assessment.date:%Y-%m-%d}-{crosswalk.slug}"
    if fmt == "pdf":
        return render_pdf(request, "alignment/crosswalk_report_pdf.html", context, f"{name}.pdf")
    if fmt == "xlsx":
        header = [_("Requirement"), _("Title"), _("Criterion"), _("Finding"), _("Notes")]
        withheld = _("withheld")
        rows = [[r.code, r.title, c.criterion.code if c.criterion else c.key,
                 withheld if c.value is None else c.value, c.notes] for r in report.requirements for c in r.covers]
        return workbook_response(name, [(crosswalk.scheme, header, rows)])
    return render(request, "alignment/crosswalk_report.html", context)
