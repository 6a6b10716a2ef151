"""The years a date typed by staff may fall in (events, surveys, channel meetings, payroll).

Other years are typing slips. A year-1 time on the Helsinki clock falls before year 1 in UTC:
PostgreSQL stores it, but Python cannot read it back, so every page showing the row failed;
year 9999 leaves no following month to end a period with.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_in_range(value: Any, first: int = FIRST_YEAR, last: int = LAST_YEAR) -> bool:
    """Whether a date or datetime (or nothing) falls in first..last (by default
    FIRST_YEAR..LAST_YEAR; a respondent's birth date needs earlier years)."""
    return value is None or first <= value.year <= last


def year_out_of_range_message(first: int = FIRST_YEAR, last: int = LAST_YEAR) -> str:
    return _("Give a date between the years %(first)d and %(last)d.") % {
        "first": first,
        "last": last,
    }
