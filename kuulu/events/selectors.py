"""Reads for the training calendar."""

from __future__ import annotations

import calendar as pycalendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kuulu.events.models import Event, EventQuestion, Registration, Session
from kuulu.organisation.access import Actor
from kuulu.organisation.models import County, Person

AUDIENCES = {
    "managers": "for_managers",
    "staff": "for_staff",
    "elected": "for_elected",
    "ngos": "for_ngos",
    "public": "for_public",
}


def calendar_sessions(
    *,
    actor: Actor,
    audience: str = "",
    municipality_id: int | None = None,
    format: str = "",
    programme_id: int | None = None,
    starts_from: datetime | None = None,
    starts_before: datetime | None = None,
    limit: int = 500,
) -> list[Session]:
    """Sessions of published (and cancelled) events, in time order: public ones for everyone,
    internal ones for staff. Without a range, the upcoming ones (not yet ended); with one, those
    starting in [starts_from, starts_before). A fixed number of queries however many events
    there are."""
    sessions: QuerySet[Session] = Session.objects.filter(
        event__status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
    ).select_related("event", "event__programme", "municipality")
    if starts_from is None and starts_before is None:
        sessions = sessions.filter(ends_at__gte=timezone.now())
    if starts_from is not None:
        sessions = sessions.filter(starts_at__gte=starts_from)
    if starts_before is not None:
        sessions = sessions.filter(starts_at__lt=starts_before)
    if actor.county_id is not None:
        # Another county's public events stay listed; its internal ones never are.
        sessions = sessions.filter(Q(event__county_id=actor.county_id) | Q(event__for_public=True))
    if not actor.is_staff:
        visible = Q(event__for_public=True)
        if actor.person_kind == "elected_official":
            visible |= Q(event__for_elected=True)
        if actor.person_kind == "ngo_contact":
            visible |= Q(event__for_ngos=True)
        sessions = sessions.filter(visible)
    if audience in AUDIENCES:
        sessions = sessions.filter(**{f"event__{AUDIENCES[audience]}": True})
    if municipality_id:
        sessions = sessions.filter(municipality_id=municipality_id)
    if format:
        sessions = sessions.filter(event__format=format)
    if programme_id:
        sessions = sessions.filter(event__programme_id=programme_id)
    return list(sessions.order_by("starts_at", "id")[:limit])


def event_sessions(event: Event) -> list[Session]:
    return list(event.sessions.select_related("municipality").order_by("starts_at", "id"))


def registrations_for_organiser(event: Event) -> list[Session]:
    registrations = (
        Registration.objects.filter(anonymised_at__isnull=True)
        .exclude(status="cancelled")
        .order_by("status", "created_at", "id")
    )
    return list(
        event.sessions.order_by("starts_at").prefetch_related(
            Prefetch("registrations", queryset=registrations)
        )
    )


def upcoming_public_sessions(*, limit: int = 5, county: County | None = None) -> list[Session]:
    """Public sessions to come; only `county`'s when given (the portal's front page)."""
    sessions = Session.objects.filter(
        event__status=Event.Status.PUBLISHED,
        event__for_public=True,
        starts_at__gte=timezone.now(),
    )
    if county is not None:
        sessions = sessions.filter(event__county=county)
    return list(sessions.select_related("event").order_by("starts_at", "id")[:limit])


def feed_sessions(*, public_only: bool) -> list[Session]:
    since = timezone.now() - timezone.timedelta(days=30)
    qs = Session.objects.filter(
        Q(event__status=Event.Status.PUBLISHED) | Q(event__status=Event.Status.CANCELLED),
        starts_at__gte=since,
    ).select_related("event")
    if public_only:
        qs = qs.filter(event__for_public=True)
    return list(qs.order_by("starts_at")[:1000])


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value: str | None, *, today: date) -> date:
    """The first day of the month named `YYYY-MM`; anything else (including months outside
    2000 to 2100) means the current month."""
    match = MONTH_PATTERN.match(value or "")
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    is_today: bool
    sessions: list[Session] = field(default_factory=list)


@dataclass
class MonthGrid:
    first: date
    previous: date
    next: date
    weeks: list[list[CalendarDay]]

    @property
    def weekdays(self) -> list[date]:
        return [d.day for d in self.weeks[0]]

    @property
    def session_count(self) -> int:
        return sum(len(d.sessions) for week in self.weeks for d in week)


def month_grid(*, actor: Actor, first: date, today: date, **filters: object) -> MonthGrid:
    """The month's weeks (Monday first) with each day's sessions, by the Helsinki wall clock.
    Same visibility and filters as `calendar_sessions`; one query for the sessions."""
    following = (first + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    sessions = calendar_sessions(
        actor=actor,
        starts_from=datetime.combine(first, datetime.min.time(), tzinfo=zone),
        starts_before=datetime.combine(following, datetime.min.time(), tzinfo=zone),
        limit=2000,
        **filters,  # type: ignore[arg-type]
    )
    by_day: dict[date, list[Session]] = {}
    for session in sessions:
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = [
        [
            CalendarDay(
                day=d,
                in_month=d.month == first.month,
                is_today=d == today,
                sessions=by_day.get(d, []) if d.month == first.month else [],
            )
            for d in week
        ]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return MonthGrid(
        first=first,
        previous=(first - timedelta(days=1)).replace(day=1),
        next=following,
        weeks=weeks,
    )


def event_questions(event: Event) -> list[EventQuestion]:
    return list(event.questions.order_by("position", "id"))


def team_candidates(actor: Actor) -> QuerySet[Person]:
    """Staff a manager may register for trainings: active staff with an email address in the
    manager's unit and the units below it; coordinators may register any staff member."""
    people = Person.objects.filter(kind=Person.Kind.STAFF, is_active=True).exclude(email="")
    if actor.is_coordinator:
        if actor.county_id:
            people = people.filter(county_id=actor.county_id)
    elif actor.is_manager and actor.unit_path:
        people = people.filter(unit__path__startswith=actor.unit_path)
    else:
        people = people.none()
    return people.select_related("unit", "user").order_by("last_name", "first_name", "id")


def events_for_organiser(*, actor: Actor) -> list[Event]:
    """Events the actor organises, newest first, drafts included: all of their county's for
    coordinators (all for system admins, who belong to no county)."""
    events = Event.objects.select_related("programme").prefetch_related("sessions")
    if actor.county_id is not None:
        # As access.is_organiser: nobody organises another county's events.
        events = events.filter(county_id=actor.county_id)
    if not actor.is_coordinator:
        events = events.filter(organisers__pk=actor.user_id)
    return list(events.order_by("-created_at", "-id"))


def organises_any(actor: Actor) -> bool:
    if actor.is_coordinator:
        return True
    return actor.is_staff and Event.objects.filter(organisers__pk=actor.user_id).exists()
