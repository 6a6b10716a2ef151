"""Writing to the audit log. Every capability records sensitive reads and changes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest

from kuulu.core.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, for the audit log, rate limits and sign-in throttling alike.

    Behind TRUSTED_PROXY_COUNT reverse proxies (1 with BEHIND_TLS_PROXY), each of which appends
    the address it received the request from to X-Forwarded-For, the client is that many entries
    from the right; entries further left are whatever the client sent and can be forged.
    Without a proxy, REMOTE_ADDR.
    """
    if request is None:
        return None
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [e for e in entries if e]
        if len(entries) >= count:
            return entries[-count]
    return request.META.get("REMOTE_ADDR") or None


def client_ip_for_ratelimit(request: HttpRequest) -> str:
    return client_ip(request) or "0.0.0.0"  # noqa: S104 - a key, not a bind address


def record_event(
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    actor: Any = None,
    request: HttpRequest | None = None,
    summary: str = "",
    changed_fields: Iterable[str] = (),
    via: str = "",
) -> AuditEvent:
    """Append one event. `summary` must not contain personal data: name the kind of change."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = obj.pk
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if not via:
        via = "api" if request is not None and request.path.startswith("/api/") else "web"
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        actor=actor,
        actor_label=f"user:{actor.pk}" if actor is not None else "anonymous",
        summary=summary[:200],
        changed_fields=sorted(changed_fields),
        ip_address=client_ip(request),
        via=via,
    )
