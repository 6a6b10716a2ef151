"""Follows, the sweep of every module, deliveries with retries, digests and unsubscribing."""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.mail.backends import locmem
from django.utils import timezone

from kuulu.follows import services, sms
from kuulu.follows.models import Announcement, Delivery, Digest, Follow, SweepMark
from kuulu.follows.sources import Item
from kuulu.follows.tests.factories import make_follow
from kuulu.organisation.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _later(minutes: int = 1):  # type: ignore[no-untyped-def]
    return timezone.now() + timedelta(minutes=minutes)


def _run(now=None):  # type: ignore[no-untyped-def]
    now = now or _later()
    services.sweep(now=now)
    services.fan_out(now=now)
    return services.send_due(now=now)


# --- following -----------------------------------------------------------------------------


def test_following_twice_keeps_one_follow_and_sms_needs_a_valid_number(org):
    make_follow(org.resident, org.county)
    make_follow(org.resident, org.county)
    assert Follow.objects.filter(user=org.resident).count() == 1
    with pytest.raises(ValidationError):
        make_follow(org.resident, org.county, delivery="sms", phone="12345")
    item = make_follow(org.resident, org.county, delivery="sms", phone="040 123 4567")
    assert item.phone == "+358401234567"
    assert Follow.objects.filter(user=org.resident).count() == 2


def test_unfollow_removes_only_ones_own(org):
    item = make_follow(org.resident, org.county)
    assert services.unfollow(user=org.staff, follow_id=item.pk) is False
    assert services.unfollow(user=org.resident, follow_id=item.pk) is True
    assert not Follow.objects.exists()


# --- each trigger --------------------------------------------------------------------------


def test_survey_opening_is_announced_once_to_a_follower_of_its_units_service(org):
    from kuulu.surveys.tests.factories import make_survey

    make_follow(org.resident, org.county, key=f"unit:{org.area_a.pk}", label="Older people")
    survey = make_survey(org.county, open_=True)
    survey.units.add(org.team_a1)
    _run()
    _run(_later(2))
    assert Announcement.objects.filter(kind="survey").count() == 1
    assert [m.to for m in mail.outbox] == [["resident@example.test"]]
    assert mail.outbox[0].subject == f"Kysely avautui: {survey.title_fi}"  # her language


def test_a_follower_of_another_service_is_not_told(org):
    from kuulu.surveys.tests.factories import make_survey

    make_follow(org.resident, org.county, key=f"unit:{org.area_b.pk}")
    make_survey(org.county, open_=True).units.add(org.unit_a)
    _run()
    assert mail.outbox == []
    assert Announcement.objects.count() == 1


def test_event_registration_opening_is_announced(org):
    from kuulu.events.tests.factories import make_session

    make_follow(org.resident, org.county)
    make_session(org.county)
    _run()
    assert Announcement.objects.get().kind == "event"
    assert len(mail.outbox) == 1


def test_panel_call_is_announced_to_followers_of_its_channel(org):
    from kuulu.channels.models import Channel
    from kuulu.panels.tests.factories import make_panel

    channel = Channel.objects.create(county=org.county, kind="resident_panel", name="Panel")
    make_follow(org.resident, org.county, key=f"channel:{channel.pk}")
    make_panel(org.county, channel=channel)
    _run()
    assert Announcement.objects.get().kind == "panel"
    assert len(mail.outbox) == 1


def test_vote_opening_is_announced_to_followers_of_the_process(org):
    from kuulu.budgeting.tests.factories import make_process

    process = make_process(org.county, phase="voting")
    make_follow(org.resident, org.county, key=f"process:budgeting:{process.pk}")
    _run()
    assert list(Announcement.objects.values_list("kind", flat=True)) == ["vote"]
    assert len(mail.outbox) == 1


def test_an_unpublished_process_s_vote_is_not_announced(org):
    from kuulu.budgeting.tests.factories import make_process

    make_process(org.county, phase="voting", title="Salainen budjetti", is_published=False)
    make_follow(org.resident, org.county)
    _run()
    assert not Announcement.objects.exists()
    assert mail.outbox == []


