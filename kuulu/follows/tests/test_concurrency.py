"""At most one digest per person and week, and one delivery per announcement, with several
workers at once (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from kuulu.follows import services
from kuulu.follows.models import Announcement, Delivery, Digest
from kuulu.follows.sources import Item
from kuulu.follows.tests.factories import make_follow
from kuulu.organisation.tests.factories import make_user

pytestmark = pytest.mark.postgres


def _parallel(fn, n):  # type: ignore[no-untyped-def]
    def run():  # type: ignore[no-untyped-def]
        try:
            return fn()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=n) as pool:
        return [f.result() for f in [pool.submit(run) for _ in range(n)]]


def test_four_digest_runs_at_once_send_each_person_one_digest(postgres, org):
    users = [make_user(email=f"d{n}@example.test") for n in range(30)]
    for user in users:
        make_follow(user, org.county, delivery="digest")
    now = timezone.now()
    services.announce(
        item=Item(
            "survey",
            "surveys.survey:1",
            org.county.pk,
            "S",
            "/surveys/1/",
            now,
            [f"county:{org.county.pk}"],
        )
    )
    results = _parallel(lambda: services.send_digests(now=now + timedelta(minutes=1), batch=7), 4)
    assert sum(r["sent"] for r in results) == 30
    assert Digest.objects.filter(status="sent").count() == 30
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted(u.email for u in users)


def test_claims_made_at_the_same_moment_give_each_person_to_one_worker(postgres, org):
    """The database arbitrates, not the code: four connections insert the same people's rows
    for the week at the same moment and each person's row is won by exactly one of them."""
    user_ids = [make_user(email=f"c{n}@example.test").pk for n in range(60)]
    now = timezone.now()
    period = services.period_of(now)
    gate = threading.Barrier(4)

    def claim():  # type: ignore[no-untyped-def]
        gate.wait()
        return services._claim_digests(user_ids, period, now)

    won = _parallel(claim, 4)
    assert sorted(u for w in won for u in w) == sorted(user_ids)
    assert Digest.objects.filter(period=period).count() == 60
    with pytest.raises(IntegrityError), transaction.atomic():
        Digest.objects.create(user_id=user_ids[0], period=period, claimed_at=now)


def test_four_senders_at_once_send_each_delivery_once(postgres, org):
    for n in range(20):
        make_follow(make_user(email=f"e{n}@example.test"), org.county)
    now = timezone.now()
    services.announce(
        item=Item(
            "event",
            "events.event:1",
            org.county.pk,
            "E",
            "/events/1/",
            now,
            [f"county:{org.county.pk}"],
        )
    )
    _parallel(lambda: services.fan_out(now=now), 3)
    assert Announcement.objects.count() == 1
    assert Delivery.objects.count() == 20
    results = _parallel(lambda: services.send_due(now=now, limit=50), 4)
    assert sum(r["sent"] for r in results) == 20
    assert len(mail.outbox) == 20
    assert len({m.to[0] for m in mail.outbox}) == 20


def _sms_follow(user, county, key, phone):  # type: ignore[no-untyped-def]
    def run():  # type: ignore[no-untyped-def]
        with transaction.atomic():
            return services.follow(
                user=user,
                county_id=county.pk,
                target_kind="county",
                target_key=key,
                target_label=key,
                delivery="sms",
                phone=phone,
            )

    return run


def test_two_follows_asking_a_code_to_one_number_at_once_send_one_code(postgres, org):
    """Two tabs follow two things with the same new number at the same moment: one code goes
    out and both follows wait for it (without the person's lock both passed the pause check
    and two texts went to the number)."""
    from kuulu.core.tests.concurrency import race
    from kuulu.follows.models import Follow, PhoneCodeSent

    user = make_user(email="tabs@example.test")
    outcomes = race(
        _sms_follow(user, org.county, "a:1", "0401112233"),
        _sms_follow(user, org.county, "a:2", "0401112233"),
    )
    assert [o[0] for o in outcomes] == ["ok", "ok"], outcomes
    assert PhoneCodeSent.objects.filter(user_id=user.pk).count() == 1
    hashes = set(Follow.objects.filter(user=user).values_list("phone_code_hash", flat=True))
    assert len(hashes) == 1
    assert "" not in hashes


def test_the_hourly_number_limit_holds_for_requests_at_once(postgres, org):
    """Two numbers used this hour; four requests with four new numbers at once: one more
    number gets its code, the others are refused in the person's language."""
    from kuulu.core.tests.concurrency import race
    from kuulu.follows.models import PhoneCodeSent

    user = make_user(email="limit@example.test")
    for n, phone in enumerate(("0401000001", "0401000002")):
        _sms_follow(user, org.county, f"b:{n}", phone)()
    outcomes = race(*(_sms_follow(user, org.county, f"c:{n}", f"040200000{n}") for n in range(4)))
    assert sorted(o[0] for o in outcomes) == ["error", "error", "error", "ok"], outcomes
    # the threads run in the site's default language, as a request without a chosen one does
    with translation.override(settings.LANGUAGE_CODE):
        refused = translation.gettext(
            "You have asked for codes to several numbers in the last hour. Try again later."
        )
    assert all(o[1].messages == [refused] for o in outcomes if o[0] == "error"), outcomes
    keys = set(PhoneCodeSent.objects.filter(user_id=user.pk).values_list("phone_key", flat=True))
    assert len(keys) == 3
