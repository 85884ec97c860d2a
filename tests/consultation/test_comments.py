"""Published comments honour consent, moderation hides with a reason, campaigns show once with their count."""


import pytest
from django.core.exceptions import ValidationError

from assay.audit.models import AuditRecord
from assay.consultation import services
from assay.consultation.models import Comment, Consent
from assay.standards.models import Criterion
from tests.factories import ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db
CAMPAIGN = ("Buyers must stay engaged with artisanal miners and finance their improvement rather than walk away "
            "at the first problem; judge them on the progress of their suppliers.")


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1])


def submit(round_, name, consent, text, sector="civil_society", key=None):
    # Only confirmed comments are published.
    return ResponseFactory(round=round_, name=name, sector=sector, consent=consent, general=text,
                           key=key or f"key-{name}", status="confirmed")


def test_the_public_page_honours_each_respondents_choice(client, round_):
    submit(round_, "Named", Consent.NAMED, "A named comment.")
    submit(round_, "Anon", Consent.ANONYMOUS, "An anonymous comment.")
    submit(round_, "Secret", Consent.PRIVATE, "A comment not to publish.")
    draft = services.response_start(round_=round_, name="Draft", email="d@example.org", sector="asm", country="CD",
                                    language="fr", consent=Consent.NAMED)
    services.response_save(response=draft, answers={}, clauses={}, general="A draft not submitted.")
    html = client.get(f"/en/consultation/{round_.pk}/comments/").content.decode()
    assert "A named comment." in html and "Named" in html
    assert "An anonymous comment." in html and "Anon<" not in html and "Anonymous" in html
    assert "not to publish" not in html and "A draft not submitted." not in html
    assert "@example.org" not in html


def test_moderation_hides_with_a_reason_and_deletes_nothing(client, round_):
    submit(round_, "Rude", Consent.NAMED, "An insulting comment.")
    comment = Comment.objects.get()
    with pytest.raises(ValidationError):
        services.comment_hide(actor=None, comment=comment, reason="  ")
    services.comment_hide(actor=None, comment=comment, reason="Insults a named person.")
    assert "insulting" not in client.get(f"/en/consultation/{round_.pk}/comments/").content.decode()
    assert Comment.objects.filter(pk=comment.pk, hidden_reason="Insults a named person.").exists()
    assert AuditRecord.objects.filter(action="comment_hide").exists()


def test_a_campaign_is_shown_once_with_its_count(client, round_):
    for i in range(12):
        submit(round_, f"Signer{i}", Consent.NAMED, ("Dear committee, " if i % 2 else "") + CAMPAIGN + f" {i}")
    submit(round_, "Other", Consent.NAMED, "Mercury targets should follow the Minamata Convention timelines.")
    page = client.get(f"/en/consultation/{round_.pk}/comments/")
    shown = page.context["shown"]
    assert sorted(s.count for s in shown) == [1, 12]
    campaign = next(s for s in shown if s.count == 12)
    assert campaign.author == ""  # a group is not attributed to one signer
    assert "12 near-identical comments" in page.content.decode()


def test_a_disposition_answers_a_comment_and_shows_with_it(client, round_, demo):
    submit(round_, "Named", Consent.NAMED, "Accept anonymous grievances.")
    comment = Comment.objects.get()
    clause = Criterion.objects.get(version=demo[1], key="grievance-mechanism")
    with pytest.raises(ValidationError):
        services.comment_dispose(actor=None, comment=comment, decision="accepted", response="")
    with pytest.raises(ValidationError):
        services.comment_dispose(actor=None, comment=comment, decision="accepted", response="Done.",
                                 changed_criterion=Criterion.objects.get(version=demo[0], key="grievance-mechanism"))
    services.comment_dispose(actor=None, comment=comment, decision="accepted",
                             response="Clause 1.4 now accepts anonymous complaints.", changed_criterion=clause)
    html = client.get(f"/en/consultation/{round_.pk}/comments/").content.decode()
    assert "accepted" in html and "now accepts anonymous complaints" in html


def test_the_secretariat_moderates_and_disposes_in_the_admin(client, round_, staff):
    submit(round_, "Named", Consent.NAMED, "Please shorten module 6.")
    comment = Comment.objects.get()
    client.force_login(staff)
    url = f"/en/admin/consultation/comment/{comment.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "hidden_reason": "Off topic.",
        "disposition-TOTAL_FORMS": "1", "disposition-INITIAL_FORMS": "0", "disposition-MIN_NUM_FORMS": "0",
        "disposition-MAX_NUM_FORMS": "1", "disposition-0-decision": "noted",
        "disposition-0-response_en": "Module 6 keeps its six criteria.", "disposition-0-changed_criterion": "",
        "disposition-0-comment": str(comment.pk),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.disposition.decision == "noted"
    assert {"comment_hide", "comment_dispose"} <= set(AuditRecord.objects.values_list("action", flat=True))


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_synopsis_by_clause_and_sector_in_three_formats(client, round_, demo, lang):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    clause = Criterion.objects.get(version=demo[1], code="1.4")
    named = services.response_start(round_=round_, name="Amani", email="amani@example.org", sector="asm",
                                    country="CD", language="fr", consent=Consent.NAMED)
    services.response_save(response=named, answers={}, clauses={clause.pk: "Anonymous complaints, please."}, general="")
    services.response_submit(response=named, client_key="k1")
    services.response_verify_email(response=named)
    submit(round_, "Hidden", Consent.PRIVATE, "Private remark.", sector="government")
    services.comment_dispose(actor=None, comment=Comment.objects.get(criterion=clause), decision="accepted",
                             response="Done in 0.3.", changed_criterion=clause)
    page = client.get(f"/{lang}/consultation/{round_.pk}/synopsis/")
    html = page.content.decode()
    assert "Anonymous complaints, please." in html and "Done in 0.3." in html and "Amani" in html
    assert "Private remark." not in html and "@example.org" not in html
    assert page.context["by_sector"][0][1:] == (1, 1) and page.context["by_sector"][1][1:] == (1, 0)
    pdf = PdfReader(io.BytesIO(client.get(f"/{lang}/consultation/{round_.pk}/synopsis.pdf").content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Anonymous complaints, please." in text and "Private remark." not in text
    sheet = load_workbook(io.BytesIO(client.get(f"/{lang}/consultation/{round_.pk}/synopsis.xlsx").content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and rows[1][5] == "Anonymous complaints, please." and rows[1][7] == "Done in 0.3."


def test_the_workshop_summary_counts_issues_per_sector_and_quotes_only_what_may_be_published(client, round_):
    quote = "Third-party audits cost more than a cooperative earns in a month; allow group audits."
    submit(round_, "A", Consent.ANONYMOUS, quote, sector="asm")
    submit(round_, "B", Consent.PRIVATE, "A private view on audits that is long enough to be quoted, but private.",
           sector="asm")
    submit(round_, "C", Consent.NAMED, "Short.", sector="finance")
    page = client.get(f"/en/consultation/{round_.pk}/workshop/")
    sectors = {label: (total, issues) for label, total, issues in page.context["sectors"]}
    assert sectors["ASM producers"][0] == 2 and sectors["ASM producers"][1][0].count == 2
    assert sectors["ASM producers"][1][0].quote == quote and sectors["finance"][1][0].quote == ""
    assert "private" not in page.content.decode()
