"""Geometry of the monthly trend line with its goal segments (one per year). Pure Python; the
template draws it as SVG, and a table with the same numbers always follows it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

WIDTH = 480
HEIGHT = 200
LEFT = 36
RIGHT = 8
TOP = 12
PLOT_H = 150
AXIS_Y = TOP + PLOT_H


@dataclass(frozen=True)
class Dot:
    x: float
    y: float


@dataclass(frozen=True)
class GoalSegment:
    x1: float
    x2: float
    y: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LineChart:
    lines: tuple[str, ...]  # SVG "points" strings; a gap (no data, suppressed) breaks the line
    dots: tuple[Dot, ...]
    goals: tuple[GoalSegment, ...]
    ticks: tuple[Tick, ...]
    top_label: str
    top_y: float
    zero_y: float
    width: int = WIDTH
    height: int = HEIGHT
    axis_y: int = AXIS_Y


def line_chart(
    months: Sequence[date],
    values: Sequence[Decimal | None],
    goals: dict[int, Decimal],
) -> LineChart:
    """`values[i]` belongs to `months[i]`; `goals` maps a year to its goal."""
    numbers = [float(v) for v in values if v is not None]
    goal_numbers = [float(g) for y, g in goals.items() if any(m.year == y for m in months)]
    top = max([*numbers, *goal_numbers, 0.0]) * 1.1 or 1.0
    slot = (WIDTH - LEFT - RIGHT) / max(len(months) - 1, 1)

    def x_of(i: int) -> float:
        return round(LEFT + i * slot, 1)

    def y_of(v: float) -> float:
        return round(TOP + PLOT_H - v / top * PLOT_H, 1)

    lines: list[str] = []
    current: list[str] = []
    dots = []
    for i, v in enumerate(values):
        if v is None:
            if current:
                lines.append(" ".join(current))
            current = []
            continue
        x, y = x_of(i), y_of(float(v))
        current.append(f"{x},{y}")
        dots.append(Dot(x, y))
    if current:
        lines.append(" ".join(current))
    segments = []
    for year in sorted({m.year for m in months}):
        if year not in goals:
            continue
        idx = [i for i, m in enumerate(months) if m.year == year]
        segments.append(
            GoalSegment(
                x_of(idx[0]) - (slot / 2 if idx[0] else 0),
                x_of(idx[-1]) + (slot / 2 if idx[-1] < len(months) - 1 else 0),
                y_of(float(goals[year])),
            )
        )
    marks = [i for i, m in enumerate(months) if m.month in (1, 7)]
    if len(months) > 36:
        marks = [i for i in marks if months[i].month == 1]
    # The first month is labelled too, unless a label follows too close to it to fit.
    if not marks or marks[0] >= 4:
        marks.insert(0, 0)
    ticks = tuple(Tick(x_of(i), f"{months[i].month}/{months[i].year}") for i in marks)
    return LineChart(
        lines=tuple(lines),
        dots=tuple(dots),
        goals=tuple(segments),
        ticks=ticks,
        top_label=f"{top:.0f}" if top >= 10 else f"{top:.1f}",
        top_y=TOP,
        zero_y=y_of(0.0),
    )
