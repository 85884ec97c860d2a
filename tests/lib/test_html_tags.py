"""{% table_scroll %}: a wide table in its own named, focusable region that scrolls (WCAG 1.4.10), on every page."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

TABLE = "<table><tr><td>{{ v }}</td></tr></table>"


def test_the_table_is_wrapped_in_a_named_focusable_region_with_no_load():
    html = Template('{% table_scroll "Sites" %}' + TABLE + "{% endtable_scroll %}").render(Context({"v": "<b>"}))
    assert html == (
        '<div class="table-scroll" role="region" aria-label="Sites" tabindex="0">'
        "<table><tr><td>&lt;b&gt;</td></tr></table></div>"
    )


def test_the_region_may_be_named_by_its_heading():
    html = Template('{% table_scroll labelledby="hot" %}' + TABLE + "{% endtable_scroll %}").render(Context({}))
    assert 'aria-labelledby="hot"' in html and "aria-label=" not in html


def test_the_name_is_translated_and_escaped():
    with translation.override("fr"):
        html = Template('{% table_scroll _("Comments per sector") %}x{% endtable_scroll %}').render(Context({}))
    assert 'aria-label="Commentaires par secteur"' in html
    html = Template("{% table_scroll name %}x{% endtable_scroll %}").render(Context({"name": 'a "b" <c>'}))
    assert 'aria-label="a &quot;b&quot; &lt;c&gt;"' in html


def test_a_region_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError):
        Template("{% table_scroll name %}x{% endtable_scroll %}").render(Context({"name": ""}))
