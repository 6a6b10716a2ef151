"""A volunteer registering while the panel is drawn, or while a stratum is added, and two sends
of the confirmation links at once, on PostgreSQL with real threads and their own connections.
The step in between is held open by a hook, and the other thread is let go only once it is
waiting for the panel's row lock (or has finished, which is the bug these tests guard
against): no sleeps, no timing."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from kuulu.core.tests.concurrency import race
from kuulu.panels import services
from kuulu.panels.models import Stratum, Volunteer
from kuulu.panels.tests.factories import (
    ANSWERS,
    admin_change_form_data,
    make_invitee,
    make_panel,
    make_volunteer,
    open_quotas,
)

pytestmark = pytest.mark.postgres

# Only a bound for a broken run: a test that works never comes near it.
GIVE_UP_AFTER = 30.0


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _wait_until_waiting_for_a_lock_or_done(pid: int, done: threading.Event) -> None:
    """Return once the backend `pid` waits for a lock someone holds, or its work is done."""
    give_up = time.monotonic() + GIVE_UP_AFTER
    while not done.is_set():
        with connection.cursor() as cursor:
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid])
            if cursor.fetchone()[0]:
                return
        if time.monotonic() > give_up:
            raise AssertionError("the other thread neither waited for a lock nor finished")


class Pause:
    """Pauses the first call of a service's step until the other thread waits for the panel's
    lock (or has finished). `other_ready` is set by the other thread with its backend pid."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.other_ready = threading.Event()
        self.other_done = threading.Event()
        self.other_pid = 0
        self._armed = True

    def wrap(self, step):  # type: ignore[no-untyped-def]
        def paused(*args, **kwargs):  # type: ignore[no-untyped-def]
            result = step(*args, **kwargs)
            if self._armed:
                self._armed = False
                self.reached.set()
                assert self.other_ready.wait(GIVE_UP_AFTER)
                _wait_until_waiting_for_a_lock_or_done(self.other_pid, self.other_done)
            return result

        return paused

    def other(self, work):  # type: ignore[no-untyped-def]
        """Run `work` in the other thread once the paused step has been reached."""

        def run():  # type: ignore[no-untyped-def]
            self.other_pid = _backend_pid()
            self.other_ready.set()
            assert self.reached.wait(GIVE_UP_AFTER)
            try:
                with translation.override("en"):
                    return work()
            finally:
                self.other_done.set()

        return run


def test_a_registration_during_the_draw_waits_for_it_and_is_refused(postgres, org, monkeypatch):
    panel = make_panel(org.county, seats=3)
    for number in range(5):
        make_volunteer(panel, number)
    make_invitee(panel, 50, code="LATE-LATE-LATE")
    open_quotas(panel)
    pause = Pause()
    # The draw has read its pool of volunteers and not yet saved the record.
    monkeypatch.setattr(services, "draw_inputs", pause.wrap(services.draw_inputs))

    draw, registration = race(
        lambda: services.run_draw(panel=panel, seed=7, method="stratified"),
        pause.other(
            lambda: services.register_volunteer(
                panel=panel,
                code="LATE-LATE-LATE",
                answers=ANSWERS,
                email="late@example.test",
                consent=True,
            )
        ),
    )

    assert draw[0] == "ok", draw
    record = draw[1]
    assert registration[0] == "error", registration
    assert isinstance(registration[1], ValidationError)
    assert registration[1].messages == ["Registration of volunteers for this panel is closed."]
    # Every volunteer is in the draw's pool: nobody registered behind its back.
    pool = sorted(int(volunteer_id) for volunteer_id, _answers in record.inputs)
    assert sorted(Volunteer.objects.filter(panel=panel).values_list("pk", flat=True)) == pool
    assert len(pool) == 5
    assert services.verify_draw(panel=panel).matches


