"""What needs attention in the participation programme (the workspace home): open measures past
their due date, and measures without a follow-up for the quarter that ended last. For the
measure's responsible person, the managers of its responsible unit, and coordinators (the whole
county). One aggregate query."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor
from kuulu.programme import selectors
from kuulu.programme.quarters import previous_quarter
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def measures_due_for_follow_up(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_staff or actor.county_id is None:
        return []
    mine = selectors.measures_followed_by(actor, county_id=actor.county_id)
    due = selectors.measures_due_for_follow_up(county_id=actor.county_id, today=today).filter(
        pk__in=mine.values("pk")
    )
    late = Q(due_on__lt=today)
    row = due.aggregate(
        late=Count("id", filter=late),
        late_due=Min("due_on", filter=late),
        missing=Count("id", filter=~late),
    )
    url = reverse("programme:follow_up_list")
    items = []
    if row["late"]:
        items.append(
            AttentionItem(
                key="programme-measures-late",
                label=_("Programme measures past their due date"),
                count=row["late"],
                url=url,
                urgency=Urgency.OVERDUE,
                due=row["late_due"],
            )
        )
    if row["missing"]:
        items.append(
            AttentionItem(
                key="programme-follow-up-due",
                label=_("Programme measures waiting for last quarter's follow-up"),
                count=row["missing"],
                url=url,
                urgency=Urgency.DUE_SOON,
                due=previous_quarter(today).end,
            )
        )
    return items
