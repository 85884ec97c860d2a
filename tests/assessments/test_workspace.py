"""Requests for assessments, the assessor's declaration of interests, the queue, notifications and reminders."""

import html
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from assay.assessments import services
from assay.assessments.models import AssessmentRequest, AssessmentStatus, AssessorAssignment
from assay.assessments.permissions import assessment_standings
from assay.audit.models import AuditRecord
from assay.disclosure.access import standings
from assay.notifications.models import Notification
from assay.notifications.services import preference_set
from assay.registry.models import MemberRole
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, UserFactory, full_answers

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def buyer_admin(trader):
    return MembershipFactory(actor=trader, role=MemberRole.ADMIN, user__username="buyer",
                             user__email="b@example.org").user


def _send(buyer_admin, trader, coop, **kw):
    return services.request_send(actor=buyer_admin, buyer=trader, supplier=coop, kind=kw.get("kind", "self"),
                                 due=kw.get("due", TODAY + timedelta(days=60)), message=kw.get("message", ""))


def test_a_request_goes_only_to_a_supplier_the_buyer_sources_from_and_bad_input_changes_nothing(
        trader, coop, buyer_admin, member):
    stranger = ActorFactory(name="Stranger Mine", slug="stranger")
    cases = [
        (dict(actor=buyer_admin, buyer=trader, supplier=stranger, kind="self", due=TODAY + timedelta(days=9)),
         "supplier", "no active sourcing relationship"),
        (dict(actor=buyer_admin, buyer=trader, supplier=trader, kind="self", due=TODAY + timedelta(days=9)),
         "supplier", "does not send a request to itself"),
        (dict(actor=buyer_admin, buyer=trader, supplier=coop, kind="self", due=TODAY), "due", "after today"),
        (dict(actor=buyer_admin, buyer=trader, supplier=coop, kind="third_party", due=TODAY + timedelta(days=9)),
         "kind", "Ask for a self-assessment"),
    ]
    for kwargs, field, words in cases:
        with pytest.raises(ValidationError) as exc:
            services.request_send(**kwargs)
        assert words in " ".join(exc.value.message_dict[field])
    with pytest.raises(PermissionDenied):  # the supplier's own member cannot make a request in the buyer's name
        services.request_send(actor=member, buyer=trader, supplier=coop, kind="self", due=TODAY + timedelta(days=9))
    assert not AssessmentRequest.objects.exists() and not Notification.objects.exists()
    _send(buyer_admin, trader, coop)
    with pytest.raises(ValidationError) as exc:
        _send(buyer_admin, trader, coop)
    assert exc.value.code == "duplicate" and AssessmentRequest.objects.count() == 1


def test_the_supplier_is_told_in_its_own_language_and_the_request_grants_nothing(
        trader, coop, buyer_admin, member, mailoutbox, django_capture_on_commit_callbacks):
    preference_set(actor=member, language="fr", muted=[])
    outsider = ActorFactory(name="Far Brand", slug="far-brand", role="brand")
    before = standings(buyer_admin, coop.pk)
    with django_capture_on_commit_callbacks(execute=True):
        r = _send(buyer_admin, trader, coop, message="Please by March")
    note = Notification.objects.get(user=member)
    assert note.kind == "request_received" and note.url == reverse("assessments:request", args=[r.pk])
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["m@example.org"]
    assert "demande une évaluation" in mailoutbox[0].subject and "Trader Test" in mailoutbox[0].subject
    fresh = get_user_model().objects.get(pk=buyer_admin.pk)
    assert standings(fresh, coop.pk) == before  # a request changes nobody's standing
    assert standings(fresh, outsider.pk) == frozenset()
    assert AuditRecord.objects.filter(action="request_send", user=buyer_admin).count() == 1


