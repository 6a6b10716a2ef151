"""Reads for mandatory training: who is assigned, who is done, and reports.

Completion comes from three sources, whichever is earliest: the learner's course completion, an
attended event session (marked by the organiser), or a team completion that names the person.
A fixed number of queries per assignment, however many people it covers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from kuulu.assignments.models import Assignment, TeamCompletion
from kuulu.assignments.progress import (
    Learner,
    Tally,
    earliest,
    group_by,
    roll_up,
    tally,
)
from kuulu.events.models import Event, Programme, Registration
from kuulu.learning.models import CourseCompletion
from kuulu.organisation.access import Actor
from kuulu.organisation.models import Person, Unit


def today() -> date:
    return timezone.localdate()


def visible_assignments(actor: Actor) -> QuerySet[Assignment]:
    """Coordinators see all; managers the active ones that cover someone in their subtree."""
    qs = Assignment.objects.select_related("course", "event").prefetch_related("units")
    if actor.is_coordinator:
        return qs.filter(county_id=actor.county_id) if actor.county_id else qs
    if actor.is_manager and actor.unit_path and actor.county_id:
        return qs.filter(
            _covers_someone_within(actor.unit_path, county_id=actor.county_id),
            status=Assignment.Status.ACTIVE,
            county_id=actor.county_id,
        )
    return qs.none()


def _covers_someone_within(path: str, *, county_id: int) -> Q:
    """Assignments of the county whose audience includes someone in the unit subtree `path`:
    the rule of `assigned_people` and `covers`, in the database (one query, however many
    assignments). A person in the subtree is covered by a unit of the assignment that is either
    above the subtree (or its top), so anyone in it will do, or inside it, so someone in that
    unit's own subtree is needed; with no units, anyone in the subtree."""
    through = Assignment.units.through
    ancestors = [path[: i + 1] for i, char in enumerate(path) if char == "/"] or [path]
    staff = Person.objects.filter(
        county_id=county_id, kind=Person.Kind.STAFF, is_active=True, unit__isnull=False
    )

    def covered(people: QuerySet[Person]) -> Q:
        no_units = ~Exists(through.objects.filter(assignment_id=OuterRef("pk")))
        unit_above = Exists(
            through.objects.filter(assignment_id=OuterRef("pk"), unit__path__in=ancestors)
        )
        unit_inside = Exists(
            through.objects.filter(
                Exists(people.filter(unit__path__startswith=OuterRef("unit__path"))),
                assignment_id=OuterRef("pk"),
                unit__path__startswith=path,
            )
        )
        anyone_within = Exists(people.filter(unit__path__startswith=path))
        return ((no_units | unit_above) & anyone_within) | unit_inside

    return (Q(managers_only=False) & covered(staff)) | (
        Q(managers_only=True) & covered(staff.filter(is_manager=True))
    )


def assigned_people(assignment: Assignment) -> QuerySet[Person]:
    people = Person.objects.filter(
        county_id=assignment.county_id,
        kind=Person.Kind.STAFF,
        is_active=True,
        unit__isnull=False,
    )
    units = list(assignment.units.all())
    if units:
        audience = Q()
        for unit in units:
            audience |= Q(unit__path__startswith=unit.path)
        people = people.filter(audience)
    if assignment.managers_only:
        people = people.filter(is_manager=True)
    return people


def covers(assignment: Assignment, person: Person) -> bool:
    """The same rule as assigned_people, for one person already in memory (units prefetched)."""
    if person.kind != Person.Kind.STAFF or not person.is_active or person.unit is None:
        return False
    if person.county_id != assignment.county_id:
        return False
    if assignment.managers_only and not person.is_manager:
        return False
    units = list(assignment.units.all())
    return not units or any(person.unit.path.startswith(u.path) for u in units)


@dataclass(frozen=True)
class PersonStatus:
    person: Person
    done_on: date | None
    how: str
    overdue: bool


@dataclass
class _Completions:
    """Completion dates for a set of assignments, loaded in three queries."""

    by_course_user: dict[tuple[int, int], date] = field(default_factory=dict)
    by_event_user: dict[tuple[int, int], date] = field(default_factory=dict)
    by_event_email: dict[tuple[int, str], date] = field(default_factory=dict)
    by_assignment_person: dict[tuple[int, int], date] = field(default_factory=dict)


def _keep_earliest(target: dict, key: object, day: date) -> None:
    target[key] = min(day, target.get(key, day))


