"""A version's downloads (its PDF in each language, its YAML): rendered once when the version can no longer change
(published or retired), rendered on every request while it is a draft or in consultation."""

from pathlib import Path

from assay.lib.documents import DocumentKey, content_version, fetch_or_render, file_digest, rendered, stored_size

from . import yaml_io
from .models import FROZEN_STATUSES, StandardVersion
from .pdf import version_pdf_bytes

PDF_TEMPLATES = ("standards/version_pdf.html",)


def _pdf_key(version: StandardVersion, lang: str) -> DocumentKey | None:
    if version.status not in FROZEN_STATUSES:
        return None  # a draft or a version in consultation still changes: never kept
    parts = (version.pk, version.status, version.published_at, version.retired_at)
    return DocumentKey("standard-version-pdf", version.pk, lang, content_version(parts, PDF_TEMPLATES, lang))


def _yaml_key(version: StandardVersion) -> DocumentKey | None:
    if version.status not in FROZEN_STATUSES:
        return None
    parts = (version.pk, version.status, file_digest(Path(yaml_io.__file__)))  # the exporter's code is part of it
    return DocumentKey("standard-version-yaml", version.pk, "", content_version(parts))


def version_pdf(version: StandardVersion, lang: str) -> bytes:
    key = _pdf_key(version, lang)
    if key is None:
        return rendered("standard-version-pdf", lambda: version_pdf_bytes(version, lang))
    return fetch_or_render(key, lambda: version_pdf_bytes(version, lang))


def version_pdf_size(version: StandardVersion, lang: str) -> int | None:
    """The PDF's size in bytes once it is stored; None before its first download, and always for a draft."""
    key = _pdf_key(version, lang)
    return stored_size(key) if key else None


def version_yaml(version: StandardVersion) -> bytes:
    from .services import version_export

    key = _yaml_key(version)
    if key is None:
        return version_export(version).encode()
    return fetch_or_render(key, lambda: version_export(version).encode(), "application/yaml")


def version_yaml_size(version: StandardVersion) -> int | None:
    key = _yaml_key(version)
    return stored_size(key) if key else None


def version_documents_render(version: StandardVersion) -> int:
    """Fill the store with a frozen version's downloads (its PDF in every language, its YAML) so that no reader
    waits for them; returns how many had to be rendered (0 when all were stored already, or for a version that
    still changes, whose documents are never kept)."""
    from django.conf import settings

    from assay.lib.documents import RENDERS

    if version.status not in FROZEN_STATUSES:
        return 0
    before = RENDERS["standard-version-pdf"] + RENDERS["standard-version-yaml"]
    for lang, _name in settings.LANGUAGES:
        version_pdf(version, lang)
    version_yaml(version)
    return RENDERS["standard-version-pdf"] + RENDERS["standard-version-yaml"] - before
