"""A logged use of a method on the impact trail: registered, masked in public, scoped."""

from __future__ import annotations

from datetime import date

import pytest

from kuulu.methods import services
from kuulu.methods.tests.factories import make_card
from kuulu.outcomes.inputs import adapter as adapter_for

pytestmark = pytest.mark.django_db


def test_method_use_is_an_input_with_a_masked_public_summary(org):
    card = make_card(org.county, name={"fi": "Asukasfoorumi", "sv": "", "en": "Resident forum"})
    use = services.log_use(
        unit=org.team_a1,
        method=card,
        used_on=date(2026, 3, 2),
        with_whom="asukkaat",
        participants=31,
        result="Palaute osoitteeseen liisa.virtanen@example.test otettiin käyttöön.",
    )
    adapter = adapter_for("method_use")
    summary = adapter.public_summary(use)
    assert summary.startswith("Resident forum on 02.03.2026 with 31 participants: ")
    assert "liisa.virtanen@example.test" not in summary
    assert adapter.units(use) == [org.team_a1]
    assert list(
        adapter.received(
            county_id=org.county.pk,
            start=date(2026, 3, 1),
            end=date(2026, 3, 31),
            unit_path=org.unit_a.path,
        )
    ) == [use]
    assert not adapter.received(
        county_id=org.county.pk,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        unit_path=org.unit_b.path,
    ).exists()
    assert adapter.can_view(org.manager, use)
    assert not adapter.can_view(org.other_staff, use)
    assert not adapter.can_view(org.resident, use)
    assert [c.key for c in adapter.search(org.coordinator, org.county.pk, "forum")] == [str(use.pk)]
