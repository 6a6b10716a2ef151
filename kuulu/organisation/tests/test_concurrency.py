"""Real concurrency on PostgreSQL: two transactions racing on the same rows."""

import pytest
from django.core.exceptions import ValidationError

from kuulu.core.tests.concurrency import race as _race
from kuulu.organisation import services
from kuulu.organisation.models import Person, Unit
from kuulu.organisation.tests.factories import make_county, make_unit

pytestmark = pytest.mark.postgres


def test_concurrent_crossed_moves_never_make_a_cycle(postgres):
    county = make_county()
    a = make_unit(county, code="a")
    b = make_unit(county, code="b")

    for _ in range(5):
        outcomes = _race(
            lambda: services.move_unit(
                unit=Unit.objects.get(pk=a.pk), new_parent=Unit.objects.get(pk=b.pk)
            ),
            lambda: services.move_unit(
                unit=Unit.objects.get(pk=b.pk), new_parent=Unit.objects.get(pk=a.pk)
            ),
        )
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["error", "ok"]
        assert isinstance(next(v for k, v in outcomes if k == "error"), ValidationError)
        a.refresh_from_db()
        b.refresh_from_db()
        # Exactly one is under the other, and the paths agree with the parents.
        assert (a.parent_id == b.pk) != (b.parent_id == a.pk)
        child, parent = (a, b) if a.parent_id == b.pk else (b, a)
        assert child.path == f"{parent.path}{child.pk}/"
        services.move_unit(unit=child, new_parent=None)


def test_concurrent_people_with_the_same_email_leave_one_row(postgres):
    county = make_county()

    def create():
        return services.create_person(
            county=county,
            data={
                "kind": "resident",
                "first_name": "Sama",
                "last_name": "Osoite",
                "email": "sama@example.test",
            },
        )

    outcomes = _race(create, create, create)
    assert sorted(kind for kind, _ in outcomes) == ["error", "error", "ok"]
    assert all(isinstance(v, ValidationError) for k, v in outcomes if k == "error")
    assert Person.objects.filter(email="sama@example.test").count() == 1
