"""Download links that say what they fetch: `{% download url "pdf" size label %}` → “Download (PDF, 84 KB)”."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from assay.lib.documents import FORMATS, format_and_size

register = template.Library()


@register.simple_tag
def download(url: str, fmt: str, size: object = None, label: str = "", hreflang: str = "") -> SafeString:
    """A link to a file naming its format and, when known, its size (the size of a stored document; see
    assay.lib.documents): in the link's text, so a screen reader and a reader on costly data both hear it."""
    meta = format_and_size(fmt, size if isinstance(size, int) else None)  # a missing variable comes as ""
    mime = FORMATS.get(fmt, ("", ""))[1]
    lang = format_html(' hreflang="{}"', hreflang) if hreflang else ""
    if label:
        return format_html(
            '<a class="download" href="{}" type="{}"{}>{} <span class="file-meta">({})</span></a>',
            url,
            mime,
            lang,
            label,
            meta,
        )
    return format_html('<a class="download" href="{}" type="{}"{}>{}</a>', url, mime, lang, meta)
