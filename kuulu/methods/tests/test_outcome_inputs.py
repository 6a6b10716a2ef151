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


def test_the_public_trail_names_only_published_method_cards(org):
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from kuulu.outcomes.publishing import publish_outcome
    from kuulu.outcomes.tests.factories import link, make_outcome

    published = make_card(org.county, name={"fi": "Asukasfoorumi", "sv": "", "en": "Forum"})
    draft = make_card(
        org.county, publish=False, name={"fi": "Salainen luonnos", "sv": "", "en": "Draft idea"}
    )
    uses = [
        services.log_use(
            unit=org.team_a1,
            method=card,
            used_on=date(2026, 3, 2),
            with_whom="asukkaat",
            participants=12,
            result="Opimme paljon.",
        )
        for card in (published, draft)
    ]
    outcome = make_outcome(org.county, units=[org.unit_a])
    for use in uses:
        link(outcome, "method_use", use)
    publish_outcome(outcome=outcome, now=timezone.now())

    adapter = adapter_for("method_use")
    assert (
        adapter.public_summary(uses[0])
        == "Forum on 02.03.2026 with 12 participants: Opimme paljon."
    )
    assert adapter.public_summary(uses[1]) == (
        "An unpublished method on 02.03.2026 with 12 participants: Opimme paljon."
    )
    page = Client().get(reverse("outcomes:detail", args=[outcome.pk])).content.decode()
    assert "Forum on 02.03.2026" in page
    assert "An unpublished method on 02.03.2026" in page
    assert "Draft idea" not in page
    api = Client().get(f"/api/v1/outcomes/{outcome.pk}").json()  # in Finnish, the default
    assert sorted(row["summary"] for row in api["inputs"]) == [
        "Asukasfoorumi 02.03.2026, 12 osallistujaa: Opimme paljon.",
        "Julkaisematon menetelmä 02.03.2026, 12 osallistujaa: Opimme paljon.",
    ]
