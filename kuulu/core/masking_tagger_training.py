"""Training and measuring the name tagger (`masking_tagger`) on the labelled masking cases. No
Django; scikit-learn (pinned) is imported only here, at development time.

A word is a positive example when it lies inside a must-hide span that holds no digit and no
"@" (a name, not an address, a phone number or an email: those are the rules' job and their
words are left out of training), a negative example otherwise. The features see what the
rules found, so the model learns what the rules leave visible.

Measured by leaving one writer out: for each training split, a model trained on all the others
masks it, and the figures are those of `masking_eval`. The shipped model is trained on every
training split; its threshold is the one chosen on the left-out predictions.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kuulu.core import masking, masking_tagger
from kuulu.core.masking_eval import DATA, Evaluation, evaluate, load

# Splits the tagger learns from: every dev split, and the test splits that earlier rounds read
# (each read at least once, so no longer unseen). The splits written for the last two rounds
# to be read once at the end, test16, test18, test19, test20, test24, test27, test34, test37,
# test40 and test41, are locked:
# nothing here reads them.
TRAINING_SPLITS = (
    "dev",
    "dev2",
    "dev3",
    "dev5",
    "dev8",
    "dev10",
    "dev12",
    "dev13",
    "dev15",
    "dev17",
    "dev21",
    "dev22",
    "dev23",
    "dev25",
    "dev26",
    "dev29",
    "dev30",
    "dev31",
    "dev32",
    "dev33",
    "dev35",
    "dev36",
    "dev38",
    "dev39",
    "dev42",
    "dev44",
    "dev46",
    "test",
    "test2",
    "test4",
    "test5",
    "test6",
    "test7",
    "test9",
    "test11",
    "test14",
)
LOCKED_SPLITS = (
    "test16",
    "test18",
    "test19",
    "test20",
    "test24",
    "test27",
    "test34",
    "test37",
    "test40",
    "test41",
    "test43",
    "test45",
    "test47",
)

C = 0.3
MIN_COUNT = 2


@dataclass
class Prepared:
    case: dict
    rule_spans: list[tuple[int, int]]
    words: list
    kinds: list[str]
    features: list[list[str]]
    allowed: list[bool]
    labels: list[int | None]


# A must-hide span of words that read out a phone number or an email ("noll fyra noll, tre två
# ett", "laura dot brennan at hotmail dot com") is no name: its words are left out of training.
_SPOKEN = re.compile(
    r"(?:nol|zero|yks|kaks|kolm|nelj|nelk|viis|kuus|seit|kahd|kahe|kasi|yhd|yhe|kymm|sata|"
    r"noll|ett|två|tre|fyr|fem|sex|sju|åtta|nio|tio|tjugo|hundra|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)",
)
_EMAIL_WORDS = frozenset({"at", "dot", "piste", "ät", "punkt", "miukumauku", "snabel"})


def _name_span(span: str) -> bool:
    """A must-hide span that is a name: no digit, no "@", not a number or an email read out."""
    if any(ch.isdigit() for ch in span) or "@" in span:
        return False
    words = [w.casefold() for w in masking_tagger.WORD.findall(span)]
    if any(w in _EMAIL_WORDS for w in words):
        return False
    spoken = sum(bool(_SPOKEN.match(w)) for w in words)
    return not (len(words) >= 3 and spoken * 2 >= len(words))


def everyday_word_counts(texts: Sequence[str]) -> dict[str, int]:
    """How often each word (casefolded) occurs in `texts`, leaving out every occurrence the rules
    hide; words seen only once are dropped."""
    counts: Counter[str] = Counter()
    for text in texts:
        hidden = [(f.start, f.end) for f in masking.rule_findings(text)]
        for match in masking_tagger.WORD.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e in hidden):
                counts[match.group().casefold()] += 1
    return {word: n for word, n in counts.items() if n >= 2}


def write_everyday_words(counts: dict[str, int], path: Path | None = None) -> None:
    path = path or masking_tagger.EVERYDAY_FILE
    header = (
        "# Words of the triage corpus's training split and how often they occur, less what the\n"
        "# masking rules hide. Written by `python manage.py train_name_tagger`.\n"
    )
    lines = [f"{word} {n}" for word, n in sorted(counts.items())]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")


def ordinary_texts() -> list[Prepared]:
    """The triage corpus's development split as ordinary feedback: every word the rules leave
    visible is a negative example (the few names the rules hide there are left out). The
    everyday-word list comes from the training split, so the two do not overlap."""
    from kuulu.feedback.triage import corpus

    prepared = []
    for item in corpus.examples("dev"):
        case = prepare_case({"id": "", "text": item.text, "hide": [], "keep": []})
        case.labels = [None if kind else 0 for kind in case.kinds]
        prepared.append(case)
    return prepared


def prepare_case(case: dict) -> Prepared:
    text = case["text"]
    found = masking.rule_findings(text, keep=case.get("unit_addresses", ()))
    covered = [(f.start, f.end, f.kind) for f in found]
    words, kinds, features, allowed = masking_tagger.prepare(text, covered, masking.TAGGER_LISTS)
    names, others = [], []
    for span in case.get("hide", ()):
        target = names if _name_span(span) else others
        start = text.find(span)
        while start >= 0:
            target.append((start, start + len(span)))
            start = text.find(span, start + 1)
    labels: list[int | None] = []
    for word in words:
        if any(s < word.end() and word.start() < e for s, e in names):
            labels.append(1)
        elif any(s < word.end() and word.start() < e for s, e in others):
            labels.append(None)
        else:
            labels.append(0)
    spans = [(f.start, f.end) for f in found]
    return Prepared(case, spans, words, kinds, features, allowed, labels)


def prepare_splits(splits: Sequence[str]) -> dict[str, list[Prepared]]:
    return {split: [prepare_case(case) for case in load(split)] for split in splits}


def train(prepared: Sequence[Prepared], c: float = C) -> dict[str, float]:
    """Weights of a logistic model over the words of `prepared` (features seen fewer than
    MIN_COUNT times are dropped; weights rounded to four decimals, zeros left out)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    rows, labels = [], []
    for item in prepared:
        for feats, label in zip(item.features, item.labels, strict=True):
            if label is not None:
                rows.append(feats)
                labels.append(label)
    counts = Counter(f for feats in rows for f in set(feats))
    vocabulary = {
        f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))
    }
    indptr, indices = [0], []
    for feats in rows:
        indices.extend(sorted({vocabulary[f] for f in feats if f in vocabulary}))
        indptr.append(len(indices))
    matrix = csr_matrix(([1.0] * len(indices), indices, indptr), shape=(len(rows), len(vocabulary)))
    model = LogisticRegression(
        C=c, solver="liblinear", fit_intercept=False, max_iter=1000, random_state=0
    )
    model.fit(matrix, labels)
    weights = {}
    for feature, index in vocabulary.items():
        weight = round(float(model.coef_[0][index]), 4)
        if weight:
            weights[feature] = weight
    return weights


