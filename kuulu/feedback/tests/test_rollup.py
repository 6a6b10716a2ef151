"""The dashboard's roll-up (FeedbackStat): its figures equal those counted from the feedback rows
for every filter and scope, rebuilding is idempotent, and the services keep it current."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kuulu.feedback import services
from kuulu.feedback.dashboards import (
    DashboardFilters,
    feedback_dashboard,
    median_from_buckets,
    median_from_histogram,
)
from kuulu.feedback.models import ANSWER_DAY_BUCKETS, Feedback, FeedbackStat
from kuulu.feedback.rollup import period_condition, rebuild_rollup
from kuulu.feedback.tests.factories import make_feedback, make_theme

HELSINKI = ZoneInfo("Europe/Helsinki")
TODAY = date(2025, 6, 15)
_refs = itertools.count(1)


def mixed_feedback(org) -> list[Feedback]:  # type: ignore[no-untyped-def]
    """400 rows over five and a half months: every type and channel, units at three levels and
    none, two themes and none, scores, answers after 0-40 days, received near midnight."""
    rng = random.Random(4)
    themes = [make_theme(org.county, code="waiting"), make_theme(org.county, code="costs"), None]
    units = [org.unit_a, org.team_a1, org.unit_b, org.area_b, None]
    rows = []
    for _ in range(400):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 165))
        received = datetime(
            day.year, day.month, day.day, rng.choice([0, 1, 9, 14, 23]), 30, tzinfo=HELSINKI
        )
        answered = None
        if rng.random() < 0.6:
            answered = received + timedelta(days=rng.choice([0, 0, 1, 2, 3, 5, 8, 14, 20, 40]))
            answered += timedelta(hours=rng.choice([0, 3, 11]))
        rows.append(
            Feedback(
                county=org.county,
                reference=f"R-{next(_refs):07d}",
                text="x",
                kind=rng.choice(Feedback.Kind.values),
                channel=rng.choice(Feedback.Channel.values),
                unit=rng.choice(units),
                theme=rng.choice(themes),
                score=rng.choice([None, None, 0, 3, 6, 7, 8, 9, 10]),
                wants_reply=rng.random() < 0.3,
                received_at=received,
                answered_at=answered,
                due_on=rng.choice([None, day + timedelta(days=7), day + timedelta(days=14)]),
                status=Feedback.Status.ANSWERED if answered else Feedback.Status.RECEIVED,
            )
        )
    return Feedback.objects.bulk_create(rows)


def expected(rows, *, scope, filters):  # type: ignore[no-untyped-def]
    """The figures counted one row at a time, the way the dashboard promises them."""
    kept = []
    for f in rows:
        day = timezone.localdate(f.received_at)
        if not filters.start <= day <= filters.end:
            continue
        if any(
            p and not (f.unit and f.unit.path.startswith(p)) for p in (scope, filters.unit_path)
        ):
            continue
        if (filters.kind and f.kind != filters.kind) or (
            filters.channel and f.channel != filters.channel
        ):
            continue
        kept.append(f)

    def score(items):  # type: ignore[no-untyped-def]
        scores = [f.score for f in items if f.score is not None]
        return (len(scores), sum(s >= 9 for s in scores), sum(s <= 6 for s in scores))

    by = defaultdict(list)
    for f in kept:
        by["month", timezone.localdate(f.received_at).replace(day=1)].append(f)
        by["unit", str(f.unit_id or "")].append(f)
    answered = [f for f in kept if f.answered_at]
    days = [
        max((timezone.localdate(f.answered_at) - timezone.localdate(f.received_at)).days, 0)
        for f in answered
    ]
    return {
        "total": len(kept),
        "score": score(kept),
        "month_kind": Counter(
            (timezone.localdate(f.received_at).replace(day=1), f.kind) for f in kept
        ),
        "month_score": {k[1]: score(v) for k, v in by.items() if k[0] == "month"},
        "unit": {k[1]: (len(v), *score(v)) for k, v in by.items() if k[0] == "unit"},
        "theme": Counter(f.theme.code if f.theme else "" for f in kept),
        "channel": Counter(f.channel for f in kept),
        "answered": len(answered),
        "on_time": sum(
            1 for f in answered if f.due_on and timezone.localdate(f.answered_at) <= f.due_on
        ),
        "days": days,
    }


def shown(data):  # type: ignore[no-untyped-def]
    return {
        "total": data.total.value,
        "score": (data.score.scored, data.score.promoters, data.score.detractors),
        "month_kind": Counter(
            {(m.month, k): f.value for m in data.months for k, f in m.by_kind.items() if f.value}
        ),
        "month_score": {
            m.month: (m.score.scored, m.score.promoters, m.score.detractors)
            for m in data.months
            if m.total.value
        },
        "unit": {
            r.key: (r.total.value, r.score.scored, r.score.promoters, r.score.detractors)
            for r in data.by_unit
        },
        "theme": Counter({r.key: r.total.value for r in data.by_theme}),
        "channel": Counter({r.key: r.total.value for r in data.by_channel}),
        "answered": data.response.answered.value,
        "on_time": data.response.on_time.value,
    }


def bucket_counts(days: list[int]) -> list[int]:
    return [
        sum(1 for d in days if first <= d and (last is None or d <= last))
        for first, last in ANSWER_DAY_BUCKETS
    ]


PERIODS = [
    (date(2025, 2, 1), date(2025, 4, 30)),  # whole months only
    (date(2025, 1, 25), TODAY),  # a partial month at both ends
    (date(2025, 3, 5), date(2025, 3, 20)),  # inside one month
    (date(2025, 2, 15), date(2025, 5, 10)),
    (date(2024, 7, 1), TODAY),  # the default period
    (date(2025, 1, 1), date(2025, 1, 1)),  # one day
]


@override_settings(KUULU_MIN_GROUP_SIZE=1)
def test_rollup_figures_equal_the_figures_counted_from_rows(org) -> None:  # type: ignore[no-untyped-def]
    rows = list(
        Feedback.objects.filter(pk__in=[f.pk for f in mixed_feedback(org)]).select_related(
            "unit", "theme"
        )
    )
    rebuild_rollup(org.county.pk, None)
    views = [
        (None, {}),
        (org.unit_a.path, {}),
        (None, {"kind": "idea"}),
        (None, {"channel": "phone"}),
        (org.unit_a.path, {"unit_path": org.team_a1.path, "kind": "dissatisfaction"}),
        (None, {"unit_path": org.area_b.path, "channel": "web"}),
    ]
    checked_medians = 0
    for (start, end), (scope, extra) in itertools.product(PERIODS, views):
        filters = DashboardFilters(start=start, end=end, **extra)
        data = feedback_dashboard(org.county.pk, scope_path=scope, filters=filters, today=TODAY)
        want = expected(rows, scope=scope, filters=filters)
        days = want.pop("days")
        assert shown(data) == want, (start, end, scope, extra)
        assert data.response.median_days == median_from_buckets(bucket_counts(days))
        exact = median_from_histogram(Counter(days))
        ordered = sorted(days)
        if ordered and ordered[len(ordered) // 2] <= 14:
            assert data.response.median_days == exact
            checked_medians += 1
    assert checked_medians > 10


def test_period_uses_month_rows_for_whole_months_and_day_rows_for_the_rest() -> None:
    day, month = FeedbackStat.Grain.DAY, FeedbackStat.Grain.MONTH
    condition = period_condition(date(2025, 1, 25), date(2025, 4, 10))
    children = [dict(c.children) for c in condition.children]
    assert {"grain": month, "day__gte": date(2025, 2, 1), "day__lte": date(2025, 3, 31)} in (
        children
    )
    assert {"grain": day, "day__gte": date(2025, 1, 25), "day__lt": date(2025, 2, 1)} in children
    assert {"grain": day, "day__gt": date(2025, 3, 31), "day__lte": date(2025, 4, 10)} in children
    inside = period_condition(date(2025, 3, 5), date(2025, 3, 20))
    assert dict(inside.children) == {
        "grain": day,
        "day__gte": date(2025, 3, 5),
        "day__lte": date(2025, 3, 20),
    }


def _snapshot(county_id: int) -> list[tuple]:
    fields = [f.attname for f in FeedbackStat._meta.concrete_fields if f.name != "id"]
    return sorted(
        FeedbackStat.objects.filter(county_id=county_id).values_list(*fields),
        key=lambda row: tuple(str(v) for v in row),
    )


def test_rebuild_is_idempotent_and_day_by_day_equals_all(org) -> None:  # type: ignore[no-untyped-def]
    rows = mixed_feedback(org)
    rebuild_rollup(org.county.pk, None)
    whole = _snapshot(org.county.pk)
    assert whole
    assert (
        sum(r for r in FeedbackStat.objects.filter(grain="d").values_list("received", flat=True))
        == 400
    )
    assert (
        sum(r for r in FeedbackStat.objects.filter(grain="m").values_list("received", flat=True))
        == 400
    )
    rebuild_rollup(org.county.pk, None)
    assert _snapshot(org.county.pk) == whole
    days = {timezone.localdate(f.received_at) for f in rows}
    rebuild_rollup(org.county.pk, days)
    assert _snapshot(org.county.pk) == whole
    FeedbackStat.objects.all().delete()
    for day in sorted(days):
        rebuild_rollup(org.county.pk, {day})
        rebuild_rollup(org.county.pk, {day})
    assert _snapshot(org.county.pk) == whole
    assert rebuild_rollup(org.county.pk, set()) == 0


def test_the_nightly_command_rebuilds_everything(org) -> None:  # type: ignore[no-untyped-def]
    mixed_feedback(org)
    call_command("rebuild_feedback_rollup", "--all")
    assert sum(FeedbackStat.objects.filter(grain="m").values_list("received", flat=True)) == 400
    FeedbackStat.objects.all().delete()
    call_command("rebuild_feedback_rollup", "--days", "3")  # nothing received lately
    assert not FeedbackStat.objects.exists()


def today_figures(org):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    filters = DashboardFilters(start=today, end=today)
    return feedback_dashboard(org.county.pk, scope_path=None, filters=filters, today=today)


@override_settings(KUULU_MIN_GROUP_SIZE=1)
def test_services_keep_the_rollup_current(org, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    theme = make_theme(org.county, code="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        feedback = make_feedback(
            org.county,
            org.unit_a,
            kind="question",
            score=10,
            wants_reply=True,
            contact_email="asiakas@example.test",
        )
        make_feedback(org.county, org.unit_b, kind="praise", text="Hyvää palvelua, kiitos!")
    data = today_figures(org)
    assert data.total.value == 2
    assert data.score.promoters == 1
    assert data.response.answered.value == 0
    assert {r.label: r.total.value for r in data.by_unit} == {"Kotihoito": 1, "Perhekeskus": 1}

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_triage(
            feedback=feedback,
            kind="dissatisfaction",
            theme=theme,
            unit=org.team_a1,
            user=org.manager,
        )
    data = today_figures(org)
    assert {r.label: r.total.value for r in data.by_unit} == {
        "Kotihoito Kajaani": 1,
        "Perhekeskus": 1,
    }
    assert {r.key: r.total.value for r in data.by_theme} == {"waiting": 1, "": 1}
    assert data.months[-1].by_kind["dissatisfaction"].value == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.send_reply(feedback=feedback, text="Kiitos, asia on hoidettu.", user=org.manager)
    data = today_figures(org)
    assert data.response.answered.value == 1
    assert data.response.on_time.value == 1
    assert data.response.median_days == 0.0

    with django_capture_on_commit_callbacks(execute=True):
        services.forward_feedback(
            feedback=feedback, unit=org.unit_b, reason="Kuuluu perhekeskukselle.", user=org.manager
        )
    assert {r.label: r.total.value for r in today_figures(org).by_unit} == {"Perhekeskus": 2}
    # Figures equal a rebuild from scratch.
    before = _snapshot(org.county.pk)
    rebuild_rollup(org.county.pk, None)
    assert _snapshot(org.county.pk) == before


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
)
def test_changes_of_one_day_queue_one_deferred_rebuild(
    org, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from django_tasks import default_task_backend

    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_feedback(org.county, org.unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        make_feedback(org.county, org.unit_b)
    rebuilds = [r for r in default_task_backend.results if r.task.name == "rebuild_feedback_rollup"]
    assert len(rebuilds) == 1
    assert rebuilds[0].kwargs == {
        "county_id": org.county.pk,
        "day": timezone.localdate().isoformat(),
    }
    assert rebuilds[0].task.run_after > timezone.now()


@pytest.mark.parametrize("days", [0, 2, 20])
def test_median_from_buckets(days: int) -> None:
    # Exact up to 14 days; interpolated in a wider bucket.
    counts = bucket_counts([days] * 3)
    assert median_from_buckets(counts) == (days if days <= 14 else 18.0)
    assert median_from_buckets([0] * len(ANSWER_DAY_BUCKETS)) is None
