"""Geometry of the quarterly trend chart: one column per quarter and the target as a line.
Pure Python; the template draws it, and a table with the same numbers always follows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400
HEIGHT = 180
LEFT = 8
TOP = 12
PLOT_H = 130
LABEL_Y = TOP + PLOT_H + 18


@dataclass(frozen=True)
class Column:
    label: str
    display: str
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    empty: bool


@dataclass(frozen=True)
class TrendChart:
    columns: tuple[Column, ...]
    target_y: float | None
    target_display: str
    zero_y: float
    width: int = WIDTH
    height: int = HEIGHT
    label_y: int = LABEL_Y


def trend_chart(
    points: Sequence[tuple[str, float | None, str]],
    *,
    target: float | None = None,
    target_display: str = "",
    percent: bool = False,
) -> TrendChart:
    """`points` are (label, value or None, value as text). Columns rise from zero (negative
    values such as an NPS below zero hang below it); no data draws no column."""
    values = [v for _l, v, _d in points if v is not None]
    candidates = [*values, *([target] if target is not None else []), 0.0]
    top = max(candidates + ([100.0] if percent else []))
    bottom = min(candidates)
    if top == bottom:
        top = bottom + 1
    scale = PLOT_H / (top - bottom)

    def y_of(value: float) -> float:
        return round(TOP + (top - value) * scale, 1)

    zero = y_of(0.0)
    slot = (WIDTH - LEFT) / max(len(points), 1)
    width = round(slot * 0.6, 1)
    columns = []
    for i, (label, value, display) in enumerate(points):
        x = round(LEFT + i * slot + (slot - width) / 2, 1)
        if value is None:
            columns.append(Column(label, display, x, zero, width, 0, x + width / 2, zero - 4, True))
            continue
        y = y_of(value)
        high, low = min(y, zero), max(y, zero)
        columns.append(
            Column(
                label=label,
                display=display,
                x=x,
                y=high,
                width=width,
                height=round(max(low - high, 1.0), 1),
                text_x=round(x + width / 2, 1),
                text_y=round(max(high - 3, 9), 1),
                empty=False,
            )
        )
    return TrendChart(
        columns=tuple(columns),
        target_y=y_of(target) if target is not None else None,
        target_display=target_display,
        zero_y=zero,
    )
