"""What the base template's <head> prints: the inlined site stylesheet and the favicon's link."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from assay.web.favicon import VERSION

register = template.Library()


@register.simple_tag
def site_style() -> SafeString:
    """The site's stylesheet as a <style> element, the exact text whose hash the CSP allows (settings.SITE_STYLE).

    Not escaped: a <style> element's text is raw (an entity would not be decoded, and would change the hash)."""
    return format_html("<style>{}</style>", mark_safe(settings.SITE_STYLE.css))


@register.simple_tag
def favicon_link() -> SafeString:
    """The favicon's <link>, its URL naming the icon's content, so that browsers may keep it for a year."""
    return format_html('<link rel="icon" href="{}?v={}" type="image/svg+xml">', reverse("favicon"), VERSION)
