"""Writing to the audit log. Every capability records sensitive reads and changes through here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.http import HttpRequest

from kuulu.core.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Behind a proxy, the proxy must set REMOTE_ADDR (gunicorn does
    with --forwarded-allow-ips); X-Forwarded-For is not trusted here because anyone can send it."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


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
