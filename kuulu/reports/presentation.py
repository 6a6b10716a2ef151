"""A report's content laid out in one language: sections of headings, text, charts and tables.

The web page, the PDF and the API read this one layout, so the three always show the same
figures with the same labels. Pure layout over `content.ReportContent`; no database access.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kuulu.core.charts import BAR_AREA, LABEL_WIDTH, BarChart, horizontal_bars
from kuulu.reports.content import IndicatorFigures, ReportContent, pick
from kuulu.reports.models import SECTIONS, Report

SECTION_HEADINGS = {
    "summary": gettext_lazy("Summary"),
    "programme": gettext_lazy("Participation programme"),
    "indicators": gettext_lazy("Indicators"),
    "outcomes": gettext_lazy("What came of participation"),
    "initiatives": gettext_lazy("Initiatives"),
    "councils": gettext_lazy("Councils heard"),
}

PERSPECTIVES = {
    "information": gettext_lazy("Information and transactions"),
    "service": gettext_lazy("The service situation"),
    "development": gettext_lazy("Development"),
    "strategy": gettext_lazy("The strategy level"),
}

TENTH = Decimal("0.1")
DASH = "\u2013"  # an en dash: empty cells and ranges

UNIT_SUFFIX = {
    "%": " %",
    "days": gettext_lazy(" days"),
    "hours": gettext_lazy(" h"),
    "score": "",
    "count": "",
}


@dataclass(frozen=True)
class Table:
    """Rows start with their header cell (`<th scope="row">`)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    """Horizontal bars, optionally with a target drawn as a vertical line across them."""

    title: str
    items: tuple[tuple[str, float], ...]
    maximum: float | None
    suffix: str
    target: float | None = None
    target_label: str = ""

    @property
    def top(self) -> float:
        if self.maximum is not None:
            return self.maximum
        values = [v for _label, v in self.items] + ([self.target] if self.target else [])
        return max(values, default=0.0)

    @property
    def bars(self) -> BarChart:
        return horizontal_bars(list(self.items), maximum=self.top or None, suffix=self.suffix)

    @property
    def target_share(self) -> float | None:
        """Where the target line stands, as a share (0-1) of the bar area."""
        if self.target is None or not self.top:
            return None
        return min(max(self.target / self.top, 0.0), 1.0)

    @property
    def target_x(self) -> float | None:
        share = self.target_share
        return None if share is None else round(LABEL_WIDTH + share * BAR_AREA, 1)


@dataclass(frozen=True)
class Block:
    heading: str
    text: str
    chart: Chart | None
    tables: tuple[Table, ...]
    anchor: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    narrative: str
    narrative_language: str
    available: bool
    intro: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Layout:
    language: str
    title: str
    county: str
    period: str
    sections: tuple[Section, ...]


def format_number(value: float | None, unit: str = "", *, suppressed: bool = False) -> str:
    """A figure as people read it in the active language: one decimal at most, a decimal comma
    in Finnish and Swedish, the unit after it; "no data" for None."""
    if suppressed:
        return _("fewer than 5")
    if value is None:
        return _("no data")
    # Halves round up, as the indicators themselves do (`sources.common.half_up`); the float
    # format rounded 12.25 (a manual indicator's value) down to 12.2 and 0.15 to 0.1.
    number = Decimal(repr(float(value))).quantize(
        TENTH, rounding=ROUND_HALF_UP, context=Context(prec=400)
    )
    number = number if number else Decimal(0)  # -0.04 is 0, not "-0"
    text = f"{number:.0f}" if number == number.to_integral_value() else f"{number:.1f}"
    if (translation.get_language() or "fi") in ("fi", "sv"):
        text = text.replace(".", ",").replace("-", "\u2212")
    return f"{text}{UNIT_SUFFIX.get(unit, '')}"


def format_day(iso: str | None) -> str:
    return date_format(date.fromisoformat(iso), "j.n.Y") if iso else DASH


def report_title(year: int) -> str:
    return _("Participation report %(year)s") % {"year": year}


def narrative(report: Report, section: str, language: str) -> tuple[str, str]:
    """The coordinator's text of a section in the language, else in Finnish: (text, the
    language it is in), so pages can mark a Finnish fallback with lang="fi"."""
    own = getattr(report, f"{section}_text_{language}", "") or ""
    if own:
        return own, language
    return getattr(report, f"{section}_text_fi", "") or "", "fi"


