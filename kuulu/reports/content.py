"""The figures of a yearly report, gathered from the other apps into frozen dataclasses.

`gather_content` reads live data through the other apps' selectors (imported lazily: a section
whose selector is not there is marked unavailable instead of failing). `to_json` and `from_json`
turn the content into the JSON snapshot that publishing stores, and back, so a published report
is always rendered from its snapshot and a draft from a fresh gathering through the same path.

Text that comes from data (indicator names, outcome titles, status labels of other apps) is
stored in all three languages (`Texts`), so the snapshot renders in fi, sv and en without any
later lookup.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

SNAPSHOT_VERSION = 1
LANGUAGE_CODES = ("fi", "sv", "en")

Texts = dict[str, str]  # language code -> text


# --- Shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: Texts
    count: int


@dataclass(frozen=True)
class MeasureRow:
    title: Texts
    status: str
    status_label: Texts
    unit: Texts
    last_follow_up: str | None  # the quarter, e.g. "2025 Q3"


@dataclass(frozen=True)
class GoalRow:
    title: Texts
    indicator_codes: tuple[str, ...]
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PerspectiveRow:
    code: str
    label: Texts
    goals: tuple[GoalRow, ...]


@dataclass(frozen=True)
class ProgrammeSection:
    available: bool
    title: Texts = dataclasses.field(default_factory=dict)
    period: str = ""
    measure_counts: tuple[StatusCount, ...] = ()
    overdue: int = 0
    perspectives: tuple[PerspectiveRow, ...] = ()


@dataclass(frozen=True)
class QuarterValue:
    label: str
    start: str
    end: str
    value: float | None
    suppressed: bool = False


@dataclass(frozen=True)
class IndicatorTarget:
    baseline: float | None
    baseline_year: int | None
    target: float
    target_year: int
    goal_title: Texts


@dataclass(frozen=True)
class IndicatorFigures:
    code: str
    name: Texts
    definition: Texts
    unit: str
    perspective: str
    direction: str
    manual: bool
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool
    quarters: tuple[QuarterValue, ...]
    target: IndicatorTarget | None


@dataclass(frozen=True)
class IndicatorsSection:
    available: bool
    items: tuple[IndicatorFigures, ...] = ()


@dataclass(frozen=True)
class OutcomeRow:
    id: int
    title: Texts
    status: str
    status_label: Texts
    decided_on: str | None
    decided_by: Texts
    progress: int | None


@dataclass(frozen=True)
class OutcomesSection:
    available: bool
    counts: tuple[StatusCount, ...] = ()
    items: tuple[OutcomeRow, ...] = ()


@dataclass(frozen=True)
class InitiativesSection:
    available: bool
    received: int = 0
    notice_sent: int = 0
    notice_in_time: int = 0
    decided: int = 0
    open: int = 0


@dataclass(frozen=True)
class CouncilRow:
    name: Texts
    slug: str
    requests: int
    on_time: int
    late: int
    not_given: int
    pending: int
    responses: int


@dataclass(frozen=True)
class CouncilsSection:
    available: bool
    items: tuple[CouncilRow, ...] = ()

    @property
    def totals(self) -> dict[str, int]:
        keys = ("requests", "on_time", "late", "not_given", "pending", "responses")
        return {key: sum(getattr(row, key) for row in self.items) for key in keys}


@dataclass(frozen=True)
class ReportContent:
    version: int
    county: Texts
    start: str
    end: str
    generated_at: str
    programme: ProgrammeSection
    indicators: IndicatorsSection
    outcomes: OutcomesSection
    initiatives: InitiativesSection
    councils: CouncilsSection

    @property
    def start_date(self) -> date:
        return date.fromisoformat(self.start)

    @property
    def end_date(self) -> date:
        return date.fromisoformat(self.end)


# --- Helpers ---------------------------------------------------------------------------------


def pick(texts: Texts | None, language: str | None = None) -> str:
    """The text in `language` (default: the active one), falling back to Finnish."""
    if not texts:
        return ""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or ""


def in_each_language(make: Callable[[], Any]) -> Texts:
    """Evaluate `make()` once per language, as text."""
    result: Texts = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            value = make()
            result[code] = "" if value is None else str(value)
    return result


def field_texts(obj: Any, field: str) -> Texts:
    """A modeltranslation field in every language (empty where not written), or the plain
    value for all languages when the field is not translated."""
    if obj is None:
        return {}
    if any(hasattr(obj, f"{field}_{code}") for code in LANGUAGE_CODES):
        texts = {code: getattr(obj, f"{field}_{code}", "") or "" for code in LANGUAGE_CODES}
        if not texts["fi"]:
            texts["fi"] = str(getattr(obj, field, "") or "")
        return texts
    value = getattr(obj, field, "")
    return dict.fromkeys(LANGUAGE_CODES, "" if value is None else str(value))


def quarters_of(start: date, end: date) -> list[tuple[str, date, date]]:
    """The calendar quarters that overlap the period, clipped to it: (label, start, end)."""
    from kuulu.indicators.types import Period

    quarters = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        whole = Period.quarter(year, quarter)
        if whole.start > end:
            break
        clipped = Period(max(whole.start, start), min(whole.end, end))
        quarters.append((clipped.label, clipped.start, clipped.end))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def _selector(module: str, name: str) -> Callable[..., Any] | None:
    """Another app's selector, or None while that app has not landed it."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ImportError:
        return None
    return getattr(mod, name, None)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


