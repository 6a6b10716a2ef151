"""Participation channels API: the public directory and councils' hearing records."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.channels import access, selectors
from kuulu.organisation.selectors import default_county

router = Router(tags=["channels"])


class ChannelOut(Schema):
    id: int
    slug: str
    kind: str
    council: str
    name: str
    purpose: str
    who_may_join: str
    how_to_join: str
    meeting_rhythm: str
    contact_name: str
    contact_email: str
    accepts_applications: bool


class HearingOut(Schema):
    id: int
    title: str
    requested_on: date
    deadline: date
    status: str
    draft_url: str
    statement: str | None
    statement_given_on: date | None
    statement_late: bool | None
    response: str | None
    responder: str | None
    responded_on: date | None


def _channel(channel) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": channel.pk,
        "slug": channel.slug,
        "kind": channel.kind,
        "council": channel.council,
        "name": channel.name,
        "purpose": channel.purpose,
        "who_may_join": channel.who_may_join or "",
        "how_to_join": channel.how_to_join or "",
        "meeting_rhythm": channel.meeting_rhythm or "",
        "contact_name": channel.contact_name,
        "contact_email": channel.contact_email,
        "accepts_applications": channel.accepts_applications,
    }


@router.get("", response=list[ChannelOut])
def list_channels(request: HttpRequest) -> list[dict]:
    """Published channels of the county, by type. Public."""
    return [_channel(c) for c in selectors.published_channels(default_county())]


@router.get("/{slug}/hearings", response=list[HearingOut])
def council_hearings(request: HttpRequest, slug: str) -> list[dict]:
    """A statutory council's public record: requests, statements and responses. Public."""
    channel = access.access_council_for_public(slug)
    rows = []
    for item in selectors.hearing_record(channel):
        statement = getattr(item, "statement", None)
        response = getattr(item, "response", None)
        rows.append(
            {
                "id": item.pk,
                "title": item.title,
                "requested_on": item.requested_on,
                "deadline": item.deadline,
                "status": item.status,
                "draft_url": item.draft_url,
                "statement": statement.text if statement else None,
                "statement_given_on": statement.given_on if statement else None,
                "statement_late": statement.is_late if statement else None,
                "response": response.text if response else None,
                "responder": response.responder if response else None,
                "responded_on": response.responded_on if response else None,
            }
        )
    return rows