def _load_completions(assignments: list[Assignment], users: QuerySet | None = None) -> _Completions:
    """Course completions, attended registrations and team records for the assignments.
    `users` (a subquery of user ids) narrows the course completions when few people matter."""
    loaded = _Completions()
    course_ids = {a.course_id for a in assignments if a.course_id}
    event_ids = {a.event_id for a in assignments if a.event_id}
    if course_ids:
        completions = CourseCompletion.objects.filter(course_id__in=course_ids)
        if users is not None:
            completions = completions.filter(user_id__in=users)
        for course_id, user_id, at in completions.values_list(
            "course_id", "user_id", "completed_at"
        ):
            _keep_earliest(
                loaded.by_course_user, (course_id, user_id), timezone.localtime(at).date()
            )
    if event_ids:
        for event_id, user_id, email, at in Registration.objects.filter(
            session__event_id__in=event_ids, attended=True
        ).values_list("session__event_id", "user_id", "email", "session__starts_at"):
            day = timezone.localtime(at).date()
            if user_id:
                _keep_earliest(loaded.by_event_user, (event_id, user_id), day)
            if email:
                _keep_earliest(loaded.by_event_email, (event_id, email.lower()), day)
    for assignment_id, person_id, day in TeamCompletion.participants.through.objects.filter(
        teamcompletion__assignment__in=[a.pk for a in assignments]
    ).values_list("teamcompletion__assignment_id", "person_id", "teamcompletion__completed_on"):
        _keep_earliest(loaded.by_assignment_person, (assignment_id, person_id), day)
    return loaded


def _status(
    assignment: Assignment, person: Person, loaded: _Completions, now: date
) -> PersonStatus:
    if assignment.course_id:
        own = loaded.by_course_user.get((assignment.course_id, person.user_id or 0))
        kind = "course"
    else:
        own = earliest(
            loaded.by_event_user.get((assignment.event_id, person.user_id or 0)),
            loaded.by_event_email.get((assignment.event_id, person.email.lower()))
            if person.email
            else None,
        )
        kind = "event"
    team = loaded.by_assignment_person.get((assignment.pk, person.pk))
    done = earliest(own, team)
    how = "" if done is None else (kind if own is not None and own == done else "team")
    return PersonStatus(
        person=person, done_on=done, how=how, overdue=done is None and now > assignment.due_on
    )


def statuses(
    assignment: Assignment, *, within_path: str | None = None, person_id: int | None = None
) -> list[PersonStatus]:
    """Every assigned person (optionally only within a unit subtree, or only one person) with
    their status."""
    people = assigned_people(assignment)
    if within_path:
        people = people.filter(unit__path__startswith=within_path)
    if person_id is not None:
        people = people.filter(pk=person_id)
    loaded = _load_completions([assignment], users=people.values("user_id"))
    now = today()
    return [
        _status(assignment, person, loaded, now)
        for person in people.select_related("unit", "user").order_by(
            "unit__path", "last_name", "first_name"
        )
    ]


def statuses_for_many(
    assignments: list[Assignment], *, scope: str | None, people: list[Person] | None = None
) -> dict[int, list[PersonStatus]]:
    """The same as `statuses` for several assignments (units prefetched) at once, in a fixed
    number of queries: everyone in scope is read once and matched to each audience here."""
    if not assignments:
        return {}
    if people is None:
        staff = Person.objects.filter(
            county_id__in={a.county_id for a in assignments},
            kind=Person.Kind.STAFF,
            is_active=True,
            unit__isnull=False,
        ).select_related("unit")
        if scope:
            staff = staff.filter(unit__path__startswith=scope)
        people = list(staff.order_by("unit__path", "last_name", "first_name"))
    users = None
    if len(people) == 1:
        users = Person.objects.filter(pk=people[0].pk).values("user_id")
    loaded = _load_completions(assignments, users=users)
    now = today()
    return {a.pk: [_status(a, p, loaded, now) for p in people if covers(a, p)] for a in assignments}


def learners(
    statuses_: list[PersonStatus], work_municipality: dict[str, int | None]
) -> list[Learner]:
    return [
        Learner(
            person_id=s.person.pk,
            unit_path=s.person.unit.path,
            is_manager=s.person.is_manager,
            municipality_id=work_municipality.get(s.person.unit.path),
            done_on=s.done_on,
            how=s.how,
        )
        for s in statuses_
    ]


