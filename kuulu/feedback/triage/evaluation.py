"""The labelled test set and accuracy measurements. No Django.

`data/labelled.tsv` holds short fictional feedback texts written for this project in Finnish,
Swedish and English, each with its type and theme (tab-separated: language, kind, theme, text).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kuulu.feedback.triage import baseline
from kuulu.feedback.triage.model import Example, cross_validate
from kuulu.feedback.triage.text import features, words_of

LABELLED = Path(__file__).resolve().parent / "data" / "labelled.tsv"


def labelled_examples(path: Path = LABELLED) -> list[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Example(
                text=row["text"], language=row["language"], kind=row["kind"], theme=row["theme"]
            )
            for row in reader
        ]


@dataclass(frozen=True)
class Accuracy:
    examples: int
    kind: float
    theme: float
    by_language: dict[str, tuple[float, float]]

    def as_dict(self) -> dict:
        return {
            "examples": self.examples,
            "kind_accuracy": round(self.kind, 3),
            "theme_accuracy": round(self.theme, 3),
            "by_language": {
                language: {"kind_accuracy": round(k, 3), "theme_accuracy": round(t, 3)}
                for language, (k, t) in sorted(self.by_language.items())
            },
        }


def baseline_accuracy(examples: Sequence[Example]) -> Accuracy:
    right: dict[str, list[int]] = {}
    for example in examples:
        words = words_of(example.text, example.language)
        kind = baseline.classify_kind(words, example.language).label
        theme = baseline.classify_theme(words, example.language).label
        tally = right.setdefault(example.language, [0, 0, 0])
        tally[0] += kind == example.kind
        tally[1] += theme == example.theme
        tally[2] += 1
    total = sum(t[2] for t in right.values()) or 1
    return Accuracy(
        examples=total,
        kind=sum(t[0] for t in right.values()) / total,
        theme=sum(t[1] for t in right.values()) / total,
        by_language={lang: (t[0] / t[2], t[1] / t[2]) for lang, t in right.items()},
    )


def model_cross_validation(examples: Sequence[Example], *, folds: int = 5) -> dict[str, float]:
    feature_lists = [features(e.text, e.language) for e in examples]
    return cross_validate(
        feature_lists, [e.kind for e in examples], [e.theme for e in examples], folds=folds
    )
