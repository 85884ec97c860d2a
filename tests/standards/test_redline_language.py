"""The redline compares the page's language (issue 15, defect 4: it compared English only, even on /fr/)."""

import pytest

from assay.standards.models import Criterion

pytestmark = pytest.mark.django_db


def test_the_french_redline_shows_french_texts(client, demo):
    removed = Criterion.objects.get(version=demo[0], code="7.4")
    assert removed.title_fr and removed.title_fr != removed.title_en
    html = client.get("/fr/standards/mes/compare/", {"from": "0.1", "to": "0.2"}).content.decode()
    assert f"<del>7.4 {removed.title_fr}</del>" in html and removed.title_en not in html


def test_a_current_translations_change_is_shown_word_by_word_in_french(client, draft, staff):
    c = Criterion.objects.filter(version=draft).exclude(text_fr="").order_by("pk").first()
    c.text_en = c.text_en + " It reports every quarter."
    c.text_fr = c.text_fr + " Il en rend compte chaque trimestre."
    c.save()
    client.force_login(staff)
    html = client.get("/fr/standards/mes/compare/", {"from": "0.2", "to": "0.3"}).content.decode()
    assert "<ins> Il en rend compte chaque trimestre.</ins>" in html and "every quarter" not in html
    english = client.get("/en/standards/mes/compare/", {"from": "0.2", "to": "0.3"}).content.decode()
    assert "<ins> It reports every quarter.</ins>" in english


def test_an_outdated_translation_is_compared_in_english_and_said_so(client, demo):
    page = client.get("/fr/standards/mes/compare/", {"from": "0.1", "to": "0.2"})
    # 1.4's French text predates its English change: comparing it would hide the change
    assert "<ins>, and it accepts anonymous complaints</ins>" in page.content.decode()
    assert page.context["in_english"] >= 1
