"""Mailings: merged per recipient in their language, sent by the task queue's worker, recorded per delivery."""

import os

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assay.outreach import services
from assay.outreach.models import Delivery, Mailing
from tests.factories import ContactFactory, EmailTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(updates, partner):
    subs = []
    for name, email, lang in (("Aline Bahati", "aline@fed.example", "fr"), ("Tom Ellis", "tom@example.org", "en"),
                              ("Lucía F", "lucia@example.org", "es"), ("Pending P", "p@example.org", "en")):
        subs.append(services.subscription_request(mailing_list=updates, name=name, email=email, language=lang,
                                                  base_url=""))
    for sub in subs[:3]:
        services.subscription_confirm(subscription=sub)
    mail.outbox.clear()
    return subs


# The worker runs in this process and checks its connection as a worker does, which closes a connection held in a
# test transaction on PostgreSQL: there, these tests commit for real (emptied after by TRUNCATE). SQLite keeps its
# connection, and its flush would run into the triggers that keep published versions, so it stays transactional.
worker_db = pytest.mark.django_db(transaction=os.environ.get("DATABASE_URL", "").startswith("postgres"))


@worker_db
def test_a_mailing_goes_only_to_confirmed_subscribers_in_their_language(settings, round_, updates, template,
                                                                        subscribers,
                                                                        django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_, base_url="https://assay.example")
    assert mail.outbox == []  # queued, not sent: the worker sends
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert Delivery.objects.filter(status="sent").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["aline@fed.example", "lucia@example.org", "tom@example.org"]
    fr = next(m for m in mail.outbox if m.to == ["aline@fed.example"])
    assert fr.subject.startswith("Commentez d'ici le ") and "Fédération Sud-Kivu" in fr.body
    assert "Aline Bahati" in fr.body and "https://assay.example/fr/outreach/t/" in fr.body
    assert fr.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/fr/outreach/unsubscribe/" in fr.extra_headers["List-Unsubscribe"]
    es = next(m for m in mail.outbox if m.to == ["lucia@example.org"])
    assert es.subject.startswith("Comment by ")  # no Spanish template text: English, never an empty e-mail
    mailing.refresh_from_db()
    assert mailing.finished_at is not None


@worker_db
def test_unsubscribing_after_queueing_is_honoured(settings, round_, updates, template, subscribers,
                                                  django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_, base_url="")
    services.subscription_cancel(subscription=subscribers[1])
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert "tom@example.org" not in [m.to[0] for m in mail.outbox] and len(mail.outbox) == 2
    assert Delivery.objects.get(email="tom@example.org").status == "failed"


def test_a_refused_message_is_recorded_and_the_rest_are_sent(settings, round_, updates, template, subscribers,
                                                            django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def smtp(self, fail_silently=False):  # the SMTP server refuses one recipient: a true edge, faked
        if self.to == ["tom@example.org"]:
            raise OSError("550 mailbox unavailable")
        return original(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", smtp)
    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_,
                                          base_url="")
    record = {d.email: (d.status, d.error) for d in Delivery.objects.filter(mailing=mailing)}
    assert record["tom@example.org"] == ("failed", "550 mailbox unavailable")
    assert record["aline@fed.example"][0] == "sent" and len(mail.outbox) == 2


def test_a_template_with_an_unknown_merge_field_is_refused(round_, updates, subscribers):
    bad = EmailTemplateFactory(name="Typo", subject_en="Hi", body_en="See {{ lnk }}")
    with pytest.raises(ValidationError, match="lnk"):
        services.mailing_create(actor=None, template=bad, mailing_list=updates, round_=round_, base_url="")
    assert not Mailing.objects.exists()


def test_no_confirmed_subscriber_is_refused(round_, updates, template):
    ContactFactory(name="X", email="x@example.org")
    with pytest.raises(ValidationError):
        services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_, base_url="")


def test_progress_page_record_and_tracked_link(client, staff, round_, updates, template, subscribers,
                                               django_capture_on_commit_callbacks):
    client.force_login(staff)
    choice = {"template": template.pk, "list": updates.pk, "round": round_.pk}
    preview = client.get(reverse("outreach:mailing_preview"), choice)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("outreach:mailing_new"), {**choice,
                                                                 "fingerprint": preview.context["preview"].fingerprint})
    mailing = Mailing.objects.get()
    assert response.url == reverse("outreach:mailing", args=[mailing.pk])
    waiting = client.get(response.url).content.decode()
    assert '<progress id="progress" max="3" value="0">' in waiting and 'http-equiv="refresh"' in waiting
    for callback in queued:  # the task runs (the immediate backend in tests)
        callback()
    page = client.get(response.url).content.decode()
    assert '<progress id="progress" max="3" value="3">' in page and "tom@example.org" in page
    assert 'http-equiv="refresh"' not in page  # done: no more refreshing
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("outreach:mailing_file", args=[mailing.pk, "xlsx"])).content))
    rows = list(book.active.values)
    assert len(rows) == 4 and {r[0] for r in rows[1:]} == {"aline@fed.example", "tom@example.org",
                                                          "lucia@example.org"}
    delivery = Delivery.objects.get(email="tom@example.org")
    client.logout()
    click = client.get(reverse("outreach:track", args=[delivery.link.token]))
    assert click.url == reverse("consultation:round", args=[round_.pk])
    delivery.link.refresh_from_db()
    assert delivery.link.clicks == 1 and delivery.link.last_clicked_at is not None


@pytest.mark.parametrize("name", ["outreach:desk", "outreach:mailing"])
def test_only_the_secretariat_reaches_the_outreach_desk(client, coop, member, round_, updates, template,
                                                       subscribers, name):
    mailing = services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_, base_url="")
    url = reverse(name, args=[mailing.pk] if name == "outreach:mailing" else [])
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403