def test_conversation_opening_is_announced(org):
    from kuulu.deliberation.tests.factories import make_conversation

    conversation = make_conversation(org.county)
    make_follow(org.resident, org.county, key=f"process:deliberation:{conversation.pk}")
    _run()
    assert Announcement.objects.get().kind == "conversation"
    assert len(mail.outbox) == 1


def test_outcome_publication_is_announced_once_and_not_to_those_told_as_contributors(org):
    from kuulu.outcomes.models import Notification, Outcome
    from kuulu.outcomes.notifications import recipient_hash
    from kuulu.outcomes.tests.factories import make_outcome

    other = make_user(email="other-resident@example.test")
    make_follow(org.resident, org.county)
    make_follow(other, org.county)
    outcome = make_outcome(org.county)
    Outcome.objects.filter(pk=outcome.pk).update(is_published=True, published_at=timezone.now())
    Notification.objects.create(
        outcome=outcome, recipient_hash=recipient_hash("resident@example.test"), language="fi"
    )
    counts = _run()
    assert counts["sent"] == 2  # both deliveries done; one by the outcome notification
    assert [m.to for m in mail.outbox] == [["other-resident@example.test"]]


def test_checking_who_was_told_as_a_contributor_costs_the_same_for_many_followers(
    org, django_assert_num_queries
):
    from kuulu.outcomes.models import Notification, Outcome
    from kuulu.outcomes.notifications import recipient_hash
    from kuulu.outcomes.tests.factories import make_outcome

    def queries_for(followers: int, prefix: str) -> int:
        for n in range(followers):
            make_follow(make_user(email=f"{prefix}{n}@example.test"), org.county)
        outcome = make_outcome(org.county)
        Outcome.objects.filter(pk=outcome.pk).update(is_published=True, published_at=timezone.now())
        Notification.objects.create(
            outcome=outcome, recipient_hash=recipient_hash(f"{prefix}0@example.test")
        )
        now = _later()
        services.sweep(now=now)
        services.fan_out(now=now)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            counts = services.send_due(now=now)
        assert counts["sent"] == Delivery.objects.filter(status="sent").count()
        # one UPDATE per delivery (its row); the rest must not grow with the followers
        return len(captured.captured_queries) - sum(counts.values())

    few = queries_for(2, "few")
    Delivery.objects.all().delete()
    Follow.objects.all().delete()
    SweepMark.objects.all().delete()  # the first outcome's announcement stays: told once
    many = queries_for(12, "many")
    assert many == few
    assert not any("many0@" in ",".join(m.to) for m in mail.outbox)


def test_announce_from_a_signal_is_recorded_once(org):
    make_follow(org.resident, org.county)
    item = Item(
        "answer",
        "questions.question:7",
        org.county.pk,
        "Q",
        "/questions/7/",
        timezone.now(),
        [f"county:{org.county.pk}"],
    )
    services.announce(item=item)
    services.announce(item=item)
    now = _later()
    services.fan_out(now=now)
    services.send_due(now=now)
    assert Announcement.objects.filter(kind="answer").count() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_moves_its_mark_and_skips_items_from_before_it(org):
    from kuulu.surveys.tests.factories import make_survey

    make_survey(org.county, open_=True)
    services.sweep(now=_later(-60 * 24 * 3))  # a mark three days ago saw nothing yet
    assert SweepMark.objects.count() == 6
    services.sweep(now=_later())
    assert Announcement.objects.count() == 1


# --- messages ------------------------------------------------------------------------------


def test_messages_are_in_the_persons_language_with_one_click_unsubscribe_headers(org):
    from kuulu.surveys.tests.factories import make_survey

    org.resident.language = "sv"
    org.resident.save(update_fields=["language"])
    make_follow(org.resident, org.county)
    make_survey(org.county, open_=True)
    _run()
    message = mail.outbox[0]
    assert message.subject.startswith("En enkät har öppnats")
    assert "/sv/surveys/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/sv/follow/stop/" in message.extra_headers["List-Unsubscribe"]


