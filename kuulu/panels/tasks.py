"""Background work for panels. Tasks take ids only."""

from __future__ import annotations

from django_tasks import task


@task()
def compute_draw(job_id: int) -> None:
    """Compute a maximally fair draw (maximin) and record it; progress is on the job."""
    from kuulu.panels.services import execute_draw_job

    execute_draw_job(job_id)
