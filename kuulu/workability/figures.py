"""Combining monthly work-ability totals into the figures shown, with suppression.

Pure Python, no Django. The database sums each month over a unit subtree (`MonthTotals`);
here those sums become rolling 12-month figures, so a month's point compares with the year's
goal: absence days per person-year weighted by person-years (total days over total
person-years, never an average of the units' averages), counts summed over the 12 months,
turnover as leavers over the window's average headcount, and the month-end headcount.

A point is suppressed when any month in its window had fewer than `min_persons` staff: a
figure of a group that small could point at a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MIN_PERSONS = 5
WINDOW = 12

FIGURES = (
    "sickness_absence",
    "short_absences",
    "work_accidents",
    "early_support",
    "disability_pensions",
    "turnover",
    "headcount",
)
# Figures where less is better (the goal is a ceiling); for the others (early support) it is
# a floor, and headcount has no direction.
LOWER_IS_BETTER = frozenset(
    {"sickness_absence", "short_absences", "work_accidents", "disability_pensions", "turnover"}
)


@dataclass(frozen=True)
class MonthTotals:
    """The sums of one month over a set of units."""

    month: date
    headcount: int
    person_years: Decimal
    absence_weighted: Decimal  # sum of (absence days per person-year x person-years)
    short_absences: int
    work_accidents: int
    early_support: int
    disability_pensions: int
    leavers: int

    def __add__(self, other: MonthTotals) -> MonthTotals:
        return MonthTotals(
            month=self.month,
            headcount=self.headcount + other.headcount,
            person_years=self.person_years + other.person_years,
            absence_weighted=self.absence_weighted + other.absence_weighted,
            short_absences=self.short_absences + other.short_absences,
            work_accidents=self.work_accidents + other.work_accidents,
            early_support=self.early_support + other.early_support,
            disability_pensions=self.disability_pensions + other.disability_pensions,
            leavers=self.leavers + other.leavers,
        )


@dataclass(frozen=True)
class Point:
    """The figures at one month: None where there are no data; all None when suppressed."""

    month: date
    suppressed: bool
    values: dict[str, Decimal | None] = field(default_factory=dict)
    months_in_window: int = 0


def month_add(month: date, delta: int) -> date:
    index = month.year * 12 + month.month - 1 + delta
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    out = []
    current = first
    while current <= last:
        out.append(current)
        current = month_add(current, 1)
    return out


def _q(value: Decimal, places: str = "0.1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def point_at(
    by_month: dict[date, MonthTotals], month: date, min_persons: int = MIN_PERSONS
) -> Point:
    window = [by_month[m] for m in (month_add(month, -i) for i in range(WINDOW)) if m in by_month]
    current = by_month.get(month)
    if current is None or not window:
        return Point(month, False, dict.fromkeys(FIGURES), len(window))
    if any(t.headcount < min_persons for t in window):
        return Point(month, True, dict.fromkeys(FIGURES), len(window))
    person_years = sum((t.person_years for t in window), Decimal(0))
    average_headcount = Decimal(sum(t.headcount for t in window)) / len(window)
    values: dict[str, Decimal | None] = {
        "sickness_absence": _q(sum((t.absence_weighted for t in window), Decimal(0)) / person_years)
        if person_years
        else None,
        "short_absences": Decimal(sum(t.short_absences for t in window)),
        "work_accidents": Decimal(sum(t.work_accidents for t in window)),
        "early_support": Decimal(sum(t.early_support for t in window)),
        "disability_pensions": Decimal(sum(t.disability_pensions for t in window)),
        "turnover": _q(Decimal(100) * sum(t.leavers for t in window) / average_headcount)
        if average_headcount
        else None,
        "headcount": Decimal(current.headcount),
    }
    return Point(month, False, values, len(window))


def series(
    totals: Iterable[MonthTotals], months: Sequence[date], min_persons: int = MIN_PERSONS
) -> list[Point]:
    """One point per month in `months` (totals should reach 11 months further back)."""
    by_month = {t.month: t for t in totals}
    return [point_at(by_month, m, min_persons) for m in months]


def combine(groups: Iterable[Iterable[MonthTotals]]) -> list[MonthTotals]:
    """Month by month sums over several sets of units (e.g. the units of a subtree)."""
    out: dict[date, MonthTotals] = {}
    for totals in groups:
        for t in totals:
            out[t.month] = out[t.month] + t if t.month in out else t
    return [out[m] for m in sorted(out)]


def meets_goal(figure: str, value: Decimal | None, goal: Decimal | None) -> bool | None:
    if value is None or goal is None or figure == "headcount":
        return None
    return value <= goal if figure in LOWER_IS_BETTER else value >= goal


def complementary_suppression(
    sizes: dict[str, int | None], min_persons: int = MIN_PERSONS
) -> set[str]:
    """Rows to hide in a table whose total is shown elsewhere: those under `min_persons`, and
    then, while the hidden rows together hold fewer than `min_persons`, the smallest shown row
    too (ties by key), so that the total less the shown rows only ever tells about a group of at
    least `min_persons`. A size of None is a row with no data (never hidden, never counted)."""
    hidden = {k for k, n in sizes.items() if n is not None and n < min_persons}
    if not hidden:
        return hidden
    shown = sorted((n, k) for k, n in sizes.items() if n is not None and k not in hidden)
    held = sum(sizes[k] or 0 for k in hidden)
    while shown and held < min_persons:
        n, k = shown.pop(0)
        hidden.add(k)
        held += n
    return hidden


def window_sizes(rows: dict[str, dict[date, MonthTotals]], month: date) -> dict[str, int | None]:
    """Each row's size for suppression at `month`: its smallest headcount in the 12-month
    window ending at `month`, as `point_at` judges it; None when it has no month there."""
    window = [month_add(month, -i) for i in range(WINDOW)]
    sizes: dict[str, int | None] = {}
    for key, by_month in rows.items():
        counts = [by_month[m].headcount for m in window if m in by_month]
        sizes[key] = min(counts) if counts else None
    return sizes


def hidden_months(
    rows: dict[str, dict[date, MonthTotals]],
    key: str,
    months: Iterable[date],
    min_persons: int = MIN_PERSONS,
) -> set[date]:
    """The months in which row `key` of a table of rows (a parent's units side by side, whose
    total is shown elsewhere) is hidden by `complementary_suppression`. Its own figures must
    then be hidden everywhere else too, or subtracting them from the total gives the figures of
    the small group the suppression protects."""
    return {
        m for m in months if key in complementary_suppression(window_sizes(rows, m), min_persons)
    }
