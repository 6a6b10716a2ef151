"""Indicators from the deliberation app (Polis conversations): participants and votes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    amount,
    by_bucket,
    datetime_bucket,
    datetime_range_q,
    time_sum,
    unit_q,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = (
    "deliberation_conversation",
    "deliberation_statement",
    "deliberation_vote",
    *SCOPE_TABLES,
)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.deliberation.models import Vote

    rows = by_bucket(
        Vote.objects.filter(
            datetime_range_q("created_at", periods),
            unit_q(scope, "statement__conversation__unit"),
            statement__conversation__county_id=county_id,
        )
        .annotate(bucket=datetime_bucket("created_at", periods))
        .values("bucket")
        .annotate(votes=Count("id"), participants=Count("participant", distinct=True)),
        len(periods),
    )
    return {
        "polis_participants": [
            amount(
                "polis_participants",
                r.get("participants"),
                persons=r.get("participants", 0),
                digits=0,
            )
            for r in rows
        ],
        "polis_votes": [
            amount("polis_votes", r.get("votes"), persons=r.get("participants", 0), digits=0)
            for r in rows
        ],
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.deliberation.models import Conversation, Vote

    votes = Vote.objects.filter(statement__conversation__county_id=county_id).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at"), cast=time_sum("created_at")
    )
    conversations = Conversation.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), changed=Max("updated_at")
    )
    return tuple(votes.values()) + tuple(conversations.values())
