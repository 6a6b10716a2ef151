from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.events import services
from kuulu.events.models import Registration, Session
from kuulu.events.tests.factories import make_session
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return make_session(make_county(), capacity=2)


def reg(session, n, **kwargs):
    return services.register(
        session=session, name=f"Osallistuja {n}", email=f"p{n}@example.test", **kwargs
    )


def statuses(session):
    return list(
        Registration.objects.filter(session=session).order_by("id").values_list("status", flat=True)
    )


def test_places_then_waitlist(session):
    for n in range(4):
        reg(session, n)
    assert statuses(session) == ["attending", "attending", "waitlisted", "waitlisted"]
    assert Session.objects.get(pk=session.pk).attending_count == 2


def test_registering_twice_returns_the_existing_registration(session):
    first, created = reg(session, 1)
    again, created_again = services.register(
        session=session, name="Toinen nimi", email="P1@Example.test "
    )
    assert created
    assert not created_again
    assert again == first
    assert Registration.objects.count() == 1
    assert Session.objects.get(pk=session.pk).attending_count == 1


def test_cancel_promotes_the_first_waitlisted(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a, _ = reg(session, 1)
        reg(session, 2)
        c, _ = reg(session, 3)
        reg(session, 4)
        services.cancel(registration=a)
    c.refresh_from_db()
    assert c.status == "attending"
    assert statuses(session) == ["cancelled", "attending", "attending", "waitlisted"]
    kinds = [m.subject for m in mailoutbox]
    assert len(kinds) == 6  # 2 confirmed, 2 waitlisted, 1 cancelled, 1 promoted
    promoted = [m for m in mailoutbox if m.to == ["p3@example.test"]][-1]
    assert promoted.attachments[0][0].endswith(".ics")
    content = promoted.attachments[0][1]
    assert "BEGIN:VEVENT" in (content.decode() if isinstance(content, bytes) else content)


def test_cancelling_twice_changes_nothing(session):
    a, _ = reg(session, 1)
    services.cancel(registration=a)
    services.cancel(registration=a)
    assert Session.objects.get(pk=session.pk).attending_count == 0


def test_growing_capacity_promotes_and_shrinking_below_attending_is_refused(session):
    for n in range(4):
        reg(session, n)
    services.change_capacity(session=session, capacity=3)
    assert statuses(session) == ["attending", "attending", "attending", "waitlisted"]
    with pytest.raises(ValidationError) as excinfo:
        services.change_capacity(session=session, capacity=2)
    assert "3" in excinfo.value.message_dict["capacity"][0]
    assert Session.objects.get(pk=session.pk).capacity == 3


def test_full_session_without_waitlist_is_refused():
    session = make_session(make_county(), capacity=1, waitlist=False)
    reg(session, 1)
    with pytest.raises(services.SessionFull):
        reg(session, 2)
    assert Registration.objects.count() == 1


def test_registration_closes_fourteen_days_before_by_default():
    session = make_session(make_county(), days_ahead=10)
    with pytest.raises(services.RegistrationClosed):
        reg(session, 1)
    assert Registration.objects.count() == 0


def test_cancel_link_round_trip_and_tampering(session):
    a, _ = reg(session, 1)
    token = services.cancel_token(a)
    assert services.registration_from_token(token) == a
    assert services.registration_from_token(token + "x") is None


def started(session):
    """Move a session (registered for while it was ahead) to have begun an hour ago."""
    start = timezone.now() - timedelta(hours=1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=3)
    )


def test_attendance_only_for_people_with_a_place(session):
    for n in range(3):
        reg(session, n)
    attending, waitlisted = (
        Registration.objects.get(email="p0@example.test"),
        Registration.objects.get(email="p2@example.test"),
    )
    started(session)
    services.mark_attendance(registration=attending, attended=True)
    with pytest.raises(ValidationError):
        services.mark_attendance(registration=waitlisted, attended=True)
    assert Registration.objects.get(pk=attending.pk).attended is True


def test_attendance_is_not_recorded_before_the_session_starts(session):
    """Marked present in advance, a person would count as trained (mandatory-training
    reports read attendance) for a session that has not happened."""
    registration, _ = reg(session, 1)
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        services.mark_attendance(registration=registration, attended=True)
    assert excinfo.value.messages == ["Attendance can be recorded once the session has started."]
    assert Registration.objects.get(pk=registration.pk).attended is None


def test_missing_name_or_email_saves_nothing(session):
    with pytest.raises(ValidationError):
        services.register(session=session, name=" ", email="")
    assert Registration.objects.count() == 0
    assert Session.objects.get(pk=session.pk).attending_count == 0


def test_retention_anonymises_registrations_after_the_session(session):
    from datetime import timedelta

    from django.utils import timezone

    a, _ = reg(session, 1, dietary="laktoositon")
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=100), ends_at=timezone.now() - timedelta(days=99)
    )
    assert services.anonymise_past_registrations(days_after=90) == 1
    a.refresh_from_db()
    assert (a.name, a.email, a.dietary, a.status) == ("", "", "", "attending")
    assert a.anonymised_at is not None
    assert services.anonymise_past_registrations(days_after=90) == 0


