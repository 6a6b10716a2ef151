"""Background work of Follow and be told on the task worker. Queued every few minutes from
cron with `manage.py follows_run --enqueue` (digests weekly with `--digests`), like the
project's other periodic jobs. Every step is safe to run twice or on several workers."""

from __future__ import annotations

from django_tasks import task


@task()
def run_follows() -> dict[str, int]:
    from kuulu.follows import services

    seen = services.sweep()
    made = services.fan_out()
    counts = services.send_due()
    return {"seen": seen, "deliveries": made, **counts}


@task()
def send_digests() -> dict[str, int]:
    from kuulu.follows import services

    return services.send_digests()


@task()
def send_phone_code(follow_id: int, nonce: str = "", code: str = "") -> bool:
    """Sends the code derived from the nonce (the code itself is never a task argument). A task
    queued before this change carries `code` and no nonce: it sends nothing (the person asks for
    a new code), so no code read from the task table is ever sent."""
    from kuulu.follows import services

    del code
    if not nonce:
        return False
    return services.send_phone_code_message(follow_id=follow_id, nonce=nonce)
