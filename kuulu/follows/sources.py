"""What each module has opened or published, for the sweep. One function per module; each
returns the items whose opening moment may fall in (since, until]. Returning an item twice is
harmless: the announcement's unique constraint on (kind, object) keeps it to one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from kuulu.follows import keys

SWEEP_LIMIT = 500  # per source and sweep; the next sweep takes the rest


@dataclass(frozen=True)
class Item:
    kind: str
    object_key: str
    county_id: int
    title: str
    path: str
    at: datetime
    targets: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)


def titles(obj: object, name: str = "title") -> dict[str, str]:
    """The object's translated titles (django-modeltranslation fields), by language."""
    found = {}
    for code, _label in settings.LANGUAGES:
        value = getattr(obj, f"{name}_{code}", None)
        if value:
            found[code] = str(value)
    return found


def _path(name: str, *args: object) -> str:
    """A site path without its language prefix; the message adds the reader's language."""
    with translation.override("fi"):
        return reverse(name, args=args).removeprefix("/fi")


def unit_targets(units: Iterable[object]) -> list[str]:
    """A unit and every unit above it: following a service area covers the units below it."""
    found: set[str] = set()
    for unit in units:
        for part in (getattr(unit, "path", "") or "").strip("/").split("/"):
            if part:
                found.add(keys.unit(part))
        found.add(keys.unit(unit.pk))  # type: ignore[attr-defined]
    return sorted(found)


def _base(county_id: int, extra: list[str]) -> list[str]:
    return sorted({keys.county(county_id), *extra})


def surveys(since: datetime, until: datetime) -> list[Item]:
    from kuulu.surveys.models import Survey

    qs = (
        Survey.objects.filter(status=Survey.Status.OPEN, audience=Survey.Audience.PUBLIC)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=until))
        .filter(Q(opens_at__gt=since) | Q(updated_at__gt=since))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=until))
        .prefetch_related("units")
        .order_by("id")[:SWEEP_LIMIT]
    )
    return [
        Item(
            "survey",
            f"surveys.survey:{s.pk}",
            s.county_id,
            s.title,
            _path("surveys:respond", s.pk),
            max(s.opens_at or s.updated_at, s.updated_at),
            _base(s.county_id, unit_targets(s.units.all())),
            titles(s),
        )
        for s in qs
    ]


def events(since: datetime, until: datetime) -> list[Item]:
    from kuulu.events.models import Event

    qs = (
        Event.objects.filter(status=Event.Status.PUBLISHED, for_public=True)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=until))
        .filter(Q(registration_opens_at__gt=since) | Q(updated_at__gt=since))
        .order_by("id")[:SWEEP_LIMIT]
    )
    return [
        Item(
            "event",
            f"events.event:{e.pk}",
            e.county_id,
            e.title,
            _path("events:detail", e.pk),
            e.updated_at,
            _base(e.county_id, []),
            titles(e),
        )
        for e in qs
    ]


def panels(since: datetime, until: datetime) -> list[Item]:
    from kuulu.panels.models import Panel

    qs = Panel.objects.filter(status=Panel.Status.VOLUNTEERING, updated_at__gt=since).order_by(
        "id"
    )[:SWEEP_LIMIT]
    return [
        Item(
            "panel",
            f"panels.panel:{p.pk}",
            p.county_id,
            p.title,
            _path("panels:detail", p.pk),
            p.updated_at,
            _base(p.county_id, [keys.channel(p.channel_id)] if p.channel_id else []),
            titles(p),
        )
        for p in qs
    ]


def votes(since: datetime, until: datetime) -> list[Item]:
    from kuulu.budgeting.models import Phase

    qs = (
        Phase.objects.filter(
            kind=Phase.Kind.VOTING,
            process__is_published=True,
            starts_at__gt=since,
            starts_at__lte=until,
        )
        .select_related("process")
        .order_by("id")[:SWEEP_LIMIT]
    )
    return [
        Item(
            "vote",
            f"budgeting.process:{ph.process_id}",
            ph.process.county_id,
            ph.process.title,
            _path("budgeting:process", ph.process_id),
            ph.starts_at,
            _base(ph.process.county_id, [keys.budgeting(ph.process_id)]),
            titles(ph.process),
        )
        for ph in qs
    ]


def conversations(since: datetime, until: datetime) -> list[Item]:
    from kuulu.deliberation.models import Conversation

    qs = (
        Conversation.objects.filter(is_published=True, is_read_only=False)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=until))
        .filter(Q(opens_at__gt=since) | Q(updated_at__gt=since))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=until))
        .select_related("unit")
        .order_by("id")[:SWEEP_LIMIT]
    )
    return [
        Item(
            "conversation",
            f"deliberation.conversation:{c.pk}",
            c.county_id,
            c.topic,
            _path("deliberation:detail", c.pk),
            max(c.opens_at or c.updated_at, c.updated_at),
            _base(
                c.county_id,
                [keys.deliberation(c.pk), *unit_targets([c.unit] if c.unit else [])],
            ),
            titles(c, "topic"),
        )
        for c in qs
    ]


def outcomes(since: datetime, until: datetime) -> list[Item]:
    from kuulu.outcomes.models import Outcome

    qs = (
        Outcome.objects.filter(is_published=True, published_at__gt=since, published_at__lte=until)
        .prefetch_related("units")
        .order_by("id")[:SWEEP_LIMIT]
    )
    return [
        Item(
            "outcome",
            f"outcomes.outcome:{o.pk}",
            o.county_id,
            o.title,
            _path("outcomes:detail", o.pk),
            o.published_at,  # type: ignore[arg-type]
            _base(o.county_id, unit_targets(o.units.all())),
            titles(o),
        )
        for o in qs
    ]


SOURCES: dict[str, Callable[[datetime, datetime], list[Item]]] = {
    "surveys": surveys,
    "events": events,
    "panels": panels,
    "votes": votes,
    "conversations": conversations,
    "outcomes": outcomes,
}
