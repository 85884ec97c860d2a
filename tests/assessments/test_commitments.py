"""Commitments that live (issue 13): open → done with evidence (the producer) → verified (an assessor), or lapsed
when their date goes by undone; lapsed ones are flagged to the producer, its buyers and the secretariat."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assay.assessments import selectors, services
from assay.assessments.models import Commitment, CommitmentStatus, Evidence
from assay.audit.models import AuditRecord
from assay.registry.models import MemberRole
from assay.reporting.secretariat import overdue
from tests.factories import AssessmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date.today()


def pdf(name="proof.pdf"):
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def promised(published, coop, member):
    """A verified self-assessment of the co-operative with one commitment due in a month."""
    a = AssessmentFactory(actor=coop, version=published, by=member, date=TODAY - timedelta(days=60),
                          commitments=[(None, "Build a retort shed", "Board", TODAY + timedelta(days=30))])
    return a.commitments.get()


@pytest.fixture
def lapsed(published, coop, member):
    a = AssessmentFactory(actor=coop, version=published, by=member, date=TODAY - timedelta(days=400),
                          commitments=[(None, "Train the pit bosses", "Board", TODAY - timedelta(days=10))])
    return a.commitments.get()


@pytest.fixture
def third_party_assessor(published, coop, assessor, secretariat):
    """The assessor the secretariat assigned to a later third-party assessment of the co-operative."""
    AssessmentFactory(actor=coop, version=published, kind="third_party", by=secretariat, date=TODAY,
                      assessor=assessor, status="draft", answers={})
    return assessor


def test_a_commitment_goes_open_done_verified(promised, member, third_party_assessor):
    services.commitment_done(actor=member, commitment=promised, note="Shed built and in use", upload=pdf())
    promised.refresh_from_db()
    assert promised.status == CommitmentStatus.DONE and promised.done_by == member and promised.done_on == TODAY
    assert promised.evidence.original_name == "proof.pdf" and promised.evidence.assessment == promised.assessment
    services.commitment_verify(actor=third_party_assessor, commitment=promised, confirm=True)
    promised.refresh_from_db()
    assert promised.status == CommitmentStatus.VERIFIED and promised.verified_by == third_party_assessor
    actions = list(AuditRecord.objects.filter(action__in=["commitment_done", "commitment_verify"])
                   .values_list("action", flat=True))
    assert sorted(actions) == ["commitment_done", "commitment_verify"]


def test_an_assessor_may_reopen_a_done_commitment_saying_why(promised, member, third_party_assessor):
    services.commitment_done(actor=member, commitment=promised, note="Done", upload=pdf())
    with pytest.raises(ValidationError) as err:
        services.commitment_verify(actor=third_party_assessor, commitment=promised, confirm=False, comment=" ")
    assert err.value.message_dict == {"comment": ["Say why the commitment is not done yet."]}
    assert Commitment.objects.get(pk=promised.pk).status == CommitmentStatus.DONE
    services.commitment_verify(actor=third_party_assessor, commitment=promised, confirm=False,
                               comment="The shed has no chimney yet")
    promised.refresh_from_db()
    assert promised.status == CommitmentStatus.OPEN and promised.verifier_comment == "The shed has no chimney yet"


@pytest.mark.parametrize(("note", "upload", "field", "message"), [
    ("", pdf(), "note", "Say what was done."),
    ("Built", None, "upload", "Attach a file that shows it was done."),
    ("Built", SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf"), "upload", "Only PDF files"),
])
def test_done_without_words_or_proof_is_refused_and_changes_nothing(promised, member, note, upload, field,
                                                                   message):
    with pytest.raises(ValidationError) as err:
        services.commitment_done(actor=member, commitment=promised, note=note, upload=upload)
    assert err.value.message_dict[field][0].startswith(message)
    promised.refresh_from_db()
    assert promised.status == CommitmentStatus.OPEN and promised.evidence is None
    assert not Evidence.objects.exists()


def test_who_may_do_and_verify(promised, coop, member, assessor, third_party_assessor, trader):
    viewer = MembershipFactory(actor=coop, role=MemberRole.VIEWER).user
    buyer = MembershipFactory(actor=trader, role=MemberRole.ADMIN).user
    for user in (viewer, buyer, assessor):
        with pytest.raises(PermissionDenied):
            services.commitment_done(actor=user, commitment=promised, note="Done", upload=pdf())
    with pytest.raises(PermissionDenied):  # nothing to verify yet
        services.commitment_verify(actor=third_party_assessor, commitment=promised, confirm=True)
    services.commitment_done(actor=member, commitment=promised, note="Done", upload=pdf())
    for user in (member, viewer, buyer):  # the producer's own people and its buyer never verify it
        with pytest.raises(PermissionDenied):
            services.commitment_verify(actor=user, commitment=promised, confirm=True)
    assert Commitment.objects.get(pk=promised.pk).status == CommitmentStatus.DONE


def test_the_assessor_of_an_earlier_assessment_may_not_verify(published, coop, member, assessor, secretariat):
    AssessmentFactory(actor=coop, version=published, kind="third_party", by=secretariat, assessor=assessor,
                      date=TODAY - timedelta(days=500))
    later = AssessmentFactory(actor=coop, version=published, by=member, date=TODAY - timedelta(days=30),
                              commitments=[(None, "Fence the pits", "Board", TODAY + timedelta(days=30))])
    c = later.commitments.get()
    services.commitment_done(actor=member, commitment=c, note="Fenced", upload=pdf())
    with pytest.raises(PermissionDenied):
        services.commitment_verify(actor=assessor, commitment=c, confirm=True)
    services.commitment_verify(actor=secretariat, commitment=c, confirm=True)  # the desk may
    assert Commitment.objects.get(pk=c.pk).status == CommitmentStatus.VERIFIED


def test_a_commitment_lapses_when_its_date_goes_by_undone_and_may_still_be_done_late(lapsed, promised, member):
    assert lapsed.lapsed(TODAY) and not promised.lapsed(TODAY)
    assert list(Commitment.objects.live().lapsed(TODAY)) == [lapsed]
    assert selectors.commitment_state(lapsed, TODAY) == "lapsed"
    assert [c.pk for c in overdue(TODAY)] == [lapsed.pk]
    services.commitment_done(actor=member, commitment=lapsed, note="Trained, late", upload=pdf())
    lapsed.refresh_from_db()
    assert not lapsed.lapsed(TODAY) and selectors.commitment_state(lapsed, TODAY) == "done"
    assert AuditRecord.objects.get(action="commitment_done").details["late"] is True


def test_lapsed_commitments_are_flagged_to_producer_buyer_and_secretariat(client, lapsed, coop, member, trader,
                                                                         secretariat):
    buyer = MembershipFactory(actor=trader, role=MemberRole.VIEWER).user
    outsider = MembershipFactory(role=MemberRole.ADMIN).user
    for user, flagged in ((member, True), (buyer, True), (secretariat, True), (outsider, False)):
        client.force_login(user)
        page = client.get(reverse("dashboard:index")).content.decode()
        assert ("Train the pit bosses" in page) is flagged, user
        assert ("Lapsed commitments to follow up" in page) is flagged, user
    client.force_login(member)
    board = client.get(reverse("dashboard:actor", args=[coop.slug])).content.decode()
    assert "lapsed" in board and f"overdue since {lapsed.due:%Y-%m-%d}" in board


def test_the_commitment_page_marks_done_and_verifies(client, promised, member, third_party_assessor):
    url = reverse("assessments:commitment", args=[promised.pk])
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Mark as done" in page and "Verify: it is done" not in page
    refused = client.post(url, {"note": "", "upload": pdf()})
    assert "Say what was done." in refused.content.decode()
    assert Commitment.objects.get(pk=promised.pk).status == CommitmentStatus.OPEN
    client.post(url, {"note": "Shed built", "upload": pdf()})
    assert Commitment.objects.get(pk=promised.pk).status == CommitmentStatus.DONE
    client.force_login(third_party_assessor)
    page = client.get(url).content.decode()
    assert "Shed built" in page and "Verify: it is done" in page and "Mark as done" not in page
    client.post(url, {"decision": "confirm"})
    assert Commitment.objects.get(pk=promised.pk).status == CommitmentStatus.VERIFIED


def test_done_commitments_wait_on_the_assessors_dashboard(client, promised, member, third_party_assessor):
    services.commitment_done(actor=member, commitment=promised, note="Done", upload=pdf())
    assert selectors.awaiting_verification(third_party_assessor) == [promised]
    assert selectors.awaiting_verification(member) == []
    client.force_login(third_party_assessor)
    assert "Build a retort shed" in client.get(reverse("dashboard:index")).content.decode()


def test_the_commitments_export_and_api_say_where_each_stands(client, lapsed, promised, coop, member):
    client.force_login(member)
    csv = client.get(reverse("dashboard:commitments_file", args=[coop.slug, "csv"])).content.decode("utf-8-sig")
    assert "Train the pit bosses" in csv and '"lapsed"' in csv and '"open"' in csv
    rows = client.get(f"/api/v1/registry/actors/{coop.slug}/commitments").json()
    assert {r["action"]: r["status"] for r in rows} == {"Train the pit bosses": "lapsed",
                                                        "Build a retort shed": "open"}
    client.logout()
    assert client.get(f"/api/v1/registry/actors/{coop.slug}/commitments").status_code == 404


def test_a_commitment_on_a_criterion_outside_the_assessment_is_refused(published, member, coop):
    """A commitment for another mineral's criterion (mercury, for a tin co-operative) is not this assessment's."""
    from assay.registry.models import Actor
    from assay.standards.models import Criterion

    Actor.objects.filter(pk=coop.pk).update(minerals=["tin"])
    coop.refresh_from_db()
    draft = AssessmentFactory(actor=coop, version=published, by=member, date=TODAY, status="draft", answers={})
    mercury = Criterion.objects.get(version=published, code="6.1")
    with pytest.raises(ValidationError) as err:
        services.commitment_add(actor=member, assessment=draft, criterion=mercury, action="Retorts", owner="Board",
                                due=TODAY + timedelta(days=90))
    assert err.value.messages == ["Criterion 6.1 is not part of this assessment."]
    assert not draft.commitments.exists()
