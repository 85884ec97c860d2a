"""Every standards page in every language, with the filters, the redline, the PDF and the YAML download."""

import io

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from pypdf import PdfReader

from assay.standards import services
from assay.standards.models import Criterion
from tests.factories import StandardVersionFactory

pytestmark = pytest.mark.django_db
LANGS = ("en", "fr", "es")


def text_of(response) -> str:
    return response.content.decode()


def flat(text: str) -> str:
    """PDF text with its line breaks folded, so wrapped titles still match."""
    return " ".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_home_names_the_standard_in_the_language(client, demo, lang):
    page = client.get(f"/{lang}/")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in text_of(page)
    assert escape(getattr(demo[0], f"title_{lang}")) in text_of(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_browser_lists_every_criterion_in_the_language(client, demo, lang):
    page = client.get(f"/{lang}/standards/mes/0.1/")
    assert page.status_code == 200
    for criterion in Criterion.objects.filter(version=demo[0]):
        assert escape(getattr(criterion, f"title_{lang}")) in text_of(page)


@pytest.mark.parametrize("lang", LANGS)
def test_a_criterion_page_shows_its_text_in_the_language(client, demo, lang):
    criterion = Criterion.objects.get(version=demo[0], code="3.2")
    page = client.get(f"/{lang}/standards/mes/0.1/criteria/3.2/")
    assert page.status_code == 200
    first_words = escape(getattr(criterion, f"text_{lang}")[:40])
    assert first_words in text_of(page)
    assert 'class="tr-note"' not in text_of(page)  # the inlined stylesheet names the class


@pytest.mark.parametrize(("query", "expected"), [
    ({"tier": "1"}, lambda c: c.tier == 1),
    ({"kind": "indicator"}, lambda c: c.kind == "indicator"),
    ({"step": "4"}, lambda c: c.oecd_step == 4),
    ({"role": "refiner"}, lambda c: "refiner" in c.applies_to),
    ({"q": "mercury"}, lambda c: "mercury" in (c.title_en + c.text_en + c.guidance_en).lower()),
    ({"tier": "2", "role": "producer"}, lambda c: c.tier == 2 and "producer" in c.applies_to),
])
def test_filters_show_exactly_the_matching_criteria(client, demo, query, expected):
    page = client.get("/en/standards/mes/0.1/", query)
    shown = {c.code for m in page.context["modules"] for c in m.shown}
    wanted = {c.code for c in Criterion.objects.filter(version=demo[0]) if expected(c)}
    assert wanted and shown == wanted


def test_search_works_in_the_page_language(client, demo):
    page = client.get("/fr/standards/mes/0.1/", {"q": "travail forcé"})
    assert {c.code for m in page.context["modules"] for c in m.shown} == {"3.2"}


def test_nonsense_filter_values_are_ignored(client, demo):
    page = client.get("/en/standards/mes/0.1/", {"tier": "x", "kind": "nope", "role": "<script>"})
    assert page.status_code == 200 and page.context["shown"] == demo[0].criteria.count()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_browser_query_count_does_not_grow_with_criteria(client, db):
    """A published version of 3N criteria is browsed in exactly as many queries as one of N."""
    few = StandardVersionFactory(slug="few", per_module=1)
    many = StandardVersionFactory(slug="many", per_module=3)
    assert (few.criteria.count(), many.criteria.count()) == (12, 36)
    assert _queries(client, "/en/standards/few/1.0/") == _queries(client, "/en/standards/many/1.0/")


def test_a_draft_is_hidden_from_visitors_but_shown_to_staff(client, draft, staff):
    assert client.get("/en/standards/mes/0.3/").status_code == 404
    assert client.get("/en/standards/mes/0.3/pdf/").status_code == 404
    assert client.get("/en/standards/mes/compare/", {"from": "0.2", "to": "0.3"}).status_code == 404
    client.force_login(staff)
    assert client.get("/en/standards/mes/0.3/").status_code == 200


def test_unknown_versions_and_criteria_are_not_found(client, demo):
    assert client.get("/en/standards/mes/9.9/").status_code == 404
    assert client.get("/en/standards/mes/0.1/criteria/99.9/").status_code == 404
    assert client.get("/en/standards/nothing/").status_code == 404


def test_a_missing_translation_falls_back_to_english_with_a_note(client, demo):
    from assay.standards.services import content_save

    criterion = Criterion.objects.get(version=demo[1], code="5.8")
    criterion.text_fr = ""  # (the demo translates it: here its French is not written yet)
    content_save(actor=None, obj=criterion, changed=["text"])
    page = client.get("/fr/standards/mes/0.2/criteria/5.8/")
    html = text_of(page)
    assert '<div lang="en"><p>The producer has an emergency plan' in html
    assert 'class="tr-note"' in html


def test_an_outdated_translation_is_flagged(client, demo):
    html = text_of(client.get("/es/standards/mes/0.2/criteria/1.4/"))
    criterion = Criterion.objects.get(version=demo[1], key="grievance-mechanism")
    assert criterion.text_es[:30] in html and 'class="tr-note"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_version_history_lists_versions(client, demo, lang):
    page = client.get(f"/{lang}/standards/mes/versions/")
    assert page.status_code == 200
    assert "0.1" in text_of(page) and "0.2" in text_of(page)


@pytest.mark.parametrize("lang", LANGS)
def test_the_redline_shows_added_removed_moved_and_word_changes(client, demo, lang):
    page = client.get(f"/{lang}/standards/mes/compare/", {"from": "0.1", "to": "0.2"})
    assert page.status_code == 200
    html = text_of(page)
    assert page.context["summary"] == {"added": 1, "removed": 1, "moved": 1, "changed": 2}
    assert "<ins>, and it accepts anonymous complaints</ins>" in html
    added = Criterion.objects.get(version=demo[1], code="5.8")
    assert f"<ins>5.8 {escape(getattr(added, f'title_{lang}'))}</ins>" in html  # in the page's language
    assert "<del>1.6</del> <ins>1.0</ins>" in html


def test_the_redline_of_a_version_with_itself_is_empty(client, demo):
    page = client.get("/en/standards/mes/compare/", {"from": "0.1", "to": "0.1"})
    assert page.context["changes"] == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_is_a_real_pdf_in_the_language_with_contents(client, demo, lang):
    response = client.get(f"/{lang}/standards/mes/0.1/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 10
    cover = flat(reader.pages[0].extract_text())
    assert getattr(demo[0], f"title_{lang}") in cover
    criterion = Criterion.objects.get(version=demo[0], code="6.1")
    body = flat(" ".join(p.extract_text() for p in reader.pages))
    assert getattr(criterion, f"title_{lang}") in body
    # The table of contents names each module and links into the document.
    contents = flat(reader.pages[1].extract_text())
    assert getattr(demo[0], f"title_{lang}") in contents  # the running header names the version
    assert all(getattr(m, f"title_{lang}") in contents for m in demo[0].modules.all()[:3])
    assert sum(len(p.get("/Annots") or []) for p in reader.pages[:3]) >= demo[0].modules.count()


def test_the_yaml_download_is_the_export(client, demo):
    response = client.get("/en/standards/mes/0.1/yaml/")
    assert response.content.decode() == services.version_export(demo[0])
    assert yaml.safe_load(response.content)["version"]["label"] == "0.1"


def test_the_language_switcher_links_to_the_same_page(client, demo):
    html = text_of(client.get("/en/standards/mes/0.1/criteria/3.2/"))
    assert 'href="/fr/standards/mes/0.1/criteria/3.2/"' in html
    assert 'href="/es/standards/mes/0.1/criteria/3.2/"' in html
