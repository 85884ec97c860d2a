"""The admin of outreach plans and redactions: plans are listed with partner, languages and expected reach, their
activities inline, and every save there goes through the audited services; redactions (made on the comment's
redaction page) are read there, never edited."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from assay.audit.models import AuditRecord
from assay.consultation import services as consultation
from assay.consultation.models import Comment, Redaction
from assay.outreach import services
from assay.outreach.models import OutreachPlan, PlanActivity
from tests.admin_forms import admin_form
from tests.factories import ResponseFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def plan(staff, round_, partner):
    plan = services.plan_save(
        actor=staff,
        partner=partner,
        round_=round_,
        networks="42 co-operatives",
        audiences=["asm"],
        channels=["radio"],
        languages="Swahili, Mashi",
        expected_reach=400,
    )
    services.plan_activity_save(
        actor=staff,
        plan=plan,
        kind="radio",
        title="Radio Maendeleo broadcast",
        planned_on=TODAY + timedelta(10),
        expected_reach=300,
    )
    return plan


@pytest.fixture
def redaction(round_, staff):
    ResponseFactory(round=round_, name="A", general="Call Jean on +243 81 555 0101 about the gate.")
    comment = Comment.objects.get()
    return consultation.comment_redact(
        actor=staff, comment=comment, reason="personal_data", passage="+243 81 555 0101"
    )[0]


@pytest.fixture
def secretariat_member(db):
    return UserFactory(username="sec", is_staff=True, groups=["Secretariat"])


@pytest.mark.parametrize("who", ["superuser", "secretariat"])
def test_the_plans_and_redactions_pages_answer_for_the_superuser_and_the_secretariat(
    client, staff, secretariat_member, who, plan, redaction
):
    client.force_login(staff if who == "superuser" else secretariat_member)
    listing = client.get(reverse("admin:outreach_outreachplan_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Fédération Sud-Kivu" in html and "Swahili, Mashi" in html and "400" in html
    page = client.get(reverse("admin:outreach_outreachplan_change", args=[plan.pk]))
    assert page.status_code == 200 and "Radio Maendeleo broadcast" in page.content.decode()  # the inline
    assert client.get(reverse("admin:consultation_redaction_changelist")).status_code == 200
    detail = client.get(reverse("admin:consultation_redaction_change", args=[redaction.pk]))
    assert detail.status_code == 200 and "+243 81 555 0101" in detail.content.decode()


def test_the_secretariat_reads_plans_in_the_admin_but_edits_them_on_the_desk(client, secretariat_member, plan):
    client.force_login(secretariat_member)
    url = reverse("admin:outreach_outreachplan_change", args=[plan.pk])
    client.post(url, {"networks": "changed", "expected_reach": "1"})
    assert OutreachPlan.objects.get().expected_reach == 400


def test_a_plan_saved_in_the_admin_goes_through_the_audited_services(client, staff, plan):
    client.force_login(staff)
    url = reverse("admin:outreach_outreachplan_change", args=[plan.pk])
    data = admin_form(client, url)
    assert data["audiences"] == "asm"  # checkboxes, not JSON
    data.update(
        {
            "expected_reach": "450",
            "channels": ["radio", "meetings"],
            "activities-0-title": "Radio Maendeleo, two broadcasts",
            "activities-TOTAL_FORMS": "2",
            "activities-1-kind": "meeting",
            "activities-1-title": "Bukavu workshop",
            "activities-1-planned_on": (TODAY + timedelta(20)).isoformat(),
            "activities-1-expected_reach": "40",
            "activities-1-plan": str(plan.pk),
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan.refresh_from_db()
    assert plan.expected_reach == 450 and plan.channels == ["radio", "meetings"]
    assert sorted(PlanActivity.objects.values_list("title", flat=True)) == [
        "Bukavu workshop",
        "Radio Maendeleo, two broadcasts",
    ]
    records = AuditRecord.objects.filter(user=staff)
    assert records.filter(action="plan_save", object_id=str(plan.pk)).count() == 2  # the fixture's and this one
    assert records.filter(action="plan_activity_save").count() == 3  # one in the fixture, one changed, one added


def test_an_out_of_range_reach_is_refused_in_the_admin_and_nothing_changes(client, staff, plan):
    client.force_login(staff)
    url = reverse("admin:outreach_outreachplan_change", args=[plan.pk])
    data = {**admin_form(client, url), "expected_reach": str(services.MAX_REACH + 1)}
    assert client.post(url, data).status_code == 200  # the form again, with the error
    assert OutreachPlan.objects.get().expected_reach == 400
    assert AuditRecord.objects.filter(action="plan_save").count() == 1


def test_redactions_are_read_only_in_the_admin(client, staff, redaction):
    client.force_login(staff)
    assert client.get(reverse("admin:consultation_redaction_add")).status_code == 403
    url = reverse("admin:consultation_redaction_change", args=[redaction.pk])
    client.post(url, {"comment": redaction.comment_id, "start": 0, "end": 1, "reason": "defamation"})
    assert (
        client.post(reverse("admin:consultation_redaction_delete", args=[redaction.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Redaction.objects.get().reason == "personal_data"
