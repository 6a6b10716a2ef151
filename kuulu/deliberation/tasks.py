"""Background work for deliberation. Tasks take ids only."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_conversation(conversation_id: int) -> None:
    from kuulu.deliberation.services import compute_snapshot

    compute_snapshot(conversation_id)
