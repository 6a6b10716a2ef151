"""Reading the HR system's monthly work-ability file (format: docs/WORK_ABILITY_CSV.md).

No database here: `read_file` turns the bytes into checked rows or a list of problems, each
with its line and column, in the active language. Unit codes and months already stored are
checked by `services.import_figures`, which knows the county.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from kuulu.core.numbers import ascii_digits

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 100_000
MAX_ABSENCE_RATE = Decimal(365)
# A count's 12-month sum is stored in an integer column (MonthlyFigures.window_*), which on
# PostgreSQL holds at most 2,147,483,647: twelve of these fit, and no unit is near it.
MAX_COUNT = 99_999_999

COLUMNS = (
    "unit",
    "month",
    "headcount",
    "person_years",
    "sickness_absence_days_per_person_year",
    "short_absences",
    "work_accidents",
    "early_support_discussions",
    "disability_pension_decisions",
    "leavers",
)
COUNTS = (
    "short_absences",
    "work_accidents",
    "early_support_discussions",
    "disability_pension_decisions",
    "leavers",
)
# Finnish headings Excel users type; each maps to the column above.
ALIASES = {
    "yksikkö": "unit",
    "yksikko": "unit",
    "kuukausi": "month",
    "henkilöstömäärä": "headcount",
    "henkilostomaara": "headcount",
    "henkilötyövuodet": "person_years",
    "henkilotyovuodet": "person_years",
    "htv": "person_years",
    "sairauspoissaolopäivät_per_htv": "sickness_absence_days_per_person_year",
    "sairauspoissaolopaivat_per_htv": "sickness_absence_days_per_person_year",
    "lyhyet_poissaolot": "short_absences",
    "työtapaturmat": "work_accidents",
    "tyotapaturmat": "work_accidents",
    "varhaisen_tuen_keskustelut": "early_support_discussions",
    "työkyvyttömyyseläkepäätökset": "disability_pension_decisions",
    "tyokyvyttomyyselakepaatokset": "disability_pension_decisions",
    "lähtijät": "leavers",
    "lahtijat": "leavers",
}
MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})[/.](\d{4})$")


@dataclass(frozen=True)
class Problem:
    line: int  # the line in the file; the heading is line 1
    column: str
    message: str


@dataclass(frozen=True)
class Row:
    line: int
    unit: str
    month: date
    headcount: int
    person_years: Decimal
    sickness_absence_days_per_person_year: Decimal
    short_absences: int
    work_accidents: int
    early_support_discussions: int
    disability_pension_decisions: int
    leavers: int


class FileProblems(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def decode(data: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252, the
    encoding of Finnish Excel's plain "CSV (semicolon separated)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","


def parse_month(text: str) -> date:
    match = MONTH.match(text.strip())
    if not match:
        raise ValueError(_("Write the month as YYYY-MM, for example 2026-03."))
    year, month = (match.group(1), match.group(2)) if match.group(1) else match.group(4, 3)
    year_n, month_n = int(year), int(month)
    if not 1 <= month_n <= 12 or not 2000 <= year_n <= 2100:
        raise ValueError(_("There is no such month."))
    return date(year_n, month_n, 1)


def parse_decimal(text: str) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        raise ValueError(_("The value is missing."))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(_("Enter a number, for example 12,5.")) from None
    if not value.is_finite():
        raise ValueError(_("Enter a number, for example 12,5."))
    if value < 0:
        raise ValueError(_("The value cannot be negative."))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_("Use at most two decimals."))
    if value >= Decimal("10000000"):
        raise ValueError(_("The value is too large."))
    return value


def parse_count(text: str) -> int:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        raise ValueError(_("The value is missing."))
    if cleaned.startswith("-") and ascii_digits(cleaned[1:]):
        raise ValueError(_("The value cannot be negative."))
    if not ascii_digits(cleaned):
        raise ValueError(_("Enter a whole number, for example 3."))
    if len(cleaned) > 9 or int(cleaned) > MAX_COUNT:
        raise ValueError(_("The value is too large."))
    return int(cleaned)


def read_file(data: bytes) -> list[Row]:
    """The file's rows, checked one by one; every problem of every row at once."""
    parsed = read_rows(data)
    if parsed.problems:
        raise FileProblems(parsed.problems)
    return parsed.rows


@dataclass(frozen=True)
class Parsed:
    rows: list[Row]
    problems: list[Problem]
    units_of_bad_rows: list[tuple[int, str]]  # (line, unit cell) of rows with problems


