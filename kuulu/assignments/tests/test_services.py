from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kuulu.assignments import selectors, services
from kuulu.assignments.models import Assignment, TeamCompletion
from kuulu.assignments.tests.factories import in_days, make_assignment, make_course
from kuulu.events.models import Registration
from kuulu.events.tests.factories import make_session
from kuulu.learning.models import Course, CourseCompletion
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def _status_by_person(assignment):
    return {s.person.pk: s for s in selectors.statuses(assignment)}


def test_audience_is_the_subtree_of_the_chosen_units(org):
    assignment = make_assignment(org.county, units=[org.unit_a])
    people = set(selectors.assigned_people(assignment))
    assert org.manager_person in people
    assert org.staff_person in people
    assert org.other_staff_person not in people
    assert org.resident_person not in people


def test_whole_county_and_managers_only(org):
    everyone = make_assignment(org.county)
    managers = make_assignment(org.county, managers_only=True)
    assert org.other_staff_person in set(selectors.assigned_people(everyone))
    assert set(selectors.assigned_people(managers)) == {org.manager_person}


def test_people_who_join_later_are_covered(org):
    assignment = make_assignment(org.county, units=[org.unit_a])
    newcomer = make_person(org.county, kind="staff", unit=org.team_a1)
    assert newcomer in set(selectors.assigned_people(assignment))


def test_completion_comes_from_the_course_event_attendance_or_a_team(org):
    course_assignment = make_assignment(org.county, units=[org.unit_a])
    CourseCompletion.objects.create(
        user=org.staff, course=course_assignment.course, completed_at=timezone.now()
    )
    status = _status_by_person(course_assignment)
    assert status[org.staff_person.pk].done_on == timezone.localdate()
    assert status[org.staff_person.pk].how == "course"
    assert status[org.manager_person.pk].done_on is None

    session = make_session(org.county, capacity=5)
    event_assignment = make_assignment(org.county, event=session.event, units=[org.unit_a])
    Registration.objects.create(
        session=session,
        name="x",
        email=org.manager_person.email.upper(),  # registered without signing in
        status="attending",
        attended=True,
    )
    Registration.objects.create(
        session=session,
        name="y",
        email=org.staff.email,
        user=org.staff,
        status="attending",
        attended=False,
    )
    status = _status_by_person(event_assignment)
    assert status[org.manager_person.pk].how == "event"
    assert status[org.staff_person.pk].done_on is None  # marked absent

    services.record_team_completion(
        assignment=event_assignment,
        unit=org.unit_a,
        completed_on=in_days(-1),
        participants=[org.staff_person],
    )
    status = _status_by_person(event_assignment)
    assert status[org.staff_person.pk].done_on == in_days(-1)
    assert status[org.staff_person.pk].how == "team"


def test_create_assignment_rejects_bad_input_and_saves_nothing(org):
    draft = make_course(org.county, status=Course.Status.DRAFT)
    other_county_unit = make_unit(make_county(), code="x")
    session = make_session(org.county)
    cases = [
        ({"course": draft}, "course"),
        ({"course": make_course(org.county), "event": session.event}, "course"),
        ({}, "course"),
        ({"course": make_course(org.county), "due_on": in_days(-1)}, "due_on"),
        ({"course": make_course(org.county), "remind_days_before": 91}, "remind_days_before"),
        ({"course": make_course(org.county), "units": [other_county_unit]}, "units"),
    ]
    for kwargs, field in cases:
        kwargs.setdefault("due_on", in_days(10))
        with pytest.raises(ValidationError) as exc:
            services.create_assignment(county=org.county, **kwargs)
        assert field in exc.value.message_dict, kwargs
    assert not Assignment.objects.exists()


