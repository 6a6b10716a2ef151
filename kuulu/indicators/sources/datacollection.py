"""Indicators from the datacollection app: collections run on schedule.

A collection has no run records of its own; a run is its linked Kuulu survey. An occurrence
(the scheduled start month of an active collection linked to a survey) counts as run on
schedule when the survey opened on or before the end of that month, in the same year. The
collections are few: their schedules are expanded here.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Sum

from kuulu.indicators.sources.common import share, span, time_sum
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("datacollection_collection", "surveys_survey")


def _fits(schedule: str, year: int, first: int | None, last: int | None) -> bool:
    if (first is not None and year < first) or (last is not None and year > last):
        return False
    if schedule == "even_years":
        return year % 2 == 0
    if schedule == "odd_years":
        return year % 2 == 1
    if schedule == "once":
        return first == year
    return True


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from django.utils import timezone

    from kuulu.datacollection.models import Collection

    first, last = span(periods)
    rows = list(
        Collection.objects.filter(
            county_id=county_id, is_active=True, survey__isnull=False
        ).values_list("schedule", "month", "first_year", "last_year", "survey__opens_at")
    )
    on_time = [0] * len(periods)
    due = [0] * len(periods)
    for schedule, month, first_year, last_year, opens_at in rows:
        opened = timezone.localtime(opens_at).date() if opens_at else None
        for year in range(first.year, last.year + 1):
            if not _fits(schedule, year, first_year, last_year):
                continue
            month_end = date(year, month, calendar.monthrange(year, month)[1])
            if month_end >= today:
                continue  # not due yet
            for i, p in enumerate(periods):
                if p.start <= date(year, month, 1) <= p.end:
                    due[i] += 1
                    if opened is not None and opened.year == year and opened <= month_end:
                        on_time[i] += 1
    return {
        "datacollection_on_schedule": [
            share("datacollection_on_schedule", n, d, persons=False)
            for n, d in zip(on_time, due, strict=True)
        ]
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.datacollection.models import Collection

    return tuple(
        Collection.objects.filter(county_id=county_id)
        .aggregate(
            n=Count("id"),
            changed=Max("updated_at"),
            months=Sum("month"),
            opens=time_sum("survey__opens_at"),
        )
        .values()
    )
