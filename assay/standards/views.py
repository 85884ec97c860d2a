"""Public pages of the standard: thin views that parse the request, call a selector, render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from assay.domain import redline
from assay.lib.pdf import pdf_download

from . import documents, selectors
from .models import ActorRole, Criterion, Kind, OecdStep, Standard, Tier


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    standard = get_object_or_404(Standard, slug=slug)
    version = selectors.current_version(request.user, standard)
    if version is None:
        raise Http404
    return redirect("standards:version", slug=slug, label=version.label)


def version_browser(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(request.user, slug, label)
    f = selectors.CriteriaFilter(
        tier=_int(request.GET.get("tier")),
        kind=request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else "",
        oecd_step=_int(request.GET.get("step")),
        role=request.GET.get("role", "") if request.GET.get("role") in ActorRole.values else "",
        q=request.GET.get("q", "").strip()[:100],
    )
    modules = selectors.version_modules(version, f)
    shown = sum(len(m.shown) for m in modules)
    lang = get_language() or "en"
    return render(request, "standards/version_browser.html", {
        "pdf_size": documents.version_pdf_size(version, lang), "yaml_size": documents.version_yaml_size(version),
        "version": version, "standard": version.standard, "modules": modules, "filter": f, "shown": shown,
        "tiers": Tier.choices, "kinds": Kind.choices, "steps": OecdStep.choices, "roles": ActorRole.choices,
    })


def criterion_detail(request: HttpRequest, slug: str, label: str, code: str) -> HttpResponse:
    version = selectors.version_get(request.user, slug, label)
    criterion = get_object_or_404(version.criteria.select_related("module"), code=code)
    return render(request, "standards/criterion_detail.html", {
        "version": version, "standard": version.standard, "criterion": criterion, "module": criterion.module,
    })


def version_history(request: HttpRequest, slug: str) -> HttpResponse:
    standard = get_object_or_404(Standard, slug=slug)
    versions = selectors.by_version_number(selectors.visible_versions(request.user).filter(standard=standard),
                                           newest_first=True)
    if not versions:
        raise Http404
    lang = get_language() or "en"
    # a handful of versions per standard: two small reads each
    rows = [(v, documents.version_pdf_size(v, lang), documents.version_yaml_size(v)) for v in versions]
    return render(request, "standards/version_history.html", {"standard": standard, "versions": versions,
                                                              "rows": rows})


def version_compare(request: HttpRequest, slug: str) -> HttpResponse:
    standard = get_object_or_404(Standard, slug=slug)
    old = selectors.version_get(request.user, slug, request.GET.get("from", ""))
    new = selectors.version_get(request.user, slug, request.GET.get("to", ""))
    # Compared in the page's language where both sides are translated and current; in English elsewhere.
    before, after, in_english = selectors.redline_snapshots(old, new, (get_language() or "en")[:2])
    changes = redline.compare(before, after)
    label = {f.name: f.verbose_name for f in Criterion._meta.fields}
    for change in changes:  # field names as the reader's language calls them
        change.labelled_texts = [(label[name], segments) for name, segments in change.text_diffs.items()]
        change.labelled_attributes = [(label[name], pair) for name, pair in change.attribute_changes.items()]
    show_all = request.GET.get("all") == "1"
    return render(request, "standards/version_compare.html", {
        "standard": standard, "old": old, "new": new, "summary": redline.summary(changes), "in_english": in_english,
        "changes": changes if show_all else [c for c in changes if c.is_noteworthy], "show_all": show_all,
        "versions": selectors.by_version_number(selectors.visible_versions(request.user).filter(standard=standard),
                                                newest_first=True),
    })


def version_pdf(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(request.user, slug, label)
    lang = get_language() or "en"
    # The same permission check as the page (version_get) before anything stored is read.
    return pdf_download(documents.version_pdf(version, lang), f"{slug}-{label}-{lang}.pdf")


def version_yaml(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    version = selectors.version_get(request.user, slug, label)
    response = HttpResponse(documents.version_yaml(version), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}-{label}.yaml"'
    return response


