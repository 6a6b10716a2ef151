"""Reads for the training calendar."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from kuulu.events.models import Event, Registration, Session
from kuulu.organisation.access import Actor

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
    limit: int = 500,
) -> list[Session]:
    """Upcoming sessions of published events, in time order: public ones for everyone, internal
    ones for staff. A fixed number of queries however many events there are."""
    sessions: QuerySet[Session] = Session.objects.filter(
        event__status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED],
        ends_at__gte=timezone.now(),
    ).select_related("event", "event__programme", "municipality")
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


def upcoming_public_sessions(*, limit: int = 5) -> list[Session]:
    return list(
        Session.objects.filter(
            event__status=Event.Status.PUBLISHED,
            event__for_public=True,
            starts_at__gte=timezone.now(),
        )
        .select_related("event")
        .order_by("starts_at", "id")[:limit]
    )


def feed_sessions(*, public_only: bool) -> list[Session]:
    since = timezone.now() - timezone.timedelta(days=30)
    qs = Session.objects.filter(
        Q(event__status=Event.Status.PUBLISHED) | Q(event__status=Event.Status.CANCELLED),
        starts_at__gte=since,
    ).select_related("event")
    if public_only:
        qs = qs.filter(event__for_public=True)
    return list(qs.order_by("starts_at")[:1000])
