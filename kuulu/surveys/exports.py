"""Raw export of a survey's responses: one row per submitted response, one column per question
(one per option of a multiple-choice or ranking question, one per statement of a matrix).

Streamed in constant memory: responses and answers are read with two server-side cursors in
response-id order and merged as they come, so a row is built, written and forgotten. CSV goes
out through a `StreamingHttpResponse`; XLSX is written by openpyxl's write-only workbook to a
temporary file (it cannot stream a zip archive) and sent with `FileResponse`. Every cell goes
through `safe_cell`, so nothing runs as a formula in a spreadsheet.

Anonymous surveys have no identifying columns at all (no account, invitation or unit, and the
submission date without the time); identified surveys add the respondent's account email,
the invitation email and the unit.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.core.spreadsheets import safe_cell, xlsx_cell
from kuulu.surveys.models import Answer, Question, Response, Survey
from kuulu.surveys.results import Catalogue, catalogue

Kind = Question.Kind
CHUNK = 2000
ANSWER_CHUNK = 10000


@dataclass(frozen=True)
class Layout:
    header: list[str]
    fixed: int  # number of response columns before the questions
    single: dict[str, int]  # question key → column
    per_option: dict[tuple[str, str], int]  # (key, choice value) → column (multiple, ranking)
    per_row: dict[tuple[str, str], int]  # (key, statement key) → column (matrix)


def _fixed_header(identified: bool) -> list[str]:
    header = [
        _("Response"),
        _("Submitted"),
        _("Version"),
        _("Language"),
        _("Respondent group"),
        _("Municipality"),
        _("Service area"),
    ]
    if identified:
        header += [_("Unit"), _("Account email"), _("Invitation email")]
    return header


def layout(cat: Catalogue, identified: bool) -> Layout:
    header = _fixed_header(identified)
    fixed = len(header)
    single: dict[str, int] = {}
    per_option: dict[tuple[str, str], int] = {}
    per_row: dict[tuple[str, str], int] = {}
    for meta in cat.questions:
        if meta.kind in (Kind.MULTIPLE, Kind.RANKING):
            for value, _label in meta.options:
                per_option[(meta.key, value)] = len(header)
                header.append(f"{meta.key}:{value}")
        elif meta.kind == Kind.MATRIX:
            for row_key, _label in meta.rows:
                per_row[(meta.key, row_key)] = len(header)
                header.append(f"{meta.key}:{row_key}")
        else:
            single[meta.key] = len(header)
            header.append(meta.key)
    return Layout(header, fixed, single, per_option, per_row)


def _number(value: Decimal | None) -> Any:
    if value is None:
        return ""
    return int(value) if value == value.to_integral() else float(value)


def _response_cells(row: tuple, identified: bool, names: dict[str, dict[int, str]]) -> list[Any]:
    (pk, submitted, version, language, group, municipality, area, unit, email, invited) = row
    # The database hands back UTC; the day and time are the Finnish ones (an anonymous
    # response's time is local midnight, which in UTC is the evening before).
    local = timezone.localtime(submitted) if submitted else None
    cells: list[Any] = [
        pk,
        (local.date().isoformat() if not identified else local.isoformat()) if local else "",
        version,
        language,
        group,
        names["municipality"].get(municipality, ""),
        names["unit"].get(area, ""),
    ]
    if identified:
        cells += [names["unit"].get(unit, ""), email or "", invited or ""]
    return cells


def raw_rows(survey: Survey) -> Iterator[list[Any]]:
    """The header, then one row per submitted response, in response-id order."""
    from kuulu.organisation.models import Municipality, Unit

    identified = not survey.anonymous
    cat = catalogue([survey.pk], current_version_id=survey.current_version_id)
    plan = layout(cat, identified)
    kinds = {meta.key: meta.kind for meta in cat.questions}
    names = {
        "municipality": {
            m.pk: str(m) for m in Municipality.objects.filter(county=survey.county_id)
        },
        "unit": {u.pk: str(u) for u in Unit.objects.filter(county=survey.county_id)},
    }
    labels = {(meta.key, value): label for meta in cat.questions for value, label in meta.options}
    yield [safe_cell(str(h)) for h in plan.header]

    responses = (
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .order_by("id")
        .values_list(
            "id",
            "submitted_at",
            "version__number",
            "language",
            "respondent_group",
            "municipality_id",
            "service_area_id",
            "unit_id",
            "user__email",
            "invitation__email",
        )
        .iterator(chunk_size=CHUNK)
    )
    answers = (
        Answer.objects.filter(response__survey=survey, response__status=Response.Status.SUBMITTED)
        .order_by("response_id", "id")
        .values_list(
            "response_id", "question_id", "matrix_row_id", "choice_id", "number", "text", "date"
        )
        .iterator(chunk_size=ANSWER_CHUNK)
    )
    pending = next(answers, None)
    width = len(plan.header)
    for response in responses:
        cells = _response_cells(response, identified, names) + [""] * (width - plan.fixed)
        while pending is not None and pending[0] < response[0]:
            pending = next(answers, None)  # answers of responses submitted after we started
        while pending is not None and pending[0] == response[0]:
            _, question_id, row_id, choice_id, number, text, day = pending
            key = cat.key_of_question.get(question_id)
            kind = kinds.get(key)
            if kind in (Kind.MULTIPLE, Kind.RANKING) and choice_id is not None:
                column = plan.per_option.get((key, cat.value_of_choice[choice_id]))
                if column is not None:
                    cells[column] = _number(number) if kind == Kind.RANKING else 1
            elif kind == Kind.MATRIX and row_id is not None:
                column = plan.per_row.get((key, cat.key_of_row[row_id]))
                if column is not None:
                    cells[column] = _number(number)
            elif key in plan.single:
                if choice_id is not None:
                    value = cat.value_of_choice[choice_id]
                    cells[plan.single[key]] = labels.get((key, value), value)
                elif number is not None:
                    cells[plan.single[key]] = _number(number)
                elif day is not None:
                    cells[plan.single[key]] = day.isoformat()
                else:
                    cells[plan.single[key]] = text or ""
            pending = next(answers, None)
        yield [safe_cell(cell) for cell in cells]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_stream(rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow(row))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def raw_csv_response(survey: Survey) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_stream(raw_rows(survey)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-responses.csv"'
    return response


def write_xlsx(rows: Iterator[list[Any]], sheet: str, target: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    for row in rows:
        worksheet.append([xlsx_cell(cell) for cell in row])
    workbook.save(target)


def raw_xlsx_response(survey: Survey) -> FileResponse:
    # The temporary file is deleted when the response closes it.
    target = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_xlsx(raw_rows(survey), _("Responses"), target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"survey-{survey.pk}-responses.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