def layout(report: Report, content: ReportContent) -> Layout:
    """The report in the active language."""
    language = translation.get_language() or "fi"
    builders = {
        "summary": _summary,
        "programme": _programme,
        "indicators": _indicators,
        "outcomes": _outcomes,
        "initiatives": _initiatives,
        "councils": _councils,
    }
    sections = []
    for key in SECTIONS:
        available, intro, blocks = builders[key](content)
        text, text_language = narrative(report, key, language)
        sections.append(
            Section(
                key=key,
                heading=str(SECTION_HEADINGS[key]),
                narrative=text,
                narrative_language=text_language,
                available=available,
                intro=intro,
                blocks=tuple(blocks),
            )
        )
    return Layout(
        language=language,
        title=report_title(report.year),
        county=pick(content.county, language),
        period=f"{format_day(content.start)}{DASH}{format_day(content.end)}",
        sections=tuple(sections),
    )


def _summary(content: ReportContent) -> tuple[bool, str, list[Block]]:
    rows = []
    if content.programme.available:
        done = next((c.count for c in content.programme.measure_counts if c.status == "done"), 0)
        total = sum(c.count for c in content.programme.measure_counts)
        rows.append((_("Programme measures done"), f"{done} / {total}"))
    if content.indicators.available:
        rows.append((_("Indicators followed"), str(len(content.indicators.items))))
    if content.outcomes.available:
        rows.append((_("Outcomes published"), str(len(content.outcomes.items))))
    if content.initiatives.available:
        rows.append((_("Initiatives received"), str(content.initiatives.received)))
    if content.councils.available:
        rows.append(
            (_("Statements requested from councils"), str(content.councils.totals["requests"]))
        )
    table = Table(
        caption=_("The year in figures"), header=(_("Figure"), _("Value")), rows=tuple(rows)
    )
    return True, "", [Block(heading="", text="", chart=None, tables=(table,))]


def _programme(content: ReportContent) -> tuple[bool, str, list[Block]]:
    programme = content.programme
    if not programme.available:
        return False, "", []
    intro = f"{pick(programme.title)} ({programme.period})"
    counts = [(pick(c.label), c.count) for c in programme.measure_counts]
    blocks = [
        Block(
            heading=_("Measures by status"),
            text="",
            chart=Chart(
                title=_("Measures by status; the same figures are in the table below."),
                items=tuple((label, float(count)) for label, count in counts),
                maximum=None,
                suffix="",
            ),
            tables=(
                Table(
                    caption=_("Measures by status"),
                    header=(_("Status"), _("Measures")),
                    rows=(
                        *((label, str(count)) for label, count in counts),
                        (_("Needing follow-up"), str(programme.overdue)),
                    ),
                ),
            ),
        )
    ]
    for perspective in programme.perspectives:
        rows = []
        for goal in perspective.goals:
            for measure in goal.measures:
                rows.append(
                    (
                        pick(measure.title),
                        pick(goal.title),
                        pick(measure.status_label),
                        pick(measure.unit) or DASH,
                        measure.last_follow_up or DASH,
                    )
                )
        label = pick(perspective.label) or str(PERSPECTIVES.get(perspective.code, ""))
        blocks.append(
            Block(
                heading=label,
                text="",
                chart=None,
                tables=(
                    Table(
                        caption=_("Measures: %(perspective)s") % {"perspective": label},
                        header=(
                            _("Measure"),
                            _("Goal"),
                            _("Status"),
                            _("Responsible unit"),
                            _("Last follow-up"),
                        ),
                        rows=tuple(rows),
                    ),
                )
                if rows
                else (),
            )
        )
    return True, intro, blocks


def indicator_block(item: IndicatorFigures) -> Block:
    name = pick(item.name)
    chart_items = tuple((q.label, q.value) for q in item.quarters if q.value is not None)
    rows = [
        (q.label, format_number(q.value, item.unit, suppressed=q.suppressed)) for q in item.quarters
    ]
    rows.append(
        (_("Whole period"), format_number(item.value, item.unit, suppressed=item.suppressed))
    )
    if item.target is not None:
        target = item.target
        if target.baseline is not None:
            rows.append(
                (
                    _("Baseline %(year)s") % {"year": target.baseline_year or ""},
                    format_number(target.baseline, item.unit),
                )
            )
        rows.append(
            (
                _("Target %(year)s") % {"year": target.target_year},
                format_number(target.target, item.unit),
            )
        )
    direction = _("higher is better") if item.direction == "higher" else _("lower is better")
    return Block(
        heading=name,
        anchor=f"indicator-{item.code}",
        text=f"{pick(item.definition)} ({direction})",
        chart=Chart(
            title=_("%(name)s by quarter; the same figures are in the table below.")
            % {"name": name},
            items=tuple((label, float(value)) for label, value in chart_items),
            maximum=100.0 if item.unit == "%" else None,
            suffix=" %" if item.unit == "%" else "",
            target=item.target.target if item.target else None,
            target_label=(
                _("Target %(year)s: %(value)s")
                % {
                    "year": item.target.target_year,
                    "value": format_number(item.target.target, item.unit),
                }
                if item.target
                else ""
            ),
        )
        if chart_items
        else None,
        tables=(
            Table(
                caption=_("%(name)s by quarter") % {"name": name},
                header=(_("Period"), _("Value")),
                rows=tuple(rows),
            ),
        ),
    )


