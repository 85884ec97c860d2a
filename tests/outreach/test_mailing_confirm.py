"""A mailing is previewed with a real recipient's merge, then confirmed; the first POST never sends (defect 5)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assay.outreach import services
from assay.outreach.models import Delivery, Mailing, Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(updates, partner):
    for name, email, lang in (("Aline Bahati", "aline@fed.example", "fr"), ("Tom Ellis", "tom@example.org", "en")):
        services.subscription_confirm(subscription=services.subscription_request(
            mailing_list=updates, name=name, email=email, language=lang, base_url=""))
    mail.outbox.clear()
    return {s.contact.email: s for s in Subscription.objects.select_related("contact")}


def _choice(round_, updates, template):
    return {"template": template.pk, "list": updates.pk, "round": round_.pk}


def test_the_first_post_sends_nothing_and_leads_to_the_preview(client, staff, round_, updates, template, subscribers,
                                                              django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:mailing_new"), _choice(round_, updates, template))
    assert response.status_code == 302 and response.url.startswith(reverse("outreach:mailing_preview"))
    assert not Mailing.objects.exists() and not Delivery.objects.exists() and mail.outbox == []


def test_the_preview_shows_the_merge_of_the_recipient_picked(client, staff, round_, updates, template, subscribers):
    client.force_login(staff)
    url = reverse("outreach:mailing_preview")
    tom = subscribers["tom@example.org"]
    page = client.get(url, {**_choice(round_, updates, template), "recipient": tom.pk}).content.decode()
    assert "Dear Tom Ellis, please share: " in page and "attached" not in page  # a subscriber of no partner
    assert tom.token not in page  # the preview never shows a subscriber's own unsubscribe link
    assert "/en/outreach/unsubscribe/preview/" in page
    aline = subscribers["aline@fed.example"]
    page = client.get(url, {**_choice(round_, updates, template), "recipient": aline.pk}).content.decode()
    assert "Bonjour Aline Bahati, merci de diffuser auprès de Fédération Sud-Kivu" in page
    assert "Commentez d&#x27;ici le " in page  # the French subject, in an HTML page
    assert 'name="fingerprint"' in page and "Confirm: send to 2 confirmed subscribers" in page
    assert not Mailing.objects.exists()


def test_confirming_the_preview_sends_and_a_stale_confirmation_does_not(client, staff, round_, updates, template,
                                                                      subscribers,
                                                                      django_capture_on_commit_callbacks):
    client.force_login(staff)
    page = client.get(reverse("outreach:mailing_preview"), _choice(round_, updates, template)).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    template.body_en = template.body_en + " P.S. changed after the preview"
    template.save()
    response = client.post(reverse("outreach:mailing_new"), {**_choice(round_, updates, template),
                                                             "fingerprint": fingerprint})
    assert response.status_code == 302 and not Mailing.objects.exists()
    assert "changed after the preview" in client.get(response.url).content.decode()
    page = client.get(response.url).content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outreach:mailing_new"), {**_choice(round_, updates, template),
                                                                 "fingerprint": fingerprint})
    mailing = Mailing.objects.get()
    assert response.url == reverse("outreach:mailing", args=[mailing.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["aline@fed.example", "tom@example.org"]


def test_a_template_that_would_leave_a_field_empty_cannot_be_confirmed(client, staff, round_, updates, subscribers):
    from tests.factories import EmailTemplateFactory

    careless = EmailTemplateFactory(name="Careless", subject_en="Hi",
                                    body_en="Could {{ partner }} share it? {{ link }}")
    client.force_login(staff)
    page = client.get(reverse("outreach:mailing_preview"), _choice(round_, updates, careless)).content.decode()
    assert "Not ready to send" in page and "tom@example.org" in page and 'name="fingerprint"' not in page


def test_the_preview_is_for_the_secretariat_only(client, member, round_, updates, template, subscribers):
    url = reverse("outreach:mailing_preview") + f"?template={template.pk}&list={updates.pk}&round={round_.pk}"
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
