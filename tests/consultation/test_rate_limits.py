"""Public requests that send e-mail or store data are limited per client address and per e-mail address: the
request over the limit is a translated 429 and stores and sends nothing."""


import pytest
from django.core import mail
from django.test import RequestFactory

from assay.consultation.models import Response
from tests.factories import QuestionFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, text_en="Is the multiplier right?", answer_type="scale")
    return r


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "consultation_start": ("3/h", "2/h"),
                            "consultation_submit": ("3/h", "2/h")}
    return settings.RATE_LIMITS


def start(client, round_, email, ip, lang="en"):
    return client.post(f"/{lang}/consultation/{round_.pk}/", {
        "name": "Amani", "email": email, "sector": "asm", "country": "CD", "language": lang, "consent": "named"},
        REMOTE_ADDR=ip)


def test_starts_from_one_address_are_limited(client, round_, limits, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            assert start(client, round_, f"p{i}@example.org", "203.0.113.7").status_code == 302
        over = start(client, round_, "p9@example.org", "203.0.113.7", lang="fr")
    assert over.status_code == 429 and int(over["Retry-After"]) > 0
    assert "Trop de demandes" in over.content.decode() and "Rien n'a été enregistré ni envoyé" in over.content.decode()
    assert Response.objects.count() == 3 and len(mail.outbox) == 3
    assert start(client, round_, "p9@example.org", "198.51.100.1").status_code == 302  # another network


def test_starts_for_one_e_mail_address_are_limited_from_any_network(client, round_, limits,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(2):
            assert start(client, round_, "victim@example.org", f"198.51.100.{i + 1}").status_code == 302
        over = start(client, round_, "Victim@Example.org ", "192.0.2.9")
    assert over.status_code == 429 and "Too many requests" in over.content.decode()
    assert Response.objects.count() == 2 and len(mail.outbox) == 2


def body(round_, key, email="jean@example.org"):
    return {"client_key": key, "name": "Jean", "email": email, "sector": "asm", "country": "CD", "language": "fr",
            "consent": "named", "general": "Merci."}


def test_api_submissions_are_limited_with_a_429_in_the_apis_shape(client, round_, limits,
                                                                  django_capture_on_commit_callbacks):
    url = f"/api/v1/consultation/rounds/{round_.pk}/responses"
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(2):
            assert client.post(url, body(round_, f"k{i}"), content_type="application/json",
                               REMOTE_ADDR="203.0.113.7").status_code == 201
        over = client.post(url, body(round_, "k9"), content_type="application/json", REMOTE_ADDR="203.0.113.8",
                           HTTP_ACCEPT_LANGUAGE="fr")
    assert over.status_code == 429 and int(over["Retry-After"]) > 0
    assert over.json()["problems"] == {} and "Trop de demandes" in over.json()["detail"]
    assert Response.objects.count() == 2 and len(mail.outbox) == 2
    assert client.post(url, body(round_, "k3", "other@example.org"), content_type="application/json",
                       REMOTE_ADDR="203.0.113.7").status_code == 201
    over = client.post(url, body(round_, "k4", "third@example.org"), content_type="application/json",
                       REMOTE_ADDR="203.0.113.7")
    assert over.status_code == 429 and Response.objects.count() == 3  # 3 per address


def test_the_openapi_document_declares_the_429(client, db):
    operation = client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/consultation/rounds/{pk}/responses"]["post"]
    assert "429" in operation["responses"]


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    from assay.lib.ratelimit import client_ip

    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(forged) == "10.0.0.2"  # no proxy trusted: the header is the client's claim
    settings.PROXY_COUNT = 1
    assert client_ip(forged) == "203.0.113.7"  # the entry the proxy appended; the left one was forged
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
