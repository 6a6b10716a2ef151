"""Retraining the triage model from handlers' confirmed and corrected feedback.

The trained model replaces the baseline only when there are at least
settings.FEEDBACK_TRIAGE_MIN_EXAMPLES confirmed rows and, trained on 80 % of them, it beats the
baseline on the other 20 % (mean of type and theme accuracy). Otherwise the model file is removed
and the baseline stays in use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from kuulu.feedback.models import Feedback
from kuulu.feedback.triage import baseline, store
from kuulu.feedback.triage.model import Example, TrainedModel, fit
from kuulu.feedback.triage.text import features, words_of

HELD_OUT = 0.2


@dataclass(frozen=True)
class RetrainResult:
    examples: int
    in_use: str  # the model version now in use
    trained: bool
    reason: str
    metrics: dict[str, float] = field(default_factory=dict)


def confirmed_examples() -> list[Example]:
    rows = (
        Feedback.objects.filter(
            triage_confirmed=True, theme__isnull=False, anonymised_at__isnull=True
        )
        .exclude(text="")
        .order_by("pk")
        .values_list("text", "language", "kind", "theme__code")
    )
    return [Example(text=t, language=lang, kind=k, theme=c) for t, lang, k, c in rows]


def _accuracy(
    examples: list[Example], feature_lists: list[list[str]], model: TrainedModel | None
) -> tuple[float, float]:
    right_kind = right_theme = 0
    for example, feats in zip(examples, feature_lists, strict=True):
        if model is None:
            words = words_of(example.text, example.language)
            kind = baseline.classify_kind(words, example.language).label
            theme = baseline.classify_theme(words, example.language).label
        else:
            (kind, _), (theme, _) = model.predict(feats)
        right_kind += kind == example.kind
        right_theme += theme == example.theme
    n = len(examples) or 1
    return right_kind / n, right_theme / n


def _split(examples: list[Example], seed: int) -> tuple[list[int], list[int]]:
    from sklearn.model_selection import train_test_split

    indices = list(range(len(examples)))
    themes = [e.theme for e in examples]
    counts = Counter(themes)
    stratify = themes if min(counts.values()) >= 2 else None
    train, test = train_test_split(
        indices, test_size=HELD_OUT, random_state=seed, stratify=stratify
    )
    return list(train), list(test)


def retrain(*, min_examples: int | None = None, seed: int = 0) -> RetrainResult:
    minimum = settings.FEEDBACK_TRIAGE_MIN_EXAMPLES if min_examples is None else min_examples
    examples = confirmed_examples()
    if len(examples) < minimum:
        store.remove_model()
        return RetrainResult(
            examples=len(examples),
            in_use=baseline.VERSION,
            trained=False,
            reason=f"{len(examples)} confirmed examples, {minimum} needed",
        )
    if len({e.kind for e in examples}) < 2 or len({e.theme for e in examples}) < 2:
        store.remove_model()
        return RetrainResult(
            examples=len(examples),
            in_use=baseline.VERSION,
            trained=False,
            reason="the confirmed examples need at least two types and two themes",
        )
    feature_lists = [features(e.text, e.language) for e in examples]
    train, test = _split(examples, seed)
    candidate = fit(
        [feature_lists[i] for i in train],
        [examples[i].kind for i in train],
        [examples[i].theme for i in train],
        version="held-out",
    )
    held_out = [examples[i] for i in test]
    held_out_features = [feature_lists[i] for i in test]
    model_kind, model_theme = _accuracy(held_out, held_out_features, candidate)
    base_kind, base_theme = _accuracy(held_out, held_out_features, None)
    metrics = {
        "model_kind_accuracy": round(model_kind, 3),
        "model_theme_accuracy": round(model_theme, 3),
        "baseline_kind_accuracy": round(base_kind, 3),
        "baseline_theme_accuracy": round(base_theme, 3),
        "held_out": float(len(test)),
    }
    if (model_kind + model_theme) <= (base_kind + base_theme):
        store.remove_model()
        return RetrainResult(
            examples=len(examples),
            in_use=baseline.VERSION,
            trained=False,
            reason="the trained model did not beat the baseline on the held-out rows",
            metrics=metrics,
        )
    version = f"trained-{timezone.now():%Y%m%d%H%M}-n{len(examples)}"
    model = fit(
        feature_lists,
        [e.kind for e in examples],
        [e.theme for e in examples],
        version=version,
        metrics=metrics,
    )
    store.save_model(model)
    return RetrainResult(
        examples=len(examples),
        in_use=version,
        trained=True,
        reason="the trained model beat the baseline on the held-out rows",
        metrics=metrics,
    )
