"""The award pages end to end with the test client: the secretariat makes an award and seats its jury, a juror
declares a conflict and is then refused that candidate's pack and score, the pack follows the candidate's consent
and never holds restricted data, scores stay private until the decision, the chair decides and announces, and the
public sees the announcement, the certificates in every configured language and the API."""

import io
import time

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from assay.assessments.models import Answer
from assay.awards.models import Award, Conflict, Score
from assay.standards.models import Kind

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_secretariat_makes_an_award_and_seats_a_jury(client, secretariat, shortlist, published):
    client.force_login(secretariat)
    assert client.get(reverse("awards:new")).status_code == 200
    data = {"shortlist": shortlist.pk, "version": published.pk, "category": "most_improved",
            "organisations": "RMI\nGlobal Witness\n"}
    for code, _name in settings.LANGUAGES:
        data |= {f"name_{code}": f"Award {code}", f"prize_{code}": f"Prize {code}", f"description_{code}": code}
    response = client.post(reverse("awards:new"), data)
    award = Award.objects.get()
    assert response.url == reverse("awards:manage", args=[award.pk])
    assert award.organisations == ["RMI", "Global Witness"]
    assert {getattr(award, f"name_{c}") for c, _n in settings.LANGUAGES} == {f"Award {c}" for c, _n in
                                                                             settings.LANGUAGES}
    from tests.factories import UserFactory

    UserFactory(username="judge")
    client.post(reverse("awards:manage", args=[award.pk]), {"username": "judge", "organisation": "RMI",
                                                              "chair": "1"})
    assert award.jurors.get().chair
    assert "judge" in client.get(reverse("awards:manage", args=[award.pk])).content.decode()


def test_others_cannot_make_awards_nor_enter_the_jury_room(client, member, award, jury):
    client.force_login(member)
    assert client.get(reverse("awards:new")).status_code == 403
    assert client.get(reverse("awards:manage", args=[award.pk])).status_code == 403
    assert client.get(reverse("awards:room", args=[award.pk])).status_code == 404
    n = award.nominations.first()
    assert client.get(reverse("awards:pack", args=[award.pk, n.pk])).status_code == 404
    client.post(reverse("awards:score", args=[award.pk, n.pk]), {"value": "10"})
    assert not Score.objects.exists()
    # not announced: no announcement, no certificate, nothing in the API
    client.logout()
    assert client.get(reverse("awards:announcement", args=[award.pk])).status_code == 404
    assert client.get(f"/api/v1/awards/{award.pk}").status_code == 404
    assert client.get("/api/v1/awards").json() == []


def _mark(nomination):
    """Plant a network canary (a practice finding's notes) and a restricted one (a gate finding's notes)."""
    a1 = nomination.entry.evidence["a1"]["id"]
    answers = Answer.objects.filter(assessment_id=a1)
    practice = answers.filter(criterion__kind__in=[Kind.PRACTICE, Kind.MITIGATION]).first()
    gate = answers.filter(criterion__kind=Kind.GATE).first()
    Answer.objects.filter(pk=practice.pk).update(notes="NETWORKCANARY")
    Answer.objects.filter(pk=gate.pk).update(notes="RESTRICTEDCANARY")


def test_the_pack_follows_consent_and_never_holds_restricted_data(client, award, jury, member, secretariat):
    n = award.nominations.first()
    _mark(n)
    url = reverse("awards:pack", args=[award.pk, n.pk])
    client.force_login(jury["users"]["juror"])
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    text = pdf_text(response)
    print(f"jury pack: {len(response.content)} bytes, {elapsed:.2f} s")
    assert n.name in text and "public data only" in text
    assert "NETWORKCANARY" not in text and "RESTRICTEDCANARY" not in text
    client.force_login(member)
    client.post(reverse("awards:nominations"), {"nomination": n.pk})
    client.force_login(jury["users"]["juror"])
    text = pdf_text(client.get(url))
    assert "NETWORKCANARY" in text and "RESTRICTEDCANARY" not in text
    client.force_login(secretariat)  # the secretariat's own standing does not widen the pack
    assert "RESTRICTEDCANARY" not in pdf_text(client.get(url))


