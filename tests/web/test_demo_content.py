"""The demo's content says what it means: traders are asked the barrier question, the added criterion is in three
languages, module 7 promises no removed criterion, the committee answers in three languages (every answer, on the
French and Spanish synopsis), versions are listed in the order of their numbers, and the integrity of mass comments
is shown by a response flagged as likely scripted and one withdrawn by its supposed author."""

import base64

import pytest
from django.contrib.auth import get_user_model

from assay.consultation.models import PilotEvent
from assay.standards.models import Criterion, Module
from assay.standards.selectors import version_sort_key
from assay.standards.translation_status import TranslationStatus
from assay.web.demo import loader
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
    data = read("comments.yaml")
    texts = [o["text"] for options in data["responses"].values() for o in options]
    texts += [p["response"] for p in data["proposals"]] + [p["accepted"] for p in data["proposals"]]
    assert len(texts) > 80
    assert [t for t in texts if not isinstance(t, dict) or set(t) != {"en", "fr", "es"}] == []


@pytest.fixture
def demo_round(demo):
    """The demo round with its comments, the committee's dispositions and the integrity examples, as load_demo
    makes them."""
    round_ = loader.load_demo_consultation(None, demo[1])
    with loader._mail_kept():
        loader.load_demo_comments(round_)
    return round_


def _responses(html: str) -> list[str]:
    """The committee's answers shown on a synopsis page, one per decided comment."""
    return [
        chunk.split("</div>", 1)[0]
        for chunk in html.split('<div class="response">')[1:]
        if "<em>" not in chunk.split("</div>", 1)[0]
    ]  # "Response to come." is not an answer


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_the_synopsis_shows_every_committee_response_in_french_and_spanish(client, demo_round, lang):
    from django.utils.html import escape

    from assay.consultation.models import Disposition

    dispositions = list(Disposition.objects.filter(comment__response__round=demo_round))
    assert len(dispositions) > 50
    for d in dispositions:
        assert d.translation_status("response", lang) == TranslationStatus.CURRENT, d.response
        if d.wording:
            assert d.translation_status("wording", lang) == TranslationStatus.CURRENT, d.wording
    html = client.get(f"/{lang}/consultation/{demo_round.pk}/synopsis/").content.decode()
    shown = _responses(html)
    assert len(shown) > 30
    assert [r for r in shown if "tr-note" in r or 'lang="en"' in r] == []  # no English fallback, no note
    english = {escape(d.response_en) for d in dispositions}
    assert [r for r in shown if any(e in r for e in english)] == []
    translated = {escape(getattr(d, f"response_{lang}")) for d in dispositions}
    assert all(any(t in r for t in translated) for r in shown)  # each answer in the page's language


def test_the_demo_has_a_response_flagged_as_scripted_and_one_withdrawn_by_its_author(client, demo_round):
    from assay.consultation import selectors
    from assay.consultation.models import Withdrawal

    flagged = selectors.flagged_responses(demo_round)
    assert [(f.response.name, f.response.email.rpartition("@")[2]) for f in flagged] == [
        ("John Miller", "mailinator.com")
    ]
    assert "throwaway" in flagged[0].reasons[0]
    assert flagged[0].response.comments.filter(text__contains="stay engaged").exists()  # the campaign's letter

    (withdrawn,) = selectors.withdrawals(demo_round)
    assert withdrawn.name == "Espérance Mukamana" and withdrawn.withdrawal == Withdrawal.PENDING
    comment = withdrawn.comments.get()
    assert comment.criterion.code == "8.4"
    assert not selectors.published_comments(demo_round).filter(pk=comment.pk).exists()  # withheld pending review
    page = client.get(f"/fr/consultation/{demo_round.pk}/comments/").content.decode()
    assert "Mukamana" not in page and "John Miller" in page


def test_the_demo_facilitator_gets_the_pilot_events_form_in_odk_collect(client, demo_round):
    """Someone trying ODK Collect against the demo signs in as `facilitator` and finds the pilot-site event's form."""
    admin = get_user_model().objects.create_superuser("admin", "admin@assay.example", "x")
    loader.load_demo_users(admin, loader.load_demo_actors(admin))
    loader.load_demo_outreach(admin, demo_round)
    event = PilotEvent.objects.get()
    assert list(event.facilitators.values_list("username", flat=True)) == ["facilitator"]
    token = base64.b64encode(f"facilitator:{read('users.yaml')['password']}".encode()).decode()
    listed = client.get("/openrosa/formList", secure=True, HTTP_AUTHORIZATION=f"Basic {token}")
    assert listed.status_code == 200
    assert f"assay_round_{demo_round.pk}_event_{event.pk}" in listed.content.decode()
