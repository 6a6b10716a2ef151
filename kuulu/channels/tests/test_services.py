from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.channels import selectors, services
from kuulu.channels.models import (
    Application,
    Attendance,
    ConsentRecord,
    Meeting,
    Membership,
    Role,
    StatementRequest,
)
from kuulu.channels.tests.factories import make_channel, make_council, make_member
from kuulu.core.models import AuditEvent
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_municipality, make_person

pytestmark = pytest.mark.django_db


def apply(channel, **kwargs):
    data = {
        "channel": channel,
        "name": "Maija Meikäläinen",
        "email": "Maija@Example.test",
        "motivation": "Haluan vaikuttaa.",
        "consent": True,
    }
    return services.submit_application(**{**data, **kwargs})


def test_application_without_consent_is_refused_and_nothing_stored(org):
    channel = make_channel(org.county)
    with pytest.raises(ValidationError) as exc:
        apply(channel, consent=False)
    assert "consent" in exc.value.message_dict
    assert Application.objects.count() == 0


def test_application_stores_the_consent_text_it_showed(org):
    channel = make_channel(org.county, name_fi="Asiakasraati")
    application = apply(channel)
    assert application.email == "maija@example.test"
    assert application.consent_text == services.consent_text(channel)
    assert "Asiakasraati" in application.consent_text
    assert application.status == Application.Status.PENDING


def test_channel_not_taking_applications_refuses(org):
    channel = make_channel(org.county, accepts_applications=False)
    with pytest.raises(ValidationError):
        apply(channel)
    assert Application.objects.count() == 0


def test_accept_creates_resident_membership_consent_and_emails_in_their_language(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    channel = make_channel(org.county, name_fi="Asiakasraati", name_sv="Kundpanel")
    application = apply(channel, language="sv", public_listing=True)
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.accept_application(
            application=application, term_start=date(2026, 1, 1), actor=org.coordinator
        )
    person = membership.person
    assert (person.kind, person.first_name, person.last_name, person.email) == (
        Person.Kind.RESIDENT,
        "Maija",
        "Meikäläinen",
        "maija@example.test",
    )
    assert membership.role == Role.MEMBER
    consent = ConsentRecord.objects.get()
    assert (consent.person_id, consent.text, consent.public_listing) == (
        person.pk,
        application.consent_text,
        True,
    )
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["maija@example.test"]
    assert "Kundpanel" in mailoutbox[0].subject


def test_accept_reuses_an_existing_person_with_the_same_email(org):
    channel = make_channel(org.county)
    application = apply(channel, email="resident@example.test")
    membership = services.accept_application(application=application, term_start=date(2026, 1, 1))
    assert membership.person_id == org.resident_person.pk


def test_reject_needs_a_reason_and_tells_the_applicant(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    application = apply(make_channel(org.county))
    with pytest.raises(ValidationError):
        services.reject_application(application=application, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_application(application=application, reason="Paikat ovat täynnä.")
    assert "Paikat ovat täynnä." in mailoutbox[0].body
    with pytest.raises(ValidationError):
        services.accept_application(application=application, term_start=date(2026, 1, 1))
    assert Membership.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "end", "clash"),
    [
        (date(2026, 6, 1), date(2026, 12, 31), True),  # inside
        (date(2024, 1, 1), date(2025, 1, 1), True),  # ends on the first day
        (date(2027, 12, 31), None, True),  # starts on the last day, open end
        (date(2028, 1, 1), None, False),  # after
        (date(2024, 1, 1), date(2024, 12, 31), False),  # before
    ],
)
def test_overlapping_terms_for_the_same_seat_are_an_error(org, start, end, clash):
    channel = make_council(org.county)
    make_member(channel, seat="Kuhmo", term_start=date(2025, 1, 1), term_end=date(2027, 12, 31))
    person = make_person(org.county, with_user=False)
    if clash:
        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                channel=channel, person=person, seat=" kuhmo ", term_start=start, term_end=end
            )
        assert "seat" in exc.value.message_dict
        assert Membership.objects.count() == 1
    else:
        services.add_membership(
            channel=channel, person=person, seat="Kuhmo", term_start=start, term_end=end
        )
        assert Membership.objects.count() == 2


