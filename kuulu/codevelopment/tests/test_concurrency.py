"""Real concurrency on PostgreSQL: leaders pressing the same button twice at the same moment."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from kuulu.codevelopment import services
from kuulu.codevelopment.models import Participant, WorkshopSession
from kuulu.codevelopment.tests.factories import make_series
from kuulu.core.tests.concurrency import race

pytestmark = pytest.mark.postgres


def _session_with_registration(org):  # type: ignore[no-untyped-def]
    series = make_series(org)
    session = services.add_session(series=series, title="1", held_on=date(2026, 3, 1))
    starts = timezone.now() + timedelta(days=30)
    event_session = services.open_registration(
        session=session, starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=10
    )
    return series, session, event_session


def test_adding_the_registered_twice_at_once_adds_each_person_once(postgres, org):
    from kuulu.events.models import Registration

    series, session, event_session = _session_with_registration(org)
    Registration.objects.create(
        session=event_session,
        user=org.manager,
        name="M",
        email="m@example.test",
        status="attending",
    )
    for i in range(3):
        Registration.objects.create(
            session=event_session,
            name=f"Vieras {i}",
            email=f"g{i}@example.test",
            status="attending",
        )

    def add():  # type: ignore[no-untyped-def]
        return services.import_registrations(session=WorkshopSession.objects.get(pk=session.pk))

    outcomes = race(add, add)
    assert sorted(outcomes) == [("ok", 0), ("ok", 4)]
    assert Participant.objects.filter(series=series).count() == 4


def test_opening_registration_twice_at_once_makes_one_event(postgres, org):
    # A double click on "Open registration" left a second published staff event in the training
    # calendar, linked to nothing: people registering there never reached the group.
    from django.core.exceptions import ValidationError

    from kuulu.events.models import Event

    series = make_series(org)
    session = services.add_session(series=series, title="1", held_on=date(2026, 3, 1))
    starts = timezone.now() + timedelta(days=30)

    def open_it():  # type: ignore[no-untyped-def]
        with translation.override("en"):  # a thread starts in the default language
            return services.open_registration(
                session=WorkshopSession.objects.select_related("series").get(pk=session.pk),
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                capacity=10,
            )

    outcomes = race(open_it, open_it)
    assert sorted(kind for kind, _result in outcomes) == ["error", "ok"]
    error = next(result for kind, result in outcomes if kind == "error")
    assert isinstance(error, ValidationError)
    assert error.messages == ["This workshop already has a registration."]
    assert Event.objects.count() == 1
    session.refresh_from_db()
    assert session.event_session.event_id == Event.objects.get().pk
