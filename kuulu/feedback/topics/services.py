"""Compute and store emerging topics for a county (run on the task worker)."""

from __future__ import annotations

import logging
import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kuulu.feedback.models import Feedback
from kuulu.feedback.topics.clustering import (
    Doc,
    Settings,
    TopicResult,
    find_topics,
    is_growing,
    is_new,
)
from kuulu.feedback.topics.models import Topic, TopicSnapshot
from kuulu.organisation.models import County

logger = logging.getLogger("kuulu.feedback.topics")

WINDOW_DAYS = 90
PERIOD_DAYS = 30
KEEP_SNAPSHOTS = 14
OUTCOME_KIND = "feedback_topic"


def _documents(county_id: int, start: date, end: date) -> list[Doc]:
    """Feedback received in [start, end] that still has its text (not anonymised)."""
    low = timezone.make_aware(datetime.combine(start, time.min))
    high = timezone.make_aware(datetime.combine(end, time.max))
    rows = Feedback.objects.filter(
        county_id=county_id, received_at__range=(low, high), anonymised_at__isnull=True
    ).values_list("id", "text", "language", "received_at")
    return [
        Doc(id=pk, text=text, language=language, received=timezone.localtime(at).date())
        for pk, text, language, at in rows.iterator(chunk_size=2000)
    ]


def _carry_keys(results: list[TopicResult], previous: list[Topic]) -> list[str]:
    """A key per result: the key of the previous topic that shares most members (at least half
    of the smaller of the two), else a new one. Each previous key is given once."""
    taken: set[str] = set()
    keys = []
    for result in results:
        members = set(result.member_ids)
        best, best_overlap = None, 0.0
        for topic in previous:
            if topic.key in taken:
                continue
            shared = len(members & set(topic.member_ids))
            overlap = shared / max(1, min(len(members), len(topic.member_ids)))
            if overlap >= 0.5 and overlap > best_overlap:
                best, best_overlap = topic, overlap
        key = best.key if best is not None else secrets.token_hex(6)
        taken.add(key)
        keys.append(key)
    return keys


def compute_topics(county_id: int, *, today: date | None = None) -> TopicSnapshot:
    """Group the county's feedback of the last WINDOW_DAYS into topics and store a snapshot.
    The county row is locked, so two workers computing the same county run one after the
    other and never mix their snapshots."""
    today = today or timezone.localdate()
    start = today - timedelta(days=WINDOW_DAYS - 1)
    docs = _documents(county_id, start, today)
    settings = Settings(period_days=PERIOD_DAYS)
    results = find_topics(docs, today=today, settings=settings)
    with transaction.atomic():
        County.objects.select_for_update().get(pk=county_id)
        latest = TopicSnapshot.objects.filter(county_id=county_id).first()
        previous = list(latest.topics.all()) if latest else []
        snapshot = TopicSnapshot.objects.create(
            county_id=county_id,
            window_start=start,
            window_end=today,
            period_days=PERIOD_DAYS,
            feedback_count=len(docs),
        )
        keys = _carry_keys(results, previous)
        Topic.objects.bulk_create(
            Topic(
                snapshot=snapshot,
                county_id=county_id,
                key=key,
                rank=rank,
                terms=result.terms,
                concepts=result.concepts,
                size=result.size,
                size_now=result.size_now,
                size_previous=result.size_previous,
                is_new=is_new(result, settings),
                is_growing=is_growing(result),
                is_duplicates=result.is_duplicates,
                languages=result.languages,
                member_ids=result.examples,
                duplicate_groups=result.duplicate_ids,
            )
            for rank, (result, key) in enumerate(zip(results, keys, strict=True))
        )
        _prune(county_id)
    logger.info("emerging topics computed", extra={"county": county_id, "topics": len(results)})
    return snapshot


def _prune(county_id: int) -> None:
    """Keep the newest KEEP_SNAPSHOTS; an older one stays while one of its topics is the last
    one with a key an outcome is linked to."""
    from kuulu.outcomes.models import OutcomeInput

    old = list(
        TopicSnapshot.objects.filter(county_id=county_id).values_list("pk", flat=True)[
            KEEP_SNAPSHOTS:
        ]
    )
    if not old:
        return
    linked = set(OutcomeInput.objects.filter(kind=OUTCOME_KIND).values_list("object_id", flat=True))
    kept_keys = set(
        Topic.objects.filter(county_id=county_id)
        .exclude(snapshot_id__in=old)
        .values_list("key", flat=True)
    )
    needed = linked - kept_keys
    keep = set(
        Topic.objects.filter(snapshot_id__in=old, key__in=needed).values_list(
            "snapshot_id", flat=True
        )
    )
    TopicSnapshot.objects.filter(pk__in=[pk for pk in old if pk not in keep]).delete()


def request_topics(county_id: int) -> None:
    """Queue a computation after the current transaction commits."""
    from functools import partial

    from kuulu.feedback.tasks import compute_emerging_topics

    transaction.on_commit(partial(compute_emerging_topics.enqueue, county_id=county_id))
