"""Feedback dashboards for coordinators (the county) and managers (their unit's subtree).

Everything is aggregated in the database with GROUP BY, in a fixed number of queries whatever
the number of rows: volume by month and type, by unit, theme and channel; recommendation score
(NPS = % of 9-10 minus % of 0-6); response time against due dates from the roll-up
(`FeedbackStat`, kept by `kuulu.feedback.rollup`); the open backlog by status and age live from
the open items. Formal complaints live in their own table and are never read here.

Small groups: no count or NPS is shown for a group of fewer than settings.KUULU_MIN_GROUP_SIZE
(5) feedback items or scores; the figure says "fewer than 5" instead. Within one row of a
breakdown (e.g. a month's counts by type, whose total is shown), a single hidden cell could be
worked out from the total and the others, so the smallest other non-zero cell is hidden as well
(secondary suppression); the lists by unit, theme and channel add up to the total received and
are such rows too; such a cell says "hidden", not "fewer than 5". Zero is shown: it tells
about no one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from kuulu.feedback.models import (
    ANSWER_BUCKET_FIELDS,
    ANSWER_DAY_BUCKETS,
    Feedback,
    FeedbackStat,
    Theme,
)
from kuulu.feedback.rollup import period_condition
from kuulu.organisation.models import Unit
from kuulu.surveys.stats import suppressed_groups

OPEN_STATUSES = (Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS)
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-7", 0, 7),
    ("8-14", 8, 14),
    ("15-30", 15, 30),
    ("31+", 31, None),
)
TOP_UNITS = 30


# --- Pure arithmetic --------------------------------------------------------------------------


def min_group_size() -> int:
    return int(getattr(settings, "KUULU_MIN_GROUP_SIZE", 5))


@dataclass(frozen=True)
class Figure:
    """A count that may be hidden because its group is too small."""

    value: int
    hidden: bool = False

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


def figure(value: int, minimum: int) -> Figure:
    return Figure(value, hidden=0 < value < minimum)


def suppress_row(values: Sequence[int], minimum: int) -> list[Figure]:
    """The cells of a row whose total is shown, by the survey rule (`suppressed_groups`): small
    counts hidden, then the smallest other non-zero ones while the hidden cells hold fewer than
    `minimum` together, so subtracting the shown cells from the total reveals no small group."""
    hidden = suppressed_groups(dict(enumerate(values)), min_group=minimum)
    return [Figure(v, hidden=i in hidden) for i, v in enumerate(values)]


def nps(promoters: int, detractors: int, scored: int) -> int | None:
    """Net promoter score in whole points from -100 to 100; None without scores."""
    if scored <= 0:
        return None
    return round(100 * (promoters - detractors) / scored)


@dataclass(frozen=True)
class Score:
    scored: int
    promoters: int
    detractors: int
    minimum: int

    @property
    def hidden(self) -> bool:
        return self.scored < self.minimum

    @property
    def value(self) -> int | None:
        """The NPS, or None when hidden or without scores."""
        return None if self.hidden else nps(self.promoters, self.detractors, self.scored)

    @property
    def scored_figure(self) -> Figure:
        return figure(self.scored, self.minimum)


def median_from_histogram(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:
        seen = 0
        for value, count in ordered:
            seen += count
            if seen > n:
                return value
        return ordered[-1][0]

    if total % 2:
        return float(nth(total // 2))
    return (nth(total // 2 - 1) + nth(total // 2)) / 2


def month_starts(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


# --- Filters and scope ------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilters:
    start: date
    end: date
    unit_path: str | None = None  # a chosen unit's subtree (within the actor's scope)
    kind: str = ""
    channel: str = ""


def default_period(today: date | None = None) -> tuple[date, date]:
    """The current month and the eleven before it."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    year, month = first.year, first.month - 11
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1), today


def scoped_feedback(
    county_id: int, *, scope_path: str | None, filters: DashboardFilters
) -> QuerySet[Feedback]:
    """Feedback of the county within the actor's scope and the chosen unit, type and channel,
    ignoring the period (the backlog is about now)."""
    rows = Feedback.objects.filter(county_id=county_id)
    for path in (scope_path, filters.unit_path):
        if path:
            rows = rows.filter(unit__path__startswith=path)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthRow:
    month: date
    total: Figure
    by_kind: dict[str, Figure]
    score: Score


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    total: Figure
    score: Score | None = None


@dataclass(frozen=True)
class ResponseTimes:
    answered: Figure
    on_time: Figure
    share_on_time: int | None  # whole per cent, None when hidden
    median_days: float | None


@dataclass(frozen=True)
class BacklogRow:
    status: str
    by_age: dict[str, Figure]
    total: Figure
    overdue: Figure


