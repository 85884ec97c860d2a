"""Personal API tokens: hashed at rest, scoped, expiring, revocable, logged, and acting exactly as their user."""

import hashlib
import json
import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assay.accounts import services
from assay.accounts.models import ApiToken, ApiTokenUse
from assay.assessments.models import Assessment
from assay.audit.models import AuditRecord

pytestmark = pytest.mark.django_db

NEW = {"actor": "coop-test", "version": "0.1", "kind": "self", "date": "2025-04-01"}


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _token(user, scope: str = "read", days: int = 30) -> tuple[ApiToken, str]:
    return services.token_create(actor=user, name="Refinery ERP", scope=scope,
                                 expires_on=timezone.localdate() + timedelta(days=days))


@pytest.fixture
def api() -> Client:
    """A client with CSRF checks on, as in production, and no session."""
    return Client(enforce_csrf_checks=True)


def test_a_member_creates_a_token_on_the_page_and_sees_its_secret_once(client, member):
    client.force_login(member)
    page = reverse("accounts:tokens")
    response = client.post(page, {"name": "Refinery ERP", "scope": "write",
                                  "expires_on": (date.today() + timedelta(days=90)).isoformat()})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    secret = re.search(r'value="(assay_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=member)
    assert token.scope == "write" and token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert AuditRecord.objects.filter(action="token_create", object_id=str(token.pk), user=member).exists()
    listing = client.get(page).content.decode()
    assert "Refinery ERP" in listing and secret not in listing and "never" in listing


def test_only_a_digest_is_stored_nowhere_the_secret(member):
    token, secret = _token(member)
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(row, default=str)
    audit = AuditRecord.objects.filter(action="token_create").values().get()
    assert secret not in json.dumps(audit, default=str)
    assert row["digest"] == hashlib.sha256(secret.encode()).hexdigest()


def test_a_token_reads_as_its_user_updates_its_last_use_and_every_use_is_logged(api, member, self_assessment):
    token, secret = _token(member)
    path = f"/api/v1/assessments/{self_assessment.pk}"
    assert api.get(path).status_code == 401
    response = api.get(path, headers=_bearer(secret))
    assert response.status_code == 200 and response.json()["actor"] == "coop-test"
    api.get(path + "/score", headers=_bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None
    uses = list(ApiTokenUse.objects.filter(token=token).order_by("id").values_list("user", "method", "surface"))
    assert uses == [(member.pk, "GET", path), (member.pk, "GET", path + "/score")]


def test_a_write_token_writes_without_session_or_csrf(api, published, coop, member):
    _, secret = _token(member, "write")
    response = api.post("/api/v1/assessments", NEW, content_type="application/json", headers=_bearer(secret))
    assert response.status_code == 201, response.content
    assert Assessment.objects.get(pk=response.json()["id"]).created_by == member


def test_a_read_token_cannot_write(api, published, coop, member, self_assessment):
    _, secret = _token(member, "read")
    before = Assessment.objects.count()
    response = api.post("/api/v1/assessments", NEW, content_type="application/json", headers=_bearer(secret))
    assert response.status_code == 403 and response.json()["detail"] == "this token may only read"
    response = api.put(f"/api/v1/assessments/{self_assessment.pk}/answers", {"answers": {"1.1": {"value": "2"}}},
                       content_type="application/json", headers=_bearer(secret))
    assert response.status_code == 403 and not self_assessment.answers.exists()
    assert Assessment.objects.count() == before


def test_an_expired_token_is_refused(api, member, self_assessment):
    token, secret = _token(member)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert api.get(f"/api/v1/assessments/{self_assessment.pk}", headers=_bearer(secret)).status_code == 401


def test_a_revoked_token_is_refused_and_the_revocation_audited(client, api, member, self_assessment):
    token, secret = _token(member)
    path = f"/api/v1/assessments/{self_assessment.pk}"
    assert api.get(path, headers=_bearer(secret)).status_code == 200
    client.force_login(member)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert api.get(path, headers=_bearer(secret)).status_code == 401
    assert api.get("/api/v1/registry/actors", headers=_bearer(secret)).status_code == 401
    assert AuditRecord.objects.filter(action="token_revoke", object_id=str(token.pk)).exists()
    assert "revoked" in client.get(reverse("accounts:tokens")).content.decode()


def test_a_wrong_token_never_falls_back_to_the_session(client, member, self_assessment):
    client.force_login(member)
    path = f"/api/v1/assessments/{self_assessment.pk}"
    assert client.get(path).status_code == 200
    assert client.get(path, headers=_bearer("assay_not-a-token")).status_code == 401
    assert client.get("/api/v1/registry/actors", headers=_bearer("nonsense")).status_code == 401


def test_a_token_sees_exactly_what_its_user_sees(api, coop, member, assessor, self_assessment):
    _, stranger = _token(assessor)  # signed in, but no standing towards the cooperative
    assert api.get(f"/api/v1/assessments/{self_assessment.pk}", headers=_bearer(stranger)).status_code == 404
    _, own = _token(member)
    sites = api.get("/api/v1/registry/actors/coop-test", headers=_bearer(own)).json()["sites"]
    assert sites[0]["latitude"] == -2.5  # network data: the member's own site
    sites = api.get("/api/v1/registry/actors/coop-test", headers=_bearer(stranger)).json()["sites"]
    assert sites[0]["latitude"] is None
    assert api.get("/api/v1/registry/actors/coop-test").json()["sites"][0]["latitude"] is None


def test_tokens_must_expire_within_a_year_and_belong_to_whoever_revokes_them(member, assessor):
    today = timezone.localdate()
    for expires_on in (today, today - timedelta(days=3), today + timedelta(days=366)):
        with pytest.raises(ValidationError):
            services.token_create(actor=member, name="x", scope="read", expires_on=expires_on)
    with pytest.raises(ValidationError):
        services.token_create(actor=member, name="x", scope="admin", expires_on=today + timedelta(days=1))
    token, _ = services.token_create(actor=member, name="x", scope="read", expires_on=today + timedelta(days=365))
    with pytest.raises(PermissionDenied):
        services.token_revoke(actor=assessor, token=token)


def test_the_page_needs_a_sign_in_and_shows_only_ones_own_tokens(client, member, assessor):
    token, _ = _token(member)
    assert client.get(reverse("accounts:tokens")).status_code == 302
    client.force_login(assessor)
    assert "Refinery ERP" not in client.get(reverse("accounts:tokens")).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(reverse("accounts:tokens"), {"name": "Far", "scope": "read",
                                                        "expires_on": (date.today() + timedelta(days=400)).isoformat()})
    assert "within a year" in response.content.decode() and not ApiToken.objects.filter(user=assessor).exists()
