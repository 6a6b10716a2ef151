"""What needs attention in the training calendar (the workspace home): registration closing
soon for events the person organises. One query over the organiser's upcoming sessions (a
handful of rows); the closing day depends on each event's own "closes N days before"."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kuulu.events.models import Event, Session
from kuulu.organisation.access import Actor
from kuulu.workspace.attention import AttentionItem, provider, urgency_for

WITHIN_DAYS = 7


@provider
def registrations_closing(actor: Actor, today: date) -> list[AttentionItem]:
    """Published events the person organises whose registration closes within a week."""
    if not actor.is_staff or actor.user_id is None:
        return []
    start = timezone.make_aware(datetime.combine(today, time.min))
    sessions = Session.objects.filter(
        event__organisers__pk=actor.user_id,
        event__status=Event.Status.PUBLISHED,
        starts_at__gte=start,
    ).values_list("event_id", "starts_at", "event__registration_closes_days")
    closing: dict[int, date] = {}
    for event_id, starts_at, closes_days in sessions:
        closes_on = timezone.localtime(starts_at).date() - timedelta(days=closes_days)
        if today <= closes_on <= today + timedelta(days=WITHIN_DAYS):
            closing[event_id] = min(closes_on, closing.get(event_id, closes_on))
    if not closing:
        return []
    due = min(closing.values())
    url = (
        reverse("events:registrations", args=[next(iter(closing))])
        if len(closing) == 1
        else reverse("events:organise")
    )
    return [
        AttentionItem(
            key="registrations-closing",
            label=_("Events you organise whose registration closes within 7 days"),
            count=len(closing),
            url=url,
            urgency=urgency_for(due, today=today),
            due=due,
        )
    ]
