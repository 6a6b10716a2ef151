"""Retraining the triage models in the task worker (suggestions: `feedback.tasks`)."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def retrain_triage_model(county_id: int | None = None) -> None:
    """Retrain one county's model (or every county with confirmed feedback)."""
    from kuulu.feedback.triage.training import retrain, retrain_all

    results = [retrain(county_id)] if county_id is not None else retrain_all()
    for result in results:
        logger.info(
            "triage retrained for county %s: %s examples, in use %s (%s)",
            result.county_id,
            result.examples,
            result.in_use,
            result.reason,
        )


@task()
def build_shipped_model() -> None:
    """Train and cache the shipped model (a web request never trains it)."""
    from kuulu.feedback.triage.store import shipped_model

    shipped_model()


def schedule_retraining(county_id: int) -> bool:
    """After a handler's confirmation: queue the county's retraining at every
    FEEDBACK_TRIAGE_RETRAIN_EVERY-th confirmed feedback (default 50). Returns whether queued."""
    from kuulu.feedback.models import Feedback

    every = int(getattr(settings, "FEEDBACK_TRIAGE_RETRAIN_EVERY", 50))
    confirmed = Feedback.objects.filter(county_id=county_id, triage_confirmed=True).count()
    if every <= 0 or confirmed == 0 or confirmed % every:
        return False
    retrain_triage_model.enqueue(county_id=county_id)
    return True
