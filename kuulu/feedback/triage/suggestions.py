"""The triage suggestion for a county's feedback: its units and themes from the database, the
retrained model if one is in use, and the pure engine."""

from __future__ import annotations

from kuulu.feedback.models import Theme
from kuulu.feedback.triage.engine import Suggestion
from kuulu.feedback.triage.engine import suggest as suggest_from_text
from kuulu.feedback.triage.store import load_model
from kuulu.feedback.triage.units import UnitInfo
from kuulu.organisation.models import County, Unit


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
        text, language, units_of(county), load_model(), themes=theme_codes_of(county)
    )
