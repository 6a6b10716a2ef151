"""The retrainable triage model: TF-IDF over lemmas and lemma pairs with a multinomial logistic
regression per target (type, theme). No Django.

Trained with scikit-learn, but kept and loaded as plain JSON (vocabulary, idf weights, classes,
coefficients, intercepts): loading a pickle or a joblib file runs code from the file, so a
replaced model file could take over the worker. JSON is only data. Prediction is a few lines of
numpy below, the same arithmetic as scikit-learn's `TfidfVectorizer` (raw counts times smoothed idf,
L2-normalised) and `LogisticRegression.predict_proba` (softmax of the linear scores); a test
checks both agree.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

FORMAT = "kuulu-triage-linear-1"
MAX_FEATURES = 20_000


@dataclass(frozen=True)
class Example:
    text: str
    language: str
    kind: str
    theme: str


@dataclass(frozen=True)
class Head:
    """One target's classes and weights: scores = x · coefficients.T + intercepts."""

    classes: tuple[str, ...]
    coefficients: np.ndarray
    intercepts: np.ndarray

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        scores = self.coefficients @ x + self.intercepts
        if len(self.classes) == 2:
            # scikit-learn keeps one row for two classes: the score of the second class.
            p = 1.0 / (1.0 + math.exp(-float(scores[0])))
            return np.array([1.0 - p, p])
        scores = scores - scores.max()
        exp = np.exp(scores)
        return exp / exp.sum()

    def predict(self, x: np.ndarray) -> tuple[str, float]:
        p = self.probabilities(x)
        best = int(np.argmax(p))
        return self.classes[best], round(float(p[best]), 3)


@dataclass(frozen=True)
class TrainedModel:
    version: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    kind: Head
    theme: Head
    examples: int
    metrics: dict[str, float]

    def vector(self, features: Sequence[str]) -> np.ndarray:
        x = np.zeros(len(self.vocabulary))
        for feature, count in Counter(features).items():
            index = self.vocabulary.get(feature)
            if index is not None:
                x[index] = count * self.idf[index]
        norm = float(np.linalg.norm(x))
        return x / norm if norm else x

    def predict(self, features: Sequence[str]) -> tuple[tuple[str, float], tuple[str, float]]:
        x = self.vector(features)
        return self.kind.predict(x), self.theme.predict(x)

    def to_json(self) -> dict:
        def head(h: Head) -> dict:
            return {
                "classes": list(h.classes),
                "coefficients": np.round(h.coefficients, 6).tolist(),
                "intercepts": np.round(h.intercepts, 6).tolist(),
            }

        return {
            "format": FORMAT,
            "version": self.version,
            "examples": self.examples,
            "metrics": self.metrics,
            "vocabulary": self.vocabulary,
            "idf": np.round(self.idf, 6).tolist(),
            "kind": head(self.kind),
            "theme": head(self.theme),
        }

    @classmethod
    def from_json(cls, data: dict) -> TrainedModel:
        if data.get("format") != FORMAT:
            raise ValueError("Not a triage model file of a known format.")
        vocabulary = {str(k): int(v) for k, v in data["vocabulary"].items()}
        idf = np.asarray(data["idf"], dtype=float)

        def head(h: dict) -> Head:
            coefficients = np.asarray(h["coefficients"], dtype=float)
            if coefficients.ndim != 2 or coefficients.shape[1] != len(vocabulary):
                raise ValueError("The model's weights do not match its vocabulary.")
            return Head(
                classes=tuple(str(c) for c in h["classes"]),
                coefficients=coefficients,
                intercepts=np.asarray(h["intercepts"], dtype=float),
            )

        if idf.shape != (len(vocabulary),):
            raise ValueError("The model's idf weights do not match its vocabulary.")
        return cls(
            version=str(data["version"]),
            vocabulary=vocabulary,
            idf=idf,
            kind=head(data["kind"]),
            theme=head(data["theme"]),
            examples=int(data.get("examples", 0)),
            metrics={str(k): float(v) for k, v in data.get("metrics", {}).items()},
        )


def _identity(features: list[str]) -> list[str]:
    return features


def fit(
    feature_lists: Sequence[list[str]],
    kinds: Sequence[str],
    themes: Sequence[str],
    *,
    version: str,
    metrics: dict[str, float] | None = None,
) -> TrainedModel:
    """Train on pre-computed features (see `text.features`)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        analyzer=_identity, lowercase=False, min_df=1, max_features=MAX_FEATURES
    )
    x = vectorizer.fit_transform(list(feature_lists))

    def head(labels: Sequence[str]) -> Head:
        if len(set(labels)) < 2:
            raise ValueError("Training needs at least two different labels per target.")
        classifier = LogisticRegression(C=10.0, max_iter=2000)
        classifier.fit(x, list(labels))
        return Head(
            classes=tuple(str(c) for c in classifier.classes_),
            coefficients=np.asarray(classifier.coef_, dtype=float),
            intercepts=np.asarray(classifier.intercept_, dtype=float),
        )

    return TrainedModel(
        version=version,
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=float),
        kind=head(kinds),
        theme=head(themes),
        examples=len(feature_lists),
        metrics=dict(metrics or {}),
    )


def cross_validate(
    feature_lists: Sequence[list[str]],
    kinds: Sequence[str],
    themes: Sequence[str],
    *,
    folds: int = 5,
    seed: int = 0,
) -> dict[str, float]:
    """Accuracy of type and theme over `folds` stratified-by-theme folds."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    right_kind = right_theme = total = 0
    for train, test in splitter.split(list(feature_lists), list(themes)):
        model = fit(
            [feature_lists[i] for i in train],
            [kinds[i] for i in train],
            [themes[i] for i in train],
            version="cv",
        )
        for i in test:
            (kind, _), (theme, _) = model.predict(feature_lists[i])
            right_kind += kind == kinds[i]
            right_theme += theme == themes[i]
            total += 1
    return {"kind_accuracy": right_kind / total, "theme_accuracy": right_theme / total}
