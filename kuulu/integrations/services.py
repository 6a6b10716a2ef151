"""Creating, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from kuulu.core.audit import record_event
from kuulu.integrations.models import ApiToken

# Writing last_used_at on every call would make each API read a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str


@transaction.atomic
def create_token(
    *, user: Any, name: str, expires_at: datetime | None = None, request: Any = None
) -> IssuedToken:
    raw = settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        token_hash=hash_token(raw),
        prefix=raw[:12],
        expires_at=expires_at,
    )
    record_event(action="create", obj=token, actor=user, request=request)
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def revoke_token(*, token: ApiToken, actor: Any, request: Any = None) -> ApiToken:
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db()
    if updated:
        record_event(action="revoke", obj=token, actor=actor, request=request)
    return token


def authenticate_token(raw: str) -> ApiToken | None:
    """The live token with this value, or None. Touches last_used_at at most once a minute."""
    if not raw or not raw.startswith(settings.API_TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
