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
    IntegerField,
    Max,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import TruncDate

from kuulu.indicators.sources.common import (
    EPOCH_DAY,
    SCOPE_TABLES,
    DayDiff,
    Epoch,
    amount,
    area_case,
    datetime_bucket,
    datetime_range_q,
    median_of,
    share,
    unit_q,
)
from kuulu.indicators.types import IndicatorValue, Period, Scope

# The tables the computation reads: on PostgreSQL the fingerprint is their rows in the
# change log (`kuulu/indicators/change_log.py`); `fingerprint()` below is for other databases.
WATCHES = (
    "feedback_feedback",
    "feedback_complaint",
    "feedback_complaintanswer",
    "feedback_initiative",
    "feedback_publishedfeedback",
    *SCOPE_TABLES,
)

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
    return _compute(county_id=county_id, scope=scope, periods=periods, today=today)[None]


def compute_by_area(
    *, county_id: int, area_ids: Sequence[int], periods: Sequence[Period], today: date
) -> dict[int, dict[str, list[IndicatorValue]]]:
    """`compute` for each service area's scope at once: the same queries, grouped also by the
    service area (the first segment of the unit's path)."""
    return _compute(
        county_id=county_id, scope=Scope(county_id), periods=periods, today=today, areas=area_ids
    )


def _compute(
    *,
    county_id: int,
    scope: Scope,
    periods: Sequence[Period],
    today: date,
    areas: Sequence[int] | None = None,
) -> dict:  # type: ignore[type-arg]
    """{group: {code: [value per period]}}: the group is None without `areas`, else each of
    the service areas' ids (items outside them are left out)."""
    from kuulu.feedback.models import Complaint, Feedback, Initiative, PublishedFeedback

    n = len(periods)
    groups: list[int | None] = [None] if areas is None else list(areas)

    def grouped(qs, unit_field: str = "unit"):  # type: ignore[no-untyped-def]
        """The area as a column (NULL rows are dropped) when grouping by area."""
        if areas is None:
            return qs.annotate(area=Value(None, output_field=IntegerField()))
        return qs.annotate(area=area_case(areas, unit_field)).filter(area__isnull=False)

    answered_day = TruncDate("answered_at")
    # One scan: GROUP BY (period, handling days, answered on time); every count is summed over
    # the days here, and the days give the median's histogram.
    rows = (
        grouped(
            Feedback.objects.filter(
                datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
            )
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
        .values("area", "bucket", "days", "on_time")
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
    keys = ("on_time", "judged", "answered", "published", "scored", "promoters", "detractors")
    totals = {g: [dict.fromkeys(keys, 0) for _ in range(n)] for g in groups}
    histograms: dict[int | None, list[dict[float, int]]] = {
        g: [{} for _ in range(n)] for g in groups
    }
    for row in rows:
        if row["bucket"] is None:
            continue
        t = totals[row["area"]][row["bucket"]]
        answered = row["days"] is not None
        if answered:
            t["answered"] += row["n"]
            t["judged"] += row["with_due"]
            h = histograms[row["area"]][row["bucket"]]
            h[float(row["days"])] = h.get(float(row["days"]), 0) + row["n"]
        else:
            t["judged"] += row["overdue_open"]
        if row["on_time"]:
            t["on_time"] += row["n"]
        for key in ("scored", "promoters", "detractors"):
            t[key] += row[key]

    # Published answers: driven from the (small) table of published items.
    for row in (
        grouped(
            PublishedFeedback.objects.filter(
                datetime_range_q("feedback__received_at", periods),
                unit_q(scope, "feedback__unit"),
                feedback__county_id=county_id,
                feedback__answered_at__isnull=False,
            ),
            "feedback__unit",
        )
        .annotate(bucket=datetime_bucket("feedback__received_at", periods))
        .values("area", "bucket")
        .annotate(n=Count("id"))
    ):
        if row["bucket"] is not None:
            totals[row["area"]][row["bucket"]]["published"] = row["n"]

    complaints = _by_group(
        grouped(
            Complaint.objects.filter(
                datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
            )
        )
        .annotate(bucket=datetime_bucket("received_at", periods))
        .values("area", "bucket")
        .annotate(
            on_time=Count("id", filter=Q(answer__sent_on__lte=F("due_on"))),
            judged=Count("id", filter=Q(answer__isnull=False) | Q(due_on__lt=today)),
        ),
        groups,
        n,
    )
    initiatives = _by_group(
        grouped(
            Initiative.objects.filter(
                datetime_range_q("received_at", periods), unit_q(scope), county_id=county_id
            )
        )
        .annotate(bucket=datetime_bucket("received_at", periods))
        .values("area", "bucket")
        .annotate(
            on_time=Count("id", filter=Q(handler_notice_sent_on__lte=F("handler_notice_due"))),
            judged=Count(
                "id",
                filter=Q(handler_notice_sent_on__isnull=False) | Q(handler_notice_due__lt=today),
            ),
        ),
        groups,
        n,
    )

    result = {}
    for g in groups:
        out: dict[str, list[IndicatorValue]] = {code: [] for code in CODES}
        for i, t in enumerate(totals[g]):
            out["feedback_on_time"].append(share("feedback_on_time", t["on_time"], t["judged"]))
            out["feedback_median_days"].append(
                amount("feedback_median_days", median_of(histograms[g][i]), persons=t["answered"])
            )
            out["feedback_public_share"].append(
                share("feedback_public_share", t["published"], t["answered"])
            )
            scored = t["scored"]
            nps = 100 * (t["promoters"] - t["detractors"]) / scored if scored else None
            out["feedback_nps"].append(amount("feedback_nps", nps, persons=scored, digits=0))
        out["complaints_on_time"] = [
            share("complaints_on_time", r.get("on_time", 0), r.get("judged", 0))
            for r in complaints[g]
        ]
        out["initiatives_notice_on_time"] = [
            share(
                "initiatives_notice_on_time",
                r.get("on_time", 0),
                r.get("judged", 0),
                persons=False,
            )
            for r in initiatives[g]
        ]
        result[g] = out
    return result


def _by_group(rows, groups: list[int | None], n: int) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """`by_bucket` per group: {group: [row per period]}."""
    out: dict[int | None, list[dict]] = {g: [{} for _ in range(n)] for g in groups}
    for row in rows:
        if row["bucket"] is not None:
            out[row["area"]][row["bucket"]] = row
    return out


def fingerprint(*, county_id: int) -> tuple:
    from kuulu.feedback.models import (
        Complaint,
        ComplaintAnswer,
        Initiative,
        PublishedFeedback,
    )

    feedback = _feedback_stamp(county_id)
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
        feedback,
        tuple(published.values()),
        tuple(complaints.values()),
        tuple(answers.values()),
        tuple(initiatives.values()),
    )


def _feedback_stamp(county_id: int) -> tuple:
    """Checksums over exactly the columns of the feedback items read (a full scan of the
    county's items; on PostgreSQL the change log stands for it, see `WATCHES`)."""
    from kuulu.feedback.models import Feedback

    return tuple(
        Feedback.objects.filter(county_id=county_id)
        .aggregate(
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
        .values()
    )
