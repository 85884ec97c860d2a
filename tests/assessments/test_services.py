"""Assessment life: start, answer, evidence, commitments, submit, review, correct; bad input changes nothing."""

from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from assay.assessments import scoring, services
from assay.assessments.models import Answer, AssessmentStatus, Commitment, Evidence, Score
from assay.assessments.selectors import with_public_score
from assay.audit.models import AuditRecord
from assay.registry.models import Actor
from assay.standards.models import Criterion
from tests.factories import ActorFactory, CahraDesignationFactory, UserFactory, commit_maturity_one, full_answers

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def code_pk(version, code):
    return Criterion.objects.get(version=version, code=code).pk


def test_a_self_assessment_goes_from_draft_to_verified_with_a_score(self_assessment, member, secretariat):
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.assessment_submit(actor=member, assessment=a)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.SUBMITTED and a.score.outcome == "level"
    assert a.score.level == 3 and a.score.overall == pytest.approx(200 / 3)
    services.assessment_review(actor=secretariat, assessment=a, verify=True)
    a.refresh_from_db()
    assert a.status == AssessmentStatus.VERIFIED and a.reviewed_by == secretariat
    actions = set(AuditRecord.objects.filter(object_id=str(a.pk)).values_list("action", flat=True))
    assert {"assessment_start", "assessment_save_answers", "assessment_submit", "assessment_verify"} <= actions


def test_assessing_against_a_version_that_is_not_published_is_refused(demo, coop, member):
    with pytest.raises(ValidationError) as err:
        services.assessment_start(actor=member, organisation=coop, version=demo[1], kind="self", on=date(2025, 1, 1))
    assert "published" in err.value.messages[0]
    assert not coop.assessments.exists()


def test_an_outsider_cannot_start_a_self_assessment(published, coop, assessor):
    with pytest.raises(PermissionDenied):
        services.assessment_start(actor=assessor, organisation=coop, version=published, kind="self",
                                  on=date(2025, 1, 1))


@pytest.mark.parametrize(("code", "value", "message"), [
    ("3.1", "maybe", "clear, breach or unknown"),
    ("4.2", "4", "maturity from 0 to 3"),
    ("5.1", "na", "not allowed"),
    ("9.1", "lots", "Enter a number"),
])
def test_an_answer_the_criterion_does_not_allow_is_refused_and_nothing_is_saved(self_assessment, member, code,
                                                                                  value, message):
    a = self_assessment
    answers = full_answers(a.version)
    answers[code_pk(a.version, code)] = services.AnswerInput(value)
    with pytest.raises(ValidationError) as err:
        services.assessment_save_answers(actor=member, assessment=a, given=answers)
    assert message in err.value.message_dict[code][0]
    assert not Answer.objects.filter(assessment=a).exists()


def test_na_is_accepted_where_the_criterion_allows_it(self_assessment, member):
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version, overrides={"4.1": "na"}))
    assert Answer.objects.get(assessment=a, criterion__code="4.1").not_applicable


def test_an_incomplete_submission_says_exactly_what_is_missing(self_assessment, member):
    a = self_assessment
    answers = full_answers(a.version)
    for code in ("3.4", "6.2"):
        del answers[code_pk(a.version, code)]
    services.assessment_save_answers(actor=member, assessment=a, given=answers)
    with pytest.raises(ValidationError) as err:
        services.assessment_submit(actor=member, assessment=a)
    assert err.value.messages == ["2 criteria still need an answer: 3.4, 6.2."]
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT and not Score.objects.filter(assessment=a).exists()


def test_a_submitted_assessment_never_changes(self_assessment, member):
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.assessment_submit(actor=member, assessment=a)
    before = list(Answer.objects.filter(assessment=a).values_list("criterion_id", "maturity", "gate"))
    with pytest.raises(ValidationError) as err:
        services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version, maturity="3"))
    assert err.value.code == "locked"
    with pytest.raises(ValidationError):
        services.evidence_add(actor=member, assessment=a, criterion=None, upload=SimpleUploadedFile("x.pdf", PDF))
    assert list(Answer.objects.filter(assessment=a).values_list("criterion_id", "maturity", "gate")) == before


