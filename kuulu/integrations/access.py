"""Who may manage API tokens: coordinators, and only for tokens of their own county."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kuulu.integrations.models import ApiToken
from kuulu.organisation.access import Actor, actor_for, require_coordinator


def _tokens_for(actor: Actor) -> QuerySet[ApiToken]:
    """A coordinator's county's tokens: those whose owner is a person of that county. A token
    acts with its owner's permissions, so another county's coordinator has no business with
    it. System administrators, who belong to no county, see every token."""
    tokens = ApiToken.objects.select_related("user", "user__person")
    if actor.county_id is None:
        return tokens
    return tokens.filter(user__person__county_id=actor.county_id)


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """Coordinators see all tokens of the county, so they can revoke a departed colleague's."""
    return _tokens_for(require_coordinator(user))


def access_token_for_revoker(user: Any, token_id: int) -> ApiToken:
    actor = actor_for(user)
    if not actor.is_coordinator:
        raise PermissionDenied
    token = get_object_or_404(ApiToken, pk=token_id)
    if not _tokens_for(actor).filter(pk=token.pk).exists():
        raise PermissionDenied
    return token
