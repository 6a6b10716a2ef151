"""Who may do what in the experience-expert bank.

- Professionals (any staff): search the bank and see a limited card of each expert (areas,
  languages, municipalities, assignment types); request an expert; follow their own requests
  and record the debrief of their engagements.
- Coordinators (and system admins): everything, including the sensitive fields (fee basis,
  agreement, payee number, contact details, availability notes), offers and the payroll export.
- The experience expert (a signed-in person of that kind): their own profile, their offers
  and engagements; withdrawing consent.
- Residents and the public: the public page only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.experts.models import Engagement, ExpertProfile, ExpertRequest, Offer
from kuulu.organisation.access import Actor, actor_for, same_county
from kuulu.organisation.models import Person


def can_use_bank(actor: Actor) -> bool:
    return actor.is_staff


def can_coordinate(actor: Actor) -> bool:
    return actor.is_coordinator


def is_expert(actor: Actor) -> bool:
    return actor.person_kind == Person.Kind.EXPERIENCE_EXPERT and actor.person_id is not None


def require_bank_user(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_use_bank(actor):
        raise PermissionDenied
    return actor


def require_coordinator(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_coordinate(actor):
        raise PermissionDenied
    return actor


def require_requester(user: Any) -> tuple[Actor, Person]:
    """A staff member with a person record (their unit pays): may make requests."""
    actor = require_bank_user(user)
    person = Person.objects.filter(pk=actor.person_id, kind=Person.Kind.STAFF).first()
    if person is None:
        raise PermissionDenied
    return actor, person


def own_profile_or_none(user: Any) -> ExpertProfile | None:
    """The signed-in expert's own profile (also after withdrawing consent, until deleted);
    None while the coordinator has not made one. Others are refused."""
    actor = actor_for(user)
    if not is_expert(actor):
        raise PermissionDenied
    return (
        ExpertProfile.objects.select_related("person")
        .filter(person_id=actor.person_id, anonymised_at__isnull=True)
        .first()
    )


def own_profile(user: Any) -> ExpertProfile:
    profile = own_profile_or_none(user)
    if profile is None:
        raise Http404
    return profile


def sees_sensitive(actor: Actor, profile: ExpertProfile) -> bool:
    return (can_coordinate(actor) and same_county(actor, profile.county_id)) or (
        actor.person_id is not None and profile.person_id == actor.person_id
    )


def access_profile_for_viewer(user: Any, profile_id: int) -> tuple[ExpertProfile, Actor]:
    """Staff see profiles in the bank (as a limited card); coordinators see every profile."""
    actor = require_bank_user(user)
    profile = get_object_or_404(
        ExpertProfile.objects.select_related("person", "person__user"),
        pk=profile_id,
        anonymised_at__isnull=True,
    )
    if not same_county(actor, profile.county_id):
        raise PermissionDenied
    if not can_coordinate(actor) and not profile.in_bank:
        raise PermissionDenied
    return profile, actor


def access_profile_for_editor(user: Any, profile_id: int) -> ExpertProfile:
    actor = require_coordinator(user)
    profile = get_object_or_404(
        ExpertProfile.objects.select_related("person"), pk=profile_id, anonymised_at__isnull=True
    )
    if not same_county(actor, profile.county_id):
        raise PermissionDenied
    return profile


def access_request_for_viewer(user: Any, request_id: int) -> tuple[ExpertRequest, Actor]:
    """The professional who made the request, and coordinators."""
    actor = require_bank_user(user)
    expert_request = get_object_or_404(
        ExpertRequest.objects.select_related("requested_by", "unit", "municipality"),
        pk=request_id,
    )
    if can_coordinate(actor) and same_county(actor, expert_request.county_id):
        return expert_request, actor
    if expert_request.requested_by_id == actor.person_id:
        return expert_request, actor
    raise PermissionDenied


def access_request_for_coordinator(user: Any, request_id: int) -> ExpertRequest:
    expert_request, actor = access_request_for_viewer(user, request_id)
    if not can_coordinate(actor):
        raise PermissionDenied
    return expert_request


def access_offer_for_expert(user: Any, offer_id: int) -> Offer:
    actor = actor_for(user)
    if not is_expert(actor):
        raise PermissionDenied
    offer = get_object_or_404(Offer.objects.select_related("request", "profile"), pk=offer_id)
    if offer.profile.person_id != actor.person_id:
        raise PermissionDenied
    return offer


def access_engagement(user: Any, engagement_id: int) -> tuple[Engagement, Actor]:
    """Coordinators, the requesting professional and the expert may open an engagement."""
    actor = actor_for(user)
    if not actor.is_authenticated:
        raise PermissionDenied
    engagement = get_object_or_404(
        Engagement.objects.select_related(
            "request__requested_by", "request__unit", "request__municipality", "profile__person"
        ),
        pk=engagement_id,
    )
    if can_coordinate(actor) and same_county(actor, engagement.request.county_id):
        return engagement, actor
    if actor.person_id is not None and actor.person_id in (
        engagement.request.requested_by_id,
        engagement.profile.person_id,
    ):
        return engagement, actor
    raise PermissionDenied


def can_record_fees(actor: Actor, engagement: Engagement | None = None) -> bool:
    return can_coordinate(actor) and (
        engagement is None or same_county(actor, engagement.request.county_id)
    )


def can_debrief(actor: Actor, engagement: Engagement) -> bool:
    return (
        can_coordinate(actor) and same_county(actor, engagement.request.county_id)
    ) or engagement.request.requested_by_id == actor.person_id
