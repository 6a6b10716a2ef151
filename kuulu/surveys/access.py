"""Who may build, answer and see surveys and instruments.

Survey owners: coordinators of the survey's county, and the staff member who owns the survey.
Coordinators and managers may create surveys (and own what they create). Respondents: anyone
for a public link; staff of the chosen units' subtrees for staff surveys; the holder of an
invitation link for invitation surveys.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import Actor, actor_for, same_county
from kuulu.surveys.models import Instrument, Survey


class SignInRequired(Exception):
    """The survey is for staff: the respondent must sign in first."""


own_county = same_county  # the shared rule: system admins, of no county, are not limited


def can_create_survey(actor: Actor) -> bool:
    return actor.is_coordinator or actor.is_manager


def can_manage_survey(user: Any, survey: Survey) -> bool:
    actor = actor_for(user)
    if not actor.is_staff or not own_county(actor, survey.county_id):
        return False
    return actor.is_coordinator or (survey.owner_id is not None and survey.owner_id == user.pk)


def access_survey_for_owner(user: Any, survey_id: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)
    if not can_manage_survey(user, survey):
        raise PermissionDenied
    return survey


def require_survey_creator(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_create_survey(actor):
        raise PermissionDenied
    return actor


def is_eligible_staff(actor: Actor, survey: Survey) -> bool:
    """Staff of one of the survey's units or any unit below them."""
    if not actor.is_staff or not actor.unit_path or actor.county_id != survey.county_id:
        return False
    return any(actor.unit_path.startswith(unit.path) for unit in survey.units.all())


def access_survey_for_respondent(user: Any, survey_id: int) -> Survey:
    """A survey to answer by its public link. Drafts are not found; staff surveys need a
    signed-in staff member of the chosen units; invitation surveys are answered only through
    the personal link."""
    survey = get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)
    if survey.status == Survey.Status.DRAFT:
        raise Http404
    if survey.audience == Survey.Audience.PUBLIC:
        return survey
    if survey.audience == Survey.Audience.STAFF:
        actor = actor_for(user)
        if not actor.is_authenticated:
            raise SignInRequired
        if is_eligible_staff(actor, survey):
            return survey
    raise PermissionDenied


def access_survey_for_api(user: Any, survey_id: int) -> Survey:
    """The API serves public surveys and invitation surveys (answered with a token); staff
    surveys need a signed-in staff member and are answered on the web."""
    survey = get_object_or_404(Survey.objects.select_related("current_version"), pk=survey_id)
    if survey.status == Survey.Status.DRAFT:
        raise Http404
    if survey.audience == Survey.Audience.STAFF:
        if is_eligible_staff(actor_for(user), survey):
            return survey
        raise PermissionDenied
    return survey


def can_use_instruments(actor: Actor) -> bool:
    return actor.is_staff


def can_import_instruments(actor: Actor) -> bool:
    return actor.is_coordinator


def instruments_for(actor: Actor):  # type: ignore[no-untyped-def]
    """Shipped instruments and the actor's county's own."""
    qs = Instrument.objects.all()
    if actor.county_id is not None:
        qs = qs.filter(county__isnull=True) | qs.filter(county_id=actor.county_id)
    return qs.order_by("key", "version")


def access_instrument_for_user(user: Any, instrument_id: int) -> Instrument:
    actor = actor_for(user)
    if not can_use_instruments(actor):
        raise PermissionDenied
    return get_object_or_404(instruments_for(actor), pk=instrument_id)
