"""The programme as an Excel workbook: export (one sheet per level) and import.

The import fills a draft programme from a workbook with the export's sheets and columns,
replacing its perspectives, goals, indicators and measures. It is all or nothing: every row is
checked first (a dry run that lists every error by sheet, row and column) and only a workbook
without errors is written, inside the same transaction.

Columns (row 1 holds these keys; the order does not matter):
- Perspectives: ref, kind, title_fi, title_sv, title_en
- Goals: ref, perspective_ref, title_fi, title_sv, title_en, description_fi, description_sv,
  description_en
- Indicators: goal_ref, code, baseline, baseline_year, target, target_year
- Measures: ref, goal_ref, title_fi, title_sv, title_en, description_fi, description_sv,
  description_en, responsible_unit (unit code), responsible_person (email), starts_on, due_on
  (YYYY-MM-DD), hours, status (planned, in_progress, done, delayed, cancelled)
- Follow-ups (export only): measure_ref, year, quarter, status, note, evidence_links
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.core.spreadsheets import xlsx_cell
from kuulu.indicators.types import Perspective as PerspectiveKind
from kuulu.organisation.models import Person, Unit
from kuulu.programme import selectors, structure
from kuulu.programme.models import (
    Goal,
    GoalIndicator,
    Measure,
    MeasureStatus,
    ParticipationProgramme,
    ProgrammePerspective,
)

LANGS = ("fi", "sv", "en")
PERSPECTIVES = "Perspectives"
GOALS = "Goals"
INDICATORS = "Indicators"
MEASURES = "Measures"
FOLLOW_UPS = "Follow-ups"

COLUMNS: dict[str, tuple[str, ...]] = {
    PERSPECTIVES: ("ref", "kind", "title_fi", "title_sv", "title_en"),
    GOALS: (
        "ref",
        "perspective_ref",
        "title_fi",
        "title_sv",
        "title_en",
        "description_fi",
        "description_sv",
        "description_en",
    ),
    INDICATORS: ("goal_ref", "code", "baseline", "baseline_year", "target", "target_year"),
    MEASURES: (
        "ref",
        "goal_ref",
        "title_fi",
        "title_sv",
        "title_en",
        "description_fi",
        "description_sv",
        "description_en",
        "responsible_unit",
        "responsible_person",
        "starts_on",
        "due_on",
        "hours",
        "status",
    ),
    FOLLOW_UPS: ("measure_ref", "year", "quarter", "status", "note", "evidence_links"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    PERSPECTIVES: ("ref", "title_fi"),
    GOALS: ("ref", "perspective_ref", "title_fi"),
    INDICATORS: ("goal_ref", "code", "target", "target_year"),
    MEASURES: ("ref", "goal_ref", "title_fi"),
}
MAX_ROWS = 2000


# --- Export -----------------------------------------------------------------------------------


def export_rows(programme: ParticipationProgramme) -> dict[str, list[list[Any]]]:
    """The rows of each sheet (without the header), from the tree in five queries."""
    sheets: dict[str, list[list[Any]]] = {name: [] for name in COLUMNS}
    for p_index, perspective in enumerate(
        selectors.programme_tree(programme, with_people=True), start=1
    ):
        p_ref = f"P{p_index}"
        sheets[PERSPECTIVES].append(
            [
                p_ref,
                perspective.kind,
                *(getattr(perspective, f"title_{code}") or "" for code in LANGS),
            ]
        )
        for g_index, goal in enumerate(perspective.goals.all(), start=1):
            g_ref = f"{p_ref}.G{g_index}"
            sheets[GOALS].append(
                [
                    g_ref,
                    p_ref,
                    *(getattr(goal, f"title_{code}") or "" for code in LANGS),
                    *(getattr(goal, f"description_{code}") or "" for code in LANGS),
                ]
            )
            for indicator in goal.indicators.all():
                sheets[INDICATORS].append(
                    [
                        g_ref,
                        indicator.code,
                        indicator.baseline,
                        indicator.baseline_year,
                        indicator.target,
                        indicator.target_year,
                    ]
                )
            for m_index, measure in enumerate(goal.measures.all(), start=1):
                m_ref = f"{g_ref}.M{m_index}"
                sheets[MEASURES].append(
                    [
                        m_ref,
                        g_ref,
                        *(getattr(measure, f"title_{code}") or "" for code in LANGS),
                        *(getattr(measure, f"description_{code}") or "" for code in LANGS),
                        measure.responsible_unit.code if measure.responsible_unit else "",
                        measure.responsible_person.email if measure.responsible_person else "",
                        measure.starts_on.isoformat() if measure.starts_on else "",
                        measure.due_on.isoformat() if measure.due_on else "",
                        measure.hours,
                        measure.status,
                    ]
                )
                for entry in measure.follow_ups.all():
                    sheets[FOLLOW_UPS].append(
                        [
                            m_ref,
                            entry.year,
                            entry.quarter,
                            entry.status,
                            entry.note,
                            entry.evidence_links,
                        ]
                    )
    return sheets


def export_workbook(programme: ParticipationProgramme) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, rows in export_rows(programme).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(COLUMNS[name]))
        for row in rows:
            sheet.append([xlsx_cell(v) for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Import -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@dataclass
class ImportResult:
    perspectives: int = 0
    goals: int = 0
    indicators: int = 0
    measures: int = 0


@dataclass
class _Plan:
    perspectives: list[dict[str, Any]] = field(default_factory=list)
    goals: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Our own export guards formula-like text with an apostrophe; take it off again.
    if text.startswith("'") and text[1:2] in ("=", "+", "-", "@"):
        text = text[1:]
    return text


class _CellError(Exception):
    pass


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _CellError(_("Give a number."))
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
            number = float(text)
    except (ValueError, OverflowError) as exc:
        raise _CellError(_("Give a number.")) from exc
    # float() also reads "nan" and "inf", which no target or baseline can be.
    if not math.isfinite(number):
        raise _CellError(_("Give a number."))
    return number


def _integer(value: Any, low: int, high: int) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if not number.is_integer() or not low <= number <= high:
        raise _CellError(
            _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        )
    return int(number)


def _date(value: Any) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError as exc:
            raise _CellError(_("Give a date as YYYY-MM-DD.")) from exc
    if not year_in_range(day):
        raise _CellError(year_out_of_range_message())
    return day


def _rows(workbook: Any, sheet: str, errors: list[RowError]) -> Iterator[tuple[int, dict]]:
    """(row number, {column: value}) of the sheet's non-empty rows; header problems go to
    `errors`."""
    if sheet not in workbook.sheetnames:
        if sheet in REQUIRED and sheet != INDICATORS:
            errors.append(RowError(sheet, 1, "", _("The workbook has no sheet with this name.")))
        return
    rows = workbook[sheet].iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    missing = [c for c in REQUIRED.get(sheet, ()) if c not in header]
    for column in missing:
        errors.append(RowError(sheet, 1, column, _("This column is missing.")))
    if missing:
        return
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            errors.append(
                RowError(sheet, number, "", _("At most %(n)s rows per sheet.") % {"n": MAX_ROWS})
            )
            return
        if all(v is None or _text(v) == "" for v in values):
            continue
        yield number, {h: v for h, v in zip(header, values, strict=False) if h}


def _plan(workbook: Any, programme: ParticipationProgramme) -> tuple[_Plan, list[RowError]]:
    """Check every row; nothing is written here."""
    errors: list[RowError] = []
    plan = _Plan()
    county_id = programme.county_id

    def error(sheet: str, row: int, column: str, message: str) -> None:
        errors.append(RowError(sheet, row, column, str(message)))

    def texts(data: dict[str, Any], sheet: str, row: int) -> dict[str, str]:
        values = {}
        for column in COLUMNS[sheet]:
            if column.startswith(("title_", "description_")):
                values[column] = _text(data.get(column))
        limit = 300 if sheet != PERSPECTIVES else 200
        for column, value in values.items():
            if column.startswith("title_") and len(value) > limit:
                error(sheet, row, column, _("At most %(n)s characters.") % {"n": limit})
        return values

    def required(sheet: str, row: int, data: dict[str, Any]) -> bool:
        ok = True
        for column in REQUIRED[sheet]:
            if _text(data.get(column)) == "":
                error(sheet, row, column, _("This value is required."))
                ok = False
        return ok

    perspective_refs: set[str] = set()
    for row, data in _rows(workbook, PERSPECTIVES, errors):
        ok = required(PERSPECTIVES, row, data)
        ref = _text(data.get("ref"))
        if ref and ref in perspective_refs:
            error(PERSPECTIVES, row, "ref", _("This reference is used on an earlier row."))
            ok = False
        kind = _text(data.get("kind"))
        if kind and kind not in PerspectiveKind.__members__.values():
            error(
                PERSPECTIVES,
                row,
                "kind",
                _("Leave empty or use one of: %(values)s.")
                % {"values": ", ".join(p.value for p in PerspectiveKind)},
            )
            ok = False
        values = texts(data, PERSPECTIVES, row)
        if ok:
            perspective_refs.add(ref)
            plan.perspectives.append({"ref": ref, "kind": kind, **values})

    goal_refs: set[str] = set()
    for row, data in _rows(workbook, GOALS, errors):
        ok = required(GOALS, row, data)
        ref, parent = _text(data.get("ref")), _text(data.get("perspective_ref"))
        if ref and ref in goal_refs:
            error(GOALS, row, "ref", _("This reference is used on an earlier row."))
            ok = False
        if parent and parent not in perspective_refs:
            error(GOALS, row, "perspective_ref", _("No perspective has this reference."))
            ok = False
        values = texts(data, GOALS, row)
        if ok:
            goal_refs.add(ref)
            plan.goals.append({"ref": ref, "perspective_ref": parent, **values})

    catalogue = structure.indicator_codes(county_id=county_id)
    seen_indicators: set[tuple[str, str]] = set()
    for row, data in _rows(workbook, INDICATORS, errors):
        ok = required(INDICATORS, row, data)
        parent = _text(data.get("goal_ref"))
        if parent and parent not in goal_refs:
            error(INDICATORS, row, "goal_ref", _("No goal has this reference."))
            ok = False
        values: dict[str, Any] = {"code": _text(data.get("code"))}
        for column, parse in (
            ("baseline", _number),
            ("target", _number),
            ("baseline_year", lambda v: _integer(v, 2000, 2100)),
            ("target_year", lambda v: _integer(v, 2000, 2100)),
        ):
            try:
                values[column] = parse(data.get(column))
            except _CellError as exc:
                error(INDICATORS, row, column, str(exc))
                ok = False
        if ok:
            for column, message in structure.check_indicator_values(
                values, county_id=county_id, codes=catalogue
            ).items():
                error(INDICATORS, row, column, message)
                ok = False
        if ok and (parent, values["code"]) in seen_indicators:
            error(INDICATORS, row, "code", _("This goal already has this indicator."))
            ok = False
        if ok:
            seen_indicators.add((parent, values["code"]))
            plan.indicators.append({"goal_ref": parent, **values})

    units = {u.code: u for u in Unit.objects.filter(county_id=county_id)}
    people = {
        p.email.lower(): p
        for p in Person.objects.filter(county_id=county_id, kind=Person.Kind.STAFF, is_active=True)
    }
    measure_refs: set[str] = set()
    for row, data in _rows(workbook, MEASURES, errors):
        ok = required(MEASURES, row, data)
        ref, parent = _text(data.get("ref")), _text(data.get("goal_ref"))
        if ref and ref in measure_refs:
            error(MEASURES, row, "ref", _("This reference is used on an earlier row."))
            ok = False
        if parent and parent not in goal_refs:
            error(MEASURES, row, "goal_ref", _("No goal has this reference."))
            ok = False
        values = texts(data, MEASURES, row)
        unit_code = _text(data.get("responsible_unit"))
        if unit_code and unit_code not in units:
            error(MEASURES, row, "responsible_unit", _("No unit of this county has this code."))
            ok = False
        email = _text(data.get("responsible_person")).lower()
        if email and email not in people:
            error(
                MEASURES,
                row,
                "responsible_person",
                _("No active staff member of this county has this email address."),
            )
            ok = False
        for column, parse in (
            ("starts_on", _date),
            ("due_on", _date),
            ("hours", lambda v: _integer(v, 0, 100000)),
        ):
            try:
                values[column] = parse(data.get(column))
            except _CellError as exc:
                error(MEASURES, row, column, str(exc))
                ok = False
        status = _text(data.get("status")) or MeasureStatus.PLANNED
        if status not in MeasureStatus.values:
            error(
                MEASURES,
                row,
                "status",
                _("Use one of: %(values)s.") % {"values": ", ".join(MeasureStatus.values)},
            )
            ok = False
        starts, due = values.get("starts_on"), values.get("due_on")
        if isinstance(starts, date) and isinstance(due, date) and due < starts:
            error(MEASURES, row, "due_on", _("The due date cannot be before the start."))
            ok = False
        if ok:
            measure_refs.add(ref)
            plan.measures.append(
                {
                    "ref": ref,
                    "goal_ref": parent,
                    **values,
                    "responsible_unit": units.get(unit_code),
                    "responsible_person": people.get(email),
                    "status": status,
                }
            )
    if not errors and not plan.perspectives:
        errors.append(RowError(PERSPECTIVES, 2, "", _("The workbook has no perspectives.")))
    return plan, errors


def _apply(programme: ParticipationProgramme, plan: _Plan) -> ImportResult:
    programme.perspectives.all().delete()
    perspectives: dict[str, ProgrammePerspective] = {}
    for position, row in enumerate(plan.perspectives):
        perspectives[row["ref"]] = ProgrammePerspective.objects.create(
            programme=programme,
            kind=row["kind"],
            position=position,
            **{f"title_{c}": row[f"title_{c}"] for c in LANGS},
        )
    goals: dict[str, Goal] = {}
    for position, row in enumerate(plan.goals):
        goals[row["ref"]] = Goal.objects.create(
            perspective=perspectives[row["perspective_ref"]],
            position=position,
            **{f"{f}_{c}": row[f"{f}_{c}"] for f in ("title", "description") for c in LANGS},
        )
    GoalIndicator.objects.bulk_create(
        GoalIndicator(
            goal=goals[row["goal_ref"]],
            **{k: row[k] for k in ("code", "baseline", "baseline_year", "target", "target_year")},
        )
        for row in plan.indicators
    )
    for position, row in enumerate(plan.measures):
        Measure.objects.create(
            goal=goals[row["goal_ref"]],
            position=position,
            responsible_unit=row["responsible_unit"],
            responsible_person=row["responsible_person"],
            starts_on=row["starts_on"],
            due_on=row["due_on"],
            hours=row["hours"],
            status=row["status"],
            **{f"{f}_{c}": row[f"{f}_{c}"] for f in ("title", "description") for c in LANGS},
        )
    return ImportResult(
        perspectives=len(plan.perspectives),
        goals=len(plan.goals),
        indicators=len(plan.indicators),
        measures=len(plan.measures),
    )


@transaction.atomic
def import_workbook(
    *,
    programme: ParticipationProgramme,
    file: IO[bytes],
    user: Any = None,
    request: HttpRequest | None = None,
) -> ImportResult:
    """Replace a draft programme's structure with the workbook's. Raises ImportFailed with
    every error (sheet, row, column, message) and writes nothing when any row is bad."""
    from openpyxl import load_workbook

    programme = ParticipationProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.is_approved:
        raise ValidationError(
            _(
                "An approved programme is not replaced by an import. Create a new draft "
                "programme and import into it."
            )
        )
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed(
            [RowError("", 0, "", _("The file could not be read as an Excel workbook (.xlsx)."))]
        ) from exc
    try:
        plan, errors = _plan(workbook, programme)
    finally:
        workbook.close()
    if errors:
        raise ImportFailed(errors)
    result = _apply(programme, plan)
    record_event(
        action="update",
        obj=programme,
        actor=user,
        request=request,
        summary="participation programme imported from a workbook",
    )
    return result


def error_rows(errors: Iterable[RowError]) -> list[RowError]:
    return sorted(
        errors,
        key=lambda e: (list(COLUMNS).index(e.sheet) if e.sheet in COLUMNS else -1, e.row, e.column),
    )
