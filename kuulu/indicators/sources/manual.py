"""Values of the county's manual indicators.

The value of a manual indicator for a period: the value entered for the newest period that lies
inside the requested period; failing that, the value of a period that contains it (a yearly
national survey figure then shows in each quarter of its year). County-wide scopes read the
county-wide values (no unit); a unit subtree or service area reads the values entered for
exactly that unit; municipalities have no manual values.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q, Sum

from kuulu.indicators.sources.common import SCOPE_TABLES, amount, span
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = ("indicators_manualindicator", "indicators_manualvalue", *SCOPE_TABLES)


def _scope_unit_id(scope: Scope) -> int | bool | None:
    """The unit whose values apply: None for county-wide, False when none can apply."""
    if scope.municipality_id:
        return False
    if scope.unit_path and scope.service_area_id:
        return False
    if scope.unit_path:
        return int(scope.unit_path.rstrip("/").split("/")[-1])
    if scope.service_area_id:
        return scope.service_area_id
    return None


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.indicators.models import ManualIndicator, ManualValue

    indicators = list(
        ManualIndicator.objects.filter(county_id=county_id, is_active=True).values_list(
            "id", "code", "counts_persons"
        )
    )
    out = {code: [IndicatorValue(code, None) for _ in periods] for _, code, _ in indicators}
    unit_id = _scope_unit_id(scope)
    if unit_id is False or not indicators:
        return out
    first, last = span(periods)
    values = (
        ManualValue.objects.filter(
            indicator__county_id=county_id,
            indicator__is_active=True,
            period_start__lte=last,
            period_end__gte=first,
        )
        .filter(Q(unit__isnull=True) if unit_id is None else Q(unit_id=unit_id))
        .values_list("indicator_id", "period_start", "period_end", "value", "persons")
    )
    by_indicator: dict[int, list[tuple]] = {}
    for row in values:  # at most a few values per indicator and period
        by_indicator.setdefault(row[0], []).append(row[1:])
    for ind_id, code, counts_persons in indicators:
        rows = by_indicator.get(ind_id, [])
        series = []
        for p in periods:
            inside = [r for r in rows if r[0] >= p.start and r[1] <= p.end]
            around = [r for r in rows if r[0] <= p.start and r[1] >= p.end]
            chosen = (
                max(inside, key=lambda r: r[1])
                if inside
                else (min(around, key=lambda r: r[1] - r[0]) if around else None)
            )
            if chosen is None:
                series.append(IndicatorValue(code, None))
                continue
            persons = chosen[3] if counts_persons else None
            series.append(amount(code, float(chosen[2]), persons=persons, digits=2))
        out[code] = series
    return out


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.indicators.models import ManualIndicator, ManualValue

    a = ManualIndicator.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), last=Max("id")
    )
    b = ManualValue.objects.filter(indicator__county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), last=Max("id"), total=Sum("value")
    )
    return tuple(a.values()) + tuple(b.values())