# --- Gathering -------------------------------------------------------------------------------


def gather_content(*, county: Any, start: date, end: date, today: date) -> ReportContent:
    """Every figure of the report for the county and period, read live."""
    return ReportContent(
        version=SNAPSHOT_VERSION,
        county=field_texts(county, "name"),
        start=start.isoformat(),
        end=end.isoformat(),
        generated_at=timezone.now().isoformat(timespec="seconds"),
        programme=programme_section(county_id=county.pk, start=start, end=end),
        indicators=indicators_section(county_id=county.pk, start=start, end=end, today=today),
        outcomes=outcomes_section(county_id=county.pk, start=start, end=end),
        initiatives=initiatives_section(county_id=county.pk, start=start, end=end),
        councils=councils_section(county_id=county.pk, start=start, end=end, today=today),
    )


def programme_section(*, county_id: int, start: date, end: date) -> ProgrammeSection:
    """The programme current at the period's end, with the measures' status as the period left
    them (`programme.selectors.programme_progress_for_period`)."""
    progress = _selector("kuulu.programme.selectors", "programme_progress_for_period")
    if progress is None:
        return ProgrammeSection(available=False)
    # The summary carries text in the active language: read it once per language. Each read
    # is a fixed handful of queries.
    summaries = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            summaries[code] = progress(county_id=county_id, start=start, end=end)
    fi = summaries["fi"]
    if fi.programme_id is None:
        return ProgrammeSection(available=False)

    def texts(get: Callable[[Any], Any]) -> Texts:
        return {code: str(get(summaries[code]) or "") for code in LANGUAGE_CODES}

    labels = {
        code: {v: str(lbl) for v, lbl, _n in summaries[code].status_rows} for code in LANGUAGE_CODES
    }
    counts = tuple(
        StatusCount(
            status=status,
            label={code: labels[code][status] for code in LANGUAGE_CODES},
            count=count,
        )
        for status, _label, count in fi.status_rows
    )
    perspectives = []
    for pi, perspective in enumerate(fi.perspectives):
        goals = []
        for gi, goal in enumerate(perspective.goals):
            measures = []
            for mi, measure in enumerate(goal.measures):

                def m(get: Callable[[Any], Any], pi=pi, gi=gi, mi=mi) -> Texts:
                    return texts(lambda s: get(s.perspectives[pi].goals[gi].measures[mi]))

                last = measure.last_follow_up
                measures.append(
                    MeasureRow(
                        title=m(lambda x: x.title),
                        status=measure.status,
                        status_label=m(lambda x: x.status_label),
                        unit=m(lambda x: x.responsible_unit),
                        last_follow_up=last.label if last is not None else None,
                    )
                )
            goals.append(
                GoalRow(
                    title=texts(lambda s, pi=pi, gi=gi: s.perspectives[pi].goals[gi].title),
                    indicator_codes=tuple(t.code for t in goal.indicators),
                    measures=tuple(measures),
                )
            )
        perspectives.append(
            PerspectiveRow(
                code=perspective.kind,
                label=texts(lambda s, pi=pi: s.perspectives[pi].title),
                goals=tuple(goals),
            )
        )
    return ProgrammeSection(
        available=True,
        title=texts(lambda s: s.title),
        period=fi.period_label,
        measure_counts=counts,
        overdue=fi.needs_follow_up,
        perspectives=tuple(perspectives),
    )


