"""`suggest(text, language, units, model=None)`: the type, theme, unit and formal-complaint
choice Kuulu suggests for a piece of feedback. No Django; the caller passes the units and the
model (a `Bundle`; None uses the lexicon baseline, kept for comparison)."""

from __future__ import annotations

from dataclasses import dataclass

from kuulu.feedback.triage import baseline
from kuulu.feedback.triage.bundle import Bundle
from kuulu.feedback.triage.classifier import has_explicit_complaint_words
from kuulu.feedback.triage.text import language_or_default, words_of
from kuulu.feedback.triage.units import UnitInfo, suggest_unit


@dataclass(frozen=True)
class Suggestion:
    kind: str
    theme: str | None
    unit_id: int | None
    confidence: float  # the lower of the type's and the theme's calibrated confidence
    model_version: str
    kind_confidence: float = 0.0
    theme_confidence: float = 0.0
    unit_confidence: float = 0.0
    # The type's calibrated confidence is below the model's threshold (chosen on the dev split
    # so that confident types are right 9 times in 10): the handler is asked to check.
    unsure: bool = True
    theme_unsure: bool = True
    # Should the form offer this writer the formal complaint (muistutus)?
    complaint_choice: bool = False
    complaint_probability: float = 0.0
    # When the theme is not sure: the runner-up among the county's themes, which the handler
    # sees next to the suggestion (the right theme is one of the two for 84 % of dev texts).
    theme_alternative: str | None = None

    @property
    def is_confident(self) -> bool:
        return not self.unsure


def suggest(
    text: str,
    language: str,
    units: list[UnitInfo],
    model: Bundle | None = None,
    *,
    themes: frozenset[str] | None = None,
) -> Suggestion:
    """`themes` limits the theme to the codes the county uses (None: any)."""
    language = language_or_default(language)
    words = words_of(text, language)
    unit_id, unit_confidence = suggest_unit(words, language, units)
    if model is not None:
        p = model.predict(text, language)
        allowed = [(c, conf) for c, conf in p.theme_ranking if themes is None or c in themes]
        theme, theme_confidence = allowed[0] if allowed else (None, 0.0)
        theme_unsure = p.unreadable or theme_confidence < model.theme_threshold
        alternative = allowed[1][0] if theme_unsure and len(allowed) > 1 else None
        return Suggestion(
            kind=p.kind,
            theme=theme,
            unit_id=unit_id,
            confidence=min(p.kind_confidence, theme_confidence),
            model_version=model.version,
            kind_confidence=p.kind_confidence,
            theme_confidence=theme_confidence,
            unit_confidence=unit_confidence,
            unsure=p.unsure,
            theme_unsure=theme_unsure,
            complaint_choice=p.complaint_choice,
            complaint_probability=p.complaint_probability,
            theme_alternative=alternative,
        )
    kind_guess = baseline.classify_kind(words, language)
    theme_guess = baseline.classify_theme(words, language, themes=themes)
    kind_confidence = kind_guess.confidence
    return Suggestion(
        kind=kind_guess.label or baseline.FALLBACK_KIND,
        theme=theme_guess.label,
        unit_id=unit_id,
        confidence=min(kind_confidence, theme_guess.confidence),
        model_version=baseline.VERSION,
        kind_confidence=kind_confidence,
        theme_confidence=theme_guess.confidence,
        unit_confidence=unit_confidence,
        unsure=True,
        complaint_choice=has_explicit_complaint_words(text),
    )
