"""Writes of the indicators app: manual indicators, their values and the CSV import."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.errors import duplicate_error
from kuulu.core.numbers import ascii_digits
from kuulu.indicators.catalogue import BUILTIN_BY_CODE
from kuulu.indicators.models import PERSONS_MAX, ManualIndicator, ManualValue
from kuulu.indicators.types import Period
from kuulu.organisation.models import County, Unit

INDICATOR_FIELDS = (
    "code",
    "name_fi",
    "name_sv",
    "name_en",
    "definition_fi",
    "definition_sv",
    "definition_en",
    "unit",
    "perspective",
    "direction",
    "min_value",
    "max_value",
    "counts_persons",
    "is_active",
)
IMPORT_COLUMNS = ("indicator", "period", "value", "unit", "persons", "source")
_PERIOD = re.compile(r"^\s*(\d{4})\s*(?:[-/ ]?\s*[QqKk]\s*([1-4]))?\s*$")


@transaction.atomic
def save_manual_indicator(
    *,
    county: County,
    data: dict[str, Any],
    actor: Any,
    request: HttpRequest | None = None,
    indicator: ManualIndicator | None = None,
) -> ManualIndicator:
    """Create (indicator None) or update a manual indicator from the form's cleaned data."""
    code = data.get("code", indicator.code if indicator else "")
    if code in BUILTIN_BY_CODE:
        raise ValidationError({"code": _("A built-in indicator already has this code.")})
    clash = ManualIndicator.objects.filter(county=county, code=code)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise duplicate_error("code", _("Another manual indicator already has this code."))
    low, high = data.get("min_value"), data.get("max_value")
    if low is not None and high is not None and low > high:
        raise ValidationError(
            {"max_value": _("The largest allowed value cannot be below the smallest.")}
        )
    created = indicator is None
    if indicator is None:
        indicator = ManualIndicator(county=county)
    changed = [f for f in INDICATOR_FIELDS if f in data]
    for field in changed:
        setattr(indicator, field, data[field])
    indicator.full_clean(exclude=["county"])
    try:
        with transaction.atomic():
            indicator.save()
    except IntegrityError as exc:
        # A parallel request (a double-clicked Save) took the code after the check above.
        if not clash.exists():
            raise
        raise duplicate_error("code", _("Another manual indicator already has this code.")) from exc
    record_event(
        action="create" if created else "update",
        obj=indicator,
        actor=actor,
        request=request,
        summary="manual indicator saved",
        changed_fields=changed,
    )
    return indicator


def parse_period(text: str) -> Period:
    """ "2025" is the year, "2025 Q1" (also 2025Q1, 2025-Q1, 2025 K1) a quarter."""
    match = _PERIOD.match(text or "")
    if not match:
        raise ValidationError(_("Write the period as a year (2025) or a quarter (2025 Q1)."))
    year = int(match.group(1))
    if not 1990 <= year <= 2100:
        raise ValidationError(_("The year must be between 1990 and 2100."))
    return Period.quarter(year, int(match.group(2))) if match.group(2) else Period.year(year)


