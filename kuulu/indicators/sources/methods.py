"""Indicators from the methods bank: participation method uses and the units that used one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Sum

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
WATCHES = ("methods_methoduse", *SCOPE_TABLES)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.methods.models import MethodUse

    rows = by_bucket(
        MethodUse.objects.filter(
            date_range_q("used_on", periods), unit_q(scope, "unit"), county_id=county_id
        )
        .annotate(bucket=date_bucket("used_on", periods))
        .values("bucket")
        .annotate(uses=Count("id"), units=Count("unit", distinct=True)),
        len(periods),
    )
    # Like the other sources, a period with nothing logged has no figure (rather than 0): a
    # county that has not started logging method uses shows "no data", not a failure.
    return {
        code: [
            amount(code, float(r[field]), digits=0) if r.get("uses") else IndicatorValue(code, None)
            for r in rows
        ]
        for code, field in (("method_uses", "uses"), ("method_units", "units"))
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.methods.models import MethodUse

    return tuple(
        MethodUse.objects.filter(county_id=county_id)
        .aggregate(
            n=Count("id"),
            changed=Max("updated_at"),
            days=date_sum("used_on"),
            units=Sum("unit_id"),
        )
        .values()
    )
