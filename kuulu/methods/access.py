"""Who may do what in the methods bank.

- Everyone: published method cards of the portal.
- Staff of the county: the method-expert pool (search), requesting support for their own unit,
  logging a use of a method by their own unit. Managers do so for every unit of their subtree.
- Coordinators (and system admins): editing cards, import and export, the expert pool itself,
  assigning experts to support requests, and the adoption view across the county.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kuulu.methods.models import MethodCard, SupportRequest

# require_staff and require_coordinator are the organisation's own checks, re-exported here
# for the views.
from kuulu.organisation.access import (
    Actor,
    actor_for,
    require_coordinator,
    same_county,
)
from kuulu.organisation.access import require_staff as require_staff
from kuulu.organisation.models import Unit

MODULE_TITLE = _("Methods bank")
MODULE_DESCRIPTION = _(
    "Method cards, the method-expert pool, support for units and who has used which method."
)


def can_use_methods(actor: Actor) -> bool:
    return actor.is_staff


def can_manage_methods(user: Any) -> bool:
    actor = actor_for(user)
    return actor.is_coordinator


def units_for_logging(user: Any) -> Any:
    """The units this user may request support for and log method uses of."""
    actor = actor_for(user)
    if not actor.is_staff:
        return Unit.objects.none()
    qs = Unit.objects.filter(is_active=True)
    if actor.is_coordinator:
        return qs.filter(county_id=actor.county_id) if actor.county_id else qs
    if actor.is_manager and actor.unit_path:
        return qs.filter(path__startswith=actor.unit_path)
    return qs.filter(pk=actor.unit_id)


def can_act_for_unit(user: Any, unit: Unit) -> bool:
    actor = actor_for(user)
    if not actor.is_staff or not same_county(actor, unit.county_id):
        return False
    if actor.is_coordinator or unit.pk == actor.unit_id:
        return True
    return actor.manages(unit)


def access_card_for_public(user: Any, card_id: int) -> MethodCard:
    card = get_object_or_404(MethodCard.objects.select_related("county"), pk=card_id)
    if card.status == MethodCard.Status.PUBLISHED:
        return card
    if can_manage_methods(user) and same_county(actor_for(user), card.county_id):
        return card
    raise Http404


def access_card_for_coordinator(user: Any, card_id: int) -> MethodCard:
    actor = require_coordinator(user)
    card = get_object_or_404(MethodCard, pk=card_id)
    if not same_county(actor, card.county_id):
        raise PermissionDenied
    return card


def access_support_for_coordinator(user: Any, support_id: int) -> SupportRequest:
    actor = require_coordinator(user)
    support = get_object_or_404(
        SupportRequest.objects.select_related("unit", "method", "expert__person"), pk=support_id
    )
    if not same_county(actor, support.county_id):
        raise PermissionDenied
    return support
