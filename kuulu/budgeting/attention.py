"""What needs attention in participatory budgeting (the workspace home), for the county's
coordinators: proposals waiting for review, and paper ballots whose two entries differ. Two
aggregate queries, none for other roles."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.budgeting.models import PaperBallot, Proposal
from kuulu.organisation.access import Actor
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def budgeting_work(actor: Actor, today: date) -> list[AttentionItem]:
    if not actor.is_coordinator:
        return []
    proposals = Proposal.objects.filter(status=Proposal.Status.SUBMITTED)
    mismatches = PaperBallot.objects.filter(status=PaperBallot.Status.MISMATCH)
    if actor.county_id is not None:
        proposals = proposals.filter(process__county_id=actor.county_id)
        mismatches = mismatches.filter(budget__process__county_id=actor.county_id)
    items = []
    waiting = proposals.values("process_id").annotate(n=Count("id")).order_by("process_id")
    for row in waiting[:5]:
        items.append(
            AttentionItem(
                key=f"budgeting-proposals-{row['process_id']}",
                label=_("Participatory budgeting proposals waiting for review"),
                count=row["n"],
                url=reverse("budgeting:manage", args=[row["process_id"]]),
                urgency=Urgency.TO_DO,
            )
        )
    differ = mismatches.values("budget_id").annotate(n=Count("id")).order_by("budget_id")
    for row in differ[:5]:
        items.append(
            AttentionItem(
                key=f"budgeting-paper-mismatch-{row['budget_id']}",
                label=_("Paper ballots whose two entries differ"),
                count=row["n"],
                url=reverse("budgeting:reconciliation", args=[row["budget_id"]]),
                urgency=Urgency.DUE_SOON,
            )
        )
    return items
