"""Indicators from the feedback app: customer feedback, formal complaints and initiatives.

Every figure is over the items *received* in the period (local days), in the scope's units.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.db.models.functions import TruncDate

from kuulu.indicators.sources.common import (
    amount,
    by_bucket,
    datetime_bucket,
    datetime_range_q,
    median_of,
    share,
    unit_q,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

CODES = (
    "feedback_on_time",
    "feedback_median_days",
    "feedback_public_share",
    "feedback_nps",
    "complaints_on_time",
    "initiatives_notice_on_time",
)


def compute(
    *, county_id: int, scope: Scope, periods: Sequence[Period], today: date
) -> dict[str, list[IndicatorValue]]:
    from kuulu.feedback.models import Complaint, Feedback, Initiative

    n = len(periods)
    base = Feedback.objects.filter(
        datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
    ).annotate(
        bucket=datetime_bucket("received_at", periods), answered_day=TruncDate("answered_at")
    )
    due = Q(due_on__isnull=False)
    rows = by_bucket(
        base.values("bucket").annotate(
            on_time=Count("id", filter=due & Q(answered_day__lte=F("due_on"))),
            judged=Count("id", filter=due & (Q(answered_at__isnull=False) | Q(due_on__lt=today))),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            published=Count("id", filter=Q(answered_at__isnull=False, published__isnull=False)),
            scored=Count("score"),
            promoters=Count("id", filter=Q(score__gte=9)),
            detractors=Count("id", filter=Q(score__lte=6)),
        ),
        n,
    )
    # Handling days: a histogram (period, days) -> count, the median taken from it.
    histograms: list[dict[float, int]] = [{} for _ in range(n)]
    days = ExpressionWrapper(
        TruncDate("answered_at") - TruncDate("received_at"), output_field=DurationField()
    )
    for row in (
        base.filter(answered_at__isnull=False)
        .annotate(days=days)
        .values("bucket", "days")
        .annotate(count=Count("id"))
    ):
        if row["bucket"] is not None and row["days"] is not None:
            histograms[row["bucket"]][float(row["days"].days)] = row["count"]

    out: dict[str, list[IndicatorValue]] = {code: [] for code in CODES}
    for i, row in enumerate(rows):
        out["feedback_on_time"].append(
            share("feedback_on_time", row.get("on_time", 0), row.get("judged", 0))
        )
        answered = row.get("answered", 0)
        out["feedback_median_days"].append(
            amount("feedback_median_days", median_of(histograms[i]), persons=answered)
        )
        out["feedback_public_share"].append(
            share("feedback_public_share", row.get("published", 0), answered)
        )
        scored = row.get("scored", 0)
        nps = (
            100 * (row.get("promoters", 0) - row.get("detractors", 0)) / scored if scored else None
        )
        out["feedback_nps"].append(amount("feedback_nps", nps, persons=scored, digits=0))

    complaints = by_bucket(
        Complaint.objects.filter(
            datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
        )
        .annotate(bucket=datetime_bucket("received_at", periods))
        .values("bucket")
        .annotate(
            on_time=Count("id", filter=Q(answer__sent_on__lte=F("due_on"))),
            judged=Count("id", filter=Q(answer__isnull=False) | Q(due_on__lt=today)),
        ),
        n,
    )
    out["complaints_on_time"] = [
        share("complaints_on_time", r.get("on_time", 0), r.get("judged", 0)) for r in complaints
    ]

    initiatives = by_bucket(
        Initiative.objects.filter(
            datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
        )
        .annotate(bucket=datetime_bucket("received_at", periods))
        .values("bucket")
        .annotate(
            on_time=Count("id", filter=Q(handler_notice_sent_on__lte=F("handler_notice_due"))),
            judged=Count(
                "id",
                filter=Q(handler_notice_sent_on__isnull=False) | Q(handler_notice_due__lt=today),
            ),
        ),
        n,
    )
    out["initiatives_notice_on_time"] = [
        share("initiatives_notice_on_time", r.get("on_time", 0), r.get("judged", 0), persons=False)
        for r in initiatives
    ]
    return out


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.feedback.models import Complaint, ComplaintAnswer, Feedback, Initiative

    feedback = Feedback.objects.filter(county_id=county_id).aggregate(
        n=Count("id"),
        last=Max("id"),
        answered=Count("answered_at"),
        answered_max=Max("answered_at"),
        scores=Sum("score"),
        units=Sum("unit_id"),
        due=Max("due_on"),
        published=Count("published"),
        changed=Max("updated_at"),
    )
    complaints = Complaint.objects.filter(county_id=county_id).aggregate(
        n=Count("id"), last=Max("id"), units=Sum("unit_id"), due=Max("due_on")
    )
    answers = ComplaintAnswer.objects.filter(complaint__county_id=county_id).aggregate(
        n=Count("id"), sent=Max("sent_on"), changed=Max("updated_at")
    )
    initiatives = Initiative.objects.filter(county_id=county_id).aggregate(
        n=Count("id"),
        last=Max("id"),
        sent=Count("handler_notice_sent_on"),
        sent_max=Max("handler_notice_sent_on"),
        units=Sum("unit_id"),
        changed=Max("updated_at"),
    )
    return (
        tuple(feedback.values()),
        tuple(complaints.values()),
        tuple(answers.values()),
        tuple(initiatives.values()),
    )
