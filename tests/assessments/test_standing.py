"""Standings from assessments (issue 11, defect 1): nobody grants themselves an assessor's access.

A second-party assessment is made only by a buyer sourcing from the actor on the assessment date; a third-party
one only by an assessor the secretariat assigned (audited, withdrawable); a draft, by itself, opens nothing; and
an assessor's standing covers the one assessment, while the assignment or the relationship lasts.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assay.assessments import services
from assay.assessments.models import Assessment, AssessorAssignment
from assay.assessments.permissions import assessment_standings
from assay.audit.models import AuditRecord
from assay.disclosure.access import standings
from assay.domain.disclosure import Standing
from assay.registry.models import Actor, MemberRole, Relationship
from assay.standards.models import Criterion
from tests.factories import ActorFactory, AssessmentFactory, MembershipFactory, UserFactory, full_answers

pytestmark = pytest.mark.django_db

GATE_NOTE = "FINDING-ONLY-FOR-THE-RESTRICTED"
BUYER = {"user__username": "buyer", "user__email": "b@example.org", "user__password": "pw-buyer-1234"}


@pytest.fixture
def outsider(db):
    """The editor of a refiner that has never bought from the co-operative."""
    refiner = ActorFactory(name="Far Refiner", slug="far-refiner", role="refiner", country="CH")
    return MembershipFactory(actor=refiner, role=MemberRole.EDITOR, user__username="outsider",
                             user__email="o@example.org", user__password="pw-outsider-123").user


@pytest.fixture
def verified(published, coop, secretariat, assessor):
    """A verified third-party assessment of the co-operative with a restricted gate finding."""
    answers = full_answers(published)
    answers[Criterion.objects.get(version=published, code="3.1").pk] = services.AnswerInput("clear", GATE_NOTE)
    return AssessmentFactory(actor=coop, version=published, kind="third_party", by=secretariat,
                             date=date(2025, 2, 1), site=coop.sites.first(), assessor=assessor,
                             reason="Accredited for DRC gold", answers=answers, reviewer=secretariat)


def test_an_editor_cannot_start_a_second_party_assessment_of_an_actor_it_does_not_buy_from(
        client, published, coop, outsider):
    client.force_login(outsider)
    response = client.post("/api/v1/assessments", {"actor": coop.slug, "version": "0.1", "kind": "second_party",
                                                   "date": "2025-04-01", "assessing_actor": "far-refiner"},
                           content_type="application/json")
    assert response.status_code in (400, 403)
    page = client.post(reverse("assessments:start", args=[coop.slug]),
                       {"version": published.pk, "kind": "second_party", "date": "2025-04-01",
                        "assessing_actor": Actor.objects.get(slug="far-refiner").pk})
    assert page.status_code == 200  # the form again, with the reason
    assert not Assessment.objects.exists()
    assert standings(outsider, coop.pk) == frozenset()


def test_the_service_refuses_a_second_party_assessment_without_an_active_relationship(published, coop, trader,
                                                                                       outsider):
    buyer_editor = MembershipFactory(actor=trader, role=MemberRole.EDITOR, **BUYER).user
    with pytest.raises(ValidationError) as refused:
        # The trader's relationship starts on 2022-01-01: before it, it was no buyer of the co-operative.
        services.assessment_start(actor=buyer_editor, organisation=coop, version=published, kind="second_party",
                                  on=date(2021, 6, 1),
                                  assessing_actor=trader)
    assert "no active sourcing relationship" in " ".join(refused.value.messages)
    with pytest.raises(PermissionDenied):  # someone else's organisation named as the buyer
        services.assessment_start(actor=outsider, organisation=coop, version=published, kind="second_party",
                                  on=date(2025, 6, 1),
                                  assessing_actor=trader)
    assert not Assessment.objects.exists()
    made = services.assessment_start(actor=buyer_editor, organisation=coop, version=published, kind="second_party",
                                     on=date(2025, 6, 1),
                                     assessing_actor=trader)
    assert made.assessing_actor == trader


def test_a_buyers_assessor_standing_covers_its_own_assessment_while_the_relationship_lasts(
        client, published, coop, trader, verified):
    buyer_editor = MembershipFactory(actor=trader, role=MemberRole.EDITOR, **BUYER).user
    own = services.assessment_start(actor=buyer_editor, organisation=coop, version=published, kind="second_party",
                                    on=date(2025, 6, 1),
                                    assessing_actor=trader)
    assert Standing.ASSESSOR in assessment_standings(buyer_editor, own)
    # Toward the actor as a whole and toward the third party's assessment: only the partner it is.
    assert standings(buyer_editor, coop.pk) == {Standing.PARTNER}
    assert Standing.ASSESSOR not in assessment_standings(buyer_editor, verified)
    client.force_login(buyer_editor)
    module = reverse("assessments:module", args=[verified.pk, "3"])
    assert GATE_NOTE not in client.get(module).content.decode()
    Relationship.objects.filter(buyer=trader, supplier=coop).update(end=date(2024, 12, 31))
    fresh = get_user_model().objects.get(pk=buyer_editor.pk)
    assert Standing.ASSESSOR not in assessment_standings(fresh, own)
    assert client.get(reverse("assessments:overview", args=[own.pk])).status_code == 404


def test_an_assessor_sees_only_what_they_are_assigned_to_and_only_while_assigned(
        client, published, coop, secretariat, assessor, verified):
    other = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                      on=date(2025, 9, 1))
    client.force_login(assessor)
    module = reverse("assessments:module", args=[verified.pk, "3"])
    assert GATE_NOTE in client.get(module).content.decode()
    assert client.get(reverse("assessments:overview", args=[other.pk])).status_code == 404
    # The assignment opens the assessment, not the actor: its profile shows no exact coordinates.
    assert standings(assessor, coop.pk) == frozenset()
    assert "-2.5" not in client.get(reverse("registry:actor", args=[coop.slug])).content.decode()
    services.assessor_withdraw(actor=secretariat, assessment=verified, reason="Conflict of interest declared")
    client.force_login(get_user_model().objects.get(pk=assessor.pk))
    assert client.get(module).status_code == 404
    assert client.get(f"/api/v1/assessments/{verified.pk}").status_code == 404


def test_an_assignment_is_the_secretariats_audited_decision(published, coop, member, secretariat, assessor):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1))
    assert assessment_standings(assessor, a) == frozenset()  # an unassigned draft opens nothing
    with pytest.raises(PermissionDenied):
        services.assessor_assign(actor=assessor, assessment=a, assessor=assessor, reason="I would like to")
    with pytest.raises(PermissionDenied):
        services.assessor_assign(actor=member, assessment=a, assessor=assessor, reason="Our choice")
    with pytest.raises(ValidationError):
        services.assessor_assign(actor=secretariat, assessment=a, assessor=assessor, reason="  ")
    with pytest.raises(ValidationError):  # a member of the assessed actor assesses nobody's data of it
        services.assessor_assign(actor=secretariat, assessment=a, assessor=member, reason="Knows the site")
    layman = UserFactory(username="layman", email="l@example.org", password="pw-layman-1234")
    with pytest.raises(ValidationError):  # not accredited
        services.assessor_assign(actor=secretariat, assessment=a, assessor=layman, reason="Available")
    assert not AssessorAssignment.objects.exists()
    assignment = services.assessor_assign(actor=secretariat, assessment=a, assessor=assessor,
                                          reason="Accredited, French-speaking")
    assert (assignment.assigned_by, assignment.reason, assignment.active) == (secretariat, "Accredited, "
                                                                              "French-speaking", True)
    record = AuditRecord.objects.get(action="assessor_assign")
    assert record.user == secretariat and record.object_id == str(a.pk) and record.details["assessor"] == assessor.pk
    assert assessment_standings(assessor, a) == frozenset()  # not before the assessor declares their interests
    services.assessor_declare(actor=assessor, assignment=assignment, conflict=False, statement="")
    assert Standing.ASSESSOR in assessment_standings(get_user_model().objects.get(pk=assessor.pk), a)
    services.assessor_withdraw(actor=secretariat, assessment=a, reason="Moved to another region")
    assert AuditRecord.objects.filter(action="assessor_withdraw", user=secretariat).count() == 1
    assignment.refresh_from_db()
    assert assignment.withdrawn_by == secretariat and assignment.withdrawn_reason == "Moved to another region"
    assert assessment_standings(get_user_model().objects.get(pk=assessor.pk), a) == frozenset()


def test_the_secretariat_assigns_through_the_page_and_nobody_else_can(client, published, coop, member,
                                                                      secretariat, assessor):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1))
    url = reverse("assessments:assign", args=[a.pk])
    client.force_login(member)
    assert client.post(url, {"assessor": assessor.pk, "reason": "Self-service"}).status_code == 404
    client.force_login(secretariat)
    page = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert 'name="reason"' in page and "assessor" in page
    empty = client.post(url, {"assessor": assessor.pk, "reason": ""})
    assert empty.status_code == 200 and not AssessorAssignment.objects.exists()
    client.post(url, {"assessor": assessor.pk, "reason": "Accredited"})
    assert AssessorAssignment.objects.get().assessor == assessor
    client.post(url, {"action": "withdraw", "withdraw-reason": "Unavailable"})
    assert AssessorAssignment.objects.get().withdrawn_reason == "Unavailable"
    assert Assessment.objects.get(pk=a.pk).assessor is None


def test_the_start_form_offers_only_the_viewers_own_buying_organisations(client, published, coop, trader,
                                                                         outsider):
    client.force_login(outsider)
    page = client.get(reverse("assessments:start", args=[coop.slug])).content.decode()
    assert "Trader Test" not in page  # the co-operative's buyers are network data
    assert "Site A" not in page


def test_a_buyer_never_verifies_its_own_second_party_assessment(client, published, coop, trader, secretariat):
    editor = MembershipFactory(actor=trader, role=MemberRole.EDITOR, **BUYER).user
    colleague = MembershipFactory(actor=trader, role=MemberRole.VIEWER, user__username="colleague",
                                  user__email="c@example.org", user__password="pw-colleague-1234").user
    a = AssessmentFactory(actor=coop, version=published, kind="second_party", by=editor, date=date(2025, 6, 1),
                          assessing_actor=trader, status="submitted")
    client.force_login(colleague)
    client.post(reverse("assessments:review", args=[a.pk]), {"decision": "verify"})
    assert Assessment.objects.get(pk=a.pk).status == "submitted"  # it would set its own supplier's level
    with pytest.raises(PermissionDenied):
        services.assessment_review(actor=colleague, assessment=a, verify=True)
    services.assessment_review(actor=secretariat, assessment=a, verify=True)
    assert Assessment.objects.get(pk=a.pk).status == "verified"


def test_a_trading_partner_sees_neither_the_reviewers_words_nor_what_blocks_a_level(
        client, published, coop, trader, member, secretariat):
    partner = MembershipFactory(actor=trader, role=MemberRole.VIEWER, user__username="partner",
                                user__email="p@example.org", user__password="pw-partner-1234").user
    a = AssessmentFactory(actor=coop, version=published, by=member, date=date(2025, 3, 1), overrides={"3.3": "breach"},
                          reviewer=secretariat, review_comment="REVIEWER-SAW-CHILDREN-AT-THE-WASHING")
    blocker = Criterion.objects.get(version=published, code="3.3")
    client.force_login(partner)
    overview = client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert "Assessment" in overview and "REVIEWER-SAW-CHILDREN" not in overview
    dashboard = client.get(reverse("dashboard:actor", args=[coop.slug])).content.decode()
    assert coop.name in dashboard and blocker.title_en not in dashboard
    client.force_login(member)  # the actor's own members see both
    assert "REVIEWER-SAW-CHILDREN" in client.get(reverse("assessments:overview", args=[a.pk])).content.decode()
    assert blocker.title_en in client.get(reverse("dashboard:actor", args=[coop.slug])).content.decode()


def test_an_assessor_who_leaves_the_assessors_group_loses_every_assignment(published, coop, secretariat, assessor):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1), assessor=assessor,
                                  reason="Accredited")
    services.assessor_declare(actor=assessor, assignment=a.assignments.get(), conflict=False, statement="")
    assert Standing.ASSESSOR in assessment_standings(assessor, a)
    assessor.groups.clear()
    assert assessment_standings(get_user_model().objects.get(pk=assessor.pk), a) == frozenset()


def test_a_date_the_engine_cannot_compare_is_refused(published, coop, member):
    with pytest.raises(ValidationError):
        services.assessment_start(actor=member, organisation=coop, version=published, kind="self", on=date(1, 1, 1))
    assert not Assessment.objects.exists()


def test_an_assignment_reason_is_cleaned_and_bounded(published, coop, secretariat, assessor):
    a = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                  on=date(2025, 9, 1))
    with pytest.raises(ValidationError):
        services.assessor_assign(actor=secretariat, assessment=a, assessor=assessor, reason="x" * 501)
    assert services.assessor_assign(actor=secretariat, assessment=a, assessor=assessor,
                                    reason="Accredited\x07 in DRC").reason == "Accredited in DRC"
