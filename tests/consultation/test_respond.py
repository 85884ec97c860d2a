"""A respondent answers a round: start, save, resume by private link, submit once, one receipt."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from assay.consultation import services
from assay.consultation.models import Comment, Question, Response
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Consultation on draft 0.2", announced_on=TODAY - timedelta(30))
    QuestionFactory(round=r, position=1, text_en="What would stop you from taking part?", sectors=["asm"])
    QuestionFactory(round=r, position=0, text_en="Is the CAHRA multiplier right?", answer_type="scale",
                    sectors=["brands"])
    QuestionFactory(round=r, position=2, text_en="Which languages?", answer_type="multiple",
                    choices_en="French\nSpanish\nSwahili")
    return r


def start(client, round_, **extra):
    data = {"name": "Amani", "email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "anonymous", **extra}
    return client.post(f"/fr/consultation/{round_.pk}/", data)


def test_a_round_needs_the_minimum_duration_unless_the_reason_is_recorded(demo):
    with pytest.raises(ValidationError, match="at least 60 days"):
        services.round_create(actor=None, version=demo[1], title="Too short", announced_on=TODAY, opens_on=TODAY,
                              closes_on=TODAY + timedelta(20))
    r = services.round_create(actor=None, version=demo[1], title="Short, with a reason", announced_on=TODAY,
                              opens_on=TODAY,
                              closes_on=TODAY + timedelta(20), short_notice_reason="Forum date")
    assert r.status() == "open"
    later = services.round_create(actor=None, version=demo[1], title="Second round", number=2, announced_on=TODAY,
                                  opens_on=TODAY, closes_on=TODAY + timedelta(30))
    assert later.minimum_days == 30


def test_a_public_round_needs_a_version_in_consultation(demo):
    with pytest.raises(ValidationError, match="in consultation"):
        services.round_create(actor=None, version=demo[0], title="On a published version", announced_on=TODAY,
                              opens_on=TODAY,
                              closes_on=TODAY + timedelta(90))


def test_start_sends_the_private_link_and_the_sector_questions_come_first(client, round_,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, round_)
    assert response.status_code == 302
    respondent = Response.objects.get()
    assert response["Location"] == f"/fr/consultation/r/{respondent.token}/"
    assert len(mail.outbox) == 1 and respondent.token in mail.outbox[0].body
    page = client.get(response["Location"])
    texts = [row["q"].text for row in page.context["rows"]]
    assert texts[0] == "What would stop you from taking part?"  # aimed at ASM producers, listed first
    assert texts[-1] == "Is the CAHRA multiplier right?"  # aimed at brands only: after every question for them
    assert [row["mine"] for row in page.context["rows"]] == [True, True, False]


def test_save_resume_and_submit_once(client, round_, django_capture_on_commit_callbacks):
    start(client, round_)
    respondent = Response.objects.get()
    url = f"/fr/consultation/r/{respondent.token}/"
    questions = {q.text: q for q in round_.questions.all()}
    scale, multiple = questions["Is the CAHRA multiplier right?"], questions["Which languages?"]
    client.post(url, {f"q{scale.pk}": "4", f"t{scale.pk}": "Un peu bas.", f"q{multiple.pk}": ["French", "Swahili"],
                      "general": "Merci.", "action": "save"})
    resumed = client.get(url)  # another day, another device: the link is enough
    assert "Un peu bas." in resumed.content.decode() and "Merci." in resumed.content.decode()
    key = resumed.context["client_key"]
    form = {f"q{scale.pk}": "4", f"t{scale.pk}": "Un peu bas.", "general": "Merci.", "action": "submit",
            "client_key": key}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, form)
        client.post(url, form)  # the resend of a slow connection
    respondent.refresh_from_db()
    assert respondent.submitted and respondent.client_key == key
    assert respondent.comments.count() == 2
    assert len(mail.outbox) == 1 and "Un peu bas." in mail.outbox[0].body and "Merci." in mail.outbox[0].body


def test_the_same_key_twice_stores_one_submission(round_):
    r = services.response_start(round_=round_, name="A", email="a@example.org", sector="civil_society", country="PE",
                                language="es", consent="named")
    services.response_save(response=r, answers={}, clauses={}, general="Un comentario general.")
    first, new = services.response_submit(response=r, client_key="key-1")
    again, new_again = services.response_submit(response=r, client_key="key-1")
    assert (new, new_again) == (True, False) and first.pk == again.pk
    assert Response.objects.filter(submitted_at__isnull=False).count() == 1
    with pytest.raises(ValidationError):
        services.response_save(response=r, answers={}, clauses={}, general="Changed after submitting")
    assert list(Comment.objects.values_list("text", flat=True)) == ["Un comentario general."]


def test_a_bad_answer_keeps_nothing(client, round_):
    start(client, round_)
    respondent = Response.objects.get()
    scale = round_.questions.get(answer_type="scale")
    response = client.post(f"/fr/consultation/r/{respondent.token}/", {f"q{scale.pk}": "7", "general": "x",
                                                                        "action": "save"})
    assert response.status_code == 200
    assert [row["q"].pk for row in response.context["rows"] if row["errors"]] == [scale.pk]
    assert not Comment.objects.exists()


def test_a_closed_round_takes_no_new_respondent(client, round_):
    Question.objects.filter(round=round_).delete()
    type(round_).objects.filter(pk=round_.pk).update(closes_on=TODAY - timedelta(1))
    response = start(client, round_)
    assert response.status_code == 200 and not Response.objects.exists()


def test_comment_on_a_clause_from_its_page(client, round_, demo):
    page = client.get("/en/standards/mes/0.2/criteria/1.4/")
    assert f"/en/consultation/{round_.pk}/?clause=1.4" in page.content.decode()
    response = start(client, round_, clause="1.4")
    assert response["Location"].endswith("?clause=1.4")
    respondent = Response.objects.get()
    form = client.get(response["Location"])
    clause = next(c for c in form.context["clauses"] if c.code == "1.4")
    assert f'name="c{clause.pk}"' in form.content.decode()
    client.post(f"/fr/consultation/r/{respondent.token}/", {f"c{clause.pk}": "Ajouter les plaintes anonymes.",
                                                             "action": "save"})
    assert Comment.objects.get().criterion == clause


def test_the_email_link_confirms_the_address(client, round_, django_capture_on_commit_callbacks):
    import re

    with django_capture_on_commit_callbacks(execute=True):
        start(client, round_)
    respondent = Response.objects.get()
    link = re.search(r"http://testserver(\S+/confirm/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    respondent.refresh_from_db()
    assert respondent.email_verified_at is not None
    assert client.get("/fr/consultation/r/not-a-token/").status_code == 404
