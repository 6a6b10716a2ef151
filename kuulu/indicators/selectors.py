"""Reads of the indicators app (see docs/contracts): the catalogue and the values.

Values are computed by the source modules (`kuulu/indicators/sources/`), one set of aggregate
queries per source over all the requested periods at once, and cached in the Django cache under
a key that contains the source's fingerprint (on PostgreSQL its tables' rows in a change log kept by
triggers, `change_log.py`; elsewhere an aggregate over exactly the columns it reads), so any change
to the source data, also by a bulk UPDATE, gives a new key: the next read recomputes.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from collections.abc import Iterable, Sequence
from datetime import date
from types import ModuleType

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from kuulu.indicators import change_log
from kuulu.indicators.catalogue import BUILTIN_BY_CODE, BUILTINS, IndicatorDef
from kuulu.indicators.sources.common import half_up, is_narrowed, min_group
from kuulu.indicators.types import Direction, IndicatorValue, Period, Perspective, Scope

logger = logging.getLogger(__name__)

CACHE_SECONDS = 6 * 60 * 60
# 2: feedback items in the shared change log (indicators migration 0003), not their own.
CACHE_VERSION = 2


# --- the catalogue --------------------------------------------------------------------------


def manual_indicator_defs(*, county_id: int) -> list[IndicatorDef]:
    from kuulu.indicators.models import ManualIndicator

    return [
        IndicatorDef(
            code=m.code,
            name=m.name,
            definition=m.definition,
            unit=m.unit,
            perspective=Perspective(m.perspective),
            direction=Direction(m.direction),
            manual=True,
            counts_persons=m.counts_persons,
            source="manual",
            scoped=True,
            min_value=float(m.min_value) if m.min_value is not None else None,
            max_value=float(m.max_value) if m.max_value is not None else None,
            manual_id=m.pk,
        )
        for m in ManualIndicator.objects.filter(county_id=county_id, is_active=True)
    ]


def indicator_catalogue(*, county_id: int) -> list[IndicatorDef]:
    """The built-in indicators, then the county's active manual indicators."""
    return [*BUILTINS, *manual_indicator_defs(county_id=county_id)]


def indicator_def(*, code: str, county_id: int) -> IndicatorDef | None:
    if code in BUILTIN_BY_CODE:
        return BUILTIN_BY_CODE[code]
    return next((d for d in manual_indicator_defs(county_id=county_id) if d.code == code), None)


# --- periods --------------------------------------------------------------------------------


def quarter_of(day: date) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def last_quarters(*, today: date, count: int = 8) -> list[Period]:
    """The `count` quarters up to and including today's, oldest first."""
    year, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _i in range(count):
        out.append(Period.quarter(year, q))
        year, q = (year - 1, 4) if q == 1 else (year, q - 1)
    return out[::-1]


def _batches(periods: Sequence[Period]) -> list[list[int]]:
    """Split period indexes into batches of non-overlapping periods (usually just one)."""
    batches: list[list[int]] = []
    for i in sorted(range(len(periods)), key=lambda i: periods[i].start):
        p = periods[i]
        for batch in batches:
            if all(p.start > periods[j].end or p.end < periods[j].start for j in batch):
                batch.append(i)
                break
        else:
            batches.append([i])
    return batches


# --- values ---------------------------------------------------------------------------------


def _source_module(source: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"kuulu.indicators.sources.{source}")
    except ImportError:  # pragma: no cover - a source app not there
        logger.exception("indicator source %s cannot be imported", source)
        return None


def _cache_key(
    source: str, scope: Scope, periods: Iterable[Period], today: date, fp: object
) -> str:
    raw = repr((CACHE_VERSION, source, scope, tuple(periods), today, fp))
    return f"indicators:{source}:{scope.county_id}:" + hashlib.sha256(raw.encode()).hexdigest()