def indicators_section(*, county_id: int, start: date, end: date, today: date) -> IndicatorsSection:
    """Every indicator of the county's catalogue over the period and its quarters, with the
    programme's target for it."""
    catalogue = _selector("kuulu.indicators.selectors", "indicator_catalogue")
    values = _selector("kuulu.indicators.selectors", "indicator_values")
    trend = _selector("kuulu.indicators.selectors", "indicator_trend")
    if catalogue is None or values is None or trend is None:
        return IndicatorsSection(available=False)
    from kuulu.indicators.types import Period, Scope

    definitions = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            definitions[code] = {d.code: d for d in catalogue(county_id=county_id)}
    targets_for = _selector("kuulu.programme.selectors", "targets_for")
    targets: dict[str, Any] = {}
    if targets_for is not None:
        targets = {}
        for code in LANGUAGE_CODES:
            with translation.override(code):
                targets[code] = targets_for(county_id=county_id) or {}
    scope = Scope(county_id=county_id)
    period = Period(start, end)
    quarters = [Period(q_start, q_end) for _, q_start, q_end in quarters_of(start, end)]
    codes = list(definitions["fi"])
    year_values = values(scope=scope, period=period, codes=codes, today=today)
    # All indicators over all quarters at once where the indicators app offers it.
    series = _selector("kuulu.indicators.selectors", "indicator_series")
    by_quarter = (
        series(scope=scope, periods=quarters, codes=codes, today=today)
        if series is not None
        else {code: trend(scope=scope, code=code, periods=quarters, today=today) for code in codes}
    )
    items = []
    for code in codes:
        definition = definitions["fi"][code]
        value = year_values.get(code)
        points = by_quarter.get(code) or [None] * len(quarters)
        target = targets.get("fi", {}).get(code) if targets else None
        items.append(
            IndicatorFigures(
                code=code,
                name={c: str(definitions[c][code].name) for c in LANGUAGE_CODES},
                definition={c: str(definitions[c][code].definition) for c in LANGUAGE_CODES},
                unit=str(definition.unit),
                perspective=str(definition.perspective),
                direction=str(definition.direction),
                manual=bool(definition.manual),
                value=_number(value.value) if value else None,
                numerator=_number(value.numerator) if value else None,
                denominator=_number(value.denominator) if value else None,
                suppressed=bool(value.suppressed) if value else False,
                quarters=tuple(
                    QuarterValue(
                        label=q.label,
                        start=q.start.isoformat(),
                        end=q.end.isoformat(),
                        value=_number(point.value) if point is not None else None,
                        suppressed=bool(point.suppressed) if point is not None else False,
                    )
                    for q, point in zip(quarters, points, strict=True)
                ),
                target=None
                if target is None
                else IndicatorTarget(
                    baseline=_number(target.baseline),
                    baseline_year=target.baseline_year,
                    target=float(target.target),
                    target_year=int(target.target_year),
                    goal_title={
                        c: str(targets[c][code].goal_title) if code in targets[c] else ""
                        for c in LANGUAGE_CODES
                    },
                ),
            )
        )
    return IndicatorsSection(available=True, items=tuple(items))


def outcomes_section(*, county_id: int, start: date, end: date) -> OutcomesSection:
    published = _selector("kuulu.outcomes.selectors", "published_outcomes")
    by_status = _selector("kuulu.outcomes.selectors", "outcome_counts_by_status")
    if published is None or by_status is None:
        return OutcomesSection(available=False)
    outcomes = list(published(county_id=county_id, start=start, end=end))
    counts = by_status(county_id=county_id, start=start, end=end)
    labels: dict[str, Texts] = {}
    try:
        from kuulu.outcomes.models import Outcome

        choices = Outcome.Status
        for status in counts:
            labels[status] = in_each_language(lambda s=status: choices(s).label)
    except (ImportError, AttributeError, ValueError):
        labels = {}
    rows = []
    for outcome in outcomes:
        status = str(getattr(outcome, "status", ""))
        decided_on = getattr(outcome, "decided_on", None) or getattr(outcome, "decided_at", None)
        get_label = getattr(outcome, "get_status_display", None)
        rows.append(
            OutcomeRow(
                id=outcome.pk,
                title=field_texts(outcome, "title"),
                status=status,
                status_label=labels.get(status)
                or (
                    in_each_language(get_label)
                    if get_label
                    else dict.fromkeys(LANGUAGE_CODES, status)
                ),
                decided_on=_iso(decided_on),
                decided_by=field_texts(outcome, "decided_by"),
                progress=getattr(outcome, "progress", None),
            )
        )
    return OutcomesSection(
        available=True,
        counts=tuple(
            StatusCount(
                status=str(status),
                label=labels.get(status) or dict.fromkeys(LANGUAGE_CODES, str(status)),
                count=int(count),
            )
            for status, count in counts.items()
        ),
        items=tuple(rows),
    )


