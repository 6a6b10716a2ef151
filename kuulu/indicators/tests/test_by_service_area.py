"""`indicator_values_by_service_area` equals `indicator_values` per service-area scope."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from kuulu.indicators import selectors
from kuulu.indicators.tests.fixtures import at, feedback, feedback_fixture
from kuulu.indicators.types import Period, Scope
from kuulu.organisation.tests.factories import make_person, make_unit

TODAY = date(2026, 5, 1)
Q1 = Period.quarter(2026, 1)


def _given_figures_in_several_areas(org):  # type: ignore[no-untyped-def]
    from kuulu.assignments.models import Assignment
    from kuulu.assignments.tests.factories import make_assignment
    from kuulu.learning.models import CourseCompletion

    feedback_fixture(org)  # area_a: enough persons; area_b: one (suppressed)
    empty_area = make_unit(org.county, code="area-c", name_fi="Tyhjä")
    # area_a: five scored items, three answered (two on time), and one open past its due date
    for n, score in enumerate([9, 10, 6, 3, 8]):
        answered = f"2026-02-{n + 12}" if n < 3 else None
        feedback(
            org.county,
            org.team_a1,
            f"2026-02-{n + 10}",
            due="2026-02-13",
            answered=answered,
            score=score,
        )
    feedback(org.county, org.unit_a, "2026-03-01", due="2026-03-10")
    staff = [make_person(org.county, kind="staff", unit=org.unit_b) for _ in range(6)]
    assignment = make_assignment(org.county)
    Assignment.objects.filter(pk=assignment.pk).update(due_on=date(2026, 3, 31))
    for person, day in zip(staff, ["2026-03-01", "2026-03-31", "2026-04-02"], strict=False):
        CourseCompletion.objects.create(
            user=person.user, course=assignment.course, completed_at=at(day)
        )
    return [org.area_a.pk, org.area_b.pk, empty_area.pk]


def test_values_by_service_area_equal_the_values_of_each_area_scope_exactly(org):
    # given feedback and training in two areas (one under the minimum group), and an empty area
    areas = _given_figures_in_several_areas(org)

    # when: every indicator, all areas at once, then each area's scope alone, caches emptied
    cache.clear()
    together = selectors.indicator_values_by_service_area(
        county_id=org.county.pk, area_ids=areas, period=Q1, today=TODAY
    )
    cache.clear()
    alone = {
        area: selectors.indicator_values(
            scope=Scope(org.county.pk, service_area_id=area), period=Q1, today=TODAY
        )
        for area in areas
    }

    # then: the same values, numerators, denominators, persons and suppression
    assert together == alone
    a, b, c = (together[area] for area in areas)

    def shown(v):  # type: ignore[no-untyped-def]
        return (v.value, v.numerator, v.denominator, v.persons, v.suppressed)

    assert shown(a["feedback_on_time"]) == (50.0, 6, 12, 12, False)
    assert shown(a["feedback_nps"]) == (0.0, None, None, 10, False)
    assert shown(a["training_on_time"]) == (None, None, None, 3, True)  # three staff: hidden
    assert shown(b["feedback_on_time"]) == (None, None, None, 1, True)  # one person: hidden
    assert shown(b["training_on_time"]) == (28.6, 2, 7, 7, False)
    assert all(v.value is None and not v.suppressed for v in c.values())


def test_values_by_service_area_take_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    areas = _given_figures_in_several_areas(org)
    codes = ["feedback_on_time", "feedback_nps", "training_on_time"]
    more = [*areas, *(make_unit(org.county, code=f"x{n}").pk for n in range(6))]
    counts = []
    for ids in (areas, more):
        cache.clear()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            selectors.indicator_values_by_service_area(
                county_id=org.county.pk, area_ids=ids, period=Q1, codes=codes, today=TODAY
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]
