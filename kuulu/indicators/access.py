"""Who may see indicators and manage manual indicators.

| role                      | dashboard, detail, export, API         | manual indicators |
|---------------------------|----------------------------------------|-------------------|
| anonymous                 | sign in first (API: 401)               | -                 |
| resident                  | refused (403)                          | refused           |
| staff member              | own county's aggregates, any filter    | refused           |
| unit manager              | the same; defaults to their subtree    | refused           |
| coordinator, system admin | the whole county                       | define and enter  |
| staff of another county   | refused for that county (403)          | refused           |

Links to the records behind a figure are shown only where the viewer may open those pages
(coordinators: all; managers: the feedback queue and the training report of their units).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.indicators.types import Scope
from kuulu.organisation.access import Actor, actor_for, require_same_county

__all__ = ["require_same_county"]
from kuulu.organisation.models import County, Municipality, Unit

MANAGER_RECORDS = {"feedback:queue", "assignments:list"}


def can_view_indicators(actor: Actor) -> bool:
    return actor.is_staff


def can_manage_indicators(actor: Actor) -> bool:
    return actor.is_coordinator


def can_see_records(actor: Actor, url_name: str) -> bool:
    if not url_name:
        return False
    if actor.is_coordinator:
        return True
    return actor.is_manager and url_name in MANAGER_RECORDS


def _county_for(actor: Actor, county_id: int | None = None) -> County:
    """The viewer's county; a system admin without one chooses (default: the first county)."""
    from kuulu.organisation.selectors import default_county

    wanted = county_id or actor.county_id
    county = County.objects.filter(pk=wanted).first() if wanted else default_county()
    if county is None:
        raise Http404
    require_same_county(actor, county.pk)
    return county


def require_viewer(user: Any, *, county_id: int | None = None) -> tuple[Actor, County]:
    actor = actor_for(user)
    if not can_view_indicators(actor):
        raise PermissionDenied
    return actor, _county_for(actor, county_id)


def require_manager_of_indicators(
    user: Any, *, county_id: int | None = None
) -> tuple[Actor, County]:
    actor = actor_for(user)
    if not can_manage_indicators(actor):
        raise PermissionDenied
    return actor, _county_for(actor, county_id)


@dataclass(frozen=True)
class ScopeChoice:
    scope: Scope
    unit: Unit | None
    service_area: Unit | None
    municipality: Municipality | None


def scope_for(
    actor: Actor,
    county: County,
    *,
    unit_id: int | None = None,
    service_area_id: int | None = None,
    municipality_id: int | None = None,
    explicit: bool = False,
) -> ScopeChoice:
    """The scope the viewer asked for, checked against their county. A manager who asked for
    nothing (`explicit` False) gets their own subtree."""
    unit = service_area = municipality = None
    if unit_id:
        unit = get_object_or_404(Unit, pk=unit_id, county=county)
    elif not explicit and actor.is_manager and not actor.is_coordinator and actor.unit_id:
        unit = Unit.objects.filter(pk=actor.unit_id, county=county).first()
    if service_area_id:
        service_area = get_object_or_404(Unit, pk=service_area_id, county=county, parent=None)
    if municipality_id:
        municipality = get_object_or_404(Municipality, pk=municipality_id, county=county)
    return ScopeChoice(
        scope=Scope(
            county_id=county.pk,
            unit_path=unit.path if unit else None,
            service_area_id=service_area.pk if service_area else None,
            municipality_id=municipality.pk if municipality else None,
        ),
        unit=unit,
        service_area=service_area,
        municipality=municipality,
    )
