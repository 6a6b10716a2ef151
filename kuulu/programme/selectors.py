"""Reads of the participation programme.

Other apps call `targets_for`, `current_programme`, `programme_summary` and
`programme_progress_for_period` (see /work/contracts.md): keyword-only, typed, a fixed number of
queries whatever the size of the programme.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from kuulu.organisation.access import Actor
from kuulu.programme.models import (
    FollowUp,
    Goal,
    GoalIndicator,
    Measure,
    MeasureStatus,
    ParticipationProgramme,
    ProgrammeChange,
    ProgrammePerspective,
)
from kuulu.programme.quarters import (
    FollowUpPeriod,
    Quarter,
    follow_up_due,
    follow_up_period,
    previous_quarter,
)


@dataclass(frozen=True)
class Target:
    """The target a goal sets for an indicator."""

    code: str
    baseline: float | None
    baseline_year: int | None
    target: float
    target_year: int
    goal_id: int
    goal_title: str


@dataclass(frozen=True)
class FollowUpSummary:
    year: int
    quarter: int
    status: str
    status_label: str
    note: str
    links: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"


@dataclass(frozen=True)
class MeasureSummary:
    id: int
    title: str
    status: str
    status_label: str
    responsible_unit_id: int | None
    responsible_unit_path: str | None
    responsible_unit: str  # the unit's name, never the person: summaries may be public
    starts_on: date | None
    due_on: date | None
    hours: int | None
    last_follow_up: FollowUpSummary | None
    follow_ups: tuple[FollowUpSummary, ...]  # newest first (within the period, if one is given)
    needs_follow_up: bool


@dataclass(frozen=True)
class GoalSummary:
    id: int
    title: str
    description: str
    indicators: tuple[Target, ...]
    measures: tuple[MeasureSummary, ...]


@dataclass(frozen=True)
class PerspectiveSummary:
    id: int
    kind: str  # a kuulu.indicators.types.Perspective value, or "" for one the county added
    title: str
    goals: tuple[GoalSummary, ...]


@dataclass(frozen=True)
class ProgrammeSummary:
    """A programme with its progress. `programme_id` is None when the county has none."""

    programme_id: int | None = None
    title: str = ""
    description: str = ""
    start_year: int | None = None
    end_year: int | None = None
    status: str = ""
    approval_body: str = ""
    approved_on: date | None = None
    minutes_url: str = ""
    measure_count: int = 0
    measures_by_status: dict[str, int] = field(default_factory=dict)  # every status, 0 included
    needs_follow_up: int = 0  # open measures past due or without last quarter's follow-up
    perspectives: tuple[PerspectiveSummary, ...] = ()

    @property
    def exists(self) -> bool:
        return self.programme_id is not None

    @property
    def period_label(self) -> str:
        return f"{self.start_year}\u2013{self.end_year}" if self.programme_id else ""

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status, translated label, count) in the order of the statuses."""
        return [
            (value, label, self.measures_by_status.get(value, 0))
            for value, label in MeasureStatus.choices
        ]

    @property
    def done_share(self) -> int | None:
        """Whole per cent of the measures (cancelled ones left out) that are done, halves
        rounded up; 100 only when all are done and 0 only when none is."""
        counted = self.measure_count - self.measures_by_status.get(MeasureStatus.CANCELLED, 0)
        if counted <= 0:
            return None
        done = self.measures_by_status.get(MeasureStatus.DONE, 0)
        if done <= 0 or done >= counted:
            return 0 if done <= 0 else 100
        share = (Decimal(100 * done) / counted).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return min(max(int(share), 1), 99)


# --- Programmes ------------------------------------------------------------------------------


def programmes_for_county(*, county_id: int) -> QuerySet[ParticipationProgramme]:
    return ParticipationProgramme.objects.filter(county_id=county_id).order_by("-start_year", "-id")


def _pick_current(programmes: list[ParticipationProgramme], year: int) -> ParticipationProgramme:
    """The one whose period covers `year`, else the latest that has started, else the first to
    come. `programmes` is ordered newest start first."""
    for programme in programmes:
        if programme.start_year <= year <= programme.end_year:
            return programme
    started = [p for p in programmes if p.start_year <= year]
    return started[0] if started else programmes[-1]


