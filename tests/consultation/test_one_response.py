"""One response comments on any number of clauses: from the criterion pages (the draft in progress is remembered
by the browser's session) or from the clause picker, without losing what was typed."""

from datetime import date, timedelta

import pytest
from django.test import Client

from assay.consultation.models import Comment, Response
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Consultation on draft 0.2", announced_on=TODAY - timedelta(30))
    QuestionFactory(round=r, position=0, text_en="What would stop you from taking part?")
    return r


def start(client, round_, **extra):
    data = {"name": "Amani", "email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "anonymous", **extra}
    return client.post(f"/fr/consultation/{round_.pk}/", data)


def clause_id(round_, code):
    return round_.version.criteria.get(code=code).pk


def test_comment_on_a_second_clause_returns_to_the_same_response(client, round_):
    first = start(client, round_, clause="1.4")
    respondent = Response.objects.get()
    url = f"/fr/consultation/r/{respondent.token}/"
    client.post(url, {f"c{clause_id(round_, '1.4')}": "Plaintes anonymes.", "action": "save"})
    assert first["Location"].startswith(url)

    # "Comment on this clause" on another criterion's page: straight back to the draft, the clause added.
    again = client.get(f"/fr/consultation/{round_.pk}/?clause=6.2")
    assert again.status_code == 302 and again["Location"] == f"{url}?clause=6.2"
    form = client.get(again["Location"]).content.decode()
    assert f'name="c{clause_id(round_, "1.4")}"' in form and "Plaintes anonymes." in form
    assert f'name="c{clause_id(round_, "6.2")}"' in form
    client.post(url, {f"c{clause_id(round_, '1.4')}": "Plaintes anonymes.",
                      f"c{clause_id(round_, '6.2')}": "Le plan de 24 mois est trop long.", "action": "save"})
    assert Response.objects.count() == 1  # the sign-up form never came back
    assert {c.criterion.code for c in Comment.objects.all()} == {"1.4", "6.2"}


def test_the_clause_picker_keeps_what_was_typed(client, round_):
    start(client, round_)
    respondent = Response.objects.get()
    url = f"/fr/consultation/r/{respondent.token}/"
    page = client.get(url).content.decode()
    assert 'name="add_clause"' in page  # every clause of the draft can be picked in the form itself
    q = round_.questions.get()
    added = client.post(url, {f"t{q.pk}": "Le coût de l'audit.", "general": "Merci.", "add_clause": "5.8",
                              "action": "add"})
    assert added.status_code == 302 and added["Location"] == f"{url}?clause=5.8"
    page = client.get(added["Location"]).content.decode()
    assert "Le coût de l&#x27;audit." in page and "Merci." in page  # saved on the way
    assert f'name="c{clause_id(round_, "5.8")}"' in page


def test_save_and_read_the_draft_keeps_the_text(client, round_):
    start(client, round_)
    respondent = Response.objects.get()
    url = f"/fr/consultation/r/{respondent.token}/"
    leave = client.post(url, {"general": "Je reviens.", "action": "browse"})
    assert leave.status_code == 302 and leave["Location"] == "/fr/standards/mes/0.2/"
    assert Comment.objects.get().text == "Je reviens."


def test_another_browser_starts_its_own_response_and_a_submitted_one_is_forgotten(client, round_):
    start(client, round_)
    respondent = Response.objects.get()
    other = Client()
    assert other.get(f"/fr/consultation/{round_.pk}/?clause=6.2").status_code == 200  # no draft there: sign-up
    url = f"/fr/consultation/r/{respondent.token}/"
    client.post(url, {"general": "Fini.", "action": "save"})
    key = client.get(url).context["client_key"]
    client.post(url, {"general": "Fini.", "action": "submit", "client_key": key})
    assert client.get(f"/fr/consultation/{round_.pk}/?clause=6.2").status_code == 200  # a new response may start


def test_a_clause_of_another_version_is_not_added(client, round_):
    start(client, round_)
    respondent = Response.objects.get()
    page = client.get(f"/fr/consultation/r/{respondent.token}/?clause=9.99").content.decode()
    assert "clause-9.99" not in page and page.count("<fieldset class=\"criterion\" id=\"clause-") == 0


def test_someone_else_on_the_same_browser_may_start_another_response(client, round_):
    start(client, round_)
    first = Response.objects.get()
    page = client.get(f"/fr/consultation/r/{first.token}/").content.decode()
    assert f"/fr/consultation/{round_.pk}/?new=1" in page
    assert client.get(f"/fr/consultation/{round_.pk}/?new=1").status_code == 200  # the sign-up form
    client.post(f"/fr/consultation/{round_.pk}/", {"name": "Rosa", "email": "rosa@example.org", "sector": "trade",
                                                   "country": "PE", "language": "es", "consent": "named"})
    second = Response.objects.exclude(pk=first.pk).get()
    assert client.get(f"/fr/consultation/{round_.pk}/")["Location"] == f"/fr/consultation/r/{second.token}/"