def test_sms_goes_through_the_backend_in_the_persons_language(org, settings):
    from kuulu.surveys.tests.factories import make_survey

    settings.FOLLOWS_SMS_BACKEND = "console"
    sms._console.sent.clear()
    make_follow(org.resident, org.county, delivery="sms", phone="+358401234567")
    make_survey(org.county, open_=True)
    _run()
    assert [m.to for m in sms._console.sent] == ["+358401234567"]
    assert sms._console.sent[0].text.startswith("Kuulu: Kysely avautui")
    assert Delivery.objects.get().status == "sent"


class _Failing:
    def __init__(self) -> None:
        self.calls = 0

    def send(self, message):  # type: ignore[no-untyped-def]
        self.calls += 1
        raise sms.SmsError("HTTP 503")


def test_a_failed_send_is_retried_with_growing_pauses_then_recorded_as_failed(org, monkeypatch):
    from kuulu.surveys.tests.factories import make_survey

    failing = _Failing()
    monkeypatch.setattr(sms, "backend", lambda: failing)
    make_follow(org.resident, org.county, delivery="sms", phone="0401234567")
    make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    services.fan_out(now=now)
    pauses = []
    for _attempt in range(services.MAX_ATTEMPTS):
        assert services.send_due(now=now)["sent"] == 0
        delivery = Delivery.objects.get()
        pauses.append(delivery.next_attempt_at - now)
        assert services.send_due(now=now) == {"sent": 0, "retry": 0, "failed": 0, "dropped": 0}
        now = delivery.next_attempt_at
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.attempts == services.MAX_ATTEMPTS
    assert delivery.last_error == "SmsError: HTTP 503"
    assert pauses[:4] == [timedelta(minutes=m) for m in (2, 4, 8, 16)]
    assert failing.calls == services.MAX_ATTEMPTS


def test_a_claim_left_by_a_stopped_worker_is_sent_after_its_lease_and_only_once(org):
    _item, now = _waiting_delivery(org)
    assert services._claim_due(now, 10)  # a worker claims, then stops before sending
    assert Delivery.objects.get().status == "sending"
    assert services.send_due(now=now)["sent"] == 0  # still leased to the stopped worker
    later = now + services.DELIVERY_LEASE + timedelta(minutes=1)
    assert services.send_due(now=later)["sent"] == 1
    assert services.send_due(now=later + timedelta(hours=1))["sent"] == 0
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == "sent"


def test_sending_is_throttled_per_run(org):
    from kuulu.surveys.tests.factories import make_survey

    for n in range(5):
        make_follow(make_user(email=f"r{n}@example.test"), org.county)
    make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    services.fan_out(now=now)
    assert services.send_due(now=now, limit=3)["sent"] == 3
    assert services.send_due(now=now, limit=3)["sent"] == 2
    assert services.send_due(now=now, limit=3)["sent"] == 0
    assert len(mail.outbox) == 5


# --- digests -------------------------------------------------------------------------------


def test_a_digest_goes_once_per_week_and_lists_what_the_person_follows(org):
    from kuulu.surveys.tests.factories import make_survey

    make_follow(org.resident, org.county, delivery="digest")
    quiet = make_user(email="quiet@example.test")
    make_follow(quiet, org.county, key=f"unit:{org.area_b.pk}", delivery="digest")
    survey = make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    services.fan_out(now=now)
    assert Delivery.objects.count() == 0  # digest followers get no message at once
    first = services.send_digests(now=now)
    # a later run in the same week: an hour on, or the week's last moment when the hour would
    # cross into the next week (the clock is the real one, so the run may be on a Sunday night)
    week_end = services._period_start(services.period_of(now)) + timedelta(days=7)
    later = min(now + timedelta(hours=1), week_end - timedelta(microseconds=1))
    assert services.period_of(later) == services.period_of(now)
    second = services.send_digests(now=later)
    assert first == {"sent": 1, "empty": 1, "skipped": 0}
    assert second == {"sent": 0, "empty": 0, "skipped": 2}
    assert [m.to for m in mail.outbox] == [["resident@example.test"]]
    assert f"Kysely avautui: {survey.title_fi}" in mail.outbox[0].body
    assert Digest.objects.get(user=org.resident).status == "sent"
    assert services.send_digests(now=now + timedelta(days=7))["skipped"] == 0