def test_a_free_place_goes_to_the_waitlist_before_a_newcomer(session):
    for n in range(3):
        reg(session, n)  # 2 attending, 1 waitlisted
    Session.objects.filter(pk=session.pk).update(
        attending_count=1
    )  # a place frees without promotion
    newcomer, _ = reg(session, 9)
    assert newcomer.status == "waitlisted"


def test_no_promotion_or_cancellation_after_the_start_or_for_cancelled_events(session):
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.events.models import Event

    a, _ = reg(session, 1)
    reg(session, 2)
    w, _ = reg(session, 3)
    Event.objects.filter(pk=session.event_id).update(status=Event.Status.CANCELLED)
    services.cancel(registration=a)
    w.refresh_from_db()
    assert w.status == "waitlisted"
    b = Registration.objects.get(email="p2@example.test")
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(services.TooLate):
        services.cancel(registration=b)
    assert Registration.objects.get(pk=b.pk).status == "attending"


def test_waitlisted_email_has_no_online_link_and_subject_is_plain_text(
    mailoutbox, django_capture_on_commit_callbacks
):
    from kuulu.events.models import Event

    online = make_session(make_county(), capacity=1, title_fi='Kunta & järjestöt "yhdessä"')
    Session.objects.filter(pk=online.pk).update(online_url="https://example.invalid/secret-room")
    Event.objects.filter(pk=online.event_id).update(format=Event.Format.WEBINAR)
    with django_capture_on_commit_callbacks(execute=True):
        reg(online, 1)
        reg(online, 2)
    confirmed, waitlisted = mailoutbox
    assert "secret-room" in confirmed.body
    assert "secret-room" not in waitlisted.body
    assert '"yhdessä"' in confirmed.subject
    assert "&amp;" not in confirmed.subject


def test_cancelling_the_event_tells_everyone_registered(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    from kuulu.events.models import Event

    for n in range(3):
        reg(session, n)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=session.event)
        services.cancel_event(event=session.event)  # twice: nobody is told twice
    assert Event.objects.get(pk=session.event_id).status == Event.Status.CANCELLED
    assert sorted(m.to[0] for m in mailoutbox) == [
        "p0@example.test",
        "p1@example.test",
        "p2@example.test",
    ]
    assert "STATUS:CANCELLED" in mailoutbox[0].attachments[0][1]


