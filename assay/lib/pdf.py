"""HTML to PDF (WeasyPrint) for every document Assay renders, with no way to reach a file or the network.

Our PDF templates carry their styles inline and link nothing. A fetcher that allows only `data:` URIs makes
sure that text from users, should it ever reach the HTML as markup, cannot make the renderer read a local file
(`file:///etc/...`) or call a server from inside our network.
"""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

if TYPE_CHECKING:
    from .documents import DocumentKey


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which only PDF requests need

    pdf: bytes = HTML(string=html, url_fetcher=_fetcher()).write_pdf()  # WeasyPrint has no types: say what it returns
    return pdf


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG `data:` URI: the one kind of link our PDF fetcher follows."""
    import base64
    import io

    import qrcode
    import qrcode.image.svg

    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def pdf_download(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF as an attachment named `filename`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """A template rendered to PDF and sent as an attachment."""
    return pdf_download(html_to_pdf(render_to_string(template, context, request)), filename)


def _html_key(kind: str, object_id: int, lang: str, html: str) -> "DocumentKey":
    from .documents import DocumentKey, content_version

    return DocumentKey(kind, object_id, lang, content_version([html]))


def kept_pdf(kind: str, object_id: int, lang: str, html: str) -> bytes:
    """The PDF of `html` for a document that can no longer change, rendered once and then read from the store.

    Keyed by the HTML itself: cheap to render next to WeasyPrint, and it moves with anything the document shows
    (a disposition added after the round closed, a redaction, a template or a translation deployed)."""
    from .documents import fetch_or_render

    return fetch_or_render(_html_key(kind, object_id, lang, html), lambda: html_to_pdf(html))


def fresh_pdf(kind: str, html: str) -> bytes:
    """The PDF of `html` for a document that still changes: rendered on every request, never kept."""
    from .documents import rendered

    return rendered(kind, lambda: html_to_pdf(html))


def kept_pdf_size(kind: str, object_id: int, lang: str, html: str) -> int | None:
    """The size of `kept_pdf`'s document once stored (None before its first download)."""
    from .documents import stored_size

    return stored_size(_html_key(kind, object_id, lang, html))
