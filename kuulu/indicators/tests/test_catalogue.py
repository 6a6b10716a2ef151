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


def test_a_target_with_more_decimals_is_shown_rounded_half_away_from_zero_not_cut():
    # A programme's target or baseline is a float a coordinator typed (66.667 %, 1.005 days):
    # the dashboard and the programme page showed it cut to two decimals (66.66, 1.00).
    from django.utils import translation

    from kuulu.indicators.types import IndicatorValue

    with translation.override("en"):
        assert selectors.format_value(IndicatorValue("x", 66.667), "%") == "66.67 %"
        assert selectors.format_value(IndicatorValue("x", 1.005), "days") == "1.01 days"
        assert selectors.format_value(IndicatorValue("x", 0.125), "") == "0.13"
        assert selectors.format_value(IndicatorValue("x", -0.125), "") == "-0.13"
        assert selectors.format_value(IndicatorValue("x", 99.999), "%") == "100 %"
        assert selectors.format_value(IndicatorValue("x", -0.001), "") == "0"
        assert selectors.format_value(IndicatorValue("x", 12.25), "") == "12.25"
        assert selectors.format_value(IndicatorValue("x", 1234.5), "") == "1,234.5"
