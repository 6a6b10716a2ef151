"""Indicators from the channels app: statutory councils' statement requests and channel members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Max, Q, Sum

from kuulu.indicators.sources.common import (
    SCOPE_TABLES,
    amount,
    by_bucket,
    date_bucket,
    date_range_q,
    date_sum,
    share,
    unit_q,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = (
    "channels_channel",
    "channels_membership",
    "channels_statement",
    "channels_statementrequest",
    *SCOPE_TABLES,
)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.channels.models import Membership, StatementRequest

    requests = by_bucket(
        StatementRequest.objects.filter(
            date_range_q("deadline", periods),
            unit_q(scope, "requesting_unit"),
            channel__county_id=county_id,
        )
        .exclude(status=StatementRequest.Status.WITHDRAWN)
        .annotate(bucket=date_bucket("deadline", periods))
        .values("bucket")
        # A request whose deadline is still ahead has not been missed yet: it counts once
        # answered or past its deadline, as complaints and feedback are judged.
        .annotate(
            n=Count("id", filter=Q(statement__isnull=False) | Q(deadline__lt=today)),
            answered=Count("id", filter=Q(statement__isnull=False)),
        ),
        len(periods),
    )
    # Members at the end of each period (of a period still running, today: its last day has
    # not come): one query, a conditional distinct count per period.
    members = Membership.objects.filter(channel__county_id=county_id).aggregate(
        **{
            f"p{i}": Count(
                "person",
                distinct=True,
                filter=Q(term_start__lte=day) & (Q(term_end__isnull=True) | Q(term_end__gte=day)),
            )
            for i, day in enumerate(min(p.end, today) for p in periods)
        }
    )
    return {
        "council_requests_answered": [
            share("council_requests_answered", r.get("answered", 0), r.get("n", 0), persons=False)
            for r in requests
        ],
        "channel_members": [
            amount("channel_members", members[f"p{i}"], persons=members[f"p{i}"], digits=0)
            if p.start <= today
            else IndicatorValue("channel_members", None)  # a period that has not started
            for i, p in enumerate(periods)
        ],
    }


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.channels.models import Membership, Statement, StatementRequest

    a = StatementRequest.objects.filter(channel__county_id=county_id).aggregate(
        n=Count("id"),
        changed=Max("updated_at"),
        deadline=date_sum("deadline"),
        units=Sum("requesting_unit_id"),
        withdrawn=Count("id", filter=Q(status="withdrawn")),
    )
    b = Statement.objects.filter(request__channel__county_id=county_id).aggregate(
        n=Count("id"), last=Max("id")
    )
    c = Membership.objects.filter(channel__county_id=county_id).aggregate(
        n=Count("id"),
        changed=Max("updated_at"),
        ends=Count("term_end"),
        ends_sum=date_sum("term_end"),
        starts_sum=date_sum("term_start"),
        people=Sum("person_id"),
    )
    return tuple(a.values()) + tuple(b.values()) + tuple(c.values())
