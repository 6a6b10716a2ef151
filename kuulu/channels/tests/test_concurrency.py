"""Real concurrency on PostgreSQL: two coordinators filling the same seat at the same moment,
the same application sent twice at once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from kuulu.channels import services
from kuulu.channels.models import Application, Channel, Membership
from kuulu.channels.tests.factories import make_council
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_county, make_person
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_concurrent_overlapping_terms_for_one_seat_leave_exactly_one(postgres):
    county = make_county()
    council = make_council(county)

    for round_number in range(5):
        seat = f"seat {round_number}"
        # New people each round: one person's second term as a member for the same days is
        # refused before the seat is looked at.
        first, second = (make_person(county, with_user=False).pk for _ in range(2))

        def add(person_id, seat=seat):
            return services.add_membership(
                channel=Channel.objects.get(pk=council.pk),
                person=Person.objects.get(pk=person_id),
                seat=seat,
                term_start=date(2026, 1, 1),
                term_end=date(2027, 12, 31),
            )

        outcomes = _race(lambda pk=first: add(pk), lambda pk=second: add(pk))
        assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
        error = next(value for kind, value in outcomes if kind == "error")
        assert isinstance(error, ValidationError)
        assert "seat" in error.message_dict
        assert Membership.objects.filter(channel=council, seat=seat).count() == 1


def test_the_same_application_sent_twice_at_once_is_stored_once(postgres):
    county = make_county()
    council = make_council(county)

    def send():
        return services.submit_application(
            channel=Channel.objects.get(pk=council.pk),
            name="Maija Meikäläinen",
            email="maija@example.test",
            motivation="Haluan vaikuttaa.",
            consent=True,
        )

    for _round in range(5):
        Application.objects.all().delete()
        outcomes = _race(send, send)
        assert [kind for kind, _ in outcomes] == ["ok", "ok"]
        assert outcomes[0][1].pk == outcomes[1][1].pk
        assert Application.objects.count() == 1
