"""Measuring triage on the corpus splits: accuracy per language with 95 % Wilson intervals,
confusion matrices, calibration, and the formal-complaint choice's recall and false-show rate.
No Django.

The test split is locked (see `corpus`): `evaluate(..., split="test")` is only reachable with
`final=True`, which the evaluation command passes only with `--final`, and every final run is
appended to docs/TRIAGE.md.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

from kuulu.feedback.triage import baseline
from kuulu.feedback.triage.bundle import Bundle, build, training_examples
from kuulu.feedback.triage.classifier import HeadSpec, Spec, has_explicit_complaint_words
from kuulu.feedback.triage.corpus import KINDS, THEMES, Item, examples, lexicon_examples
from kuulu.feedback.triage.text import words_of

LABELLED = Path(__file__).resolve().parent / "data" / "labelled.tsv"


def labelled_examples() -> list[Item]:
    return lexicon_examples()


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3))


@dataclass(frozen=True)
class Predicted:
    kind: str
    theme: str | None
    complaint: bool
    kind_confidence: float = 0.0
    unsure: bool = False


Predictor = Callable[[Sequence[Item]], list[Predicted]]


def bundle_predictor(model: Bundle) -> Predictor:
    def predict(items: Sequence[Item]) -> list[Predicted]:
        out = model.predict_many([i.text for i in items], [i.language for i in items])
        return [
            Predicted(p.kind, p.theme, p.complaint_choice, p.kind_confidence, p.unsure) for p in out
        ]

    return predict


def baseline_predictor(items: Sequence[Item]) -> list[Predicted]:
    out = []
    for item in items:
        words = words_of(item.text, item.language)
        kind = baseline.classify_kind(words, item.language)
        theme = baseline.classify_theme(words, item.language)
        out.append(
            Predicted(
                kind.label or baseline.FALLBACK_KIND,
                theme.label,
                # the form's rule before this model: every dissatisfied text was offered it
                (kind.label or baseline.FALLBACK_KIND) == "dissatisfaction"
                or has_explicit_complaint_words(item.text),
                kind.confidence,
                True,
            )
        )
    return out


def _confusion(truth: Sequence[str], predicted: Sequence[str | None], labels: Sequence[str]):
    index = {label: n for n, label in enumerate(labels)}
    matrix = [[0] * (len(labels) + 1) for _ in labels]  # last column: no suggestion
    for t, p in zip(truth, predicted, strict=True):
        if t in index:
            matrix[index[t]][index.get(p, len(labels)) if p is not None else len(labels)] += 1
    return matrix


def report(items: Sequence[Item], predicted: Sequence[Predicted]) -> dict:
    """Every figure docs/TRIAGE.md gives for one split and one predictor."""

    def block(chosen: list[int]) -> dict:
        n = len(chosen)
        kinds = sum(predicted[i].kind == items[i].kind for i in chosen)
        themes = sum(predicted[i].theme == items[i].theme for i in chosen)
        wanted = [i for i in chosen if items[i].wants_complaint]
        not_wanted = [i for i in chosen if not items[i].wants_complaint]
        reached = sum(predicted[i].complaint for i in wanted)
        false_shows = sum(predicted[i].complaint for i in not_wanted)
        return {
            "examples": n,
            "kind_accuracy": round(kinds / n, 4) if n else 0.0,
            "kind_ci95": wilson(kinds, n),
            "theme_accuracy": round(themes / n, 4) if n else 0.0,
            "theme_ci95": wilson(themes, n),
            "complaint_wanted": len(wanted),
            "complaint_recall": round(reached / len(wanted), 4) if wanted else None,
            "complaint_recall_ci95": wilson(reached, len(wanted)),
            "complaint_false_show": round(false_shows / len(not_wanted), 4) if not_wanted else None,
            "complaint_false_show_ci95": wilson(false_shows, len(not_wanted)),
            "complaint_false_shows": false_shows,
        }

    everything = list(range(len(items)))
    languages = sorted({i.language for i in items})
    confident = [i for i in everything if not predicted[i].unsure]
    result = {
        "overall": block(everything),
        "by_language": {
            lang: block([i for i in everything if items[i].language == lang]) for lang in languages
        },
        "kind_confusion": {
            "labels": list(KINDS),
            "rows": _confusion([i.kind for i in items], [p.kind for p in predicted], KINDS),
        },
        "theme_confusion": {
            "labels": list(THEMES),
            "rows": _confusion([i.theme for i in items], [p.theme for p in predicted], THEMES),
        },
        "confident_share": round(len(confident) / len(items), 4) if items else 0.0,
        "confident_kind_accuracy": round(
            sum(predicted[i].kind == items[i].kind for i in confident) / len(confident), 4
        )
        if confident
        else None,
        "unsure_kind_accuracy": round(
            sum(predicted[i].kind == items[i].kind for i in everything if predicted[i].unsure)
            / max(1, len(everything) - len(confident)),
            4,
        ),
    }
    result["calibration"] = calibration(items, predicted)
    return result


def calibration(items: Sequence[Item], predicted: Sequence[Predicted], bins: int = 5) -> list:
    """Type confidence in `bins` equal ranges: mean confidence against accuracy."""
    rows = []
    edges = np.linspace(0.0, 1.0, bins + 1)
    for low, high in pairwise(edges):
        chosen = [
            i
            for i, p in enumerate(predicted)
            if low <= p.kind_confidence < high or (high == 1.0 and p.kind_confidence == 1.0)
        ]
        if chosen:
            rows.append(
                {
                    "range": f"{low:.1f}-{high:.1f}",
                    "examples": len(chosen),
                    "mean_confidence": round(
                        float(np.mean([predicted[i].kind_confidence for i in chosen])), 3
                    ),
                    "accuracy": round(
                        sum(predicted[i].kind == items[i].kind for i in chosen) / len(chosen), 3
                    ),
                }
            )
    return rows


def accuracy_of(model: Bundle, items: Sequence[Item]) -> dict[str, float]:
    predicted = bundle_predictor(model)(items)
    n = len(items) or 1
    return {
        "kind_accuracy": sum(p.kind == i.kind for p, i in zip(predicted, items, strict=True)) / n,
        "theme_accuracy": sum(p.theme == i.theme for p, i in zip(predicted, items, strict=True))
        / n,
    }


# --- choosing on dev -------------------------------------------------------------------------

# name: (features, linear model, whether data/labelled.tsv joins the training data)
CANDIDATES: dict[str, tuple[Spec, HeadSpec, bool]] = {
    "(b) words + char n-grams, LinearSVC": (Spec(lemmas=False), HeadSpec("svm", 1.0), False),
    "(b) lemmas + char n-grams, LinearSVC C=0.3": (
        Spec(lemmas=True),
        HeadSpec("svm", 0.3),
        False,
    ),
    "(b) lemmas + char n-grams, LinearSVC C=1": (Spec(lemmas=True), HeadSpec("svm", 1.0), False),
    "(b) lemmas + char n-grams, LinearSVC C=1, balanced classes": (
        Spec(lemmas=True),
        HeadSpec("svm", 1.0, balanced=True),
        False,
    ),
    "(b) lemmas + char n-grams weighted 1.5, LinearSVC C=1": (
        Spec(lemmas=True, char_weight=1.5),
        HeadSpec("svm", 1.0),
        False,
    ),
    "(b) lemmas + char n-grams, LinearSVC C=1, with labelled.tsv": (
        Spec(lemmas=True),
        HeadSpec("svm", 1.0),
        True,
    ),
    "(b) lemmas + char n-grams, logistic regression C=10": (
        Spec(lemmas=True),
        HeadSpec("lr", 10.0),
        False,
    ),
    "(b) lemmas only (no char n-grams), LinearSVC C=1": (
        Spec(lemmas=True, chars=False),
        HeadSpec("svm", 1.0),
        False,
    ),
    "(c) lemmas + char n-grams + lexicon scores, LinearSVC C=1": (
        Spec(lemmas=True, lexicon=True, extra_weight=0.5),
        HeadSpec("svm", 1.0),
        False,
    ),
    "(c) lemmas + char n-grams + lexicon scores, LinearSVC C=1, with labelled.tsv": (
        Spec(lemmas=True, lexicon=True, extra_weight=0.5),
        HeadSpec("svm", 1.0),
        True,
    ),
}


def compare_on_dev(
    candidates: dict[str, tuple[Spec, HeadSpec, bool]] = CANDIDATES,
) -> list[dict]:
    """Each candidate trained on train, measured on dev; and the baseline. Never touches the
    test split."""
    train = examples("train")
    extra = lexicon_examples()
    dev = examples("dev")
    rows = []
    base = report(dev, baseline_predictor(dev))["overall"]
    rows.append({"name": "(a) lexicon baseline", **_short(base), "train_s": 0.0})
    for name, (spec, head, with_tsv) in candidates.items():
        started = time.perf_counter()
        model = build(
            train + extra if with_tsv else train, dev, version=name, main_spec=spec, main_head=head
        )
        elapsed = time.perf_counter() - started
        figures = report(dev, bundle_predictor(model)(dev))["overall"]
        rows.append({"name": name, **_short(figures), "train_s": round(elapsed, 1)})
    return rows


def writer_of(item: Item) -> str:
    """The writer part of an id ("fi-w2-0001" -> "w2")."""
    parts = item.id.split("-")
    return parts[1] if len(parts) > 1 else ""


def cross_writer(writer: str) -> dict:
    """The kept model's recipe trained without one writer's texts, measured on that writer's
    train and dev texts (never test): what a model reaches on a writer it has not read."""
    train = [item for item in training_examples() if writer_of(item) != writer]
    dev = examples("dev")
    unseen = [item for item in examples("train") + dev if writer_of(item) == writer]
    if not unseen:
        raise ValueError(f"no train or dev texts by writer {writer!r}")
    others_dev = [item for item in dev if writer_of(item) != writer]
    model = build(train, others_dev, version=f"without-{writer}")
    figures = report(unseen, bundle_predictor(model)(unseen))
    return {"writer": writer, "texts": len(unseen), "trained_on": len(train), **figures}


def _short(figures: dict) -> dict:
    return {
        "kind_accuracy": figures["kind_accuracy"],
        "theme_accuracy": figures["theme_accuracy"],
        "complaint_recall": figures["complaint_recall"],
        "complaint_false_show": figures["complaint_false_show"],
    }


def evaluate(model: Bundle | None, split: str, *, final: bool = False) -> dict:
    """The report for `split` (the test split only with final=True: `corpus.LockedSplit`)."""
    items = examples(split, final=final)
    predictor = baseline_predictor if model is None else bundle_predictor(model)
    return report(items, predictor(items))
