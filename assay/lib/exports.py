"""Tables as CSV or XLSX downloads (openpyxl); every page that lists data offers both."""

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A text cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_KEPT = (bool, int, float, Decimal, datetime, date, time, timedelta)


def cell(value: Any) -> Any:
    """A value as a spreadsheet may safely show it: numbers and dates stay what they are (a negative number is a
    number); any other value is text, without the characters a worksheet refuses, and a quote before a text that
    would start a formula."""
    if value is None or isinstance(value, _KEPT):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # what a worksheet refuses; old rows may still hold it
    return "'" + text if text.startswith(FORMULA_START) else text


def cells(row: Sequence[Any]) -> list[Any]:
    return [cell(v) for v in row]


def table_response(name: str, fmt: str, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # a BOM, so spreadsheet programs read the accents right
        # Every text quoted, numbers bare: a spreadsheet that splits on ";" (French, Spanish settings) cannot cut
        # a cell in two and start the second part with "=".
        writer = csv.writer(response, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(cells(header))
        writer.writerows(cells(row) for row in rows)
    elif fmt == "xlsx":
        return workbook_response(name, [(name, header, rows)])
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def workbook_response(name: str, sheets: Sequence[tuple[str, Sequence[Any], Sequence[Sequence[Any]]]]
                      ) -> HttpResponse:
    """Several tables as the sheets of one XLSX (title, header, rows); a suppressed figure is an empty cell."""
    from openpyxl import Workbook  # loaded on the first spreadsheet asked for, not by every process at start

    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, header, rows in sheets:
        sheet_name = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
        while sheet_name in used:
            sheet_name = sheet_name[:29] + f"~{len(used)}"
        used.add(sheet_name)
        sheet = book.create_sheet(sheet_name)
        sheet.append(cells(header))
        for row in rows:
            sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
