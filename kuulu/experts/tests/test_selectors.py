"""Reads: candidates for matching, rotation counts, suggestions with explanations."""

from decimal import Decimal

import pytest
from django.utils import translation

from kuulu.experts import selectors, services
from kuulu.experts.models import Engagement
from kuulu.experts.tests.factories import in_days, make_area, make_expert, make_request
from kuulu.organisation.tests.factories import make_municipality

pytestmark = pytest.mark.django_db


def _engage(expert_request, profile, *, days_ago: int, status: str = "done") -> Engagement:
    offer = services.make_offer(expert_request=expert_request, profile=profile)
    engagement = services.answer_offer(offer=offer, accept=True)
    Engagement.objects.filter(pk=engagement.pk).update(date=in_days(-days_ago), status=status)
    return engagement


def test_candidates_carry_rotation_and_exclude_the_unavailable(org):
    area = make_area(org.county)
    kajaani = org.county.municipalities.get()
    busy = make_expert(org.county, areas=[area], municipalities=[kajaani], languages=["fi", "sv"])
    idle = make_expert(org.county, areas=[area], remote_ok=True)
    make_expert(org.county, areas=[area], available=False)
    make_expert(org.county, areas=[area], unavailable_until=in_days(30))
    withdrawn = make_expert(org.county, areas=[area])
    services.withdraw_consent(profile=withdrawn)
    for days_ago, status in [(400, "done"), (100, "done"), (20, "done"), (10, "cancelled")]:
        _engage(
            make_request(org.staff_person, areas=[area]), busy, days_ago=days_ago, status=status
        )

    candidates = {c.id: c for c in selectors.candidates_for(org.county.pk, in_days(14))}

    assert set(candidates) == {busy.pk, idle.pk}
    c = candidates[busy.pk]
    assert (c.assignments_last_12_months, c.last_assignment_on) == (2, in_days(-20))
    assert (c.areas, c.languages, c.municipalities) == (
        frozenset({area.pk}),
        frozenset({"fi", "sv"}),
        frozenset({kajaani.pk}),
    )
    assert candidates[idle.pk].remote_ok
    assert candidates[idle.pk].assignments_last_12_months == 0


def test_suggestions_are_explained(org):
    area = make_area(org.county)
    other = make_area(org.county)
    kajaani = org.county.municipalities.get()
    kuhmo = make_municipality(org.county, name_fi="Kuhmo")
    near = make_expert(org.county, areas=[area, other], municipalities=[kajaani])
    far = make_expert(org.county, areas=[area], municipalities=[kuhmo], preferred_types=[])
    expert_request = make_request(org.staff_person, areas=[area, other], municipality=kajaani)

    with translation.override("en"):
        items = selectors.explained_suggestions(expert_request)

    assert [i.profile for i in items] == [near, far]
    assert items[0].explanation == (
        "matches 2 of 2 areas, speaks Finnish, in Kajaani, prefers this type of assignment, "
        "0 assignments in the last 12 months"
    )
    assert items[1].explanation == (
        "matches 1 of 2 areas, speaks Finnish, does not name the municipality, "
        "0 assignments in the last 12 months"
    )
    assert items[0].suggestion.score == 100.0
    assert items[1].suggestion.score == 20 + 0 + 5 + 20 + 10


def test_suggestions_use_a_fixed_number_of_queries(org, django_assert_num_queries):
    area = make_area(org.county)
    for _ in range(30):
        make_expert(org.county, areas=[area], municipalities=[org.county.municipalities.get()])
    expert_request = make_request(org.staff_person, areas=[area])
    expert_request = type(expert_request).objects.get(pk=expert_request.pk)
    # areas of the request, profiles, two through tables, rotation, then the ten shown:
    # profiles, their areas, offers; and the request's municipality for the explanation.
    with django_assert_num_queries(9):
        items = selectors.explained_suggestions(expert_request)
    assert len(items) == 10


def test_payroll_rows_cover_done_engagements_of_the_month(org):
    area = make_area(org.county)
    expert = make_expert(org.county, areas=[area])
    done = _engage(make_request(org.staff_person, areas=[area]), expert, days_ago=3)
    _engage(make_request(org.staff_person, areas=[area]), expert, days_ago=4, status="agreed")
    done.refresh_from_db()
    rows = selectors.payroll_rows(county_id=org.county.pk, first=done.date.replace(day=1))
    assert [r.engagement for r in rows] == [done]
    assert rows[0].cost_centre == "team-a1"
    assert rows[0].engagement.total_amount == Decimal("60.00")
