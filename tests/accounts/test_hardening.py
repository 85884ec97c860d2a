"""Sign-in hardening: two-factor for privileged roles, lockout after failed attempts, CSP, passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from assay.accounts.roles import ASSESSORS_GROUP
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase"


def code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def assessor(db):
    return UserFactory(username="asr", email="asr@example.org", password=PASSWORD, groups=[ASSESSORS_GROUP])


def sign_in(client, username):
    return client.post("/en/accounts/login/", {"username": username, "password": PASSWORD}, follow=True)


@pytest.mark.two_factor
def test_an_assessor_must_enrol_and_confirm_a_code_before_going_anywhere(client, assessor):
    page = sign_in(client, "asr")
    assert page.request["PATH_INFO"] == "/en/accounts/two-factor/" and b"<svg" in page.content
    assert client.get("/en/dashboard/").status_code == 302
    assert client.get("/api/v1/versions").status_code == 403
    device = TOTPDevice.objects.get(user=assessor)
    wrong = client.post("/en/accounts/two-factor/", {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.get(user=assessor).confirmed
    # django-otp throttles a device after a wrong code (1 s, doubling); let that time pass.
    TOTPDevice.objects.get(user=assessor).throttle_reset()
    done = client.post("/en/accounts/two-factor/", {"token": code(device), "next": "/en/dashboard/"})
    assert done.status_code == 302 and done["Location"] == "/en/dashboard/"
    assert TOTPDevice.objects.get(user=assessor).confirmed
    assert client.get("/en/dashboard/").status_code == 200


@pytest.mark.two_factor
def test_a_member_without_a_privileged_role_signs_in_with_a_password_alone(client, db):
    UserFactory(username="plain", email="p@example.org", password=PASSWORD)
    page = sign_in(client, "plain")
    assert page.request["PATH_INFO"] == "/en/dashboard/"


@pytest.mark.two_factor
def test_the_next_parameter_cannot_send_users_elsewhere(client, assessor):
    sign_in(client, "asr")
    device = TOTPDevice.objects.get(user=assessor)
    response = client.post("/en/accounts/two-factor/", {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_repeated_failed_sign_ins_lock_the_account(client, db, settings):
    UserFactory(username="victim", email="v@example.org", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "victim", "password": "wrong"})
    locked = client.post("/en/accounts/login/", {"username": "victim", "password": PASSWORD})
    assert locked.status_code == 429 and b"locked" in locked.content
    assert "_auth_user_id" not in client.session


LOGIN = "/en/accounts/login/"


def test_one_password_tried_across_many_accounts_from_one_address_is_locked(client, db, settings):
    """Password spraying: each username fails once, the address as a whole fails many times."""
    UserFactory(username="victim", email="v@example.org", password=PASSWORD)
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        client.post(LOGIN, {"username": f"user{i}", "password": "Summer-2026!"}, REMOTE_ADDR="203.0.113.7")
    locked = client.post(LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    elsewhere = Client().post(LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="198.51.100.1")
    assert elsewhere.status_code == 302  # the account itself is not locked


def test_one_account_tried_from_many_addresses_is_locked(client, db, settings):
    UserFactory(username="victim", email="v@example.org", password=PASSWORD)
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "victim", "password": f"guess-{i}"}, REMOTE_ADDR=f"198.51.100.{i + 1}")
    locked = client.post(LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="192.0.2.50")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


def test_signing_in_to_ones_own_account_does_not_reset_the_addresss_count(client, db, settings):
    UserFactory(username="attacker", email="x@example.org", password=PASSWORD)
    UserFactory(username="victim", email="v@example.org", password=PASSWORD)
    for i in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": f"user{i}", "password": "Summer-2026!"}, REMOTE_ADDR="203.0.113.7")
    assert client.post(LOGIN, {"username": "attacker", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
                       ).status_code == 302
    client.logout()
    client.post(LOGIN, {"username": "other", "password": "Summer-2026!"}, REMOTE_ADDR="203.0.113.7")
    locked = client.post(LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert locked.status_code == 429


def test_a_few_mistakes_lock_nobody(client, db, settings):
    UserFactory(username="victim", email="v@example.org", password=PASSWORD)
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(LOGIN, {"username": "victim", "password": f"typo-{i}"}, REMOTE_ADDR="203.0.113.7")
    assert client.post(LOGIN, {"username": "victim", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
                       ).status_code == 302


def test_pages_carry_a_content_security_policy_without_unsafe_inline(client, db):
    header = client.get("/en/")["Content-Security-Policy"]
    assert "default-src 'self'" in header and "script-src 'self'" in header
    assert "unsafe-inline" not in header and "frame-ancestors 'none'" in header


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)
