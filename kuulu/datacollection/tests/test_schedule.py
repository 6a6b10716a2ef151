from datetime import date

import pytest

from kuulu.datacollection.schedule import Occurrence, Rule, next_occurrence, occurrences


@pytest.mark.parametrize(
    ("rule", "month", "today", "expected"),
    [
        (Rule.EVERY_YEAR, 10, date(2025, 6, 1), Occurrence(2025, 10)),
        (Rule.EVERY_YEAR, 3, date(2025, 6, 1), Occurrence(2026, 3)),
        (Rule.EVERY_YEAR, 6, date(2025, 6, 30), Occurrence(2025, 6)),  # under way this month
        (Rule.EVEN_YEARS, 9, date(2025, 1, 15), Occurrence(2026, 9)),  # Terve Suomi
        (Rule.EVEN_YEARS, 9, date(2026, 10, 1), Occurrence(2028, 9)),
        (Rule.ODD_YEARS, 3, date(2025, 2, 1), Occurrence(2025, 3)),  # School Health Promotion
        (Rule.ODD_YEARS, 3, date(2025, 4, 1), Occurrence(2027, 3)),
        (Rule.ODD_YEARS, 3, date(2026, 12, 31), Occurrence(2027, 3)),
    ],
)
def test_next_occurrence(rule, month, today, expected):
    assert next_occurrence(rule=rule, month=month, today=today) == expected


def test_first_and_last_year_bound_the_schedule():
    assert next_occurrence(
        rule=Rule.EVERY_YEAR, month=5, today=date(2025, 1, 1), first_year=2027
    ) == Occurrence(2027, 5)
    assert (
        next_occurrence(rule=Rule.EVERY_YEAR, month=5, today=date(2025, 6, 1), last_year=2025)
        is None
    )
    assert next_occurrence(
        rule=Rule.EVEN_YEARS, month=5, today=date(2025, 1, 1), first_year=2027
    ) == Occurrence(2028, 5)


def test_a_one_off_collection_happens_once():
    assert next_occurrence(
        rule=Rule.ONCE, month=11, today=date(2025, 1, 1), first_year=2025
    ) == Occurrence(2025, 11)
    assert (
        next_occurrence(rule=Rule.ONCE, month=11, today=date(2025, 12, 1), first_year=2025) is None
    )
    assert next_occurrence(rule=Rule.ONCE, month=11, today=date(2025, 1, 1)) is None


def test_month_out_of_range_is_refused():
    with pytest.raises(ValueError, match="month"):
        next_occurrence(rule=Rule.EVERY_YEAR, month=13, today=date(2025, 1, 1))


def test_occurrences_lists_the_coming_rounds():
    rounds = occurrences(rule=Rule.EVEN_YEARS, month=9, today=date(2025, 1, 1), count=3)

    assert rounds == (Occurrence(2026, 9), Occurrence(2028, 9), Occurrence(2030, 9))
    assert occurrences(
        rule=Rule.EVERY_YEAR, month=9, today=date(2025, 1, 1), count=5, last_year=2026
    ) == (Occurrence(2025, 9), Occurrence(2026, 9))


def test_a_year_beyond_what_a_date_holds_has_no_occurrence():
    today = date(2025, 1, 1)
    assert next_occurrence(rule=Rule.ONCE, month=5, today=today, first_year=20255) is None
    assert next_occurrence(rule=Rule.EVERY_YEAR, month=5, today=today, first_year=20255) is None
    assert occurrences(rule=Rule.EVERY_YEAR, month=5, today=date(9998, 1, 1), count=5) == (
        Occurrence(9998, 5),
        Occurrence(9999, 5),
    )
