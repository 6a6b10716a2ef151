from __future__ import annotations

from datetime import date

import pytest

from kuulu.organisation.access import actor_for
from kuulu.outcomes.attention import late_follow_ups
from kuulu.outcomes.tests.factories import make_outcome

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


def test_late_follow_ups_for_coordinators_and_managers_of_the_units(org):
    make_outcome(org.county, units=[org.team_a1], follow_up_due=date(2026, 6, 1))
    make_outcome(org.county, units=[org.unit_b], follow_up_due=date(2026, 5, 1))
    make_outcome(org.county, units=[org.unit_a], follow_up_due=date(2026, 6, 20))  # not yet
    make_outcome(org.county, units=[org.unit_a], follow_up_due=date(2026, 1, 1), status="done")

    coordinator = late_follow_ups(actor_for(org.coordinator), TODAY)
    manager = late_follow_ups(actor_for(org.manager), TODAY)

    assert [(i.count, i.due) for i in coordinator] == [(2, date(2026, 5, 1))]
    assert [(i.count, i.due) for i in manager] == [(1, date(2026, 6, 1))]
    assert late_follow_ups(actor_for(org.staff), TODAY) == []
    assert late_follow_ups(actor_for(org.resident), TODAY) == []


def test_the_provider_runs_one_query(org, django_assert_num_queries):
    make_outcome(org.county, units=[org.unit_a], follow_up_due=date(2026, 6, 1))
    actor = actor_for(org.coordinator)
    with django_assert_num_queries(1):
        late_follow_ups(actor, TODAY)
