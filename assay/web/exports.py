"""Tables as CSV or XLSX downloads (openpyxl); every page that lists data offers both."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(name: str, fmt: str, header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # a BOM, so spreadsheet programs read the accents right
        writer = csv.writer(response)
        writer.writerow([str(h) for h in header])
        writer.writerows(rows)
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def workbook_response(name: str, sheets: Sequence[tuple[str, Sequence[Any], Sequence[Sequence[Any]]]]
                      ) -> HttpResponse:
    """Several tables as the sheets of one XLSX (title, header, rows); a suppressed figure is an empty cell."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for title, header, rows in sheets:
        sheet_name = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:31]
        while sheet_name in used:
            sheet_name = sheet_name[:29] + f"~{len(used)}"
        used.add(sheet_name)
        sheet = book.create_sheet(sheet_name)
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([str(v) if hasattr(v, "__html__") else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
