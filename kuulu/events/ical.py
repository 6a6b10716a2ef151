"""iCalendar files for sessions (per-event download, confirmation attachment, calendar feed)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as IcalEvent

from kuulu.events.models import Session


def calendar_for(
    sessions: Iterable[Session], *, name: str = "Kuulu", with_links: bool = False
) -> bytes:
    """Online links go only into the calendar file of someone who has a place. Texts are in
    the active language (the email task activates the registrant's)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kuulu//Training calendar//FI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = settings.KUULU_BASE_URL.split("//")[-1].split("/")[0]
    for session in sessions:
        entry = IcalEvent()
        entry.add("uid", f"session-{session.pk}@{host}")
        entry.add("summary", session.event.title)
        entry.add("dtstart", session.starts_at)
        entry.add("dtend", session.ends_at)
        entry.add("dtstamp", session.event.updated_at)
        entry.add("sequence", session.sequence)
        place = ", ".join(p for p in (session.venue, session.address) if p)
        link = session.online_url if with_links else ""
        if not place and session.online_url:
            place = link or _("Online")
        if place:
            entry.add("location", place)
        description = session.event.description
        if link:
            # A hybrid session's location is its venue: the link goes in the URL property and,
            # since many calendar programs do not show that, at the top of the description.
            entry.add("url", link)
            description = "\n\n".join(filter(None, [f"{_('Online:')} {link}", description]))
        if description:
            entry.add("description", description)
        if session.event.status == session.event.Status.CANCELLED:
            entry.add("status", "CANCELLED")
        calendar.add_component(entry)
    return calendar.to_ical()
