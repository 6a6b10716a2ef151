"""Masking of a JSON Lines batch, one line at a time (the `mask_text` command). No Django.

Each input line is a JSON object with `text`. The output line is the same object with `text`
masked; a line that cannot be masked gets an `error` key (and no `text`), the other lines are
still processed. Errors are in English and name no content of the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from kuulu.core.masking import mask_text

MAX_CHARS = 4000


def mask_line(line: str | bytes, *, keep: Iterable[str] = (), number: int = 0) -> dict[str, Any]:
    """The output object for one input line (`number` counts from 1)."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            return {"line": number, "error": "not UTF-8 text"}
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return {"line": number, "error": f"invalid JSON ({exc.msg})"}
    if not isinstance(obj, dict):
        return {"line": number, "error": "a line must be a JSON object with a `text` key"}
    out = {k: v for k, v in obj.items() if k != "text"}
    text = obj.get("text")
    if "text" not in obj:
        return {**out, "line": number, "error": "missing `text`"}
    if not isinstance(text, str):
        return {**out, "line": number, "error": "`text` must be a string"}
    if not text.strip():
        return {**out, "line": number, "error": "`text` is empty"}
    if len(text) > MAX_CHARS:
        return {
            **out,
            "line": number,
            "error": f"`text` is longer than {MAX_CHARS} characters ({len(text)})",
        }
    return {**out, "text": mask_text(text, keep=keep).text}


def mask_lines(
    lines: Iterable[str | bytes], *, keep: Iterable[str] = ()
) -> Iterator[dict[str, Any]]:
    """One output object per non-blank input line."""
    keep = tuple(keep)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield mask_line(line, keep=keep, number=number)
