"""The options-by-effects matrix of an impact assessment in advance, as plain data.

No Django imports. A matrix is {"options": [...], "groups": [...], "cells": {key: text}} where
the key of a cell is `cell_key(option_index, group_index)`; cells of removed rows are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_LINES = 12


def lines(text: str) -> list[str]:
    """Non-empty, distinct lines of `text`, in order, at most MAX_LINES of 200 characters."""
    seen: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip()[:200]
        if line and line not in seen:
            seen.append(line)
    return seen[:MAX_LINES]


def cell_key(option: int, group: int) -> str:
    return f"{option}-{group}"


def build(options: list[str], groups: list[str], cells: Mapping[str, str]) -> dict[str, Any]:
    """A matrix keeping only the cells inside the options-by-groups grid, trimmed."""
    kept = {
        cell_key(o, g): (cells.get(cell_key(o, g)) or "").strip()
        for o in range(len(options))
        for g in range(len(groups))
    }
    return {"options": options, "groups": groups, "cells": kept}


def is_complete(matrix: Mapping[str, Any] | None) -> bool:
    """At least one option and one group, and every cell written."""
    if not matrix:
        return False
    options, groups = matrix.get("options") or [], matrix.get("groups") or []
    cells = matrix.get("cells") or {}
    return bool(options and groups) and all(
        (cells.get(cell_key(o, g)) or "").strip()
        for o in range(len(options))
        for g in range(len(groups))
    )


@dataclass(frozen=True)
class Row:
    option: str
    cells: tuple[tuple[str, str], ...]  # (field name, text) per group


def rows(matrix: Mapping[str, Any] | None) -> list[Row]:
    """The matrix as table rows: one per option, one cell per group."""
    if not matrix:
        return []
    cells = matrix.get("cells") or {}
    return [
        Row(
            option=option,
            cells=tuple(
                (f"cell_{cell_key(o, g)}", cells.get(cell_key(o, g), ""))
                for g in range(len(matrix.get("groups") or []))
            ),
        )
        for o, option in enumerate(matrix.get("options") or [])
    ]
