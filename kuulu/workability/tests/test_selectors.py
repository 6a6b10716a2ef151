"""A unit subtree's figures from the database: the subtree is combined properly, small groups
are hidden, goals are the unit's own, and the staff pulse sits beside them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kuulu.workability import selectors, services
from kuulu.workability.tests.factories import csv_row, import_rows, monthly_file, year_of

JAN = date(2026, 1, 1)


def test_subtree_combines_children_weighted_by_person_years(org):
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 2, 1, 0, 0, 1),
        *year_of("team-a1", "2026-01", 8, "4", "46", 3, 0, 2, 1, 0),
        *year_of("unit-b", "2026-01", 50, "50", "30", 9, 9, 9, 0, 0),  # another area
    )
    trend = selectors.trend_for(org.area_a, months=1)
    point = trend.latest
    assert point.month == JAN
    assert point.values["sickness_absence"] == Decimal("13.6")  # (360 + 184) / 40
    assert point.values["headcount"] == Decimal(48)
    assert point.values["short_absences"] == Decimal(60)  # 5 a month for 12 months
    assert point.values["work_accidents"] == Decimal(12)
    assert point.values["early_support"] == Decimal(24)
    assert point.values["disability_pensions"] == Decimal(12)
    assert point.values["turnover"] == Decimal("25.0")  # 12 / 48
    assert trend.rows == 2
    # The team alone is under five persons? No: 8; the team's own figures show.
    assert selectors.trend_for(org.team_a1, months=1).latest.values["sickness_absence"] == Decimal(
        "46.0"
    )


def test_a_unit_with_less_than_a_year_of_figures_is_left_out_and_says_so(org):
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 2, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 8, "8", "46", 3, 0, 0, 0, 0)[-3:],  # since November
    )
    point = selectors.trend_for(org.unit_a, months=1).latest
    assert point.values["sickness_absence"] == Decimal("10.0")  # the team is not counted yet
    assert point.values["headcount"] == Decimal(40)
    assert point.values["short_absences"] == Decimal(24)
    assert point.not_counted == 1
    team = selectors.trend_for(org.team_a1, months=3).points
    assert all(p.incomplete and p.values["headcount"] is None for p in team)
    rows = {(r.unit.code if r.unit else "own"): r for r in selectors.children_at(org.unit_a, JAN)}
    assert rows["team-a1"].point.incomplete
    assert not rows["team-a1"].suppressed


def test_a_unit_under_five_persons_is_suppressed_but_counts_in_its_parent(org):
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 40, "36", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 4, "4", "46", 0, 0, 0, 0, 0),
    )
    assert selectors.trend_for(org.team_a1, months=1).latest.suppressed
    parent = selectors.trend_for(org.unit_a, months=1).latest
    assert not parent.suppressed
    assert parent.values["headcount"] == Decimal(44)


def test_children_table_hides_the_small_unit_and_one_more(org):
    from kuulu.organisation.tests.factories import make_unit

    make_unit(org.county, parent=org.unit_a, code="team-a2", kind="team")
    import_rows(
        org.county,
        *year_of("unit-a", "2026-01", 30, "30", "10", 0, 0, 0, 0, 0),
        *year_of("team-a1", "2026-01", 3, "3", "46", 0, 0, 0, 0, 0),
        *year_of("team-a2", "2026-01", 9, "9", "20", 0, 0, 0, 0, 0),
    )
    rows = selectors.children_at(org.unit_a, JAN)
    by_name = {(r.unit.code if r.unit else "own"): r for r in rows}
    assert by_name["team-a1"].suppressed
    assert by_name["team-a2"].suppressed  # else 3 persons' figures = total - own - team-a2
    assert not by_name["own"].suppressed
    assert by_name["own"].point.values["sickness_absence"] == Decimal("10.0")


def test_a_unit_hidden_beside_a_small_one_is_hidden_on_its_own_page_and_below_too(org):
    """team-a2 is hidden in unit-a's table to protect team-a1 (3 persons); if its own page, or
    its own table of units, showed its figures, unit-a less own less team-a2 would give
    team-a1's. Once team-a1's year holds no month under five, team-a2 shows again."""
    from kuulu.organisation.tests.factories import make_unit

    team_a2 = make_unit(org.county, parent=org.unit_a, code="team-a2", kind="team")
    make_unit(org.county, parent=team_a2, code="team-a2x", kind="team")
    rows = []
    for last, small in (("2026-01", 3), ("2027-01", 6)):
        rows += [
            *year_of("unit-a", last, 30, "30", "10", 0, 0, 0, 0, 0),
            *year_of("team-a1", last, small, str(small), "46", 0, 0, 0, 0, 0),
            *year_of("team-a2", last, 6, "6", "20", 0, 0, 0, 0, 0),
            *year_of("team-a2x", last, 5, "5", "20", 0, 0, 0, 0, 0),
        ]
    import_rows(org.county, *rows)
    trend = selectors.trend_for(team_a2, months=13, last=date(2027, 1, 1))
    assert trend.points[0].month == JAN
    assert trend.points[0].suppressed  # hidden in its parent's table in January 2026
    assert trend.points[0].values["sickness_absence"] is None
    assert not trend.latest.suppressed  # team-a1 has had 6 persons all year by then
    assert trend.latest.values["sickness_absence"] == Decimal("20.0")
    assert all(row.suppressed for row in selectors.children_at(team_a2, JAN))
    assert not any(row.suppressed for row in selectors.children_at(team_a2, date(2027, 1, 1)))
    # the parent's own page is not hidden: nothing above it hides it
    assert not selectors.trend_for(org.unit_a, months=1, last=JAN).latest.suppressed


def test_goals_are_per_unit_figure_and_year(org):
    services.set_goal(unit=org.unit_a, figure="sickness_absence", year=2026, value=Decimal(14))
    services.set_goal(unit=org.unit_a, figure="work_accidents", year=2026, value=Decimal(2))
    services.set_goal(unit=org.unit_a, figure="work_accidents", year=2026, value=Decimal(3))
    services.set_goal(unit=org.unit_a, figure="sickness_absence", year=2025, value=None)
    assert selectors.goals_for(org.unit_a) == {
        ("sickness_absence", 2026): Decimal(14),
        ("work_accidents", 2026): Decimal(3),
    }
    services.set_goal(unit=org.unit_a, figure="work_accidents", year=2026, value=None)
    assert ("work_accidents", 2026) not in selectors.goals_for(org.unit_a)
    assert selectors.goals_for(org.team_a1) == {}


def test_goal_rules(org):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.set_goal(unit=org.unit_a, figure="sickness_absence", year=2026, value=Decimal(400))
    with pytest.raises(ValidationError):
        services.set_goal(unit=org.unit_a, figure="colour", year=2026, value=Decimal(1))
    with pytest.raises(ValidationError):
        services.set_goal(unit=org.unit_a, figure="work_accidents", year=2026, value=Decimal(-1))


def test_trend_over_two_years(org):
    services.import_figures(
        county=org.county,
        data=monthly_file([org.unit_a], first=date(2024, 1, 1), months=24, rate="12,0"),
    )
    trend = selectors.trend_for(org.unit_a, months=24)
    assert trend.months[0] == date(2024, 1, 1)
    assert trend.months[-1] == date(2025, 12, 1)
    # The first eleven months have no whole year behind them.
    assert all(p.incomplete for p in trend.points[:11])
    assert all(p.values["sickness_absence"] == Decimal("12.0") for p in trend.points[11:])
    assert trend.points[11].values["short_absences"] == Decimal(24)
    assert trend.points[-1].values["short_absences"] == Decimal(24)
    assert trend.rows == 24


def test_a_month_imported_later_completes_the_years_that_hold_it(org):
    """The stored windows follow the import: a missing month leaves its unit out of the 12
    windows that hold it, and importing the month afterwards counts the unit there again."""
    rows = year_of("unit-a", "2026-01", 10, "10", "10", 1, 0, 0, 0, 0)
    gap = rows.pop(5)  # 2025-07
    import_rows(org.county, *rows, *year_of("unit-a", "2027-01", 10, "10", "10", 1, 0, 0, 0, 0))
    before = selectors.trend_for(org.unit_a, months=7, last=date(2026, 7, 1)).points
    assert [p.incomplete for p in before] == [True] * 6 + [False]  # January to July 2026
    import_rows(org.county, gap)
    after = selectors.trend_for(org.unit_a, months=7, last=date(2026, 7, 1)).points
    assert not any(p.incomplete for p in after)
    assert after[0].values["short_absences"] == Decimal(12)
    # Replacing a month changes the stored years that hold it.
    import_rows(
        org.county, csv_row("unit-a", "2025-07", 10, "10", "10", 7, 0, 0, 0, 0), replace=True
    )
    replaced = selectors.trend_for(org.unit_a, months=7, last=date(2026, 7, 1)).points
    assert [p.values["short_absences"] for p in replaced] == [Decimal(18)] * 6 + [Decimal(12)]