def _years(start: date, end: date) -> range:
    return range(start.year, end.year + 1)


def initiatives_section(*, county_id: int, start: date, end: date) -> InitiativesSection:
    """Initiatives received in the period (feedback's yearly initiatives report, narrowed to
    the period when it is not a calendar year)."""
    report = _selector("kuulu.feedback.selectors", "initiatives_report")
    if report is None:
        return InitiativesSection(available=False)
    from kuulu.feedback.models import Initiative

    rows = []
    for year in _years(start, end):
        _summary, initiatives = report(county_id, year)
        rows += [i for i in initiatives if start <= timezone.localdate(i.received_at) <= end]
    return InitiativesSection(
        available=True,
        received=len(rows),
        notice_sent=sum(1 for i in rows if i.handler_notice_sent_on),
        notice_in_time=sum(
            1
            for i in rows
            if i.handler_notice_sent_on and i.handler_notice_sent_on <= i.handler_notice_due
        ),
        decided=sum(1 for i in rows if i.status == Initiative.Status.DECIDED),
        open=sum(1 for i in rows if i.status != Initiative.Status.DECIDED),
    )


def councils_section(*, county_id: int, start: date, end: date, today: date) -> CouncilsSection:
    """Statement requests to the county's published statutory councils made in the period,
    per council, by the channels' yearly-report rule (on time, late, not given, pending)."""
    yearly_report = _selector("kuulu.channels.selectors", "yearly_report")
    if yearly_report is None:
        return CouncilsSection(available=False)
    from kuulu.channels.models import Channel

    councils = Channel.objects.filter(
        county_id=county_id, kind=Channel.Kind.STATUTORY_COUNCIL, is_published=True
    ).order_by("name", "id")
    items = []
    for council in councils:
        tally = dict.fromkeys(
            ("requests", "on_time", "late", "not_given", "pending", "responses"), 0
        )
        for year in _years(start, end):
            report = yearly_report(council, year, today=today)
            if date(year, 1, 1) >= start and date(year, 12, 31) <= end:
                for key in tally:
                    tally[key] += getattr(report, key)
                continue
            for row in report.rows:
                if not start <= row.requested_on <= end:
                    continue
                tally["requests"] += 1
                statement = getattr(row, "statement", None)
                if statement is None:
                    tally["not_given" if row.deadline < today else "pending"] += 1
                elif statement.given_on > row.deadline:
                    tally["late"] += 1
                else:
                    tally["on_time"] += 1
                if getattr(row, "response", None) is not None:
                    tally["responses"] += 1
        items.append(CouncilRow(name=field_texts(council, "name"), slug=council.slug, **tally))
    return CouncilsSection(available=True, items=tuple(items))


# --- JSON ------------------------------------------------------------------------------------


def to_json(content: ReportContent) -> dict[str, Any]:
    """The content as plain JSON types (tuples become lists), exactly as stored."""
    return json.loads(json.dumps(dataclasses.asdict(content)))


def _build(kind: Any, data: Any) -> Any:
    origin = typing.get_origin(kind)
    if origin in (types.UnionType, typing.Union):
        if data is None:
            return None
        inner = [k for k in typing.get_args(kind) if k is not type(None)]
        return _build(inner[0], data)
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(kind)
        return tuple(_build(inner, item) for item in data)
    if origin is dict:
        return dict(data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _build(hints[k], v) for k, v in data.items() if k in names})
    if kind is float and data is not None:
        return float(data)
    return data


def from_json(data: dict[str, Any]) -> ReportContent:
    """The content back from a snapshot."""
    return _build(ReportContent, data)


def default_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1) - timedelta(days=1)
