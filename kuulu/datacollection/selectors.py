"""Reads of the data-collection calendar, with the next occurrence of each collection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kuulu.datacollection.models import Collection
from kuulu.datacollection.schedule import Occurrence


@dataclass(frozen=True)
class CalendarEntry:
    collection: Collection
    next: Occurrence | None


def _entries(collections: list[Collection], today: date) -> list[CalendarEntry]:
    entries = [CalendarEntry(c, c.next_occurrence(today)) for c in collections]
    # Upcoming first, soonest first; ended schedules last, by name.
    return sorted(
        entries,
        key=lambda e: (e.next is None, e.next.starts_on if e.next else date.max, str(e.collection)),
    )


def calendar_for_keeper(*, county_id: int, today: date) -> list[CalendarEntry]:
    """Every collection of the county (inactive ones too), for coordinators. Two queries."""
    collections = list(
        Collection.objects.filter(county_id=county_id).select_related("responsible", "survey")
    )
    return _entries(collections, today)


def upcoming_public(*, county_id: int, today: date) -> list[CalendarEntry]:
    """Active, public collections that still have an occurrence ahead. One query."""
    collections = list(Collection.objects.public().filter(county_id=county_id))
    return [e for e in _entries(collections, today) if e.next is not None]