def test_request_to_verification_with_each_side_told(published, trader, coop, buyer_admin, member, secretariat,
                                                     client):
    r = _send(buyer_admin, trader, coop)
    assert r.state(TODAY) == "sent"
    with pytest.raises(ValidationError) as exc:
        services.request_answer(actor=member, request=r, accept=False, note=" ")
    assert "Say why you decline" in exc.value.message_dict["note"][0]
    with pytest.raises(PermissionDenied):
        services.request_answer(actor=buyer_admin, request=r, accept=True, version=published)
    r = services.request_answer(actor=member, request=r, accept=True, version=published)
    a = r.assessment
    assert a.kind == "self" and a.status == AssessmentStatus.DRAFT and r.state(TODAY) == "in_progress"
    assert Notification.objects.filter(user=buyer_admin, kind="request_answered").count() == 1
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(published))
    services.assessment_submit(actor=member, assessment=a)
    r.refresh_from_db()
    assert r.state(TODAY) == "submitted" and r.state(TODAY + timedelta(days=400)) == "submitted"
    assert set(Notification.objects.filter(kind="submitted").values_list("user__username", flat=True)) == {
        "secretariat", "buyer"}
    services.assessment_review(actor=secretariat, assessment=a, verify=True)
    assert set(Notification.objects.filter(kind="verified").values_list("user__username", flat=True)) >= {
        "member", "buyer"}
    with pytest.raises(ValidationError):  # answered once
        services.request_answer(actor=member, request=r, accept=False, note="changed my mind")
    client.force_login(buyer_admin)
    page = client.get(reverse("dashboard:requests", args=[trader.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Coopérative Test" in page.content.decode()
    rows = client.get(reverse("dashboard:requests_file", args=[trader.slug, "csv"])).content.decode("utf-8-sig")
    assert '"made","Trader Test","Coopérative Test"' in rows and '"submitted"' in rows
    api = client.get(f"/api/v1/registry/actors/{trader.slug}/requests").json()
    assert [(x["supplier"], x["state"], x["assessment"]) for x in api] == [(coop.slug, "submitted", a.pk)]
    client.force_login(UserFactory(username="stranger"))
    assert client.get(f"/api/v1/registry/actors/{trader.slug}/requests").status_code == 404


def test_a_request_past_its_due_date_is_overdue_and_reminded_once(trader, coop, buyer_admin, member):
    r = _send(buyer_admin, trader, coop, due=TODAY + timedelta(days=3))
    later = TODAY + timedelta(days=10)
    assert r.state(later) == "overdue"
    first = services.reminders_send(later)
    assert first.requests_overdue == 2  # the supplier's admin and the buyer's
    assert services.reminders_send(later).requests_overdue == 0
    assert Notification.objects.filter(kind="request_overdue").count() == 2


def test_the_buyer_starts_an_accepted_second_party_request_and_can_withdraw_an_open_one(
        published, trader, coop, buyer_admin, member):
    r = _send(buyer_admin, trader, coop, kind="second_party")
    with pytest.raises(ValidationError):
        services.request_start(actor=buyer_admin, request=r, version=published)  # not accepted yet
    services.request_answer(actor=member, request=r, accept=True)
    r = services.request_start(actor=buyer_admin, request=r, version=published)
    assert r.assessment.kind == "second_party" and r.assessment.assessing_actor == trader
    other = _send(buyer_admin, trader, coop)
    with pytest.raises(ValidationError):
        services.request_withdraw(actor=buyer_admin, request=other, reason="")
    services.request_withdraw(actor=buyer_admin, request=other, reason="Sent by mistake")
    other.refresh_from_db()
    assert other.state(TODAY) == "withdrawn"


def test_an_assignment_opens_nothing_until_the_assessor_declares_no_conflict(published, coop, secretariat, assessor,
                                                                              client):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1), assessor=assessor, reason="Accredited")
    assignment = a.assignments.get()
    assert Notification.objects.get(user=assessor).kind == "assignment"
    assert assessment_standings(assessor, a) == frozenset()
    client.force_login(assessor)
    assert client.get(reverse("assessments:overview", args=[a.pk])).status_code == 404
    queue = client.get(reverse("assessments:queue"))
    assert [i.what for i in queue.context["items"]] == ["declare"]
    other = UserFactory(username="other-assessor", groups=["Assessors"])
    with pytest.raises(PermissionDenied):
        services.assessor_declare(actor=other, assignment=assignment, conflict=False, statement="")
    bad = client.post(reverse("assessments:declare", args=[assignment.pk]), {"statement": "hm"})
    assert "Say whether you have a conflict of interest." in bad.content.decode()
    ok = client.post(reverse("assessments:declare", args=[assignment.pk]), {"conflict": "no"})
    assert ok.status_code == 302
    assignment.refresh_from_db()
    assert assignment.declared_at is not None and "no commercial" in assignment.declaration
    assert client.get(reverse("assessments:overview", args=[a.pk])).status_code == 200
    with pytest.raises(ValidationError):  # declared once
        services.assessor_declare(actor=assessor, assignment=assignment, conflict=True, statement="x")


def test_a_declared_conflict_ends_the_assignment_and_tells_the_secretariat(published, coop, secretariat, assessor):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1), assessor=assessor, reason="Accredited")
    assignment = a.assignments.get()
    with pytest.raises(ValidationError) as exc:
        services.assessor_declare(actor=assessor, assignment=assignment, conflict=True, statement="  ")
    assert "Say what the conflict" in exc.value.message_dict["statement"][0]
    services.assessor_declare(actor=assessor, assignment=assignment, conflict=True,
                              statement="My cousin runs the co-operative's buying office.")
    assignment.refresh_from_db()
    a.refresh_from_db()
    assert not assignment.active and a.assessor is None and assessment_standings(assessor, a) == frozenset()
    assert Notification.objects.filter(user=secretariat, kind="conflict_declared").count() == 1


def test_a_member_of_a_trading_partner_cannot_be_assigned(published, coop, trader, secretariat):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1))
    insider = UserFactory(username="insider", groups=["Assessors"])
    MembershipFactory(user=insider, actor=trader, role=MemberRole.VIEWER)
    with pytest.raises(ValidationError) as exc:
        services.assessor_assign(actor=secretariat, assessment=a, assessor=insider, reason="Knows the area")
    assert "Trader Test" in exc.value.message_dict["assessor"][0]
    assert not AssessorAssignment.objects.exists()


