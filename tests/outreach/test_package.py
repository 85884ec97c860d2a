"""The distribution package: one ZIP per partner and language, every file in a real format that opens."""

import email
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader
from pyxform.xls2xform import convert

from assay.outreach.models import TrackedLink

pytestmark = pytest.mark.django_db


@pytest.fixture
def package_fr(client, staff, round_, partner, template):
    client.force_login(staff)
    response = client.get(reverse("outreach:package", args=[round_.pk, partner.pk, "fr"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_package_holds_the_documents_and_the_field_kit_in_french(package_fr):
    names = package_fr.namelist()
    assert [n.split("-")[0] for n in names] == ["1", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    assert names[6:9] == ["6-facilitators-guide-fr.pdf", "7-slides-asm-fr.pdf", "8-picture-handouts-fr.pdf"]
    assert all("-fr" in n for n in names)
    assert package_fr.testzip() is None


def test_the_package_carries_the_timeline_as_a_calendar_and_in_the_summary(package_fr, round_):
    from icalendar import Calendar

    calendar = Calendar.from_ical(package_fr.read("9-timeline-fr.ics"))
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert events[f"round-{round_.pk}-closes"].decoded("dtstart") == round_.closes_on
    assert "Premier tour" in str(events[f"round-{round_.pk}-opens"]["summary"])
    summary = _text(package_fr.read(next(n for n in package_fr.namelist() if n.startswith("3-"))))
    from django.utils import formats, translation

    with translation.override("fr"):
        announced = formats.date_format(round_.announced_on, "DATE_FORMAT")
    assert announced in summary  # only the timeline gives the announcement's date


def test_the_cover_email_is_filled_in_and_ready_to_send(package_fr, round_, partner):
    eml = next(n for n in package_fr.namelist() if n.endswith(".eml"))
    message = email.message_from_bytes(package_fr.read(eml), policy=email.policy.default)
    assert message["To"] == "aline@fed.example"
    assert str(message["Subject"]).startswith("Commentez d'ici le ")
    body = message.get_content()
    assert "Aline Bahati" in body and "Fédération Sud-Kivu" in body and "{{" not in body
    link = TrackedLink.objects.get(partner=partner, round=round_, language="fr")
    assert f"/fr/outreach/t/{link.token}/" in body


def test_the_pdfs_open_and_the_summary_fits_on_two_pages(package_fr):
    pdfs = {n.split("-")[0]: package_fr.read(n) for n in package_fr.namelist() if n.endswith(".pdf")}
    summary = PdfReader(io.BytesIO(pdfs["3"]))
    assert len(summary.pages) <= 2
    text = _text(pdfs["3"])
    assert "Ce que la norme apporte à chaque groupe" in text and "affineurs" in text
    assert "Premier tour" in _text(pdfs["4"]) and "Le coefficient ?" in _text(pdfs["4"])
    guide = _text(pdfs["6"])
    assert "Script de consentement" in guide and "femmes" in guide and "Fédération Sud-Kivu" in guide
    assert "Aucun soutien aux groupes armés non étatiques" in guide  # a red line of the draft, in French
    slides = PdfReader(io.BytesIO(pdfs["7"]))
    assert 10 <= len(slides.pages) <= 15 and slides.pages[0].mediabox.width > slides.pages[0].mediabox.height
    assert "What would stop you?" in _text(pdfs["7"])  # the ASM producers' question (no French: its English)
    assert "Le coefficient ?" not in _text(pdfs["7"])  # the brands' question is not in the ASM producers' deck
    assert len(PdfReader(io.BytesIO(pdfs["8"])).pages) == 9  # a handout page for each stakeholder group
    assert len(PdfReader(io.BytesIO(pdfs["2"])).pages) > 3  # the whole draft standard


def test_the_xlsform_in_the_package_converts_with_pyxform(package_fr, tmp_path, round_):
    name = next(n for n in package_fr.namelist() if n.endswith(".xlsx"))
    path = tmp_path / "form.xlsx"
    path.write_bytes(package_fr.read(name))
    xform = convert(xlsform=str(path), validate=False).xform
    for question in round_.questions.all():
        assert f"q_{question.pk}" in xform


def test_the_package_is_for_the_secretariat_only(client, member, round_, partner, template):
    url = reverse("outreach:package", args=[round_.pk, partner.pk, "fr"])
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_every_partner_package_in_every_language_downloads_after_a_mailing(client, staff, round_, updates, partner,
                                                                          template):
    """Defect: a mailing made a tracked link per contact, and the package looked for one per partner and language
    (MultipleObjectsReturned, a 500). Two contacts of one partner, both on the list, in every language."""
    from assay.outreach import services
    from tests.factories import ContactFactory, PartnerFactory

    other = PartnerFactory(name="Red Sur", sector="asm", country="PE", language="es")
    ContactFactory(name="Rosa Q", email="rosa@red.example", partner=other, language="es")
    ContactFactory(name="Prosper M", email="prosper@fed.example", partner=partner, language="fr")
    for contact in (*partner.contacts.all(), *other.contacts.all()):
        services.subscription_confirm(subscription=services.subscription_request(
            mailing_list=updates, name=contact.name, email=contact.email, language=contact.language, base_url=""))
    for _time in range(3):  # three mailings: each makes a link per contact
        services.mailing_create(actor=None, template=template, mailing_list=updates, round_=round_, base_url="")
    client.force_login(staff)
    for p in (partner, other):
        for language in ("en", "fr", "es"):
            response = client.get(reverse("outreach:package", args=[round_.pk, p.pk, language]))
            assert response.status_code == 200, (p.name, language)
            zipfile.ZipFile(io.BytesIO(response.content)).testzip()
            again = client.get(reverse("outreach:package", args=[round_.pk, p.pk, language]))
            assert again.status_code == 200
    # the package's link is its own, one per partner, round and language, and not a delivery's
    package_links = TrackedLink.objects.filter(round=round_, for_package=True)
    assert package_links.count() == 6
    assert not package_links.filter(delivery__isnull=False).exists()
