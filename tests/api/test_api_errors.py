"""Defect 6: the API answers a bad request with 400 and its problems, never 500, and says so in its document."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ASSESSMENT = {"actor": "coop-test", "version": "0.1", "kind": "self", "date": "2025-04-01"}


def _problems(response) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "problems"} and isinstance(body["problems"], dict)
    return body


@pytest.fixture
def browser(member) -> tuple[Client, dict[str, str]]:
    """A signed-in member's browser, with CSRF checks on as in production, and its CSRF header."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(member)
    client.get("/en/")
    return client, {"X-CSRFToken": client.cookies["csrftoken"].value}


@pytest.mark.parametrize("offset", ["-35", "-1", "abc", str(2**70)])
def test_a_bad_offset_is_a_400_not_a_500(client, coop, offset):
    client.raise_request_exception = False
    body = _problems(client.get("/api/v1/registry/actors", {"offset": offset}))
    assert "offset" in body["problems"]


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary=x",
                                          "application/x-www-form-urlencoded", "text/plain"])
def test_a_json_body_sent_as_a_form_is_a_400_and_stores_nothing(browser, published, coop, self_assessment,
                                                                content_type):
    from assay.assessments.models import Assessment

    client, csrf = browser
    before = Assessment.objects.count()
    _problems(client.post("/api/v1/assessments", json.dumps(ASSESSMENT), content_type=content_type, headers=csrf))
    _problems(client.put(f"/api/v1/assessments/{self_assessment.pk}/answers", json.dumps({"answers": {}}),
                         content_type=content_type, headers=csrf))
    assert Assessment.objects.count() == before


@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=x", "text/plain"])
def test_a_consultation_response_sent_as_a_form_is_a_400(demo, content_type):
    client = Client(raise_request_exception=False)
    _problems(client.post("/api/v1/consultation/rounds/1/responses", json.dumps({"client_key": "k"}),
                          content_type=content_type))


def test_a_malformed_or_invalid_body_is_a_400_with_its_problems(browser, published, coop):
    client, csrf = browser
    _problems(client.post("/api/v1/assessments", "{not json", content_type="application/json", headers=csrf))
    body = _problems(client.post("/api/v1/assessments", json.dumps({"actor": "coop-test"}),
                                 content_type="application/json", headers=csrf))
    assert {"version", "kind", "date"} <= set(body["problems"])


def test_the_json_body_with_its_csrf_header_still_works(browser, published, coop):
    client, csrf = browser
    response = client.post("/api/v1/assessments", json.dumps(ASSESSMENT), content_type="application/json",
                           headers=csrf)
    assert response.status_code == 201, response.content


def test_every_parameter_has_bounds_in_the_document(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            for p in op.get("parameters", []):
                schema = p["schema"]
                schema = next((s for s in schema.get("anyOf", []) if s.get("type") != "null"), schema)
                if "$ref" in schema or "enum" in schema or schema.get("type") == "boolean" or \
                        schema.get("format") == "date":  # a date is bounded by its validator: 400 outside
                    continue
                bounded = {"integer": ("minimum", "maximum"), "string": ("maxLength",),
                           "number": ("minimum", "maximum")}[schema["type"]]
                assert all(k in schema for k in bounded), f"{method.upper()} {path} {p['name']}: {schema}"


def test_the_document_declares_the_errors_each_operation_returns(client):
    doc = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"400", "401", "403", "404"} <= set(doc["/api/v1/assessments/{pk}/answers"]["put"]["responses"])
    assert {"400", "401", "403"} <= set(doc["/api/v1/assessments"]["post"]["responses"])
    assert {"400", "404"} <= set(doc["/api/v1/registry/actors/{slug}"]["get"]["responses"])
    assert "400" in doc["/api/v1/registry/actors"]["get"]["responses"]
    assert {"400", "404"} <= set(doc["/api/v1/consultation/rounds/{pk}/responses"]["post"]["responses"])
    problems = doc["/api/v1/registry/actors"]["get"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert problems["$ref"].endswith("/Problems")


@pytest.mark.parametrize("start", ["0", "1700000000", "2025-1-1", "1899-12-31"])
def test_a_date_is_a_date_not_a_timestamp(client, start):
    """Found by the fuzzer: `start=0` was read as a Unix timestamp (1970-01-01) and answered 200."""
    body = _problems(client.get("/api/v1/reports/impact", {"start": start}))
    assert "start" in body["problems"]
