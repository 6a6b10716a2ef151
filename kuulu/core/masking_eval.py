"""Evaluation of `kuulu.core.masking` on labelled cases. No Django.

A case is one JSON object: `text`, `hide` (substrings that must be masked), `keep` (substrings
that must stay), optional `unit_addresses` (the county's unit addresses, passed as `keep` to
`mask_text`). A must-hide span counts as hidden when every letter and digit in it lies inside
a finding; a must-keep span counts as kept when no character of it lies inside a finding.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kuulu.core.masking import find_personal_data

DATA = Path(__file__).parent / "tests" / "data" / "masking"


@dataclass
class Evaluation:
    hidden: int = 0
    must_hide: int = 0
    kept: int = 0
    must_keep: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)
    over_masked: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hidden / self.must_hide if self.must_hide else 1.0

    @property
    def keep_rate(self) -> float:
        return self.kept / self.must_keep if self.must_keep else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "recall": round(self.recall, 3),
            "hidden": self.hidden,
            "must_hide": self.must_hide,
            "keep_rate": round(self.keep_rate, 3),
            "kept": self.kept,
            "must_keep": self.must_keep,
        }


def load(split: str) -> list[dict]:
    path = DATA / f"{split}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _occurrences(text: str, span: str) -> Iterable[int]:
    start = text.find(span)
    while start >= 0:
        yield start
        start = text.find(span, start + 1)


Finder = Callable[[str, Sequence[str]], Iterable[tuple[int, int]]]


def evaluate(cases: Iterable[dict], finder: Finder | None = None) -> Evaluation:
    """`finder(text, unit_addresses)` gives the hidden spans; by default `find_personal_data`."""
    result = Evaluation()
    for case in cases:
        text = case["text"]
        if finder is None:
            found = find_personal_data(text, keep=case.get("unit_addresses", ()))
            spans = [(f.start, f.end) for f in found]
        else:
            spans = finder(text, case.get("unit_addresses", ()))
        covered = set()
        for start, end in spans:
            covered.update(range(start, end))
        for span in case.get("hide", ()):
            result.must_hide += 1
            start = next(iter(_occurrences(text, span)))
            positions = [start + i for i, ch in enumerate(span) if ch.isalnum()]
            if all(p in covered for p in positions):
                result.hidden += 1
            else:
                result.missed.append((case["id"], span))
        for span in case.get("keep", ()):
            result.must_keep += 1
            start = next(iter(_occurrences(text, span)))
            if any(p in covered for p in range(start, start + len(span))):
                result.over_masked.append((case["id"], span))
            else:
                result.kept += 1
    return result
