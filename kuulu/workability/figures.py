"""Combining monthly work-ability figures into the figures shown, with suppression.

Pure Python, no Django. A month's point is the last 12 months, so that it compares with the
year's goal: absence days per person-year weighted by person-years (total days over total
person-years, never an average of the units' averages), counts summed over the 12 months,
turnover as leavers over the window's average headcount, and the month-end headcount.

**Only whole years count.** A unit is counted in a month's figure only when it reported every
one of the 12 months ending there (`unit_windows`); the figures of several units are sums of
such whole windows (`Window.__add__`). A window of fewer months would be compared with a
yearly goal as if it were a year, and consecutive windows of a unit that has just started (or
of a parent one of whose units has just started or stopped) differ by a single month, which
gives the months one by one: subtracted from a parent's, they would give back what the size
rule hides (tests/test_disclosure.py audits this).

A point is suppressed when its counted units had fewer than `min_persons` staff together in
a month of the window: a figure of a group that small could point at a person.
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
    """One unit's figures for one month, as the HR system reported them."""

    month: date
    headcount: int
    person_years: Decimal
    absence_weighted: Decimal  # absence days per person-year x person-years
    short_absences: int
    work_accidents: int
    early_support: int
    disability_pensions: int
    leavers: int


@dataclass(frozen=True)
class Window:
    """The 12 months ending at `month` of the units counted there, summed over those units.

    `units` is how many units are counted (each reported all 12 months); `reporting` how many
    reported the month itself, counted or not. `smallest` is the sum of each counted unit's
    smallest headcount in the window: at most the group's smallest month, so a rule on it
    suppresses at least whenever the same rule on the group's months would."""

    month: date
    units: int = 0
    reporting: int = 0
    smallest: int = 0
    headcount: int = 0  # the counted units' headcount in the month itself
    headcount_months: int = 0  # the counted units' headcounts summed over the 12 months
    person_years: Decimal = Decimal(0)
    absence_weighted: Decimal = Decimal(0)
    short_absences: int = 0
    work_accidents: int = 0
    early_support: int = 0
    disability_pensions: int = 0
    leavers: int = 0

    def __add__(self, other: Window) -> Window:
        return Window(
            month=self.month,
            units=self.units + other.units,
            reporting=self.reporting + other.reporting,
            smallest=self.smallest + other.smallest,
            headcount=self.headcount + other.headcount,
            headcount_months=self.headcount_months + other.headcount_months,
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
    """The figures at one month: None where there are no data; all None when suppressed or
    when no unit has 12 months of figures there (`incomplete`). `not_counted`: units that
    reported the month but not all 12 months of its window, left out of the figures."""

    month: date
    suppressed: bool
    values: dict[str, Decimal | None] = field(default_factory=dict)
    incomplete: bool = False
    not_counted: int = 0


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


def unit_windows(months: Iterable[MonthTotals]) -> dict[date, Window]:
    """One unit's window at each month it reported: the sums of the 12 months ending there
    when it reported all of them, else a window that counts no unit (`units` 0). A month
    missing from the HR files so leaves out the 12 windows that hold it."""
    by_month = {t.month: t for t in months}
    out: dict[date, Window] = {}
    for month, current in by_month.items():
        full = [t for i in range(WINDOW) if (t := by_month.get(month_add(month, -i)))]
        if len(full) < WINDOW:
            out[month] = Window(month=month, units=0, reporting=1)
            continue
        out[month] = Window(
            month=month,
            units=1,
            reporting=1,
            smallest=min(t.headcount for t in full),
            headcount=current.headcount,
            headcount_months=sum(t.headcount for t in full),
            person_years=sum((t.person_years for t in full), Decimal(0)),
            absence_weighted=sum((t.absence_weighted for t in full), Decimal(0)),
            short_absences=sum(t.short_absences for t in full),
            work_accidents=sum(t.work_accidents for t in full),
            early_support=sum(t.early_support for t in full),
            disability_pensions=sum(t.disability_pensions for t in full),
            leavers=sum(t.leavers for t in full),
        )
    return out


def point_at(window: Window | None, month: date, min_persons: int = MIN_PERSONS) -> Point:
    """The point of a month from the sum of the counted units' windows there."""
    if window is None or window.reporting == 0:
        return Point(month, False, dict.fromkeys(FIGURES))
    not_counted = window.reporting - window.units
    if window.units == 0:
        return Point(month, False, dict.fromkeys(FIGURES), True, not_counted)
    if window.smallest < min_persons:
        return Point(month, True, dict.fromkeys(FIGURES), False, not_counted)
    person_years = window.person_years
    average_headcount = Decimal(window.headcount_months) / WINDOW
    values: dict[str, Decimal | None] = {
        "sickness_absence": _q(window.absence_weighted / person_years) if person_years else None,
        "short_absences": Decimal(window.short_absences),
        "work_accidents": Decimal(window.work_accidents),
        "early_support": Decimal(window.early_support),
        "disability_pensions": Decimal(window.disability_pensions),
        "turnover": _q(Decimal(100) * window.leavers / average_headcount)
        if average_headcount
        else None,
        "headcount": Decimal(window.headcount),
    }
    return Point(month, False, values, False, not_counted)


def series(
    windows: Iterable[Window], months: Sequence[date], min_persons: int = MIN_PERSONS
) -> list[Point]:
    """One point per month in `months` from the windows summed over a set of units."""
    by_month = {w.month: w for w in windows}
    return [point_at(by_month.get(m), m, min_persons) for m in months]


def combine(groups: Iterable[Iterable[Window]]) -> list[Window]:
    """Month by month sums over several sets of units (e.g. the units of a subtree)."""
    out: dict[date, Window] = {}
    for windows in groups:
        for w in windows:
            out[w.month] = out[w.month] + w if w.month in out else w
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


def window_sizes(rows: dict[str, dict[date, Window]], month: date) -> dict[str, int | None]:
    """Each row's size for suppression at `month`, as `point_at` judges it: the sum of its
    counted units' smallest headcounts in the window; None when no unit of it is counted."""
    sizes: dict[str, int | None] = {}
    for key, by_month in rows.items():
        window = by_month.get(month)
        sizes[key] = window.smallest if window is not None and window.units else None
    return sizes


def hidden_months(
    rows: dict[str, dict[date, Window]],
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