def test_assigned_people_get_an_email_in_their_language(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    org.other_staff.language = "sv"
    org.other_staff.save()
    course = make_course(org.county, title_sv="Att ta emot respons")
    with django_capture_on_commit_callbacks(execute=True):
        make_assignment(org.county, course=course, due_on=in_days(20))
    recipients = {m.to[0]: m for m in mailoutbox}
    staff_emails = {
        org.manager_person.email,
        org.staff_person.email,
        org.other_staff_person.email,
        "coord@example.test",
    }
    assert set(recipients) == staff_emails
    assert "Att ta emot respons" in recipients[org.other_staff_person.email].subject
    assert "Palautteen vastaanottaminen" in recipients[org.staff_person.email].subject
    assert "/workspace/assignments/mine/" in recipients[org.staff_person.email].body


def test_reminders_go_once_and_only_to_those_not_done(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = make_assignment(org.county, units=[org.unit_a], due_on=in_days(5))
    CourseCompletion.objects.create(
        user=org.staff, course=assignment.course, completed_at=timezone.now()
    )
    later = make_assignment(org.county, units=[org.unit_a], due_on=in_days(30))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 1
        assert services.send_due_reminders() == 0
    assert [m.to[0] for m in mailoutbox] == [org.manager_person.email]
    assert mailoutbox[0].subject.startswith("Muistutus: ")  # the recipient's language
    later.refresh_from_db()
    assert later.reminder_sent_at is None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=in_days(23)) == 1


def test_withdrawn_assignments_send_no_reminders(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    assignment = make_assignment(org.county, due_on=in_days(2))
    services.withdraw_assignment(assignment=assignment)
    services.withdraw_assignment(assignment=assignment)  # twice is harmless
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders() == 0
    assert mailoutbox == []


def test_team_completion_only_for_members_of_the_team_with_the_assignment(org):
    assignment = make_assignment(org.county, units=[org.area_a])
    for participants, completed_on in [
        ([org.other_staff_person], in_days(0)),  # another unit
        ([org.resident_person], in_days(0)),  # not staff
        ([], in_days(0)),
        ([org.staff_person], in_days(1)),  # future
    ]:
        with pytest.raises(ValidationError):
            services.record_team_completion(
                assignment=assignment,
                unit=org.unit_a,
                completed_on=completed_on,
                participants=participants,
            )
    assert not TeamCompletion.objects.exists()
    services.withdraw_assignment(assignment=assignment)
    assignment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_team_completion(
            assignment=assignment,
            unit=org.unit_a,
            completed_on=in_days(0),
            participants=[org.staff_person],
        )


def test_report_drills_down_and_keeps_managers_in_their_subtree(org):
    assignment = make_assignment(org.county, due_on=in_days(1))
    CourseCompletion.objects.create(
        user=org.staff, course=assignment.course, completed_at=timezone.now()
    )
    county = selectors.assignment_report(assignment, scope=None)
    assert county.current is None
    assert {r.unit.code: (r.tally.assigned, r.tally.done) for r in county.by_unit} == {
        "area-a": (3, 1),
        "area-b": (1, 0),
    }
    drilled = selectors.assignment_report(assignment, scope=None, unit_id=org.area_a.pk)
    assert [r.unit.code for r in drilled.by_unit] == ["unit-a"]
    assert [u.code for u in drilled.trail] == ["area-a"]
    # A manager of unit_a asking for area_b sees their own unit instead.
    managed = selectors.assignment_report(assignment, scope=org.unit_a.path, unit_id=org.area_b.pk)
    assert managed.current == org.unit_a
    assert managed.total.assigned == 2
    assert {s.person.pk for s in managed.not_done} == {org.manager_person.pk}
    roles = {t.key: t.assigned for t in managed.by_role}
    assert roles == {"manager": 1, "staff": 1}


def test_municipality_comes_from_the_nearest_unit_naming_one(org):
    kajaani = org.county.municipalities.get(code="205")
    org.unit_a.municipalities.set([kajaani])
    _units, by_path = selectors.units_with_municipality(org.county.pk)
    assert by_path[org.team_a1.path] == kajaani.pk
    assert by_path[org.area_b.path] is None


def test_overdue_list_for_a_manager(org):
    assignment = make_assignment(org.county, due_on=in_days(1))
    Assignment.objects.filter(pk=assignment.pk).update(due_on=in_days(-1))
    from kuulu.organisation.access import actor_for

    groups = selectors.overdue_for_manager(actor_for(org.manager))
    assert [(a.pk, {s.person.pk for s in people}) for a, people in groups] == [
        (assignment.pk, {org.manager_person.pk, org.staff_person.pk})
    ]


def test_my_assignments(org):
    assignment = make_assignment(org.county, units=[org.unit_a], due_on=in_days(3))
    make_assignment(org.county, units=[org.unit_b])
    mine = selectors.assignments_for_person(org.staff_person)
    assert [m.assignment.pk for m in mine] == [assignment.pk]
    assert mine[0].done_on is None
    assert not mine[0].overdue
    assert selectors.assignments_for_person(org.resident_person) == []


def test_attendance_by_programme_counts_planned_and_actual(org):
    session = make_session(org.county, capacity=10)
    for i, attended in enumerate([True, True, False, None]):
        Registration.objects.create(
            session=session,
            name=f"n{i}",
            email=f"n{i}@example.test",
            status="attending",
            attended=attended,
        )
    Registration.objects.create(
        session=session, name="c", email="c@example.test", status="cancelled"
    )
    start = session.starts_at + timedelta(days=1)
    session.event.sessions.create(starts_at=start, ends_at=start + timedelta(hours=1), capacity=5)
    [group] = selectors.attendance_by_programme(org.county.pk)
    assert (group.capacity, group.registered, group.attended, group.absent) == (15, 4, 2, 1)
    assert group.percent_attended == 50


def test_attendance_still_counts_after_registrations_are_anonymised(org):
    from kuulu.events import services as event_services
    from kuulu.events.models import Session

    session = make_session(org.county, capacity=5)
    assignment = make_assignment(org.county, event=session.event, units=[org.unit_a])
    present = Registration.objects.create(
        session=session,
        name="x",
        email=org.staff.email,
        user=org.staff,
        status="attending",
        attended=True,
    )
    absent = Registration.objects.create(
        session=session,
        name="y",
        email=org.manager.email,
        user=org.manager,
        status="attending",
        attended=False,
    )
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=100), ends_at=timezone.now() - timedelta(days=99)
    )
    assert event_services.anonymise_past_registrations(days_after=90) == 2
    present.refresh_from_db()
    absent.refresh_from_db()
    assert (present.name, present.email, present.user) == ("", "", org.staff)
    assert absent.user is None
    status = _status_by_person(assignment)
    assert status[org.staff_person.pk].how == "event"
    assert status[org.manager_person.pk].done_on is None


