"""Retraining the triage model in the task worker (suggestions: `feedback.tasks`)."""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def retrain_triage_model() -> None:
    from kuulu.feedback.triage.training import retrain

    result = retrain()
    logger.info(
        "triage retrained: %s examples, in use %s (%s)",
        result.examples,
        result.in_use,
        result.reason,
    )
