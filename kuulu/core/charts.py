"""Geometry for simple server-drawn SVG bar charts. No Django: templates draw what this computes.

Every chart is shown next to a table with the same numbers (see includes/bar_chart.html), so the
chart itself is decoration for sighted users and carries only a short title for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400
LABEL_WIDTH = 150
BAR_AREA = 200
ROW = 26


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str
    y: int
    width: float
    text_x: float
    text_y: int


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    height: int
    bar_x: int = LABEL_WIDTH
    width: int = WIDTH


def _short(label: str, limit: int = 22) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def horizontal_bars(
    items: Sequence[tuple[str, float]], *, maximum: float | None = None, suffix: str = ""
) -> BarChart:
    """One bar per (label, value). Bars scale to `maximum` (default: the largest value), so
    shares use maximum=100. Negative values draw as empty bars."""
    top = maximum if maximum is not None else max((v for _, v in items), default=0)
    bars = []
    for i, (label, value) in enumerate(items):
        width = (max(value, 0) / top * BAR_AREA) if top else 0.0
        width = min(width, BAR_AREA)
        y = 8 + i * ROW
        shown = f"{value:g}{suffix}"
        bars.append(
            Bar(
                label=_short(label),
                value=value,
                display=shown,
                y=y,
                width=round(width, 1),
                text_x=round(LABEL_WIDTH + width + 4, 1),
                text_y=y + 14,
            )
        )
    return BarChart(bars=tuple(bars), height=16 + len(bars) * ROW)
