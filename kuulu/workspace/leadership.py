"""The leadership view: the county's participation at a glance for directors and the board.

Only aggregates: programme status (kuulu.programme), indicators against the programme's targets
(kuulu.indicators), the top feedback themes of the period (the feedback roll-up) and what is
overdue now, by service area. Counts that stand for persons (feedback, formal complaints, staff
with overdue training) are hidden below KUULU_MIN_GROUP_SIZE, and within a column whose total
is shown the smallest other count is hidden too when only one would be (as the feedback
dashboard does). A fixed number of queries whatever the number of rows: one aggregate per kind
of overdue item with a filtered count per service area, and the indicators app's cached
figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils.translation import get_language

from kuulu.assignments.models import Assignment
from kuulu.assignments.selectors import _load_completions, _status, covers
from kuulu.channels.models import StatementRequest
from kuulu.feedback.dashboards import (
    DashboardFilters,
    Figure,
    figure,
    min_group_size,
    rollup_rows,
    suppress_row,
)
from kuulu.feedback.models import Complaint, Feedback, Theme
from kuulu.indicators.types import Direction, IndicatorValue, Period, Scope
from kuulu.organisation.models import Person, Unit

TOP_THEMES = 5
# Indicators shown per service area (codes of kuulu.indicators.catalogue).
AREA_INDICATOR_CODES = ["feedback_on_time", "feedback_nps", "training_on_time"]
OPEN = [Feedback.Status.RECEIVED, Feedback.Status.IN_PROGRESS]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ProgrammeStatus:
    title: str
    start_year: int | None
    end_year: int | None
    approved: bool
    approved_on: date | None
    measure_count: int
    needs_follow_up: int
    by_status: list[StatusCount]


@dataclass(frozen=True)
class TargetRow:
    code: str
    name: str
    value: str
    baseline: str
    target: str
    target_year: int
    goal: str
    reached: int | None  # whole per cent of the way to the target (_reached), None without data


@dataclass(frozen=True)
class ThemeRow:
    label: str
    count: Figure


@dataclass(frozen=True)
class AreaRow:
    unit: Unit | None  # None for the county's total row
    feedback_overdue: Figure
    complaints_overdue: Figure
    statements_overdue: int
    training_overdue: Figure
    measures_to_follow_up: int
    indicators: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Leadership:
    period: Period
    today: date
    minimum: int
    programme: ProgrammeStatus | None
    targets: list[TargetRow]
    themes: list[ThemeRow]
    areas: list[AreaRow]
    total: AreaRow
    area_indicators: list[tuple[str, str]]  # (code, name) of the columns


# --- programme --------------------------------------------------------------------------------


def _programme(county_id: int, today: date) -> tuple[ProgrammeStatus | None, dict[str, int]]:
    """The programme's status, and per unit path the measures needing follow-up."""
    try:
        from kuulu.programme.models import MeasureStatus
        from kuulu.programme.selectors import programme_summary
    except ImportError:  # pragma: no cover - the programme app is being built
        return None, {}
    summary = programme_summary(county_id=county_id, today=today)
    if summary.programme_id is None:
        return None, {}
    labels = dict(MeasureStatus.choices)
    follow_up: dict[str, int] = {}
    for perspective in summary.perspectives:
        for goal in perspective.goals:
            for measure in goal.measures:
                if measure.needs_follow_up and measure.responsible_unit_path:
                    path = measure.responsible_unit_path
                    follow_up[path] = follow_up.get(path, 0) + 1
    status = ProgrammeStatus(
        title=summary.title,
        start_year=summary.start_year,
        end_year=summary.end_year,
        approved=summary.status == "approved",
        approved_on=summary.approved_on,
        measure_count=summary.measure_count,
        needs_follow_up=summary.needs_follow_up,
        by_status=[
            StatusCount(key, str(labels.get(key, key)), count)
            for key, count in summary.measures_by_status.items()
        ],
    )
    return status, follow_up


# --- indicators against targets ---------------------------------------------------------------


