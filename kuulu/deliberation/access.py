"""Who may see, take part in and moderate conversations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from kuulu.deliberation.models import Conversation, Statement
from kuulu.organisation.access import actor_for


def can_moderate(user: Any) -> bool:
    """Coordinators moderate every conversation of the county."""
    return actor_for(user).is_coordinator


def access_conversation_for_viewer(user: Any, conversation_id: int) -> Conversation:
    """Published conversations (and their reports) are public; unpublished ones only for
    moderators. Unpublished is reported as not found, so drafts stay unseen."""
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if not conversation.is_published and not can_moderate(user):
        raise Http404
    return conversation


def needs_sign_in(user: Any, conversation: Conversation) -> bool:
    return conversation.require_sign_in and not getattr(user, "is_authenticated", False)


def access_conversation_for_moderator(user: Any, conversation_id: int) -> Conversation:
    if not can_moderate(user):
        raise PermissionDenied
    return get_object_or_404(Conversation, pk=conversation_id)


def access_statement_for_moderator(user: Any, statement_id: int) -> Statement:
    if not can_moderate(user):
        raise PermissionDenied
    return get_object_or_404(Statement.objects.select_related("conversation"), pk=statement_id)