def test_a_digest_claim_left_unfinished_is_given_back_after_its_lease(org):
    from kuulu.surveys.tests.factories import make_survey

    make_follow(org.resident, org.county, delivery="digest")
    other = make_user(email="digest-two@example.test")
    make_follow(other, org.county, delivery="digest")
    make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    period = services.period_of(now)
    stale = now - services.DIGEST_LEASE - timedelta(minutes=1)
    Digest.objects.create(user=org.resident, period=period, claimed_at=stale)
    Digest.objects.create(user=other, period=period, claimed_at=now - timedelta(minutes=5))
    counts = services.send_digests(now=now)
    assert counts == {"sent": 1, "empty": 0, "skipped": 1}  # the fresh claim is another run's
    assert [m.to for m in mail.outbox] == [["resident@example.test"]]
    assert Digest.objects.get(user=org.resident).status == "sent"


class _Mail(locmem.EmailBackend):
    """An outbox that, like the SMTP backend, opens a connection for a send when none is open;
    counts the connections, refuses some addresses or cannot connect at all."""

    def __init__(self, refuse=(), broken=False, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.refuse, self.broken, self.is_open, self.opened = set(refuse), broken, False, 0

    def open(self):  # type: ignore[no-untyped-def]
        if self.broken:
            raise ConnectionRefusedError
        if self.is_open:
            return False
        self.is_open, self.opened = True, self.opened + 1
        return True

    def close(self):  # type: ignore[no-untyped-def]
        self.is_open = False

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        new = self.open()
        try:
            if any(m.to[0] in self.refuse for m in messages):
                raise smtplib.SMTPRecipientsRefused({})
            return super().send_messages(messages)
        finally:
            if new:
                self.close()


def _digest_followers(org, n):  # type: ignore[no-untyped-def]
    users = [make_user(email=f"w{i}@example.test") for i in range(n)]
    for user in users:
        make_follow(user, org.county, delivery="digest")
    return users


def _announce(org, now, n=1):  # type: ignore[no-untyped-def]
    item = Item(
        "survey",
        f"surveys.survey:{n}",
        org.county.pk,
        "S",
        f"/s/{n}/",
        now,
        [f"county:{org.county.pk}"],
    )
    services.announce(item=item)


def test_a_digest_batch_goes_over_one_mail_connection(org):
    _digest_followers(org, 4)
    now = _later()
    _announce(org, now)
    backend = _Mail()
    assert services.send_digests(now=now, connection_=backend)["sent"] == 4
    assert backend.opened == 1
    assert not backend.is_open
    assert len(mail.outbox) == 4


def test_a_refused_digest_fails_alone_and_is_not_sent_again(org):
    users = _digest_followers(org, 4)
    now = _later()
    _announce(org, now)
    backend = _Mail(refuse={users[1].email})
    assert services.send_digests(now=now, connection_=backend) == {
        "sent": 3,
        "empty": 0,
        "skipped": 0,
    }
    assert Digest.objects.get(user=users[1]).status == "failed"
    assert Digest.objects.filter(status="sent").count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users if u != users[1])
    assert services.send_digests(now=now, connection_=_Mail())["skipped"] == 4
    assert len(mail.outbox) == 3


def test_when_no_mail_connection_opens_the_claims_are_given_back(org):
    users = _digest_followers(org, 3)
    now = _later()
    _announce(org, now)
    with pytest.raises(ConnectionRefusedError):
        services.send_digests(now=now, connection_=_Mail(broken=True))
    assert not Digest.objects.exists()
    assert services.send_digests(now=now, connection_=_Mail())["sent"] == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