def test_staff_attendance_by_service_area(org):
    session = make_session(org.county, capacity=10)
    for user, attended in [(org.staff, True), (org.manager, False), (org.other_staff, True)]:
        Registration.objects.create(
            session=session,
            name="n",
            email=user.email,
            user=user,
            status="attending",
            attended=attended,
        )
    Registration.objects.create(
        session=session,
        name="r",
        email=org.resident.email,
        user=org.resident,
        status="attending",
        attended=True,
    )
    areas = {
        a.unit.code: (a.registered, a.attended)
        for a in selectors.attendance_by_service_area(org.county.pk)
    }
    assert areas == {"area-a": (2, 1), "area-b": (1, 1)}


def test_a_managers_attendance_figures_cover_their_own_staff_only(org):
    session = make_session(org.county, capacity=10)
    for user in [org.staff, org.other_staff]:
        Registration.objects.create(
            session=session,
            name="n",
            email=user.email,
            user=user,
            status="attending",
            attended=True,
        )
    [county] = selectors.attendance_by_programme(org.county.pk)
    [managed] = selectors.attendance_by_programme(org.county.pk, scope=org.unit_a.path)
    assert (county.registered, county.attended) == (2, 2)
    assert (managed.registered, managed.attended) == (1, 1)
    areas = selectors.attendance_by_service_area(org.county.pk, scope=org.unit_a.path)
    assert [(a.unit.code, a.registered) for a in areas] == [("unit-a", 1)]


