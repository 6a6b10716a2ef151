"""The shapes every indicator computation shares. Pure Python, no Django.

Other apps (programme, reports, workspace) read indicators only through these types and through
`kuulu.indicators.selectors`:

- `indicator_catalogue(county_id) -> list[IndicatorDef]`: the built-in catalogue and the
  county's manual indicators.
- `indicator_def(code, county_id) -> IndicatorDef | None`.
- `indicator_values(scope, period, codes=None) -> dict[str, IndicatorValue]`.
- `indicator_trend(scope, code, periods) -> list[IndicatorValue]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Perspective(StrEnum):
    """Keusote's four perspectives of participation (seed 001)."""

    INFORMATION = "information"  # information and transactions
    SERVICE = "service"  # the service situation
    DEVELOPMENT = "development"
    STRATEGY = "strategy"  # the strategy level, incl. the effect of participation and measuring it


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: date
    end: date

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        start = date(year, 3 * (quarter - 1) + 1, 1)
        next_start = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        return cls(start, next_start - timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        if self.start.day == 1 and self.start.month in (1, 4, 7, 10):
            q = (self.start.month - 1) // 3 + 1
            if self == Period.quarter(self.start.year, q):
                return f"{self.start.year} Q{q}"
            if self == Period.year(self.start.year):
                return str(self.start.year)
        return f"{self.start.isoformat()}\u2013{self.end.isoformat()}"  # an en dash between dates


@dataclass(frozen=True)
class Scope:
    """Whose figures: a county, optionally narrowed to a unit subtree (by materialised path), a
    service area (a top-level unit's id) or a municipality."""

    county_id: int
    unit_path: str | None = None
    service_area_id: int | None = None
    municipality_id: int | None = None


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator over one scope and period. `value` is None when there is no data (shown as
    "no data", never as 0) or when it is suppressed because it counts fewer persons than the
    minimum group size."""

    code: str
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    persons: int | None = None
    suppressed: bool = False
