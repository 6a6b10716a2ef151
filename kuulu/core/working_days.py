"""Deadlines that Kuulu computes, moved off days when nobody works.

Finnish law on reckoning time limits (act 150/1930, 5 §): when the last day of a time limit
falls on a Sunday or other church holiday, Independence Day, May Day, Christmas Eve, Midsummer
Eve or a Saturday, the limit runs to the next working day. The holiday list comes from the
``holidays`` package's Finnish calendar, which holds exactly those days (Easter-based ones
computed for any year). Pure: no Django imports.

Only deadlines Kuulu computes from a number of days or a month move (feedback, formal
complaints, initiatives' handling notice, accessibility feedback). A date a person chooses
(an assignment's due date, a question's routing date) is theirs and stays as typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FI", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Finnish public holiday, Midsummer Eve or Christmas Eve."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def deadline(day: date) -> date:
    """The last day of a time limit that ends on ``day``: ``day`` itself on a working day,
    otherwise the next working day (at most a few days later, e.g. Easter or Christmas)."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
