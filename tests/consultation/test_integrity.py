"""Integrity of mass comments (after ACUS recommendation 2021-1): campaign copies keep what each signatory added,
likely scripted submissions are flagged (never dropped), a receipt's "this was not me" link withdraws a response
pending review, and the secretariat redacts passages with a reason."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from assay.audit.models import AuditRecord
from assay.consultation import selectors, services
from assay.consultation.models import Comment, Consent, Response, Withdrawal
from tests.factories import ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db
LETTER = ("Buyers must stay engaged with artisanal miners and finance their improvement rather than walk away at the "
          "first problem; judge them on the progress of their suppliers.")
OWN = "In our village the school closed when the buyers left."


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1], title="Consultation on draft 0.2")


def signed(round_, name, text, consent=Consent.NAMED, **kw):
    return ResponseFactory(round=round_, name=name, consent=consent, general=text, sector="civil_society", **kw)


@pytest.fixture
def campaign(round_):
    for i in range(5):
        signed(round_, f"Signer{i}", LETTER)
    signed(round_, "Amina", LETTER + " " + OWN)
    signed(round_, "Hidden", "Dear committee, " + LETTER, consent=Consent.ANONYMOUS)
    return round_


def test_a_campaign_keeps_each_signatorys_added_text_on_the_comments_page(client, campaign):
    page = client.get(reverse("consultation:comments", args=[campaign.pk]))
    html = page.content.decode()
    (group,) = [s for s in page.context["shown"] if s.count > 1]
    assert group.count == 7 and html.count(LETTER[:40]) == 1  # the form letter once, with the true count
    assert [(a.author, a.text) for a in group.additions] == [("Amina", OWN), ("", "Dear committee,")]
    assert OWN in html and "Dear committee," in html and "2 signatories added their own words" in html
    assert "Hidden" not in html  # an anonymous signatory's addition is shown, their name is not


def test_an_anonymous_signatorys_signature_is_not_published(client, round_):
    for i in range(3):
        signed(round_, f"Signer{i}", LETTER)
    signed(round_, "Zawadi Mbeki", "Dear committee, " + LETTER + " Signed: Zawadi Mbeki, Mbeki Traders",
           consent=Consent.ANONYMOUS, organisation="Mbeki Traders", email="zawadi@example.org")
    (group,) = [s for s in selectors.grouped(round_) if s.count > 1]
    assert [(a.author, a.text) for a in group.additions] == [
        ("", "Dear committee, … Signed: [name withheld], [name withheld]")]
    assert "Zawadi" not in client.get(reverse("consultation:comments", args=[round_.pk])).content.decode()


def test_added_text_is_what_the_copy_wrote_beyond_the_letter():
    from assay.domain.dedup import added_text

    assert added_text(LETTER, LETTER.upper().replace(";", ",")) == ""  # case and punctuation add nothing
    assert added_text(LETTER, "Hello, " + LETTER + " " + OWN) == f"Hello, … {OWN}"
    # two changes a word apart read as one passage
    assert added_text("one two three four five six", "one two 2 three 3 four five six") == "2 three 3"


def test_the_synopsis_and_the_api_carry_the_added_text(client, campaign):
    assert OWN in client.get(reverse("consultation:synopsis", args=[campaign.pk])).content.decode()
    from openpyxl import load_workbook

    xlsx = client.get(reverse("consultation:synopsis_file", args=[campaign.pk, "xlsx"])).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Added by signatories" and any(r[-1] and f"Amina: {OWN}" in r[-1] for r in rows[1:])
    for path in (f"/api/v1/consultation/rounds/{campaign.pk}/comments",):
        (group,) = [c for c in client.get(path).json() if c["count"] > 1]
        assert {"author": "Amina", "text": OWN} in group["additions"]
    synopsis = client.get(f"/api/v1/consultation/rounds/{campaign.pk}/synopsis").json()
    assert any({"author": None, "text": "Dear committee,"} in c["additions"]
               for s in synopsis["sections"] for c in s["comments"])


def test_the_synopsis_pdf_carries_the_added_text(client, campaign):
    import pypdfium2

    pdf = client.get(reverse("consultation:synopsis_file", args=[campaign.pk, "pdf"])).content
    doc = pypdfium2.PdfDocument(pdf)
    image = doc[0].render(scale=1).to_pil().convert("L")
    assert image.getextrema()[0] < 100  # not blank
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    assert "school closed" in re.sub(r"\s+", " ", text)


def _submit_api(client, round_, key, email, agent="Mozilla/5.0 scripted", address="203.0.113.7"):
    return client.post(f"/api/v1/consultation/rounds/{round_.pk}/responses", json.dumps({
        "client_key": key, "name": key, "email": email, "sector": "asm", "country": "CD", "language": "en",
        "consent": "anonymous", "general": f"A comment from {key}."}), content_type="application/json",
        HTTP_USER_AGENT=agent, REMOTE_ADDR=address)


def test_likely_scripted_submissions_are_flagged_with_their_reasons_and_never_dropped(client, round_):

    for i in range(3):
        assert _submit_api(client, round_, f"bot{i}", f"bot{i}@example.org").status_code == 201
    assert _submit_api(client, round_, "throwaway", "x@mailinator.com", agent="Other", address="198.51.100.2"
                       ).status_code == 201
    quiet = signed(round_, "Quiet", "An ordinary comment.")
    Response.objects.filter(pk=quiet.pk).update(submitted_at=timezone.now() - timedelta(hours=3))
    stored = Response.objects.filter(name="bot0").get()
    assert len(stored.fingerprint) == 64 and "203.0.113.7" not in stored.fingerprint  # a hash, never the address
    flags = {f.response.name: " · ".join(f.reasons) for f in selectors.flagged_responses(round_)}
    assert set(flags) == {"bot0", "bot1", "bot2", "throwaway"}
    assert "the same browser and network as 2 other responses" in flags["bot0"]
    assert "submitted within 10 seconds of" in flags["bot0"]
    assert "a throwaway e-mail address (mailinator.com)" in flags["throwaway"]
    assert "same browser" not in flags["throwaway"]
    # Flagged, not dropped: all are stored and received as any other.
    assert Response.objects.filter(round=round_).count() == 5


def test_the_review_page_is_the_secretariats(client, round_, secretariat, member):
    path = reverse("consultation:review", args=[round_.pk])
    assert client.get(path).status_code in (302, 403)
    client.force_login(member)
    assert client.get(path).status_code == 403
    client.force_login(secretariat)
    assert client.get(path).status_code == 200


def _not_me_link(message) -> str:
    return re.search(r"\S*/not-me/\S+/", message.body).group(0)


def test_this_was_not_me_withdraws_pending_review_and_the_secretariat_decides(client, round_, secretariat,
                                                                            django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = signed(round_, "Impostor", "Comments sent in someone else's name.")
    with translation.override(r.language):  # the receipt is in the respondent's language, its subject too
        subject = gettext("Receipt: your comments on %(title)s") % {"title": round_.title}
    receipt = next(m for m in mail.outbox if m.subject == subject)
    link = _not_me_link(receipt)
    comments = reverse("consultation:comments", args=[round_.pk])
    assert "someone else" in client.get(comments).content.decode()
    page = client.get(link)  # a mail scanner opens the link: nothing changes
    assert page.status_code == 200 and "<form method=\"post\"" in page.content.decode()
    r.refresh_from_db()
    assert r.withdrawal == ""
    assert client.post(link).status_code == 302
    r.refresh_from_db()
    assert r.withdrawal == Withdrawal.PENDING and r.withdrawn_at is not None
    assert "someone else" not in client.get(comments).content.decode()
    assert Comment.objects.filter(response=r).exists()  # withdrawn, not deleted
    assert AuditRecord.objects.filter(action="response_disown", object_id=str(r.pk)).exists()
    assert client.get(link.replace("/not-me/", "/not-me/x")).status_code == 404  # a forged code

    client.force_login(secretariat)
    review = reverse("consultation:review", args=[round_.pk])
    assert "Impostor" in client.get(review).content.decode()
    client.post(review, {"response": r.pk, "decision": "reinstate"})
    r.refresh_from_db()
    assert r.withdrawal == Withdrawal.REINSTATED
    assert "someone else" in client.get(comments).content.decode()
    assert AuditRecord.objects.filter(action="response_withdrawal_review", user=secretariat).exists()
    client.post(link)  # reviewed: the link no longer withdraws it
    r.refresh_from_db()
    assert r.withdrawal == Withdrawal.REINSTATED


def test_a_confirmed_withdrawal_is_neither_published_nor_counted(round_, secretariat):
    r = signed(round_, "Impostor", "Comments sent in someone else's name.")
    services.response_disown(response=r)
    services.response_withdrawal_review(actor=secretariat, response=r, confirm=True)
    assert not selectors.published_comments(round_).exists() and not selectors.received_comments(round_).exists()
    with pytest.raises(Exception, match="no withdrawal waiting"):
        services.response_withdrawal_review(actor=secretariat, response=r, confirm=False)


def test_a_redacted_passage_is_kept_but_never_published(client, round_, secretariat):
    signed(round_, "Talks", "The manager Jean Dupont (+243 81 555 0101) takes bribes at the gate.")
    comment = Comment.objects.get()
    with pytest.raises(Exception, match="not in the comment"):
        services.comment_redact(actor=secretariat, comment=comment, reason="personal_data", passage="nowhere")
    client.force_login(secretariat)
    page = reverse("consultation:redact", args=[comment.pk])
    assert client.get(page).status_code == 200
    client.post(page, {"passage": "+243 81 555 0101", "reason": "personal_data"})
    services.comment_redact(actor=secretariat, comment=comment, reason="defamation", start=4, end=23)
    comment.refresh_from_db()
    assert "Jean Dupont" in comment.text and "0101" in comment.text  # the original is kept
    client.logout()
    html = client.get(reverse("consultation:comments", args=[round_.pk])).content.decode()
    assert "Jean Dupont" not in html and "0101" not in html
    assert "The [redacted: defamation] ([redacted: personal data]) takes bribes" in html
    api = json.dumps(client.get(f"/api/v1/consultation/rounds/{round_.pk}/comments").json())
    assert "Dupont" not in api and "0101" not in api
    record = AuditRecord.objects.filter(action="comment_redact").first()
    assert record is not None and "0101" not in json.dumps(record.details) + record.summary
    assert client.get(page).status_code in (302, 403)  # not for visitors


def test_the_redaction_reasons_are_translatable():
    from django.utils.functional import Promise

    from assay.consultation.models import RedactionReason

    assert all(isinstance(label, Promise) for _value, label in RedactionReason.choices)


def test_the_workshop_shows_campaigns_redacted_with_each_signatorys_added_text(client, campaign, secretariat):
    import openpyxl

    (group,) = [s for s in selectors.grouped(campaign) if s.count > 1]
    services.comment_redact(actor=secretariat, comment=group.comment, reason="personal_data", passage="artisanal")
    page = client.get(reverse("consultation:workshop", args=[campaign.pk])).content.decode()
    html = page.split('id="campaigns"')[1]  # the campaigns' part (each copy is redacted on its own)
    assert "[redacted: personal data] miners" in html and "artisanal" not in html  # nor back as an addition
    assert OWN in html and "2 signatories added their own words" in html
    book = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("consultation:workshop_file", args=[campaign.pk, "xlsx"])).content))
    rows = [[str(v or "") for v in row] for row in book["Campaigns"].iter_rows(values_only=True)]
    assert rows[0][-1] == "Added by signatories"
    (row,) = [r for r in rows[1:] if r[1] == "7"]
    assert "artisanal" not in row[2] and "[redacted: personal data]" in row[2]
    assert f"Amina: {OWN}" in row[3]
