"""The feedback dashboard's roll-up (`FeedbackStat`): building it and choosing its rows.

`rebuild_rollup(county_id, days)` rewrites the day rows of those received days with one
INSERT ... SELECT ... GROUP BY over the feedback table, then the month rows of their months with
one INSERT ... SELECT ... GROUP BY over the day rows, inside one transaction holding a lock on
the county row: two rebuilds of the same county take turns, so none counts a row twice.

The feedback services call `schedule_rollup(feedback)` after commit for every change the
figures can see (a new item, type, theme or unit corrected, forwarded, answered, closed or
reopened): it queues one `rebuild_feedback_rollup` task for the item's received day, at most one
per county and day every DEBOUNCE_SECONDS. Today's figures come the same way, seconds after the
change; nothing reads the feedback table for them. The nightly `manage.py
rebuild_feedback_rollup --all` rewrites everything and catches changes made outside the services
(admin edits, SQL, a deleted unit or theme).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from kuulu.feedback.models import (
    ANSWER_BUCKET_FIELDS,
    ANSWER_DAY_BUCKETS,
    Feedback,
    FeedbackStat,
)
from kuulu.organisation.models import County

DEBOUNCE_SECONDS = 10
COUNT_FIELDS = (
    "received",
    "scored",
    "promoters",
    "passives",
    "detractors",
    "wants_reply",
    "answered",
    "answered_on_time",
    *ANSWER_BUCKET_FIELDS,
)
# The dimensions of a row: (name in `values()`, database column).
DIMENSIONS = (
    ("county", "county_id"),
    ("unit", "unit_id"),
    ("kind", "kind"),
    ("theme", "theme_id"),
    ("channel", "channel"),
)


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _day_aggregates() -> dict[str, Any]:
    """Counts of one group of feedback rows, named `n_<field>` (an annotation may not share a
    model field's name)."""
    answered = Q(answered_at__isnull=False)
    aggregates: dict[str, Any] = {
        "n_received": Count("id"),
        "n_scored": Count("id", filter=Q(score__isnull=False)),
        "n_promoters": Count("id", filter=Q(score__gte=9)),
        "n_passives": Count("id", filter=Q(score__gte=7, score__lte=8)),
        "n_detractors": Count("id", filter=Q(score__lte=6)),
        "n_wants_reply": Count("id", filter=Q(wants_reply=True)),
        "n_answered": Count("id", filter=answered),
        "n_answered_on_time": Count("id", filter=answered & Q(answered_day__lte=F("due_on"))),
    }
    for (first, last), name in zip(ANSWER_DAY_BUCKETS, ANSWER_BUCKET_FIELDS, strict=True):
        # Answered before received (a clock or data error) counts as the same day.
        condition = answered
        if first > 0:
            condition &= Q(answer_time__gte=timedelta(days=first))
        if last is not None:
            condition &= Q(answer_time__lte=timedelta(days=last))
        aggregates[f"n_{name}"] = Count("id", filter=condition)
    return aggregates


def _insert_from(queryset: QuerySet[Any], columns: dict[str, str]) -> int:
    """INSERT INTO the roll-up the rows of a `values().annotate()` query, read as a subquery:
    `columns` maps each output column of the query (a field's column or an annotation's name)
    to the roll-up column it fills."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    quote = connection.ops.quote_name
    table = quote(FeedbackStat._meta.db_table)
    source = ", ".join(f"q.{quote(name)}" for name in columns)
    target = ", ".join(quote(column) for column in columns.values())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({target}) SELECT {source} FROM ({sql}) q",  # noqa: S608
            params,
        )
        return cursor.rowcount


def _day_rows(county_id: int, days: set[date] | None) -> QuerySet[Any]:
    tz = timezone.get_current_timezone()
    rows = Feedback.objects.filter(county_id=county_id)
    if days is not None:
        # The range lets the received_at index find the rows; the list keeps only those days.
        rows = rows.filter(
            received_at__gte=_aware(min(days)),
            received_at__lt=_aware(max(days) + timedelta(days=1)),
        )
    rows = rows.annotate(
        received_day=TruncDate("received_at", tzinfo=tz),
        answered_day=TruncDate("answered_at", tzinfo=tz),
    ).annotate(
        answer_time=ExpressionWrapper(
            F("answered_day") - F("received_day"), output_field=DurationField()
        )
    )
    if days is not None:
        rows = rows.filter(received_day__in=sorted(days))
    return (
        rows.annotate(
            r_grain=Value(FeedbackStat.Grain.DAY),
            r_month=TruncMonth("received_day"),
        )
        .values("received_day", "r_month", "r_grain", *(name for name, _ in DIMENSIONS))
        .annotate(**_day_aggregates())
        .order_by()
    )


def _month_rows(county_id: int, months: set[date] | None) -> QuerySet[Any]:
    rows = FeedbackStat.objects.filter(county_id=county_id, grain=FeedbackStat.Grain.DAY)
    if months is not None:
        rows = rows.filter(month__in=sorted(months))
    return (
        rows.annotate(r_grain=Value(FeedbackStat.Grain.MONTH), r_day=F("month"))
        .values("month", "r_day", "r_grain", *(name for name, _ in DIMENSIONS))
        .annotate(**{f"n_{name}": Sum(name) for name in COUNT_FIELDS})
        .order_by()
    )


def _columns(day: str, month: str) -> dict[str, str]:
    return {
        "r_grain": "grain",
        day: "day",
        month: "month",
        **dict(DIMENSIONS),
        **{f"n_{name}": name for name in COUNT_FIELDS},
    }


def rebuild_rollup(county_id: int, days: Iterable[date] | None) -> int:
    """Recompute the roll-up of these received days (local dates) of the county, and of the
    months they fall in; `days=None` rebuilds the county's whole roll-up. Idempotent. Returns
    the number of day rows written."""
    wanted = None if days is None else set(days)
    if wanted is not None and not wanted:
        return 0
    months = None if wanted is None else {d.replace(day=1) for d in wanted}
    with transaction.atomic():
        # Rebuilds of the same county wait for each other here.
        County.objects.select_for_update().filter(pk=county_id).values_list("pk").first()
        stats = FeedbackStat.objects.filter(county_id=county_id)
        if wanted is None:
            stats.delete()
        else:
            stats.filter(grain=FeedbackStat.Grain.DAY, day__in=sorted(wanted)).delete()
            stats.filter(grain=FeedbackStat.Grain.MONTH, day__in=sorted(months or ())).delete()
        written = _insert_from(_day_rows(county_id, wanted), _columns("received_day", "r_month"))
        _insert_from(_month_rows(county_id, months), _columns("r_day", "month"))
    return written


def received_day(feedback: Feedback) -> date:
    return timezone.localdate(feedback.received_at)


def _enqueue(county_id: int, day: date) -> None:
    from kuulu.feedback.tasks import rebuild_feedback_rollup

    task = rebuild_feedback_rollup
    if task.get_backend().supports_defer:
        # Debounce: the first change of a county's day in DEBOUNCE_SECONDS queues the task to
        # run after that window, so it also sees every later change whose `add` failed. Works
        # with a per-process cache too (more tasks, never a missed change).
        key = f"feedback-rollup:{county_id}:{day.isoformat()}"
        if not cache.add(key, 1, DEBOUNCE_SECONDS):
            return
        task = task.using(run_after=timezone.now() + timedelta(seconds=DEBOUNCE_SECONDS + 1))
    task.enqueue(county_id=county_id, day=day.isoformat())


def schedule_rollup(feedback: Feedback) -> None:
    """After the current transaction commits, rebuild the roll-up of the item's received day."""
    county_id, day = feedback.county_id, received_day(feedback)
    transaction.on_commit(lambda: _enqueue(county_id, day))


# --- Reading ----------------------------------------------------------------------------------


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_condition(start: date, end: date) -> Q:
    """The roll-up rows that make up the received days start..end: month rows for the whole
    months inside, day rows for the days before and after them."""
    first_whole = start if start.day == 1 else _month_end(start) + timedelta(days=1)
    last_whole_end = end if end == _month_end(end) else end.replace(day=1) - timedelta(days=1)
    day = FeedbackStat.Grain.DAY
    if first_whole > last_whole_end:
        return Q(grain=day, day__gte=start, day__lte=end)
    condition = Q(grain=FeedbackStat.Grain.MONTH, day__gte=first_whole, day__lte=last_whole_end)
    if start < first_whole:
        condition |= Q(grain=day, day__gte=start, day__lt=first_whole)
    if last_whole_end < end:
        condition |= Q(grain=day, day__gt=last_whole_end, day__lte=end)
    return condition
