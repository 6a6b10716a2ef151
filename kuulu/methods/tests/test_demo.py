"""The demo data loads through the import, is idempotent and has what the issue asks for."""

from __future__ import annotations

import pytest

from kuulu.methods import services
from kuulu.methods.demo import load_methods_demo
from kuulu.methods.models import MethodCard, MethodExpert, MethodUse, SupportRequest
from kuulu.organisation.tests.factories import make_municipality, make_person, make_unit

pytestmark = pytest.mark.django_db

SLUGS = {
    "asukasraati",
    "polis-keskustelu",
    "osallistuva-budjetointi",
    "eratauko",
    "asiakasraati",
    "kokemusasiantuntija-parityo",
    "kehittajaasiakasryhma",
    "asukasfoorumi",
    "sanapeli",
    "palikkatyopaja",
    "asiakasprofiili",
    "nakokulman-vaihto",
    "palautteesta-kehittaminen",
    "lapsivaikutusten-arviointi",
    "vaikutusten-ennakkoarviointi",
}


def test_demo_cards_experts_and_uses(org):
    make_municipality(org.county, code="765", name_fi="Sotkamo")
    area = make_unit(org.county, code="family", name_fi="Perhepalvelut 2")
    family = make_unit(org.county, parent=area, code="family-centre", name_fi="Perhekeskus 2")
    older = make_unit(org.county, parent=org.area_a, code="older-homecare", name_fi="Kotihoito 2")
    make_person(org.county, kind="staff", unit=family, email="perhekeskus@kuulu.example")
    make_person(org.county, kind="staff", unit=older, email="sosiaalityontekija@kuulu.example")

    first = load_methods_demo(org.county)
    assert load_methods_demo(org.county) == 0
    cards = MethodCard.objects.filter(county=org.county)
    assert set(cards.values_list("slug", flat=True)) == SLUGS
    assert first == 15 + 2 + 6 + 4 + 1  # cards, experts, skills, uses of units that exist, support
    for card in cards:
        assert card.status == "published"
        for field in ("name", "summary", "when_to_use", "steps", "accessibility", "duration"):
            for lang in ("fi", "sv", "en"):
                assert getattr(card, f"{field}_{lang}"), (card.slug, field, lang)
        assert not services.is_locally_edited(card)
    assert cards.get(slug="eratauko").tool_path == "/assessments/"
    assert cards.get(slug="lapsivaikutusten-arviointi").tool == "assessments"
    assert MethodExpert.objects.count() == 2
    assert MethodUse.objects.filter(unit=family).count() == 2
    assert SupportRequest.objects.get().unit == older
