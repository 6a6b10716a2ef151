"""Reads for the staff workspace."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from kuulu.core.models import AuditEvent
from kuulu.portal.models import AccessibilityFeedback


def search_audit_log(
    *,
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    qs: QuerySet[AuditEvent] = AuditEvent.objects.all()
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action=action)
    if since:
        qs = qs.filter(occurred_at__date__gte=since)
    if until:
        qs = qs.filter(occurred_at__date__lte=until)
    return list(qs.order_by("-occurred_at", "-id")[:limit])


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )


def open_accessibility_feedback() -> QuerySet[AccessibilityFeedback]:
    return AccessibilityFeedback.objects.order_by("status", "due_date", "id")
