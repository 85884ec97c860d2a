"""The consultation in the API: an idempotent submission, published comments, the synopsis."""


import pytest

from assay.consultation import services
from assay.consultation.models import Comment, Response
from assay.lib.text import COMMENT_MAX
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, text_en="Is the multiplier right?", answer_type="scale")
    return r


def body(round_, key="offline-7f3a", **extra):
    q = round_.questions.get()
    return {"client_key": key, "name": "Jean Mukendi", "email": "jean@example.org", "sector": "asm",
            "country": "CD", "language": "fr", "consent": "named",
            "answers": {str(q.pk): {"value": "4", "text": "Plutôt bien."}},
            "clauses": {"1.4": "Ajouter les plaintes anonymes."}, "general": "Merci.", **extra}


def test_a_resent_submission_is_stored_once(client, round_):
    url = f"/api/v1/consultation/rounds/{round_.pk}/responses"
    first = client.post(url, body(round_), content_type="application/json")
    again = client.post(url, body(round_), content_type="application/json")  # the offline resend
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True}
    assert Response.objects.count() == 1 and Comment.objects.count() == 3


def test_bad_input_is_a_400_and_stores_nothing(client, round_):
    url = f"/api/v1/consultation/rounds/{round_.pk}/responses"
    q = round_.questions.get()
    bad = body(round_, answers={str(q.pk): {"value": "9"}})
    response = client.post(url, bad, content_type="application/json")
    assert response.status_code == 400 and f"q{q.pk}" in response.json()["problems"]
    response = client.post(url, body(round_, key="k2", clauses={"99.9": "?"}), content_type="application/json")
    assert response.status_code == 400 and "clauses.99.9" in response.json()["problems"]
    assert not Response.objects.exists()


def test_published_comments_and_synopsis(client, round_):
    client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses", body(round_), content_type="application/json")
    client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses",
                body(round_, key="k3", consent="private", general="Ne pas publier."), content_type="application/json")
    for response in Response.objects.all():  # only confirmed comments are published or counted
        services.response_verify_email(response=response)
    comments = client.get(f"/api/v1/consultation/rounds/{round_.pk}/comments").json()
    texts = {c["text"] for c in comments}
    assert "Merci." in texts and "Ne pas publier." not in texts
    assert all("email" not in c for c in comments) and {c["author"] for c in comments} == {"Jean Mukendi"}
    synopsis = client.get(f"/api/v1/consultation/rounds/{round_.pk}/synopsis").json()
    assert synopsis["by_sector"] == [{"sector": "ASM producers", "received": 6, "published": 3}]
    assert [r["title"] for r in client.get("/api/v1/consultation/rounds").json()] == ["Round"]


PROPOSAL = ("Le producteur dispose d'un mécanisme de réclamation que les travailleurs et les riverains peuvent "
            "utiliser de façon anonyme, y compris par oral.")


def _form_response(client, round_, clause):
    """A comment with the same proposed wording sent through the web form: signed up, the clause picked, the comment
    and the wording typed, submitted, the e-mail confirmed."""
    from django.urls import reverse

    client.post(reverse("consultation:round", args=[round_.pk]), {
        "name": "Amani", "email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
        "consent": "named"})
    started = round_.responses.get(name="Amani")
    respond = reverse("consultation:respond", args=[started.token])
    client.post(respond, {"action": "add", "add_clause": clause.code})
    client.post(respond, {"action": "submit", "client_key": "form-key", f"c{clause.pk}": "Trop compliqué.",
                          f"w{clause.pk}": PROPOSAL})
    started.refresh_from_db()
    assert started.submitted
    services.response_verify_email(response=started)
    return started


def test_a_proposed_wording_sent_by_the_api_is_stored_and_shown_as_a_tracked_change(client, round_):
    from assay.standards.models import Criterion

    clause = Criterion.objects.get(version=round_.version, code="1.4")
    sent = client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses",
                       body(round_, clauses={"1.4": "Plus simple."}, proposed_wording={"1.4": PROPOSAL}),
                       content_type="application/json")
    assert sent.status_code == 201, sent.content
    by_api = Comment.objects.get(response=sent.json()["id"], criterion=clause)
    assert by_api.text == "Plus simple." and by_api.proposed_wording == PROPOSAL
    services.response_verify_email(response=by_api.response)
    api_html = client.get(f"/fr/consultation/{round_.pk}/comments/").content.decode()
    _form_response(client, round_, clause)
    by_form = Comment.objects.exclude(pk=by_api.pk).get(criterion=clause)
    assert by_form.proposed_wording == by_api.proposed_wording
    both_html = client.get(f"/fr/consultation/{round_.pk}/comments/").content.decode()
    tracked = api_html.split('class="tracked"', 1)[1].split("</p>", 1)[0]
    assert "<ins>" in tracked and "<del>" in tracked and "anonyme" in tracked.split("<ins>", 1)[1]
    assert both_html.count(tracked) == 2  # the API's proposal is shown exactly like the form's
    published = client.get(f"/api/v1/consultation/rounds/{round_.pk}/comments").json()
    assert [c["proposed_wording"] for c in published if c["clause"] == "1.4"] == [PROPOSAL, PROPOSAL]


def test_a_proposed_wording_alone_makes_the_clause_comment(client, round_):
    sent = client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses",
                       body(round_, clauses={}, proposed_wording={"1.4": PROPOSAL}), content_type="application/json")
    assert sent.status_code == 201, sent.content
    comment = Comment.objects.get(criterion__code="1.4")
    assert comment.text == "" and comment.proposed_wording == PROPOSAL


@pytest.mark.parametrize("wording, problem", [
    ({"1.4": "x" * (COMMENT_MAX + 1)}, "proposed_wording.1.4"),  # longer than a comment may be
    ({"1.4": 42}, "proposed_wording.1.4"),  # not a string
    ({"1.4": ["Le producteur…"]}, "proposed_wording.1.4"),
    ("Le producteur…", "proposed_wording"),  # not keyed by clause
    ({"99.9": PROPOSAL}, "proposed_wording.99.9"),  # no such clause in the draft
    ({"1.4": "a\x00b"}, "proposed_wording.1.4"),
    ({"1.4": "a\ud800b"}, "proposed_wording.1.4"),  # an unpaired surrogate: no UTF-8 can store it
])
def test_a_bad_proposed_wording_is_a_clear_400_and_stores_nothing(client, round_, wording, problem):
    response = client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses",
                           body(round_, proposed_wording=wording), content_type="application/json")
    assert response.status_code == 400, response.content
    problems = response.json()["problems"]
    assert list(problems) == [problem] and all(problems[problem]), problems  # the field named, with a reason
    assert not Response.objects.exists() and not Comment.objects.exists()


def test_the_openapi_document_declares_the_proposed_wording(client):
    doc = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ResponseIn"]["properties"]
    wording = doc["proposed_wording"]
    assert wording["type"] == "object" and wording["maxProperties"] == 500
    assert [v["maxLength"] for v in wording["patternProperties"].values()] == [COMMENT_MAX]
    assert wording["propertyNames"]["maxLength"] == 20
    assert "tracked change" in wording["description"]
