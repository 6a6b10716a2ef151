"""The pure combination of monthly figures: whole 12-month windows, weighting and suppression."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kuulu.workability.figures import (
    MonthTotals,
    Window,
    combine,
    complementary_suppression,
    hidden_months,
    meets_goal,
    month_add,
    months_between,
    series,
    unit_windows,
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


def year_to(last: date, headcount: int, person_years: str, rate: str, **counts: int):  # type: ignore[no-untyped-def]
    """A unit's figures for the 12 months to `last`, alike."""
    return [totals(month_add(last, -i), headcount, person_years, rate, **counts) for i in range(12)]


def windows(*units):  # type: ignore[no-untyped-def]
    """The units' windows summed month by month, as the database sums the stored ones."""
    return combine(unit_windows(u).values() for u in units)


def test_month_arithmetic_crosses_years():
    assert month_add(JAN, -1) == date(2025, 12, 1)
    assert month_add(date(2025, 12, 1), 13) == date(2027, 1, 1)
    assert months_between(date(2025, 11, 1), JAN) == [date(2025, 11, 1), date(2025, 12, 1), JAN]


def test_absence_rate_is_weighted_by_person_years_not_averaged():
    # A big unit with few absences and a small one with many: 90 x 10 + 10 x 40 over 100.
    big = year_to(JAN, 95, "90", "10")
    small = year_to(JAN, 12, "10", "40")
    [point] = series(windows(big, small), [JAN])
    assert point.values["sickness_absence"] == Decimal("13.0")  # not (10 + 40) / 2 = 25
    assert point.values["headcount"] == Decimal(107)


def test_counts_are_summed_over_the_last_twelve_months_only():
    months = months_between(date(2025, 1, 1), JAN)  # 13 months
    data = [totals(m, 20, "18", "12", accidents=1, leavers=1) for m in months]
    [point] = series(windows(data), [JAN])
    assert point.values["work_accidents"] == Decimal(12)
    assert point.values["turnover"] == Decimal("60.0")  # 12 leavers / 20 persons
    assert point.not_counted == 0


def test_a_unit_counts_only_from_its_twelfth_month_of_figures():
    months = months_between(date(2025, 2, 1), JAN)  # 12 months
    data = [totals(m, 20, "18", "12", short=m.month) for m in months]
    points = series(windows(data), months)
    # Eleven months of one unit alone would give its months one by one, each point less the
    # one before; and a part of a year is no figure to hold against a yearly goal.
    assert all(p.incomplete and not p.suppressed for p in points[:-1])
    assert all(v is None for p in points[:-1] for v in p.values.values())
    assert points[0].not_counted == 1
    assert not points[-1].incomplete
    assert points[-1].values["short_absences"] == Decimal(sum(range(1, 13)))


def test_a_month_missing_from_the_hr_files_leaves_its_twelve_windows_out():
    months = months_between(date(2024, 1, 1), date(2026, 6, 1))
    gap = date(2025, 3, 1)
    data = [totals(m, 20, "18", "12") for m in months if m != gap]
    by_month = {p.month: p for p in series(windows(data), months)}
    out = [m for m, p in by_month.items() if p.incomplete]
    assert out == months_between(date(2024, 1, 1), date(2024, 11, 1)) + months_between(
        month_add(gap, 1), month_add(gap, 11)
    )
    assert by_month[gap].values["headcount"] is None  # no figures at all that month
    assert not by_month[gap].incomplete
    assert by_month[month_add(gap, 12)].values["headcount"] == Decimal(20)


def test_a_parent_counts_the_units_with_whole_years_and_says_how_many_it_left_out():
    old = year_to(JAN, 30, "28", "10", short=1)
    new = [totals(m, 8, "7", "40", short=5) for m in months_between(date(2025, 10, 1), JAN)]
    [point] = series(windows(old, new), [JAN])
    assert point.values["short_absences"] == Decimal(12)  # the old unit's year only
    assert point.values["headcount"] == Decimal(30)
    assert point.values["sickness_absence"] == Decimal("10.0")
    assert point.not_counted == 1
    # Consecutive points differ by the old unit's months only: the new unit's first months
    # never enter a figure one by one.
    nov, dec = series(windows(old, new), [date(2025, 11, 1), date(2025, 12, 1)])
    assert nov.incomplete  # the old unit's year starts in February 2025
    assert dec.incomplete


def test_a_window_with_a_month_under_five_persons_is_suppressed():
    months = months_between(date(2024, 7, 1), date(2026, 6, 1))
    small = date(2025, 6, 1)
    data = [totals(m, 4 if m == small else 10, "9", "12") for m in months]
    by_month = {p.month: p for p in series(windows(data), months)}
    assert by_month[small].suppressed
    assert all(v is None for v in by_month[small].values.values())
    assert by_month[date(2026, 5, 1)].suppressed  # June 2025 is still inside May's 12 months
    assert not by_month[date(2026, 6, 1)].suppressed
    assert not by_month[date(2025, 5, 1)].suppressed


def test_a_month_without_figures_has_no_point():
    [point] = series(windows(year_to(date(2025, 12, 1), 10, "9", "12")), [JAN])
    assert not point.suppressed
    assert not point.incomplete
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
    """Rows of one month each (January 2026) whose counted units had these smallest
    headcounts in their windows."""
    month = date(2026, 1, 1)
    return {
        key: {month: Window(month, units=1, reporting=1, smallest=n)} for key, n in sizes.items()
    }


def test_window_sizes_are_the_counted_units_smallest_headcounts_or_none():
    feb = date(2026, 2, 1)
    rows = _rows(a=7, b=3)
    rows["a"][feb] = Window(feb, units=1, reporting=1, smallest=4)
    rows["b"][feb] = Window(feb, units=0, reporting=1)  # b's figures are not a whole year there
    assert window_sizes(rows, JAN) == {"a": 7, "b": 3}
    assert window_sizes(rows, feb) == {"a": 4, "b": None}
    assert window_sizes(rows, date(2027, 6, 1)) == {"a": None, "b": None}


def test_a_unit_window_holds_its_smallest_month_and_its_sums():
    data = year_to(JAN, 10, "9", "12", short=2)
    data[3] = totals(data[3].month, 6, "5", "12", short=2)
    window = unit_windows(data)[JAN]
    assert (window.units, window.reporting, window.smallest) == (1, 1, 6)
    assert window.headcount == 10
    assert window.headcount_months == 11 * 10 + 6
    assert window.short_absences == 24
    assert window.person_years == Decimal(11 * 9 + 5)


def test_hidden_months_are_those_where_the_row_is_hidden_to_protect_another():
    rows = _rows(own=30, small=3, next_=9)
    jan = date(2026, 1, 1)
    assert hidden_months(rows, "next_", [jan]) == {jan}
    assert hidden_months(rows, "own", [jan]) == set()
    assert hidden_months(_rows(own=30, small=6, next_=9), "next_", [jan]) == set()
