"""Background work of the outcomes app (run by the task worker after commit)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_outcome_notifications(outcome_id: int) -> int:
    from kuulu.outcomes.notifications import notify_contributors

    return notify_contributors(outcome_id=outcome_id)
