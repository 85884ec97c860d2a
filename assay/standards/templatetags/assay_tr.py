"""Show translated content with an honest note when the text is missing or outdated in the page's language."""

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assay.standards.translation_status import TranslationStatus

register = template.Library()


def _resolve(obj, field: str) -> tuple[str, str, str]:
    """(text, the language it is in, the translation status in the page's language)."""
    lang = (get_language() or "en")[:2]
    status = obj.translation_status(field, lang) if lang != "en" else TranslationStatus.CURRENT
    if status == TranslationStatus.MISSING:
        return getattr(obj, f"{field}_en") or "", "en", status
    return getattr(obj, f"{field}_{lang}") or getattr(obj, f"{field}_en") or "", lang, status


@register.filter
def tr(obj, field: str) -> SafeString:
    """A block text in the page's language, with a note if it falls back to English or is outdated."""
    text, _lang, status = _resolve(obj, field)
    if not text:
        return SafeString("")
    body = mark_safe(linebreaks(text, autoescape=True))  # linebreaks escapes the text itself
    if status == TranslationStatus.MISSING:
        note = _("Not yet translated: shown in English.")
        return format_html('<div lang="en">{}</div><p class="tr-note">{}</p>', body, note)
    if status == TranslationStatus.OUTDATED:
        note = _("This translation predates a change to the English text; the English version prevails.")
        return format_html('<div>{}</div><p class="tr-note">{}</p>', body, note)
    return format_html("<div>{}</div>", body)


@register.filter
def tr_inline(obj, field: str) -> SafeString:
    """A short text (a title) in the page's language; marked when it falls back to English."""
    text, _lang, status = _resolve(obj, field)
    if status == TranslationStatus.MISSING:
        return format_html('<span lang="en">{}</span> <abbr class="tr-flag" title="{}">EN</abbr>',
                           text, _("Not yet translated: shown in English."))
    if status == TranslationStatus.OUTDATED:
        return format_html('{} <abbr class="tr-flag" title="{}">≠EN</abbr>', text,
                           _("This translation predates a change to the English text."))
    return format_html("{}", text)


@register.filter
def unit(criterion) -> str:
    """An indicator's unit in the page's language (as stored where the list of units has none)."""
    from assay.standards.units import unit_label

    return unit_label(getattr(criterion, "unit", "") or "")
