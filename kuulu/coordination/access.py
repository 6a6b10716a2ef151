"""Who may see and change the coordination model. The public page is open to everyone."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.organisation.access import actor_for


def can_edit_coordination(user: Any) -> bool:
    return actor_for(user).is_coordinator


def access_task_for_editor(user: Any, task_id: int) -> CoordinationTask:
    if not can_edit_coordination(user):
        raise PermissionDenied
    return get_object_or_404(CoordinationTask.objects.select_related("area"), pk=task_id)


def access_area_for_editor(user: Any, area_id: int) -> CoordinationArea:
    if not can_edit_coordination(user):
        raise PermissionDenied
    return get_object_or_404(CoordinationArea, pk=area_id)
