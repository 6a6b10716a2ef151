from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kuulu.feedback.tests.factories import make_feedback, make_initiative
from kuulu.outcomes import selectors
from kuulu.outcomes.models import Outcome
from kuulu.outcomes.tests.factories import link, make_outcome, make_statement

pytestmark = pytest.mark.django_db
HELSINKI = ZoneInfo("Europe/Helsinki")


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=HELSINKI)


def test_traced_input_share_counts_linked_inputs_received_in_the_period(org):
    # given three feedback items in March and one in April, and an initiative in March
    march = [
        make_feedback(
            org.county, org.unit_a, text=f"Palaute {n}", received_at=_at(date(2026, 3, n))
        )
        for n in (2, 3, 4)
    ]
    april = make_feedback(
        org.county, org.unit_b, text="Huhtikuu", received_at=_at(date(2026, 4, 2))
    )
    initiative = make_initiative(org.county)
    initiative.received_at = _at(date(2026, 3, 10))
    initiative.save(update_fields=["received_at"])
    outcome = make_outcome(org.county)
    link(outcome, "feedback", march[0])
    link(outcome, "feedback", april)
    link(outcome, "initiative", initiative)
    other = make_outcome(org.county)
    link(other, "feedback", march[0])  # linked twice, counted once

    # when
    share = selectors.traced_input_share(
        county_id=org.county.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    unit_share = selectors.traced_input_share(
        county_id=org.county.pk,
        start=date(2026, 3, 1),
        end=date(2026, 4, 30),
        unit_path=org.unit_b.path,
    )

    # then
    assert share == (2, 4)
    assert unit_share == (1, 1)


def test_council_statement_share_and_counts_by_status(org):
    statement = make_statement(org.county, date(2026, 2, 1))
    with_statement = make_outcome(org.county, decided_on=date(2026, 3, 1))
    link(with_statement, "council_statement", statement)
    make_outcome(org.county, decided_on=date(2026, 3, 5), status="in_progress")
    make_outcome(org.county, decided_on=date(2025, 3, 5), status="done")

    assert selectors.council_statement_share(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    ) == (1, 2)
    assert selectors.outcome_counts_by_status(county_id=org.county.pk) == {
        "planned": 1,
        "in_progress": 1,
        "done": 1,
        "not_done": 0,
    }
    assert selectors.outcome_counts_by_status(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    ) == {"planned": 1, "in_progress": 1, "done": 0, "not_done": 0}


def test_published_outcomes_are_those_published_and_decided_in_the_period(org):
    shown = make_outcome(org.county, decided_on=date(2026, 5, 1))
    Outcome.objects.filter(pk=shown.pk).update(is_published=True)
    make_outcome(org.county, decided_on=date(2026, 5, 2))  # not published
    old = make_outcome(org.county, decided_on=date(2024, 5, 2))
    Outcome.objects.filter(pk=old.pk).update(is_published=True)

    result = selectors.published_outcomes(
        county_id=org.county.pk, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )

    assert [o.pk for o in result] == [shown.pk]
