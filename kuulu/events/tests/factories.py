from __future__ import annotations

from datetime import timedelta
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
    start = timezone.now() + timedelta(days=days_ahead)
    return Session.objects.create(
        event=created,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        venue="Kainuun Osaamiskeskus",
        address="Kauppakatu 1, Kajaani",
        capacity=capacity,
    )
