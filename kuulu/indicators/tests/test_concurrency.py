"""Real concurrency on PostgreSQL: a coordinator's double-clicked Save."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kuulu.core.errors import is_duplicate
from kuulu.core.tests.concurrency import race
from kuulu.indicators import services
from kuulu.indicators.models import ManualIndicator
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.postgres


def test_parallel_creates_of_the_same_code_make_one_indicator_and_field_errors(postgres):
    # Both requests passed the code check; the second insert broke the unique constraint and
    # the coordinator saw a 500.
    county = make_county()
    data = {
        "code": "national-inclusion",
        "name_fi": "Osallisuuden kokemus",
        "definition_fi": "Kansallisen kyselyn tulos.",
        "unit": "%",
        "perspective": "service",
        "direction": "higher",
        "counts_persons": False,
        "is_active": True,
    }

    def create():  # type: ignore[no-untyped-def]
        with translation.override("en"):
            return services.save_manual_indicator(county=county, data=dict(data), actor=None)

    outcomes = race(*(create for _ in range(4)))

    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(refused) == 3
    assert [type(exc).__name__ for exc in refused] == ["ValidationError"] * 3  # not IntegrityError
    assert all(isinstance(exc, ValidationError) and is_duplicate(exc) for exc in refused)
    assert all(
        exc.message_dict == {"code": ["Another manual indicator already has this code."]}
        for exc in refused
    )
    assert ManualIndicator.objects.filter(county=county).count() == 1
