"""ODK Collect / KoboCollect straight to the server (OpenRosa 1.0): the form list, the form pyxform makes of the
round's XLSForm, and submissions stored once each, attributed to the pilot-site event, for its facilitators only."""

import base64
import copy
import hashlib
import uuid
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assay.accounts.roles import FACILITATOR
from assay.audit.models import AuditRecord
from assay.consultation import services
from assay.consultation.models import Comment, Response
from tests.factories import QuestionFactory, RoundFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db
XF = "{http://www.w3.org/2002/xforms}"
LIST = "{http://openrosa.org/xforms/xformsList}"
ORX = "{http://openrosa.org/http/response}"
TODAY = date.today()


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1], title="Pilot sites", title_fr="Sites pilotes", languages=["en", "fr"])
    QuestionFactory(
        round=r,
        position=0,
        text_en="Are the red lines clear?",
        text_fr="Les lignes rouges sont-elles claires ?",
        answer_type="yes_no",
    )
    QuestionFactory(round=r, position=1, text_en="What would stop you?", answer_type="text")
    return r


def _event(round_, place: str):
    return services.event_create(
        actor=None,
        round_=round_,
        place=place,
        held_on=TODAY - timedelta(2),
        facilitator="FEC Sud-Kivu",
        language="Swahili",
        attendance={("asm", "women"): 7},
    )


@pytest.fixture
def event(round_):
    return _event(round_, "Kamituga")


@pytest.fixture
def facilitator(event, secretariat):
    user = UserFactory(username="neema", groups=[FACILITATOR.group])
    services.event_facilitator_link(actor=secretariat, event=event, user=user)
    return user


