"""Writes for the public portal."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from kuulu.core.audit import record_event
from kuulu.core.working_days import deadline
from kuulu.organisation.models import County
from kuulu.portal.models import AccessibilityFeedback

# The front page changes rarely; anonymous renderings are shared for this many seconds. Writers
# of what it shows call invalidate_front_page() after commit, which reaches every worker when the
# cache is shared (Redis in production); with a per-process cache the TTL bounds staleness.
FRONT_PAGE_TTL = settings.FRONT_PAGE_CACHE_SECONDS


def front_page_cache_key(language: str) -> str:
    return f"portal:front:{language}"


def invalidate_front_page() -> None:
    cache.delete_many([front_page_cache_key(code) for code, _name in settings.LANGUAGES])


@transaction.atomic
def submit_accessibility_feedback(
    *,
    county: County | None,
    message: str,
    page_url: str = "",
    contact_email: str = "",
    language: str = "fi",
) -> AccessibilityFeedback:
    """Receive feedback for `county`, whose coordinators answer it."""
    today = timezone.localdate()
    return AccessibilityFeedback.objects.create(
        county=county,
        message=message.strip(),
        page_url=page_url.strip()[:500],
        contact_email=contact_email.strip().lower(),
        language=language,
        due_date=deadline(today + timedelta(days=settings.ACCESSIBILITY_FEEDBACK_DAYS)),
    )


@transaction.atomic
def mark_accessibility_feedback_answered(
    *, feedback: AccessibilityFeedback, actor: object, request: object = None
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback.objects.select_for_update().get(pk=feedback.pk)
    if feedback.status != AccessibilityFeedback.Status.ANSWERED:
        feedback.status = AccessibilityFeedback.Status.ANSWERED
        feedback.answered_at = timezone.now()
        feedback.save(update_fields=["status", "answered_at", "updated_at"])
        record_event(
            action="update", obj=feedback, actor=actor, request=request, changed_fields=["status"]
        )
    return feedback


def anonymise_old_accessibility_feedback(*, older_than_days: int = 730) -> int:
    """Retention: clear the reply address and message of answered feedback after two years."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return (
        AccessibilityFeedback.objects.filter(status="answered", answered_at__lt=cutoff)
        .exclude(message="")
        .update(message="", contact_email="", page_url="")
    )
