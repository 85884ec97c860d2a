"""A comment is published only once its respondent confirmed their e-mail address (or a pilot-site event vouches
for it): nobody can post under someone else's name and address."""

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from openpyxl import load_workbook

from assay.consultation import selectors, services
from assay.consultation.models import Consent, Response
from tests.factories import QuestionFactory, ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()
CAMPAIGN = ("Buyers must stay engaged with artisanal miners and finance their improvement rather than walk away "
            "at the first problem; judge them on the progress of their suppliers.")


@pytest.fixture
def round_(demo):
    r = RoundFactory(version=demo[1])
    QuestionFactory(round=r, position=0, text_en="What would stop you?", answer_type="text")
    return r


def submit(round_, name, text, sector="asm", consent=Consent.NAMED):
    return ResponseFactory(round=round_, name=name, sector=sector, consent=consent, general=text, status="submitted")


def public_views(client, round_) -> dict[str, str]:
    """Every public place a comment shows or is counted, as text."""
    sheet = load_workbook(io.BytesIO(client.get(f"/en/consultation/{round_.pk}/synopsis.xlsx").content)).active
    return {
        "comments page": client.get(f"/en/consultation/{round_.pk}/comments/").content.decode(),
        "api comments": client.get(f"/api/v1/consultation/rounds/{round_.pk}/comments").content.decode(),
        "api synopsis": client.get(f"/api/v1/consultation/rounds/{round_.pk}/synopsis").content.decode(),
        "synopsis": client.get(f"/en/consultation/{round_.pk}/synopsis/").content.decode(),
        "synopsis xlsx": repr(list(sheet.values)),
        "workshop": client.get(f"/en/consultation/{round_.pk}/workshop/").content.decode(),
    }


def test_an_unconfirmed_comment_is_nowhere_public_until_its_author_confirms(client, round_):
    text = "Third-party audits cost more than a cooperative earns in a month; allow group audits."
    impostor = submit(round_, "Amani", text)
    for place, content in public_views(client, round_).items():
        assert "group audits" not in content and "Amani" not in content, place
    assert selectors.synopsis(round_)[1] == []  # not even counted
    assert selectors.workshop_summary(round_) == []
    services.response_verify_email(response=impostor)
    for place, content in public_views(client, round_).items():
        assert "group audits" in content, place
    assert selectors.synopsis(round_)[1] == [("ASM producers", 1, 1)]
    assert selectors.workshop_summary(round_)[0][1] == 1


def test_a_campaign_counts_only_confirmed_copies(client, round_):
    for i in range(10):
        r = submit(round_, f"Signer{i}", CAMPAIGN + f" {i}", sector="civil_society")
        if i < 4:
            services.response_verify_email(response=r)
    shown = client.get(f"/en/consultation/{round_.pk}/comments/").context["shown"]
    assert [s.count for s in shown] == [4]
    assert client.get(f"/api/v1/consultation/rounds/{round_.pk}/comments").json()[0]["count"] == 4
    assert selectors.synopsis(round_)[1] == [("civil society", 4, 4)]


def test_a_pilot_event_vouches_for_the_answers_it_collected(client, round_, staff):
    event = services.event_create(actor=None, round_=round_, place="Kamituga", held_on=TODAY - timedelta(3),
                                  facilitator="FEC Sud-Kivu", language="Swahili", attendance={("asm", "women"): 7})
    q = round_.questions.get()
    sheet = {q.pk: services.ResponseAnswer("", "The cost of the third-party audit stops our cooperative.")}
    services.event_response_enter(actor=None, event=event,
                                  respondent={"name": "Furaha M.", "sector": "asm", "country": "CD", "language": "fr",
                                              "consent": "named"}, answers=sheet, general="", client_key="s1")
    assert Response.objects.get().email_verified_at is None  # no address, nothing to confirm
    for place, content in public_views(client, round_).items():
        assert "third-party audit stops our cooperative" in content, place


