"""Reading stored emerging topics for the staff view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from kuulu.feedback import access
from kuulu.feedback.models import Feedback
from kuulu.feedback.topics.models import Topic, TopicSnapshot

EXAMPLES = 5


@dataclass(frozen=True)
class Example:
    text: str  # masked
    language: str
    received: date


def latest_snapshot(county_id: int) -> TopicSnapshot | None:
    return TopicSnapshot.objects.filter(county_id=county_id).first()


def topics_of(snapshot: TopicSnapshot | None) -> list[Topic]:
    return list(snapshot.topics.all()) if snapshot else []


def examples(user: Any, topic: Topic, limit: int = EXAMPLES) -> list[Example]:
    """The most central members the user may see, masked (names the customer gave, identity
    codes, phones, emails, addresses; the county's unit addresses stay)."""
    from django.utils import timezone

    from kuulu.core.masking import mask_text
    from kuulu.feedback.masking_context import unit_addresses

    ids = [int(i) for i in topic.member_ids]
    rows = {
        f.pk: f
        for f in Feedback.objects.filter(pk__in=ids, county_id=topic.county_id)
        .filter(access.topic_examples_filter(user))
        .filter(anonymised_at__isnull=True)
        .select_related("unit", "suggested_unit")
        .only("pk", "text", "language", "received_at", "contact_name", "unit", "suggested_unit")
    }
    keep = unit_addresses(topic.county_id)
    shown = []
    for pk in ids:
        feedback = rows.get(pk)
        if feedback is None:
            continue
        names = [feedback.contact_name] if feedback.contact_name else []
        shown.append(
            Example(
                text=mask_text(feedback.text, names=names, keep=keep).text,
                language=feedback.language,
                received=timezone.localtime(feedback.received_at).date(),
            )
        )
        if len(shown) == limit:
            break
    return shown


def history(topic: Topic, limit: int = 6) -> list[Topic]:
    """The same topic (same key) in the latest snapshots, newest first."""
    return list(
        Topic.objects.filter(key=topic.key, county_id=topic.county_id)
        .select_related("snapshot")
        .order_by("-snapshot__computed_at", "-snapshot_id")[:limit]
    )