def _indicators(content: ReportContent) -> tuple[bool, str, list[Block]]:
    if not content.indicators.available:
        return False, "", []
    blocks = []
    for code, label in PERSPECTIVES.items():
        items = [i for i in content.indicators.items if i.perspective == code]
        if not items:
            continue
        blocks.append(
            Block(
                heading=str(label),
                text="",
                chart=None,
                tables=(
                    Table(
                        caption=_("Indicators: %(perspective)s") % {"perspective": label},
                        header=(_("Indicator"), _("Whole period"), _("Target")),
                        rows=tuple(
                            (
                                pick(i.name),
                                format_number(i.value, i.unit, suppressed=i.suppressed),
                                (
                                    f"{format_number(i.target.target, i.unit)} "
                                    f"({i.target.target_year})"
                                )
                                if i.target
                                else DASH,
                            )
                            for i in items
                        ),
                    ),
                ),
            )
        )
        blocks += [indicator_block(i) for i in items]
    return True, "", blocks


def _outcomes(content: ReportContent) -> tuple[bool, str, list[Block]]:
    outcomes = content.outcomes
    if not outcomes.available:
        return False, "", []
    counts = [(pick(c.label), c.count) for c in outcomes.counts]
    tables = [
        Table(
            caption=_("Outcomes by status"),
            header=(_("Status"), _("Outcomes")),
            rows=tuple((label, str(count)) for label, count in counts),
        )
    ]
    if outcomes.items:
        tables.append(
            Table(
                caption=_("Outcomes published in the period"),
                header=(_("Outcome"), _("Decided by"), _("Decided on"), _("Status"), _("Progress")),
                rows=tuple(
                    (
                        pick(o.title),
                        pick(o.decided_by) or DASH,
                        format_day(o.decided_on),
                        pick(o.status_label),
                        f"{o.progress} %" if o.progress is not None else DASH,
                    )
                    for o in outcomes.items
                ),
            )
        )
    chart = Chart(
        title=_("Outcomes by status; the same figures are in the table below."),
        items=tuple((label, float(count)) for label, count in counts),
        maximum=None,
        suffix="",
    )
    return (
        True,
        "",
        [Block(heading="", text="", chart=chart if counts else None, tables=tuple(tables))],
    )


def _initiatives(content: ReportContent) -> tuple[bool, str, list[Block]]:
    i = content.initiatives
    if not i.available:
        return False, "", []
    rows = (
        (_("Initiatives received"), str(i.received)),
        (_("Initiators told who handles it"), str(i.notice_sent)),
        (_("Told within one month"), str(i.notice_in_time)),
        (_("Outcome sent"), str(i.decided)),
        (_("Still open"), str(i.open)),
    )
    table = Table(
        caption=_("Initiatives received in the period"),
        header=(_("Figure"), _("Initiatives")),
        rows=rows,
    )
    return True, "", [Block(heading="", text="", chart=None, tables=(table,))]


def _councils(content: ReportContent) -> tuple[bool, str, list[Block]]:
    councils = content.councils
    if not councils.available:
        return False, "", []
    header = (
        _("Council"),
        _("Requests"),
        _("On time"),
        _("Late"),
        _("Not given"),
        _("Pending"),
        _("Responses"),
    )
    keys = ("requests", "on_time", "late", "not_given", "pending", "responses")
    rows = [(pick(row.name), *(str(getattr(row, key)) for key in keys)) for row in councils.items]
    totals = councils.totals
    rows.append((_("All councils"), *(str(totals[key]) for key in keys)))
    chart = Chart(
        title=_("Statements requested per council; the same figures are in the table below."),
        items=tuple((pick(row.name), float(row.requests)) for row in councils.items),
        maximum=None,
        suffix="",
    )
    table = Table(
        caption=_("Statements requested from councils in the period"),
        header=header,
        rows=tuple(rows),
    )
    return (
        True,
        "",
        [Block(heading="", text="", chart=chart if councils.items else None, tables=(table,))],
    )
