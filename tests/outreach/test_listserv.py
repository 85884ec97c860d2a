"""The listserv: a public sign-up reachable from the standard's and the consultation's pages, list names in the
visitor's language, and the confirmation e-mail in the subscriber's."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assay.outreach.models import Subscription
from tests.factories import MailingListFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db):
    news = MailingListFactory(slug="news", name_en="Consultation updates", name_fr="Nouvelles des consultations",
                              name_es="Novedades de las consultas", description_en="Openings and synopses.",
                              description_fr="Ouvertures et synthèses.", description_es="Aperturas y síntesis.")
    MailingListFactory(slug="committee", name_en="Committee only", open_signup=False)
    return news


@pytest.mark.parametrize("lang, name, description", [
    ("en", "Consultation updates", "Openings and synopses."), ("fr", "Nouvelles des consultations",
                                                               "Ouvertures et synthèses."),
    ("es", "Novedades de las consultas", "Aperturas y síntesis.")])
def test_the_sign_up_page_names_the_lists_in_the_visitor_s_language(client, lists, lang, name, description):
    page = client.get(f"/{lang}/outreach/lists/").content.decode()
    assert f">{name}</h2>" in page and description in page
    assert "Committee only" not in page  # a list by invitation is not offered
    assert f'action="/{lang}/outreach/lists/news/"' in page
    assert re.search(rf'<option value="{lang}" selected>', page)
    subscribe = client.get(f"/{lang}/outreach/lists/news/").content.decode()
    assert f"<h1>{name}</h1>" in subscribe


def test_signing_up_from_the_list_page_sends_the_confirmation_in_the_chosen_language(
        client, lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/outreach/lists/news/", {"name": "Marie K", "email": "marie@example.org", "language": "fr"})
    assert Subscription.objects.get().status == "pending"
    [message] = mail.outbox
    assert "Nouvelles des consultations" in message.subject and "Nouvelles des consultations" in message.body
    assert "&#x27;" not in message.body


def test_the_standard_and_consultation_pages_lead_to_the_sign_up(client, demo, lists):
    from tests.factories import RoundFactory

    r = RoundFactory(version=demo[1], title="Round")
    lists_url = reverse("outreach:lists")
    for url in (reverse("standards:standard", args=["mes"]), reverse("consultation:list"),
                reverse("consultation:round", args=[r.pk]), reverse("web:home")):
        page = client.get(url, follow=True).content.decode()
        assert page.count(f'href="{lists_url}"') >= 1, url
    for url in (reverse("consultation:list"), reverse("consultation:round", args=[r.pk])):
        assert "Get news of the consultations by e-mail" in client.get(url).content.decode()
