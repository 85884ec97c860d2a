import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assay.alignment import crosswalk_report
from assay.alignment.models import Crosswalk

pytestmark = pytest.mark.django_db
CW = "example-buyer-programme"


def _text(response) -> str:
    return response.content.decode()


def test_the_published_self_check_is_public_and_lists_its_partial_item_with_the_reason(world, client):
    page = _text(client.get(reverse("alignment:selfcheck", args=["mes", "0.1"])))
    assert "partially aligned" in page and "anonymous complaints" in page
    assert client.get(reverse("alignment:reference")).status_code == 200


def test_the_self_check_and_the_comparison_as_xlsx_and_pdf(world, client):
    book = load_workbook(io.BytesIO(client.get(reverse("alignment:selfcheck_file", args=["mes", "0.1", "xlsx"]))
                                    .content))
    gaps = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "S1.E" in gaps and "S1.A" not in gaps
    pdf = client.get(reverse("alignment:selfcheck_file", args=["mes", "0.1", "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    compared = load_workbook(io.BytesIO(client.get(
        reverse("alignment:compare_file", args=["mes", "xlsx"]) + "?from=0.1&to=0.2").content))
    rows = {r[0]: r for r in compared.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows["S1.E"][3:6] == ("partially aligned", "fully aligned", "improved")
    assert client.get(reverse("alignment:compare_file", args=["mes", "pdf"])).content.startswith(b"%PDF")


def test_the_secretariat_rates_a_draft_item_and_others_may_not(world, client):
    url = reverse("alignment:rate", args=["mes", "0.2"])
    data = {"item": "S3.A", "rating": "partial", "criteria": ["responsible-person"],
            "reason": "The responsible person reports to the board."}
    client.force_login(world["users"]["member_admin"])
    assert client.post(url, data).status_code == 403
    client.force_login(world["users"]["secretariat"])
    assert client.post(url, data).status_code == 302
    page = _text(client.get(reverse("alignment:selfcheck", args=["mes", "0.2"])))
    assert "The responsible person reports to the board." in page
    client.post(reverse("alignment:rate", args=["mes", "0.1"]), data)
    assert "The responsible person reports" not in _text(client.get(reverse("alignment:selfcheck",
                                                                           args=["mes", "0.1"])))


def test_the_import_page_lists_every_bad_row(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world["users"]["secretariat"])
    raw = b"requirement,title,criterion\nA-1,A,nope\nA-2,B,bribery\nA-3,,bribery\n"
    response = client.post(reverse("alignment:crosswalks"), {"slug": "new", "name": "New", "scheme": "S",
                                                             "file": SimpleUploadedFile("x.csv", raw)})
    assert response.status_code == 400
    assert "row 2:" in _text(response) and "row 4:" in _text(response) and "row 3:" not in _text(response)
    assert not Crosswalk.objects.filter(slug="new").exists()


@pytest.mark.parametrize("role, sees", [
    ("anonymous", set()), ("partner", {"network"}), ("assessor", {"network", "restricted"}),
    ("member_viewer", {"network", "restricted"}), ("outsider", set())])
def test_the_crosswalk_report_shows_each_answer_as_the_policy_allows(world, client, role, sees):
    from tests.factories import UserFactory

    users = {**world["users"], "outsider": UserFactory(username="cw-outsider")}
    if role != "anonymous":
        client.force_login(users[role])
    text = _text(client.get(reverse("alignment:crosswalk_report", args=[world["verified"].pk, CW])))
    assert "EBP-01" in text
    assert ("maturity 2 of 3" in text and "CANARY-NETWORK-ANSWER" in text) == ("network" in sees)
    assert ("CANARY-RESTRICTED-GATE" in text and "7.777" in text) == ("restricted" in sees)
    assert ("withheld" in text) == ("restricted" not in sees)


def test_the_crosswalk_report_files_withhold_as_the_page_does(world, client):
    url = reverse("alignment:crosswalk_report_file", args=[world["verified"].pk, CW, "xlsx"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    cells = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert "withheld" in cells and not {"CANARY-NETWORK-ANSWER", "CANARY-RESTRICTED-GATE"} & cells
    client.force_login(world["users"]["member_viewer"])
    book = load_workbook(io.BytesIO(client.get(url).content))
    cells = {str(c) for row in book.worksheets[0].iter_rows(values_only=True) for c in row}
    assert "CANARY-RESTRICTED-GATE" in cells and "maturity 2 of 3" in cells
    pdf = client.get(reverse("alignment:crosswalk_report_file", args=[world["verified"].pk, CW, "pdf"]))
    assert pdf.content.startswith(b"%PDF")


def test_a_draft_assessment_has_no_crosswalk_report(world, client):
    client.force_login(world["users"]["member_admin"])
    assert client.get(reverse("alignment:crosswalk_report", args=[world["draft"].pk, CW])).status_code == 404
    assert not crosswalk_report.may_open(world["draft"])
