"""The triage classifiers: TF-IDF over words or lemmas (1-2-grams) and character n-grams
(char_wb 2-5), optionally lexicon and rule features, with a linear model and calibrated
probabilities. No Django.

A `LinearTextModel` has one feature pipeline and one or more heads (type, theme, formal-complaint
choice). Each head is a linear model (logistic regression or a linear SVM) whose scores are
calibrated on out-of-fold scores of the training data: temperature scaling of the softmax for
several classes, Platt scaling (a sigmoid) for two. So "0.8" means about 8 in 10 such
suggestions are right, whichever linear model was chosen.

Kept as plain JSON (vocabularies, idf weights, coefficients, calibration): loading a pickle or a
joblib file runs code from the file; JSON is only data (see `store`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

FORMAT = "kuulu-triage-linear-2"
CHAR_MAX_FEATURES = 60_000
CALIBRATION_SAMPLE = 6_000
WORD_MAX_FEATURES = 30_000
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

# Explicit words for the formal complaint (muistutus) and the bodies that handle complaints.
COMPLAINT_RULES: dict[str, re.Pattern[str]] = {
    "formal_fi": re.compile(
        r"muistutu|muistutta|virallise\w* (?:valitu|kantelu|muistutu)|kantelu|kantel(?:en|la)"
        r"|valitan virallisesti|tehdä valitu|teen valitu|jätän valitu|jättää valitu",
        re.IGNORECASE,
    ),
    "formal_sv": re.compile(
        r"anmärkning|formell\w* klagomål|officiell\w* klagomål|klagomål|klagar formellt"
        r"|lämna in en klag|göra en anmälan|anmäl",
        re.IGNORECASE,
    ),
    "formal_en": re.compile(
        r"formal complaint|official complaint|file a complaint|lodge a complaint|make a complaint"
        r"|complain formally|formally complain|written complaint",
        re.IGNORECASE,
    ),
    "ombudsman": re.compile(
        r"potilasasiavastaa|sosiaaliasiavastaa|asiavastaa|patientombud|socialombud|ombudsm[ae]n"
        r"|valvira|aluehallintovirasto|\bavi\b|regionförvaltningsverk|\bravi\b|eduskunnan oikeus"
        r"|oikeusasiamie|justitieombudsman|parliamentary ombudsman|supervisory authority",
        re.IGNORECASE,
    ),
    "answer_demand": re.compile(
        r"vaadin|vaadimme|haluan selvityksen|haluan vastauksen|kirjallise\w* vastau|selvitystä"
        r"|kräver|vill ha en förklaring|skriftligt svar|utredning|i demand|written answer|written"
        r" reply|investigat",
        re.IGNORECASE,
    ),
}


@dataclass(frozen=True)
class Spec:
    """Which features a model uses (part of the saved model)."""

    lemmas: bool = True  # words are lemmatised (simplemma) - needs the language dictionary
    words: bool = True
    chars: bool = True
    lexicon: bool = False  # the baseline's lexicon scores (14 numbers)
    rules: bool = False  # COMPLAINT_RULES (5 flags)
    char_weight: float = 1.0
    extra_weight: float = 1.0

    def as_dict(self) -> dict:
        return {
            "lemmas": self.lemmas,
            "words": self.words,
            "chars": self.chars,
            "lexicon": self.lexicon,
            "rules": self.rules,
            "char_weight": self.char_weight,
            "extra_weight": self.extra_weight,
        }


def words_for_model(text: str, language: str, *, lemmas: bool) -> list[str]:
    """Lower-case words, or their lemmas."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    if lemmas:
        from kuulu.feedback.triage.text import lemma

        words = [lemma(w, language) for w in words]
    return words


def word_tokens(text: str, language: str, *, lemmas: bool) -> list[str]:
    """Lower-case words (or their lemmas), word pairs, a question-mark and an exclamation token."""
    return tokens_of(words_for_model(text, language, lemmas=lemmas), text)


def tokens_of(words: list[str], text: str) -> list[str]:
    """`word_tokens` from the text's words already found (or lemmatised)."""
    tokens = words + [f"{a} {b}" for a, b in pairwise(words)]
    if "?" in (text or ""):
        tokens.append("<?>")
    if "!" in (text or ""):
        tokens.append("<!>")
    return tokens


