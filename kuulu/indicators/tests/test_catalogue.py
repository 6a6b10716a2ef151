from __future__ import annotations

from datetime import date

from kuulu.indicators import selectors
from kuulu.indicators.catalogue import BUILTINS
from kuulu.indicators.types import Scope

TODAY = date(2026, 5, 1)


def test_every_built_in_indicator_has_a_unique_code_and_a_known_unit():
    codes = [d.code for d in BUILTINS]

    assert len(codes) == len(set(codes))
    assert {d.unit for d in BUILTINS} <= {"%", "days", "score", "count", "hours"}
    assert len(BUILTINS) >= 19


def test_every_indicator_over_an_empty_county_has_no_data_in_every_scope(org):
    municipality = org.county.municipalities.first()
    scopes = [
        Scope(org.county.pk),
        Scope(org.county.pk, unit_path=org.unit_a.path),
        Scope(org.county.pk, service_area_id=org.area_b.pk),
        Scope(org.county.pk, municipality_id=municipality.pk),
    ]
    for scope in scopes:
        series = selectors.indicator_series(
            scope=scope, periods=selectors.last_quarters(today=TODAY, count=8), today=TODAY
        )

        assert set(series) == {d.code for d in BUILTINS}
        assert all(v.value is None for values in series.values() for v in values), scope
