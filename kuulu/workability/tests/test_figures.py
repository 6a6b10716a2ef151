"""The pure combination of monthly totals: rolling 12 months, weighting and suppression."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kuulu.workability.figures import (
    MonthTotals,
    combine,
    complementary_suppression,
    hidden_months,
    meets_goal,
    month_add,
    months_between,
    series,
    window_sizes,
)


def totals(month: date, headcount: int, person_years: str, rate: str, **counts: int) -> MonthTotals:
    py = Decimal(person_years)
    return MonthTotals(
        month=month,
        headcount=headcount,
        person_years=py,
        absence_weighted=Decimal(rate) * py,
        short_absences=counts.get("short", 0),
        work_accidents=counts.get("accidents", 0),
        early_support=counts.get("support", 0),
        disability_pensions=counts.get("pensions", 0),
        leavers=counts.get("leavers", 0),
    )


JAN = date(2026, 1, 1)


def test_month_arithmetic_crosses_years():
    assert month_add(JAN, -1) == date(2025, 12, 1)
    assert month_add(date(2025, 12, 1), 13) == date(2027, 1, 1)
    assert months_between(date(2025, 11, 1), JAN) == [date(2025, 11, 1), date(2025, 12, 1), JAN]


def test_absence_rate_is_weighted_by_person_years_not_averaged():
    # A big unit with few absences and a small one with many: 90 x 10 + 10 x 40 over 100.
    big = totals(JAN, 95, "90", "10")
    small = totals(JAN, 12, "10", "40")
    [point] = series(combine([[big], [small]]), [JAN])
    assert point.values["sickness_absence"] == Decimal("13.0")  # not (10 + 40) / 2 = 25
    assert point.values["headcount"] == Decimal(107)


def test_counts_are_summed_over_the_last_twelve_months_only():
    months = months_between(date(2025, 1, 1), JAN)  # 13 months
    data = [totals(m, 20, "18", "12", accidents=1, leavers=1) for m in months]
    points = series(data, [JAN])
    assert points[0].values["work_accidents"] == Decimal(12)
    assert points[0].values["turnover"] == Decimal("60.0")  # 12 leavers / 20 persons
    assert points[0].months_in_window == 12


def test_a_window_with_a_month_under_five_persons_is_suppressed():
    months = months_between(date(2025, 6, 1), JAN)
    data = [totals(m, 4 if m == date(2025, 6, 1) else 10, "9", "12") for m in months]
    first, *_rest, last = series(data, months)
    assert first.suppressed
    assert all(v is None for v in first.values.values())
    assert last.suppressed  # June 2025 is still inside January's 12 months
    later = series([*data, totals(date(2026, 6, 1), 10, "9", "12")], [date(2026, 6, 1)])
    assert not later[0].suppressed


def test_a_month_without_figures_has_no_point():
    [point] = series([totals(date(2025, 12, 1), 10, "9", "12")], [JAN])
    assert not point.suppressed
    assert point.values["headcount"] is None


def test_goals_are_ceilings_except_early_support():
    assert meets_goal("sickness_absence", Decimal(12), Decimal(14)) is True
    assert meets_goal("sickness_absence", Decimal(15), Decimal(14)) is False
    assert meets_goal("early_support", Decimal(3), Decimal(5)) is False
    assert meets_goal("headcount", Decimal(3), Decimal(5)) is None
    assert meets_goal("turnover", None, Decimal(5)) is None


def test_complementary_suppression_hides_a_second_row_when_one_is_small():
    assert complementary_suppression({"a": 3, "b": 40, "c": 12}) == {"a", "c"}
    assert complementary_suppression({"a": 3, "b": 4, "c": 12}) == {"a", "b"}
    assert complementary_suppression({"a": 30, "b": 40}) == set()
    assert complementary_suppression({"a": 3, "b": None}) == {"a"}
    # Two hidden rows holding 3 persons between them: the total less the shown rows would
    # give those 3 persons' figures, so the smallest shown row is hidden too.
    assert complementary_suppression({"a": 1, "b": 2, "c": 40, "d": 12}) == {"a", "b", "d"}
    assert complementary_suppression({"a": 0, "b": 3, "c": 40, "d": 12}) == {"a", "b", "d"}


def test_chart_labels_do_not_crowd_the_first_month():
    from kuulu.workability.charts import line_chart

    months = months_between(date(2024, 12, 1), date(2026, 11, 1))
    chart = line_chart(months, [Decimal(1)] * len(months), {2025: Decimal(2)})
    assert [t.label for t in chart.ticks] == ["1/2025", "7/2025", "1/2026", "7/2026"]
    assert len(chart.goals) == 1
    assert len(chart.lines) == 1
    gap = line_chart(months[:3], [Decimal(1), None, Decimal(2)], {})
    assert len(gap.lines) == 2
    assert [t.label for t in gap.ticks] == ["1/2025"]


def _rows(**sizes):  # type: ignore[no-untyped-def]
    """Rows of one month each (January 2026) with these headcounts."""
    month = date(2026, 1, 1)
    return {
        key: {month: MonthTotals(month, n, Decimal(n), Decimal(0), 0, 0, 0, 0, 0)}
        for key, n in sizes.items()
    }


def test_window_sizes_are_the_smallest_month_in_the_window_or_none():
    rows = _rows(a=7, b=3)
    feb = date(2026, 2, 1)
    rows["a"][feb] = MonthTotals(feb, 4, Decimal(4), Decimal(0), 0, 0, 0, 0, 0)
    assert window_sizes(rows, feb) == {"a": 4, "b": 3}
    assert window_sizes(rows, date(2027, 6, 1)) == {"a": None, "b": None}


def test_hidden_months_are_those_where_the_row_is_hidden_to_protect_another():
    rows = _rows(own=30, small=3, next_=9)
    jan = date(2026, 1, 1)
    assert hidden_months(rows, "next_", [jan]) == {jan}
    assert hidden_months(rows, "own", [jan]) == set()
    assert hidden_months(_rows(own=30, small=6, next_=9), "next_", [jan]) == set()
