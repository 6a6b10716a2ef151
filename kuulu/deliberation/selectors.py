"""Reads for deliberation. Pages read the latest snapshot; they never run the engine."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from kuulu.deliberation.models import (
    Conversation,
    Participant,
    Snapshot,
    Statement,
    Vote,
    VoteEvent,
)
from kuulu.deliberation.services import visible_statement_filter
from kuulu.organisation.models import County


def open_conversations(*, limit: int = 20, county: County | None = None) -> list[Conversation]:
    """Open conversations; only `county`'s when given (the portal's front page)."""
    now = timezone.now()
    conversations = Conversation.objects.filter(is_published=True, is_read_only=False)
    if county is not None:
        conversations = conversations.filter(county=county)
    return list(
        conversations.filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .order_by("closes_at", "-created_at")[:limit]
    )


def published_conversations(*, county: County | None = None) -> QuerySet[Conversation]:
    """Published conversations; only `county`'s when given (the public list and API)."""
    conversations = Conversation.objects.filter(is_published=True)
    if county is not None:
        conversations = conversations.filter(county=county)
    return conversations.order_by("-created_at")


def latest_snapshot(conversation: Conversation) -> Snapshot | None:
    return conversation.snapshots.order_by("-computed_at", "-id").first()


def visible_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(**visible_statement_filter(conversation))


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int


def progress_for(participant: Participant | None, conversation: Conversation) -> Progress:
    total = visible_statements(conversation).count()
    if participant is None:
        return Progress(0, total)
    voted = Vote.objects.filter(
        participant=participant, statement__in=visible_statements(conversation)
    ).count()
    return Progress(voted, total)


def next_statement(
    participant: Participant | None, conversation: Conversation, *, rng: random.Random | None = None
) -> Statement | None:
    """Polis's routing: draw an unvoted statement with probability proportional to its priority
    in the latest snapshot; statements newer than the snapshot weigh 1."""
    candidates = visible_statements(conversation)
    if participant is not None:
        candidates = candidates.exclude(votes__participant=participant)
    candidates = list(candidates.order_by("number")[:999])
    if not candidates:
        return None
    snapshot = latest_snapshot(conversation)
    stats = snapshot.data.get("statement_stats", {}) if snapshot else {}
    weights = [
        max(float(stats.get(str(s.number), {}).get("priority", 1.0)), 1e-9) for s in candidates
    ]
    chooser = rng or random.Random()  # noqa: S311 - routing, not security
    return chooser.choices(candidates, weights=weights, k=1)[0]


def participation_by_day(conversation: Conversation) -> list[dict[str, Any]]:
    return list(
        VoteEvent.objects.filter(conversation=conversation)
        .annotate(day=TruncDate("cast_at"))
        .values("day")
        .annotate(votes=Count("id"), participants=Count("participant", distinct=True))
        .order_by("day")
    )


def moderation_queue(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status=Statement.Status.PENDING).order_by("number")


@dataclass(frozen=True)
class GroupView:
    number: int
    label: str
    size: int
    statements: list[dict[str, Any]]


def report(conversation: Conversation) -> dict[str, Any] | None:
    """Everything the report page shows, with statement texts joined in."""
    snapshot = latest_snapshot(conversation)
    if snapshot is None:
        return None
    data = snapshot.data
    # Only statements that may be shown: a rejection hides the text at once, before recomputation.
    texts = dict(
        conversation.statements.exclude(status=Statement.Status.REJECTED)
        .exclude(is_meta=True)
        .values_list("number", "text")
    )
    stats = data.get("statement_stats", {})

    def share(number: int, group: int | None = None) -> dict[str, Any]:
        """Shares within one group, or (group None) among everyone who voted on it."""
        entry = stats.get(str(number), {})
        if group is None:
            chosen = [entry.get("all", {"agree": 0, "disagree": 0, "seen": 0})]
        else:
            chosen = entry.get("groups", [])[group : group + 1]
        agree = sum(g["agree"] for g in chosen)
        disagree = sum(g["disagree"] for g in chosen)
        seen = sum(g["seen"] for g in chosen)
        return {
            "number": number,
            "text": texts.get(number, ""),
            "agree_pct": round(100 * agree / seen) if seen else 0,
            "disagree_pct": round(100 * disagree / seen) if seen else 0,
            "seen": seen,
        }

    groups = []
    sizes = data.get("group_sizes", [])
    for g, reps in sorted(data.get("representative", {}).items(), key=lambda item: int(item[0])):
        index = int(g)
        groups.append(
            GroupView(
                number=index + 1,
                label=chr(ord("A") + index),
                size=sizes[index] if index < len(sizes) else 0,
                statements=[
                    {**share(r["statement"], index), "direction": r["direction"]}
                    for r in reps
                    if r["statement"] in texts
                ],
            )
        )
    return {
        "snapshot": snapshot,
        "groups": groups,
        "consensus_agree": [
            share(c["statement"])
            for c in data.get("consensus", {}).get("agree", [])
            if c["statement"] in texts
        ],
        "consensus_disagree": [
            share(c["statement"])
            for c in data.get("consensus", {}).get("disagree", [])
            if c["statement"] in texts
        ],
        "divisive": [share(n) for n in data.get("divisive", []) if n in texts],
        "base_clusters": data.get("base_clusters", []),
        "participants": data.get("participants", 0),
        "in_conv": data.get("in_conv_participants", 0),
        "votes": data.get("votes", 0),
    }