def lexicon_scores(text: str, language: str) -> list[float]:
    from kuulu.feedback.triage.baseline import _patterns
    from kuulu.feedback.triage.text import words_of

    words = words_of(text, language)
    kinds = [float(p.hits(words)) for p in _patterns("kinds", language).values()]
    themes = [float(p.hits(words)) for p in _patterns("themes", language).values()]
    return [min(v, 3.0) / 3.0 for v in kinds + themes]


def rule_flags(text: str) -> list[float]:
    return [1.0 if rule.search(text or "") else 0.0 for rule in COMPLAINT_RULES.values()]


def has_explicit_complaint_words(text: str) -> bool:
    flags = rule_flags(text)
    names = list(COMPLAINT_RULES)
    return any(flags[names.index(n)] for n in ("formal_fi", "formal_sv", "formal_en", "ombudsman"))


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _lower(text: str) -> str:
    return text.lower()


@dataclass
class Head:
    """Linear scores `coefficients @ x + intercepts`, calibrated: softmax(scores / temperature)
    for several classes, sigmoid(a * score + b) for two (the score of classes[1])."""

    classes: tuple[str, ...]
    coefficients: np.ndarray  # (n_classes or 1, n_features)
    intercepts: np.ndarray
    temperature: float = 1.0
    platt: tuple[float, float] = (1.0, 0.0)

    def scores(self, x) -> np.ndarray:
        return np.asarray(x @ self.coefficients.T).reshape(x.shape[0], -1) + self.intercepts

    def probabilities_from_scores(self, scores: np.ndarray) -> np.ndarray:
        if len(self.classes) == 2:
            a, b = self.platt
            p = 1.0 / (1.0 + np.exp(-(a * scores[:, 0] + b)))
            return np.column_stack([1.0 - p, p])
        z = scores / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def probabilities(self, x) -> np.ndarray:
        return self.probabilities_from_scores(self.scores(x))

    def to_json(self) -> dict:
        return {
            "classes": list(self.classes),
            "coefficients": np.round(self.coefficients, 5).tolist(),
            "intercepts": np.round(self.intercepts, 6).tolist(),
            "temperature": self.temperature,
            "platt": list(self.platt),
        }

    @classmethod
    def from_json(cls, data: dict, n_features: int) -> Head:
        coefficients = np.asarray(data["coefficients"], dtype=float)
        if coefficients.ndim != 2 or coefficients.shape[1] != n_features:
            raise ValueError("The model's weights do not match its features.")
        a, b = data.get("platt", (1.0, 0.0))
        return cls(
            classes=tuple(str(c) for c in data["classes"]),
            coefficients=coefficients,
            intercepts=np.asarray(data["intercepts"], dtype=float),
            temperature=float(data.get("temperature", 1.0)),
            platt=(float(a), float(b)),
        )