def test_the_same_person_in_the_same_role_for_overlapping_days_is_refused(org):
    """A repeated "Add member" (a double click) or accepting an applicant who already is a
    member made a second identical term: the person was listed twice on every page."""
    channel = make_council(org.county)
    first = make_member(channel, term_start=date(2025, 1, 1), term_end=date(2027, 12, 31))
    with pytest.raises(ValidationError) as exc:
        make_member(channel, first.person, term_start=date(2026, 1, 1))
    assert list(exc.value.message_dict) == ["person"]
    assert exc.value.error_dict["person"][0].code == "duplicate"
    application = apply(channel, email=first.person.email)
    with pytest.raises(ValidationError):
        services.accept_application(application=application, term_start=date(2026, 1, 1))
    assert list(Membership.objects.values_list("pk", flat=True)) == [first.pk]
    application.refresh_from_db()
    assert application.status == Application.Status.PENDING
    # Another role, or the next term, is a membership of its own.
    chair = make_member(channel, first.person, role=Role.CHAIR, term_start=date(2026, 1, 1))
    later = make_member(channel, first.person, term_start=date(2028, 1, 1))
    assert Membership.objects.count() == 3
    assert (chair.role, later.term_start) == (Role.CHAIR, date(2028, 1, 1))


def test_a_deputy_may_share_the_seat_of_the_member_and_other_seats_are_free(org):
    channel = make_council(org.county)
    member = make_member(channel, seat="seat 3")
    deputy = make_member(channel, seat="seat 3", role=Role.DEPUTY, is_deputy_for=member)
    other = make_member(channel, seat="seat 4")
    assert deputy.is_deputy_for == member
    assert other.seat == "seat 4"
    with pytest.raises(ValidationError):
        make_member(channel, seat="seat 3", role=Role.DEPUTY)


def test_term_cannot_end_before_it_starts(org):
    with pytest.raises(ValidationError):
        make_member(
            make_channel(org.county), term_start=date(2026, 1, 1), term_end=date(2025, 1, 1)
        )


def test_withdrawal_ends_membership_today_and_hides_from_public_list(org):
    channel = make_council(org.county)
    membership = make_member(channel, public=True, term_end=timezone.localdate() + timedelta(9))
    future = make_member(
        channel, membership.person, term_start=timezone.localdate() + timedelta(10)
    )
    assert selectors.public_members(channel) == [membership]
    consent = ConsentRecord.objects.get()
    services.withdraw_consent(consent=consent, actor=org.coordinator)
    membership.refresh_from_db()
    assert membership.term_end == timezone.localdate()
    assert not Membership.objects.filter(pk=future.pk).exists()
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert selectors.public_members(channel) == []
    assert selectors.current_members(channel, on=tomorrow) == []


def test_public_members_only_for_councils_and_only_with_consent(org):
    council = make_council(org.county)
    listed = make_member(council, public=True)
    make_member(council)  # no consent to be listed
    panel = make_channel(org.county)
    make_member(panel, public=True)
    assert selectors.public_members(council) == [listed]
    assert selectors.public_members(panel) == []


def test_retention_deletes_withdrawn_and_rejected_applications_after_the_period(org):
    channel = make_channel(org.county)
    accepted = apply(channel)
    services.accept_application(application=accepted, term_start=date(2025, 1, 1))
    rejected = apply(channel, email="b@example.test")
    services.reject_application(application=rejected, reason="Ei nyt.")
    pending = apply(channel, email="c@example.test")
    services.withdraw_consent(consent=ConsentRecord.objects.get())
    assert services.delete_expired_applications(days=30) == 0
    Application.objects.update(created_at=timezone.now() - timedelta(days=40))
    ConsentRecord.objects.update(withdrawn_at=timezone.now() - timedelta(days=31))
    Application.objects.filter(pk=rejected.pk).update(
        decided_at=timezone.now() - timedelta(days=31)
    )
    assert services.delete_expired_applications(days=30) == 2
    assert list(Application.objects.values_list("pk", flat=True)) == [pending.pk]
    assert ConsentRecord.objects.count() == 1  # the proof of consent stays


def test_retention_keeps_an_application_sent_after_the_consent_was_withdrawn(org):
    channel = make_channel(org.county)
    first = apply(channel)
    services.accept_application(application=first, term_start=date(2025, 1, 1))
    services.withdraw_consent(consent=ConsentRecord.objects.get())
    Application.objects.update(created_at=timezone.now() - timedelta(days=40))
    ConsentRecord.objects.update(withdrawn_at=timezone.now() - timedelta(days=31))
    again = apply(channel, motivation="Haluan taas mukaan.")
    services.accept_application(
        application=again, term_start=timezone.localdate() + timedelta(days=1)
    )
    assert services.delete_expired_applications(days=30) == 1
    assert list(Application.objects.values_list("pk", flat=True)) == [again.pk]


