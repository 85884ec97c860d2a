"""Free text has bounds and no control characters, whichever way it comes in: the respondent's pages, the API,
a facilitator's paper sheet or imported file, and the admin. A refused text stores nothing and says why, in the
respondent's language."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assay.consultation import services
from assay.consultation.models import Comment, Consent, Disposition, Response
from assay.lib.text import COMMENT_MAX, LONG_TEXT_MAX, NAME_MAX
from assay.standards.models import Criterion
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()
TOO_LONG = "x" * (COMMENT_MAX + 1)
TOO_LONG_FR = f"comporte au plus {COMMENT_MAX} caractères (actuellement {COMMENT_MAX + 1})"
TOO_LONG_EN = f"at most {COMMENT_MAX} characters (it has {COMMENT_MAX + 1})"
NUL_FR = "Le caractère nul n’est pas autorisé."


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, position=0, text_en="Are the red lines clear?", answer_type="yes_no")
    QuestionFactory(round=r, position=1, text_en="What would stop you?", answer_type="text")
    return r


def _respondent(round_) -> Response:
    return services.response_start(round_=round_, name="Amani", email="amani@example.org", sector="asm", country="CD",
                                   language="fr", consent=Consent.NAMED)


# The respondent's pages


def test_a_comment_of_the_limit_is_taken(round_):
    r = _respondent(round_)
    services.response_save(response=r, answers={}, clauses={}, general="x" * COMMENT_MAX)
    assert len(Comment.objects.get().text) == COMMENT_MAX


@pytest.mark.parametrize("field", ["general", "question", "clause"])
def test_a_too_long_comment_on_the_page_is_refused_in_french_and_nothing_is_stored(client, round_, demo, field):
    r = _respondent(round_)
    services.response_save(response=r, answers={}, clauses={}, general="Une première version.")
    question = round_.questions.get(position=1)
    clause = Criterion.objects.filter(version=demo[1]).first()
    name = {"general": "general", "question": f"t{question.pk}", "clause": f"c{clause.pk}"}[field]
    page = client.post(f"/fr/consultation/r/{r.token}/", {name: TOO_LONG, "action": "save"})
    assert page.status_code == 200
    assert TOO_LONG_FR in page.content.decode()
    assert f">{TOO_LONG}</textarea>" in page.content.decode()  # what was typed is not lost
    assert list(Comment.objects.values_list("text", flat=True)) == ["Une première version."]


def test_a_nul_in_a_comment_on_the_page_is_refused_and_nothing_is_stored(client, round_):
    r = _respondent(round_)
    page = client.post(f"/fr/consultation/r/{r.token}/", {"general": "avant\x00après", "action": "save"})
    assert page.status_code == 200 and NUL_FR in page.content.decode()
    assert not Comment.objects.exists()


def test_other_control_characters_are_dropped_but_tabs_and_newlines_kept(client, round_):
    r = _respondent(round_)
    client.post(f"/fr/consultation/r/{r.token}/", {"general": "son\x07nerie\x1b\tligne 1\r\nligne 2",
                                                   "action": "save"})
    assert Comment.objects.get().text == "sonnerie\tligne 1\r\nligne 2"


def test_a_too_long_name_or_a_nul_in_it_starts_nothing(client, round_):
    data = {"email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "anonymous"}
    page = client.post(f"/fr/consultation/{round_.pk}/", {**data, "name": "A" * (NAME_MAX + 1)})
    assert page.status_code == 200 and f"au plus {NAME_MAX} caractères" in page.content.decode()
    page = client.post(f"/fr/consultation/{round_.pk}/", {**data, "name": "Am\x00ani"})
    assert page.status_code == 200 and NUL_FR in page.content.decode()
    page = client.post(f"/fr/consultation/{round_.pk}/", {**data, "name": "Amani", "organisation": "O" * 201})
    assert page.status_code == 200
    assert not Response.objects.exists()


# The API


def _body(round_, key="k-api", **extra):
    q = round_.questions.get(position=1)
    return {"client_key": key, "name": "Jean Mukendi", "email": "jean@example.org", "sector": "asm",
            "country": "CD", "language": "fr", "consent": "named", "answers": {str(q.pk): {"text": "Le coût."}},
            "general": "Merci.", **extra}


@pytest.mark.parametrize("extra", [{"general": TOO_LONG}, {"name": "J" * (NAME_MAX + 1)},
                                   {"clauses": {"1.4": TOO_LONG}}, {"organisation": "O" * (NAME_MAX + 1)}])
def test_too_long_text_in_the_api_is_refused_and_nothing_is_stored(client, round_, extra):
    url = f"/api/v1/consultation/rounds/{round_.pk}/responses"
    response = client.post(url, _body(round_, **extra), content_type="application/json")
    assert response.status_code in (400, 422)
    assert not Response.objects.exists() and not Comment.objects.exists()


def test_a_too_long_answer_comment_in_the_api_is_refused_by_the_service_too(round_):
    q = round_.questions.get(position=1)
    with pytest.raises(ValidationError) as refused:
        services.response_submit_whole(round_=round_, client_key="k", name="J", email="j@example.org", sector="asm",
                                       country="CD", language="fr", consent="named",
                                       answers={q.pk: services.ResponseAnswer("", TOO_LONG)})
    assert TOO_LONG_EN in str(refused.value.message_dict[f"q{q.pk}"])
    assert not Response.objects.exists()


def test_the_openapi_document_declares_the_bounds(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    response_in = schemas["ResponseIn"]["properties"]
    assert response_in["general"]["maxLength"] == COMMENT_MAX and response_in["name"]["maxLength"] == NAME_MAX
    assert schemas["AnswerIn"]["properties"]["text"]["maxLength"] == COMMENT_MAX


def test_a_nul_in_the_api_is_refused_and_a_bell_is_dropped(client, round_):
    url = f"/api/v1/consultation/rounds/{round_.pk}/responses"
    response = client.post(url, _body(round_, general="a\x00b"), content_type="application/json")
    assert response.status_code == 400 and "Null characters are not allowed." in str(response.json()["problems"])
    assert not Response.objects.exists()
    response = client.post(url, _body(round_, key="k2", general="ding\x07 dong", name="Jean\x0b Mukendi"),
                           content_type="application/json")
    assert response.status_code == 201
    assert Comment.objects.filter(text="ding dong").exists() and Response.objects.get().name == "Jean Mukendi"


# A facilitator: paper sheets and imported files


@pytest.fixture
def event(round_):
    return services.event_create(actor=None, round_=round_, place="Kamituga", held_on=TODAY - timedelta(3),
                                 facilitator="FEC Sud-Kivu", language="Swahili", attendance={("asm", "women"): 7})


def test_a_too_long_note_or_place_on_an_event_is_refused(round_):
    for extra in ({"notes": "n" * (LONG_TEXT_MAX + 1)}, {"place": "p" * (NAME_MAX + 1)}, {"notes": "a\x00"}):
        with pytest.raises(ValidationError):
            services.event_create(actor=None, round_=round_, **{"place": "Kamituga", "held_on": TODAY,
                                                                "facilitator": "FEC",
                                                   "language": "fr", "attendance": {("asm", "men"): 3}, **extra})
    from assay.consultation.models import PilotEvent

    assert not PilotEvent.objects.exists()


def test_an_imported_file_with_a_too_long_comment_or_a_nul_is_refused_row_by_row(event, round_):
    q_yes, q_text = round_.questions.order_by("position")
    base = {"respondent/name": "Bienvenu K.", "respondent/sector": "asm", "respondent/country": "CD",
            "respondent/language": "fr", "respondent/consent": "named", f"g_{q_yes.pk}/q_{q_yes.pk}": "yes",
            f"g_{q_yes.pk}/q_{q_yes.pk}_comment": "", f"q_{q_text.pk}": "", "general": "", "meta/instanceID": ""}
    rows = [{**base, "general": TOO_LONG, "meta/instanceID": "uuid:1"},
            {**base, f"q_{q_text.pk}": "a\x00b", "meta/instanceID": "uuid:2"},
            {**base, "respondent/name": "N" * (NAME_MAX + 1), "general": "ok", "meta/instanceID": "uuid:3"},
            {**base, "general": "Fine.", "meta/instanceID": "uuid:4"}]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(base))
    writer.writeheader()
    writer.writerows(rows)
    with pytest.raises(services.ImportRejected) as rejected:
        services.event_import(actor=None, event=event, data=out.getvalue().encode(), filename="submissions.csv")
    by_row = {row: message for row, _field, message in rejected.value.rows}
    assert sorted(by_row) == [2, 3, 4]
    assert TOO_LONG_EN in by_row[2] and "Null characters" in by_row[3]
    assert not Response.objects.exists()


def test_a_paper_sheet_with_a_too_long_comment_is_refused(client, staff, event, round_):
    q_text = round_.questions.get(position=1)
    client.force_login(staff)
    form = {"client_key": "sheet-1", "name": "Furaha M.", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "anonymous", f"t{q_text.pk}": TOO_LONG}
    page = client.post(reverse("consultation:event", args=[event.pk]), form, follow=True)
    assert TOO_LONG_EN in page.content.decode()
    assert not Response.objects.exists()


# The admin


def _submitted(round_) -> Comment:
    r = _respondent(round_)
    services.response_save(response=r, answers={}, clauses={}, general="Please shorten module 6.")
    services.response_submit(response=r, client_key="k-admin")
    return Comment.objects.get()


def _admin_post(client, comment, reason="", response="Noted."):
    return client.post(f"/en/admin/consultation/comment/{comment.pk}/change/", {
        "hidden_reason": reason,
        "disposition-TOTAL_FORMS": "1", "disposition-INITIAL_FORMS": "0", "disposition-MIN_NUM_FORMS": "0",
        "disposition-MAX_NUM_FORMS": "1", "disposition-0-decision": "noted", "disposition-0-response_en": response,
        "disposition-0-changed_criterion": "", "disposition-0-comment": str(comment.pk)})


def test_the_admin_refuses_a_too_long_disposition_or_reason(client, staff, round_):
    comment = _submitted(round_)
    client.force_login(staff)
    page = _admin_post(client, comment, response="r" * (LONG_TEXT_MAX + 1))
    assert page.status_code == 200 and f"at most {LONG_TEXT_MAX} characters" in page.content.decode()
    page = _admin_post(client, comment, reason="r" * (LONG_TEXT_MAX + 1))
    assert page.status_code == 200 and f"at most {LONG_TEXT_MAX} characters" in page.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None and not Disposition.objects.exists()


def test_the_services_behind_the_admin_refuse_too(round_):
    comment = _submitted(round_)
    with pytest.raises(ValidationError):
        services.comment_dispose(actor=None, comment=comment, decision="noted", response="r" * (LONG_TEXT_MAX + 1))
    with pytest.raises(ValidationError):
        services.comment_hide(actor=None, comment=comment, reason="a\x00b")
    comment.refresh_from_db()
    assert comment.hidden_at is None and not Disposition.objects.exists()
