from __future__ import annotations

import pytest

from kuulu.outcomes.models import Outcome, OutcomeInput

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_linked_outcomes_and_loads_twice():
    from kuulu.workspace.demo import load_demo

    load_demo()
    load_demo()

    kinds = set(OutcomeInput.objects.values_list("kind", flat=True))
    assert Outcome.objects.count() == 3
    assert Outcome.objects.filter(is_published=True).count() == 2
    assert {"feedback", "panel_statement", "council_statement", "polis_report"} <= kinds
    assert Outcome.objects.exclude(title_sv="").exclude(title_en="").count() == 3
