"""Who may act on a resident's behalf, and who sees the records of it.

Any active staff member of the county may assist: service points (front desks, home care,
family centres) have no separate role, and a resident must not be turned away because the
person in front of them lacks a flag. A staff member needs a staff record with a unit (the
service point is chosen among the county's units, their own by default). A system
administrator without a staff record belongs to no county and cannot assist.

Records of assisted actions: the staff member who recorded one, managers of the service
point's subtree and the county's coordinators. A resident sees their own on "My
participation". Handlers of an item see its assistance note through the item's own access.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from kuulu.assisted.models import AssistedAction
from kuulu.organisation.access import Actor, actor_for
from kuulu.organisation.models import Unit


def can_assist(actor: Actor) -> bool:
    return bool(actor.is_staff and actor.person_id and actor.county_id and actor.unit_id)


def require_assistant(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_assist(actor):
        raise PermissionDenied
    return actor


def service_points_for(actor: Actor) -> QuerySet[Unit]:
    """The units an assisting staff member may name as the service point."""
    if not can_assist(actor):
        return Unit.objects.none()
    return Unit.objects.filter(county_id=actor.county_id, is_active=True).order_by("path")


def actions_visible_to(actor: Actor) -> QuerySet[AssistedAction]:
    """Records of assisted actions a staff member may list."""
    qs = AssistedAction.objects.all()
    if not actor.is_staff or actor.county_id is None:
        return qs.none()
    qs = qs.filter(county_id=actor.county_id)
    if actor.is_coordinator:
        return qs
    condition = Q(staff_person_id=actor.person_id)
    if actor.is_manager and actor.unit_path:
        condition |= Q(unit__path__startswith=actor.unit_path)
    return qs.filter(condition)


def can_see_own_history(actor: Actor) -> bool:
    """Anyone signed in has a participation history (staff take part as residents too)."""
    return actor.is_authenticated
