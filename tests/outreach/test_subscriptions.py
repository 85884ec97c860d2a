"""Mailing lists: double opt-in (nothing is sent to anyone who has not confirmed), one-click unsubscribe."""

import pytest
from django.core import mail
from django.urls import reverse

from assay.audit.models import AuditRecord
from assay.outreach.models import Subscription

pytestmark = pytest.mark.django_db


def _link(body: str, marker: str) -> str:
    return next(w for w in body.split() if marker in w).split("http://testserver", 1)[1]


def test_subscribing_sends_a_confirmation_and_only_the_button_confirms(client, updates,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("outreach:subscribe", args=["updates"]),
                           {"name": "Rosa Quispe", "email": "Rosa@Example.org", "language": "es"})
    assert page.status_code == 200
    sub = Subscription.objects.get()
    assert sub.status == "pending" and sub.contact.email == "rosa@example.org"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.org"]
    assert "Confirme" in mail.outbox[0].subject or "confirm" in mail.outbox[0].subject.lower()
    link = _link(mail.outbox[0].body, "/confirm/")
    assert link.startswith("/es/outreach/confirm/")
    client.get(link)  # a mail scanner opening the link confirms nothing
    sub.refresh_from_db()
    assert sub.status == "pending"
    client.post(link)
    sub.refresh_from_db()
    assert sub.status == "confirmed" and sub.confirmed_at is not None
    assert AuditRecord.objects.filter(action="subscription_confirm").count() == 1


def test_asking_again_does_not_reveal_or_change_a_confirmed_subscription(client, updates):
    client.post(reverse("outreach:subscribe", args=["updates"]), {"name": "A", "email": "a@example.org"})
    sub = Subscription.objects.get()
    client.post(reverse("outreach:confirm", args=[sub.token]))
    again = client.post(reverse("outreach:subscribe", args=["updates"]), {"name": "A", "email": "a@example.org"})
    sub.refresh_from_db()
    assert sub.status == "confirmed" and Subscription.objects.count() == 1
    assert "sent you an e-mail" in again.content.decode()


def test_a_bad_address_is_refused_with_a_translated_error_and_nothing_stored(client, updates):
    page = client.post("/fr/outreach/lists/updates/", {"name": "X", "email": "not-an-address"})
    assert "Saisissez une adresse e-mail valide" in page.content.decode()
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_by_post_without_session_or_csrf(updates):
    from django.test import Client

    from assay.outreach import services

    sub = services.subscription_confirm(subscription=services.subscription_request(
        mailing_list=updates, name="B", email="b@example.org", language="en", base_url=""))
    strict = Client(enforce_csrf_checks=True)
    url = reverse("outreach:unsubscribe", args=[sub.token])
    assert strict.get(url).status_code == 200
    sub.refresh_from_db()
    assert sub.status == "confirmed"  # opening the page changes nothing
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    sub.refresh_from_db()
    assert sub.status == "unsubscribed" and sub.unsubscribed_at is not None
    strict.post(url)  # idempotent
    assert Subscription.objects.get().status == "unsubscribed"


def test_a_too_long_name_or_a_nul_in_it_subscribes_nobody(client, updates):
    from assay.lib.text import NAME_MAX

    url = reverse("outreach:subscribe", args=["updates"])
    page = client.post("/fr" + url[3:], {"name": "R" * (NAME_MAX + 1), "email": "rosa@example.org"})
    assert f"au plus {NAME_MAX} caractères" in page.content.decode()
    page = client.post("/fr" + url[3:], {"name": "Ro\x00sa", "email": "rosa@example.org"})
    assert "Le caractère nul n’est pas autorisé." in page.content.decode()
    assert not Subscription.objects.exists()
    client.post(url, {"name": "Ro\x07sa", "email": "rosa@example.org"})
    assert Subscription.objects.get().contact.name == "Rosa"
