"""An access request: one export with every kind of record about the person, and none about anyone else."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assay.audit.models import AuditRecord
from assay.privacy.models import PrivacyRequest
from assay.privacy.selectors import Person
from assay.privacy.services import access_export
from tests.privacy.conftest import canaries

pytestmark = pytest.mark.django_db

KINDS = {"account", "memberships", "api_tokens", "notifications", "responses", "comments", "contacts",
         "subscriptions", "assessor_assignments", "records_acted_on", "audit"}


def _read(data: bytes) -> tuple[dict, str]:
    """The JSON document, and all the text of the archive (the JSON and every sheet of the workbook)."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert set(archive.namelist()) == {"records.json", "records.xlsx"}
    document = json.loads(archive.read("records.json"))
    book = zipfile.ZipFile(io.BytesIO(archive.read("records.xlsx")))  # an XLSX is itself a ZIP of XML
    sheets = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    return document, archive.read("records.json").decode() + sheets


def test_the_export_holds_every_kind_of_record_and_nothing_of_anyone_else(people):
    data = access_export(actor=people["secretariat"], person=Person(user=people["alice"]["user"]))
    document, text = _read(data)
    filled = {key for key, section in document["records"].items() if section["rows"]}
    assert filled >= KINDS, f"missing: {KINDS - filled}"
    for canary in canaries("alice"):
        assert canary in text, canary
    for canary in canaries("bob"):
        assert canary not in text, canary
    assert document["records"]["responses"]["rows"][0]["e-mail"] == "alicia.quill@example.org"
    # the token's secret (its digest) is never exported
    digest = people["alice"]["user"].api_tokens.get().digest
    assert digest not in text
    # the XLSX opens, a sheet per kind
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(zipfile.ZipFile(io.BytesIO(data)).read("records.xlsx")))
    assert set(book.sheetnames) >= KINDS


def test_a_respondent_without_an_account_is_found_by_address(people):
    document, text = _read(access_export(actor=people["secretariat"],
                                         person=Person(emails={"BART.INKWRIGHT@example.org"})))
    assert document["records"]["responses"]["rows"] and document["records"]["subscriptions"]["rows"]
    assert not document["records"]["account"]["rows"]
    assert "BOB-CANARY-COMMENT" in text
    assert not [c for c in canaries("alice") if c in text]


def test_the_export_is_audited_without_the_persons_identity(people):
    access_export(actor=people["secretariat"], person=Person(user=people["alice"]["user"]))
    request = PrivacyRequest.objects.get(kind="access")
    assert request.subject_user_id == people["alice"]["user"].pk and request.counts["responses"] == 1
    record = AuditRecord.objects.get(action="privacy_access_export")
    assert record.user == people["secretariat"]
    stored = json.dumps([record.summary, record.details, request.reason, request.counts])
    assert not [c for c in canaries("alice") if c in stored]


def test_only_the_secretariat_exports(people):
    with pytest.raises(PermissionDenied):
        access_export(actor=people["bob"]["user"], person=Person(user=people["alice"]["user"]))
    assert not PrivacyRequest.objects.exists()


def test_the_page_downloads_the_export_and_refuses_others(people, client):
    url = reverse("privacy:access")
    client.force_login(people["bob"]["user"])
    assert client.get(reverse("privacy:requests")).status_code == 403
    assert client.post(url, {"access-username": "alice_canary"}).status_code == 403
    client.force_login(people["secretariat"])
    assert client.get(reverse("privacy:requests")).status_code == 200
    response = client.post(url, {"access-username": "alice_canary"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "ALICE-CANARY-COMMENT" in _read(response.content)[1]
    unknown = client.post(url, {"access-username": "nobody"})
    assert unknown.status_code == 400 and "No account has this user name." in unknown.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400 and "Give a user name, an e-mail address, or both." in empty.content.decode()
    assert PrivacyRequest.objects.count() == 1


def test_a_person_without_an_account_gets_none_of_the_records_whose_user_is_gone(people):
    """Reads and API-token uses whose user was deleted keep user = NULL; a respondent without an account must not
    be matched to them (a lookup on "no user" would hand them other people's records)."""
    from assay.disclosure.models import RestrictedRead

    RestrictedRead.objects.create(user=None, kind="risk", surface="/ORPHANED-READ-CANARY/")
    document, text = _read(access_export(actor=people["secretariat"],
                                         person=Person(emails={"BART.INKWRIGHT@example.org"})))
    assert "ORPHANED-READ-CANARY" not in text
    assert not document["records"]["restricted_reads"]["rows"]
