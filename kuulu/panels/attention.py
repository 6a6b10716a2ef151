"""What needs attention in resident panels (the workspace home, coordinators): panels whose
volunteer registration has ended and wait for the draw, and panel statements waiting for the
decision-makers' response. One aggregate query over the county's panels."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor
from kuulu.panels.models import Panel
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def panels_pending(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_coordinator:
        return []
    panels = Panel.objects.filter(status__in=[Panel.Status.VOLUNTEERING, Panel.Status.STATEMENT])
    if actor.county_id:
        panels = panels.filter(county_id=actor.county_id)
    draw = Q(status=Panel.Status.VOLUNTEERING, volunteer_deadline__lt=today)
    statement = Q(status=Panel.Status.STATEMENT)
    found = panels.aggregate(
        draws=Count("pk", filter=draw),
        deadline=Min("volunteer_deadline", filter=draw),
        draw_first=Min("pk", filter=draw),
        draw_last=Max("pk", filter=draw),
        statements=Count("pk", filter=statement),
        statement_first=Min("pk", filter=statement),
        statement_last=Max("pk", filter=statement),
    )
    manage = reverse("panels:manage")
    # The panel's page, at its draw section: the draw itself is a POST-only action.
    draw_url = (
        reverse("panels:panel_manage", args=[found["draw_first"]]) + "#draw"
        if found["draws"] == 1 and found["draw_first"] == found["draw_last"]
        else manage
    )
    statement_url = (
        reverse("panels:statement", args=[found["statement_first"]])
        if found["statements"] == 1 and found["statement_first"] == found["statement_last"]
        else manage
    )
    return [
        AttentionItem(
            key="panel-draws",
            label=_("Panels whose volunteer registration has ended and that wait for the draw"),
            count=found["draws"],
            url=draw_url,
            urgency=Urgency.DUE_SOON,
            due=found["deadline"],
        ),
        AttentionItem(
            key="panel-responses",
            label=_("Panel statements waiting for the decision-makers' response"),
            count=found["statements"],
            url=statement_url,
            urgency=Urgency.TO_DO,
        ),
    ]