def test_period_is_the_iso_week():
    moment = timezone.make_aware(timezone.datetime(2026, 12, 4, 12))
    assert services.period_of(moment) == "2026-W49"


# --- unsubscribe ---------------------------------------------------------------------------


def test_an_unsubscribe_link_works_once(org):
    item = make_follow(org.resident, org.county, label="Kainuu")
    token = services.unsubscribe_token(item.pk)
    assert services.check_unsubscribe(token).ok
    assert services.unsubscribe(token=token).reason == "done"
    assert not Follow.objects.exists()
    assert services.unsubscribe(token=token).reason == "used"


def _waiting_delivery(org):  # type: ignore[no-untyped-def]
    from kuulu.surveys.tests.factories import make_survey

    item = make_follow(org.resident, org.county)
    make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    services.fan_out(now=now)
    assert Delivery.objects.get().status == "pending"
    return item, now


def test_unfollowing_stops_the_messages_still_waiting(org):
    item, now = _waiting_delivery(org)
    assert services.unfollow(user=org.resident, follow_id=item.pk)
    assert not Delivery.objects.exists()
    assert services.send_due(now=now)["sent"] == 0
    assert mail.outbox == []


def test_unsubscribing_by_link_stops_the_messages_still_waiting(org):
    item, now = _waiting_delivery(org)
    assert services.unsubscribe(token=services.unsubscribe_token(item.pk)).reason == "done"
    services.send_due(now=now)
    assert mail.outbox == []


def test_a_delivery_whose_follow_went_after_it_was_claimed_is_dropped_not_sent(org):
    _item, now = _waiting_delivery(org)
    Delivery.objects.update(follow=None)  # as the SET_NULL of a follow deleted mid-run
    assert services.send_due(now=now) == {"sent": 0, "retry": 0, "failed": 0, "dropped": 1}
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_a_digest_s_link_stops_every_digest_follow_and_nothing_else(org):
    from kuulu.surveys.tests.factories import make_survey

    make_follow(org.resident, org.county, delivery="digest", label="Kainuu")
    make_follow(
        org.resident, org.county, key=f"unit:{org.area_b.pk}", delivery="digest", label="Perhe"
    )
    kept = make_follow(org.resident, org.county, delivery="email")
    make_survey(org.county, open_=True)
    now = _later()
    services.sweep(now=now)
    assert services.send_digests(now=now)["sent"] == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/follow/stop/" in line)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert services.check_unsubscribe(token).label == "Kainuu, Perhe"
    assert services.unsubscribe(token=token).reason == "done"
    assert list(Follow.objects.values_list("pk", flat=True)) == [kept.pk]
    assert services.unsubscribe(token=token).reason == "used"


def test_a_tampered_unsubscribe_link_does_nothing(org):
    item = make_follow(org.resident, org.county)
    other = make_follow(org.staff, org.county)
    token = services.unsubscribe_token(item.pk)
    forged = token.replace(
        signing.b64_encode(f'{{"f":{item.pk}}}'.encode()).decode(),
        signing.b64_encode(f'{{"f":{other.pk}}}'.encode()).decode(),
    )
    assert services.unsubscribe(token=forged).reason == "invalid"
    assert services.unsubscribe(token=token[:-2] + "xx").reason == "invalid"
    assert Follow.objects.count() == 2


def test_an_old_unsubscribe_link_expires(org, monkeypatch):
    item = make_follow(org.resident, org.county)
    token = services.unsubscribe_token(item.pk)
    later = timezone.now() + services.UNSUBSCRIBE_MAX_AGE + timedelta(days=1)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=later.timestamp))
    assert services.unsubscribe(token=token).reason == "expired"
    assert Follow.objects.count() == 1


