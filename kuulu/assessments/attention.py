"""What needs attention in impact assessments (the workspace home): for the county's
coordinators, requests for children's views waiting to be set up. One query, none for others."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.assessments.selectors import open_views_requests
from kuulu.organisation.access import Actor
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def assessments_work(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_coordinator:
        return []
    waiting = open_views_requests(actor.county_id).count()
    if not waiting:
        return []
    return [
        AttentionItem(
            key="assessments-views-requests",
            label=_("Requests for children's views waiting to be set up"),
            count=waiting,
            url=reverse("assessments:manage"),
            urgency=Urgency.TO_DO,
        )
    ]