def _reached(value: float, target: float, direction: str, baseline: float | None = None) -> int:
    """Whole per cent of the way to the target, halves rounded up: 100 only when the value meets
    the target, at most 99 while it does not.

    With a baseline short of the target the share is the distance covered from the baseline
    towards the target, what the table's baseline, value and target columns show a coordinator.
    Without one it is the value over the target (the target over the value when lower is
    better), which means something only when both are above zero: a target of 0 or a scale
    that runs below zero (the recommendation score) makes that ratio meaningless, and a value
    short of such a target counts as 0.
    """
    lower = direction == Direction.LOWER
    if (value <= target) if lower else (value >= target):
        return 100
    if baseline is not None and ((baseline > target) if lower else (baseline < target)):
        share = (value - baseline) / (target - baseline)
    elif target > 0 and value > 0:
        share = target / value if lower else value / target
    else:
        share = 0.0
    percent = int(Decimal(share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(max(percent, 0), 99)


def _targets(county_id: int, period: Period, today: date) -> list[TargetRow]:
    try:
        from kuulu.indicators import selectors as indicators
        from kuulu.programme.selectors import targets_for
    except ImportError:  # pragma: no cover - not there yet: show nothing
        return []
    targets = targets_for(county_id=county_id)
    if not targets:
        return []
    defs = {d.code: d for d in indicators.indicator_catalogue(county_id=county_id)}
    codes = [code for code in targets if code in defs]
    values = indicators.indicator_values(
        scope=Scope(county_id=county_id), period=period, codes=codes, today=today
    )
    rows = []
    for code in codes:
        definition, target = defs[code], targets[code]
        value = values.get(code) or IndicatorValue(code, None)

        def text(number: float | None, code: str = code, unit: str = definition.unit) -> str:
            return indicators.format_value(IndicatorValue(code, number), unit)

        rows.append(
            TargetRow(
                code=code,
                name=str(definition.name),
                value=indicators.format_value(value, definition.unit),
                baseline=text(target.baseline),
                target=text(target.target),
                target_year=target.target_year,
                goal=target.goal_title,
                reached=None
                if value.value is None
                else _reached(value.value, target.target, definition.direction, target.baseline),
            )
        )
    return rows


# --- feedback themes --------------------------------------------------------------------------


def _themes(county_id: int, period: Period, minimum: int) -> list[ThemeRow]:
    rows = [
        row
        for row in rollup_rows(
            county_id, scope_path=None, filters=DashboardFilters(start=period.start, end=period.end)
        )
        .filter(theme__isnull=False)
        .values("theme_id")
        .annotate(n=Sum("received"))
        .order_by("-n", "theme__name", "theme_id")[:TOP_THEMES]
        if row["n"]
    ]
    if not rows:
        return []
    # The names in the page's language: values("theme__name") reads the Finnish column only.
    names = {
        theme.pk: theme.name for theme in Theme.objects.filter(pk__in=[r["theme_id"] for r in rows])
    }
    return [ThemeRow(names[row["theme_id"]], figure(row["n"], minimum)) for row in rows]


# --- overdue now, by service area -------------------------------------------------------------


def _by_area(queryset, areas: list[Unit], path_field: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """One aggregate: the total and a filtered count per service area."""
    counts = {f"a{area.pk}": Count("pk", filter=Q(**{path_field: area.path})) for area in areas}
    return queryset.aggregate(total=Count("pk"), **counts)


def _training_overdue(county_id: int, areas: list[Unit], today: date) -> dict[str, int]:
    """Staff with at least one past-due mandatory training not done, per service area."""
    late = list(
        Assignment.objects.filter(
            county_id=county_id, status=Assignment.Status.ACTIVE, due_on__lt=today
        ).prefetch_related("units")
    )
    result = {"total": 0, **{f"a{area.pk}": 0 for area in areas}}
    if not late:
        return result
    people = list(
        Person.objects.filter(
            county_id=county_id, kind=Person.Kind.STAFF, is_active=True, unit__isnull=False
        ).select_related("unit")
    )
    loaded = _load_completions(late)
    for person in people:
        if any(covers(a, person) and _status(a, person, loaded, today).overdue for a in late):
            result["total"] += 1
            for area in areas:
                if person.unit.path.startswith(area.path):
                    result[f"a{area.pk}"] += 1
    return result


def _column(counts: dict[str, int], areas: list[Unit], minimum: int) -> tuple[list[Figure], Figure]:
    shown = suppress_row([counts[f"a{area.pk}"] for area in areas], minimum)
    return shown, figure(counts["total"], minimum)


def _area_indicators(
    county_id: int, areas: list[Unit], period: Period, today: date
) -> tuple[list[tuple[str, str]], dict[int | None, list[str]]]:
    try:
        from kuulu.indicators import selectors as indicators
    except ImportError:  # pragma: no cover
        return [], {}
    defs = {d.code: d for d in indicators.indicator_catalogue(county_id=county_id)}
    codes = [code for code in AREA_INDICATOR_CODES if code in defs]
    if not codes:
        return [], {}
    # The county, then every service area at once (a fixed number of grouped queries).
    by_scope: dict[int | None, dict[str, IndicatorValue]] = {
        None: indicators.indicator_values(
            scope=Scope(county_id=county_id), period=period, codes=codes, today=today
        ),
        **indicators.indicator_values_by_service_area(
            county_id=county_id,
            area_ids=[area.pk for area in areas],
            period=period,
            codes=codes,
            today=today,
        ),
    }
    texts: dict[int | None, list[str]] = {
        key: [
            indicators.format_value(values.get(c) or IndicatorValue(c, None), defs[c].unit)
            for c in codes
        ]
        for key, values in by_scope.items()
    }
    return [(c, str(defs[c].name)) for c in codes], texts


# Indicator figures are kept five minutes (as on the workspace home): checking whether the
# indicators' own cache is valid reads the source tables (their fingerprints), a few hundred
# milliseconds over a million feedback rows. All the service areas are computed together
# (`indicator_values_by_service_area`), so a cold view costs the same whatever their number.
INDICATOR_CACHE_SECONDS = 300


def _cached(part: str, county_id: int, period: Period, today: date, compute):  # type: ignore[no-untyped-def]
    key = ":".join(
        [
            "workspace-leadership",
            part,
            str(county_id),
            period.start.isoformat(),
            period.end.isoformat(),
            today.isoformat(),
            get_language() or "",
        ]
    )
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, INDICATOR_CACHE_SECONDS)
    return found


def leadership_overview(*, county_id: int, period: Period, today: date) -> Leadership:
    minimum = min_group_size()
    areas = list(
        Unit.objects.filter(county_id=county_id, parent__isnull=True, is_active=True).order_by(
            "name", "id"
        )
    )
    programme, follow_up = _programme(county_id, today)
    feedback = _by_area(
        Feedback.objects.filter(county_id=county_id, status__in=OPEN, due_on__lt=today),
        areas,
        "unit__path__startswith",
    )
    complaints = _by_area(
        Complaint.objects.filter(
            county_id=county_id,
            status__in=[Complaint.Status.RECEIVED, Complaint.Status.IN_PROGRESS],
            due_on__lt=today,
        ),
        areas,
        "unit__path__startswith",
    )
    statements = _by_area(
        StatementRequest.objects.filter(
            channel__county_id=county_id,
            status=StatementRequest.Status.REQUESTED,
            deadline__lt=today,
        ),
        areas,
        "requesting_unit__path__startswith",
    )
    training = _training_overdue(county_id, areas, today)
    feedback_col, feedback_total = _column(feedback, areas, minimum)
    complaint_col, complaint_total = _column(complaints, areas, minimum)
    training_col, training_total = _column(training, areas, minimum)
    columns, indicator_texts = _cached(
        "areas", county_id, period, today, lambda: _area_indicators(county_id, areas, period, today)
    )
    rows = [
        AreaRow(
            unit=area,
            feedback_overdue=feedback_col[i],
            complaints_overdue=complaint_col[i],
            statements_overdue=statements[f"a{area.pk}"],
            training_overdue=training_col[i],
            measures_to_follow_up=sum(n for p, n in follow_up.items() if p.startswith(area.path)),
            indicators=indicator_texts.get(area.pk, []),
        )
        for i, area in enumerate(areas)
    ]
    total = AreaRow(
        unit=None,
        feedback_overdue=feedback_total,
        complaints_overdue=complaint_total,
        statements_overdue=statements["total"],
        training_overdue=training_total,
        measures_to_follow_up=programme.needs_follow_up if programme else 0,
        indicators=indicator_texts.get(None, []),
    )
    return Leadership(
        period=period,
        today=today,
        minimum=minimum,
        programme=programme,
        targets=_cached(
            "targets", county_id, period, today, lambda: _targets(county_id, period, today)
        ),
        themes=_themes(county_id, period, minimum),
        areas=rows,
        total=total,
        area_indicators=columns,
    )


def leadership_charts(view: Leadership) -> dict[str, object]:
    """The charts of the view (each followed by its table in the template)."""
    from kuulu.core.charts import horizontal_bars

    charts: dict[str, object] = {}
    if view.programme is not None:
        charts["status_chart"] = horizontal_bars(
            [(s.label, s.count) for s in view.programme.by_status]
        )
    reached = [(row.name, row.reached) for row in view.targets if row.reached is not None]
    if reached:
        charts["target_chart"] = horizontal_bars(reached, maximum=100, suffix=" %")
    shown = [(row.label, row.count.value) for row in view.themes if not row.count.hidden]
    if shown:
        charts["theme_chart"] = horizontal_bars(shown)
    return charts
