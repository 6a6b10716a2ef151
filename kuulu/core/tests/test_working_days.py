from datetime import date

import pytest

from kuulu.core.working_days import deadline, is_working_day


@pytest.mark.parametrize(
    ("ends_on", "runs_to"),
    [
        (date(2026, 12, 9), date(2026, 12, 9)),  # a Wednesday stays
        (date(2026, 12, 5), date(2026, 12, 7)),  # Saturday -> Monday
        (date(2026, 12, 13), date(2026, 12, 14)),  # Sunday -> Monday
        (date(2027, 12, 6), date(2027, 12, 7)),  # Independence Day on a Monday -> Tuesday
        (date(2026, 12, 24), date(2026, 12, 28)),  # Christmas Eve, Christmas, Boxing Day, Sunday
        (date(2027, 6, 25), date(2027, 6, 28)),  # Midsummer Eve (Friday) -> Monday
        (date(2027, 3, 26), date(2027, 3, 30)),  # Good Friday -> the Tuesday after Easter
        (date(2027, 5, 1), date(2027, 5, 3)),  # May Day on a Saturday -> Monday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Day (Thursday) -> Friday
        (date(2027, 1, 6), date(2027, 1, 7)),  # Epiphany on a Wednesday -> Thursday
        (date(2099, 12, 25), date(2099, 12, 28)),  # the calendar holds the century Kuulu accepts
    ],
)
def test_a_time_limit_ending_on_a_day_off_runs_to_the_next_working_day(ends_on, runs_to):
    assert deadline(ends_on) == runs_to
    assert is_working_day(runs_to)


def test_ordinary_weekdays_are_working_days_and_eves_are_not():
    assert is_working_day(date(2026, 12, 23))  # the day before Christmas Eve
    assert not is_working_day(date(2026, 6, 19))  # Midsummer Eve
    assert is_working_day(date(2026, 12, 31))  # New Year's Eve is a working day
