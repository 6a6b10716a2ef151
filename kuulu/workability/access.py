"""Who may see and keep work-ability figures.

- Coordinators (and system admins) and HR partners of the county: every unit, the import, goals.
- Managers: the units of their own subtree (figures and goals); not the import.
- Everyone else, staff included: nothing (the figures are for leading, not for browsing).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor, actor_for, county_of, same_county
from kuulu.organisation.models import County, Unit
from kuulu.workability.models import HrPartner

MODULE_TITLE = _("Work-ability figures")
MODULE_DESCRIPTION = _(
    "Sickness absence, accidents and turnover by unit against goals, with the staff pulse."
)


def is_hr_partner(actor: Actor) -> bool:
    if actor.person_id is None or not actor.is_staff:
        return False
    return HrPartner.objects.filter(person_id=actor.person_id).exists()


def sees_whole_county(actor: Actor) -> bool:
    return actor.is_coordinator or is_hr_partner(actor)


def can_use_workability(actor: Actor) -> bool:
    """The workspace module: coordinators, HR partners and managers."""
    return actor.is_manager or sees_whole_county(actor)


def can_view_unit(actor: Actor, unit: Unit, *, whole_county: bool | None = None) -> bool:
    """`whole_county` may pass a `sees_whole_county(actor)` already known, to save a query per
    unit when many units are checked."""
    if not same_county(actor, unit.county_id) or not actor.is_staff:
        return False
    if whole_county if whole_county is not None else sees_whole_county(actor):
        return True
    return actor.is_manager and actor.manages(unit)


def can_set_goals(actor: Actor, unit: Unit) -> bool:
    return can_view_unit(actor, unit)


def can_import(actor: Actor) -> bool:
    return actor.is_staff and sees_whole_county(actor)


def can_grant_hr(actor: Actor) -> bool:
    return actor.is_coordinator


def require_module(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_use_workability(actor):
        raise PermissionDenied
    return actor


def access_unit_for_viewer(user: Any, unit_id: int) -> tuple[Unit, Actor]:
    actor = require_module(user)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can_view_unit(actor, unit):
        raise PermissionDenied
    return unit, actor


def access_unit_for_goals(user: Any, unit_id: int) -> tuple[Unit, Actor]:
    actor = require_module(user)
    unit = get_object_or_404(Unit, pk=unit_id)
    if not can_set_goals(actor, unit):
        raise PermissionDenied
    return unit, actor


def access_county_for_import(user: Any) -> tuple[County, Actor]:
    actor = actor_for(user)
    if not can_import(actor):
        raise PermissionDenied
    return county_of(actor), actor


def access_county_for_hr_grants(user: Any) -> tuple[County, Actor]:
    actor = actor_for(user)
    if not can_grant_hr(actor):
        raise PermissionDenied
    return county_of(actor), actor


def top_units_for(actor: Actor) -> list[Unit]:
    """Where the actor's view starts: the county's service areas for coordinators and HR, the
    manager's own unit for a manager."""
    if sees_whole_county(actor):
        county = county_of(actor)
        return list(Unit.objects.filter(county=county, parent__isnull=True, is_active=True))
    if actor.is_manager and actor.unit_id is not None:
        return list(Unit.objects.filter(pk=actor.unit_id))
    return []
