"""Languages as configuration (issue 17, part 4): the demo standard's Portuguese (its modules and red lines, the
rest falling back to English with the note), and a language added to ASSAY_LANGUAGES alone reaching the switcher,
the translation status and the XLSForm with no code change (probe_new_language.py, run in a subprocess)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from assay.lib import languages
from assay.standards.models import Criterion, Module
from assay.standards.translation_status import TranslationStatus

ROOT = Path(__file__).resolve().parents[2]


def test_the_settings_entry_is_the_one_source_of_the_language_lists():
    assert settings.ASSAY_LANGUAGES[:1] == ["en"] and "pt" in settings.ASSAY_LANGUAGES
    assert [code for code, _name in settings.LANGUAGES] == settings.ASSAY_LANGUAGES
    assert list(settings.MODELTRANSLATION_LANGUAGES) == settings.ASSAY_LANGUAGES
    assert languages.translations() == tuple(settings.ASSAY_LANGUAGES[1:])
    assert languages.label("pt") == "Português (pt)" and languages.local_name("fr") == "Français"


def test_units_are_worded_in_portuguese():
    from assay.standards.units import unit_label

    assert unit_label("children", "pt") == "crianças" and unit_label("USD/month", "pt") == "USD/mês"
    assert unit_label("g Hg/g Au", "pt") == "g Hg/g Au"  # a symbol stays as stored


@pytest.mark.django_db
def test_the_demo_modules_and_red_lines_are_in_portuguese(demo):
    published = demo[0]
    modules = list(Module.objects.filter(version=published))
    assert len(modules) == 12
    for module in modules:
        assert module.title_pt and module.intro_pt and module.title_pt != module.title_en
        assert module.translation_status("title", "pt") == TranslationStatus.CURRENT
    red_lines = [c for c in Criterion.objects.filter(version=published) if c.is_red_line]
    assert len(red_lines) == 6
    for criterion in red_lines:
        assert criterion.title_pt.startswith("Nenhum")
        assert criterion.translation_status("text", "pt") == TranslationStatus.CURRENT
    others = Criterion.objects.filter(version=published).exclude(pk__in=[c.pk for c in red_lines])
    assert all(c.translation_status("title", "pt") == TranslationStatus.MISSING for c in others)
    assert all(c.tr_status_pt == TranslationStatus.MISSING for c in others)


@pytest.mark.django_db
def test_the_portuguese_pages_show_the_translation_and_fall_back_to_english_elsewhere(client, demo):
    red_line = client.get("/pt/standards/mes/0.1/criteria/3.2/").content.decode()
    assert "Nenhum trabalho forçado ou compulsório" in red_line
    assert "servidão por dívida" in red_line
    other = Criterion.objects.get(version=demo[0], code="1.1")
    page = client.get("/pt/standards/mes/0.1/criteria/1.1/").content.decode()
    assert f'<span lang="en">{other.title_en}</span>' in page  # the title falls back, marked as English
    assert '<div lang="en">' in page  # and the requirement, with the fallback note
    overview = client.get("/pt/standards/mes/0.1/").content.decode()
    assert "Sistemas de gestão" in overview and "Linhas vermelhas: abusos graves e grupos armados" in overview


def test_a_language_added_to_the_settings_entry_alone_reaches_the_switcher_status_and_xlsform():
    """Italian, which no code names: the environment variable and a database with its columns (built from the
    models here; an installation generates the migrations) are all it takes."""
    env = {**os.environ, "ASSAY_LANGUAGES": ",".join([*settings.ASSAY_LANGUAGES, "it"]),
           "ASSAY_PROBE_LANGUAGE": "it"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/standards/probe_new_language.py", "--no-migrations", "-q",
         "-p", "no:cacheprovider", "-rs"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "3 passed" in run.stdout and "skipped" not in run.stdout


@pytest.mark.django_db
def test_the_api_gives_the_version_in_portuguese_with_the_fallback_said(client, demo):
    body = client.get("/api/v1/standards/mes/versions/0.1", {"lang": "pt"}).json()
    assert body["language"] == "pt"
    assert body["title"] == demo[0].title_en  # the version's title is not translated: English
    assert [m["title"] for m in body["modules"]][:3] == [
        "Sistemas de gestão", "Legitimidade e formalização", "Linhas vermelhas: abusos graves e grupos armados"]
    red_line = next(c for m in body["modules"] for c in m["criteria"] if c["code"] == "3.6")
    assert red_line["title"] == "Nenhum apoio a grupos armados não estatais"
    assert red_line["translation"]["title"] == "current"
    other = next(c for m in body["modules"] for c in m["criteria"] if c["code"] == "4.3")
    assert other["translation"]["text"] == "missing"
    assert other["text"] == Criterion.objects.get(version=demo[0], code="4.3").text_en
    assert client.get("/api/v1/standards/mes/versions/0.1", {"lang": "xx"}).status_code in (400, 422)
