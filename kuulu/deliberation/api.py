"""Deliberation endpoints: public conversations and reports; voting for signed integrations."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from kuulu.deliberation import access, selectors, services
from kuulu.deliberation.forms import VOTES
from kuulu.deliberation.models import Conversation, Statement
from kuulu.integrations.auth import TokenAuth
from kuulu.organisation.selectors import default_county

router = Router(tags=["deliberation"])


class ConversationOut(Schema):
    id: int
    topic: str
    description: str
    opens_at: datetime | None
    closes_at: datetime | None
    is_open: bool
    is_read_only: bool


class StatementOut(Schema):
    id: int
    number: int
    text: str


class VoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    statement: int
    vote: Literal["agree", "disagree", "pass"]


class VoteOut(Schema):
    statement: int
    vote: Literal["agree", "disagree", "pass"]


def _out(conversation: Conversation) -> dict:
    return {
        "id": conversation.pk,
        "topic": conversation.topic,
        "description": conversation.description,
        "opens_at": conversation.opens_at,
        "closes_at": conversation.closes_at,
        "is_open": conversation.is_open(),
        "is_read_only": conversation.is_read_only,
    }


@router.get("/conversations", response=list[ConversationOut], auth=None)
def list_conversations(request: HttpRequest) -> list[dict]:
    """The public county's published conversations, as on the portal."""
    county = default_county()
    if county is None:
        return []
    return [_out(c) for c in selectors.published_conversations(county=county)[:200]]


@router.get("/conversations/{conversation_id}", response=ConversationOut, auth=None)
def get_conversation(request: HttpRequest, conversation_id: int) -> dict:
    return _out(access.access_conversation_for_viewer(request.user, conversation_id))


@router.get("/conversations/{conversation_id}/report", auth=None)
def get_report(request: HttpRequest, conversation_id: int) -> dict:
    """The latest analysis: groups, representative and consensus statements (by statement number)."""
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    snapshot = selectors.latest_snapshot(conversation)
    if snapshot is None:
        return {"computed_at": None}
    data = {k: v for k, v in snapshot.data.items() if k not in {"groups", "seconds"}}
    return {"computed_at": snapshot.computed_at.isoformat(), **data}


@router.get(
    "/conversations/{conversation_id}/next",
    response={200: StatementOut, 204: None},
    auth=TokenAuth(),
)
def next_statement(request: HttpRequest, conversation_id: int) -> Status:
    """The next statement to vote on; 204 when none is left; 409 when the conversation is not
    open. Asking makes nobody a participant: that happens with the first vote."""
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    if not conversation.is_open():
        raise HttpError(409, _("This conversation is not open for taking part."))
    participant = services.existing_participant(conversation, user=request.user)
    statement = selectors.next_statement(participant, conversation)
    if statement is None:
        return Status(204, None)
    return Status(200, {"id": statement.pk, "number": statement.number, "text": statement.text})


@router.post("/conversations/{conversation_id}/votes", response={201: VoteOut}, auth=TokenAuth())
def post_vote(request: HttpRequest, conversation_id: int, payload: VoteIn) -> Status:
    conversation = access.access_conversation_for_viewer(request.user, conversation_id)
    statement = get_object_or_404(Statement, pk=payload.statement, conversation=conversation)
    try:
        with transaction.atomic():  # a refused vote leaves no new participant behind
            participant = services.participant_for(conversation=conversation, user=request.user)
            services.cast_vote(
                participant=participant, statement=statement, value=VOTES[payload.vote]
            )
    except services.ConversationClosed as exc:
        raise HttpError(409, str(exc)) from exc
    return Status(201, {"statement": statement.pk, "vote": payload.vote})
