"""Indicators from the assignments app: mandatory training completed on time.

Completion has three sources (course completion, attended event session, team completion) and
the audience is resolved when read, so this reuses `assignments.selectors.statuses_for_many`,
which reads them in a fixed number of queries for all the assignments due in the range. The
assignments are few; the people in scope are read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q

from kuulu.indicators.sources.common import date_range_q, date_sum, share
from kuulu.indicators.types import IndicatorValue, Period, Scope


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.assignments import selectors
    from kuulu.assignments.models import Assignment
    from kuulu.organisation.models import Person, Unit

    assignments = list(
        Assignment.objects.filter(
            date_range_q("due_on", periods),
            county_id=county_id,
            status=Assignment.Status.ACTIVE,
        ).prefetch_related("units")
    )
    on_time = [0] * len(periods)
    judged = [0] * len(periods)
    if assignments:
        people = Person.objects.filter(
            county_id=county_id, kind=Person.Kind.STAFF, is_active=True, unit__isnull=False
        ).select_related("unit")
        if scope.unit_path:
            people = people.filter(unit__path__startswith=scope.unit_path)
        if scope.service_area_id:
            people = people.filter(unit__path__startswith=f"{scope.service_area_id}/")
        if scope.municipality_id:
            people = people.filter(
                unit__in=Unit.objects.filter(municipalities=scope.municipality_id).values("pk")
            )
        found = selectors.statuses_for_many(assignments, scope=None, people=list(people))
        for a in assignments:
            index = next((i for i, p in enumerate(periods) if p.start <= a.due_on <= p.end), None)
            if index is None:
                continue
            for status in found.get(a.pk, []):
                if status.done_on is not None and status.done_on <= a.due_on:
                    on_time[index] += 1
                    judged[index] += 1
                elif status.done_on is not None or a.due_on < today:
                    judged[index] += 1
    return {
        "training_on_time": [
            share("training_on_time", n, d) for n, d in zip(on_time, judged, strict=True)
        ]
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.assignments.models import Assignment, TeamCompletion
    from kuulu.events.models import Registration
    from kuulu.learning.models import CourseCompletion
    from kuulu.organisation.models import Person

    a = Assignment.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), due=date_sum("due_on")
    )
    t = TeamCompletion.objects.filter(assignment__county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at"), people=Count("participants")
    )
    c = CourseCompletion.objects.aggregate(n=Count("id"), last=Max("id"))
    r = Registration.objects.filter(session__event__county_id=county_id).aggregate(
        attended=Count("id", filter=Q(attended=True)), changed=Max("updated_at")
    )
    p = Person.objects.filter(county_id=county_id, kind="staff").aggregate(
        n=Count("id"), changed=Max("updated_at"), active=Count("id", filter=Q(is_active=True))
    )
    return (
        tuple(a.values())
        + tuple(t.values())
        + tuple(c.values())
        + tuple(r.values())
        + tuple(p.values())
    )
