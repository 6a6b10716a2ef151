"""`suggest(text, language, units, model=None)`: the type, theme and unit Kuulu suggests for a
piece of feedback. No Django; the caller passes the units and, if one is in use, the model."""

from __future__ import annotations

from dataclasses import dataclass

from kuulu.feedback.triage import baseline
from kuulu.feedback.triage.model import TrainedModel
from kuulu.feedback.triage.text import features, language_or_default, words_of
from kuulu.feedback.triage.units import UnitInfo, suggest_unit


@dataclass(frozen=True)
class Suggestion:
    kind: str
    theme: str | None
    unit_id: int | None
    confidence: float  # the lower of the type's and the theme's confidence
    model_version: str
    kind_confidence: float = 0.0
    theme_confidence: float = 0.0
    unit_confidence: float = 0.0


def suggest(
    text: str,
    language: str,
    units: list[UnitInfo],
    model: TrainedModel | None = None,
    *,
    themes: frozenset[str] | None = None,
) -> Suggestion:
    """`themes` limits the theme to the codes the county uses (None: any in the lexicon)."""
    language = language_or_default(language)
    words = words_of(text, language)
    unit_id, unit_confidence = suggest_unit(words, language, units)
    if model is not None:
        (kind, kind_confidence), (theme, theme_confidence) = model.predict(features(text, language))
        theme_or_none: str | None = theme if themes is None or theme in themes else None
        version = model.version
    else:
        kind_guess = baseline.classify_kind(words, language)
        theme_guess = baseline.classify_theme(words, language, themes=themes)
        kind, kind_confidence = kind_guess.label or baseline.FALLBACK_KIND, kind_guess.confidence
        theme_or_none, theme_confidence = theme_guess.label, theme_guess.confidence
        version = baseline.VERSION
    return Suggestion(
        kind=kind,
        theme=theme_or_none,
        unit_id=unit_id,
        confidence=min(kind_confidence, theme_confidence),
        model_version=version,
        kind_confidence=kind_confidence,
        theme_confidence=theme_confidence,
        unit_confidence=unit_confidence,
    )