def current_programme(
    *, county_id: int, approved_only: bool = False, year: int | None = None
) -> ParticipationProgramme | None:
    """The county's current approved programme (the one whose period covers `year`, by default
    this year); without an approved one and unless `approved_only`, the newest draft. One query."""
    year = year if year is not None else timezone.localdate().year
    programmes = list(programmes_for_county(county_id=county_id))
    approved = [p for p in programmes if p.is_approved]
    if approved:
        return _pick_current(approved, year)
    if approved_only or not programmes:
        return None
    return programmes[0]


def approved_programme(*, county_id: int, programme_id: int) -> ParticipationProgramme | None:
    return ParticipationProgramme.objects.filter(
        county_id=county_id, pk=programme_id, status=ParticipationProgramme.Status.APPROVED
    ).first()


def targets_for(*, county_id: int) -> dict[str, Target]:
    """Indicator code -> the target set for it in the county's current programme (approved, else
    the newest). When two goals target the same indicator, the first goal in the programme's
    order wins. Two queries."""
    programme = current_programme(county_id=county_id)
    if programme is None:
        return {}
    rows = (
        GoalIndicator.objects.filter(goal__perspective__programme=programme)
        .select_related("goal")
        .order_by(
            "goal__perspective__position", "goal__perspective_id", "goal__position", "goal_id", "id"
        )
    )
    targets: dict[str, Target] = {}
    for row in rows:
        targets.setdefault(row.code, _target(row))
    return targets


def _target(row: GoalIndicator) -> Target:
    return Target(
        code=row.code,
        baseline=row.baseline,
        baseline_year=row.baseline_year,
        target=row.target,
        target_year=row.target_year,
        goal_id=row.goal_id,
        goal_title=row.goal.title,
    )


# --- The tree ---------------------------------------------------------------------------------


def programme_tree(
    programme: ParticipationProgramme, *, with_people: bool = False
) -> list[ProgrammePerspective]:
    """Perspectives with goals, their indicators, measures and follow-ups prefetched: five
    queries. `with_people` also loads the responsible person (never on public pages)."""
    measure_related = ["responsible_unit"] + (["responsible_person"] if with_people else [])
    measures = Measure.objects.select_related(*measure_related).prefetch_related(
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("-year", "-quarter"))
    )
    goals = Goal.objects.prefetch_related(
        Prefetch("indicators", queryset=GoalIndicator.objects.order_by("id")),
        Prefetch("measures", queryset=measures),
    )
    return list(
        programme.perspectives.prefetch_related(Prefetch("goals", queryset=goals)).order_by(
            "position", "id"
        )
    )


def _follow_up_summary(entry: FollowUp) -> FollowUpSummary:
    return FollowUpSummary(
        year=entry.year,
        quarter=entry.quarter,
        status=entry.status,
        status_label=str(entry.get_status_display()),
        note=entry.note,
        links=tuple(entry.links),
    )