@dataclass(frozen=True)
class Dashboard:
    filters: DashboardFilters
    minimum: int
    total: Figure
    score: Score
    months: list[MonthRow]
    by_unit: list[GroupRow]
    by_theme: list[GroupRow]
    by_channel: list[GroupRow]
    response: ResponseTimes
    backlog: list[BacklogRow]
    backlog_total: Figure
    kinds: list[tuple[str, str]] = field(default_factory=list)


def _score(scored: int, promoters: int, detractors: int, minimum: int) -> Score:
    return Score(scored=scored, promoters=promoters, detractors=detractors, minimum=minimum)


SCORE_SUMS = {
    "n_scored": Sum("scored"),
    "n_promoters": Sum("promoters"),
    "n_detractors": Sum("detractors"),
}


def _label(choices: Iterable[tuple[str, str]], key: str) -> str:
    return str(dict(choices).get(key, key))


def median_from_buckets(counts: Sequence[int]) -> float | None:
    """The median days to answer from counts per ANSWER_DAY_BUCKETS bucket. Exact while it
    falls on a one-day bucket (up to 14 days); inside a wider bucket the answers are taken as
    spread evenly over its days; in the last, open one it is the bucket's first day."""
    total = sum(counts)
    if not total:
        return None

    def nth(n: int) -> float:
        seen = 0
        for (first, last), count in zip(ANSWER_DAY_BUCKETS, counts, strict=True):
            if seen + count > n:
                if last is None or last == first:
                    return float(first)
                return first + (last - first) * (n - seen + 0.5) / count
            seen += count
        return float(ANSWER_DAY_BUCKETS[-1][0])

    middle = total // 2
    value = nth(middle) if total % 2 else (nth(middle - 1) + nth(middle)) / 2
    return round(value * 2) / 2  # whole or half days, as the exact median is


def rollup_rows(
    county_id: int, *, scope_path: str | None, filters: DashboardFilters
) -> QuerySet[FeedbackStat]:
    """The roll-up rows of the period (month rows for whole months, day rows for the rest)
    within the actor's scope and the chosen unit, type and channel."""
    rows = FeedbackStat.objects.filter(county_id=county_id).filter(
        period_condition(filters.start, filters.end)
    )
    for path in (scope_path, filters.unit_path):
        if path:
            rows = rows.filter(unit__path__startswith=path)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return rows


def _names_in_language(model: type, ids: Iterable[int | None]) -> dict[int, str]:
    """Units' and themes' names in the page's language (falling back to Finnish, as everywhere):
    `values("theme__name")` reads the Finnish column only, so Swedish and English dashboards
    named every unit and theme in Finnish. One query per kind, for the rows shown."""
    wanted = [pk for pk in ids if pk is not None]
    if not wanted:
        return {}
    return {obj.pk: obj.name for obj in model.objects.filter(pk__in=wanted)}