def test_a_correction_is_a_new_draft_with_the_same_answers(self_assessment, member):
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.assessment_submit(actor=member, assessment=a)
    copy = services.assessment_correct(actor=member, assessment=a)
    assert copy.pk != a.pk and copy.status == AssessmentStatus.DRAFT and copy.corrects == a
    assert copy.answers.count() == a.answers.count()


@pytest.mark.parametrize(("name", "content", "ok"), [
    ("report.pdf", PDF, True),
    ("photo.png", PNG, True),
    ("script.pdf", b"#!/bin/sh\nrm -rf /\n", False),  # content is not a PDF
    ("photo.pdf", PNG, False),  # the name does not match the content
    ("page.html", b"<html><script>alert(1)</script></html>", False),
])
def test_evidence_is_checked_by_its_content(self_assessment, member, name, content, ok):
    upload = SimpleUploadedFile(name, content)
    if ok:
        evidence = services.evidence_add(actor=member, assessment=self_assessment, criterion=None, upload=upload)
        assert evidence.sha256 and evidence.size == len(content)
        assert not evidence.file.name.startswith("static")
    else:
        with pytest.raises(ValidationError) as err:
            services.evidence_add(actor=member, assessment=self_assessment, criterion=None, upload=upload)
        assert "PDF files, images and office documents" in err.value.messages[0]
        assert not Evidence.objects.exists()


