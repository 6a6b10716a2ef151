"""What needs attention in the impact trail (the workspace home): outcomes whose follow-up is
late (not done and the follow-up date has passed), for coordinators (the county) and managers
(outcomes concerning their subtree). One aggregate query."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor
from kuulu.outcomes import access, selectors
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def late_follow_ups(actor: Actor, today: date) -> list[AttentionItem]:
    if not access.can_manage_outcomes(actor):
        return []
    late = selectors.late_outcomes(access.editable_outcomes(actor), today)
    row = late.aggregate(n=Count("id"), due=Min("follow_up_due"))
    if not row["n"]:
        return []
    return [
        AttentionItem(
            key="outcomes-follow-up-late",
            label=_("Outcomes whose follow-up is late"),
            count=row["n"],
            url=reverse("outcomes:manage") + "?late=on",
            urgency=Urgency.OVERDUE,
            due=row["due"],
        )
    ]
