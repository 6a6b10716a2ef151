"""When a regular data collection happens next. Pure Python, no Django.

A collection recurs every year, in even years or in odd years, in a given month; optionally
from a first year and up to a last year. A collection in the current month is still upcoming
(it is under way), so it is shown until the month is over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, date
from enum import StrEnum


class Rule(StrEnum):
    EVERY_YEAR = "every_year"
    EVEN_YEARS = "even_years"
    ODD_YEARS = "odd_years"
    ONCE = "once"


@dataclass(frozen=True)
class Occurrence:
    year: int
    month: int

    @property
    def starts_on(self) -> date:
        return date(self.year, self.month, 1)


def _fits(rule: Rule, year: int) -> bool:
    if rule == Rule.EVEN_YEARS:
        return year % 2 == 0
    if rule == Rule.ODD_YEARS:
        return year % 2 == 1
    return True


def next_occurrence(
    *,
    rule: Rule | str,
    month: int,
    today: date,
    first_year: int | None = None,
    last_year: int | None = None,
) -> Occurrence | None:
    """The next (or current) occurrence on or after `today`'s month, or None when the schedule
    has ended. A one-off collection (`ONCE`) happens in `first_year` only."""
    rule = Rule(rule)
    if not 1 <= month <= 12:
        raise ValueError("month must be 1-12")
    if rule == Rule.ONCE:
        if first_year is None or first_year > MAXYEAR:
            return None
        occurrence = Occurrence(first_year, month)
        return occurrence if (first_year, month) >= (today.year, today.month) else None
    year = today.year if month >= today.month else today.year + 1
    if first_year is not None:
        year = max(year, first_year)
    while not _fits(rule, year):
        year += 1
    if (last_year is not None and year > last_year) or year > MAXYEAR:
        return None  # ended, or (a year stored by mistake) beyond what a date can hold
    return Occurrence(year, month)


def occurrences(
    *,
    rule: Rule | str,
    month: int,
    today: date,
    count: int,
    first_year: int | None = None,
    last_year: int | None = None,
) -> tuple[Occurrence, ...]:
    """The next `count` occurrences (fewer when the schedule ends)."""
    out: list[Occurrence] = []
    current = today
    while len(out) < count:
        found = next_occurrence(
            rule=rule, month=month, today=current, first_year=first_year, last_year=last_year
        )
        if found is None or (out and found == out[-1]):
            break
        out.append(found)
        if found.year >= MAXYEAR:
            break
        current = date(found.year + 1, 1, 1)
    return tuple(out)
