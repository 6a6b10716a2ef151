"""Cells for CSV and spreadsheet exports: formulas are never left for a spreadsheet to run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def xlsx_cell(value: Any) -> Any:
    """`safe_cell`, and without the control characters a workbook cannot hold (openpyxl refuses
    them, so one pasted escape character in an answer would break the whole download). Tab,
    line feed and carriage return are allowed and kept. Stripped first, so that "\x1b=SUM(1)"
    cannot become a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def csv_response(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]):  # type: ignore[no-untyped-def]
    """A CSV download with a byte order mark (spreadsheet programs read UTF-8 only with one)."""
    import csv

    from django.http import HttpResponse

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(str(h)) for h in header])  # headers may be user text
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response


def xlsx_response(  # type: ignore[no-untyped-def]
    filename: str, sheet: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
):
    """The same as csv_response, as an Excel workbook written in constant memory."""
    from django.http import HttpResponse
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(str(sheet)[:31])
    worksheet.append([xlsx_cell(str(h)) for h in header])
    for row in rows:
        worksheet.append([xlsx_cell(v) for v in row])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    workbook.save(response)
    return response
