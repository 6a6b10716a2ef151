"""The indicators part of the JSON API (/api/v1/indicators/): the catalogue and the values with
the dashboard's filters. Bearer token or a signed-in session; staff of the county only."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from kuulu.indicators import access, selectors, services
from kuulu.integrations.auth import TokenAuth

router = Router(tags=["indicators"])
AUTH = [TokenAuth(), django_auth]


class IndicatorOut(Schema):
    code: str
    name: str
    definition: str
    unit: str
    perspective: str
    direction: str
    manual: bool
    counts_persons: bool


class ValueOut(Schema):
    code: str
    period: str
    start: date
    end: date
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool


class Filters(Schema):
    unit: int | None = None
    service_area: int | None = None
    municipality: int | None = None
    period: str | None = None  # "2025" or "2025 Q1"; default the current quarter
    quarters: int = 1  # how many quarters back from the period's end (1 = just the period)
    code: list[str] | None = None


@router.get("", response=list[IndicatorOut], auth=AUTH)
def catalogue(request: HttpRequest) -> list[dict]:
    _actor, county = access.require_viewer(request.user)
    return [
        {
            "code": d.code,
            "name": str(d.name),
            "definition": str(d.definition),
            "unit": d.unit,
            "perspective": str(d.perspective),
            "direction": str(d.direction),
            "manual": d.manual,
            "counts_persons": d.counts_persons,
        }
        for d in selectors.indicator_catalogue(county_id=county.pk)
    ]


@router.get("/values", response=list[ValueOut], auth=AUTH)
def values(request: HttpRequest, filters: Query[Filters]) -> list[dict]:
    """Values for the scope and period; with `quarters` > 1 the quarters up to the period's
    end (a trend). A value is null when there is no data or it is hidden (`suppressed`)."""
    actor, county = access.require_viewer(request.user)
    choice = access.scope_for(
        actor,
        county,
        unit_id=filters.unit,
        service_area_id=filters.service_area,
        municipality_id=filters.municipality,
        explicit=True,
    )
    today = timezone.localdate()
    try:
        period = services.parse_period(filters.period) if filters.period else None
    except Exception as exc:
        raise HttpError(422, "period: write a year (2025) or a quarter (2025 Q1)") from exc
    period = period or selectors.quarter_of(today)
    if not 1 <= filters.quarters <= 40:
        raise HttpError(422, "quarters: 1 to 40")
    periods = (
        selectors.last_quarters(today=period.end, count=filters.quarters)
        if filters.quarters > 1
        else [period]
    )
    series = selectors.indicator_series(
        scope=choice.scope, periods=periods, codes=filters.code, today=today
    )
    return [
        {
            "code": code,
            "period": p.label,
            "start": p.start,
            "end": p.end,
            "value": v.value,
            "numerator": None if v.suppressed else v.numerator,
            "denominator": None if v.suppressed else v.denominator,
            "suppressed": v.suppressed,
        }
        for code, values_ in series.items()
        for p, v in zip(periods, values_, strict=True)
    ]
