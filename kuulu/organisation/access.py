"""Who may do what with the organisation, and the roles every other app's access.py builds on.

Roles: system admin (superuser), participation coordinator (whole county), unit manager
(their unit's subtree), staff member, resident (any other signed-in person).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.models import County, Person, Unit


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MANAGER = "manager"
    STAFF = "staff"
    RESIDENT = "resident"


@dataclass(frozen=True)
class Actor:
    """What a signed-in (or anonymous) user is allowed to be, resolved once per request."""

    user_id: int | None
    roles: frozenset[Role]
    person_id: int | None = None
    unit_id: int | None = None
    unit_path: str | None = None
    county_id: int | None = None
    person_kind: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    @property
    def is_coordinator(self) -> bool:
        """Coordinators and system admins act for the whole county."""
        return bool({Role.ADMIN, Role.COORDINATOR} & self.roles)

    @property
    def is_manager(self) -> bool:
        return Role.MANAGER in self.roles

    @property
    def is_staff(self) -> bool:
        return bool({Role.ADMIN, Role.COORDINATOR, Role.MANAGER, Role.STAFF} & self.roles)

    def manages(self, unit: Unit) -> bool:
        """True for coordinators, and for managers when `unit` is in their subtree."""
        if self.is_coordinator:
            return True
        return (
            self.is_manager and bool(self.unit_path) and unit.path.startswith(self.unit_path or "")
        )


ANONYMOUS = Actor(user_id=None, roles=frozenset())


def actor_for(user: Any) -> Actor:
    """Resolve a user's roles. Cached on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_kuulu_actor", None)
    if cached is not None:
        return cached
    person = Person.objects.select_related("unit").filter(user_id=user.pk, is_active=True).first()
    roles: set[Role] = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    unit_id = unit_path = county_id = None
    if person is not None:
        county_id = person.county_id
        if person.kind == Person.Kind.STAFF and person.unit is not None:
            roles.add(Role.STAFF)
            unit_id, unit_path = person.unit_id, person.unit.path
            if person.is_manager:
                roles.add(Role.MANAGER)
            if person.is_coordinator:
                roles.add(Role.COORDINATOR)
    if not roles:
        roles.add(Role.RESIDENT)
    actor = Actor(
        user_id=user.pk,
        roles=frozenset(roles),
        person_id=person.pk if person else None,
        unit_id=unit_id,
        unit_path=unit_path,
        county_id=county_id,
        person_kind=person.kind if person is not None else None,
    )
    user._kuulu_actor = actor
    return actor


def require_staff(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_staff:
        raise PermissionDenied
    return actor


def require_coordinator(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor


def can_administer_people(actor: Actor) -> bool:
    return actor.is_coordinator


def can_edit_units(actor: Actor) -> bool:
    return actor.is_coordinator


def can_view_unit_tree(actor: Actor) -> bool:
    return actor.is_staff


def access_person_for_viewer(user: Any, person_id: int) -> Person:
    """A person's record, for coordinators and for managers of the person's unit."""
    actor = require_staff(user)
    person = get_object_or_404(Person.objects.select_related("unit", "user", "ngo"), pk=person_id)
    require_same_county(actor, person.county_id)
    if actor.is_coordinator:
        return person
    if person.unit is not None and actor.manages(person.unit):
        return person
    raise PermissionDenied


def access_person_for_editor(user: Any, person_id: int) -> Person:
    """A person's record for changing it: coordinators only. A system administrator's record
    is changed only by system administrators (else a coordinator could redirect its email and
    take the account over through a password reset)."""
    actor = require_coordinator(user)
    person = get_object_or_404(Person.objects.select_related("unit", "user", "ngo"), pk=person_id)
    require_same_county(actor, person.county_id)
    if person.user is not None and person.user.is_superuser and not actor.is_admin:
        raise PermissionDenied
    return person


def access_unit_for_editor(user: Any, unit_id: int) -> Unit:
    """A unit for changing it: coordinators of its county and system admins."""
    actor = require_coordinator(user)
    unit = get_object_or_404(Unit, pk=unit_id)
    require_same_county(actor, unit.county_id)
    return unit


def same_county(actor: Actor, county_id: int | None) -> bool:
    """People of a county act only within it; system admins and the public belong to none and
    are not limited by this (their other checks still apply)."""
    return actor.county_id is None or county_id is None or actor.county_id == county_id


def require_same_county(actor: Actor, county_id: int | None) -> None:
    if not same_county(actor, county_id):
        raise PermissionDenied


def county_of(actor: Actor) -> County:
    """The county an actor works in: their own, or for those who belong to none (system
    admins, the public) the installation's. 404 when the installation has no county yet."""
    county = County.objects.filter(pk=actor.county_id).first() if actor.county_id else None
    county = county or County.objects.order_by("id").first()
    if county is None:
        raise Http404
    return county


def leadable_units(actor: Actor, county_id: int) -> QuerySet[Unit]:
    """Active units an actor may name as theirs to lead or act for: the county's for
    coordinators and admins, the own subtree's for managers, none for others."""
    units = Unit.objects.filter(county_id=county_id, is_active=True).order_by("path")
    if actor.is_coordinator:
        return units
    if actor.is_manager and actor.unit_path:
        return units.filter(path__startswith=actor.unit_path)
    return units.none()


def can_sync_organisation(actor: Actor) -> bool:
    """The HR sync rewrites the whole staff list: coordinators and system admins only."""
    return actor.is_coordinator


def access_county_for_hr_sync(user: Any) -> Any:
    """The county whose units and staff this user may sync: their own, or (for a system admin
    with no person record) the installation's county."""
    from kuulu.organisation.models import County

    actor = actor_for(user)
    if not can_sync_organisation(actor):
        raise PermissionDenied
    if actor.county_id is not None:
        return County.objects.get(pk=actor.county_id)
    county = County.objects.order_by("id").first()
    if county is None:
        raise PermissionDenied
    return county