def read_rows(data: bytes) -> Parsed:
    """The good rows and the problems of the bad ones. Problems with the file as a whole (its
    size, encoding, columns) are raised at once in FileProblems."""
    if len(data) > MAX_BYTES:
        raise FileProblems([Problem(0, "", _("The file is larger than 5 MB."))])
    text = decode(data)
    # Empty rows are skipped, also before the heading (an export may start with one).
    first = next((line for line in text.splitlines() if line.strip(" \t;,")), None)
    if first is None:
        raise FileProblems([Problem(1, "", _("The file is empty."))])
    # newline="": the csv module reads every line ending itself, also the lone carriage
    # return of Excel for Mac's "CSV (Macintosh)", which it refuses in a translated stream.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    records = _records(reader)
    found = next((r for r in records if any(cell.strip() for cell in r[1])), None)
    if found is None:  # only empty cells, e.g. quoted ones
        raise FileProblems([Problem(1, "", _("The file is empty."))])
    heading, raw_header = found
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in raw_header]
    problems: list[Problem] = []
    for column in COLUMNS:
        if column not in header:
            problems.append(Problem(heading, column, _("The column is missing.")))
    for column in header:
        if column and column not in COLUMNS:
            problems.append(Problem(heading, column, _("Unknown column.")))
    if len(set(header)) != len(header):
        problems.append(Problem(heading, "", _("A column appears twice.")))
    if problems:
        raise FileProblems(problems)
    rows: list[Row] = []
    bad_units: list[tuple[int, str]] = []
    count = 0  # rows with content, good or bad: bad ones cost as much, and each is listed
    for line, raw in records:
        if not any(cell.strip() for cell in raw):
            continue
        count += 1
        if count > MAX_ROWS:
            raise FileProblems([Problem(line, "", _("The file has more than 100,000 rows."))])
        row, row_problems = _row(line, header, raw)
        problems += row_problems
        if row is not None:
            rows.append(row)
        elif len(raw) == len(header):
            bad_units.append((line, raw[header.index("unit")].strip()))
    if not rows and not problems:
        raise FileProblems([Problem(1, "", _("The file has no rows."))])
    return Parsed(rows, problems, bad_units)


def _records(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """The rows of `reader` (a csv reader) with the line each starts on. A row the csv module
    cannot read (a quotation mark that opens a cell and never closes makes the rest of the
    file one cell, longer than the module takes) is a problem of the file, not a crash."""
    line = 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise FileProblems(
                [
                    Problem(
                        line,
                        "",
                        _(
                            "The file cannot be read from this line on: a quotation mark "
                            "opens a cell that does not end. Remove the quotation mark or "
                            "close it."
                        ),
                    )
                ]
            ) from None
        yield line, raw
        line = reader.line_num + 1  # type: ignore[attr-defined]


def _row(line: int, header: list[str], raw: list[str]) -> tuple[Row | None, list[Problem]]:
    problems: list[Problem] = []
    if len(raw) != len(header):
        return None, [
            Problem(
                line,
                "",
                _("The row has %(found)s cells; the heading has %(expected)s.")
                % {"found": len(raw), "expected": len(header)},
            )
        ]
    cells = {h: raw[i].strip() for i, h in enumerate(header)}
    values: dict[str, object] = {}
    if not cells["unit"]:
        problems.append(Problem(line, "unit", _("The unit code is missing.")))
    values["unit"] = cells["unit"]
    parsers = {
        "month": parse_month,
        "headcount": parse_count,
        "person_years": parse_decimal,
        "sickness_absence_days_per_person_year": parse_decimal,
        **dict.fromkeys(COUNTS, parse_count),
    }
    for column, parser in parsers.items():
        try:
            values[column] = parser(cells[column])
        except ValueError as exc:
            problems.append(Problem(line, column, str(exc)))
    if problems:
        return None, problems
    # Values that cannot all be true at once.
    headcount: int = values["headcount"]  # type: ignore[assignment]
    person_years: Decimal = values["person_years"]  # type: ignore[assignment]
    rate: Decimal = values["sickness_absence_days_per_person_year"]  # type: ignore[assignment]
    if rate > MAX_ABSENCE_RATE:
        problems.append(
            Problem(
                line,
                "sickness_absence_days_per_person_year",
                _("A person-year has at most 365 days of absence."),
            )
        )
    if headcount == 0:
        others = ["person_years", "sickness_absence_days_per_person_year", *COUNTS]
        if any(values[c] for c in others if c != "leavers"):
            problems.append(
                Problem(
                    line,
                    "headcount",
                    _("The headcount is 0, but the row has other figures than leavers."),
                )
            )
    elif person_years == 0:
        problems.append(
            Problem(line, "person_years", _("The unit has staff, so person-years cannot be 0."))
        )
    month: date = values["month"]  # type: ignore[assignment]
    days = 31 if month.month in (1, 3, 5, 7, 8, 10, 12) else 30
    if headcount and values["short_absences"] > headcount * days:  # type: ignore[operator]
        problems.append(
            Problem(
                line,
                "short_absences",
                _("More short absences than the unit's staff have days in the month."),
            )
        )
    if values["disability_pension_decisions"] > headcount + values["leavers"]:  # type: ignore[operator]
        problems.append(
            Problem(
                line,
                "disability_pension_decisions",
                _("More disability-pension decisions than the unit has staff."),
            )
        )
    if problems:
        return None, problems
    return Row(line=line, **values), []  # type: ignore[arg-type]
