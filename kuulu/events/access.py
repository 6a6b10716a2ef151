"""Who may see events, register others, and organise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.events.models import Event, EventQuestion, Session
from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Person


def is_organiser(user: Any, event: Event) -> bool:
    """Coordinators organise every event; other staff only the events that name them."""
    actor = actor_for(user)
    if not own_county(actor, event):
        return False
    if actor.is_coordinator:
        return True
    return actor.is_staff and event.organisers.filter(pk=user.pk).exists()


def own_county(actor: Actor, event: Event) -> bool:
    """People of one county see only their own county's internal events and organise only its
    events; the public and system admins (who belong to no county) are not limited."""
    return actor.county_id is None or actor.county_id == event.county_id


def access_event_for_viewer(user: Any, event_id: int) -> Event:
    """Published public events for everyone; internal events for signed-in staff; drafts only
    for organisers. Anything else is not found, so internal events stay unseen."""
    return require_visible(user, get_object_or_404(Event, pk=event_id))


def require_visible(user: Any, event: Event) -> Event:
    """The same check for an event already loaded (e.g. with its session)."""
    if event.status == Event.Status.DRAFT:
        if is_organiser(user, event):
            return event
        raise Http404
    if can_see(actor_for(user), event):
        return event
    raise Http404


def can_see(actor: Actor, event: Event) -> bool:
    """Public events for everyone, internal ones for staff, and events aimed at elected
    officials or NGOs for those people too."""
    if event.for_public:
        return True
    if not own_county(actor, event):
        return False
    return bool(
        actor.is_staff
        or (event.for_elected and actor.person_kind == Person.Kind.ELECTED_OFFICIAL)
        or (event.for_ngos and actor.person_kind == Person.Kind.NGO_CONTACT)
    )


def access_event_for_organiser(user: Any, event_id: int) -> Event:
    event = get_object_or_404(Event, pk=event_id)
    if not is_organiser(user, event):
        raise PermissionDenied
    return event


def can_create_events(user: Any) -> bool:
    """Only coordinators create events; named organisers edit the ones they organise."""
    return actor_for(user).is_coordinator


def require_event_creator(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor


def access_session_for_organiser(user: Any, session_id: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("event"), pk=session_id)
    if not is_organiser(user, session.event):
        raise PermissionDenied
    return session


def access_question_for_organiser(user: Any, question_id: int) -> EventQuestion:
    question = get_object_or_404(EventQuestion.objects.select_related("event"), pk=question_id)
    if not is_organiser(user, question.event):
        raise PermissionDenied
    return question


def can_register_team(user: Any) -> bool:
    actor = actor_for(user)
    return actor.is_coordinator or actor.is_manager


def access_event_for_team_registration(user: Any, event_id: int) -> Event:
    """Managers (for their unit's subtree) and coordinators register staff for events they can
    see; the people they may pick come from `selectors.team_candidates`."""
    event = access_event_for_viewer(user, event_id)
    if not can_register_team(user):
        raise PermissionDenied
    return event
