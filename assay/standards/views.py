"""Public pages of the standard: thin views that parse the request, call a selector, render."""

from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import condition

from assay.domain import redline
from assay.lib.http_cache import since_start
from assay.lib.pdf import pdf_download

from . import documents, selectors
from .models import ActorRole, Criterion, Kind, OecdStep, Standard, StandardVersion, Tier


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    standard = get_object_or_404(Standard, slug=slug)
    version = selectors.current_version(request.user, standard)
    if version is None:
        raise Http404
    return redirect("standards:version", slug=slug, label=version.label)


def _frozen_last_modified(request: HttpRequest, slug: str, label: str, **_kwargs: str) -> datetime | None:
    """Last-Modified of a published version's pages, for anonymous visitors (a signed-in visitor's page has their
    own header): the version's publication or retirement, or the server's start if later (a deploy can change
    templates and translations). None otherwise: the ETag alone then tells a browser its copy is current."""
    if request.user.is_authenticated:
        return None
    changed = selectors.frozen_version_changed(slug, label)
    return None if changed is None else since_start(changed)


@condition(last_modified_func=_frozen_last_modified)
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


@condition(last_modified_func=_frozen_last_modified)
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




def _offline_version(slug: str, label: str) -> StandardVersion:
    """A version that may be saved for offline reading: public and frozen (published or retired), so the saved
    copy never goes stale; a draft or a version still in consultation is a 404, whoever asks."""
    version = selectors.version_get(None, slug, label)
    if not version.is_frozen:
        raise Http404
    return version


def version_offline_manifest(request: HttpRequest, slug: str, label: str) -> JsonResponse:
    """The pages the page script saves for reading one version offline in the request's language: the overview,
    every criterion, the fallback page, the stylesheet and the script. Public pages only (the script fetches
    them without the reader's cookies)."""
    version = _offline_version(slug, label)
    lang = get_language() or "en"
    codes = version.criteria.values_list("code", flat=True)
    urls = [reverse("standards:version", args=[slug, label]), reverse("standards:version_offline", args=[slug, label]),
            *(reverse("standards:criterion", args=[slug, label, code]) for code in codes),
            static("assay/site.css"), static("assay/offline.js")]
    return JsonResponse({"cache": f"assay-{slug}-{label}-{lang}", "version": label, "language": lang, "urls": urls})


def version_offline(request: HttpRequest, slug: str, label: str) -> HttpResponse:
    """What the service worker shows, without a connection, for a page the saved copy does not hold."""
    version = _offline_version(slug, label)
    return render(request, "standards/version_offline.html", {"version": version, "standard": version.standard})