def units_with_municipality(county_id: int) -> tuple[list[Unit], dict[str, int | None]]:
    """All units of the county, and for each unit path the one municipality it works in: its
    own when it names exactly one, else the nearest ancestor's; None when it serves several."""
    units = list(Unit.objects.filter(county_id=county_id).order_by("path"))
    own: dict[int, list[int]] = {}
    for unit_id, municipality_id in Unit.municipalities.through.objects.filter(
        unit__county_id=county_id
    ).values_list("unit_id", "municipality_id"):
        own.setdefault(unit_id, []).append(municipality_id)
    result: dict[str, int | None] = {}
    for unit in units:  # ordered by path: parents come before children
        mine = own.get(unit.pk, [])
        if len(mine) == 1:
            result[unit.path] = mine[0]
        elif len(mine) > 1:
            result[unit.path] = None
        else:
            parent_path = unit.path[: unit.path.rstrip("/").rfind("/") + 1]
            result[unit.path] = result.get(parent_path)
    return units, result


@dataclass(frozen=True)
class MyAssignment:
    assignment: Assignment
    done_on: date | None
    overdue: bool


def assignments_for_person(person: Person | None) -> list[MyAssignment]:
    """The active assignments that cover this person, with their own status."""
    if person is None or person.kind != Person.Kind.STAFF:
        return []
    mine = [
        a
        for a in Assignment.objects.filter(
            county_id=person.county_id, status=Assignment.Status.ACTIVE
        )
        .prefetch_related("units")
        .select_related("course", "event")
        if covers(a, person)
    ]
    found = statuses_for_many(mine, scope=None, people=[person])
    result = []
    for assignment in mine:
        status = next(iter(found[assignment.pk]), None)
        result.append(
            MyAssignment(
                assignment=assignment,
                done_on=status.done_on if status else None,
                overdue=bool(status and status.overdue),
            )
        )
    return result


def overdue_for_manager(actor: Actor) -> list[tuple[Assignment, list[PersonStatus]]]:
    """Past-due assignments and the people in the manager's subtree who have not done them."""
    scope = None if actor.is_coordinator else actor.unit_path
    late_assignments = list(
        visible_assignments(actor).filter(status=Assignment.Status.ACTIVE, due_on__lt=today())
    )
    found = statuses_for_many(late_assignments, scope=scope)
    result = []
    for assignment in late_assignments:
        late = [s for s in found[assignment.pk] if s.overdue]
        if late:
            result.append((assignment, late))
    return result


@dataclass(frozen=True)
class ProgrammeAttendance:
    programme: Programme | None
    events: list[Event]
    capacity: int
    registered: int
    attended: int
    absent: int

    @property
    def percent_attended(self) -> int:
        return (self.attended * 100) // self.registered if self.registered else 0


# A place counts towards attendance where the event took place: it is published, or the
# session was held (attendance marked) before the rest of the event was cancelled. The places
# of a cancelled event are not absences.
_HELD = Q(session__event__status=Event.Status.PUBLISHED) | Q(attended__isnull=False)


def attendance_by_programme(
    county_id: int | None, *, scope: str | None = None
) -> list[ProgrammeAttendance]:
    """Planned (places taken) against actual (marked present) per programme and event. With a
    scope (a manager's unit path) only the registrations of staff in that subtree count."""
    events = (
        Event.objects.exclude(status=Event.Status.DRAFT)
        .select_related("programme")
        .order_by("programme__name", "part_number", "title")
    )
    if county_id:
        events = events.filter(county_id=county_id)
    events = list(events)
    counts = {
        row["session__event_id"]: row
        for row in Registration.objects.filter(session__event__in=[e.pk for e in events])
        .filter(Q(user__person__unit__path__startswith=scope) if scope else Q())
        .values("session__event_id")
        .annotate(
            n_registered=Count("id", filter=Q(status=Registration.Status.ATTENDING) & _HELD),
            n_attended=Count("id", filter=Q(attended=True)),
            n_absent=Count("id", filter=Q(attended=False)),
        )
    }
    capacities = dict(
        Event.objects.filter(pk__in=[e.pk for e in events])
        .annotate(c=Sum("sessions__capacity"))
        .values_list("pk", "c")
    )
    groups: dict[int | None, list[Event]] = {}
    for event in events:
        row = counts.get(event.pk, {})
        if event.status == Event.Status.CANCELLED and not row.get("n_registered"):
            continue  # called off before anyone was marked present or absent
        event.capacity_total = capacities.get(event.pk) or 0
        event.registered = row.get("n_registered", 0)
        event.attended = row.get("n_attended", 0)
        event.absent = row.get("n_absent", 0)
        groups.setdefault(event.programme_id, []).append(event)
    result = []
    for members in groups.values():
        result.append(
            ProgrammeAttendance(
                programme=members[0].programme,
                events=members,
                capacity=sum(e.capacity_total for e in members),
                registered=sum(e.registered for e in members),
                attended=sum(e.attended for e in members),
                absent=sum(e.absent for e in members),
            )
        )
    return result


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    tally: Tally
    has_children: bool


