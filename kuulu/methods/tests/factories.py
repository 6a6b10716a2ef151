"""Method-bank test data, built with the services the product uses."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from kuulu.methods import services
from kuulu.methods.models import MethodCard
from kuulu.organisation.models import County

_seq = itertools.count(1)


def card_data(**overrides: Any) -> dict[str, Any]:
    n = next(_seq)
    data: dict[str, Any] = {
        "uid": str(uuid.uuid4()),
        "slug": f"method-{n}",
        "name": {"fi": f"Menetelmä {n}", "sv": f"Metod {n}", "en": f"Method {n}"},
        "summary": {"fi": "Tiivistelmä.", "sv": "Sammanfattning.", "en": "Summary."},
        "steps": {"fi": "Suunnittele\nToteuta", "sv": "", "en": "Plan\nRun"},
        "perspectives": ["service"],
        "audiences": ["residents"],
        "effort": "light",
        "cost": "none",
        "tool": "",
    }
    data.update(overrides)
    return data


def document(*cards: dict[str, Any], county: str = "Testin hyvinvointialue") -> dict[str, Any]:
    return {
        "format": "kuulu-method-cards",
        "version": 1,
        "provenance": {"county": county},
        "licence": "CC-BY-4.0",
        "cards": list(cards),
    }


def make_card(county: County, *, publish: bool = True, **overrides: Any) -> MethodCard:
    data = card_data(**overrides)
    services.import_cards(county=county, document=document(data), publish=publish)
    return MethodCard.objects.get(county=county, uid=data["uid"])
