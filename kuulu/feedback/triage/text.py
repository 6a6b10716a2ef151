"""Words and lemmas of a feedback text (simplemma). No Django.

simplemma loads a language's dictionary on first use: Finnish takes a couple of seconds and
several hundred megabytes, so triage runs in the task worker, never in a web request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

LANGUAGES = ("fi", "sv", "en")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def language_or_default(language: str) -> str:
    language = (language or "").lower()[:2]
    return language if language in LANGUAGES else "fi"


@lru_cache(maxsize=50_000)
def lemma(word: str, language: str) -> str:
    import simplemma

    return simplemma.lemmatize(word, lang=language).lower()


@dataclass(frozen=True)
class Words:
    """The lower-case words of a text, their lemmas, and the words joined for phrase matching."""

    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    joined: str
    has_question_mark: bool

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self.words) | frozenset(self.lemmas)


def words_of(text: str, language: str) -> Words:
    language = language_or_default(language)
    words = tuple(w.lower() for w in _WORD.findall(text or ""))
    lemmas = tuple(lemma(w, language) for w in words)
    return Words(
        words=words,
        lemmas=lemmas,
        joined=" " + " ".join(words) + " ",
        has_question_mark="?" in (text or ""),
    )


def features(text: str, language: str) -> list[str]:
    """What the trained model sees: lemmas, lemma pairs and the question mark."""
    parsed = words_of(text, language)
    lemmas = list(parsed.lemmas)
    pairs = [f"{a}_{b}" for a, b in pairwise(lemmas)]
    extra = ["<?>"] if parsed.has_question_mark else []
    return lemmas + pairs + extra
