"""Who may see and run panels: coordinators manage everything; panel members (signed-in users
linked to selected volunteers) see their panel's workspace; the public sees public pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import (
    actor_for,
    require_coordinator,
    require_same_county,
    same_county,
)
from kuulu.panels.models import ExpertHearing, Material, Meeting, Panel, Stratum


def can_manage_panels(user: Any, panel: Panel | None = None) -> bool:
    """Coordinators, of the panel's own county when a panel is given."""
    actor = actor_for(user)
    return actor.is_coordinator and (panel is None or same_county(actor, panel.county_id))


def access_panel_for_public(user: Any, panel_id: int) -> Panel:
    """Panels past planning for everyone; a panel still in planning only for coordinators."""
    panel = get_object_or_404(Panel.objects.select_related("channel"), pk=panel_id)
    if panel.is_public or can_manage_panels(user, panel):
        return panel
    raise Http404


def access_panel_for_coordinator(user: Any, panel_id: int) -> Panel:
    actor = require_coordinator(user)
    panel = get_object_or_404(Panel.objects.select_related("channel"), pk=panel_id)
    require_same_county(actor, panel.county_id)
    return panel


def is_member(user: Any, panel: Panel) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and panel.volunteers.filter(user_id=user.pk, selected=True).exists()
    )


def access_panel_for_workspace(user: Any, panel_id: int) -> Panel:
    """The workspace: coordinators and the panel's selected members."""
    panel = get_object_or_404(Panel, pk=panel_id)
    if can_manage_panels(user, panel) or is_member(user, panel):
        return panel
    raise PermissionDenied


def access_stratum_for_coordinator(user: Any, stratum_id: int) -> Stratum:
    actor = require_coordinator(user)
    stratum = get_object_or_404(Stratum.objects.select_related("panel"), pk=stratum_id)
    require_same_county(actor, stratum.panel.county_id)
    return stratum


WORKSPACE_ITEMS = {"meeting": Meeting, "material": Material, "hearing": ExpertHearing}


def access_workspace_item_for_coordinator(
    user: Any, kind: str, item_id: int
) -> Meeting | Material | ExpertHearing:
    actor = require_coordinator(user)
    model = WORKSPACE_ITEMS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.select_related("panel"), pk=item_id)
    require_same_county(actor, item.panel.county_id)
    return item
