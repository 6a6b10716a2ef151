from datetime import date

from kuulu.programme.quarters import (
    Quarter,
    default_follow_up_quarter,
    follow_up_due,
    follow_up_period,
    previous_quarter,
    quarters_between,
)


def test_quarter_of_a_day_and_its_bounds():
    quarter = Quarter.of(date(2026, 5, 17))

    assert quarter == Quarter(2026, 2)
    assert (quarter.start, quarter.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert Quarter(2026, 4).end == date(2026, 12, 31)
    assert quarter.label == "2026 Q2"


def test_previous_quarter_crosses_the_year():
    assert previous_quarter(date(2026, 1, 1)) == Quarter(2025, 4)
    assert previous_quarter(date(2026, 3, 31)) == Quarter(2025, 4)
    assert previous_quarter(date(2026, 4, 1)) == Quarter(2026, 1)


def test_quarters_between_lists_every_quarter_in_order():
    assert quarters_between(date(2025, 11, 3), date(2026, 4, 1)) == [
        Quarter(2025, 4),
        Quarter(2026, 1),
        Quarter(2026, 2),
    ]


def _due(**overrides):
    values = {
        "today": date(2026, 4, 10),
        "status": "in_progress",
        "starts_on": date(2025, 1, 1),
        "due_on": date(2026, 12, 31),
        "programme_start_year": 2025,
        "programme_end_year": 2028,
        "recorded": set(),
    }
    values.update(overrides)
    return follow_up_due(**values)


def test_follow_up_is_due_without_last_quarters_entry():
    assert _due() is True
    assert _due(recorded={(2026, 1)}) is False
    # An entry of an older quarter does not cover the last one.
    assert _due(recorded={(2025, 4)}) is True


def test_follow_up_is_due_when_past_the_due_date_even_with_entries():
    assert _due(due_on=date(2026, 4, 9), recorded={(2026, 1)}) is True
    assert _due(due_on=date(2026, 4, 10), recorded={(2026, 1)}) is False


def test_done_and_cancelled_measures_never_need_follow_up():
    assert _due(status="done", due_on=date(2025, 1, 1)) is False
    assert _due(status="cancelled") is False


def test_no_follow_up_before_the_measure_or_the_programme_starts():
    assert _due(starts_on=date(2026, 4, 1)) is False
    assert _due(starts_on=date(2026, 3, 31)) is True
    assert _due(programme_start_year=2027, due_on=None) is False


def test_no_follow_up_is_due_for_a_quarter_after_the_programme_period():
    # 2028 Q4 is the period's last quarter; on 2029-04-10 the last one ended is 2029 Q1.
    assert _due(today=date(2029, 1, 10), due_on=None) is True
    assert _due(today=date(2029, 1, 10), due_on=None, recorded={(2028, 4)}) is False
    assert _due(today=date(2029, 4, 10), due_on=None) is False
    assert _due(today=date(2029, 4, 10), due_on=None, recorded={(2028, 4)}) is False
    # A measure left open past its due date still needs attention.
    assert _due(today=date(2029, 4, 10), due_on=date(2028, 12, 31)) is True


def test_the_proposed_quarter_is_the_last_ended_one_within_the_period():
    def proposed(day):
        return default_follow_up_quarter(today=day, start_year=2025, end_year=2028)

    assert proposed(date(2026, 4, 10)) == Quarter(2026, 1)
    assert proposed(date(2026, 1, 10)) == Quarter(2025, 4)
    # In the first quarter of the period, before any quarter has ended: that first quarter,
    # which has started (the follow-up takes it), not the year before's Q4.
    assert proposed(date(2025, 2, 15)) == Quarter(2025, 1)
    # After the period: its last quarter as a whole, not the last year with today's quarter.
    assert proposed(date(2029, 4, 10)) == Quarter(2028, 4)
    assert proposed(date(2031, 8, 1)) == Quarter(2028, 4)
    assert proposed(date(2029, 1, 5)) == Quarter(2028, 4)


def test_follow_up_period_stands_at_a_quarter_of_the_programmes_years():
    def period(today):
        result = follow_up_period(today=today, start_year=2025, end_year=2028)
        return result.state, result.quarter

    assert period(date(2024, 11, 1)) == ("upcoming", Quarter(2025, 1))
    assert period(date(2025, 3, 31)) == ("upcoming", Quarter(2025, 1))
    assert period(date(2025, 4, 1)) == ("running", Quarter(2025, 1))
    assert period(date(2028, 12, 31)) == ("running", Quarter(2028, 3))
    assert period(date(2029, 1, 1)) == ("ended", Quarter(2028, 4))
    assert period(date(2031, 6, 1)) == ("ended", Quarter(2028, 4))
