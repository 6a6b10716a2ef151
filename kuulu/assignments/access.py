"""Who may assign training, see completion, and record team completions.

Coordinators: everything in the county. Managers: reports, overdue lists and team completions
for their own unit's subtree, of the active assignments that cover someone in it. Staff: their own assignments. Everyone else: nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kuulu.assignments import selectors
from kuulu.assignments.models import Assignment
from kuulu.organisation.access import Actor, actor_for, same_county
from kuulu.organisation.models import Unit


def can_assign(actor: Actor) -> bool:
    return actor.is_coordinator


def can_follow(actor: Actor) -> bool:
    """May see completion reports and overdue lists (of their scope)."""
    return actor.is_coordinator or actor.is_manager


def report_scope(actor: Actor) -> str | None:
    """The unit path prefix an actor's reports are limited to; None for the whole county."""
    if actor.is_coordinator:
        return None
    if actor.is_manager and actor.unit_path:
        return actor.unit_path
    raise PermissionDenied


def require_follower(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_follow(actor):
        raise PermissionDenied
    return actor


def require_assigner(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_assign(actor):
        raise PermissionDenied
    return actor


def access_assignment_for_follower(user: Any, assignment_id: int) -> tuple[Assignment, Actor]:
    actor = require_follower(user)
    assignment = get_object_or_404(
        Assignment.objects.select_related("course", "event").prefetch_related("units"),
        pk=assignment_id,
    )
    if actor.county_id and assignment.county_id != actor.county_id and not actor.is_admin:
        raise PermissionDenied
    # Managers open what their list shows: active assignments covering someone in their subtree.
    if not actor.is_coordinator and not (
        selectors.visible_assignments(actor).filter(pk=assignment.pk).exists()
    ):
        raise PermissionDenied
    return assignment, actor


def access_assignment_for_assigner(user: Any, assignment_id: int) -> Assignment:
    actor = require_assigner(user)
    assignment = get_object_or_404(Assignment, pk=assignment_id)
    if actor.county_id and assignment.county_id != actor.county_id and not actor.is_admin:
        raise PermissionDenied
    return assignment


def access_unit_for_team_record(actor: Actor, unit: Unit) -> Unit:
    """Managers record completions for teams in their own subtree; coordinators for any team
    of their county (`manages` is true for a coordinator whatever the unit's county)."""
    if not actor.manages(unit) or not same_county(actor, unit.county_id):
        raise PermissionDenied
    return unit