def finder(
    prepared: Sequence[Prepared],
    weights: dict[str, float],
    cut: float,
):
    """A `masking_eval` finder that masks the prepared cases with the rules and `weights`."""
    by_text = {item.case["text"]: item for item in prepared}

    def find(text: str, _keep: Sequence[str]) -> list[tuple[int, int]]:
        item = by_text[text]
        probs = masking_tagger.probabilities(item.features, weights)
        extra = masking_tagger.chosen(
            item.words, item.kinds, probs, cut, item.allowed, text,
            masking.TAGGER_LISTS,
        )  # fmt: skip
        return item.rule_spans + extra

    return find


def leave_one_out(
    data: dict[str, list[Prepared]],
    cuts: Sequence[float],
    c: float = C,
    ordinary: Sequence[Prepared] = (),
) -> dict[float, dict[str, Evaluation]]:
    """For each cut, each split's figures when masked by a model trained on the other splits
    (and the `ordinary` texts)."""
    result: dict[float, dict[str, Evaluation]] = {cut: {} for cut in cuts}
    for split, items in data.items():
        others = [item for name, rest in data.items() if name != split for item in rest]
        others.extend(ordinary)
        weights = train(others, c)
        for cut in cuts:
            result[cut][split] = evaluate(
                [item.case for item in items], finder(items, weights, cut)
            )
    return result


def pooled(evaluations: dict[str, Evaluation]) -> Evaluation:
    total = Evaluation()
    for e in evaluations.values():
        total.hidden += e.hidden
        total.must_hide += e.must_hide
        total.kept += e.kept
        total.must_keep += e.must_keep
    return total


def write_model(model: dict, path: Path | None = None) -> None:
    path = path or masking_tagger.MODEL_FILE
    path.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, indent=0) + "\n")


CUTS = (0.1, 0.15, 0.2, 0.3, 0.5, 0.7)
# The cut: the lowest of CUTS at which every ordinary sentence that the reviews of the earlier
# rounds wrote into the masking tests ("Kiitos paljon. Wow", "mulla on maha kipeä", "Pelle oli
# hauska mies", about 220 of them) still stays as written. Leaving one writer out favours a
# lower cut (0.15 hides more and keeps 0.975 of the writers' must-keep spans), but at 0.15 the
# tagger changed 33 of those sentences and at 0.3 18: ordinary feedback a county
# publishes. The sentences are a check the tagger never trains on.
CUT = 0.5


def build(splits: Sequence[str] = TRAINING_SPLITS, c: float = C) -> dict:
    """Train on `splits` (those that exist) and the ordinary texts, measure every cut by leaving
    one writer out, and return the model as written to `name_tagger.json`."""
    available = [s for s in splits if (DATA / f"{s}.jsonl").exists()]
    data = prepare_splits(available)
    ordinary = ordinary_texts()
    by_cut = leave_one_out(data, CUTS, c, ordinary)
    figures = {cut: pooled(by_cut[cut]) for cut in CUTS}
    cut = CUT
    weights = train([item for items in data.values() for item in items] + ordinary, c)
    return {
        "c": c,
        "threshold": cut,
        "training_splits": available,
        "leave_one_writer_out": {
            str(k): {"recall": round(v.recall, 4), "keep_rate": round(v.keep_rate, 4)}
            for k, v in figures.items()
        },
        "weights": weights,
    }
