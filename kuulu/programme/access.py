"""Who may see and change the participation programme.

- Anyone sees the approved programmes of the county on the portal (without personal data).
- Participation coordinators (and system admins) of the county keep the programme: create,
  edit every level, approve, import and export, read the history.
- A measure's follow-up is recorded by coordinators, the measure's responsible person and the
  managers of its responsible unit (their subtree includes it).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import Actor, actor_for, require_same_county
from kuulu.programme.models import (
    Goal,
    GoalIndicator,
    Measure,
    ParticipationProgramme,
    ProgrammePerspective,
)


def can_keep_programme(actor: Actor) -> bool:
    return actor.is_coordinator


def can_follow_up(actor: Actor, measure: Measure) -> bool:
    if not actor.is_staff:
        return False
    if measure.goal.perspective.programme.county_id != actor.county_id and not actor.is_admin:
        return False
    if actor.is_coordinator:
        return True
    if actor.person_id is not None and measure.responsible_person_id == actor.person_id:
        return True
    return measure.responsible_unit is not None and actor.manages(measure.responsible_unit)


def require_keeper(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_keep_programme(actor):
        raise PermissionDenied
    return actor


def require_follower(user: Any) -> Actor:
    """Staff who may have measures to follow up (the list shows only their own)."""
    actor = actor_for(user)
    if not actor.is_staff:
        raise PermissionDenied
    return actor


def access_programme_for_keeper(user: Any, programme_id: int) -> ParticipationProgramme:
    actor = require_keeper(user)
    programme = get_object_or_404(
        ParticipationProgramme.objects.select_related("county"), pk=programme_id
    )
    require_same_county(actor, programme.county_id)
    return programme


def access_perspective_for_keeper(user: Any, perspective_id: int) -> ProgrammePerspective:
    actor = require_keeper(user)
    perspective = get_object_or_404(
        ProgrammePerspective.objects.select_related("programme"), pk=perspective_id
    )
    require_same_county(actor, perspective.programme.county_id)
    return perspective


def access_goal_for_keeper(user: Any, goal_id: int) -> Goal:
    actor = require_keeper(user)
    goal = get_object_or_404(Goal.objects.select_related("perspective__programme"), pk=goal_id)
    require_same_county(actor, goal.perspective.programme.county_id)
    return goal


def access_indicator_for_keeper(user: Any, indicator_id: int) -> GoalIndicator:
    actor = require_keeper(user)
    indicator = get_object_or_404(
        GoalIndicator.objects.select_related("goal__perspective__programme"), pk=indicator_id
    )
    require_same_county(actor, indicator.goal.perspective.programme.county_id)
    return indicator


def access_measure_for_keeper(user: Any, measure_id: int) -> Measure:
    actor = require_keeper(user)
    measure = get_object_or_404(
        Measure.objects.select_related("goal__perspective__programme"), pk=measure_id
    )
    require_same_county(actor, measure.goal.perspective.programme.county_id)
    return measure


def access_measure_for_follow_up(user: Any, measure_id: int) -> tuple[Measure, Actor]:
    actor = require_follower(user)
    measure = get_object_or_404(
        Measure.objects.select_related(
            "goal__perspective__programme", "responsible_unit", "responsible_person"
        ),
        pk=measure_id,
    )
    if not can_follow_up(actor, measure):
        raise PermissionDenied
    return measure, actor