@dataclass
class LinearTextModel:
    spec: Spec
    heads: dict[str, Head]
    word_vocabulary: dict[str, int] = field(default_factory=dict)
    word_idf: np.ndarray | None = None
    char_vocabulary: dict[str, int] = field(default_factory=dict)
    char_idf: np.ndarray | None = None
    _vectorizers: tuple | None = field(default=None, repr=False, compare=False)

    # --- features ----------------------------------------------------------------------------

    def _build_vectorizers(self) -> tuple:
        """(word, char) transformers: the arithmetic of scikit-learn's TfidfVectorizer
        (sublinear tf times idf, L2-normalised) without its per-call validation, which costs
        more than the counting for one text. A test checks both agree."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        word = char = None
        if self.spec.words and self.word_vocabulary:
            word = _Tfidf(_identity, self.word_vocabulary, self.word_idf)
        if self.spec.chars and self.char_vocabulary:
            analyzer = TfidfVectorizer(
                analyzer="char_wb", ngram_range=(2, 5), preprocessor=_lower
            ).build_analyzer()
            char = _Tfidf(analyzer, self.char_vocabulary, self.char_idf)
        return word, char

    def n_features(self) -> int:
        extra = (14 if self.spec.lexicon else 0) + (len(COMPLAINT_RULES) if self.spec.rules else 0)
        return len(self.word_vocabulary) + len(self.char_vocabulary) + extra

    def words_of(self, texts: Sequence[str], languages: Sequence[str]) -> list[list[str]]:
        """Each text's words as this model reads them (lemmas when its spec says so)."""
        return [
            words_for_model(t, lang, lemmas=self.spec.lemmas)
            for t, lang in zip(texts, languages, strict=True)
        ]

    def matrix(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        words: list[list[str]] | None = None,
    ):
        """The feature rows of `texts`; `words` (from `words_of`) saves lemmatising twice."""
        from scipy import sparse

        if self._vectorizers is None:
            self._vectorizers = self._build_vectorizers()
        word, char = self._vectorizers
        blocks = []
        if word is not None:
            if words is None:
                words = self.words_of(texts, languages)
            blocks.append(
                word.transform([tokens_of(w, t) for w, t in zip(words, texts, strict=True)])
            )
        if char is not None:
            blocks.append(char.transform(list(texts)) * self.spec.char_weight)
        blocks.extend(_extra_blocks(self.spec, texts, languages))
        return sparse.hstack(blocks, format="csr")

    def known_word_share(self, words: list[str]) -> float:
        """The share of a text's words (from `words_of`) that the model learnt a weight for; 0
        for a text with no words. Numbers, keyboard runs and unknown languages score low."""
        if not words or not self.word_vocabulary:
            return 0.0
        return sum(w in self.word_vocabulary for w in words) / len(words)

    # --- prediction --------------------------------------------------------------------------

    def predict(self, text: str, language: str) -> dict[str, tuple[str, float]]:
        x = self.matrix([text], [language])
        result = {}
        for name, head in self.heads.items():
            p = head.probabilities(x)[0]
            best = int(np.argmax(p))
            result[name] = (head.classes[best], float(p[best]))
        return result

    def probabilities(self, name: str, texts: Sequence[str], languages: Sequence[str]):
        return self.heads[name].probabilities(self.matrix(texts, languages))

    # --- storage -----------------------------------------------------------------------------

    def to_json(self) -> dict:
        return {
            "spec": self.spec.as_dict(),
            "word_vocabulary": self.word_vocabulary,
            "word_idf": np.round(self.word_idf, 6).tolist() if self.word_idf is not None else [],
            "char_vocabulary": self.char_vocabulary,
            "char_idf": np.round(self.char_idf, 6).tolist() if self.char_idf is not None else [],
            "heads": {name: head.to_json() for name, head in self.heads.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearTextModel:
        spec = Spec(**{k: v for k, v in data["spec"].items() if k in Spec.__dataclass_fields__})
        model = cls(
            spec=spec,
            heads={},
            word_vocabulary={str(k): int(v) for k, v in data["word_vocabulary"].items()},
            word_idf=np.asarray(data["word_idf"], dtype=float),
            char_vocabulary={str(k): int(v) for k, v in data["char_vocabulary"].items()},
            char_idf=np.asarray(data["char_idf"], dtype=float),
        )
        if model.word_idf.shape != (len(model.word_vocabulary),) or model.char_idf.shape != (
            len(model.char_vocabulary),
        ):
            raise ValueError("The model's idf weights do not match its vocabulary.")
        n = model.n_features()
        model.heads = {name: Head.from_json(h, n) for name, h in data["heads"].items()}
        if not model.heads:
            raise ValueError("The model has no heads.")
        return model


class _Tfidf:
    def __init__(self, analyzer, vocabulary: dict[str, int], idf: np.ndarray) -> None:  # type: ignore[no-untyped-def]
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.idf = idf

    def transform(self, documents: Sequence) -> object:
        from scipy import sparse

        indptr, indices, values = [0], [], []
        vocabulary, idf = self.vocabulary, self.idf
        for document in documents:
            counts: dict[int, int] = {}
            for feature in self.analyzer(document):
                index = vocabulary.get(feature)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            row = sorted(counts)
            weights = np.array([(1.0 + math.log(counts[i])) * idf[i] for i in row])
            norm = float(np.sqrt((weights * weights).sum())) if row else 0.0
            indices.extend(row)
            values.extend((weights / norm).tolist() if norm else weights.tolist())
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.asarray(values, dtype=float), np.asarray(indices, dtype=np.int64), indptr),
            shape=(len(documents), len(vocabulary)),
        )


def _extra_blocks(spec: Spec, texts: Sequence[str], languages: Sequence[str]) -> list:
    from scipy import sparse

    blocks = []
    if spec.lexicon:
        rows = [lexicon_scores(t, lang) for t, lang in zip(texts, languages, strict=True)]
        blocks.append(sparse.csr_matrix(np.asarray(rows) * spec.extra_weight))
    if spec.rules:
        rows = [rule_flags(t) for t in texts]
        blocks.append(sparse.csr_matrix(np.asarray(rows) * spec.extra_weight))
    return blocks


