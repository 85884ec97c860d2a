"""An assessment's free text (answer notes, commitments, the reviewer's comment) is bounded and cleaned the same
way on the module page, in the API and in the services."""

import pytest
from django.core.exceptions import ValidationError

from assay.assessments import services
from assay.assessments.models import Answer, Assessment, AssessmentStatus, Commitment
from assay.lib.text import LONG_TEXT_MAX
from assay.standards.models import Criterion
from tests.factories import full_answers

pytestmark = pytest.mark.django_db
TOO_LONG = "n" * (LONG_TEXT_MAX + 1)


def test_too_long_notes_or_a_nul_on_the_module_page_keep_nothing(client, published, member, self_assessment):
    client.force_login(member)
    c = Criterion.objects.get(version=published, code="1.1")
    for notes, message in ((TOO_LONG, f"comporte au plus {LONG_TEXT_MAX} caractères"),
                           ("a\x00b", "Le caractère nul n’est pas autorisé.")):
        page = client.post(f"/fr/assessments/{self_assessment.pk}/modules/1/", {f"v-{c.pk}": "1", f"n-{c.pk}": notes})
        assert page.status_code == 200 and message in page.content.decode()
    page = client.post(f"/fr/assessments/{self_assessment.pk}/modules/1/", {
        f"v-{c.pk}": "1", f"ca-{c.pk}": TOO_LONG, f"co-{c.pk}": "Board", f"cd-{c.pk}": "2025-09-30"})
    assert page.status_code == 200 and f"comporte au plus {LONG_TEXT_MAX} caractères" in page.content.decode()
    assert not Answer.objects.exists() and not Commitment.objects.exists()


def test_a_bell_in_the_notes_is_dropped(member, self_assessment, published):
    c = Criterion.objects.get(version=published, code="1.1")
    services.assessment_save_answers(actor=member, assessment=self_assessment,
                                     given={c.pk: services.AnswerInput("1", "ding\x07 dong")})
    assert Answer.objects.get().notes == "ding dong"


def test_too_long_notes_in_the_api_are_refused_and_the_schema_says_so(client, member, self_assessment):
    client.force_login(member)
    url = f"/api/v1/assessments/{self_assessment.pk}/answers"
    response = client.put(url, {"answers": {"1.1": {"value": "1", "notes": TOO_LONG}}},
                          content_type="application/json")
    assert response.status_code in (400, 422)
    response = client.put(url, {"answers": {"1.1": {"value": "1", "notes": "a\x00"}}},
                          content_type="application/json")
    assert response.status_code == 400
    assert [m for k, m in response.json()["problems"].items() if "1.1" in k] == [["Null characters are not allowed."]]
    assert not Answer.objects.exists()
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    notes = schemas["AssessmentAnswerIn"]
    assert notes["properties"]["notes"]["maxLength"] == LONG_TEXT_MAX


def test_a_too_long_review_comment_or_commitment_is_refused_by_the_service(member, secretariat, self_assessment):
    a = self_assessment
    with pytest.raises(ValidationError):
        services.commitment_add(actor=member, assessment=a, criterion=None, action=TOO_LONG, owner="Board", due=a.date)
    with pytest.raises(ValidationError):
        services.commitment_add(actor=member, assessment=a, criterion=None, action="Adopt", owner="o" * 121, due=a.date)
    services.assessment_save_answers(actor=member, assessment=a, given=full_answers(a.version))
    services.assessment_submit(actor=member, assessment=a)
    with pytest.raises(ValidationError):
        services.assessment_review(actor=secretariat, assessment=a, verify=False, comment=TOO_LONG)
    assert Assessment.objects.get(pk=a.pk).status == AssessmentStatus.SUBMITTED
    assert not Commitment.objects.exists()
