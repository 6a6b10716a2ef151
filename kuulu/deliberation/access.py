"""Who may see, take part in and moderate conversations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.deliberation.models import Conversation, Statement
from kuulu.organisation.access import Actor, actor_for, county_of, same_county
from kuulu.organisation.models import County


def can_moderate(user: Any) -> bool:
    """Coordinators moderate every conversation of the county."""
    return actor_for(user).is_coordinator


def moderates(user: Any, conversation: Conversation) -> bool:
    """A coordinator of the conversation's own county (or a system admin)."""
    actor = actor_for(user)
    return actor.is_coordinator and same_county(actor, conversation.county_id)


def require_moderator(user: Any) -> tuple[Actor, County]:
    """A coordinator, and the county their conversations belong to: their own (a system
    admin's: the installation's)."""
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    return actor, county_of(actor)


def access_conversation_for_viewer(user: Any, conversation_id: int) -> Conversation:
    """Published conversations (and their reports) are public; unpublished ones only for
    moderators. Unpublished is reported as not found, so drafts stay unseen."""
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if not conversation.is_published and not moderates(user, conversation):
        raise Http404
    return conversation


def needs_sign_in(user: Any, conversation: Conversation) -> bool:
    return conversation.require_sign_in and not getattr(user, "is_authenticated", False)


def access_conversation_for_moderator(user: Any, conversation_id: int) -> Conversation:
    if not can_moderate(user):
        raise PermissionDenied
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if not moderates(user, conversation):
        raise PermissionDenied  # another county's
    return conversation


def access_statement_for_moderator(user: Any, statement_id: int) -> Statement:
    if not can_moderate(user):
        raise PermissionDenied
    statement = get_object_or_404(Statement.objects.select_related("conversation"), pk=statement_id)
    if not moderates(user, statement.conversation):
        raise PermissionDenied  # another county's
    return statement
