"""Capacity under real concurrency on PostgreSQL."""

import pytest

from kuulu.events import services
from kuulu.events.models import Registration, Session
from kuulu.events.tests.factories import make_session
from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def test_concurrent_registrations_never_exceed_capacity(postgres):
    session = make_session(make_county(), capacity=3)
    outcomes = _race(
        *[
            (
                lambda n=n: services.register(
                    session=session, name=f"P {n}", email=f"p{n}@example.test"
                )
            )
            for n in range(12)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 12
    assert Registration.objects.filter(status="attending").count() == 3
    assert Registration.objects.filter(status="waitlisted").count() == 9
    assert Session.objects.get(pk=session.pk).attending_count == 3


def test_concurrent_registrations_with_one_email_take_one_place(postgres):
    session = make_session(make_county(), capacity=5)
    outcomes = _race(
        *[
            (lambda: services.register(session=session, name="Sama", email="sama@example.test"))
            for _ in range(6)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert Registration.objects.count() == 1
    assert Session.objects.get(pk=session.pk).attending_count == 1


def test_concurrent_cancellations_promote_each_waitlisted_once(postgres):
    session = make_session(make_county(), capacity=2)
    for n in range(6):
        services.register(session=session, name=f"P {n}", email=f"p{n}@example.test")
    attending = list(Registration.objects.filter(status="attending"))
    outcomes = _race(*[(lambda r=r: services.cancel(registration=r)) for r in attending])
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert Registration.objects.filter(status="attending").count() == 2
    assert Registration.objects.filter(status="waitlisted").count() == 2
    assert Session.objects.get(pk=session.pk).attending_count == 2
