"""The pages: the public reads bodies, recorded meetings' published items and decisions; the secretariat records a
meeting through a plain form (its refusals shown on it); the why page of a criterion follows the chain from a
comment's proposed wording to the text; the justification report renders as a page and a PDF in three languages,
and says "nothing to report" for a version without a previous one."""

from datetime import date

import pypdfium2
import pytest
from django.urls import reverse

from assay.consultation import services as consultation
from assay.governance import services
from assay.governance.models import Decision, Meeting
from assay.standards import services as standards
from tests.factories import UserFactory
from tests.governance.conftest import PROPOSAL, comment_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(committee, chair, member, secretariat, accepted):
    return services.meeting_record(
        actor=secretariat, body=committee, held_on=date(2026, 3, 10), place="Kigali",
        call_link="https://call.example.org/room-secret", attendees=[chair, member],
        items=[services.ItemInput("Comments on clause 1.4", "Discussed in full.", public=True),
               services.ItemInput("Budget", "INTERNAL-BUDGET-FIGURES", public=False)],
        actions=[services.ActionInput("ACTION-DRAFT-0.3", chair, date(2026, 4, 10))],
        decisions=[services.DecisionInput("Accept the anonymous-complaints wording", "It answers producers.",
                                          "consensus", links=[services.LinkInput("disposition",
                                                                                 disposition=accepted)])])


@pytest.fixture
def next_draft(demo, accepted, secretariat):
    draft = standards.version_derive(actor=secretariat, version=demo[1], label="0.3")
    consultation.amendment_apply(actor=secretariat, disposition=accepted, draft=draft)
    return draft


def test_the_public_reads_the_record_but_not_what_is_internal(client, committee, meeting):
    body = client.get(reverse("governance:body", args=[committee.slug])).content.decode()
    assert "Amina Chair" in body and "Board member of a mining NGO" not in body
    assert "Record a meeting" not in body
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "Comments on clause 1.4" in page and "Amina Chair" in page
    assert "INTERNAL-BUDGET-FIGURES" not in page and "ACTION-DRAFT-0.3" not in page and "room-secret" not in page
    decision = Decision.objects.get()
    shown = client.get(reverse("governance:decision", args=[decision.pk])).content.decode()
    assert "It answers producers." in shown and "By consensus" in shown
    fr = client.get(f"/fr/governance/{committee.slug}/").content.decode()
    assert "Comité des normes" in fr


def test_the_committee_reads_internal_items(client, committee, meeting):
    from assay.accounts.roles import COMMITTEE_GROUP

    client.force_login(UserFactory(username="c", groups=[COMMITTEE_GROUP]))
    page = client.get(reverse("governance:meeting", args=[meeting.pk])).content.decode()
    assert "INTERNAL-BUDGET-FIGURES" in page and "ACTION-DRAFT-0.3" in page
    body_page = client.get(reverse("governance:body", args=[committee.slug])).content.decode()
    assert "Board member of a mining NGO" in body_page


def test_a_draft_meeting_is_a_404_for_the_public(client, committee, secretariat):
    draft = services.meeting_record(actor=secretariat, body=committee, held_on=date(2026, 5, 1), status="draft")
    assert client.get(reverse("governance:meeting", args=[draft.pk])).status_code == 404


def test_only_the_secretariat_records_a_meeting(client, committee, chair):
    url = reverse("governance:record", args=[committee.slug])
    assert client.get(url).status_code in (302, 403)
    client.force_login(chair)
    assert client.post(url, {"held_on": "2026-03-10", "decision_outcome": "consensus"}).status_code == 403
    assert not Meeting.objects.exists()


def test_the_secretariat_records_a_meeting_with_the_form(client, committee, chair, member, secretariat, accepted):
    client.force_login(secretariat)
    url = reverse("governance:record", args=[committee.slug])
    assert "Amina Chair" in client.get(url).content.decode()
    data = {"held_on": "2026-03-10", "place": "Online", "attendees": [chair.pk, member.pk],
            "item_title": "Clause 1.4", "item_public": "on", "action_title": "Write the draft",
            "action_owner": chair.pk, "action_due": "2026-04-10", "decision_title": "Accept the wording",
            "decision_rationale": "", "decision_outcome": "consensus", "decision_disposition": accepted.pk}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "A decision needs its rationale" in refused.content.decode()
    assert not Meeting.objects.exists()
    stranger = UserFactory(username="stranger", first_name="Sam", last_name="Stranger")
    refused = client.post(url, {**data, "decision_rationale": "Because", "attendees": [chair.pk, stranger.pk]})
    assert "did not serve on" in refused.content.decode() and not Meeting.objects.exists()
    refused = client.post(url, {**data, "decision_rationale": "Because", "action_owner": ""})
    assert "An action item needs an owner" in refused.content.decode() and not Meeting.objects.exists()
    done = client.post(url, {**data, "decision_rationale": "Because"})
    meeting = Meeting.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(reverse("governance:meeting", args=[meeting.pk]))
    assert meeting.actions.get().owner == chair
    assert Decision.objects.get().links.get().disposition == accepted