def _summarise(
    programme: ParticipationProgramme | None,
    *,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> ProgrammeSummary:
    if programme is None:
        return ProgrammeSummary(measures_by_status=dict.fromkeys(MeasureStatus.values, 0))
    counts: Counter[str] = Counter(dict.fromkeys(MeasureStatus.values, 0))
    needing = 0
    perspectives = []
    for perspective in programme_tree(programme):
        goals = []
        for goal in perspective.goals.all():
            measures = []
            for measure in goal.measures.all():
                entries = list(measure.follow_ups.all())
                status = measure.status
                in_period = entries
                if start is not None and end is not None:
                    # At the period's end a measure stood where its last follow-up up to then
                    # left it; with follow-ups only after the period, it had not started.
                    upto = [e for e in entries if Quarter(e.year, e.quarter).start <= end]
                    in_period = [e for e in upto if Quarter(e.year, e.quarter).start >= start]
                    if upto:
                        status = upto[0].status
                    elif entries:
                        status = MeasureStatus.PLANNED
                    entries = upto
                due = programme.is_approved and follow_up_due(
                    today=today,
                    status=status,
                    starts_on=measure.starts_on,
                    due_on=measure.due_on,
                    programme_start_year=programme.start_year,
                    programme_end_year=programme.end_year,
                    recorded={(e.year, e.quarter) for e in entries},
                )
                counts[status] += 1
                needing += bool(due)
                summaries = tuple(_follow_up_summary(e) for e in in_period)
                measures.append(
                    MeasureSummary(
                        id=measure.pk,
                        title=measure.title,
                        status=status,
                        status_label=str(MeasureStatus(status).label),
                        responsible_unit_id=measure.responsible_unit_id,
                        responsible_unit_path=(
                            measure.responsible_unit.path if measure.responsible_unit else None
                        ),
                        responsible_unit=(
                            measure.responsible_unit.name if measure.responsible_unit else ""
                        ),
                        starts_on=measure.starts_on,
                        due_on=measure.due_on,
                        hours=measure.hours,
                        last_follow_up=summaries[0] if summaries else None,
                        follow_ups=summaries,
                        needs_follow_up=bool(due),
                    )
                )
            goals.append(
                GoalSummary(
                    id=goal.pk,
                    title=goal.title,
                    description=goal.description,
                    indicators=tuple(
                        Target(
                            code=i.code,
                            baseline=i.baseline,
                            baseline_year=i.baseline_year,
                            target=i.target,
                            target_year=i.target_year,
                            goal_id=goal.pk,
                            goal_title=goal.title,
                        )
                        for i in goal.indicators.all()
                    ),
                    measures=tuple(measures),
                )
            )
        perspectives.append(
            PerspectiveSummary(
                id=perspective.pk,
                kind=perspective.kind,
                title=perspective.title,
                goals=tuple(goals),
            )
        )
    return ProgrammeSummary(
        programme_id=programme.pk,
        title=programme.title,
        description=programme.description,
        start_year=programme.start_year,
        end_year=programme.end_year,
        status=programme.status,
        approval_body=programme.approval_body,
        approved_on=programme.approved_on,
        minutes_url=programme.minutes_url,
        measure_count=sum(counts.values()),
        measures_by_status=dict(counts),
        needs_follow_up=needing,
        perspectives=tuple(perspectives),
    )


def programme_summary(*, county_id: int, today: date) -> ProgrammeSummary:
    """The county's current programme (approved, else the newest draft) with its progress on
    `today`. Six queries."""
    programme = current_programme(county_id=county_id, year=today.year)
    return _summarise(programme, today=today)


def programme_progress_for_period(*, county_id: int, start: date, end: date) -> ProgrammeSummary:
    """The same for a report period: the programme current at the period's end, follow-ups of
    the quarters that start within the period, each measure's status as its last follow-up up to
    the period's end left it (planned if its follow-ups all come later; its status now if it has
    none), and "needs follow-up" as of the day after the period."""
    programme = current_programme(county_id=county_id, year=end.year)
    return _summarise(programme, today=end + timedelta(days=1), start=start, end=end)


def summary_of(programme: ParticipationProgramme, *, today: date) -> ProgrammeSummary:
    """The summary of a given programme (the public page of an older programme)."""
    return _summarise(programme, today=today)


# --- Follow-up --------------------------------------------------------------------------------


def measures_due_for_follow_up(*, county_id: int, today: date) -> QuerySet[Measure]:
    """Open measures of the county's approved programmes that are past their due date or lack a
    follow-up for the quarter that ended last (the rule of `quarters.follow_up_due`)."""
    last = previous_quarter(today)
    recorded = FollowUp.objects.filter(measure=OuterRef("pk"), year=last.year, quarter=last.quarter)
    missing = (
        Q(goal__perspective__programme__start_year__lte=last.year)
        & Q(goal__perspective__programme__end_year__gte=last.year)
        & (Q(starts_on__isnull=True) | Q(starts_on__lte=last.end))
        & ~Exists(recorded)
    )
    return (
        Measure.objects.open()
        .filter(
            goal__perspective__programme__county_id=county_id,
            goal__perspective__programme__status=ParticipationProgramme.Status.APPROVED,
        )
        .filter(Q(due_on__lt=today) | missing)
    )


def measures_followed_by(actor: Actor, *, county_id: int) -> QuerySet[Measure]:
    """Measures of approved programmes the actor follows up: all of the county's for
    coordinators; otherwise those they are responsible for or whose unit they manage."""
    qs = Measure.objects.filter(
        goal__perspective__programme__county_id=county_id,
        goal__perspective__programme__status=ParticipationProgramme.Status.APPROVED,
    )
    if actor.is_coordinator:
        return qs
    condition = Q(pk__in=[])
    if actor.person_id:
        condition |= Q(responsible_person_id=actor.person_id)
    if actor.is_manager and actor.unit_path:
        condition |= Q(responsible_unit__path__startswith=actor.unit_path)
    return qs.filter(condition)


def follow_up_list(actor: Actor, *, county_id: int, today: date) -> list[Measure]:
    """The actor's measures, those needing follow-up first, with `needs_follow_up` set. Two
    queries."""
    due_ids = set(
        measures_due_for_follow_up(county_id=county_id, today=today).values_list("pk", flat=True)
    )
    measures = list(
        measures_followed_by(actor, county_id=county_id)
        .select_related("responsible_unit", "responsible_person", "goal__perspective__programme")
        .order_by("due_on", "id")
    )
    for measure in measures:
        measure.needs_follow_up = measure.pk in due_ids
    return sorted(measures, key=lambda m: (not m.needs_follow_up, m.due_on or date.max, m.pk))


@dataclass(frozen=True)
class ProgrammeFollowUp:
    """A programme of the follow-up list and where its period stands on the day."""

    programme: ParticipationProgramme
    period: FollowUpPeriod


def follow_up_periods(measures: list[Measure], *, today: date) -> list[ProgrammeFollowUp]:
    """The programmes of the listed measures (from `follow_up_list`, no query), newest first,
    each with the quarter its follow-up stands at on `today`: the one that ended last while
    the programme runs, its last quarter once its period has ended."""
    programmes = {m.goal.perspective.programme.pk: m.goal.perspective.programme for m in measures}
    ordered = sorted(programmes.values(), key=lambda p: (-p.start_year, -p.pk))
    return [
        ProgrammeFollowUp(
            programme=p,
            period=follow_up_period(today=today, start_year=p.start_year, end_year=p.end_year),
        )
        for p in ordered
    ]


def follow_ups_of(measure: Measure) -> list[FollowUp]:
    return list(measure.follow_ups.select_related("recorded_by").order_by("-year", "-quarter"))


# --- History ----------------------------------------------------------------------------------


def programme_history(programme: ParticipationProgramme) -> QuerySet[ProgrammeChange]:
    return programme.changes.select_related("changed_by").order_by("-changed_at", "-id")


# --- Indicators with their current values ---------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    """A goal indicator ready to show: names and values as text in the current language."""

    code: str
    name: str
    definition: str
    unit: str
    baseline: str
    baseline_year: int | None
    target: str
    target_year: int
    current: str
    has_current: bool


CURRENT_PERIOD_DAYS = 365


def current_period(today: date):  # type: ignore[no-untyped-def]
    """The last twelve months up to `today`: what "current value" means on programme pages."""
    from kuulu.indicators.types import Period

    return Period(today - timedelta(days=CURRENT_PERIOD_DAYS - 1), today)


def indicator_rows(
    *, county_id: int, targets: list[Target], today: date
) -> dict[tuple[int, str], IndicatorRow]:
    """(goal id, code) -> the row, with the current value over the last twelve months from the
    indicators app ("no data" when there is none)."""
    from kuulu.indicators import selectors as indicators
    from kuulu.indicators.types import IndicatorValue, Scope

    if not targets:
        return {}
    catalogue = {d.code: d for d in indicators.indicator_catalogue(county_id=county_id)}
    codes = sorted({t.code for t in targets if t.code in catalogue})
    values = (
        indicators.indicator_values(
            scope=Scope(county_id=county_id),
            period=current_period(today),
            codes=codes,
            today=today,
        )
        if codes
        else {}
    )
    rows = {}
    for target in targets:
        definition = catalogue.get(target.code)
        unit = definition.unit if definition else ""
        current = values.get(target.code, IndicatorValue(target.code, None))
        rows[(target.goal_id, target.code)] = IndicatorRow(
            code=target.code,
            name=str(definition.name) if definition else target.code,
            definition=str(definition.definition) if definition else "",
            unit=unit,
            baseline=indicators.format_value(IndicatorValue(target.code, target.baseline), unit),
            baseline_year=target.baseline_year,
            target=indicators.format_value(IndicatorValue(target.code, target.target), unit),
            target_year=target.target_year,
            current=indicators.format_value(current, unit),
            has_current=current.value is not None,
        )
    return rows
