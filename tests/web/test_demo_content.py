"""The demo's content says what it means: traders are asked the barrier question, the added criterion is in three
languages, module 7 promises no removed criterion, the committee answers in three languages, and versions are
listed in the order of their numbers."""

import pytest

from assay.standards.models import Criterion, Module
from assay.standards.selectors import version_sort_key
from assay.standards.translation_status import TranslationStatus
from assay.web.demo.loader import read

pytestmark = pytest.mark.django_db


def test_the_barrier_question_is_asked_of_traders_too():
    barrier = read("consultation.yaml")["questions"][0]
    assert barrier["text"]["en"].startswith("What, if anything, would stop")
    assert {"asm", "trade"} <= set(barrier["sectors"])


def test_criterion_5_8_of_the_draft_is_in_three_languages(demo):
    criterion = Criterion.objects.get(version=demo[1], code="5.8")
    for field in Criterion.translated_fields:
        for lang in ("fr", "es"):
            assert criterion.translation_status(field, lang) == TranslationStatus.CURRENT, (field, lang)


def test_module_7_promises_no_removed_criterion(demo):
    module = Module.objects.get(version=demo[1], code="7")
    assert not module.criteria.filter(key="indigenous-peoples-consent").exists()
    for lang in ("en", "fr", "es"):
        intro = getattr(module, f"intro_{lang}").lower()
        assert "indigenous" not in intro and "autochtones" not in intro and "indígenas" not in intro, lang
        assert module.translation_status("intro", lang) == TranslationStatus.CURRENT


def test_versions_sort_by_their_numbers():
    labels = ["1.1", "0.2", "1.0", "0.10", "0.9", "2.0-draft"]
    assert sorted(labels, key=version_sort_key) == ["0.2", "0.9", "0.10", "1.0", "1.1", "2.0-draft"]


def test_the_version_history_lists_1_0_before_1_1(client, demo, staff):
    from assay.standards import services

    later = services.version_derive(actor=None, version=demo[1], label="1.1")  # made first
    services.version_derive(actor=None, version=later, label="1.0")
    client.force_login(staff)
    html = client.get("/en/standards/mes/versions/").content.decode()
    assert html.index('value="1.1"') < html.index('value="1.0"') < html.index('value="0.2"')  # newest first
    api = client.get("/api/v1/versions").json()
    assert [v["label"] for v in api] == ["0.1", "0.2", "1.0", "1.1"]


def test_the_committee_answers_in_french_and_spanish_too():
    responses = read("comments.yaml")["responses"]
    translated = [o for options in responses.values() for o in options if isinstance(o["text"], dict)]
    assert translated and all(set(o["text"]) == {"en", "fr", "es"} for o in translated)