def test_a_stratum_added_during_a_registration_waits_and_is_refused(postgres, org, monkeypatch):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="FIRST-FIRST")
    pause = Pause()
    # The registration has checked the answers against the strata and not yet saved them.
    monkeypatch.setattr(services, "hash_code", pause.wrap(services.hash_code))

    registration, stratum = race(
        lambda: services.register_volunteer(
            panel=panel,
            code="FIRST-FIRST",
            answers=ANSWERS,
            email="first@example.test",
            consent=True,
        ),
        pause.other(
            lambda: services.add_stratum(
                panel=panel,
                key="household",
                labels={"label_fi": "Kotitalous", "label_en": "Household"},
                choices=["alone", "with others"],
            )
        ),
    )

    assert registration[0] == "ok", registration
    assert stratum[0] == "error", stratum
    assert stratum[1].messages == ["The strata cannot change once volunteers have answered them."]
    # The volunteer answered every stratum the panel has.
    keys = set(Stratum.objects.filter(panel=panel).values_list("key", flat=True))
    assert keys == set(ANSWERS)
    assert set(Volunteer.objects.get(panel=panel).answers) == keys


def test_a_stratum_added_in_the_admin_during_a_registration_waits_and_is_not_added(
    postgres, org, clients, monkeypatch
):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="FIRST-FIRST")
    url = reverse("admin:panels_panel_change", args=[panel.pk])
    data = admin_change_form_data(clients["admin"].get(url))
    new = int(data["strata-TOTAL_FORMS"])
    data.update(
        {
            "strata-TOTAL_FORMS": str(new + 1),
            f"strata-{new}-panel": str(panel.pk),
            f"strata-{new}-key": "household",
            f"strata-{new}-label_fi": "Kotitalous",
            f"strata-{new}-choices": '["alone", "with others"]',
            f"strata-{new}-position": "9",
        }
    )
    pause = Pause()
    monkeypatch.setattr(services, "hash_code", pause.wrap(services.hash_code))

    registration, admin = race(
        lambda: services.register_volunteer(
            panel=panel,
            code="FIRST-FIRST",
            answers=ANSWERS,
            email="first@example.test",
            consent=True,
        ),
        pause.other(lambda: clients["admin"].post(url, data)),
    )

    assert registration[0] == "ok", registration
    assert admin[0] == "ok", admin
    assert admin[1].status_code == 302  # saved, without the stratum nobody could answer
    keys = set(Stratum.objects.filter(panel=panel).values_list("key", flat=True))
    assert keys == set(ANSWERS)
    assert set(Volunteer.objects.get(panel=panel).answers) == keys


def test_two_sends_of_the_confirmation_links_at_once_mail_each_volunteer_once(
    postgres, org, mailoutbox, monkeypatch
):
    panel = make_panel(org.county)
    for number in (1, 2):
        make_volunteer(panel, number)
    pause = Pause()
    # The first send has chosen its volunteers and not yet marked them sent.
    monkeypatch.setattr(
        services, "timezone", SimpleNamespace(now=pause.wrap(services.timezone.now))
    )

    first, second = race(
        lambda: services.send_confirmation_links(panel=panel),
        pause.other(lambda: services.send_confirmation_links(panel=panel)),
    )

    assert sorted([first, second]) == [("ok", 0), ("ok", 2)], (first, second)
    assert sorted(m.to[0] for m in mailoutbox) == ["v1@example.test", "v2@example.test"]


def test_the_same_registration_sent_twice_at_once_registers_once_and_both_are_thanked(
    postgres, org, monkeypatch
):
    panel = make_panel(org.county)
    make_invitee(panel, 1, code="TWICE-TWICE")
    pause = Pause()
    # The first has checked the code, holding the panel's lock, and not yet saved.
    monkeypatch.setattr(services, "hash_code", pause.wrap(services.hash_code))

    def register():  # type: ignore[no-untyped-def]
        return services.register_volunteer(
            panel=panel,
            code="TWICE-TWICE",
            answers=ANSWERS,
            email="twice@example.test",
            consent=True,
        ).pk

    first, second = race(register, pause.other(register))

    saved = Volunteer.objects.get(panel=panel)
    assert (first, second) == (("ok", saved.pk), ("ok", saved.pk)), (first, second)