@dataclass(frozen=True)
class Report:
    assignment: Assignment
    current: Unit | None  # the unit drilled into; None = the whole county
    trail: list[Unit]  # from the top of the actor's scope down to `current`
    total: Tally
    by_unit: list[UnitRow]
    by_role: list[Tally]
    by_municipality: list[Tally]
    not_done: list[PersonStatus]


def assignment_report(
    assignment: Assignment, *, scope: str | None, unit_id: int | None = None
) -> Report:
    """Completion of one assignment within `scope` (a unit path, or None for the county),
    drilled down to `unit_id` when it lies within the scope."""
    units, work_municipality = units_with_municipality(assignment.county_id)
    by_id = {u.pk: u for u in units}
    current = by_id.get(unit_id) if unit_id else None
    if current is not None and scope and not current.path.startswith(scope):
        current = None
    if current is None and scope:
        current = next((u for u in units if u.path == scope), None)
    path = current.path if current else None
    rows = statuses(assignment, within_path=path)
    learners_ = learners(rows, work_municipality)
    now = today()
    rolled = roll_up(learners_, {u.pk: u.path for u in units}, due_on=assignment.due_on, today=now)
    children = [u for u in units if u.parent_id == (current.pk if current else None)]
    parents_with_children = {u.parent_id for u in units}
    by_unit = [
        UnitRow(unit=u, tally=rolled[u.pk], has_children=u.pk in parents_with_children)
        for u in children
        if u.pk in rolled
    ]
    trail: list[Unit] = []
    if current is not None:
        ids = [int(p) for p in current.path.split("/") if p]
        trail = [
            by_id[i] for i in ids if i in by_id and (not scope or by_id[i].path.startswith(scope))
        ]
    by_role = group_by(
        learners_,
        lambda learner: "manager" if learner.is_manager else "staff",
        due_on=assignment.due_on,
        today=now,
    )
    by_municipality = group_by(
        learners_, lambda learner: learner.municipality_id, due_on=assignment.due_on, today=now
    )
    return Report(
        assignment=assignment,
        current=current,
        trail=trail,
        total=tally(learners_, key="all", due_on=assignment.due_on, today=now),
        by_unit=by_unit,
        by_role=sorted(by_role, key=lambda t: str(t.key)),
        by_municipality=by_municipality,
        not_done=[s for s in rows if s.done_on is None],
    )


def assignment_totals(assignments: list[Assignment], *, scope: str | None) -> dict[int, Tally]:
    """Totals per assignment within the scope, in a fixed number of queries."""
    now = today()
    found = statuses_for_many(assignments, scope=scope)
    return {
        a.pk: tally(
            [
                Learner(
                    person_id=s.person.pk,
                    unit_path=s.person.unit.path,
                    is_manager=s.person.is_manager,
                    municipality_id=None,
                    done_on=s.done_on,
                )
                for s in found[a.pk]
            ],
            key=a.pk,
            due_on=a.due_on,
            today=now,
        )
        for a in assignments
    }


@dataclass(frozen=True)
class AreaAttendance:
    unit: Unit
    registered: int
    attended: int

    @property
    def percent_attended(self) -> int:
        return (self.attended * 100) // self.registered if self.registered else 0


def attendance_by_service_area(
    county_id: int | None, *, scope: str | None = None
) -> list[AreaAttendance]:
    """Staff with a place at events that took place, and how many were present, by the
    top-level unit (service area) of their unit; within a scope (a manager's unit path), the
    scope's own unit only. One query for the registrations."""
    rows = Registration.objects.filter(
        status=Registration.Status.ATTENDING,
        user__person__kind=Person.Kind.STAFF,
        user__person__unit__isnull=False,
    ).filter(_HELD)
    tops = Unit.objects.filter(parent__isnull=True)
    if scope:
        rows = rows.filter(user__person__unit__path__startswith=scope)
        tops = Unit.objects.filter(path=scope)
    if county_id:
        rows = rows.filter(session__event__county_id=county_id)
        tops = tops.filter(county_id=county_id)
    counts: dict[str, list[int]] = {}
    for path, attended in rows.values_list("user__person__unit__path", "attended"):
        top = scope or path.split("/", 1)[0] + "/"
        tally_ = counts.setdefault(top, [0, 0])
        tally_[0] += 1
        tally_[1] += 1 if attended else 0
    return [
        AreaAttendance(unit=unit, registered=counts[unit.path][0], attended=counts[unit.path][1])
        for unit in tops.order_by("name")
        if unit.path in counts
    ]
