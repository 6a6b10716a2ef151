from datetime import date

import pytest

from kuulu.indicators.types import Period
from kuulu.reports import content as report_content
from kuulu.reports.content import (
    CouncilRow,
    InitiativesSection,
    from_json,
    gather_content,
    quarters_of,
    to_json,
)
from kuulu.reports.tests.factories import TODAY, FakeSources, make_year_2025

pytestmark = pytest.mark.django_db


def test_initiatives_and_councils_of_a_year_are_counted_exactly(org):
    # given a county year with councils heard and initiatives (and rows outside the year)
    make_year_2025(org.county)

    # when the figures of 2025 are gathered
    content = gather_content(
        county=org.county, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )

    # then
    assert content.initiatives == InitiativesSection(
        available=True, received=3, notice_sent=2, notice_in_time=1, decided=1, open=2
    )
    assert content.councils.available is True
    assert content.councils.items == (
        CouncilRow(
            name={"fi": "Vanhusneuvosto", "sv": "Äldrerådet", "en": "Council for older people"},
            slug=content.councils.items[0].slug,
            requests=3,
            on_time=1,
            late=1,
            not_given=1,
            pending=0,
            responses=1,
        ),
    )
    assert content.councils.totals["requests"] == 3


def test_a_period_that_is_not_a_calendar_year_counts_only_its_days(org):
    # given the same data
    make_year_2025(org.county)

    # when the period is 1 Dec 2024 - 30 Apr 2025
    content = gather_content(
        county=org.county, start=date(2024, 12, 1), end=date(2025, 4, 30), today=TODAY
    )

    # then the initiative of 31 Dec 2024 and of 10 Mar 2025 count, the council's February request
    assert content.initiatives.received == 2
    assert content.initiatives.decided == 1
    assert content.councils.items[0].requests == 1
    assert content.councils.items[0].on_time == 1


def test_sections_whose_selectors_are_missing_are_not_available(org, monkeypatch):
    # given no programme, indicator or outcome selectors
    real = report_content._selector

    def only_feedback_and_channels(module, name):
        return real(module, name) if "feedback" in module or "channels" in module else None

    monkeypatch.setattr(report_content, "_selector", only_feedback_and_channels)

    # when
    content = gather_content(
        county=org.county, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )

    # then
    assert content.programme.available is False
    assert content.indicators.available is False
    assert content.outcomes.available is False
    assert content.initiatives.available is True


def test_indicators_programme_and_outcomes_come_from_their_selectors(org, monkeypatch):
    # given the other apps' selectors with fixed answers
    sources = FakeSources()
    sources.install(monkeypatch)

    # when
    content = gather_content(
        county=org.county, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )

    # then indicators: the year's value, four quarters and the target, names in three languages
    on_time, median = content.indicators.items
    assert on_time.code == "feedback_on_time"
    assert on_time.name == {
        "fi": "Ajoissa vastattu",
        "sv": "Besvarat i tid",
        "en": "Answered on time",
    }
    assert (on_time.value, on_time.numerator, on_time.denominator) == (80.0, 40.0, 50.0)
    assert [q.label for q in on_time.quarters] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    assert [q.value for q in on_time.quarters] == [70.0, 75.0, None, 90.0]
    assert on_time.target.target == 95.0
    assert on_time.target.baseline == 60.0
    assert on_time.target.goal_title["sv"] == "Vi svarar i tid"
    assert median.value is None
    assert median.suppressed is True
    assert median.target is None
    assert ("values", Period(date(2025, 1, 1), date(2025, 12, 31))) in sources.calls
    # programme
    assert content.programme.available is True
    assert content.programme.title == {
        "fi": "Osallisuusohjelma",
        "sv": "Delaktighetsprogram",
        "en": "Programme",
    }
    assert [(c.status, c.count) for c in content.programme.measure_counts] == [
        ("planned", 2),
        ("in_progress", 4),
        ("done", 1),
    ]
    assert content.programme.overdue == 1
    measure = content.programme.perspectives[0].goals[0].measures[0]
    assert measure.unit == {"fi": "Kotihoito", "sv": "Hemvård", "en": "Home care"}
    assert measure.last_follow_up == "2025 Q4"
    # outcomes
    assert [(c.status, c.count) for c in content.outcomes.counts] == [
        ("planned", 2),
        ("in_progress", 1),
        ("done", 1),
        ("not_done", 0),
    ]
    (outcome,) = content.outcomes.items
    assert outcome.title["en"] == "Benches in the yard"
    assert outcome.decided_on == "2025-06-02"
    assert outcome.progress == 100


def test_content_survives_the_json_round_trip(org, monkeypatch):
    # given full content
    FakeSources().install(monkeypatch)
    make_year_2025(org.county)
    content = gather_content(
        county=org.county, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )

    # when it goes to JSON and back
    data = to_json(content)
    import json

    again = from_json(json.loads(json.dumps(data)))

    # then nothing is lost
    assert again == content


def test_quarters_of_a_period_are_clipped_to_it():
    assert [q[0] for q in quarters_of(date(2025, 1, 1), date(2025, 12, 31))] == [
        "2025 Q1",
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
    ]
    assert quarters_of(date(2025, 2, 15), date(2025, 4, 10)) == [
        ("2025-02-15\u20132025-03-31", date(2025, 2, 15), date(2025, 3, 31)),
        ("2025-04-01\u20132025-04-10", date(2025, 4, 1), date(2025, 4, 10)),
    ]


def test_the_real_selectors_of_the_other_apps_give_a_complete_content(org):
    # given a county with no programme, no outcomes and the year's councils and initiatives
    make_year_2025(org.county)

    # when the figures are gathered through the real selectors
    content = gather_content(
        county=org.county, start=date(2025, 1, 1), end=date(2025, 12, 31), today=TODAY
    )

    # then every indicator of the catalogue is there with four quarters, and no programme
    from kuulu.indicators.selectors import indicator_catalogue

    codes = [d.code for d in indicator_catalogue(county_id=org.county.pk)]
    assert [i.code for i in content.indicators.items] == codes
    assert all(len(i.quarters) == 4 for i in content.indicators.items)
    assert content.programme.available is False
    assert content.outcomes.available is True
    assert sum(c.count for c in content.outcomes.counts) == 0
    assert from_json(to_json(content)) == content