# --- training --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeadSpec:
    algorithm: str = "lr"  # "lr" (logistic regression) or "svm" (LinearSVC)
    c: float = 10.0
    balanced: bool = False


def _linear(head: HeadSpec, seed: int = 0):
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    weight = "balanced" if head.balanced else None
    if head.algorithm == "svm":
        return LinearSVC(C=head.c, class_weight=weight, random_state=seed, max_iter=5000)
    return LogisticRegression(C=head.c, class_weight=weight, max_iter=3000)


def _scores(estimator, x) -> np.ndarray:
    d = np.asarray(estimator.decision_function(x))
    return d.reshape(x.shape[0], -1)


def _fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    from scipy.optimize import minimize_scalar

    def loss(log_t: float) -> float:
        z = scores / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return -float(log_p[np.arange(len(labels)), labels].mean())

    return round(math.exp(minimize_scalar(loss, bounds=(-4, 4), method="bounded").x), 5)


def _fit_platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=1e4, max_iter=1000)
    lr.fit(scores[:, :1], labels)
    return round(float(lr.coef_[0, 0]), 6), round(float(lr.intercept_[0]), 6)


def _fit_head(x, labels: Sequence[str], head: HeadSpec, *, calibrate_folds: int = 5) -> Head:
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError("Training needs at least two different labels per target.")
    y = np.asarray([classes.index(label) for label in labels])
    estimator = _linear(head).fit(x, y)
    coefficients = np.asarray(estimator.coef_, dtype=float)
    intercepts = np.asarray(estimator.intercept_, dtype=float).ravel()
    result = Head(tuple(classes), coefficients, intercepts)
    # Calibration on out-of-fold scores; with many examples (a county with thousands of
    # corrections) on a fixed sample of CALIBRATION_SAMPLE of them, in 3 folds, so retraining
    # stays within minutes. One or two numbers are fitted: a few thousand scores are plenty.
    if len(y) > CALIBRATION_SAMPLE:
        sample = np.sort(np.random.default_rng(0).permutation(len(y))[:CALIBRATION_SAMPLE])
        x, y = x[sample], y[sample]
        calibrate_folds = min(calibrate_folds, 3)
    folds = min(calibrate_folds, int(np.bincount(y, minlength=len(classes)).min()))
    if folds < 2:
        return result
    out_of_fold = np.zeros((len(y), coefficients.shape[0]))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
        part = _linear(head).fit(x[train], y[train])
        out_of_fold[test] = _scores(part, x[test])
    if len(classes) == 2:
        result.platt = _fit_platt(out_of_fold, y)
    else:
        result.temperature = _fit_temperature(out_of_fold, y)
    return result


def fit(
    texts: Sequence[str],
    languages: Sequence[str],
    targets: dict[str, Sequence[str]],
    *,
    spec: Spec,
    heads: dict[str, HeadSpec],
    sample_weight: Sequence[float] | None = None,
    calibrate_folds: int = 5,
) -> LinearTextModel:
    """Train one model with a head for each target (labels as strings)."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    del sample_weight  # reserved
    texts, languages = list(texts), list(languages)
    blocks = []
    model = LinearTextModel(spec=spec, heads={})
    if spec.words:
        vectorizer = TfidfVectorizer(
            analyzer=_identity,
            lowercase=False,
            sublinear_tf=True,
            max_features=WORD_MAX_FEATURES,
        )
        blocks.append(
            vectorizer.fit_transform(
                [
                    word_tokens(t, lang, lemmas=spec.lemmas)
                    for t, lang in zip(texts, languages, strict=True)
                ]
            )
        )
        model.word_vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        model.word_idf = np.asarray(vectorizer.idf_, dtype=float)
    else:
        model.word_idf = np.zeros(0)
    if spec.chars:
        vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            preprocessor=_lower,
            sublinear_tf=True,
            min_df=2,
            max_features=CHAR_MAX_FEATURES,
        )
        blocks.append(vectorizer.fit_transform(texts) * spec.char_weight)
        model.char_vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
        model.char_idf = np.asarray(vectorizer.idf_, dtype=float)
    else:
        model.char_idf = np.zeros(0)
    blocks.extend(_extra_blocks(spec, texts, languages))
    x = sparse.hstack(blocks, format="csr")
    for name, labels in targets.items():
        model.heads[name] = _fit_head(x, list(labels), heads[name], calibrate_folds=calibrate_folds)
    return model
