"""Helpers every source module shares: period buckets, scope filters, rounding, suppression."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, DateField, FloatField, Func, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from kuulu.indicators.types import IndicatorValue, Period, Scope


def min_group() -> int:
    return int(getattr(settings, "KUULU_MIN_GROUP_SIZE", 5))


def half_up(value: float, digits: int = 1) -> float:
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    """The first instant after `day` (use with `__lt`)."""
    return start_of(day + timedelta(days=1))


def span(periods: Sequence[Period]) -> tuple[date, date]:
    return min(p.start for p in periods), max(p.end for p in periods)


def datetime_bucket(field: str, periods: Sequence[Period]) -> Case:
    """The index of the period a datetime column falls in (NULL outside all), for GROUP BY."""
    return Case(
        *(
            When(
                Q(**{f"{field}__gte": start_of(p.start), f"{field}__lt": end_of(p.end)}),
                then=Value(i),
            )
            for i, p in enumerate(periods)
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def date_bucket(field: str, periods: Sequence[Period]) -> Case:
    """The same for a date column."""
    return Case(
        *(
            When(Q(**{f"{field}__gte": p.start, f"{field}__lte": p.end}), then=Value(i))
            for i, p in enumerate(periods)
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def datetime_range_q(field: str, periods: Sequence[Period]) -> Q:
    first, last = span(periods)
    return Q(**{f"{field}__gte": start_of(first), f"{field}__lt": end_of(last)})


def date_range_q(field: str, periods: Sequence[Period]) -> Q:
    first, last = span(periods)
    return Q(**{f"{field}__gte": first, f"{field}__lte": last})


def is_narrowed(scope: Scope) -> bool:
    return bool(scope.unit_path or scope.service_area_id or scope.municipality_id)


def unit_q(scope: Scope, unit_field: str = "unit") -> Q:
    """Rows whose unit is inside the scope (county-wide: no condition). The unit subtree is read
    by its materialised path; a service area is a top-level unit, whose path is "<id>/"; a
    municipality takes the units located in it."""
    q = Q()
    if scope.unit_path:
        q &= Q(**{f"{unit_field}__path__startswith": scope.unit_path})
    if scope.service_area_id:
        q &= Q(**{f"{unit_field}__path__startswith": f"{scope.service_area_id}/"})
    if scope.municipality_id:
        from kuulu.organisation.models import Unit

        q &= Q(
            **{
                f"{unit_field}__in": Unit.objects.filter(
                    municipalities=scope.municipality_id
                ).values("pk")
            }
        )
    return q


def area_case(area_ids: Sequence[int], unit_field: str = "unit") -> Case:
    """The service area (a top-level unit's id) a row's unit belongs to, NULL when none of
    `area_ids`: by the materialised path, as `unit_q` narrows a scope to one service area."""
    return Case(
        *(
            When(Q(**{f"{unit_field}__path__startswith": f"{area_id}/"}), then=Value(area_id))
            for area_id in area_ids
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def share(
    code: str, numerator: int, denominator: int, *, persons: bool = True, digits: int = 1
) -> IndicatorValue:
    """numerator/denominator as a percentage; None when the denominator is 0; suppressed when
    it counts persons and fewer than the minimum group size are counted."""
    if not denominator:
        return IndicatorValue(code, None, numerator, 0, 0 if persons else None)
    if persons and denominator < min_group():
        return IndicatorValue(code, None, None, None, denominator, suppressed=True)
    return IndicatorValue(
        code,
        half_up(100 * numerator / denominator, digits),
        numerator,
        denominator,
        denominator if persons else None,
    )


def amount(
    code: str, value: float | None, *, persons: int | None = None, digits: int = 1
) -> IndicatorValue:
    """A figure with an optional count of persons behind it (suppressed under the minimum)."""
    if persons is not None and persons == 0:
        return IndicatorValue(code, None, persons=0)
    if persons is not None and persons < min_group():
        return IndicatorValue(code, None, persons=persons, suppressed=True)
    if value is None:
        return IndicatorValue(code, None, persons=persons)
    return IndicatorValue(code, half_up(float(value), digits), persons=persons)


def no_data(code: str, n: int) -> list[IndicatorValue]:
    return [IndicatorValue(code, None) for _ in range(n)]


def by_bucket(rows, n: int) -> list[dict]:  # type: ignore[no-untyped-def]
    """Rows of `.values("bucket").annotate(...)` as a list indexed by period (empty dicts)."""
    out: list[dict] = [{} for _ in range(n)]
    for row in rows:
        if row["bucket"] is not None:
            out[row["bucket"]] = row
    return out


def median_of(histogram: dict[float, int]) -> float | None:
    from kuulu.surveys.stats import median

    return median(histogram)


class DayDiff(Func):
    """Whole days from the second date to the first, as an integer (PostgreSQL: date - date)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


class Epoch(Func):
    """Seconds since 1970 of a timestamp (for checksums in the fingerprint)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return self.as_sql(
            compiler,
            connection,
            template="CAST(strftime('%%%%s', %(expressions)s) AS REAL)",
            **extra,
        )


EPOCH_DAY = date(2000, 1, 1)


def date_sum(field: str) -> Sum:
    """A checksum of a date column: the sum of its days since 2000-01-01."""
    return Sum(DayDiff(field, Value(EPOCH_DAY, output_field=DateField())))


def time_sum(field: str) -> Sum:
    """A checksum of a timestamp column: the sum of its epoch seconds."""
    return Sum(Epoch(field))


# The tables a scope narrowed to a unit subtree, a service area or a municipality reads (the
# unit tree and the units' municipalities): part of every scoped source's `WATCHES`.
SCOPE_TABLES = ("organisation_unit", "organisation_unit_municipalities")