def test_evidence_over_the_size_limit_is_refused(self_assessment, member, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as err:
        services.evidence_add(actor=member, assessment=self_assessment, criterion=None, upload=big)
    assert "larger than 1 MB" in err.value.messages[0] and not Evidence.objects.exists()


def test_an_office_document_is_accepted(self_assessment, member):
    from openpyxl import Workbook

    buffer = BytesIO()
    Workbook().save(buffer)
    services.evidence_add(actor=member, assessment=self_assessment, criterion=None,
                          upload=SimpleUploadedFile("register.xlsx", buffer.getvalue()))
    assert Evidence.objects.get().content_type.endswith("spreadsheetml.sheet")


def test_a_module_with_one_bad_part_keeps_nothing(self_assessment, member):
    a = self_assessment
    c = Criterion.objects.get(version=a.version, code="1.1")
    with pytest.raises(ValidationError) as err:
        services.assessment_save_module(
            actor=member, assessment=a, answers={c.pk: services.AnswerInput("2")},
            uploads={c.pk: SimpleUploadedFile("x.pdf", b"not a pdf")},
            commitments=[services.CommitmentInput(c, "Write the policy", "Board", date(2025, 6, 1))])
    assert "1.1" in err.value.message_dict
    assert not Answer.objects.exists() and not Commitment.objects.exists() and not Evidence.objects.exists()


def test_review_needs_a_reviewer_who_is_not_a_member_and_a_reason_to_return(self_assessment, member, secretariat):
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.assessment_submit(actor=member, assessment=a)
    with pytest.raises(PermissionDenied):
        services.assessment_review(actor=member, assessment=a, verify=True)
    with pytest.raises(ValidationError):
        services.assessment_review(actor=secretariat, assessment=a, verify=False, comment=" ")
    services.assessment_review(actor=secretariat, assessment=a, verify=False, comment="Evidence for 3.2 is missing.")
    a.refresh_from_db()
    assert a.status == AssessmentStatus.RETURNED and a.review_comment == "Evidence for 3.2 is missing."


def test_progress_and_the_cahra_multiplier_after_verification(published, coop, member, secretariat):
    site = coop.sites.first()
    CahraDesignationFactory(site=site, source="test list")
    auditor = UserFactory(username="auditor", is_staff=True)  # a third-party audit, verified by someone else
    first = services.assessment_start(actor=auditor, organisation=coop, version=published, kind="third_party",
                                      on=date(2024, 1, 10), site=site)
    services.assessment_save_answers(actor=auditor, assessment=first, given=full_answers(published, maturity="1"))
    commit_maturity_one(auditor, first)
    services.assessment_submit(actor=auditor, assessment=first)
    services.assessment_review(actor=secretariat, assessment=first, verify=True)
    second = services.assessment_start(actor=auditor, organisation=coop, version=published, kind="third_party",
                                      on=date(2025, 1, 10), site=site)
    services.assessment_save_answers(actor=auditor, assessment=second, given=full_answers(published, maturity="2"))
    services.assessment_submit(actor=auditor, assessment=second)
    second.refresh_from_db()
    s0, s1 = first.score, second.score
    assert (s0.level, s1.level) == (1, 3)
    expected = ((s1.overall - s0.overall) + 10 * 2) * 1.5
    assert second.score.progress == pytest.approx(expected) and second.score.in_cahra
    assert second.score.baseline == first


def test_a_self_assessment_is_no_baseline_and_its_level_is_not_the_public_one(published, coop, member, secretariat):
    """Assurance (the version's defaults): a verified self-assessment sets no public level and no A0."""
    reviewer = UserFactory(username="amani", first_name="Amani", last_name="Kahindo", is_staff=True)
    first = services.assessment_start(actor=member, organisation=coop, version=published, kind="self",
                                      on=date(2024, 1, 10))
    services.assessment_save_answers(actor=member, assessment=first, given=full_answers(published, maturity="1"))
    commit_maturity_one(member, first)
    services.assessment_submit(actor=member, assessment=first)
    services.assessment_review(actor=secretariat, assessment=first, verify=True)
    second = services.assessment_start(actor=secretariat, organisation=coop, version=published, kind="third_party",
                                       on=date(2025, 1, 10))
    services.assessment_save_answers(actor=secretariat, assessment=second,
                                     given=full_answers(published, maturity="2"))
    services.assessment_submit(actor=secretariat, assessment=second)
    second.refresh_from_db()
    assert second.score.baseline is None and second.score.progress is None
    listed = with_public_score(Actor.objects.filter(pk=coop.pk)).get()
    assert listed.latest_level is None  # the verified self-assessment is self-declared; the audit is not verified
    services.assessment_review(actor=reviewer, assessment=second, verify=True)
    listed = with_public_score(Actor.objects.filter(pk=coop.pk)).get()
    assert (listed.latest_level, listed.latest_kind, listed.latest_date) == (3, "third_party", date(2025, 1, 10))
    assert listed.latest_verifier == "Amani Kahindo"


def test_an_assessment_covers_the_minerals_chosen_among_the_actors_own(published, member, secretariat, client):
    both = ActorFactory(name="Coopérative Mixte", slug="coop-mixte", country="CD", region="South Kivu",
                        minerals=["gold", "tin"])
    tin_only = services.assessment_start(actor=secretariat, organisation=both, version=published,
                                         kind="third_party", on=date(2025, 2, 1), minerals=["tin"])
    assert tin_only.minerals == ["tin"] and scoring.scope(tin_only) == frozenset({"tin"})
    missing = {c.code for c in services.missing_answers(tin_only)}
    assert "6.1" not in missing and "6.3" in missing  # mercury is gold's: not in a tin-only assessment
    whole = services.assessment_start(actor=secretariat, organisation=both, version=published, kind="third_party",
                                      on=date(2025, 2, 2))
    assert whole.minerals == ["gold", "tin"] and "6.1" in {c.code for c in services.missing_answers(whole)}
    client.force_login(secretariat)
    assert "gold, tin" in client.get(reverse("assessments:overview", args=[whole.pk])).content.decode()


@pytest.mark.parametrize(("minerals", "message"), [
    (["cobalt"], "Coopérative Mixte does not produce or trade cobalt"),
    (["gold", "gemstones"], "does not produce or trade gemstones"),
    ([], "Choose at least one mineral the assessment covers."),
])
def test_an_assessment_of_minerals_the_actor_does_not_have_is_refused(published, secretariat, minerals, message):
    both = ActorFactory(name="Coopérative Mixte", slug="coop-mixte", minerals=["gold", "tin"])
    with pytest.raises(ValidationError) as err:
        services.assessment_start(actor=secretariat, organisation=both, version=published, kind="third_party",
                                  on=date(2025, 2, 1), minerals=minerals)
    assert message in err.value.messages[0]
    assert not both.assessments.exists()


def test_the_start_page_and_the_api_refuse_a_foreign_mineral_in_french(published, coop, member, client):
    client.force_login(member)
    page = client.post(reverse("assessments:start", args=[coop.slug]).replace("/en/", "/fr/"),
                       {"version": published.pk, "kind": "self", "date": "2025-03-01", "minerals": ["cobalt"]})
    assert "ne produit ni ne négocie" in page.content.decode()
    response = client.post("/api/v1/assessments", {"actor": coop.slug, "version": "0.1", "kind": "self",
                                                   "date": "2025-03-01", "minerals": ["tin"]},
                           content_type="application/json")
    assert response.status_code == 400 and "does not produce or trade tin" in response.json()["problems"]["__all__"][0]
    assert not coop.assessments.exists()
    made = client.post("/api/v1/assessments", {"actor": coop.slug, "version": "0.1", "kind": "self",
                                               "date": "2025-03-01"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["minerals"] == ["gold"]


def test_a_tin_producer_is_neither_asked_nor_scored_on_mercury(published, member, secretariat):
    """Defect found: tin and tantalum producers were scored on mercury reduction, with no n/a allowed."""
    tin = ActorFactory(name="Coopérative Étain", slug="coop-etain", country="CD", region="South Kivu",
                       minerals=["tin", "tantalum"])
    mercury = Criterion.objects.get(version=published, code="6.1")
    assert mercury.commodities == ["gold"]
    a = services.assessment_start(actor=secretariat, organisation=tin, version=published, kind="third_party",
                                  on=date(2025, 2, 1))
    answers = full_answers(published, minerals=scoring.scope(a))
    assert mercury.pk not in answers and full_answers(published)[mercury.pk]
    with pytest.raises(ValidationError) as err:  # an answer to a gold criterion is not part of this assessment
        services.assessment_save_answers(actor=secretariat, assessment=a,
                                         given={**answers, mercury.pk: services.AnswerInput("0")})
    assert "is not part of this assessment" in " ".join(err.value.messages)
    assert not Answer.objects.filter(assessment=a).exists()
    services.assessment_save_answers(actor=secretariat, assessment=a, given=answers)
    services.assessment_submit(actor=secretariat, assessment=a)  # nothing missing: 6.1 and 6.2 do not apply
    a.refresh_from_db()
    assert a.score.outcome == "level"
    scored = {c["code"] for c in a.score.explanation["criteria"]}
    assert "6.1" not in scored and "6.2" not in scored and "6.3" in scored
    call_command("recompute_scores", "--quiet")  # the batch agrees with the single score
    assert Score.objects.get(assessment=a).overall == pytest.approx(a.score.overall)


def test_the_verifier_changes_a_finding_with_a_reason_and_the_score_follows(published, coop, member, secretariat):
    """Verification is per finding: the verified score uses the verifier's findings; the actor's answer stays."""
    a = services.assessment_start(actor=member, organisation=coop, version=published, kind="self",
                                  on=date(2025, 1, 10))
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(published, maturity="3"))
    services.assessment_submit(actor=member, assessment=a)
    criterion = Criterion.objects.get(version=published, code="4.2")
    before = Score.objects.get(assessment=a).overall
    for bad in ({"value": "1", "reason": " "}, {"value": "7", "reason": "Seen on site"},
                {"value": "3", "reason": "Confirmed"}):  # no reason, not a maturity, not a change
        with pytest.raises(ValidationError):
            services.finding_change(actor=secretariat, assessment=a, criterion=criterion, **bad)
    with pytest.raises(PermissionDenied):  # the producer does not verify its own findings
        services.finding_change(actor=member, assessment=a, criterion=criterion, value="1", reason="Self")
    assert Answer.objects.get(assessment=a, criterion=criterion).maturity == 3 and not AuditRecord.objects.filter(
        action="finding_change").exists()
    services.finding_change(actor=secretariat, assessment=a, criterion=criterion, value="1",
                            reason="No written procedure on site", comment="Write it down and train the team")
    answer = Answer.objects.get(assessment=a, criterion=criterion)
    assert (answer.maturity, answer.declared, answer.verifier_reason) == (1, "3", "No written procedure on site")
    after = Score.objects.get(assessment=a).overall
    assert after < before
    assert scoring.score_as_answered(a).overall == pytest.approx(before)
    services.finding_change(actor=secretariat, assessment=a, criterion=criterion, value="2", reason="Partly")
    assert Answer.objects.get(assessment=a, criterion=criterion).declared == "3"  # what the actor said stays
    record = AuditRecord.objects.filter(action="finding_change").latest("pk")
    assert record.details["before"] == "1" and record.details["after"] == "2"


def test_a_correction_carries_evidence_and_commitments_and_closes_the_old_ones(self_assessment, member, secretariat,
                                                                                client, settings, tmp_path):
    """Defect found: a correction started empty of evidence and commitments, and the returned assessment's
    commitments stayed open (then overdue) though the correction took them over."""
    settings.MEDIA_ROOT = tmp_path
    a = self_assessment
    criterion = Criterion.objects.get(version=a.version, code="4.2")
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.evidence_add(actor=member, assessment=a, criterion=criterion,
                          upload=SimpleUploadedFile("policy.pdf", PDF))
    services.commitment_add(actor=member, assessment=a, criterion=criterion, action="Train the pit leaders",
                            owner="Board", due=date(2025, 9, 1))
    services.assessment_submit(actor=member, assessment=a)
    services.assessment_review(actor=secretariat, assessment=a, verify=False, comment="CANARY evidence is thin")
    copy = services.assessment_correct(actor=member, assessment=a)
    assert [(e.original_name, e.sha256) for e in copy.evidence.all()] == [
        (e.original_name, e.sha256) for e in a.evidence.all()]
    assert copy.evidence.get().file.read() == PDF
    assert [(c.action, c.status) for c in copy.commitments.all()] == [("Train the pit leaders", "open")]
    assert [c.status for c in a.commitments.all()] == ["superseded"]
    client.force_login(member)
    assert "CANARY evidence is thin" in client.get(f"/en/assessments/{copy.pk}/").content.decode()


def test_maturity_1_needs_a_commitment_due_after_the_assessment_before_submission(self_assessment, member):
    """Maturity 1 means "committed: a plan with a due date exists" (DESIGN §4): claimed without one, or with one
    due before the assessment, the assessment is refused whole and stays a draft."""
    a = self_assessment
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version, overrides={
        "4.2": "1", "5.1": "1"}))
    c42, c51 = (Criterion.objects.get(version=a.version, code=code) for code in ("4.2", "5.1"))
    with pytest.raises(ValidationError):  # a commitment due before the assessment is refused as before
        services.commitment_add(actor=member, assessment=a, criterion=c42, action="Publish the taxes",
                                owner="Board", due=date(2025, 1, 1))
    services.commitment_add(actor=member, assessment=a, criterion=c42, action="Publish the taxes", owner="Board",
                            due=date(2025, 6, 1))
    with pytest.raises(ValidationError) as err:
        services.assessment_submit(actor=member, assessment=a)
    assert err.value.code == "no_commitment" and "5.1" in err.value.messages[0] and "4.2" not in err.value.messages[0]
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT and not Score.objects.filter(assessment=a).exists()
    services.commitment_add(actor=member, assessment=a, criterion=c51, action="Buy helmets", owner="Board",
                            due=date(2025, 4, 1))
    assert services.assessment_submit(actor=member, assessment=a).status == AssessmentStatus.SUBMITTED
