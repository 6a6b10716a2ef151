"""Capacity under real concurrency on PostgreSQL: registrations, cancellations and promotions
racing on one session stay exact, and the counters always match the registration rows."""

import pytest
from django.db import transaction

from kuulu.events import services
from kuulu.events.models import Registration, Session
from kuulu.events.tests.factories import make_session
from kuulu.organisation.tests.factories import make_county
from kuulu.organisation.tests.test_concurrency import _race

pytestmark = pytest.mark.postgres


def register(session, n):
    return services.register(session=session, name=f"P {n}", email=f"p{n}@example.test")


def by_status(session, status):
    return list(
        Registration.objects.filter(session=session, status=status)
        .order_by("created_at", "id")
        .values_list("email", flat=True)
    )


def assert_counters_match_rows(session):
    fresh = Session.objects.get(pk=session.pk)
    assert fresh.attending_count == len(by_status(session, "attending"))
    assert fresh.waitlisted_count == len(by_status(session, "waitlisted"))
    # Nobody waits while a place is free.
    assert fresh.attending_count == fresh.capacity or fresh.waitlisted_count == 0


def test_concurrent_registrations_never_exceed_capacity(postgres):
    session = make_session(make_county(), capacity=10)
    outcomes = _race(*[(lambda n=n: register(session, n)) for n in range(40)])
    assert [kind for kind, _ in outcomes] == ["ok"] * 40
    assert len(by_status(session, "attending")) == 10
    assert len(by_status(session, "waitlisted")) == 30
    assert_counters_match_rows(session)
    # Places went to the first ten in the order the seat decisions were made: every attending
    # registration is older than every waitlisted one.
    rows = list(Registration.objects.filter(session=session).order_by("created_at", "id"))
    assert [r.status for r in rows] == ["attending"] * 10 + ["waitlisted"] * 30
    # The objects handed back agree with the rows.
    returned = {value[0].pk: value[0].status for _, value in outcomes}
    assert returned == {r.pk: r.status for r in rows}


def test_concurrent_registrations_without_waitlist_refuse_the_rest(postgres):
    session = make_session(make_county(), capacity=3, waitlist=False)
    outcomes = _race(*[(lambda n=n: register(session, n)) for n in range(12)])
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("ok") == 3
    assert all(
        isinstance(value, services.SessionFull) for kind, value in outcomes if kind == "error"
    )
    assert Registration.objects.filter(session=session).count() == 3
    assert_counters_match_rows(session)


