"""Who may manage API tokens: coordinators, and only for tokens they can see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kuulu.integrations.models import ApiToken
from kuulu.organisation.access import actor_for, require_coordinator


def tokens_visible_to(user: Any) -> QuerySet[ApiToken]:
    """Coordinators see all tokens of the county, so they can revoke a departed colleague's."""
    require_coordinator(user)
    return ApiToken.objects.select_related("user", "user__person")


def access_token_for_revoker(user: Any, token_id: int) -> ApiToken:
    if not actor_for(user).is_coordinator:
        raise PermissionDenied
    return get_object_or_404(ApiToken, pk=token_id)
