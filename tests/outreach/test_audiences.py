"""Audience parts of e-mail templates: a subscriber without a partner is not asked whether "  could share it",
a mailing promises no attachment, a package's cover e-mail does (defect 5)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assay.outreach import services
from assay.outreach.models import Delivery, EmailTemplate, Mailing, Partner
from tests.factories import EmailTemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_outreach(demo, django_capture_on_commit_callbacks):
    from assay.web.demo.loader import load_demo_consultation, load_demo_outreach

    round_ = load_demo_consultation(None, demo[1])
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_outreach(None, round_)
    return round_


def test_the_demo_mailing_fits_each_recipient_and_promises_no_attachment(demo_outreach):
    marie = Delivery.objects.get(email="marie.k@example.org")  # French, on the list, of no partner
    assert marie.language == "fr"
    assert "si  pouvait" not in marie.body and not any("  " in line for line in marie.body.splitlines())
    assert "N'hésitez pas à le faire connaître" in marie.body
    assert "joint" not in marie.body and "[[" not in marie.body and "{{" not in marie.body
    aline = Delivery.objects.get(email="aline.bahati@fecomisk.example")
    assert "si Fédération des coopératives minières du Sud-Kivu pouvait le diffuser" in " ".join(aline.body.split())
    assert "joint" not in aline.body and "N'hésitez" not in aline.body
    tom = Delivery.objects.get(email="tom.ellis@example.org")
    assert "Please share it with anyone it concerns" in " ".join(tom.body.split()) and "attached" not in tom.body
    assert "\n\n\n" not in tom.body


def test_the_package_cover_e_mail_has_the_partner_and_attachment_parts(client, staff, demo_outreach):
    partner = Partner.objects.get(name__startswith="Fédération")
    client.force_login(staff)
    response = client.get(reverse("outreach:package", args=[demo_outreach.pk, partner.pk, "fr"]))
    assert response.status_code == 200  # defect 1: two contacts of this partner had a tracked link each
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    text = archive.read(next(n for n in archive.namelist() if n.endswith(".txt"))).decode()
    flat = " ".join(text.split())
    assert "Le dossier joint contient" in flat and "si Fédération des coopératives" in flat
    assert "N'hésitez" not in flat and "[[" not in flat


def test_a_template_that_leaves_a_merge_field_empty_for_a_recipient_is_refused(round_, updates, template):
    services.subscription_confirm(subscription=services.subscription_request(
        mailing_list=updates, name="Tom", email="tom@example.org", language="en", base_url=""))
    careless = EmailTemplateFactory(name="Careless", subject_en="Hi", body_en="Could {{ partner }} share {{ link }}?")
    with pytest.raises(ValidationError, match=r"\{\{ partner \}\}"):
        services.mailing_create(actor=None, template=careless, mailing_list=updates, round_=round_, base_url="")
    assert not Mailing.objects.exists() and not Delivery.objects.exists()


@pytest.mark.parametrize("body, message", [
    ("[[partner]]Hello", "not closed"), ("Hello[[/subscriber]]", "not open"),
    ("[[members]]x[[/members]]", "Unknown part"),
    ("[[partner]][[package]]x[[/partner]][[/package]]", "not open")])
def test_a_badly_formed_part_is_refused_with_its_reason(body, message):
    bad = EmailTemplate(name="Bad", subject_en="S", body_en=body)
    with pytest.raises(ValidationError, match=message):
        bad.clean()
