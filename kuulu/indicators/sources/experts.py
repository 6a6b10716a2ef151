"""Indicators from the experts app: experience expert engagement hours."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q, Sum

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    amount,
    by_bucket,
    date_bucket,
    date_range_q,
    date_sum,
    unit_q,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("experts_engagement", "experts_expertrequest", *SCOPE_TABLES)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.experts.models import Engagement

    rows = by_bucket(
        Engagement.objects.filter(
            date_range_q("date", periods),
            unit_q(scope, "request__unit"),
            request__county_id=county_id,
            status=Engagement.Status.DONE,
        )
        .annotate(bucket=date_bucket("date", periods))
        .values("bucket")
        .annotate(hours=Sum("hours"), n=Count("id")),
        len(periods),
    )
    return {
        "expert_hours": [
            amount("expert_hours", float(r["hours"] or 0))
            if r.get("n")
            else IndicatorValue("expert_hours", None)
            for r in rows
        ]
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.experts.models import Engagement

    return tuple(
        Engagement.objects.filter(request__county_id=county_id)
        .aggregate(
            n=Count("id"),
            changed=Max("updated_at"),
            hours=Sum("hours"),
            done=Count("id", filter=Q(status="done")),
            days=date_sum("date"),
            units=Sum("request__unit_id"),
        )
        .values()
    )
