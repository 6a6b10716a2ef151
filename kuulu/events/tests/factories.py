from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from kuulu.events.models import Event, Session
from kuulu.organisation.models import County


def make_session(
    county: County, *, capacity: int = 2, waitlist: bool = True, days_ahead: int = 30, **event: Any
) -> Session:
    event.setdefault("title_fi", "Osallisuustyöpaja")
    event.setdefault("title_en", "Participation workshop")
    event.setdefault("status", Event.Status.PUBLISHED)
    event.setdefault("for_public", True)
    created = Event.objects.create(county=county, waitlist=waitlist, **event)
    # A fixed time of day (10:00 local) so that a session never crosses
    # midnight whatever the hour the suite runs at: the edit form takes one
    # date and a start and end time, and a 21:30 + 3 h session would not fit.
    day = timezone.localdate() + timedelta(days=days_ahead)
    start = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return Session.objects.create(
        event=created,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue="Kainuun Osaamiskeskus",
        address="Kauppakatu 1, Kajaani",
        capacity=capacity,
    )
