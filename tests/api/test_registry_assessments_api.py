"""The registry and members' assessments in the JSON API."""

import pytest

from assay.assessments.models import Assessment, AssessmentStatus
from assay.standards.models import Criterion
from tests.factories import full_answers

pytestmark = pytest.mark.django_db


def test_the_public_registry_lists_and_filters_actors(client, coop, trader):
    body = client.get("/api/v1/registry/actors", {"role": "producer"}).json()
    assert [a["slug"] for a in body] == ["coop-test"]
    assert body[0]["country"] == "CD" and body[0]["level"] is None
    detail = client.get("/api/v1/registry/actors/coop-test").json()
    assert detail["regions"] == ["South Kivu"]
    assert [(s["latitude"], s["longitude"]) for s in detail["sites"]] == [(None, None)]  # exact location: network


def test_a_member_creates_fills_and_submits_an_assessment(client, published, coop, member):
    client.force_login(member)
    created = client.post("/api/v1/assessments", {"actor": "coop-test", "version": "0.1", "kind": "self",
                                                  "date": "2025-04-01"}, content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    answers = {Criterion.objects.get(pk=k).code: {"value": v.value} for k, v in full_answers(published).items()}
    saved = client.put(f"/api/v1/assessments/{pk}/answers", {"answers": answers}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["answers"]["1.1"] == 2
    preview = client.get(f"/api/v1/assessments/{pk}/score").json()
    assert preview["outcome"] == "level" and preview["level"] == 3
    assert {"code": "1.1", "answer": 2, "earned": pytest.approx(2 * Criterion.objects.get(
        version=published, code="1.1").points / 3), "possible": Criterion.objects.get(
        version=published, code="1.1").points} in preview["criteria"]
    submitted = client.post(f"/api/v1/assessments/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["score"]["level"] == 3


def test_bad_answers_come_back_as_400_with_every_problem_and_change_nothing(client, published, coop, member,
                                                                              self_assessment):
    client.force_login(member)
    body = {"answers": {"3.1": {"value": "perhaps"}, "4.2": {"value": "7"}, "99.9": {"value": "1"}}}
    response = client.put(f"/api/v1/assessments/{self_assessment.pk}/answers", body,
                          content_type="application/json")
    assert response.status_code == 400 and response.json()["problems"] == {"99.9": ["no such criterion"]}
    del body["answers"]["99.9"]
    response = client.put(f"/api/v1/assessments/{self_assessment.pk}/answers", body,
                          content_type="application/json")
    assert response.status_code == 400 and set(response.json()["problems"]) == {"3.1", "4.2"}
    assert not self_assessment.answers.exists()


def test_an_incomplete_submission_is_refused_with_the_missing_codes(client, member, self_assessment):
    client.force_login(member)
    response = client.post(f"/api/v1/assessments/{self_assessment.pk}/submit")
    assert response.status_code == 400 and "still need an answer" in response.json()["problems"]["__all__"][0]
    assert Assessment.objects.get(pk=self_assessment.pk).status == AssessmentStatus.DRAFT


def test_assessments_need_a_signed_in_member(client, self_assessment, assessor):
    assert client.get(f"/api/v1/assessments/{self_assessment.pk}").status_code == 401
    client.force_login(assessor)
    assert client.get(f"/api/v1/assessments/{self_assessment.pk}").status_code == 404


def test_starting_on_an_unpublished_version_is_a_400(client, demo, coop, member):
    client.force_login(member)
    response = client.post("/api/v1/assessments", {"actor": "coop-test", "version": "0.2", "kind": "self",
                                                   "date": "2025-04-01"}, content_type="application/json")
    assert response.status_code == 400 and "published" in response.json()["problems"]["__all__"][0]


def test_the_openapi_document_lists_the_new_endpoints(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {"/api/v1/registry/actors", "/api/v1/registry/actors/{slug}", "/api/v1/assessments",
            "/api/v1/assessments/{pk}/answers", "/api/v1/assessments/{pk}/submit",
            "/api/v1/assessments/{pk}/score"} <= paths


def test_maturity_1_is_submitted_through_the_api_with_its_commitment(client, published, member, self_assessment):
    client.force_login(member)
    answers = {Criterion.objects.get(pk=k).code: {"value": v.value}
               for k, v in full_answers(published, overrides={"4.2": "1"}).items()}
    url = f"/api/v1/assessments/{self_assessment.pk}"
    assert client.put(url + "/answers", {"answers": answers}, content_type="application/json").status_code == 200
    refused = client.post(url + "/submit")
    assert refused.status_code == 400 and "4.2" in refused.json()["problems"]["__all__"][0]
    late = {"answers": {}, "commitments": [{"criterion": "4.2", "action": "Publish the taxes", "owner": "Board",
                                            "due": "2025-01-01"}]}  # before the assessment: refused, none kept
    assert client.put(url + "/answers", late, content_type="application/json").status_code == 400
    assert not self_assessment.commitments.exists()
    late["commitments"][0]["due"] = "2025-09-01"
    assert client.put(url + "/answers", late, content_type="application/json").status_code == 200
    assert client.post(url + "/submit").json()["status"] == "submitted"