def basic(username: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def form_list(client, user, **extra):
    return client.get("/openrosa/formList", secure=True, **basic(user.username), **extra)


def fetch_form(client, user) -> tuple[ET.Element, ET.Element]:
    """Form list → the listed form, as the phone does; (the form list entry, the downloaded XForm's root)."""
    listed = form_list(client, user)
    assert listed.status_code == 200 and listed["X-OpenRosa-Version"] == "1.0"
    entry = ET.fromstring(listed.content).find(f"{LIST}xform")
    url = entry.findtext(f"{LIST}downloadUrl")
    assert url.startswith("https://testserver/openrosa/forms/")
    download = client.get(url.removeprefix("https://testserver"), secure=True, **basic(user.username))
    assert download.status_code == 200 and download["X-OpenRosa-Version"] == "1.0"
    assert entry.findtext(f"{LIST}hash") == "md5:" + hashlib.md5(download.content).hexdigest()
    return entry, ET.fromstring(download.content)


def primary_instance(xform: ET.Element) -> ET.Element:
    """The form's main instance (the model's first, nameless one): the skeleton ODK Collect fills in."""
    model = xform.find(f".//{XF}model")
    instance = next(i for i in model.findall(f"{XF}instance") if i.get("id") is None)
    return instance[0]


def filled(xform: ET.Element, answers: dict[str, str], instance_id: str | None = None) -> bytes:
    """The instance as ODK Collect writes it: the skeleton's elements, without the XForms namespace, each field
    that was answered given its value, the calculated stamp computed, and a fresh meta/instanceID."""
    skeleton = copy.deepcopy(primary_instance(xform))
    for element in skeleton.iter():
        element.tag = element.tag.removeprefix(XF)
    stamp = next(b.get("calculate") for b in xform.iter(f"{XF}bind") if b.get("nodeset", "").endswith("/assay_form"))
    values = {
        "assay_form": stamp.strip("'"),
        "end": "2026-03-01T10:22:31.123+02:00",
        "instanceID": instance_id or f"uuid:{uuid.uuid4()}",
        **answers,
    }
    for element in skeleton.iter():
        if element.tag in values and len(element) == 0:
            element.text = values[element.tag]
    return ET.tostring(skeleton, encoding="utf-8", xml_declaration=True)


def submit(client, user, xml: bytes, **extra):
    upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    return client.post(
        "/openrosa/submission", {"xml_submission_file": upload}, secure=True, **basic(user.username), **extra
    )


def message(response) -> str:
    root = ET.fromstring(response.content)
    assert root.tag == f"{ORX}OpenRosaResponse"
    return root.findtext(f"{ORX}message")


def answers_of(round_) -> dict[str, str]:
    q_yes, q_text = round_.questions.order_by("position")[:2]
    return {
        "name": "Bienvenu K.",
        "sector": "asm",
        "country": "CD",
        "language": "fr",
        "consent": "named",
        f"q_{q_yes.pk}": "no",
        f"q_{q_yes.pk}_comment": "Pas assez claires.",
        f"q_{q_text.pk}": "Les prix.",
        "general": "Merci.",
    }


def test_round_trip_form_list_download_submit_and_resubmit(client, event, facilitator, round_):
    entry, xform = fetch_form(client, facilitator)
    # What the phone received is pyxform's XForm of the round's XLSForm, made for this event.
    data = primary_instance(xform)
    assert data.get("id") == entry.findtext(f"{LIST}formID") == f"assay_round_{round_.pk}_event_{event.pk}"
    assert data.get("version") == entry.findtext(f"{LIST}version") and data.get("version")
    assert xform.findtext(".//{http://www.w3.org/1999/xhtml}title") == entry.findtext(f"{LIST}name")
    assert "Kamituga" in entry.findtext(f"{LIST}name")
    assert data.find(f"{XF}meta/{XF}instanceID") is not None  # pyxform's own meta block

    xml = filled(xform, answers_of(round_), instance_id="uuid:6f1c2a4e-0001")
    created = submit(client, facilitator, xml)
    assert created.status_code == 201, created.content
    assert created["X-OpenRosa-Version"] == "1.0" and int(created["X-OpenRosa-Accept-Content-Length"]) > 0
    assert "Kamituga" in message(created)
    response = Response.objects.get()
    assert response.event == event and response.round == round_ and response.submitted
    assert (response.name, response.sector, response.country, response.consent) == ("Bienvenu K.", "asm", "CD", "named")
    assert sorted(response.comments.values_list("value", "text")) == [
        ("", "Les prix."),
        ("", "Merci."),
        ("no", "Pas assez claires."),
    ]
    assert AuditRecord.objects.filter(action="event_submission_receive", user=facilitator).count() == 1

    again = submit(client, facilitator, xml)  # the phone did not hear the 201 and sends the same instance again
    assert again.status_code == 202 and "nothing was stored twice" in message(again)
    assert Response.objects.count() == 1 and Comment.objects.count() == 3


def test_a_resent_form_is_known_even_after_the_form_changed(client, event, facilitator, round_):
    _entry, xform = fetch_form(client, facilitator)
    xml = filled(xform, answers_of(round_))
    assert submit(client, facilitator, xml).status_code == 201
    round_.title = "Pilot sites, renamed"
    round_.save()
    assert submit(client, facilitator, xml).status_code == 202


def test_the_same_answers_imported_from_an_export_later_are_not_stored_twice(client, event, facilitator, round_):
    _entry, xform = fetch_form(client, facilitator)
    assert submit(client, facilitator, filled(xform, answers_of(round_), instance_id="uuid:abc-1")).status_code == 201
    header = [
        "respondent/name",
        "respondent/sector",
        "respondent/country",
        "respondent/language",
        "respondent/consent",
        "general",
        "meta/instanceID",
    ]
    row = ["Bienvenu K.", "asm", "CD", "fr", "named", "Merci.", "uuid:abc-1"]
    csv = (",".join(header) + "\n" + ",".join(row) + "\n").encode()
    result = services.event_import(actor=facilitator, event=event, data=csv, filename="export.csv")
    assert (result.stored, result.already) == (0, 1)
    assert Response.objects.count() == 1


def test_no_credentials_is_challenged(client, facilitator):
    for response in (
        client.get("/openrosa/formList", secure=True),
        client.head("/openrosa/submission", secure=True),
        client.post("/openrosa/submission", secure=True),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Basic realm=")
        assert response["X-OpenRosa-Version"] == "1.0"


def test_head_submission_tells_the_phone_it_is_signed_in(client, facilitator):
    response = client.head("/openrosa/submission", secure=True, **basic("neema"))
    assert response.status_code == 204 and response["X-OpenRosa-Accept-Content-Length"] == str(10 * 1024 * 1024)


def test_a_wrong_password_is_challenged_again(client, facilitator):
    response = client.get("/openrosa/formList", secure=True, **basic("neema", "not-the-password"))
    assert response.status_code == 401 and "Wrong username or password" in message(response)


def test_the_lockout_counts_failed_basic_sign_ins(client, facilitator, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.get("/openrosa/formList", secure=True, **basic("neema", "guess"))
    locked = client.get("/openrosa/formList", secure=True, **basic("neema"))
    assert locked.status_code == 429  # the right password, but the account is locked for now
    assert b"<xforms" not in locked.content


def test_another_events_facilitator_may_neither_see_nor_send_its_form(client, event, facilitator, round_, secretariat):
    other = UserFactory(username="amani", groups=[FACILITATOR.group])
    services.event_facilitator_link(actor=secretariat, event=_event(round_, "Mukungwe"), user=other)
    names = [e.findtext(f"{LIST}name") for e in ET.fromstring(form_list(client, other).content)]
    assert len(names) == 1 and "Mukungwe" in names[0]
    download = client.get(reverse("openrosa:form", args=[event.pk, "en"]), secure=True, **basic("amani"))
    assert download.status_code == 403
    _entry, xform = fetch_form(client, facilitator)
    refused = submit(client, other, filled(xform, answers_of(round_)))
    assert refused.status_code == 403 and "do not facilitate" in message(refused)
    assert not Response.objects.exists()


def test_an_account_that_is_no_facilitator_is_refused(client, event):
    user = UserFactory(username="visitor")
    response = client.get("/openrosa/formList", secure=True, **basic("visitor"))
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.event_facilitator_link(actor=UserFactory(is_staff=True), event=event, user=user)
    assert not event.facilitators.exists()


def test_only_the_secretariat_links_a_facilitator(event):
    from django.core.exceptions import PermissionDenied

    user = UserFactory(username="self-service", groups=[FACILITATOR.group])
    with pytest.raises(PermissionDenied):
        services.event_facilitator_link(actor=user, event=event, user=user)
    assert not event.facilitators.exists()


@pytest.mark.parametrize(
    "xml",
    [
        b"<data id='x'><name>unclosed</data>",
        b"not xml at all",
        b"",
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "boom">]><data id="x">&e;</data>',
    ],
)
def test_a_malformed_submission_is_refused_and_nothing_stored(client, facilitator, xml):
    response = submit(client, facilitator, xml)
    assert response.status_code == 400 and "well-formed" in message(response)
    assert not Response.objects.exists()


def test_an_invalid_answer_is_refused_with_the_field_named(client, event, facilitator, round_):
    _entry, xform = fetch_form(client, facilitator)
    response = submit(client, facilitator, filled(xform, {**answers_of(round_), "sector": "astrology"}))
    assert response.status_code == 400 and "sector" in message(response)
    assert not Response.objects.exists()


def test_an_unknown_form_is_refused(client, facilitator, round_):
    xml = b'<data id="assay_round_999_event_999" version="1"><meta><instanceID>uuid:1</instanceID></meta></data>'
    response = submit(client, facilitator, xml)
    assert response.status_code == 404 and "no form assay_round_999_event_999" in message(response)
    plain = f'<data id="assay_round_{round_.pk}"><meta><instanceID>uuid:1</instanceID></meta></data>'.encode()
    assert submit(client, facilitator, plain).status_code == 404
    assert not Response.objects.exists()


def test_a_changed_form_is_refused_until_the_phone_fetches_it_again(client, event, facilitator, round_):
    _entry, xform = fetch_form(client, facilitator)
    xml = filled(xform, answers_of(round_))
    QuestionFactory(round=round_, position=2, text_en="A question added since", answer_type="text")
    response = submit(client, facilitator, xml)
    assert response.status_code == 409 and "changed since" in message(response)
    assert not Response.objects.exists()
    _entry, xform = fetch_form(client, facilitator)  # the new version
    assert submit(client, facilitator, filled(xform, answers_of(round_))).status_code == 201


def test_messages_come_in_the_language_of_the_server_url_or_the_phone(client, event, facilitator, round_):
    _entry, xform = fetch_form(client, facilitator)
    bad = {**answers_of(round_), "sector": "astrology"}
    upload = SimpleUploadedFile("submission.xml", filled(xform, bad), content_type="text/xml")
    french = client.post("/openrosa/fr/submission", {"xml_submission_file": upload}, secure=True, **basic("neema"))
    assert french.status_code == 400 and "Choisissez une valeur valide" in message(french)
    spanish = submit(client, facilitator, filled(xform, bad), HTTP_ACCEPT_LANGUAGE="es")
    assert spanish.status_code == 400 and "Elija una opción válida" in message(spanish)
    assert client.get("/openrosa/de/formList", secure=True, **basic("neema")).status_code == 404
    assert not Response.objects.exists()


def test_the_form_opens_in_the_language_of_the_server_url(client, event, facilitator, round_):
    listed = client.get("/openrosa/fr/formList", secure=True, **basic("neema"))
    url = ET.fromstring(listed.content).find(f"{LIST}xform").findtext(f"{LIST}downloadUrl")
    assert url.endswith(f"/openrosa/forms/{event.pk}/fr.xml")
    assert "Sites pilotes" in ET.fromstring(listed.content).find(f"{LIST}xform").findtext(f"{LIST}name")


def test_basic_credentials_over_plain_http_are_refused_in_production(client, facilitator, settings):
    settings.DEBUG = False
    response = client.get("/openrosa/formList", **basic("neema"))
    assert response.status_code == 403 and "HTTPS" in message(response)
    assert "WWW-Authenticate" not in response  # the phone is never asked for the password over plain HTTP
    settings.DEBUG = True  # a phone on the demo's local network
    assert client.get("/openrosa/formList", **basic("neema")).status_code == 200


def test_the_secretariat_links_and_unlinks_facilitators_on_the_event_page(client, event, secretariat):
    user = UserFactory(username="furaha", groups=[FACILITATOR.group])
    client.force_login(secretariat)
    url = reverse("consultation:event", args=[event.pk])
    assert client.post(url, {"action": "facilitator_add", "account": "furaha"}).status_code == 302
    assert list(event.facilitators.all()) == [user]
    assert "furaha" in client.get(url).content.decode()
    assert client.post(url, {"action": "facilitator_remove", "account": str(user.pk)}).status_code == 302
    assert not event.facilitators.exists()
    actions = set(AuditRecord.objects.filter(object_id=str(event.pk)).values_list("action", flat=True))
    assert {"event_facilitator_link", "event_facilitator_unlink"} <= actions


def test_a_facilitator_cannot_link_themselves_on_the_event_page(client, event):
    user = UserFactory(username="furaha", groups=[FACILITATOR.group])
    client.force_login(user)
    url = reverse("consultation:event", args=[event.pk])
    client.post(url, {"action": "facilitator_add", "account": "furaha"})
    assert not event.facilitators.exists()
    assert "facilitator_add" not in client.get(url).content.decode()