def test_the_secretariat_reverses_a_decision_with_a_new_one(client, meeting, secretariat, member):
    decision = Decision.objects.get()
    url = reverse("governance:reverse", args=[decision.pk])
    client.force_login(member)
    assert client.post(url, {"title": "No", "rationale": "x", "outcome": "consensus"}).status_code == 403
    client.force_login(secretariat)
    assert url in client.get(reverse("governance:decision", args=[decision.pk])).content.decode()
    refused = client.post(url, {"title": "Back to the old 1.4", "rationale": "", "outcome": "consensus"})
    assert "A decision needs its rationale" in refused.content.decode() and Decision.objects.count() == 1
    done = client.post(url, {"title": "Back to the old 1.4", "rationale": "Pilots found it unworkable.",
                             "outcome": "vote", "votes_for": 5, "votes_against": 1, "abstentions": 0})
    made = Decision.objects.get(reverses=decision)
    assert done["Location"].endswith(reverse("governance:decision", args=[made.pk]))
    old = client.get(reverse("governance:decision", args=[decision.pk])).content.decode()
    assert "Reversed by a later decision" in old and "Back to the old 1.4" in old and url not in old
    assert "already been reversed" in client.post(url, {"title": "Again", "rationale": "r",
                                                        "outcome": "consensus"}).content.decode()
    assert Decision.objects.count() == 2
    # the refusal in the page's language (last: the test client keeps that language for later reverse() calls)
    fr = client.post(url.replace("/en/", "/fr/", 1), {"title": "Encore", "rationale": "r", "outcome": "consensus"})
    assert "déjà été annulée" in fr.content.decode() and Decision.objects.count() == 2


def test_an_action_item_is_marked_done_by_its_owner_or_the_secretariat(client, meeting, chair, member):
    item = meeting.actions.get()
    url = reverse("governance:action_update", args=[item.pk])
    client.force_login(member)  # a member of the body, not the owner
    assert client.post(url, {"status": "done"}).status_code == 403
    client.force_login(chair)
    client.post(url, {"status": "bogus"})
    item.refresh_from_db()
    assert item.status == "open"
    assert client.post(url, {"status": "done"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_the_why_page_follows_the_chain(client, meeting, next_draft, secretariat):
    client.force_login(secretariat)
    criterion = client.get(reverse("standards:criterion", args=["mes", "0.3", "1.4"])).content.decode()
    why_url = reverse("governance:why", args=["mes", "0.3", "1.4"])
    assert why_url in criterion
    page = client.get(why_url).content.decode()
    assert "<ins>" in page and "anonymously" in page  # the redline against 0.2
    assert PROPOSAL in page and "Amani" in page  # the comment and its proposal (named, consented)
    assert "Accepted: anonymous and oral complaints." in page  # the disposition
    assert "Written into this version" in page  # the draft edit
    assert "Accept the anonymous-complaints wording" in page  # the decision
    assert "amani@example.org" not in page


def test_the_why_page_respects_consent_and_moderation(client, demo, round_, secretariat):
    private = comment_on(round_, "1.4", "PRIVATE-REMARK about the clause.", consent="private", name="Priv")
    anonymous = comment_on(round_, "1.4", "ANON-REMARK about the clause.", consent="anonymous", name="Anonyma")
    hidden = comment_on(round_, "1.4", "HIDDEN-REMARK about the clause.", name="Hid")
    consultation.comment_hide(actor=secretariat, comment=hidden, reason="Names someone.")
    page = client.get(reverse("governance:why", args=["mes", "0.2", "1.4"])).content.decode()
    assert "ANON-REMARK" in page and "Anonyma" not in page and "anonymous respondent" in page
    assert "PRIVATE-REMARK" not in page and "HIDDEN-REMARK" not in page
    assert "3 comments were received on this clause" in page
    assert private.pk and anonymous.pk


def test_a_version_without_a_previous_one_has_nothing_to_report(client, demo):
    page = client.get(reverse("governance:report", args=["mes", "0.1"]))
    assert page.status_code == 200 and "Nothing to report" in page.content.decode()
    why = client.get(reverse("governance:why", args=["mes", "0.1", "1.4"]))
    assert why.status_code == 200 and "This is the first version" in why.content.decode()
    # Last: the test client leaves the request's language active, so a later reverse() would be French.
    fr = client.get("/fr/governance/justification/mes/0.1/")
    assert fr.status_code == 200 and "Rien à signaler" in fr.content.decode()


def test_the_justification_report_lists_the_change_and_its_reasons(client, meeting, next_draft, secretariat):
    client.force_login(secretariat)
    page = client.get(reverse("governance:report", args=["mes", "0.3"])).content.decode()
    assert "1.4" in page and "1 comment counted" in page and "accepted: 1" in page
    assert "Accept the anonymous-complaints wording" in page


@pytest.mark.parametrize("lang,title", [("en", "Justification report"), ("fr", None), ("es", None)])
def test_the_justification_report_pdf_renders_in_three_languages(client, meeting, next_draft, secretariat, lang,
                                                                 title):
    client.force_login(secretariat)
    response = client.get(f"/{lang}/governance/justification/mes/0.3/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    page = pypdfium2.PdfDocument(response.content)[0]
    image = page.render(scale=1).to_pil()
    darkest, lightest = image.convert("L").getextrema()
    assert image.width > 500 and darkest < 100 < lightest
    text = page.get_textpage().get_text_range()
    assert "0.3" in text and "1.4" in text
    if title:
        assert title in text
