"""Building work-ability data the way the product does: through the HR file import."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from kuulu.organisation.models import County, Unit
from kuulu.workability import services
from kuulu.workability.figures import month_add
from kuulu.workability.models import FigureImport

HEADER = (
    "unit;month;headcount;person_years;sickness_absence_days_per_person_year;short_absences;"
    "work_accidents;early_support_discussions;disability_pension_decisions;leavers"
)


def csv_row(unit: str, month: str, *values: Any) -> str:
    return ";".join([unit, month, *(str(v) for v in values)])


def year_of(unit: str, last: str, *values: Any) -> list[str]:
    """The same figures for each of the 12 months to `last` ("2026-01"): a unit is counted in a
    month's figures only when it reported all 12 months ending there."""
    end = date.fromisoformat(f"{last}-01")
    return [csv_row(unit, f"{month_add(end, -i):%Y-%m}", *values) for i in range(11, -1, -1)]


def monthly_file(
    units: list[Unit],
    *,
    first: date,
    months: int,
    headcount: int = 10,
    person_years: str = "9,5",
    rate: str = "12,0",
    counts: tuple[int, int, int, int, int] = (2, 0, 1, 0, 0),
) -> bytes:
    lines = [HEADER]
    for unit in units:
        for i in range(months):
            m = month_add(first, i)
            lines.append(csv_row(unit.code, f"{m:%Y-%m}", headcount, person_years, rate, *counts))
    return ("\n".join(lines) + "\n").encode("utf-8")


def import_rows(county: County, *rows: str, replace: bool = False) -> FigureImport:
    data = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    return services.import_figures(county=county, data=data, replace=replace)


def dec(text: str) -> Decimal:
    return Decimal(text)
