"""The baseline classifier: lexicon hits over words and lemmas. No Django.

Each type and theme scores one point per distinct lexicon entry found in the text; a question
mark adds 1.5 to "question". The highest score wins; ties go to the type listed first in
`KIND_PRIORITY` (a text that thanks and complains is handled as dissatisfaction, because that is
the one that needs an answer). With no hit at all the type falls back to dissatisfaction and the
theme to none, both with low confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kuulu.feedback.triage.lexicon import KINDS, THEMES
from kuulu.feedback.triage.text import Words

VERSION = "baseline-1"
KIND_PRIORITY = ("dissatisfaction", "question", "idea", "praise")
FALLBACK_KIND = "dissatisfaction"


@dataclass(frozen=True)
class Pattern:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    parts: tuple[str, ...]
    phrases: re.Pattern[str] | None

    def hits(self, words: Words) -> int:
        vocabulary = words.vocabulary
        count = len(self.exact & vocabulary)
        for prefix in self.prefixes:
            if any(v.startswith(prefix) for v in vocabulary):
                count += 1
        for part in self.parts:
            if any(part in v for v in vocabulary):
                count += 1
        if self.phrases is not None:
            count += len(set(self.phrases.findall(words.joined)))
        return count


def _compile(entries: tuple[str, ...]) -> Pattern:
    exact, prefixes, parts, phrases = set(), [], [], []
    for entry in entries:
        entry = entry.lower()
        if " " in entry:
            phrases.append(re.escape(entry).replace(r"\*", r"\w*"))
        elif entry.startswith("*") and entry.endswith("*"):
            parts.append(entry.strip("*"))
        elif entry.endswith("*"):
            prefixes.append(entry.rstrip("*"))
        else:
            exact.add(entry.lstrip("*"))
    regex = re.compile(r"(?<= )(?:" + "|".join(phrases) + r")(?= )") if phrases else None
    return Pattern(frozenset(exact), tuple(prefixes), tuple(parts), regex)


@cache
def _patterns(table: str, language: str) -> dict[str, Pattern]:
    source = KINDS if table == "kinds" else THEMES
    return {key: _compile(by_language.get(language, ())) for key, by_language in source.items()}


@dataclass(frozen=True)
class Guess:
    label: str | None
    confidence: float


def _confidence(best: float, total: float) -> float:
    return round(best / (total + 1.0), 3)


def classify_kind(words: Words, language: str) -> Guess:
    scores = {k: float(p.hits(words)) for k, p in _patterns("kinds", language).items()}
    if words.has_question_mark:
        scores["question"] += 1.5
    total = sum(scores.values())
    if not total:
        return Guess(FALLBACK_KIND, 0.2)
    best = max(KIND_PRIORITY, key=lambda k: (scores[k], -KIND_PRIORITY.index(k)))
    return Guess(best, _confidence(scores[best], total))


def classify_theme(words: Words, language: str, *, themes: frozenset[str] | None = None) -> Guess:
    """The best theme among `themes` (default: every theme in the lexicon)."""
    scores = {
        code: float(p.hits(words))
        for code, p in _patterns("themes", language).items()
        if themes is None or code in themes
    }
    total = sum(scores.values())
    if not total:
        return Guess(None, 0.0)
    order = list(THEMES)
    best = max(scores, key=lambda code: (scores[code], -order.index(code)))
    return Guess(best, _confidence(scores[best], total))