def test_representation_lists_municipalities_without_a_current_member(org):
    county = org.county
    kajaani = county.municipalities.get()
    kuhmo = make_municipality(county, code="290", name_fi="Kuhmo")
    sotkamo = make_municipality(county, code="765", name_fi="Sotkamo")
    council = make_council(county)
    make_member(council, represents=kajaani)
    make_member(council, represents=kuhmo, role=Role.DEPUTY)  # deputies do not count
    make_member(council, represents=sotkamo, term_start=date(2020, 1, 1), term_end=date(2021, 1, 1))
    result = selectors.representation(council)
    assert result.applies
    assert [m.name for m in result.missing] == ["Kuhmo", "Sotkamo"]
    make_member(council, represents=kuhmo)
    make_member(council, represents=sotkamo)
    assert selectors.representation(council).complete
    assert not selectors.representation(make_channel(county)).applies


def test_statement_request_deadline_in_the_past_is_an_error(org):
    council = make_council(org.county)
    with pytest.raises(ValidationError) as exc:
        services.request_statement(
            channel=council,
            title="Palveluverkko",
            draft_text="Luonnos",
            deadline=timezone.localdate() - timedelta(days=1),
        )
    assert "deadline" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.request_statement(
            channel=make_channel(org.county),
            title="x",
            draft_text="y",
            deadline=timezone.localdate(),
        )
    assert StatementRequest.objects.count() == 0


def _request(council, days=7):
    return services.request_statement(
        channel=council,
        title="Palveluverkkosuunnitelma",
        draft_text="Luonnos",
        deadline=timezone.localdate() + timedelta(days=days),
    )


def test_late_statement_is_accepted_and_marked_late_then_response(org):
    council = make_council(org.county)
    item = _request(council)
    StatementRequest.objects.filter(pk=item.pk).update(
        requested_on=timezone.localdate() - timedelta(days=20),
        deadline=timezone.localdate() - timedelta(days=5),
    )
    item.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_response(
            statement_request=item,
            text="x",
            responder="Hallitus",
            responded_on=timezone.localdate(),
        )
    statement = services.record_statement(
        statement_request=item,
        text="Neuvosto puoltaa.",
        given_on=timezone.localdate(),
        given_by="Vanhusneuvosto kokouksessaan",
    )
    assert statement.is_late
    services.record_response(
        statement_request=item,
        text="Huomioidaan.",
        responder="Aluehallitus",
        responded_on=timezone.localdate(),
    )
    item.refresh_from_db()
    assert item.status == StatementRequest.Status.RESPONDED


def test_yearly_report_counts(org):
    # A fixed day inside its year: on the real clock the test skipped itself for the first 20
    # days of every year, when its dates crossed the year boundary.
    today = date(2026, 6, 15)
    council = make_council(org.county)
    on_time, late, missed, pending = (_request(council) for _ in range(4))
    StatementRequest.objects.filter(pk__in=[on_time.pk, pending.pk]).update(
        requested_on=today - timedelta(days=3), deadline=today + timedelta(days=7)
    )
    StatementRequest.objects.filter(pk__in=[late.pk, missed.pk]).update(
        requested_on=today - timedelta(days=20), deadline=today - timedelta(days=10)
    )
    for item in (on_time, late):
        item.refresh_from_db()
        services.record_statement(
            statement_request=item, text="Lausunto", given_on=today, given_by="Neuvosto"
        )
    services.record_response(
        statement_request=on_time, text="Vastaus", responder="Hallitus", responded_on=today
    )
    report = selectors.yearly_report(council, today.year, today=today)
    last_year = selectors.yearly_report(council, today.year - 1, today=today)
    expected = (4, 1, 1, 1, 1, 1)
    assert (
        report.requests,
        report.on_time,
        report.late,
        report.not_given,
        report.pending,
        report.responses,
    ) == expected
    assert last_year.requests == 0


def _held_meeting(channel):
    return services.save_meeting(
        channel=channel,
        starts_at=timezone.now() - timedelta(hours=3),
        place="Kajaanin kaupungintalo",
        agenda=["Avaus", " ", "Palveluverkko"],
    )