def test_change_announcement_reaches_places_and_waitlist(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(3):
        reg(session, n)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announce_event_change(event=session.event) == 3
    assert len(mailoutbox) == 3


def test_reminders_go_once_to_people_with_a_place(mailoutbox, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    soon = make_session(make_county(), capacity=1)
    for n in range(2):
        reg(soon, n)
    Session.objects.filter(pk=soon.pk).update(
        starts_at=timezone.now() + timedelta(hours=20), ends_at=timezone.now() + timedelta(hours=22)
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
        call_command("send_event_reminders")
    assert [m.to for m in mailoutbox] == [["p0@example.test"]]


def test_counters_follow_places_and_waitlist(session):
    for n in range(5):
        reg(session, n)  # 2 attending, 3 waitlisted
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.attending_count, fresh.waitlisted_count) == (2, 3)
    services.cancel(registration=Registration.objects.get(email="p4@example.test"))
    services.cancel(registration=Registration.objects.get(email="p0@example.test"))
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.attending_count, fresh.waitlisted_count) == (2, 1)
    assert statuses(session) == ["cancelled", "attending", "attending", "waitlisted", "cancelled"]


def test_saving_a_loaded_session_keeps_the_counters_the_services_wrote(session):
    stale = Session.objects.get(pk=session.pk)
    reg(session, 1)
    reg(session, 2)
    reg(session, 3)
    stale.venue = "Uusi paikka"
    stale.save()  # e.g. the admin, with the counters it read before the registrations
    fresh = Session.objects.get(pk=session.pk)
    assert (fresh.venue, fresh.attending_count, fresh.waitlisted_count) == ("Uusi paikka", 2, 1)


def test_registering_again_for_a_full_session_without_waitlist_returns_the_place():
    session = make_session(make_county(), capacity=1, waitlist=False)
    first, _ = reg(session, 1)
    again, created = reg(session, 1)
    assert (again.pk, created) == (first.pk, False)
    with pytest.raises(services.SessionFull):
        reg(session, 2)


def test_calendar_file_names_an_online_place_in_the_registrants_language(mailoutbox):
    """The worker runs outside any request's language: the calendar attachment of someone
    without a place (no link) said "Online" in English whatever the email's language."""
    from kuulu.events.models import Event
    from kuulu.events.tasks import send_registration_email

    online = make_session(make_county(), capacity=1)
    Session.objects.filter(pk=online.pk).update(
        venue="", address="", online_url="https://example.invalid/secret-room"
    )
    Event.objects.filter(pk=online.event_id).update(format=Event.Format.WEBINAR)
    reg(online, 1)
    waitlisted, _ = reg(online, 2, language="sv")
    send_registration_email.call(registration_id=waitlisted.pk, kind="event_changed")
    (message,) = mailoutbox
    calendar = message.attachments[0][1]
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert "LOCATION:På distans" in calendar
    assert "secret-room" not in calendar


def test_a_session_moved_after_its_reminder_gets_a_reminder_for_the_new_time(
    mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The reminder was marked sent for good: people reminded of a session that was then put
    off by a week heard nothing before the new date."""
    from datetime import timedelta

    now = timezone.now()
    soon = make_session(make_county(), capacity=5)
    reg(soon, 1)
    Session.objects.filter(pk=soon.pk).update(
        starts_at=now + timedelta(hours=20), ends_at=now + timedelta(hours=22)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        services.update_session(
            session=soon,
            data={
                "starts_at": now + timedelta(days=7),
                "ends_at": now + timedelta(days=7, hours=2),
            },
        )
        assert services.send_due_reminders() == 0  # the new time is a week away
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(days=6))

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_due_reminders()

    assert sent == 1
    assert [m.to for m in mailoutbox] == [["p1@example.test"]] * 2  # the old time, the new


def test_a_moved_renamed_or_cancelled_session_is_a_new_revision_in_calendars(session):
    """The calendar file carried no SEQUENCE: a changed time or a cancellation sent as a file
    with the same UID was the same revision to calendar programs, which kept the old entry."""
    from kuulu.events.ical import calendar_for

    def sequence():
        text = calendar_for([Session.objects.select_related("event").get(pk=session.pk)]).decode()
        return [line for line in text.splitlines() if line.startswith("SEQUENCE:")]

    assert sequence() == ["SEQUENCE:0"]
    services.update_session(session=session, data={"capacity": 5, "venue": session.venue})
    assert sequence() == ["SEQUENCE:0"]  # nothing a calendar shows changed
    services.update_session(
        session=session,
        data={
            "starts_at": session.starts_at + timedelta(days=1),
            "ends_at": session.ends_at + timedelta(days=1),
        },
    )
    assert sequence() == ["SEQUENCE:1"]
    services.update_event(event=session.event, data={"title_sv": "Verkstad"})
    assert sequence() == ["SEQUENCE:2"]
    services.cancel_event(event=session.event)
    assert sequence() == ["SEQUENCE:3"]


def test_calendar_file_of_someone_with_a_place_in_a_hybrid_session_has_the_online_link(
    mailoutbox,
):
    """A session with both a venue and an online link put only the venue in the calendar
    file: someone joining remotely who opened the entry from their calendar found no link.
    The file with the link goes only to people with a place; a waitlisted person's file and
    the public download keep it out."""
    from kuulu.events.tasks import send_registration_email

    hybrid = make_session(make_county(), capacity=1)
    Session.objects.filter(pk=hybrid.pk).update(online_url="https://example.invalid/hybrid-room")
    attending, _ = reg(hybrid, 1, language="sv")
    waitlisted, _ = reg(hybrid, 2)
    send_registration_email.call(registration_id=attending.pk, kind="confirmed")
    send_registration_email.call(registration_id=waitlisted.pk, kind="event_changed")
    with_place, without_place = (
        m.attachments[0][1].decode()
        if isinstance(m.attachments[0][1], bytes)
        else m.attachments[0][1]
        for m in mailoutbox
    )
    unfolded = with_place.replace("\r\n ", "")
    assert "LOCATION:Kainuun Osaamiskeskus\\, Kauppakatu 1\\, Kajaani" in unfolded
    assert "URL:https://example.invalid/hybrid-room" in unfolded
    assert "DESCRIPTION:Länk för distansdeltagande: https://example.invalid/hybrid-room" in unfolded
    assert "hybrid-room" not in without_place.replace("\r\n ", "")


@pytest.mark.parametrize("organiser_acts", ["cancel_event", "delete_session", "back_to_draft"])
def test_a_registration_never_lands_on_an_event_cancelled_after_its_checks(
    organiser_acts, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    """The checks of a registration read the event without a lock: an organiser who cancelled
    the event (or deleted the session, or took the event back to draft) between those checks
    and the seat decision left a place on a cancelled event, with a "you have a place" email
    and no cancellation notice (the cancellation had told only the people it saw), or a
    deleted session answered "this session is full" (SQLite: a server error)."""
    session = make_session(make_county(), capacity=2)
    checked = Session.registration_open

    def check_then_the_organiser_acts(self, now=None):
        answer = checked(self, now)
        if organiser_acts == "cancel_event":
            services.cancel_event(event=session.event)
        elif organiser_acts == "delete_session":
            services.delete_session(session=session)
        else:
            services.update_event(event=session.event, data={"status": "draft"})
        return answer

    monkeypatch.setattr(Session, "registration_open", check_then_the_organiser_acts)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.RegistrationClosed),
    ):
        reg(session, 1)
    assert Registration.objects.count() == 0
    assert mailoutbox == []
    assert Session.objects.filter(pk=session.pk, attending_count__gt=0).count() == 0
