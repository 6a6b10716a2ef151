"""Who may see and change the coordination model. The public page is open to everyone."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.organisation.access import (
    Actor,
    actor_for,
    require_same_county,
    same_county,
)


def can_edit_coordination(user: Any, county_id: int | None) -> bool:
    """Coordinators of the county (and system admins) edit its coordination model."""
    actor = actor_for(user)
    return actor.is_coordinator and same_county(actor, county_id)


def _require_coordinator(user: Any) -> Actor:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor


def access_task_for_editor(user: Any, task_id: int) -> CoordinationTask:
    actor = _require_coordinator(user)
    task = get_object_or_404(CoordinationTask.objects.select_related("area"), pk=task_id)
    require_same_county(actor, task.area.county_id)
    return task


def access_area_for_editor(user: Any, area_id: int) -> CoordinationArea:
    actor = _require_coordinator(user)
    area = get_object_or_404(CoordinationArea, pk=area_id)
    require_same_county(actor, area.county_id)
    return area
