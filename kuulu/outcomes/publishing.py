"""Publishing outcomes on the portal; publishing tells the contributors after commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from kuulu.core.audit import record_event
from kuulu.outcomes.models import Outcome


@transaction.atomic
def publish_outcome(
    *, outcome: Outcome, now: datetime, actor: Any = None, request: Any = None
) -> Outcome:
    """Publish (again). The first publication time is kept. The contributors are told by a
    task after commit; it sends each of them one message per outcome, ever."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if not outcome.is_published:
        outcome.is_published = True
        outcome.published_at = outcome.published_at or now
        outcome.save(update_fields=["is_published", "published_at", "updated_at"])
        record_event(
            action="update",
            obj=outcome,
            actor=actor,
            request=request,
            summary="published",
            changed_fields=["is_published"],
        )
    outcome_id = outcome.pk
    transaction.on_commit(lambda: _enqueue(outcome_id))
    return outcome


def _enqueue(outcome_id: int) -> None:
    from kuulu.outcomes.tasks import send_outcome_notifications

    send_outcome_notifications.enqueue(outcome_id)


@transaction.atomic
def unpublish_outcome(*, outcome: Outcome, actor: Any = None, request: Any = None) -> Outcome:
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.is_published:
        outcome.is_published = False
        outcome.save(update_fields=["is_published", "updated_at"])
        record_event(
            action="update",
            obj=outcome,
            actor=actor,
            request=request,
            summary="unpublished",
            changed_fields=["is_published"],
        )
    return outcome
