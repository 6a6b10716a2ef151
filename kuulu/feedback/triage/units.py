"""Suggesting the unit a text is about from the unit names and keywords. No Django.

Every word of a unit's names (all languages) and keywords, and its lemma, is a clue; a clue
shared by several units counts for less (1 / the number of units that have it), so
"Kajaanin terveysasema" beats "Sotkamon terveysasema" on the word "Kajaanin". A tie between the
best units gives no suggestion: routing to the wrong unit is worse than leaving it to a handler.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kuulu.feedback.triage.lexicon import UNIT_STOPWORDS
from kuulu.feedback.triage.text import Words, lemma, words_of

MIN_CLUE_LENGTH = 3
PREFIX_CLUE_LENGTH = 6  # a clue this long also matches words that start with it (compounds)


@dataclass(frozen=True)
class UnitInfo:
    id: int
    names: tuple[str, ...]
    keywords: tuple[str, ...] = ()


def _clues(unit: UnitInfo, language: str) -> dict[str, frozenset[str]]:
    """Each distinct word of the unit's names and keywords, keyed by its lemma, with the forms
    (the word and its lemma) that count as that clue being present."""
    clues: dict[str, set[str]] = {}
    for text in (*unit.names, *unit.keywords):
        for word in words_of(text, language).words:
            base = lemma(word, language)
            if len(word) < MIN_CLUE_LENGTH or word in UNIT_STOPWORDS or base in UNIT_STOPWORDS:
                continue
            clues.setdefault(base, {base}).add(word)
    return {base: frozenset(forms) for base, forms in clues.items()}


def _present(forms: frozenset[str], vocabulary: frozenset[str]) -> bool:
    if forms & vocabulary:
        return True
    long_forms = [f for f in forms if len(f) >= PREFIX_CLUE_LENGTH]
    return any(v.startswith(f) for f in long_forms for v in vocabulary)


def suggest_unit(words: Words, language: str, units: list[UnitInfo]) -> tuple[int | None, float]:
    """The best-matching unit's id and a confidence in 0..1, or (None, 0.0)."""
    if not units or not words.words:
        return None, 0.0
    clues = {unit.id: _clues(unit, language) for unit in units}
    frequency = Counter(clue for unit_clues in clues.values() for clue in unit_clues)
    vocabulary = words.vocabulary
    scores: dict[int, float] = {}
    for unit_id, unit_clues in clues.items():
        score = sum(
            1.0 / frequency[base]
            for base, forms in unit_clues.items()
            if _present(forms, vocabulary)
        )
        if score:
            scores[unit_id] = score
    if not scores:
        return None, 0.0
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None, 0.0
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return best_id, round(min(1.0, (best - runner_up) / best * min(best, 1.0)), 3)
