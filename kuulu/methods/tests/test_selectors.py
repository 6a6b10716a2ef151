"""Card search with filters, the expert pool search and the adoption figures."""

from __future__ import annotations

from datetime import date

import pytest

from kuulu.methods import selectors, services
from kuulu.methods.tests.factories import make_card
from kuulu.organisation.tests.factories import make_municipality, make_unit

pytestmark = pytest.mark.django_db


def _names(filters: selectors.CardFilters) -> list[str]:
    return sorted(c.name_fi for c in selectors.published_cards(filters=filters))


def test_search_filters_combine(org):
    make_card(
        org.county,
        name={"fi": "Asukasraati", "sv": "Invånarpanel", "en": "Resident panel"},
        perspectives=["strategy"],
        audiences=["residents"],
        effort="heavy",
        cost="high",
        tool="panels",
    )
    make_card(
        org.county,
        name={"fi": "Lapsivaikutusten arviointi", "sv": "", "en": ""},
        perspectives=["strategy", "development"],
        audiences=["children"],
        effort="medium",
        cost="low",
        tool="assessments",
    )
    make_card(org.county, name={"fi": "Luonnos", "sv": "", "en": ""}, publish=False)
    f = selectors.CardFilters
    assert _names(f()) == ["Asukasraati", "Lapsivaikutusten arviointi"]
    assert _names(f(perspective="development")) == ["Lapsivaikutusten arviointi"]
    assert _names(f(audience="residents", effort="heavy")) == ["Asukasraati"]
    assert _names(f(cost="low", tool="panels")) == []
    assert _names(f(q="invånar")) == ["Asukasraati"]
    assert _names(f(tool="assessments", q="lapsi")) == ["Lapsivaikutusten arviointi"]


def test_expert_search_by_method_municipality_and_language(org):
    forum = make_card(org.county)
    panel = make_card(org.county)
    kajaani = org.county.municipalities.get(code="205")
    sotkamo = make_municipality(org.county, code="765", name_fi="Sotkamo")
    a = services.add_expert(
        county=org.county, person=org.staff_person, languages=["fi"], municipalities=[kajaani]
    )
    b = services.add_expert(
        county=org.county,
        person=org.other_staff_person,
        languages=["fi", "sv"],
        municipalities=[sotkamo],
    )
    services.add_skill(expert=a, method=forum, trained_on=date(2025, 3, 1), earlier_uses=1)
    services.add_skill(expert=b, method=panel)
    services.add_skill(expert=b, method=forum)
    services.log_use(
        unit=org.unit_a,
        method=forum,
        used_on=date(2026, 2, 1),
        with_whom="asukkaat",
        participants=12,
        expert=a,
    )

    def ids(**kw):  # type: ignore[no-untyped-def]
        return sorted(r.expert.pk for r in selectors.experts(county=org.county, **kw))

    assert ids(method_id=forum.pk) == sorted([a.pk, b.pk])
    assert ids(method_id=panel.pk) == [b.pk]
    assert ids(language="sv") == [b.pk]
    assert ids(municipality_id=kajaani.pk) == [a.pk]
    row = selectors.experts(county=org.county, municipality_id=kajaani.pk)[0]
    assert [(m.pk, on, used) for m, on, _by, used in row.methods] == [
        (forum.pk, date(2025, 3, 1), 2)
    ]


def test_adoption_by_unit_method_and_year_with_units_without(org):
    forum = make_card(org.county, name={"fi": "Asukasfoorumi", "sv": "", "en": ""})
    panel = make_card(org.county, name={"fi": "Asukasraati", "sv": "", "en": ""})
    make_unit(org.county, parent=org.area_b, code="quiet", name_fi="Hiljainen yksikkö")
    for unit, method, day, n in [
        (org.team_a1, forum, date(2025, 5, 1), 10),  # a team's use counts for its unit
        (org.unit_a, forum, date(2026, 1, 10), 5),
        (org.unit_a, panel, date(2026, 2, 10), 20),
        (org.unit_b, panel, date(2024, 1, 1), 7),  # outside the period
    ]:
        services.log_use(unit=unit, method=method, used_on=day, with_whom="x", participants=n)
    figures = selectors.adoption(county=org.county, start=date(2025, 1, 1), end=date(2026, 6, 30))
    assert figures.years == [2025, 2026]
    assert figures.total_uses == 3
    assert [(r.unit.code, r.per_year, r.uses, r.participants, r.methods) for r in figures.rows] == [
        ("unit-a", [0, 2], 2, 25, ["Asukasfoorumi", "Asukasraati"]),
        ("team-a1", [1, 0], 1, 10, ["Asukasfoorumi"]),
    ]
    assert figures.by_method == [("Asukasfoorumi", 2, 2, 15), ("Asukasraati", 1, 1, 20)]
    assert sorted(u.code for u in figures.units_without) == ["quiet", "unit-b"]
    assert (figures.units_using, figures.units_total) == (1, 3)


def test_only_web_links_and_site_paths_become_material_links(org):
    card = make_card(
        org.county,
        materials={
            "fi": "Kurssi | /fi/learning/\nOpas | https://example.test/opas\n"
            "Paha | javascript:alert(1)\nToinen | //evil.test/x\nPelkkä otsikko",
            "sv": "",
            "en": "",
        },
    )
    assert card.material_list() == [
        ("Kurssi", "/fi/learning/"),
        ("Opas", "https://example.test/opas"),
        ("Paha", ""),
        ("Toinen", ""),
        ("Pelkkä otsikko", ""),
    ]
