"""Announcements that other apps push rather than the sweep finding them: a question answered
(kuulu.questions.signals.question_answered, sent after the answer's transaction commits)."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import timezone

logger = logging.getLogger(__name__)


def on_question_answered(sender: Any, *, question: Any, answer: Any, **kwargs: Any) -> None:
    """Record the announcement; the next run of the follows task tells the followers. Never
    raises: the answer is already published."""
    from kuulu.follows import keys, services
    from kuulu.follows.sources import Item, _path, unit_targets

    try:
        targets = [keys.county(question.county_id)]
        if question.theme_id:
            targets.append(keys.theme(question.theme.code))
        if question.service_id:
            targets.extend(unit_targets([question.service]))
        text = " ".join((question.public_text or "").split())
        title = text if len(text) <= 120 else text[:117] + "..."
        services.announce(
            item=Item(
                "answer",
                f"questions.question:{question.pk}",
                question.county_id,
                title,
                _path("questions:detail", question.pk),
                getattr(answer, "published_at", None) or timezone.now(),
                sorted(set(targets)),
            )
        )
    except Exception:
        logger.exception("follows: could not record the answer announcement")
