"""Who may do what in Follow and be told.

- Everyone (no sign-in): an unsubscribe link from a message, which carries its own signed,
  single-use, expiring token.
- Signed-in people (residents and staff alike): their own follows only; nobody sees or
  removes another person's follows, whatever their role.
- Coordinators: the delivery figures (counts only, no addresses) on the follows page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kuulu.follows.models import Follow
from kuulu.organisation.access import actor_for


def can_follow(user: Any) -> bool:
    return actor_for(user).is_authenticated


def can_see_delivery_figures(user: Any) -> bool:
    return actor_for(user).is_coordinator


def access_follow_for_owner(user: Any, follow_id: int) -> Follow:
    if not can_follow(user):
        raise PermissionDenied
    item = Follow.objects.filter(pk=follow_id, user=user).first()
    if item is None:
        raise Http404
    return item
