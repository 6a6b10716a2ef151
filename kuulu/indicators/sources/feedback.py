"""Indicators from the feedback app: customer feedback, formal complaints and initiatives.

Every figure is over the items *received* in the period (local days), in the scope's units.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import TruncDate

from kuulu.indicators.sources.common import (
    EPOCH_DAY,
    DayDiff,
    Epoch,
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
    from kuulu.feedback.models import Complaint, Feedback, Initiative, PublishedFeedback

    n = len(periods)
    answered_day = TruncDate("answered_at")
    # One scan: GROUP BY (period, handling days, answered on time); every count is summed over
    # the days here, and the days give the median's histogram.
    rows = (
        Feedback.objects.filter(
            datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
        )
        .annotate(
            bucket=datetime_bucket("received_at", periods),
            days=DayDiff(answered_day, TruncDate("received_at")),
            on_time=ExpressionWrapper(
                Q(due_on__isnull=False)
                & Q(answered_at__isnull=False)
                & Q(due_on__gte=answered_day),
                output_field=BooleanField(),
            ),
        )
        .values("bucket", "days", "on_time")
        .annotate(
            n=Count("id"),
            overdue_open=Count(
                "id", filter=Q(answered_at__isnull=True, due_on__isnull=False, due_on__lt=today)
            ),
            with_due=Count("due_on"),
            scored=Count("score"),
            promoters=Count("id", filter=Q(score__gte=9)),
            detractors=Count("id", filter=Q(score__lte=6)),
        )
    )
    totals = [
        dict.fromkeys(
            ("on_time", "judged", "answered", "published", "scored", "promoters", "detractors"), 0
        )
        for _ in range(n)
    ]
    histograms: list[dict[float, int]] = [{} for _ in range(n)]
    for row in rows:
        if row["bucket"] is None:
            continue
        t = totals[row["bucket"]]
        answered = row["days"] is not None
        if answered:
            t["answered"] += row["n"]
            t["judged"] += row["with_due"]
            h = histograms[row["bucket"]]
            h[float(row["days"])] = h.get(float(row["days"]), 0) + row["n"]
        else:
            t["judged"] += row["overdue_open"]
        if row["on_time"]:
            t["on_time"] += row["n"]
        for key in ("scored", "promoters", "detractors"):
            t[key] += row[key]

    # Published answers: driven from the (small) table of published items.
    for row in (
        PublishedFeedback.objects.filter(
            datetime_range_q("feedback__received_at", periods),
            unit_q(scope, "feedback__unit"),
            feedback__county_id=county_id,
            feedback__answered_at__isnull=False,
        )
        .annotate(bucket=datetime_bucket("feedback__received_at", periods))
        .values("bucket")
        .annotate(n=Count("id"))
    ):
        if row["bucket"] is not None:
            totals[row["bucket"]]["published"] = row["n"]

    out: dict[str, list[IndicatorValue]] = {code: [] for code in CODES}
    for i, t in enumerate(totals):
        out["feedback_on_time"].append(share("feedback_on_time", t["on_time"], t["judged"]))
        out["feedback_median_days"].append(
            amount("feedback_median_days", median_of(histograms[i]), persons=t["answered"])
        )
        out["feedback_public_share"].append(
            share("feedback_public_share", t["published"], t["answered"])
        )
        scored = t["scored"]
        nps = 100 * (t["promoters"] - t["detractors"]) / scored if scored else None
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
    from kuulu.feedback.models import (
        Complaint,
        ComplaintAnswer,
        Feedback,
        Initiative,
        PublishedFeedback,
    )

    # Checksums over exactly the columns read, so that any change to them (also by a bulk
    # UPDATE, which leaves updated_at alone) changes the fingerprint.
    feedback = Feedback.objects.filter(county_id=county_id).aggregate(
        n=Count("id"),
        last=Max("id"),
        received=Sum(Epoch("received_at")),
        answered=Count("answered_at"),
        answered_sum=Sum(Epoch("answered_at")),
        scores=Sum("score"),
        scored=Count("score"),
        units=Sum("unit_id"),
        due=Sum(DayDiff("due_on", Value(EPOCH_DAY, output_field=DateField()))),
        changed=Max("updated_at"),
    )
    # Published items across all counties: a small table, and no join to the large one.
    published = PublishedFeedback.objects.aggregate(n=Count("id"), last=Max("id"))
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
        tuple(published.values()),
        tuple(complaints.values()),
        tuple(answers.values()),
        tuple(initiatives.values()),
    )