def _fingerprint(source: str, county_id: int, memo: dict[str, object]) -> object:
    """The source's fingerprint and those of the sources it reads through (`DEPENDS`), each
    computed once per call. On PostgreSQL: the rows of the source's tables (`WATCHES`) in the
    change log, one query for every source of the call; elsewhere the source's aggregates."""
    if source not in memo:
        module = _source_module(source)
        if module is None:
            own = None
        elif change_log.enabled() and hasattr(module, "WATCHES"):
            own = change_log.stamp(module.WATCHES, memo)
        else:
            own = module.fingerprint(county_id=county_id)
        deps = tuple(_fingerprint(d, county_id, memo) for d in getattr(module, "DEPENDS", ()))
        memo[source] = None if own is None or None in deps else (own, deps)
    return memo[source]


def _watched_tables(source: str) -> set[str]:
    """The tables whose log rows make the fingerprint of `source` (and of its `DEPENDS`)."""
    module = _source_module(source)
    if module is None:
        return set()
    tables = set(getattr(module, "WATCHES", ()))
    for dependency in getattr(module, "DEPENDS", ()):
        tables |= _watched_tables(dependency)
    return tables


def _prefetch_fingerprints(sources: Iterable[str], memo: dict[str, object]) -> None:
    """On PostgreSQL, read the change log of every table the call's sources watch in one query
    (and only those tables), before the sources' fingerprints are taken one by one."""
    if change_log.enabled():
        change_log.prefetch(set().union(*(_watched_tables(s) for s in sources)), memo)


def _compute_source(
    source: str,
    *,
    scope: Scope,
    periods: Sequence[Period],
    today: date,
    memo: dict[str, object] | None = None,
) -> dict[str, list[IndicatorValue]]:
    module = _source_module(source)
    if module is None:
        return {}
    fp = _fingerprint(source, scope.county_id, {} if memo is None else memo)
    out: dict[str, list[IndicatorValue | None]] = {}
    for batch in _batches(periods):
        batch_periods = [periods[i] for i in batch]
        key = _cache_key(source, scope, batch_periods, today, fp) if fp is not None else None
        data = cache.get(key) if key else None
        if data is None:
            data = module.compute(
                county_id=scope.county_id, scope=scope, periods=batch_periods, today=today
            )
            if key:
                cache.set(key, data, CACHE_SECONDS)
        for code, series in data.items():
            slots = out.setdefault(code, [None] * len(periods))
            for i, value in zip(batch, series, strict=True):
                slots[i] = value
    return out  # type: ignore[return-value]


def indicator_series(
    *,
    scope: Scope,
    periods: Sequence[Period],
    codes: Iterable[str] | None = None,
    today: date | None = None,
) -> dict[str, list[IndicatorValue]]:
    """Every requested indicator over each period: {code: [value per period]}.

    An indicator that cannot be narrowed to a unit subtree, service area or municipality has
    no data in such a scope."""
    today = today or timezone.localdate()
    wanted = [
        d
        for d in indicator_catalogue(county_id=scope.county_id)
        if codes is None or d.code in set(codes)
    ]
    result: dict[str, list[IndicatorValue]] = {}
    narrowed = is_narrowed(scope)
    memo: dict[str, object] = {}
    sources = dict.fromkeys(d.source for d in wanted if d.scoped or not narrowed)
    _prefetch_fingerprints(sources, memo)
    for source in dict.fromkeys(d.source for d in wanted):
        defs = [d for d in wanted if d.source == source]
        if source not in sources:
            computed = {}
        else:
            computed = _compute_source(source, scope=scope, periods=periods, today=today, memo=memo)
        for d in defs:
            series = computed.get(d.code)
            if series is None or (narrowed and not d.scoped):
                series = [IndicatorValue(d.code, None) for _ in periods]
            result[d.code] = series
    return result


def indicator_values(
    *, scope: Scope, period: Period, codes: list[str] | None = None, today: date | None = None
) -> dict[str, IndicatorValue]:
    series = indicator_series(scope=scope, periods=[period], codes=codes, today=today)
    return {code: values[0] for code, values in series.items()}


def indicator_trend(
    *, scope: Scope, code: str, periods: list[Period], today: date | None = None
) -> list[IndicatorValue]:
    series = indicator_series(scope=scope, periods=periods, codes=[code], today=today)
    return series.get(code, [IndicatorValue(code, None) for _ in periods])