def test_the_secretariat_queue_shows_the_programme_with_ages(published, coop, secretariat, assessor, client):
    unassigned = services.assessment_start(actor=secretariat, organisation=coop, version=published,
                                           kind="third_party", on=date(2025, 9, 1))
    AssessmentFactory(actor=coop, version=published, kind="third_party", by=secretariat, assessor=assessor,
                      status="submitted", date=date(2025, 10, 1))
    client.force_login(secretariat)
    items = client.get(reverse("assessments:queue")).context["items"]
    assert {i.what for i in items} == {"assign", "review"}
    assert next(i for i in items if i.what == "assign").assessment == unassigned
    csv = client.get(reverse("assessments:queue_file", args=["csv"])).content.decode("utf-8-sig")
    assert '"Assign an assessor","Coopérative Test"' in csv
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("assessments:queue")).status_code == 404


def test_reminders_of_commitments_reach_each_writer_once_per_due_date(published, coop, member, secretariat,
                                                                      mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    soon, late = TODAY + timedelta(days=10), TODAY - timedelta(days=5)
    AssessmentFactory(actor=coop, version=published, by=member, date=TODAY - timedelta(days=200),
                      commitments=[(None, "Fence the pit", "Board", soon), (None, "Train the crews", "Board", late)],
                      status="submitted")
    preference_set(actor=member, language="es", muted=["commitment_lapsed"])
    with django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(TODAY)
    assert (first.due_soon, first.lapsed) == (1, 1)
    assert [m.subject for m in mailoutbox] == [f"[Assay] Un compromiso de Coopérative Test vence el {soon}"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")  # the scheduled job, run again the same day
    assert Notification.objects.filter(user=member).count() == 2 and len(mailoutbox) == 1


def test_notifications_are_ones_own_and_preferences_are_checked(client, member, assessor):
    Notification.objects.create(user=assessor, kind="assignment", key="x", params={
        "actor": "A", "date": "2025-01-01", "kind_msgid": "third-party assessment"})
    mine = Notification.objects.create(user=member, kind="verified", key="y", params={
        "actor": "Coop", "date": "2025-01-01", "kind_msgid": "self-assessment"})
    client.force_login(member)
    page = html.unescape(client.get("/fr/notifications/").content.decode())
    assert "L'évaluation de Coop du 2025-01-01 est vérifiée" in page and "L'auto-évaluation de Coop" in page
    assert "A</" not in page and page.count('class="unread"') == 1
    client.post("/en/notifications/read/", {"id": [str(Notification.objects.get(user=assessor).pk)]})
    assert Notification.objects.get(user=assessor).read_at is None  # another's: untouched
    api = client.get("/api/v1/notifications", HTTP_ACCEPT_LANGUAGE="es").json()
    assert [(n["id"], n["read_at"]) for n in api] == [(mine.pk, None)]  # one's own only
    assert api[0]["subject"] == "La evaluación de Coop del 2025-01-01 está verificada"
    client.post("/en/notifications/read/")
    mine.refresh_from_db()
    assert mine.read_at is not None
    bad = client.post("/en/notifications/settings/", {"language": "de", "emailed": ["verified"]})
    assert "Choose one of the languages offered." in bad.content.decode()
    client.post("/en/notifications/settings/", {"language": "es", "emailed": ["verified"]})
    pref = member.notice_preference
    pref.refresh_from_db()
    assert pref.language == "es" and "verified" not in pref.muted and "assignment" in pref.muted


def test_the_reviewer_accepts_or_challenges_each_evidence_file(published, coop, member, secretariat, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assay.standards.models import Criterion

    gate = Criterion.objects.get(version=published, code="3.1")
    a = AssessmentFactory(actor=coop, version=published, by=member, status="submitted",
                          evidence=[(gate, SimpleUploadedFile("permit.pdf", b"%PDF-1.4\n%%EOF\n"))])
    e = a.evidence.get()
    assert e.review == "open"
    with pytest.raises(PermissionDenied):  # the producer does not review its own evidence
        services.evidence_review(actor=member, evidence=e, accept=True)
    client.force_login(secretariat)
    url = reverse("assessments:evidence_review", args=[e.pk])
    client.post(url, {"decision": "challenge", "comment": " "})
    e.refresh_from_db()
    assert e.review == "open"  # a challenge says why, or nothing changes
    client.post(url, {"decision": "challenge", "comment": "The permit expired in 2023."})
    e.refresh_from_db()
    assert (e.review, e.review_comment, e.reviewed_by) == ("challenged", "The permit expired in 2023.", secretariat)
    assert AuditRecord.objects.filter(action="evidence_review", user=secretariat).count() == 1
    client.force_login(member)  # the producer reads the challenge on its assessment
    assert "The permit expired in 2023." in client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    services.assessment_review(actor=secretariat, assessment=a, verify=True)
    with pytest.raises(PermissionDenied):  # a reviewed assessment's evidence is settled
        services.evidence_review(actor=secretariat, evidence=e, accept=True)
