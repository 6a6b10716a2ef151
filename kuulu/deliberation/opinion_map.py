"""Layout of the opinion map: base clusters scaled into an SVG view box. No Django imports."""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 400
MARGIN = 30


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    group: int
    size: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    group: int


def layout(base_clusters: list[dict], *, size: int = SIZE) -> tuple[list[Dot], list[Label]]:
    if not base_clusters:
        return [], []
    xs = [c["x"] for c in base_clusters]
    ys = [c["y"] for c in base_clusters]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    inner = size - 2 * MARGIN
    biggest = max(c["size"] for c in base_clusters) or 1

    def place(x: float, y: float) -> tuple[float, float]:
        # SVG y grows downwards; flip so that the map reads like a chart.
        return (
            round(size / 2 + (x - cx) / span * inner, 2),
            round(size / 2 - (y - cy) / span * inner, 2),
        )

    dots = []
    for c in base_clusters:
        px, py = place(c["x"], c["y"])
        dots.append(
            Dot(px, py, round(3 + 9 * math.sqrt(c["size"] / biggest), 2), c["group"], c["size"])
        )
    labels = []
    for group in sorted({c["group"] for c in base_clusters}):
        members = [c for c in base_clusters if c["group"] == group]
        weight = sum(c["size"] for c in members) or 1
        gx = sum(c["x"] * c["size"] for c in members) / weight
        gy = sum(c["y"] * c["size"] for c in members) / weight
        px, py = place(gx, gy)
        labels.append(Label(px, max(py - 16, 14), chr(ord("A") + group), group))
    return dots, labels


def bars(values: list[int], *, width: int = 400, height: int = 120) -> list[dict]:
    """Bar geometry for a small column chart (participation by day)."""
    if not values:
        return []
    top = max(values) or 1
    step = width / len(values)
    return [
        {
            "x": round(i * step + step * 0.1, 2),
            "width": round(step * 0.8, 2),
            "height": round(v / top * (height - 10), 2),
            "y": round(height - v / top * (height - 10), 2),
            "value": v,
        }
        for i, v in enumerate(values)
    ]