def test_assigning_the_same_thing_twice_makes_one_assignment_and_one_round_of_emails(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    """A double-clicked "Assign" (or the form sent again after a slow answer) made a second
    identical assignment: everyone it covered got the email twice and saw the training twice
    in their own list, and the reports counted it twice. The same course or event for the
    same audience, due date and note is now the assignment already made."""
    course = make_course(org.county)
    same = {
        "course": course,
        "units": [org.unit_a],
        "due_on": in_days(30),
        "note": "Katsokaa tiimipalaverissa.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = make_assignment(org.county, **same)
    emails = len(mailoutbox)
    assert emails > 0
    with django_capture_on_commit_callbacks(execute=True):
        again = make_assignment(org.county, **same)
    assert again.pk == first.pk
    assert Assignment.objects.count() == 1
    assert len(mailoutbox) == emails
    # Another due date, audience or note is an assignment of its own.
    make_assignment(org.county, **{**same, "due_on": in_days(60)})
    make_assignment(org.county, **{**same, "units": [org.unit_a, org.unit_b]})
    make_assignment(org.county, **{**same, "managers_only": True})
    assert Assignment.objects.count() == 4
    # Assigning again what was withdrawn is a new assignment.
    services.withdraw_assignment(assignment=first)
    assert make_assignment(org.county, **same).pk != first.pk


def test_attendance_without_signing_in_still_counts_after_registrations_are_anonymised(org):
    """A staff member who registered on the public form without signing in is credited through
    their email address. Retention cleared that address (and kept no account link, as the
    registration had none), so 90 days after the session their mandatory training showed as
    not done, and overdue. The present person's registration now keeps the link to the
    account of the staff member with that address."""
    from kuulu.events import services as event_services
    from kuulu.events.models import Session

    session = make_session(org.county, capacity=5)
    assignment = make_assignment(org.county, event=session.event, units=[org.unit_a])
    for email, attended in [("Staff@Example.test", True), (org.manager_person.email, False)]:
        Registration.objects.create(
            session=session, name="x", email=email, status="attending", attended=attended
        )
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(days=100), ends_at=timezone.now() - timedelta(days=99)
    )
    done_on = _status_by_person(assignment)[org.staff_person.pk].done_on
    assert done_on is not None

    assert event_services.anonymise_past_registrations(days_after=90) == 2

    assert list(Registration.objects.order_by("id").values_list("email", "user")) == [
        ("", org.staff.pk),
        ("", None),
    ]
    status = _status_by_person(assignment)
    assert (status[org.staff_person.pk].done_on, status[org.staff_person.pk].how) == (
        done_on,
        "event",
    )
    assert status[org.manager_person.pk].done_on is None


def test_a_cancelled_event_does_not_count_as_absence_in_attendance_figures(org):
    """The attendance figures counted the places of a cancelled event as registered and never
    present: a held event with everyone present and a cancelled one with three places showed
    the programme at 40 % attendance, and each staff member's service area lower too."""
    from kuulu.events import services as event_services
    from kuulu.events.models import Programme

    programme = Programme.objects.create(county=org.county, name_fi="Johtamisakatemia")
    held = make_session(org.county, capacity=10, programme=programme, part_number=1)
    for user in (org.staff, org.manager):
        Registration.objects.create(
            session=held,
            name="n",
            email=user.email,
            user=user,
            status="attending",
            attended=True,
        )
    called_off = make_session(org.county, capacity=10, programme=programme, part_number=2)
    for user in (org.staff, org.manager, org.other_staff):
        event_services.register(session=called_off, name="n", email=user.email, user=user)
    event_services.cancel_event(event=called_off.event)
    # An event whose first session was held (attendance marked) and the rest called off keeps
    # the attendance of the held session.
    partly = make_session(org.county, capacity=5, programme=programme, part_number=3)
    Registration.objects.create(
        session=partly,
        name="n",
        email=org.staff.email,
        user=org.staff,
        status="attending",
        attended=True,
    )
    Registration.objects.create(
        session=partly,
        name="n",
        email=org.other_staff.email,
        user=org.other_staff,
        status="attending",
    )
    event_services.cancel_event(event=partly.event)

    [group] = selectors.attendance_by_programme(org.county.pk)
    assert [e.pk for e in group.events] == [held.event_id, partly.event_id]
    assert (group.registered, group.attended, group.percent_attended) == (3, 3, 100)
    areas = {
        a.unit.code: (a.registered, a.attended)
        for a in selectors.attendance_by_service_area(org.county.pk)
    }
    assert areas == {"area-a": (3, 3)}
