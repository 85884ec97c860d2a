"""The public sign-up to a mailing list sends e-mail: it is limited per client address and per e-mail address."""

import pytest
from django.core import mail
from django.urls import reverse

from assay.outreach.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "subscribe": ("3/h", "2/h")}


def test_sign_ups_from_one_address_are_limited(client, updates, limits, django_capture_on_commit_callbacks):
    url = reverse("outreach:subscribe", args=["updates"])
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            assert client.post(url, {"name": "A", "email": f"a{i}@example.org"},
                               REMOTE_ADDR="203.0.113.7").status_code == 200
        over = client.post("/fr/outreach/lists/updates/", {"name": "A", "email": "a9@example.org"},
                           REMOTE_ADDR="203.0.113.7")
    assert over.status_code == 429 and "Trop de demandes" in over.content.decode()
    assert Subscription.objects.count() == 3 and len(mail.outbox) == 3


def test_sign_ups_for_one_e_mail_address_are_limited(client, updates, limits, django_capture_on_commit_callbacks):
    url = reverse("outreach:subscribe", args=["updates"])
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(2):
            client.post(url, {"name": "A", "email": "victim@example.org"}, REMOTE_ADDR=f"198.51.100.{i + 1}")
        over = client.post(url, {"name": "A", "email": "victim@example.org"}, REMOTE_ADDR="192.0.2.9")
    assert over.status_code == 429 and "Too many requests" in over.content.decode()
    assert len(mail.outbox) == 2