def test_attendance_copies_role_fees_and_marks_meeting_held(org):
    council = make_council(org.county)
    services.set_fees(
        channel=council, fees={Role.CHAIR: Decimal("120.00"), Role.MEMBER: Decimal("80.00")}
    )
    chair = make_member(council, role=Role.CHAIR)
    member = make_member(council)
    deputy = make_member(council, role=Role.DEPUTY, is_deputy_for=member)
    meeting = _held_meeting(council)
    assert meeting.agenda == ["Avaus", "Palveluverkko"]
    services.record_attendance(
        meeting=meeting,
        statuses={
            chair.pk: Attendance.Status.PRESENT,
            member.pk: Attendance.Status.DEPUTY_ATTENDED,
            deputy.pk: Attendance.Status.PRESENT,
        },
        actor=org.coordinator,
    )
    fees = dict(Attendance.objects.values_list("membership_id", "fee"))
    assert fees == {chair.pk: Decimal("120.00"), member.pk: Decimal(0), deputy.pk: Decimal(0)}
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert AuditEvent.objects.filter(summary="attendance and fees recorded").count() == 1
    rows = selectors.fee_rows(org.county, start=date(2000, 1, 1), end=timezone.localdate())
    assert [r.fee for r in rows if r.fee] == [Decimal("120.00")]


def test_a_person_listed_twice_at_a_meeting_is_paid_once(org):
    council = make_council(org.county)
    services.set_fees(
        channel=council, fees={Role.CHAIR: Decimal("120.00"), Role.MEMBER: Decimal("80.00")}
    )
    # Their term as a member was not ended when their term as chair began.
    as_member = make_member(council)
    as_chair = make_member(council, as_member.person, role=Role.CHAIR)
    other = make_member(council)
    meeting = _held_meeting(council)
    services.record_attendance(
        meeting=meeting,
        statuses={as_member.pk: "present", as_chair.pk: "present", other.pk: "present"},
    )
    fees = dict(Attendance.objects.values_list("membership_id", "fee"))
    assert fees == {as_member.pk: Decimal(0), as_chair.pk: Decimal("120.00"), other.pk: Decimal(80)}
    rows = selectors.fee_rows(org.county, start=date(2000, 1, 1), end=timezone.localdate())
    assert sum(r.fee for r in rows) == Decimal("200.00")
    # Corrected: present as a member only.
    services.record_attendance(
        meeting=meeting,
        statuses={as_member.pk: "present", as_chair.pk: "absent", other.pk: "present"},
    )
    fees = dict(Attendance.objects.values_list("membership_id", "fee"))
    assert fees == {as_member.pk: Decimal(80), as_chair.pk: Decimal(0), other.pk: Decimal(80)}


def test_a_meeting_put_off_after_attendance_was_recorded_pays_no_fees(org):
    council = make_council(org.county)
    services.set_fees(channel=council, fees={Role.MEMBER: Decimal("80.00")})
    member = make_member(council)
    meeting = _held_meeting(council)
    services.record_attendance(meeting=meeting, statuses={member.pk: "present"})
    later = timezone.now() + timedelta(days=7)
    services.save_meeting(
        channel=council, meeting=meeting, starts_at=later, place="Kajaani", status="planned"
    )
    period = {"start": date(2000, 1, 1), "end": timezone.localdate(later)}
    assert selectors.fee_rows(org.county, **period) == []
    # Held on the new day, and attendance recorded again: paid once.
    services.save_meeting(
        channel=council, meeting=meeting, starts_at=timezone.now(), place="Kajaani"
    )
    services.record_attendance(meeting=meeting, statuses={member.pk: "present"})
    assert [r.fee for r in selectors.fee_rows(org.county, **period)] == [Decimal("80.00")]


def test_attendance_only_for_members_of_the_channel_and_after_the_start(org):
    council = make_council(org.county)
    stranger = make_member(make_channel(org.county))
    meeting = _held_meeting(council)
    with pytest.raises(ValidationError):
        services.record_attendance(meeting=meeting, statuses={stranger.pk: "present"})
    future = services.save_meeting(
        channel=council, starts_at=timezone.now() + timedelta(days=3), online=True
    )
    member = make_member(council)
    with pytest.raises(ValidationError):
        services.record_attendance(meeting=future, statuses={member.pk: "present"})
    assert Attendance.objects.count() == 0


def test_meeting_needs_a_place_or_online(org):
    with pytest.raises(ValidationError):
        services.save_meeting(channel=make_channel(org.county), starts_at=timezone.now())