def parse_number(text: str) -> Decimal:
    """A number with a decimal point or comma ("45,3"), spaces allowed as thousands separators."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number."))
    return number


def _too_many_persons() -> str:
    return _("Enter a whole number of at most %(max)s.") % {
        "max": number_format(PERSONS_MAX, force_grouping=True)
    }


def parse_persons(text: str) -> int:
    """A number of persons: plain digits, at most what the column holds (PERSONS_MAX)."""
    if not ascii_digits(text or ""):
        raise ValidationError(_("Enter a whole number of 0 or more."))
    persons = int(text)
    if persons > PERSONS_MAX:
        raise ValidationError(_too_many_persons())
    return persons


def _plain(number: Decimal) -> str:
    return format(Decimal(number).normalize(), "f")


def check_value(indicator: ManualIndicator, value: Decimal) -> None:
    """Raise a ValidationError (field "value") when the value is outside the allowed range."""
    if indicator.min_value is not None and value < indicator.min_value:
        raise ValidationError(
            {
                "value": _("The value must be at least %(min)s.")
                % {"min": _plain(indicator.min_value)}
            }
        )
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValidationError(
            {
                "value": _("The value must be at most %(max)s.")
                % {"max": _plain(indicator.max_value)}
            }
        )
    if value.as_tuple().exponent < -2 or abs(value) >= Decimal("1e12"):  # type: ignore[operator]
        raise ValidationError({"value": _("Use at most two decimals and twelve digits.")})


def _upsert(
    indicator: ManualIndicator,
    period: Period,
    unit: Unit | None,
    value: Decimal,
    persons: int | None,
    source_note: str,
    actor: Any,
) -> ManualValue:
    row, _created = ManualValue.objects.update_or_create(
        indicator=indicator,
        period_start=period.start,
        period_end=period.end,
        unit=unit,
        defaults={
            "value": value,
            "persons": persons,
            "source_note": source_note,
            "entered_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    return row


@transaction.atomic
def set_manual_value(
    *,
    indicator: ManualIndicator,
    period: Period,
    value: Decimal,
    unit: Unit | None = None,
    persons: int | None = None,
    source_note: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> ManualValue:
    """Enter (or replace) the value of a manual indicator for a period, county-wide or for a
    unit of the same county."""
    check_value(indicator, value)
    if unit is not None and unit.county_id != indicator.county_id:
        raise ValidationError({"unit": _("Choose a unit of the county.")})
    if persons is not None and persons < 0:
        raise ValidationError({"persons": _("The number of persons cannot be negative.")})
    if persons is not None and persons > PERSONS_MAX:
        raise ValidationError({"persons": _too_many_persons()})
    row = _upsert(indicator, period, unit, value, persons, source_note, actor)
    record_event(
        action="update", obj=row, actor=actor, request=request, summary="manual value entered"
    )
    return row


@transaction.atomic
def delete_manual_value(
    *, value: ManualValue, actor: Any, request: HttpRequest | None = None
) -> None:
    record_event(
        action="delete", obj=value, actor=actor, request=request, summary="manual value deleted"
    )
    value.delete()


@dataclass(frozen=True)
class ImportProblem:
    row: int  # the line in the file (the header is line 1)
    column: str
    message: str


class ManualImportError(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def _read_rows(text: str) -> tuple[list[str], list[list[str]]]:
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            rows.append(row)
    except csv.Error:
        # A quotation mark left open makes the rest of the file one field, which the csv module
        # refuses past its field size limit (128 KB): the line where that row starts.
        message = _(
            "The line cannot be read: a quotation mark is left open or a field is too long."
        )
        raise ManualImportError([ImportProblem(len(rows) + 1, "", message)]) from None
    if not rows:
        return [], []
    return [h.strip().lower() for h in rows[0]], rows[1:]


def import_manual_values(
    *, county: County, text: str, actor: Any, request: HttpRequest | None = None
) -> int:
    """Import values from CSV (columns: indicator, period, value, and optionally unit,
    persons, source; comma or semicolon separated). Every bad row and column is listed in a
    ManualImportError and then nothing is imported. Returns the number of values saved."""
    header, rows = _read_rows(text)
    problems: list[ImportProblem] = []
    missing = [c for c in ("indicator", "period", "value") if c not in header]
    for column in missing:
        problems.append(ImportProblem(1, column, _("The column is missing.")))
    unknown = [h for h in header if h and h not in IMPORT_COLUMNS]
    for column in unknown:
        problems.append(ImportProblem(1, column, _("Unknown column.")))
    if not rows and not problems:
        problems.append(ImportProblem(1, "", _("The file has no rows.")))
    if problems:
        raise ManualImportError(problems)
    indicators = {m.code: m for m in ManualIndicator.objects.filter(county=county)}
    units = {u.code: u for u in Unit.objects.filter(county=county)}
    parsed = []
    seen: dict[tuple, int] = {}
    for line, raw in enumerate(rows, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {h: (raw[i].strip() if i < len(raw) else "") for i, h in enumerate(header)}
        row_problems: list[ImportProblem] = []
        indicator = indicators.get(cells.get("indicator", ""))
        if indicator is None:
            row_problems.append(
                ImportProblem(line, "indicator", _("No manual indicator has this code."))
            )
        period = value = unit = persons = None
        try:
            period = parse_period(cells.get("period", ""))
        except ValidationError as exc:
            row_problems.append(ImportProblem(line, "period", exc.messages[0]))
        try:
            value = parse_number(cells.get("value", ""))
            if indicator is not None:
                check_value(indicator, value)
        except ValidationError as exc:
            row_problems.append(ImportProblem(line, "value", exc.messages[0]))
        if cells.get("unit"):
            unit = units.get(cells["unit"])
            if unit is None:
                row_problems.append(ImportProblem(line, "unit", _("No unit has this code.")))
        if cells.get("persons"):
            try:
                persons = parse_persons(cells["persons"])
            except ValidationError as exc:
                row_problems.append(ImportProblem(line, "persons", exc.messages[0]))
        if len(cells.get("source", "")) > 300:
            row_problems.append(ImportProblem(line, "source", _("At most 300 characters.")))
        if not row_problems:
            key = (indicator.pk, period, unit.pk if unit else None)  # type: ignore[union-attr]
            if key in seen:
                row_problems.append(
                    ImportProblem(
                        line,
                        "period",
                        _("The same value is also on line %(line)s.") % {"line": seen[key]},
                    )
                )
            seen[key] = line
        problems.extend(row_problems)
        if not row_problems:
            parsed.append((indicator, period, unit, value, persons, cells.get("source", "")))
    if problems:
        raise ManualImportError(problems)
    with transaction.atomic():
        for indicator, period, unit, value, persons, source in parsed:
            _upsert(indicator, period, unit, value, persons, source, actor)  # type: ignore[arg-type]
        record_event(
            action="create",
            object_type="indicators.manualvalue",
            actor=actor,
            request=request,
            summary=f"{len(parsed)} manual values imported",
        )
    return len(parsed)
