"""The labelled corpus and its locked train/dev/test split. No Django.

`data/corpus/*.jsonl` holds feedback texts written for the project in Finnish, Swedish and
English (one JSON object a line: id, lang, text, kind, theme, wants_formal_complaint, style).
Each text belongs to one split by a hash of its id alone, so the split never depends on the
order of the files, on which other texts exist, or on a random seed: adding texts never moves
an old text from one split to another.

- train (60 %): what the shipped model and the county models learn from;
- dev (20 %): for choosing features, hyperparameters and thresholds, and for the retraining
  guard (a county model replaces the one in use only if it is not worse on dev);
- test (20 %): locked. `examples("test")` raises `LockedSplit` unless `final=True`; the
  evaluation command passes `final=True` only with `--final`, and records every such run in
  docs/TRIAGE.md.

The older `data/labelled.tsv` (180 texts written from the lexicons) is used for training only.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
CORPUS_DIR = DATA / "corpus"
LEXICON_EXAMPLES = DATA / "labelled.tsv"
SPLIT_SALT = "kuulu-triage-split-1"
SPLITS = ("train", "dev", "test")
KINDS = ("praise", "idea", "question", "dissatisfaction")
THEMES = (
    "access",
    "waiting",
    "being_met",
    "information",
    "safety",
    "accessibility",
    "staff_conduct",
    "facilities",
    "digital",
    "costs",
)
LANGUAGES = ("fi", "sv", "en")


class LockedSplit(PermissionError):
    """The test split was asked for without `final=True`."""


@dataclass(frozen=True)
class Item:
    id: str
    language: str
    text: str
    kind: str
    theme: str
    wants_complaint: bool
    style: tuple[str, ...] = field(default=())
    source: str = "corpus"


def split_of(item_id: str) -> str:
    """train, dev or test: the first 8 bytes of sha256(salt:id) modulo 100 (<60, <80, else)."""
    digest = hashlib.sha256(f"{SPLIT_SALT}:{item_id}".encode()).digest()
    bucket = int.from_bytes(digest[:8], "big") % 100
    return "train" if bucket < 60 else "dev" if bucket < 80 else "test"


def _parse(line: str) -> Item | None:
    try:
        row = json.loads(line)
        item = Item(
            id=str(row["id"]),
            language=str(row["lang"]),
            text=str(row["text"]),
            kind=str(row["kind"]),
            theme=str(row["theme"]),
            wants_complaint=bool(row.get("wants_formal_complaint", False)),
            style=tuple(str(s) for s in row.get("style") or ()),
        )
    except (ValueError, KeyError, TypeError):
        return None
    if (
        not item.text.strip()
        or item.kind not in KINDS
        or item.theme not in THEMES
        or item.language not in LANGUAGES
    ):
        return None
    return item


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def load_corpus(directory: Path = CORPUS_DIR) -> list[Item]:
    """Every valid line of every file, in file and line order; duplicate ids keep the first."""
    items: list[Item] = []
    seen: set[str] = set()
    skipped = 0
    for path in corpus_files(directory):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = _parse(line)
            if item is None or item.id in seen:
                skipped += 1
                continue
            seen.add(item.id)
            items.append(item)
    if skipped:
        logger.warning("triage corpus: %d lines skipped (invalid or duplicate id)", skipped)
    return items


def lexicon_examples(path: Path = LEXICON_EXAMPLES) -> list[Item]:
    """The older 180 texts (training only: they were written from the lexicons)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Item(
                id=f"lexicon-{n}",
                language=row["language"],
                text=row["text"],
                kind=row["kind"],
                theme=row["theme"],
                wants_complaint=False,
                source="lexicon",
            )
            for n, row in enumerate(reader)
            if row["kind"] in KINDS and row["theme"] in THEMES
        ]


def examples(
    split: str,
    *,
    final: bool = False,
    directory: Path = CORPUS_DIR,
    with_lexicon_examples: bool = False,
) -> list[Item]:
    """The corpus items of `split`. The test split needs `final=True` (see the module text)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}")
    if split == "test" and not final:
        raise LockedSplit("The test split is locked: evaluate on it only with --final.")
    chosen = [item for item in load_corpus(directory) if split_of(item.id) == split]
    if with_lexicon_examples and split == "train":
        chosen += lexicon_examples()
    return chosen


_fingerprints: dict[tuple, str] = {}


def corpus_fingerprint(directory: Path = CORPUS_DIR) -> str:
    """A short hash of the corpus files' contents (the shipped model's cache key), recomputed
    only when a file's size or modification time changes."""
    paths = [*corpus_files(directory), LEXICON_EXAMPLES]
    key = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    if key not in _fingerprints:
        _fingerprints.clear()
        _fingerprints[key] = _fingerprint(directory)
    return _fingerprints[key]


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update(LEXICON_EXAMPLES.read_bytes())
    return digest.hexdigest()[:16]


def counts(items: Iterable[Item]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for item in items:
        tally[item.language] = tally.get(item.language, 0) + 1
    return dict(sorted(tally.items()))