def test_a_question_answered_tells_followers_of_its_theme(org, django_capture_on_commit_callbacks):
    from kuulu.feedback.models import Theme
    from kuulu.questions import services as questions

    theme = Theme.objects.create(county=org.county, code="jonot", name="Jonot")
    make_follow(org.resident, org.county, key="theme:jonot", label="Jonot")
    make_follow(org.staff, org.county, key="theme:other", label="Other")
    question = questions.ask_question(
        county=org.county, text="Miksi jonot ovat pitkiä?", user=org.resident, theme=theme
    )
    with django_capture_on_commit_callbacks(execute=True):
        questions.publish_answer(question=question, text="Vastaus", answerer=org.manager_person)
    announcement = Announcement.objects.get(kind="answer")
    assert announcement.object_key == f"questions.question:{question.pk}"
    assert "theme:jonot" in announcement.targets
    now = _later()
    services.fan_out(now=now)
    services.send_due(now=now)
    answered = [m for m in mail.outbox if m.subject.startswith("Kysymykseen vastattiin")]
    assert [m.to for m in answered] == [["resident@example.test"]]


def test_an_account_without_an_email_address_is_not_told_by_email(org):
    """Found in review: a strongly identified resident's account has a stand-in address under
    the reserved .invalid domain (nothing is ever delivered there), yet they could follow by
    email or weekly digest, and every message went to the stand-in: they were never told, and
    never told why. Such a follow is refused with a reason; follows made before are skipped."""
    from kuulu.surveys.tests.factories import make_survey

    identified = make_user(email="resident-0a1b2c3d4e5f60718293@identified.invalid")
    for delivery in ("email", "digest"):
        with pytest.raises(ValidationError) as refused:
            make_follow(identified, org.county, delivery=delivery)
        assert refused.value.message_dict == {
            "delivery": [
                "Your account has no email address, so email cannot reach you. "
                "Choose text messages instead."
            ]
        }
    assert not Follow.objects.exists()
    make_follow(identified, org.county, delivery="sms", phone="040 123 4567")  # still possible
    for delivery in ("email", "digest"):  # made before this check
        Follow.objects.create(
            user=identified,
            county=org.county,
            target_kind="county",
            target_key=f"county:{org.county.pk}",
            target_label="Kainuu",
            delivery=delivery,
        )
    make_follow(org.resident, org.county, delivery="email")
    make_survey(org.county, open_=True)
    now = _later()
    _run(now)
    services.send_digests(now=now)
    assert sorted(m.to[0] for m in mail.outbox) == ["resident@example.test"]
    assert sorted(Delivery.objects.values_list("user_id", "channel")) == sorted(
        [(identified.pk, "sms"), (org.resident.pk, "email")]
    )
    assert not Digest.objects.filter(user=identified).exists()


def _announce_at(org, key, at, target=None):  # type: ignore[no-untyped-def]
    target = target or f"county:{org.county.pk}"
    services.announce(item=Item("survey", key, org.county.pk, key, f"/{key}/", at, [target]))


def test_a_digest_tells_only_what_came_since_the_person_s_last_digest(org):
    """Left alone in earlier notes: each digest listed everything from the previous week's
    Monday, so a Friday run repeated what the last Friday's digest had already told, and the
    500 newest announcements of the whole installation could crowd out the ones followed."""
    _digest_followers(org, 1)
    tuesday = datetime(2026, 3, 3, 9, tzinfo=UTC)  # ISO week 2026-W10
    friday = datetime(2026, 3, 6, 9, tzinfo=UTC)
    _announce_at(org, "surveys.survey:1", tuesday)
    assert services.send_digests(now=friday)["sent"] == 1
    assert "surveys.survey:1" in mail.outbox[0].body
    _announce_at(org, "surveys.survey:2", friday + timedelta(days=1))
    # more announcements for things nobody here follows than the old 500-row window held
    for n in range(501):
        _announce_at(org, f"events.event:{n}", friday + timedelta(days=2), target="unit:0")
    assert services.send_digests(now=friday + timedelta(days=7))["sent"] == 1
    second = mail.outbox[1].body
    assert "surveys.survey:2" in second
    assert "surveys.survey:1" not in second
    # a week with nothing new is an empty digest, not last week's again
    assert services.send_digests(now=friday + timedelta(days=14)) == {
        "sent": 0,
        "empty": 1,
        "skipped": 0,
    }
