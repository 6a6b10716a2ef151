"""Who may see and run panels: coordinators manage everything; panel members (signed-in users
linked to selected volunteers) see their panel's workspace; the public sees public pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.organisation.access import actor_for, require_coordinator
from kuulu.panels.models import ExpertHearing, Material, Meeting, Panel, Stratum


def can_manage_panels(user: Any) -> bool:
    return actor_for(user).is_coordinator


def access_panel_for_public(user: Any, panel_id: int) -> Panel:
    """Panels past planning for everyone; a panel still in planning only for coordinators."""
    panel = get_object_or_404(Panel.objects.select_related("channel"), pk=panel_id)
    if panel.is_public or can_manage_panels(user):
        return panel
    raise Http404


def access_panel_for_coordinator(user: Any, panel_id: int) -> Panel:
    require_coordinator(user)
    return get_object_or_404(Panel.objects.select_related("channel"), pk=panel_id)


def is_member(user: Any, panel: Panel) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and panel.volunteers.filter(user_id=user.pk, selected=True).exists()
    )


def access_panel_for_workspace(user: Any, panel_id: int) -> Panel:
    """The workspace: coordinators and the panel's selected members."""
    panel = get_object_or_404(Panel, pk=panel_id)
    if can_manage_panels(user) or is_member(user, panel):
        return panel
    raise PermissionDenied


def access_stratum_for_coordinator(user: Any, stratum_id: int) -> Stratum:
    require_coordinator(user)
    return get_object_or_404(Stratum.objects.select_related("panel"), pk=stratum_id)


WORKSPACE_ITEMS = {"meeting": Meeting, "material": Material, "hearing": ExpertHearing}


def access_workspace_item_for_coordinator(
    user: Any, kind: str, item_id: int
) -> Meeting | Material | ExpertHearing:
    require_coordinator(user)
    model = WORKSPACE_ITEMS.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=item_id)
