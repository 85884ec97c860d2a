"""The PDF of a version in one language (WeasyPrint), with a table of contents and page numbers."""

from django.template.loader import render_to_string
from django.utils import translation

from assay.lib.pdf import html_to_pdf

from . import selectors
from .models import StandardVersion


def version_pdf_bytes(version: StandardVersion, lang: str) -> bytes:
    with translation.override(lang):
        html = render_to_string("standards/version_pdf.html", {
            "version": version, "standard": version.standard, "modules": selectors.version_modules(version),
            "levels": version.levels.all(), "lang": lang,
        })
    return html_to_pdf(html)
