from __future__ import annotations

from datetime import date

from kuulu.feedback.models import Feedback
from kuulu.indicators import selectors
from kuulu.indicators.tests.fixtures import at, feedback, feedback_fixture
from kuulu.indicators.types import IndicatorValue, Period, Scope

TODAY = date(2026, 5, 1)
Q1 = Period.quarter(2026, 1)
FEEDBACK = ["feedback_on_time", "feedback_median_days", "feedback_public_share", "feedback_nps"]


def values(scope: Scope, period: Period = Q1) -> dict[str, float | None]:
    got = selectors.indicator_values(scope=scope, period=period, codes=FEEDBACK, today=TODAY)
    return {code: v.value for code, v in got.items()}


def test_feedback_indicators_for_the_county_match_the_hand_computed_values(org):
    feedback_fixture(org)

    assert values(Scope(org.county.pk)) == {
        "feedback_on_time": 71.4,
        "feedback_median_days": 2.5,
        "feedback_public_share": 33.3,
        "feedback_nps": 17.0,
    }
    on_time = selectors.indicator_values(
        scope=Scope(org.county.pk), period=Q1, codes=["feedback_on_time"], today=TODAY
    )["feedback_on_time"]
    assert (on_time.numerator, on_time.denominator, on_time.persons) == (5, 7, 7)


def test_feedback_indicators_narrow_to_a_unit_subtree_and_service_area(org):
    feedback_fixture(org)
    expected = {
        "feedback_on_time": 66.7,
        "feedback_median_days": 3.0,
        "feedback_public_share": 40.0,
        "feedback_nps": 0.0,
    }

    assert values(Scope(org.county.pk, unit_path=org.area_a.path)) == expected
    assert values(Scope(org.county.pk, service_area_id=org.area_a.pk)) == expected


def test_a_group_under_five_persons_is_suppressed_and_an_empty_period_has_no_data(org):
    feedback_fixture(org)

    small = selectors.indicator_values(
        scope=Scope(org.county.pk, service_area_id=org.area_b.pk),
        period=Q1,
        codes=FEEDBACK,
        today=TODAY,
    )
    empty = selectors.indicator_values(
        scope=Scope(org.county.pk), period=Period.quarter(2026, 3), codes=FEEDBACK, today=TODAY
    )

    assert small["feedback_on_time"] == IndicatorValue(
        "feedback_on_time", None, persons=1, suppressed=True
    )
    assert all(v.suppressed and v.value is None for v in small.values())
    assert all(v.value is None and not v.suppressed for v in empty.values())
    assert selectors.format_value(empty["feedback_on_time"], "%") == "no data"


def test_the_trend_computes_every_quarter_in_one_go(org, django_assert_max_num_queries):
    feedback_fixture(org)
    quarters = selectors.last_quarters(today=TODAY, count=3)

    with django_assert_max_num_queries(12):
        trend = selectors.indicator_trend(
            scope=Scope(org.county.pk), code="feedback_on_time", periods=quarters, today=TODAY
        )

    assert [p.label for p in quarters] == ["2025 Q4", "2026 Q1", "2026 Q2"]
    assert [v.value for v in trend] == [None, 71.4, None]
    assert trend[2].suppressed is True


def test_a_cached_figure_changes_when_feedback_is_added_or_answered_by_a_bulk_update(org):
    feedback_fixture(org)
    scope = Scope(org.county.pk)
    assert values(scope)["feedback_on_time"] == 71.4  # now cached

    new = feedback(org.county, org.unit_a, "2026-03-10", due="2026-03-24")
    assert values(scope)["feedback_on_time"] == 62.5  # 5 of 8

    Feedback.objects.filter(pk=new.pk).update(answered_at=at("2026-03-20"))
    assert values(scope)["feedback_on_time"] == 75.0  # 6 of 8


def test_a_bulk_update_of_a_due_date_or_a_score_invalidates_the_cached_figures(org):
    items = feedback_fixture(org)
    scope = Scope(org.county.pk)
    assert values(scope)["feedback_on_time"] == 71.4

    Feedback.objects.filter(pk=items[1].pk).update(due_on=date(2026, 1, 11))
    Feedback.objects.filter(pk=items[2].pk).update(score=10)

    after = values(scope)
    assert after["feedback_on_time"] == 57.1  # 4 of 7
    assert after["feedback_nps"] == 50.0  # promoters 4, detractors 1 (the 6) of 6
