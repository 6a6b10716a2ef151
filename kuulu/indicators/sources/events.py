"""Indicators from the events app: attendance against registrations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q, Sum

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    by_bucket,
    datetime_bucket,
    datetime_range_q,
    share,
    time_sum,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("events_event", "events_session", "events_registration", *SCOPE_TABLES)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.events.models import Registration

    if scope.unit_path or scope.service_area_id:  # events belong to no unit
        return {"event_attendance": [IndicatorValue("event_attendance", None) for _ in periods]}
    qs = Registration.objects.filter(
        datetime_range_q("session__starts_at", periods),
        session__event__county_id=county_id,
        status=Registration.Status.ATTENDING,
        attended__isnull=False,
    )
    if scope.municipality_id:
        qs = qs.filter(session__municipality_id=scope.municipality_id)
    rows = by_bucket(
        qs.annotate(bucket=datetime_bucket("session__starts_at", periods))
        .values("bucket")
        .annotate(n=Count("id"), attended=Count("id", filter=Q(attended=True))),
        len(periods),
    )
    return {
        "event_attendance": [
            share("event_attendance", r.get("attended", 0), r.get("n", 0)) for r in rows
        ]
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.events.models import Registration

    return tuple(
        Registration.objects.filter(session__event__county_id=county_id)
        .aggregate(
            n=Count("id"),
            last=Max("id"),
            changed=Max("updated_at"),
            places=Sum("session__municipality_id"),
            # the quarter a registration counts in is its session's: a session moved
            # (`update_session` saves only the session) moves its registrations
            starts=time_sum("session__starts_at"),
            recorded=Count("attended"),
            attended=Count("id", filter=Q(attended=True)),
            attending=Count("id", filter=Q(status="attending")),
        )
        .values()
    )