def test_concurrent_registrations_with_one_email_take_one_place(postgres):
    session = make_session(make_county(), capacity=5)
    outcomes = _race(
        *[
            (lambda: services.register(session=session, name="Sama", email="sama@example.test"))
            for _ in range(6)
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 6
    assert sorted(created for _, (_, created) in outcomes) == [False] * 5 + [True]
    assert Registration.objects.count() == 1
    assert_counters_match_rows(session)


def test_concurrent_cancellations_promote_each_waitlisted_once(postgres):
    session = make_session(make_county(), capacity=2)
    for n in range(6):
        register(session, n)
    attending = list(Registration.objects.filter(status="attending"))
    outcomes = _race(*[(lambda r=r: services.cancel(registration=r)) for r in attending])
    assert [kind for kind, _ in outcomes] == ["ok", "ok"]
    assert by_status(session, "attending") == ["p2@example.test", "p3@example.test"]
    assert by_status(session, "waitlisted") == ["p4@example.test", "p5@example.test"]
    assert_counters_match_rows(session)


def test_cancellations_of_places_and_waitlist_at_once_promote_in_order(postgres):
    session = make_session(make_county(), capacity=3)
    for n in range(9):  # p0-p2 have places, p3-p8 wait
        register(session, n)
    leaving = Registration.objects.filter(email__in=[f"p{n}@example.test" for n in range(5)])
    outcomes = _race(*[(lambda r=r: services.cancel(registration=r)) for r in leaving])
    assert [kind for kind, _ in outcomes] == ["ok"] * 5
    # Whatever order the cancellations ran in, the places go to the first three still waiting.
    assert by_status(session, "attending") == [
        "p5@example.test",
        "p6@example.test",
        "p7@example.test",
    ]
    assert by_status(session, "waitlisted") == ["p8@example.test"]
    assert_counters_match_rows(session)


def test_cancellations_racing_newcomers_promote_the_waitlist_first(postgres):
    session = make_session(make_county(), capacity=4)
    for n in range(8):  # p0-p3 have places, p4-p7 wait
        register(session, n)
    leaving = list(Registration.objects.filter(status="attending"))
    outcomes = _race(
        *[(lambda r=r: services.cancel(registration=r)) for r in leaving],
        *[(lambda n=n: register(session, n)) for n in range(100, 108)],
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 12
    # The people who were waiting got the freed places; every newcomer waits behind them.
    assert by_status(session, "attending") == [f"p{n}@example.test" for n in range(4, 8)]
    assert sorted(by_status(session, "waitlisted")) == sorted(
        f"p{n}@example.test" for n in range(100, 108)
    )
    assert_counters_match_rows(session)


def test_a_full_session_with_no_waitlist_fills_a_freed_place_exactly_once(postgres):
    session = make_session(make_county(), capacity=2)
    for n in range(2):
        register(session, n)
    leaving = Registration.objects.get(email="p0@example.test")
    outcomes = _race(
        lambda: services.cancel(registration=leaving),
        *[(lambda n=n: register(session, n)) for n in range(100, 106)],
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 7
    # Either a newcomer took the freed place or the cancellation promoted one who was already
    # waiting; in both cases exactly two places are taken and nobody waits beside a free place.
    assert len(by_status(session, "attending")) == 2
    assert len(by_status(session, "waitlisted")) == 5
    assert_counters_match_rows(session)


def test_growing_capacity_while_people_register_stays_exact(postgres):
    session = make_session(make_county(), capacity=2)
    for n in range(4):  # p0-p1 have places, p2-p3 wait
        register(session, n)
    outcomes = _race(
        lambda: services.change_capacity(session=session, capacity=5),
        *[(lambda n=n: register(session, n)) for n in range(100, 106)],
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 7
    attending = by_status(session, "attending")
    assert len(attending) == 5
    assert attending[:4] == [f"p{n}@example.test" for n in range(4)]
    assert len(by_status(session, "waitlisted")) == 5
    assert_counters_match_rows(session)


def test_a_duplicate_inside_a_callers_transaction_leaves_it_usable(postgres):
    session = make_session(make_county(), capacity=1)
    first, _ = register(session, 1)
    with transaction.atomic():
        # The insert of the same address fails on the unique index inside a savepoint; the
        # existing registration is returned and the caller's transaction goes on.
        again, created = services.register(session=session, name="P 1", email="P1@example.test")
        assert (again.pk, created) == (first.pk, False)
        second, created = register(session, 2)
        assert (second.status, created) == ("waitlisted", True)
    assert Registration.objects.filter(session=session).count() == 2
    assert_counters_match_rows(session)


def test_a_registration_during_an_event_cancellation_is_refused_not_left_unannounced(
    postgres, monkeypatch, mailoutbox
):
    """A registration whose checks ran while an organiser's cancellation was still open read
    the event as published; its seat statement waited for the cancellation's lock on the
    session and then took a place on the cancelled event. The cancellation had already listed
    whom to tell, so the person got a "you have a place" email and never heard it was off."""
    import threading

    from django.db import connection

    session = make_session(make_county(), capacity=5)
    register(session, 0)
    paused, go = threading.Event(), threading.Event()
    recorded = services.record_event

    def record_then_pause(**kwargs):
        recorded(**kwargs)
        if kwargs.get("changed_fields") == ["status"]:
            paused.set()  # the event row and its sessions are locked, nobody is told yet
            go.wait(timeout=600)

    monkeypatch.setattr(services, "record_event", record_then_pause)
    results = {}

    def in_thread(name, fn):
        def run():
            try:
                results[name] = ("ok", fn())
            except Exception as exc:
                results[name] = ("error", exc)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    cancelling = in_thread("cancel", lambda: services.cancel_event(event=session.event))
    assert paused.wait(timeout=600)
    registering = in_thread("register", lambda: register(session, 1))
    with connection.cursor() as cursor:
        waiting = 0
        for _ in range(1_000_000):  # until the registration waits for a lock (no sleep)
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchone()[0]
            if waiting or not registering.is_alive():
                break
    go.set()
    cancelling.join(timeout=600)
    registering.join(timeout=600)
    assert results["cancel"][0] == "ok"
    assert results["register"][0] == "error"
    assert isinstance(results["register"][1], services.RegistrationClosed)
    assert list(Registration.objects.values_list("email", flat=True)) == ["p0@example.test"]
    assert [m.to for m in mailoutbox] == [["p0@example.test"], ["p0@example.test"]]