def test_the_respondent_is_told_their_comment_waits_for_confirmation(client, round_,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        start = client.post(f"/fr/consultation/{round_.pk}/", {
            "name": "Amani", "email": "amani@example.org", "sector": "asm", "country": "CD", "language": "fr",
            "consent": "named"})
    respondent = Response.objects.get()
    waiting = "en attente de la confirmation de votre adresse e-mail"
    assert waiting in client.get(start["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(start["Location"], {"general": "Merci.", "action": "submit", "client_key": "k1"})
    assert waiting in client.get(start["Location"]).content.decode()
    receipt = mail.outbox[-1]
    assert "Merci." in receipt.body
    assert waiting in receipt.body
    verify = re.search(r"http://testserver(/fr/consultation/confirm/\S+)", receipt.body).group(1)
    first = re.search(r"http://testserver(/fr/consultation/confirm/\S+)", mail.outbox[0].body).group(1)
    # The same signed address as the first e-mail's link; the signature's timestamp is each e-mail's own second.
    assert first.split(":")[0] == verify.split(":")[0]
    client.post(verify)
    respondent.refresh_from_db()
    assert respondent.email_verified_at is not None
    assert waiting not in client.get(start["Location"]).content.decode()


def test_only_the_link_sent_by_e_mail_confirms_the_address(client, round_, django_capture_on_commit_callbacks):
    """Whoever starts a response is sent to its private page; that page's address must not confirm the e-mail,
    nor may a mail scanner that opens the e-mailed link."""
    with django_capture_on_commit_callbacks(execute=True):
        start = client.post(f"/en/consultation/{round_.pk}/", {
            "name": "Victim", "email": "victim@example.org", "sector": "asm", "country": "CD", "language": "en",
            "consent": "named"})
    respondent = Response.objects.get()
    client.get(start["Location"] + "verify/")
    client.post(start["Location"] + "verify/")
    respondent.refresh_from_db()
    assert respondent.email_verified_at is None
    page = client.get(start["Location"]).content.decode()
    verify = re.search(r"http://testserver(/en/consultation/confirm/\S+)", mail.outbox[0].body).group(1)
    assert verify not in page
    assert client.get(verify).status_code == 200  # a page with one button
    respondent.refresh_from_db()
    assert respondent.email_verified_at is None
    assert client.post(verify[:-3] + "xx/").status_code == 404  # a forged code
    assert client.post(verify).status_code == 302
    respondent.refresh_from_db()
    assert respondent.email_verified_at is not None


def test_the_api_says_the_comment_waits_for_confirmation(client, round_):
    q = round_.questions.get()
    answer = client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses", {
        "client_key": "api-1", "name": "Jean", "email": "jean@example.org", "sector": "asm", "country": "CD",
        "language": "fr", "consent": "named", "answers": {str(q.pk): {"text": "Plutôt bien."}}},
        content_type="application/json")
    assert answer.status_code == 201 and answer.json()["confirmed"] is False


def test_an_invited_reviewer_is_confirmed_by_the_invitation(client, demo):
    from assay.consultation.models import RoundKind

    outline = RoundFactory(version=demo[1], title="Outline review", kind=RoundKind.OUTLINE, announced_on=TODAY,
                           opens_on=TODAY, closes_on=TODAY + timedelta(days=20), short_notice_reason="Early feedback")
    invitation = services.reviewer_invite(actor=None, round_=outline, name="Leah Patel", email="leah@example.org")
    client.post(f"/en/consultation/invite/{invitation.token}/", {"sector": "research", "country": "US",
                                                                 "language": "en", "consent": "named"})
    assert Response.objects.get().email_verified_at is not None  # the link came to that address


def test_the_demo_round_publishes_its_comments(demo):
    from assay.web.demo.loader import load_demo_comments, load_demo_consultation

    round_ = load_demo_consultation(None, demo[1])
    created = load_demo_comments(round_)
    assert created >= 100
    assert selectors.published_comments(round_).count() > 100