def feedback_dashboard(
    county_id: int,
    *,
    scope_path: str | None,
    filters: DashboardFilters,
    today: date | None = None,
) -> Dashboard:
    """Five queries whatever the number of feedback rows: four over the roll-up
    (`FeedbackStat`: a year is at most a few tens of thousands of rows) and the open backlog
    over the open items only."""
    today = today or timezone.localdate()
    minimum = min_group_size()
    stats = rollup_rows(county_id, scope_path=scope_path, filters=filters)

    # 1. By month and type, with scores, answers and days to answer; the totals are its sums.
    by_month: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    month_scores: dict[date, list[int]] = defaultdict(lambda: [0, 0, 0])
    totals: dict[str, int] = defaultdict(int)
    buckets = [0] * len(ANSWER_BUCKET_FIELDS)
    for row in (
        stats.values("month", "kind")
        .annotate(
            n=Sum("received"),
            n_answered=Sum("answered"),
            n_on_time=Sum("answered_on_time"),
            **SCORE_SUMS,
            **{f"n_{name}": Sum(name) for name in ANSWER_BUCKET_FIELDS},
        )
        .order_by()
    ):
        by_month[row["month"]][row["kind"]] += row["n"]
        tally = month_scores[row["month"]]
        tally[0] += row["n_scored"]
        tally[1] += row["n_promoters"]
        tally[2] += row["n_detractors"]
        for name in ("n", "n_answered", "n_on_time", *SCORE_SUMS):
            totals[name] += row[name]
        for i, name in enumerate(ANSWER_BUCKET_FIELDS):
            buckets[i] += row[f"n_{name}"]
    kind_keys = [k for k, _ in Feedback.Kind.choices]
    months = []
    for month in month_starts(filters.start, filters.end):
        counts = [by_month[month][k] for k in kind_keys]
        months.append(
            MonthRow(
                month=month,
                total=figure(sum(counts), minimum),
                by_kind=dict(zip(kind_keys, suppress_row(counts, minimum), strict=True)),
                score=_score(*month_scores[month], minimum),
            )
        )

    # 2. By unit, with scores: the busiest units first.
    unit_rows = (
        stats.values("unit_id", "unit__name")
        .annotate(n=Sum("received"), **SCORE_SUMS)
        .order_by("-n", "unit__name")[:TOP_UNITS]
    )
    unit_rows = list(unit_rows)
    unit_names = _names_in_language(Unit, [row["unit_id"] for row in unit_rows])
    # Units, themes and channels each add up to the total shown (units while there are no more
    # than TOP_UNITS), so each list is suppressed as one row.
    by_unit = [
        GroupRow(
            key=str(row["unit_id"] or ""),
            label=unit_names.get(row["unit_id"], row["unit__name"] or ""),
            total=total,
            score=_score(row["n_scored"], row["n_promoters"], row["n_detractors"], minimum),
        )
        for row, total in zip(
            unit_rows, suppress_row([row["n"] for row in unit_rows], minimum), strict=True
        )
    ]

    # 3. By theme (top themes first) and 4. by channel.
    theme_rows = list(
        stats.values("theme_id", "theme__code", "theme__name")
        .annotate(n=Sum("received"))
        .order_by("-n", "theme__name", "theme_id")
    )
    theme_names = _names_in_language(Theme, [row["theme_id"] for row in theme_rows])
    by_theme = [
        GroupRow(
            key=row["theme__code"] or "",
            label=theme_names.get(row["theme_id"], row["theme__name"] or ""),
            total=total,
        )
        for row, total in zip(
            theme_rows, suppress_row([row["n"] for row in theme_rows], minimum), strict=True
        )
    ]
    channel_rows = list(
        stats.values("channel").annotate(n=Sum("received")).order_by("-n", "channel")
    )
    by_channel = [
        GroupRow(
            key=row["channel"],
            label=_label(Feedback.Channel.choices, row["channel"]),
            total=total,
        )
        for row, total in zip(
            channel_rows, suppress_row([row["n"] for row in channel_rows], minimum), strict=True
        )
    ]

    answered = figure(totals["n_answered"], minimum)
    on_time = (
        figure(totals["n_on_time"], minimum)
        if not answered.hidden
        else Figure(totals["n_on_time"], True)
    )
    response = ResponseTimes(
        answered=answered,
        on_time=on_time,
        # The share and the number answered would give a hidden count of answers on time away.
        share_on_time=None
        if on_time.hidden or not totals["n_answered"]
        else round(100 * totals["n_on_time"] / totals["n_answered"]),
        median_days=None if answered.hidden else median_from_buckets(buckets),
    )

    # 5. Open backlog now, by status and age, with overdue counts: a live query over the open
    # items only (the partial index feedback_open_idx), whatever the period.
    base = scoped_feedback(county_id, scope_path=scope_path, filters=filters)
    cases = {
        f"age_{i}": Count(
            "id",
            filter=Q(received_at__lt=_aware(today - timedelta(days=low - 1)))
            & (
                Q(received_at__gte=_aware(today - timedelta(days=high)))
                if high is not None
                else Q()
            ),
        )
        for i, (_, low, high) in enumerate(AGE_BUCKETS)
    }
    backlog_counts = {
        row["status"]: row
        for row in base.filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)), **cases)
        .order_by()
    }
    backlog = []
    for status in OPEN_STATUSES:
        row = backlog_counts.get(status, {})
        ages = [row.get(f"age_{i}", 0) for i in range(len(AGE_BUCKETS))]
        backlog.append(
            BacklogRow(
                status=_label(Feedback.Status.choices, status),
                by_age=dict(
                    zip([b[0] for b in AGE_BUCKETS], suppress_row(ages, minimum), strict=True)
                ),
                total=figure(row.get("n", 0), minimum),
                overdue=figure(row.get("overdue", 0), minimum),
            )
        )
    return Dashboard(
        filters=filters,
        minimum=minimum,
        total=figure(totals["n"], minimum),
        score=_score(totals["n_scored"], totals["n_promoters"], totals["n_detractors"], minimum),
        months=months,
        by_unit=by_unit,
        by_theme=by_theme,
        by_channel=by_channel,
        response=response,
        backlog=backlog,
        backlog_total=figure(sum(r.get("n", 0) for r in backlog_counts.values()), minimum),
        kinds=[(k, str(label)) for k, label in Feedback.Kind.choices],
    )
