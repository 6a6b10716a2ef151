"""Reads of the work-ability figures: a unit subtree's trend, its children side by side, goals
and the staff wellbeing pulse. Everything returned is already suppressed where a group is
smaller than five persons; no function here returns a person or a name."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Max,
    Q,
    Sum,
    Value,
    When,
)

from kuulu.organisation.models import Unit
from kuulu.workability.figures import (
    FIGURES,
    MIN_PERSONS,
    Point,
    Window,
    complementary_suppression,
    hidden_months,
    month_add,
    months_between,
    point_at,
    series,
    window_sizes,
)
from kuulu.workability.models import MonthlyFigures, UnitGoal

PULSE_KEY = "staff-wellbeing-pulse"
PULSE_FILE = (
    Path(__file__).resolve().parent.parent / "surveys" / "instruments" / f"{PULSE_KEY}.yaml"
)

# Annotation names differ from the field names (an aggregate named like a field would shadow it).
# A row counts when its unit reported the whole 12 months ending there (`window_smallest` is
# set); SUM ignores the others, COUNT(id) counts every row that reported the month.
_COUNTED = Q(window_smallest__isnull=False)
_SIZES = {
    "t_reporting": Count("id"),
    "t_units": Count("window_smallest"),
    "t_smallest": Sum("window_smallest"),
}
_SUMS = {
    **_SIZES,
    "t_headcount": Sum("headcount", filter=_COUNTED),
    "t_headcount_months": Sum("window_headcount_months"),
    "t_person_years": Sum("window_person_years"),
    "t_absence_weighted": Sum("window_absence_weighted"),
    "t_short_absences": Sum("window_short_absences"),
    "t_work_accidents": Sum("window_work_accidents"),
    "t_early_support": Sum("window_early_support"),
    "t_disability_pensions": Sum("window_disability_pensions"),
    "t_leavers": Sum("window_leavers"),
}


def _window(row: dict) -> Window:
    return Window(
        month=row["month"],
        units=row["t_units"] or 0,
        reporting=row["t_reporting"] or 0,
        smallest=row["t_smallest"] or 0,
        headcount=row.get("t_headcount") or 0,
        headcount_months=row.get("t_headcount_months") or 0,
        person_years=Decimal(row.get("t_person_years") or 0),
        absence_weighted=Decimal(row.get("t_absence_weighted") or 0),
        short_absences=row.get("t_short_absences") or 0,
        work_accidents=row.get("t_work_accidents") or 0,
        early_support=row.get("t_early_support") or 0,
        disability_pensions=row.get("t_disability_pensions") or 0,
        leavers=row.get("t_leavers") or 0,
    )


def min_persons() -> int:
    """The smallest group a figure is shown for: the installation's KUULU_MIN_GROUP_SIZE, as
    everywhere else in Kuulu, but never fewer than the 5 persons these figures were audited at
    (tests/test_disclosure.py)."""
    return max(int(settings.KUULU_MIN_GROUP_SIZE), MIN_PERSONS)


def latest_month(unit: Unit) -> date | None:
    return MonthlyFigures.objects.filter(unit__path__startswith=unit.path).aggregate(
        m=Max("month")
    )["m"]


def _subtree_rows(unit: Unit, first: date, last: date) -> list[dict]:
    return list(
        MonthlyFigures.objects.filter(
            unit__path__startswith=unit.path, month__gte=first, month__lte=last
        )
        .values("month")
        .annotate(**_SUMS)
        .order_by("month")
    )


def subtree_windows(unit: Unit, first: date, last: date) -> list[Window]:
    """Month by month sums of the stored 12-month windows over the unit and every unit below
    it that reported all 12 months (one grouped query)."""
    return [_window(r) for r in _subtree_rows(unit, first, last)]


@dataclass(frozen=True)
class Trend:
    unit: Unit
    months: list[date]
    points: list[Point]
    goals: dict[tuple[str, int], Decimal]  # (figure, year) -> goal of this unit
    latest: Point | None
    rows: int  # monthly unit rows the figures were computed from
    # months hidden because the unit is hidden in a table above to protect a small unit
    protecting: frozenset[date] = frozenset()


def trend_for(unit: Unit, *, months: int = 24, last: date | None = None) -> Trend:
    last = last or latest_month(unit)
    if last is None:
        return Trend(unit, [], [], goals_for(unit), None, 0)
    shown = months_between(month_add(last, -(months - 1)), last)
    windows = subtree_windows(unit, shown[0], last)
    rows = MonthlyFigures.objects.filter(
        unit__path__startswith=unit.path, month__gte=shown[0], month__lte=last
    ).count()
    points = series(windows, shown, min_persons())
    hidden = hidden_above(unit, shown)
    small = {p.month for p in points if p.suppressed}
    points = [
        Point(p.month, True, dict.fromkeys(FIGURES), False, p.not_counted)
        if p.month in hidden
        else p
        for p in points
    ]
    return Trend(
        unit,
        shown,
        points,
        goals_for(unit),
        points[-1] if points else None,
        rows,
        # hidden for another's sake, not for the unit's own size
        frozenset(m for m in hidden if m not in small),
    )


def goals_for(unit: Unit) -> dict[tuple[str, int], Decimal]:
    return {
        (g.figure, g.year): g.value
        for g in UnitGoal.objects.filter(unit=unit).only("figure", "year", "value")
    }


@dataclass(frozen=True)
class ChildRow:
    unit: Unit | None  # None: figures booked on the parent unit itself
    point: Point
    suppressed: bool
    goals: dict[tuple[str, int], Decimal]


def _by_child(unit: Unit, first: date, last: date, sums: dict) -> tuple[list[Unit], list[dict]]:
    children = list(Unit.objects.filter(parent=unit).order_by("name", "id"))
    # Each row is summed into its child's subtree in the database (a CASE on the path prefix),
    # so Python sees at most one row per child and month whatever the size of the tree.
    owner = Case(
        *(When(unit__path__startswith=c.path, then=Value(c.path)) for c in children),
        default=Value("own"),
        output_field=CharField(),
    )
    rows = (
        MonthlyFigures.objects.filter(
            unit__path__startswith=unit.path, month__gte=first, month__lte=last
        )
        .annotate(owner=owner)
        .values("owner", "month")
        .annotate(**sums)
        .order_by()
    )
    return children, list(rows)


def _rows_by_child(
    unit: Unit, first: date, last: date, sums: dict | None = None
) -> tuple[list[Unit], dict[str, dict[date, Window]]]:
    """The unit's children, and month windows from `first` to `last` summed over each
    child's subtree, keyed by the child's path ("own" for the unit's own rows)."""
    children, rows = _by_child(unit, first, last, sums or _SUMS)
    grouped: dict[str, dict[date, Window]] = defaultdict(dict)
    for row in rows:
        window = _window(row)
        grouped[row["owner"]][window.month] = window
    return children, grouped


def hidden_above(unit: Unit, months: list[date]) -> set[date]:
    """Months in which the unit, or a unit above it, is hidden in its parent's table of units
    (complementary suppression, `figures.hidden_months`). In those months the unit's figures
    and its own table of units are hidden too: shown, they would undo the parent's suppression.
    One grouped query per level above the unit."""
    if not months:
        return set()
    ids = [int(p) for p in unit.path.split("/") if p]
    units = Unit.objects.in_bulk(ids)
    hidden: set[date] = set()
    minimum = min_persons()
    for parent_id, child_id in pairwise(ids):
        if parent_id not in units or child_id not in units:
            continue
        _children, grouped = _rows_by_child(units[parent_id], months[0], months[-1], _SIZES)
        left = [m for m in months if m not in hidden]
        hidden |= hidden_months(grouped, units[child_id].path, left, minimum)
    return hidden


def children_at(unit: Unit, month: date, *, unit_hidden: bool | None = None) -> list[ChildRow]:
    """Each child unit's subtree (and the unit's own figures, if it has any) at `month`, with
    complementary suppression so that no hidden row can be worked out from the parent. When
    the unit itself is hidden that month, every row is hidden: its rows add up to its figures.
    `unit_hidden`: whether the unit's own point that month is suppressed, if the caller has it
    (a unit suppressed for its own size has only small rows, so either reason hides them all);
    else it is looked up (`hidden_above`)."""
    children, grouped = _rows_by_child(unit, month, month)
    minimum = min_persons()
    points = {k: point_at(v.get(month), month, minimum) for k, v in grouped.items()}
    hidden = complementary_suppression(window_sizes(grouped, month), minimum)
    if unit_hidden is None:
        unit_hidden = bool(hidden_above(unit, [month]))
    if unit_hidden:
        hidden = set(grouped) | {c.path for c in children}
    goals: dict[int, dict[tuple[str, int], Decimal]] = defaultdict(dict)
    for g in UnitGoal.objects.filter(unit__in=children, year=month.year):
        goals[g.unit_id][(g.figure, g.year)] = g.value
    out = []
    if "own" in points:
        out.append(ChildRow(None, points["own"], "own" in hidden, goals_for(unit)))
    for child in children:
        point = points.get(child.path, Point(month, False, {}))
        out.append(ChildRow(child, point, child.path in hidden, goals[child.pk]))
    return out


@dataclass(frozen=True)
class PulseItem:
    text: str
    mean: Decimal | None
    agree_percent: int | None


@dataclass(frozen=True)
class Pulse:
    survey_title: str
    round_label: str
    respondents: int
    suppressed: bool
    min_group: int
    items: list[PulseItem]
    closes_at: object = None
    # hidden although big enough: shown, it would give away a small group's answers by
    # subtraction from the unit above (`_pulse_hidden_above`)
    protecting: bool = False


def _pulse_hidden_above(unit: Unit, survey: object, min_group: int) -> bool:
    """Whether the unit's pulse must be hidden to protect a small group: each unit's page
    shows its whole subtree, so a unit above less the units below it gives the answers of
    the rest (a parent's own staff, a small sibling). As with the figures (`hidden_above`),
    the units below each unit above are suppressed complementarily by their respondents, and
    the unit is hidden when it, or a unit above it, is hidden so. One query per level."""
    from kuulu.surveys.models import Response

    ids = [int(p) for p in unit.path.split("/") if p]
    units = Unit.objects.in_bulk(ids)
    for parent_id, child_id in pairwise(ids):
        if parent_id not in units or child_id not in units:
            continue
        parent = units[parent_id]
        paths = list(Unit.objects.filter(parent=parent).values_list("path", flat=True))
        owner = Case(
            *(When(unit__path__startswith=p, then=Value(p)) for p in paths),
            default=Value("own"),
            output_field=CharField(),
        )
        sizes: dict[str, int | None] = {
            row["owner"]: row["n"] or None
            for row in Response.objects.submitted()
            .filter(survey=survey, unit__path__startswith=parent.path)
            .annotate(owner=owner)
            .values("owner")
            .annotate(n=Count("id"))
            .order_by()
        }
        if units[child_id].path in complementary_suppression(sizes, min_group):
            return True
    return False


def latest_pulse(unit: Unit) -> Pulse | None:
    """The latest staff wellbeing pulse with answers from this unit's subtree: each statement's
    mean (1 to 5) and share agreeing (4 or 5), hidden below the survey's smallest group and
    where it would give away a smaller group's answers (`_pulse_hidden_above`)."""
    from kuulu.surveys.models import Answer, Question, Response, Survey
    from kuulu.surveys.results import min_group_for

    surveys = (
        Survey.objects.filter(
            county_id=unit.county_id,
            pk__in=Question.objects.filter(instrument_item__instrument__key=PULSE_KEY).values(
                "version__survey_id"
            ),
        )
        .annotate(
            answered=Count(
                "responses",
                filter=Q(
                    responses__status=Response.Status.SUBMITTED,
                    responses__unit__path__startswith=unit.path,
                ),
                distinct=True,
            ),
            last_answer=Max(
                "responses__submitted_at",
                filter=Q(responses__unit__path__startswith=unit.path),
            ),
        )
        .filter(answered__gt=0)
        .order_by("-last_answer", "-id")
    )
    survey = surveys.first()
    if survey is None:
        return None
    min_group = max(min_group_for(survey), MIN_PERSONS)
    responses = Response.objects.submitted().filter(survey=survey, unit__path__startswith=unit.path)
    n = survey.answered
    if n < min_group:
        return Pulse(survey.title, survey.round_label, n, True, min_group, [], survey.closes_at)
    if _pulse_hidden_above(unit, survey, min_group):
        return Pulse(
            survey.title, survey.round_label, n, True, min_group, [], survey.closes_at, True
        )
    questions = list(
        Question.objects.filter(
            version=survey.current_version,
            instrument_item__instrument__key=PULSE_KEY,
            kind__in=["likert", "scale_0_10"],
        ).order_by("page__position", "position")
    )
    stats = {
        row["question__key"]: row
        for row in Answer.objects.filter(
            response__in=responses, question__key__in=[q.key for q in questions]
        )
        .values("question__key")
        .annotate(
            mean=Avg("number"),
            n=Count("response", distinct=True),
            agree=Count("response", filter=Q(number__gte=4), distinct=True),
        )
    }
    items = []
    for q in questions:
        row = stats.get(q.key)
        if row is None or row["n"] < min_group:
            items.append(PulseItem(q.text, None, None))
            continue
        items.append(
            PulseItem(
                q.text,
                Decimal(row["mean"]).quantize(Decimal("0.1")),
                round(100 * row["agree"] / row["n"]),
            )
        )
    return Pulse(survey.title, survey.round_label, n, False, min_group, items, survey.closes_at)
