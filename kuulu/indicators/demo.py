"""Demo data of the indicators app for the demo county: two manual indicators with values, so
that the dashboard shows them beside the computed ones."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from kuulu.indicators.models import ManualIndicator, ManualValue
from kuulu.indicators.types import Period
from kuulu.organisation.models import County

NATIONAL = {
    "code": "national-influence-experience",
    "name_fi": "Kokemus vaikutusmahdollisuuksista (kansallinen kysely)",
    "name_sv": "Upplevelse av möjligheter att påverka (nationell enkät)",
    "name_en": "Experience of being able to influence (national survey)",
    "definition_fi": (
        "Niiden vastaajien osuus, jotka kokevat voivansa vaikuttaa hyvinvointialueen palveluihin, "
        "THL:n kansallisesta väestökyselystä (alueen tulos)."
    ),
    "definition_sv": (
        "Andelen svarande som upplever att de kan påverka välfärdsområdets tjänster, enligt "
        "THL:s nationella befolkningsenkät (områdets resultat)."
    ),
    "definition_en": (
        "The share of respondents who feel they can influence the county's services, from THL's "
        "national population survey (the county's result)."
    ),
    "unit": "%",
    "perspective": "strategy",
    "direction": "higher",
    "min_value": Decimal(0),
    "max_value": Decimal(100),
    "counts_persons": True,
}
PLANS = {
    "code": "units-with-participation-plan",
    "name_fi": "Yksiköt, joilla on osallisuussuunnitelma",
    "name_sv": "Enheter med en delaktighetsplan",
    "name_en": "Units with a participation plan",
    "definition_fi": "Niiden yksiköiden osuus, joilla on voimassa oleva osallisuussuunnitelma.",
    "definition_sv": "Andelen enheter som har en gällande delaktighetsplan.",
    "definition_en": "The share of units that have a participation plan in force.",
    "unit": "%",
    "perspective": "development",
    "direction": "higher",
    "min_value": Decimal(0),
    "max_value": Decimal(100),
    "counts_persons": False,
}


def load_indicators_demo(county: County) -> int:
    """Create the demo rows once; return how many were created now."""
    created = 0
    today = timezone.localdate()
    national, new = ManualIndicator.objects.get_or_create(
        county=county, code=NATIONAL["code"], defaults=NATIONAL
    )
    created += new
    for offset, (value, persons) in enumerate([("31.4", 2150), ("33.0", 2210), ("35.2", 1984)]):
        period = Period.year(today.year - 3 + offset)
        _row, new = ManualValue.objects.get_or_create(
            indicator=national,
            period_start=period.start,
            period_end=period.end,
            unit=None,
            defaults={
                "value": Decimal(value),
                "persons": persons,
                "source_note": "THL, FinSote / Terve Suomi",
            },
        )
        created += new
    plans, new = ManualIndicator.objects.get_or_create(
        county=county, code=PLANS["code"], defaults=PLANS
    )
    created += new
    from kuulu.indicators.selectors import last_quarters

    for quarter, value in zip(
        last_quarters(today=today, count=6), ["22", "28", "35", "41", "47", "52"], strict=True
    ):
        _row, new = ManualValue.objects.get_or_create(
            indicator=plans,
            period_start=quarter.start,
            period_end=quarter.end,
            unit=None,
            defaults={"value": Decimal(value), "source_note": "Osallisuuskoordinaattori"},
        )
        created += new
    return created
