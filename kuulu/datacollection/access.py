"""Who may see and keep the data-collection calendar.

The public list shows active, public collections to anyone. Coordinators keep the register of
their county (create, edit, record residents' involvement); nobody else sees the register."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from kuulu.datacollection.models import Collection
from kuulu.organisation.access import Actor, actor_for


def can_keep_calendar(actor: Actor) -> bool:
    return actor.is_coordinator


def require_calendar_keeper(user: Any) -> Actor:
    actor = actor_for(user)
    if not can_keep_calendar(actor):
        raise PermissionDenied
    return actor


def access_collection_for_keeper(user: Any, collection_id: int) -> tuple[Collection, Actor]:
    actor = require_calendar_keeper(user)
    collection = get_object_or_404(Collection, pk=collection_id)
    if actor.county_id and collection.county_id != actor.county_id and not actor.is_admin:
        raise PermissionDenied
    return collection, actor