def test_reserved_and_duplicate_slugs_are_refused(org):
    make_channel(org.county, slug="raati")
    with pytest.raises(ValidationError):
        make_channel(org.county, slug="raati")
    with pytest.raises(ValidationError):
        make_channel(org.county, slug="manage")
    with pytest.raises(ValidationError):
        make_channel(org.county, kind="customer_panel", council="youth")


def test_a_correction_after_a_fee_change_pays_the_fees_in_force_at_the_meeting(org):
    """Left alone in earlier notes: correcting one person's attendance recomputed everyone's
    fee from the channel's fees of today, so a fee raise months later rewrote fees already
    paid. The fees in force are fixed with the first recording."""
    council = make_council(org.county)
    services.set_fees(
        channel=council, fees={Role.CHAIR: Decimal("120.00"), Role.MEMBER: Decimal("80.00")}
    )
    chair = make_member(council, role=Role.CHAIR)
    member = make_member(council)
    late = make_member(council)
    meeting = _held_meeting(council)
    services.record_attendance(
        meeting=meeting, statuses={chair.pk: "present", member.pk: "present", late.pk: "absent"}
    )
    services.set_fees(
        channel=council, fees={Role.CHAIR: Decimal("150.00"), Role.MEMBER: Decimal("100.00")}
    )
    # The secretary finds that the third member was there after all.
    services.record_attendance(
        meeting=meeting, statuses={chair.pk: "present", member.pk: "present", late.pk: "present"}
    )
    fees = dict(Attendance.objects.values_list("membership_id", "fee"))
    assert fees == {chair.pk: Decimal("120.00"), member.pk: Decimal(80), late.pk: Decimal(80)}
    # A meeting recorded after the change pays the new fees.
    second = Meeting.objects.create(channel=council, starts_at=timezone.now() - timedelta(days=1))
    services.record_attendance(meeting=second, statuses={chair.pk: "present"})
    assert Attendance.objects.get(meeting=second).fee == Decimal("150.00")


def test_the_migration_fixes_recorded_meetings_fees_from_what_was_paid(org):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("kuulu.channels.migrations.0003_meeting_fees_in_force")
    council = make_council(org.county)
    services.set_fees(channel=council, fees={Role.CHAIR: Decimal("120.00")})
    chair = make_member(council, role=Role.CHAIR)
    member = make_member(council)
    meeting = _held_meeting(council)
    services.record_attendance(meeting=meeting, statuses={chair.pk: "present", member.pk: "absent"})
    planned = Meeting.objects.create(channel=council, starts_at=timezone.now() + timedelta(days=9))
    Meeting.objects.update(fees=None)  # as before the migration
    services.set_fees(
        channel=council, fees={Role.CHAIR: Decimal("150.00"), Role.MEMBER: Decimal("90.00")}
    )

    migration.fix_fees_of_recorded_meetings(apps, None)

    meeting.refresh_from_db()
    planned.refresh_from_db()
    # the chair's fee as paid; the member's role had nobody paid: today's fee, as before
    assert meeting.fees == {"chair": "120.00", "member": "90.00"}
    assert planned.fees is None


def test_a_statement_stands_once_answered_and_a_response_is_not_dated_ahead(org):
    """Left alone in earlier notes: a statement could be rewritten (or re-dated after its
    response) once the decision-maker had responded to it, and a response could be dated in
    the future; the public hearings record then showed either."""
    council = make_council(org.county)
    item = _request(council)
    today = timezone.localdate()
    services.record_statement(
        statement_request=item, text="Neuvosto puoltaa.", given_on=today, given_by="Neuvosto"
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.record_response(
            statement_request=item,
            text="Huomioidaan.",
            responder="Aluehallitus",
            responded_on=today + timedelta(days=3),
        )
    assert caught.value.message_dict == {
        "responded_on": ["A response cannot be dated in the future."]
    }
    services.record_response(
        statement_request=item, text="Huomioidaan.", responder="Aluehallitus", responded_on=today
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.record_statement(
            statement_request=item, text="Toinen teksti", given_on=today, given_by="Neuvosto"
        )
    assert "already responded" in caught.value.messages[0]
    assert item.statement.text == "Neuvosto puoltaa."
    # the response itself can still be corrected
    services.record_response(
        statement_request=item,
        text="Huomioidaan kesällä.",
        responder="Aluehallitus",
        responded_on=today,
    )
