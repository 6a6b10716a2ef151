"""The triage suggestion for a county's feedback: its units and themes from the database, the
county's retrained model if it has a good one (else the shipped model), and the pure engine."""

from __future__ import annotations

import logging

from kuulu.feedback.models import Theme
from kuulu.feedback.triage.classifier import has_explicit_complaint_words
from kuulu.feedback.triage.engine import Suggestion
from kuulu.feedback.triage.engine import suggest as suggest_from_text
from kuulu.feedback.triage.store import model_for
from kuulu.feedback.triage.units import UnitInfo
from kuulu.organisation.models import County, Unit

logger = logging.getLogger(__name__)


def units_of(county: County) -> list[UnitInfo]:
    rows = Unit.objects.filter(county=county, is_active=True).values_list(
        "pk", "name_fi", "name_sv", "name_en", "code"
    )
    return [
        UnitInfo(
            id=pk,
            names=tuple(name for name in (fi, sv, en) if name),
            keywords=(code.replace("-", " "),) if code else (),
        )
        for pk, fi, sv, en, code in rows
    ]


def theme_codes_of(county: County) -> frozenset[str]:
    return frozenset(
        Theme.objects.filter(county=county, is_active=True).values_list("code", flat=True)
    )


def suggest_for_county(text: str, *, county: County, language: str) -> Suggestion:
    return suggest_from_text(
        text, language, units_of(county), model_for(county.pk), themes=theme_codes_of(county)
    )


def complaint_choice_for(text: str, *, county: County | None, language: str) -> bool:
    """Should the feedback form offer this writer the formal complaint? The complaint model
    only (words and character n-grams, no lemmatiser), so it is light for a web request."""
    try:
        model = model_for(county.pk if county is not None else None, build=False)
        if model is None:  # not built yet on this server: the worker builds it
            from kuulu.feedback.triage.tasks import build_shipped_model

            logger.warning("triage: no shipped model cached yet; explicit-word rules for now")
            build_shipped_model.enqueue()
            return has_explicit_complaint_words(text)
        return model.complaint_choice(text, language)
    except Exception:  # never leave the writer without the choice because of a model fault
        logger.warning("triage: complaint model unavailable; using the explicit-word rules")
        return has_explicit_complaint_words(text)
