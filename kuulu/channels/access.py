"""Who may see and run participation channels.

Everyone: published channels, their public pages and councils' public records. Coordinators
(and system admins): everything. A channel's secretary (a current member in that role):
the channel's meetings and attendance. Current members: their own channel's workspace
(meetings, agendas and minutes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kuulu.channels.models import (
    Application,
    Channel,
    ConsentRecord,
    Meeting,
    Membership,
    Role,
    StatementRequest,
)
from kuulu.organisation.access import Actor, actor_for, require_same_county, same_county


def can_manage_channels(actor: Actor) -> bool:
    return actor.is_coordinator


def require_channel_manager(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_manage_channels(actor):
        raise PermissionDenied
    return actor


def access_channel_for_public(slug: str) -> Channel:
    """A published channel of the installation's county, else not found."""
    from kuulu.organisation.selectors import default_county

    county = default_county()
    if county is None:
        raise Http404
    return get_object_or_404(Channel, county=county, slug=slug, is_published=True)


def access_council_for_public(slug: str) -> Channel:
    channel = access_channel_for_public(slug)
    if channel.kind != Channel.Kind.STATUTORY_COUNCIL:
        raise Http404
    return channel


def access_channel_for_manager(user: Any, channel_id: int) -> Channel:
    actor = require_channel_manager(user)
    channel = get_object_or_404(Channel, pk=channel_id)
    require_same_county(actor, channel.county_id)
    return channel


def coordinates(actor: Actor, channel: Channel) -> bool:
    """A coordinator of the channel's own county."""
    return actor.is_coordinator and same_county(actor, channel.county_id)


def _current_roles(actor: Actor, channel: Channel) -> set[str]:
    if actor.person_id is None:
        return set()
    return set(
        Membership.objects.current(timezone.localdate())
        .filter(channel=channel, person_id=actor.person_id)
        .values_list("role", flat=True)
    )


def can_run_meetings(actor: Actor, channel: Channel) -> bool:
    """Coordinators and the channel's current secretary plan meetings and record attendance."""
    return coordinates(actor, channel) or Role.SECRETARY in _current_roles(actor, channel)


def can_see_workspace(actor: Actor, channel: Channel) -> bool:
    return coordinates(actor, channel) or bool(_current_roles(actor, channel))


def access_channel_for_member(user: Any, channel_id: int) -> tuple[Channel, Actor]:
    """The channel's workspace: current members and coordinators."""
    actor = actor_for(user)
    channel = get_object_or_404(Channel, pk=channel_id)
    if not can_see_workspace(actor, channel):
        raise PermissionDenied
    return channel, actor


def access_channel_for_secretary(user: Any, channel_id: int) -> Channel:
    actor = actor_for(user)
    channel = get_object_or_404(Channel, pk=channel_id)
    if not can_run_meetings(actor, channel):
        raise PermissionDenied
    return channel


def access_meeting_for_member(user: Any, meeting_id: int) -> tuple[Meeting, Actor]:
    actor = actor_for(user)
    meeting = get_object_or_404(Meeting.objects.select_related("channel"), pk=meeting_id)
    if not can_see_workspace(actor, meeting.channel):
        raise PermissionDenied
    return meeting, actor


def access_meeting_for_secretary(user: Any, meeting_id: int) -> Meeting:
    actor = actor_for(user)
    meeting = get_object_or_404(Meeting.objects.select_related("channel"), pk=meeting_id)
    if not can_run_meetings(actor, meeting.channel):
        raise PermissionDenied
    return meeting


def access_application_for_reviewer(user: Any, application_id: int) -> Application:
    actor = require_channel_manager(user)
    application = get_object_or_404(
        Application.objects.select_related("channel", "municipality"), pk=application_id
    )
    require_same_county(actor, application.channel.county_id)
    return application


def access_membership_for_manager(user: Any, membership_id: int) -> Membership:
    actor = require_channel_manager(user)
    membership = get_object_or_404(
        Membership.objects.select_related("channel", "person"), pk=membership_id
    )
    require_same_county(actor, membership.channel.county_id)
    return membership


def access_consent_for_withdrawal(user: Any, consent_id: int) -> ConsentRecord:
    """Coordinators record a withdrawal a member asks for; a signed-in member may withdraw
    their own consent."""
    actor = actor_for(user)
    consent = get_object_or_404(ConsentRecord.objects.select_related("channel"), pk=consent_id)
    if coordinates(actor, consent.channel) or (
        actor.person_id is not None and consent.person_id == actor.person_id
    ):
        return consent
    raise PermissionDenied


def access_request_for_manager(user: Any, request_id: int) -> StatementRequest:
    actor = require_channel_manager(user)
    statement_request = get_object_or_404(
        StatementRequest.objects.select_related("channel", "requesting_unit"), pk=request_id
    )
    require_same_county(actor, statement_request.channel.county_id)
    return statement_request


def access_request_for_statement(user: Any, request_id: int) -> StatementRequest:
    """The council's statement is recorded by a coordinator or by the council's secretary."""
    actor = actor_for(user)
    statement_request = get_object_or_404(
        StatementRequest.objects.select_related("channel"), pk=request_id
    )
    if not can_run_meetings(actor, statement_request.channel):
        raise PermissionDenied
    return statement_request
