"""The consultation in the API: an idempotent submission, published comments, the synopsis."""


import pytest

from assay.consultation import services
from assay.consultation.models import Comment, Response
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
