"""Indicators from the assignments app: mandatory training completed on time.

The same rules as `kuulu.assignments.selectors` (audience resolved when read: active staff of
the chosen units' subtrees, or of the whole county, optionally managers only; done by whichever
comes first of a course completion, an attended session of the event, or a team completion that
names the person), as one aggregate query per assignment due in the range: a count of the
audience with EXISTS conditions, never the people in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Q

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    area_case,
    date_range_q,
    date_sum,
    end_of,
    share,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = (
    "assignments_assignment",
    "assignments_assignment_units",
    "assignments_teamcompletion",
    "assignments_teamcompletion_participants",
    "events_event",
    "events_session",
    "events_registration",
    "learning_coursecompletion",
    "organisation_person",
    *SCOPE_TABLES,
)


def _done(assignment, by: date | None) -> Exists | Q:  # type: ignore[no-untyped-def]
    """An EXISTS over the person's completions (on or before `by`, or ever when None)."""
    from kuulu.assignments.models import TeamCompletion
    from kuulu.events.models import Registration
    from kuulu.learning.models import CourseCompletion

    if assignment.course_id:
        own = CourseCompletion.objects.filter(
            course_id=assignment.course_id, user_id=OuterRef("user_id")
        )
        if by is not None:
            own = own.filter(completed_at__lt=end_of(by))
    else:
        own = Registration.objects.filter(
            session__event_id=assignment.event_id, attended=True
        ).filter(
            Q(user_id=OuterRef("user_id")) | (Q(email__iexact=OuterRef("email")) & ~Q(email=""))
        )
        if by is not None:
            own = own.filter(session__starts_at__lt=end_of(by))
    team = TeamCompletion.participants.through.objects.filter(
        teamcompletion__assignment_id=assignment.pk, person_id=OuterRef("pk")
    )
    if by is not None:
        team = team.filter(teamcompletion__completed_on__lte=by)
    return Exists(own) | Exists(team)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    return _compute(county_id=county_id, scope=scope, periods=periods, today=today)[None]


def compute_by_area(
    *, county_id: int, area_ids: Sequence[int], periods: Sequence[Period], today: date
) -> dict[int, dict[str, list[IndicatorValue]]]:
    """`compute` for each service area's scope at once: per assignment one aggregate query
    grouped by the service area (the first segment of the person's unit's path)."""
    return _compute(
        county_id=county_id, scope=Scope(county_id), periods=periods, today=today, areas=area_ids
    )


def _compute(
    *,
    county_id: int,
    scope: Scope,
    periods: Sequence[Period],
    today: date,
    areas: Sequence[int] | None = None,
) -> dict:  # type: ignore[type-arg]
    from kuulu.assignments.models import Assignment
    from kuulu.organisation.models import Person, Unit

    groups: list[int | None] = [None] if areas is None else list(areas)
    on_time = {g: [0] * len(periods) for g in groups}
    judged = {g: [0] * len(periods) for g in groups}
    assignments = Assignment.objects.filter(
        date_range_q("due_on", periods), county_id=county_id, status=Assignment.Status.ACTIVE
    ).prefetch_related("units")
    staff = Person.objects.filter(
        county_id=county_id, kind=Person.Kind.STAFF, is_active=True, unit__isnull=False
    )
    if scope.unit_path:
        staff = staff.filter(unit__path__startswith=scope.unit_path)
    if scope.service_area_id:
        staff = staff.filter(unit__path__startswith=f"{scope.service_area_id}/")
    if scope.municipality_id:
        staff = staff.filter(
            unit__in=Unit.objects.filter(municipalities=scope.municipality_id).values("pk")
        )
    for a in assignments:
        index = next((i for i, p in enumerate(periods) if p.start <= a.due_on <= p.end), None)
        if index is None:
            continue
        people = staff
        units = list(a.units.all())
        if units:
            audience = Q()
            for unit in units:
                audience |= Q(unit__path__startswith=unit.path)
            people = people.filter(audience)
        if a.managers_only:
            people = people.filter(is_manager=True)
        counts = {
            "on_time": Count("id", filter=_done(a, a.due_on)),
            "judged": Count("id") if a.due_on < today else Count("id", filter=_done(a, None)),
        }
        if areas is None:
            rows = [{"area": None, **people.aggregate(**counts)}]
        else:
            rows = (
                people.annotate(area=area_case(areas))
                .filter(area__isnull=False)
                .values("area")
                .annotate(**counts)
                .order_by()
            )
        for row in rows:
            on_time[row["area"]][index] += row["on_time"]
            judged[row["area"]][index] += row["judged"]
    return {
        g: {
            "training_on_time": [
                share("training_on_time", n, d) for n, d in zip(on_time[g], judged[g], strict=True)
            ]
        }
        for g in groups
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
        n=Count("id"),
        changed=Max("updated_at"),
        people=Count("participants"),
        days=date_sum("completed_on"),
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