def _compute_source_by_area(
    source: str,
    *,
    county_id: int,
    area_ids: Sequence[int],
    period: Period,
    today: date,
    memo: dict[str, object],
) -> dict[int, dict[str, list[IndicatorValue]]]:
    """{area id: {code: [value]}}: through the source's `compute_by_area` (one set of grouped
    queries for all the areas, cached like `_compute_source`), else one scope at a time."""
    module = _source_module(source)
    if module is None:
        return {}
    if not hasattr(module, "compute_by_area"):
        return {
            area: _compute_source(
                source,
                scope=Scope(county_id=county_id, service_area_id=area),
                periods=[period],
                today=today,
                memo=memo,
            )
            for area in area_ids
        }
    fp = _fingerprint(source, county_id, memo)
    key = None
    if fp is not None:
        raw = repr((CACHE_VERSION, source, "areas", county_id, tuple(area_ids), period, today, fp))
        key = f"indicators:{source}:{county_id}:areas:" + hashlib.sha256(raw.encode()).hexdigest()
    data = cache.get(key) if key else None
    if data is None:
        data = module.compute_by_area(
            county_id=county_id, area_ids=list(area_ids), periods=[period], today=today
        )
        if key:
            cache.set(key, data, CACHE_SECONDS)
    return data


def indicator_values_by_service_area(
    *,
    county_id: int,
    area_ids: Sequence[int],
    period: Period,
    codes: Iterable[str] | None = None,
    today: date | None = None,
) -> dict[int, dict[str, IndicatorValue]]:
    """`indicator_values` for each service area's scope (`Scope(service_area_id=...)`), the
    same figures (suppression included) at a fixed cost: a source that can group by the
    service area (the first segment of the unit's path) computes all the areas in one set of
    grouped queries; any other source is computed one area at a time."""
    today = today or timezone.localdate()
    wanted_codes = None if codes is None else set(codes)
    wanted = [
        d
        for d in indicator_catalogue(county_id=county_id)
        if wanted_codes is None or d.code in wanted_codes
    ]
    result: dict[int, dict[str, IndicatorValue]] = {area: {} for area in area_ids}
    memo: dict[str, object] = {}
    if area_ids:
        _prefetch_fingerprints({d.source for d in wanted if d.scoped}, memo)
    for source in dict.fromkeys(d.source for d in wanted):
        defs = [d for d in wanted if d.source == source]
        computed: dict[int, dict[str, list[IndicatorValue]]] = {}
        if area_ids and any(d.scoped for d in defs):
            computed = _compute_source_by_area(
                source,
                county_id=county_id,
                area_ids=area_ids,
                period=period,
                today=today,
                memo=memo,
            )
        for area in area_ids:
            for d in defs:
                series = computed.get(area, {}).get(d.code)
                scoped = series is not None and d.scoped
                result[area][d.code] = series[0] if scoped else IndicatorValue(d.code, None)
    return result


# --- presentation ---------------------------------------------------------------------------


def number_text(number: float, unit: str = "") -> str:
    # At most two decimals, halves away from zero as the values themselves (`half_up`):
    # number_format cuts the digits past `decimal_pos`, so a target of 66.667 showed 66.66.
    number = half_up(float(number), 2) + 0.0  # + 0.0: -0.001 is "0", not "-0"
    decimals = 0 if number.is_integer() else (2 if round(number, 1) != number else 1)
    return number_format(number, decimal_pos=decimals, force_grouping=True)


def unit_label(unit: str) -> str:
    """The catalogue's unit ("days", "%") in the page's language ("päivät", "prosentti")."""
    from kuulu.indicators.models import ManualIndicator

    if unit not in ManualIndicator.Unit.values:
        return unit
    return str(ManualIndicator.Unit(unit).label)


def format_value(value: IndicatorValue, unit: str) -> str:
    """The value as text in the current language: "no data" when None, "hidden" when
    suppressed, else the number with its unit."""
    if value.suppressed:
        return _("hidden (fewer than %(n)s persons)") % {"n": min_group()}
    if value.value is None:
        return _("no data")
    text = number_text(value.value)
    if unit == "%":
        return f"{text} %"
    if unit == "days":
        return _("%(n)s days") % {"n": text}
    if unit == "hours":
        return _("%(n)s h") % {"n": text}
    return text
