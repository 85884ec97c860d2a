"""Template tags every page may use without `{% load %}` (a builtin library, see TEMPLATES in settings).

`{% table_scroll _("Sites") %}<table>…</table>{% endtable_scroll %}` puts a wide table in its own labelled,
focusable region that scrolls sideways on a phone, so the page itself never does (WCAG 2.2 1.4.10 lets a data
table scroll in two dimensions; the region's name tells a screen reader what it holds, and a keyboard user can
focus it to scroll it).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag
def table_scroll(content: str, label: str = "", labelledby: str = "") -> SafeString:
    """The content in a scrolling region named by `label`, or by the element whose id is `labelledby`."""
    if labelledby:
        return format_html(
            '<div class="table-scroll" role="region" aria-labelledby="{}" tabindex="0">{}</div>', labelledby, content
        )
    if not str(label).strip():
        raise template.TemplateSyntaxError("table_scroll needs a label or the id of the heading that names it")
    return format_html('<div class="table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>', label, content)
