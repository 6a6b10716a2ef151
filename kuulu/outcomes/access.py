"""Who may see and change outcomes.

Coordinators: every outcome of their county. Managers: outcomes that concern a unit of their
subtree (and they may only name units of their subtree). Publishing is for both, within those
limits. Everyone: published outcomes. Linking an input also needs the right to see the input
in its own module (the adapter's `can_view`), else 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import Actor, actor_for, leadable_units, same_county
from kuulu.organisation.models import Unit
from kuulu.outcomes.models import Outcome


def can_manage_outcomes(actor: Actor) -> bool:
    """Coordinators and managers have the outcome pages."""
    return actor.is_coordinator or (actor.is_manager and bool(actor.unit_path))


def require_outcome_manager(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_manage_outcomes(actor):
        raise PermissionDenied
    return actor


def outcomes_filter(actor: Actor) -> Q:
    """The outcomes an actor may see and change."""
    if actor.is_coordinator:
        return Q(county_id=actor.county_id) if actor.county_id else Q()
    if actor.is_manager and actor.unit_path:
        return Q(county_id=actor.county_id, units__path__startswith=actor.unit_path)
    return Q(pk__in=[])


def editable_outcomes(actor: Actor) -> QuerySet[Outcome]:
    ids = Outcome.objects.filter(outcomes_filter(actor)).values("pk")
    return Outcome.objects.filter(pk__in=ids)


def can_edit_outcome(actor: Actor, outcome: Outcome) -> bool:
    if not same_county(actor, outcome.county_id):
        return False
    if actor.is_coordinator:
        return True
    if not (actor.is_manager and actor.unit_path):
        return False
    return any(unit.path.startswith(actor.unit_path) for unit in outcome.units.all())


def access_outcome_for_editor(user: Any, outcome_id: int) -> Outcome:
    actor = require_outcome_manager(user)
    outcome = get_object_or_404(Outcome.objects.prefetch_related("units"), pk=outcome_id)
    if not can_edit_outcome(actor, outcome):
        raise PermissionDenied
    return outcome


def access_outcome_for_public(outcome_id: int) -> Outcome:
    """Only published outcomes; a draft is not found, so it stays unseen."""
    outcome = get_object_or_404(Outcome.objects.prefetch_related("units"), pk=outcome_id)
    if not outcome.is_published:
        raise Http404
    return outcome


def choosable_units(actor: Actor, county_id: int) -> QuerySet[Unit]:
    """Units an actor may name as concerned: the county's for coordinators, the subtree's for
    managers."""
    return leadable_units(actor, county_id)


def editable_units(actor: Actor, outcome: Outcome) -> QuerySet[Unit]:
    """The units the edit form offers: those the actor may name, and the units the outcome
    already names inside the actor's part of the county that are no longer active (shown
    ticked, so that saving the form keeps them unless they are unticked). The units it names
    outside that part are not offered; saving keeps them."""
    named = Unit.objects.filter(
        county_id=outcome.county_id, is_active=False, pk__in=outcome.units.values("pk")
    )
    if not actor.is_coordinator:
        if actor.is_manager and actor.unit_path:
            named = named.filter(path__startswith=actor.unit_path)
        else:
            named = named.none()
    return (choosable_units(actor, outcome.county_id) | named).order_by("path")


def can_link_input(user: Any, outcome: Outcome, adapter: Any, obj: Any) -> bool:
    """The input must be of the outcome's county and visible to the user in its module."""
    if obj is None:
        return False
    if adapter.county_id(obj) != outcome.county_id:
        return False
    return bool(adapter.can_view(user, obj))
