"""What needs attention in Ask the leadership: for coordinators, held and unrouted questions
and overdue answers in the county; for a director or manager, the questions routed to them
(overdue ones first). At most three aggregate queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kuulu.organisation.access import Actor
from kuulu.questions.models import Question
from kuulu.workspace.attention import AttentionItem, Urgency, provider


@provider
def questions_work(actor: Actor, today: date) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    if actor.is_coordinator:
        questions = Question.objects.all()
        if actor.county_id is not None:
            questions = questions.filter(county_id=actor.county_id)
        counts = questions.aggregate(
            held=Count("id", filter=Q(status=Question.Status.HELD)),
            unrouted=Count("id", filter=Q(status=Question.Status.OPEN)),
            overdue=Count("id", filter=Q(status=Question.Status.ROUTED, due_on__lt=today)),
        )
        url = reverse("questions:manage")
        if counts["overdue"]:
            items.append(
                AttentionItem(
                    key="questions-overdue",
                    label=_("Questions to the leadership with an overdue answer"),
                    count=counts["overdue"],
                    url=url,
                    urgency=Urgency.OVERDUE,
                )
            )
        if counts["held"]:
            items.append(
                AttentionItem(
                    key="questions-held",
                    label=_("Questions to the leadership held for moderation"),
                    count=counts["held"],
                    url=url,
                    urgency=Urgency.TO_DO,
                )
            )
        if counts["unrouted"]:
            items.append(
                AttentionItem(
                    key="questions-unrouted",
                    label=_("Questions to the leadership waiting to be routed"),
                    count=counts["unrouted"],
                    url=url,
                    urgency=Urgency.TO_DO,
                )
            )
    if actor.person_id is not None and actor.is_manager:
        mine = Question.objects.filter(
            routed_to_id=actor.person_id, status=Question.Status.ROUTED
        ).aggregate(n=Count("id"), first_due=Min("due_on"))
        if mine["n"]:
            first_due = mine["first_due"]
            urgency = Urgency.TO_DO
            if first_due is not None and first_due < today:
                urgency = Urgency.OVERDUE
            elif first_due is not None and first_due <= today + timedelta(days=3):
                urgency = Urgency.DUE_SOON
            items.append(
                AttentionItem(
                    key="questions-mine",
                    label=_("Residents' questions waiting for your answer"),
                    count=mine["n"],
                    url=reverse("questions:manage"),
                    urgency=urgency,
                    due=first_due,
                )
            )
    return items