def test_a_juror_cannot_consent_for_a_candidate(client, award, jury):
    n = award.nominations.first()
    client.force_login(jury["users"]["chair"])
    assert client.post(reverse("awards:nominations"), {"nomination": n.pk}).status_code == 404
    assert not award.nominations.filter(consented_at__isnull=False).exists()


def test_a_conflicted_juror_neither_sees_nor_scores_the_candidate(client, award, jury):
    first, second = award.nominations.all()[:2]
    client.force_login(jury["users"]["juror"])
    client.post(reverse("awards:conflict", args=[award.pk, first.pk]), {"note": "Former adviser"})
    assert Conflict.objects.filter(nomination=first).exists()
    room = client.get(reverse("awards:room", args=[award.pk])).content.decode()
    assert reverse("awards:pack", args=[award.pk, first.pk]) not in room
    assert reverse("awards:score", args=[award.pk, first.pk]) not in room
    assert reverse("awards:pack", args=[award.pk, second.pk]) in room
    assert client.get(reverse("awards:pack", args=[award.pk, first.pk])).status_code == 404
    assert client.post(reverse("awards:score", args=[award.pk, first.pk]), {"value": "9"}).status_code == 404
    assert not Score.objects.filter(nomination=first).exists()


def test_from_scores_to_announcement_certificates_and_api(client, award, jury, secretariat):
    chair, juror = jury["users"]["chair"], jury["users"]["juror"]
    first = award.nominations.first()
    client.force_login(juror)
    client.post(reverse("awards:score", args=[award.pk, first.pk]), {"value": "6", "comment": "JURORCOMMENT"})
    client.force_login(chair)
    client.post(reverse("awards:score", args=[award.pk, first.pk]), {"value": "9", "comment": "CHAIRCOMMENT"})
    room = client.get(reverse("awards:room", args=[award.pk])).content.decode()
    assert "JURORCOMMENT" not in room, "a juror's comment shown to another before the decision"
    assert client.get(reverse("awards:scores_file", args=[award.pk, "csv"])).status_code == 404
    client.post(reverse("awards:decide", args=[award.pk]), {"winner": first.pk, "rationale": "Largest progress"})
    assert "JURORCOMMENT" in client.get(reverse("awards:room", args=[award.pk])).content.decode()
    csv = client.get(reverse("awards:scores_file", args=[award.pk, "csv"])).content.decode()
    assert "JURORCOMMENT" in csv and "CHAIRCOMMENT" in csv
    assert client.get(reverse("awards:scores_file", args=[award.pk, "xlsx"])).status_code == 200
    client.force_login(juror)
    assert client.get(reverse("awards:scores_file", args=[award.pk, "csv"])).status_code == 404
    assert client.post(reverse("awards:announce", args=[award.pk])).status_code == 404
    client.force_login(chair)
    response = client.post(reverse("awards:announce", args=[award.pk]))
    assert response.url == reverse("awards:announcement", args=[award.pk])
    client.logout()
    page = client.get(reverse("awards:announcement", args=[award.pk])).content.decode()
    assert first.name in page and "Largest progress" in page and "JURORCOMMENT" not in page
    for code, _name in settings.LANGUAGES:
        started = time.perf_counter()
        response = client.get(reverse("awards:certificate", args=[award.pk, code]))
        elapsed = time.perf_counter() - started
        text = pdf_text(response)
        print(f"certificate {code}: {len(response.content)} bytes, {elapsed:.2f} s")
        assert first.name in text
    fr = pdf_text(client.get(reverse("awards:certificate", args=[award.pk, "fr"])))
    assert "Producteur le plus amélioré 2025" in fr
    listed = client.get("/api/v1/awards").json()
    assert [a["id"] for a in listed] == [award.pk]
    assert listed[0]["decision"]["winner_name"] == first.name
    assert "JURORCOMMENT" not in str(listed)
    assert client.get(f"/api/v1/awards/{award.pk}").json()["jury"][0]["chair"] is True
