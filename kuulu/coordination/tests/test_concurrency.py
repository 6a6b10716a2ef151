"""The coordination model under real concurrency on PostgreSQL."""

import pytest
from django.core.exceptions import ValidationError

from kuulu.coordination import services
from kuulu.coordination.models import CoordinationTask
from kuulu.core.tests.concurrency import race
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.postgres


def test_parallel_additions_of_the_same_task_make_one_and_form_errors(postgres):
    # A double-clicked "Save" posts the new task twice: both requests added it.
    area = services.create_area(county=make_county(), number=1, title_fi="Väylät")
    services.create_task(area=area, title_fi="Kokemusasiantuntijapankki")

    outcomes = race(
        *((lambda: services.create_task(area=area, title_fi="Vertaistoiminta")) for _ in range(3))
    )

    assert [kind for kind, _value in outcomes].count("ok") == 1, outcomes
    assert [(type(exc), list(exc.message_dict)) for kind, exc in outcomes if kind == "error"] == [
        (ValidationError, ["title_fi"])
    ] * 2
    assert list(CoordinationTask.objects.filter(area=area).values_list("title_fi", "order")) == [
        ("Kokemusasiantuntijapankki", 0),
        ("Vertaistoiminta", 1),
    ]
