"""Each built-in indicator beyond feedback against a small hand-computed fixture."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from kuulu.indicators import selectors
from kuulu.indicators.sources.panels import representativeness
from kuulu.indicators.tests.fixtures import at
from kuulu.indicators.types import Period, Scope
from kuulu.organisation.tests.factories import make_person

TODAY = date(2026, 5, 1)
Q1 = Period.quarter(2026, 1)
_seq = count(1)


def value(org, code: str, period: Period = Q1, **scope):  # type: ignore[no-untyped-def]
    return selectors.indicator_values(
        scope=Scope(org.county.pk, **scope), period=period, codes=[code], today=TODAY
    )[code]


def test_complaints_answered_by_their_due_date(org):
    from kuulu.feedback.models import Complaint, ComplaintAnswer

    def complaint(received: str, due: str, sent: str | None) -> None:
        c = Complaint.objects.create(
            county=org.county,
            reference=f"MU-T{next(_seq):04d}",
            act=Complaint.Act.PATIENT,
            unit=org.unit_a,
            complainant_name="Maija",
            description="x",
            received_at=at(received),
            due_on=date.fromisoformat(due),
        )
        if sent:
            ComplaintAnswer.objects.create(
                complaint=c,
                text="a",
                reasons="b",
                signer_name="S",
                signer_title="T",
                sent_on=date.fromisoformat(sent),
                delivery="letter",
            )

    complaint("2026-01-02", "2026-02-01", "2026-01-20")  # on time
    complaint("2026-01-03", "2026-02-02", "2026-02-02")  # on time (the due day)
    complaint("2026-01-04", "2026-02-03", "2026-02-10")  # late
    complaint("2026-02-01", "2026-03-01", None)  # open, overdue
    complaint("2026-03-01", "2026-03-31", "2026-03-05")  # on time
    complaint("2026-03-20", "2026-06-20", None)  # open, not yet due: not judged

    v = value(org, "complaints_on_time")

    assert (v.value, v.numerator, v.denominator) == (60.0, 3, 5)


def test_initiatives_told_within_a_month_who_handles_them(org):
    from kuulu.feedback.models import Initiative

    for received, due, sent in [
        ("2026-01-10", "2026-02-10", "2026-02-01"),
        ("2026-02-10", "2026-03-10", "2026-03-12"),
        ("2026-03-20", "2026-04-20", None),  # overdue by TODAY
        ("2026-03-25", "2026-05-25", None),  # not yet due
    ]:
        Initiative.objects.create(
            county=org.county,
            reference=f"AL-T{next(_seq):04d}",
            title="t",
            text="x",
            received_at=at(received),
            handler_notice_due=date.fromisoformat(due),
            handler_notice_sent_on=date.fromisoformat(sent) if sent else None,
        )

    v = value(org, "initiatives_notice_on_time")

    assert (v.value, v.numerator, v.denominator, v.suppressed) == (33.3, 1, 3, False)


def test_event_attendance_against_registrations(org):
    from kuulu.events.models import Registration
    from kuulu.events.tests.factories import make_session

    session = make_session(org.county, capacity=20)
    session.starts_at = at("2026-02-10")
    session.save()
    for i, (status, attended) in enumerate(
        [("attending", True)] * 4
        + [("attending", False)] * 2
        + [("attending", None), ("cancelled", None), ("waitlisted", None)]
    ):
        Registration.objects.create(
            session=session,
            name=f"N{i}",
            email=f"p{i}@example.test",
            status=status,
            attended=attended,
        )

    v = value(org, "event_attendance")
    municipality = org.county.municipalities.get()
    elsewhere = value(org, "event_attendance", municipality_id=municipality.pk)
    session.municipality = municipality
    session.save()

    assert (v.value, v.numerator, v.denominator) == (66.7, 4, 6)
    assert elsewhere.value is None
    assert value(org, "event_attendance", municipality_id=municipality.pk).value == 66.7
    assert value(org, "event_attendance", service_area_id=org.area_a.pk).value is None


def test_council_statement_requests_answered_and_channel_members(org):
    from kuulu.channels.models import Statement, StatementRequest
    from kuulu.channels.tests.factories import make_council, make_member

    council = make_council(org.county)
    for deadline, given, status in [
        ("2026-01-20", "2026-01-18", "statement_given"),
        ("2026-02-20", None, "requested"),
        ("2026-03-20", "2026-03-25", "statement_given"),
        ("2026-03-21", None, "withdrawn"),
        ("2026-04-20", "2026-04-10", "statement_given"),  # next quarter
    ]:
        request = StatementRequest.objects.create(
            channel=council,
            title="Luonnos",
            requested_on=date(2026, 1, 5),
            deadline=date.fromisoformat(deadline),
            status=status,
        )
        if given:
            Statement.objects.create(
                request=request, text="s", given_on=date.fromisoformat(given), given_by="neuvosto"
            )
    people = [make_person(org.county, with_user=False) for _ in range(6)]
    for person in people[:5]:
        make_member(council, person, term_start=date(2025, 1, 1))
    ended = make_member(council, people[5], term_start=date(2025, 1, 1))
    ended.term_end = date(2026, 2, 1)
    ended.save()

    answered = value(org, "council_requests_answered")
    members_q4 = value(org, "channel_members", Period.quarter(2025, 4))
    members_q1 = value(org, "channel_members")

    assert (answered.value, answered.numerator, answered.denominator) == (66.7, 2, 3)
    assert members_q4.value == 6.0
    assert members_q1.value == 5.0


def test_polis_participants_and_votes(org):
    from kuulu.deliberation.models import Participant, Vote
    from kuulu.deliberation.tests.factories import make_conversation

    conversation = make_conversation(org.county, unit=org.unit_a)
    statements = list(conversation.statements.all())
    participants = [
        Participant.objects.create(conversation=conversation, number=n) for n in range(1, 7)
    ]
    for p in participants[:5]:  # five people vote on all three statements in Q1
        for s in statements:
            Vote.objects.create(participant=p, statement=s, value=1, created_at=at("2026-02-01"))
    Vote.objects.create(
        participant=participants[5], statement=statements[0], value=-1, created_at=at("2026-04-02")
    )

    assert value(org, "polis_participants").value == 5.0
    assert value(org, "polis_votes").value == 15.0
    assert value(org, "polis_votes", unit_path=org.area_a.path).value == 15.0
    assert value(org, "polis_votes", service_area_id=org.area_b.pk).value is None
    # one participant in Q2: too few to show
    assert value(org, "polis_participants", Period.quarter(2026, 2)).suppressed is True


def test_expert_engagement_hours(org):
    from kuulu.experts.models import Engagement, Offer
    from kuulu.experts.tests.factories import make_area, make_expert, make_request

    area = make_area(org.county)
    requester = org.manager_person
    for day, status, hours in [
        ("2026-01-15", "done", "2.5"),
        ("2026-03-31", "done", "4.0"),
        ("2026-02-01", "cancelled", "3.0"),
        ("2026-04-01", "done", "1.0"),
    ]:
        expert = make_expert(org.county, areas=[area])
        request = make_request(requester, areas=[area])
        offer = Offer.objects.create(request=request, profile=expert, status="accepted")
        Engagement.objects.create(
            request=request,
            offer=offer,
            profile=expert,
            date=date.fromisoformat(day),
            type="lecture",
            status=status,
            hours=Decimal(hours),
            fee_basis="hourly",
        )

    assert value(org, "expert_hours").value == 6.5
    assert value(org, "expert_hours", Period.quarter(2025, 4)).value is None


def test_data_collections_run_on_schedule(org):
    from kuulu.datacollection.tests.factories import make_collection
    from kuulu.surveys.tests.factories import make_survey

    on_time = make_survey(org.county)
    on_time.opens_at = at("2026-02-10")
    on_time.save()
    late = make_survey(org.county)
    late.opens_at = at("2026-04-10")
    late.save()
    make_collection(org.county, schedule="every_year", month=2, survey=on_time)
    make_collection(org.county, schedule="every_year", month=3, survey=late)
    make_collection(org.county, schedule="odd_years", month=1, survey=late)  # not in 2026
    make_collection(org.county, schedule="every_year", month=1)  # no survey: not counted

    v = value(org, "datacollection_on_schedule")

    assert (v.value, v.numerator, v.denominator) == (50.0, 1, 2)


def test_representativeness_is_100_minus_half_the_share_differences():
    pool = [[i, {"age": "young" if i <= 6 else "old"}] for i in range(1, 11)]  # 60 % / 40 %
    counts = {"age": {"young": 2, "old": 2}}  # 50 % / 50 %

    assert representativeness(pool, counts) == 90.0
    assert representativeness(pool, {"age": {"young": 3, "old": 2}}) == 100.0


def test_panel_representativeness_from_the_draw_record(org):
    from kuulu.panels.models import DrawRecord
    from kuulu.panels.tests.factories import make_panel

    panel = make_panel(org.county)
    DrawRecord.objects.create(
        panel=panel,
        seed=1,
        seats=6,
        algorithm="test",
        input_hash="x",
        inputs=[
            [i, {"age": "young" if i <= 6 else "old", "lang": "fi" if i <= 5 else "sv"}]
            for i in range(1, 11)
        ],
        selected_ids=[1, 2, 3, 7, 8, 9],
        counts={"age": {"young": 3, "old": 3}, "lang": {"fi": 3, "sv": 3}},
        drawn_at=at("2026-03-01"),
    )

    # age: selected 50/50 vs pool 60/40 -> 90; lang: 50/50 vs 50/50 -> 100; mean 95
    assert value(org, "panel_representativeness").value == 95.0


def test_survey_response_rate_and_the_inclusion_score(org):
    from kuulu.surveys import services
    from kuulu.surveys.instruments import load_shipped
    from kuulu.surveys.models import Answer, Instrument, Invitation, Response
    from kuulu.surveys.tests.factories import make_survey

    load_shipped()
    instrument = Instrument.objects.get(key="thl-inclusion-indicator", county__isnull=True)
    survey = make_survey(org.county)
    services.add_instrument(survey=survey, instrument=instrument, actor=None)
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    survey.closes_at = at("2026-03-15")
    survey.save()
    questions = list(survey.current_version.questions.filter(instrument_item__isnull=False))
    invitations = [
        Invitation.objects.create(
            survey=survey, email=f"i{i}@example.test", sent_at=at("2026-02-01")
        )
        for i in range(8)
    ]
    Invitation.objects.create(survey=survey, email="unsent@example.test")
    # five respondents: all items 5 (100), 5 (100), 4 (75), 3 (50), 2 (25) -> mean 70
    for invitation, item_value in zip(invitations, [5, 5, 4, 3, 2], strict=False):
        response = Response.objects.create(
            survey=survey,
            version=survey.current_version,
            invitation=invitation,
            status="submitted",
            submitted_at=at("2026-02-05"),
            unit=org.unit_a,
        )
        Answer.objects.bulk_create(
            Answer(response=response, question=q, number=Decimal(item_value)) for q in questions
        )
    Response.objects.create(
        survey=survey, version=survey.current_version, invitation=invitations[6]
    )

    rate = value(org, "survey_response_rate")
    score = value(org, "survey_inclusion_score")

    assert (rate.value, rate.numerator, rate.denominator) == (62.5, 5, 8)
    assert (score.value, score.persons) == (70.0, 5)
    assert value(org, "survey_inclusion_score", service_area_id=org.area_a.pk).value == 70.0
    assert value(org, "survey_inclusion_score", service_area_id=org.area_b.pk).value is None


def test_mandatory_training_completed_on_time(org):
    from kuulu.assignments.tests.factories import make_assignment
    from kuulu.learning.models import CourseCompletion

    staff = [make_person(org.county, kind="staff", unit=org.team_a1) for _ in range(5)]
    from kuulu.assignments.models import Assignment

    assignment = make_assignment(org.county, units=[org.area_a])
    Assignment.objects.filter(pk=assignment.pk).update(due_on=date(2026, 3, 31))
    # area_a's staff: the coordinator, the manager, the staff member and the five new people
    for person, day in zip(staff, ["2026-03-01", "2026-03-31", "2026-04-02"], strict=False):
        CourseCompletion.objects.create(
            user=person.user, course=assignment.course, completed_at=at(day)
        )

    v = value(org, "training_on_time")

    assert (v.value, v.numerator, v.denominator) == (25.0, 2, 8)
    assert value(org, "training_on_time", service_area_id=org.area_b.pk).value is None


def test_outcome_indicators_read_the_outcomes_selectors(org, monkeypatch):
    from kuulu.outcomes import selectors as outcomes

    calls = []

    def traced(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return [(3, 12)] * len(kwargs["periods"])

    monkeypatch.setattr(outcomes, "traced_input_share_by_period", traced)
    monkeypatch.setattr(
        outcomes, "council_statement_share_by_period", lambda **kw: [(1, 4)] * len(kw["periods"])
    )

    assert value(org, "inputs_traced_share").value == 25.0
    assert value(org, "outcomes_council_statement").value == 25.0
    assert value(org, "inputs_traced_share", service_area_id=org.area_a.pk).value == 25.0
    assert calls[-1] == {
        "county_id": org.county.pk,
        "periods": [(Q1.start, Q1.end)],
        "unit_path": f"{org.area_a.pk}/",
    }


def test_training_done_by_an_attended_session_or_a_team_completion(org):
    from kuulu.assignments.models import Assignment, TeamCompletion
    from kuulu.assignments.tests.factories import make_assignment
    from kuulu.events.models import Registration
    from kuulu.events.tests.factories import make_session

    session = make_session(org.county, capacity=20)
    session.starts_at = at("2026-03-10")
    session.save()
    staff = [make_person(org.county, kind="staff", unit=org.unit_b) for _ in range(5)]
    assignment = make_assignment(org.county, event=session.event, units=[org.area_b])
    Assignment.objects.filter(pk=assignment.pk).update(due_on=date(2026, 3, 20))
    # area_b's staff: other_staff and the five new people
    Registration.objects.create(
        session=session, name="A", email=staff[0].email.upper(), status="attending", attended=True
    )
    Registration.objects.create(
        session=session,
        user=staff[1].user,
        name="B",
        email="b@example.test",
        status="attending",
        attended=False,
    )
    team = TeamCompletion.objects.create(
        assignment=assignment, unit=org.unit_b, completed_on=date(2026, 3, 19)
    )
    team.participants.set([staff[2], staff[3]])

    v = value(org, "training_on_time")
    area_a = value(org, "training_on_time", service_area_id=org.area_a.pk)

    assert (v.value, v.numerator, v.denominator) == (50.0, 3, 6)
    assert area_a.value is None


def test_method_uses_and_the_units_that_used_a_method(org):
    from kuulu.methods.models import MethodUse
    from kuulu.methods.tests.factories import make_card

    card = make_card(org.county)
    for day, unit in [
        ("2026-01-10", org.unit_a),
        ("2026-02-20", org.unit_a),
        ("2026-03-31", org.unit_b),
        ("2026-04-01", org.unit_b),  # next quarter
    ]:
        MethodUse.objects.create(
            county=org.county,
            unit=unit,
            method=card,
            used_on=date.fromisoformat(day),
            with_whom="asukkaat",
            participants=8,
        )

    assert value(org, "method_uses").value == 3
    assert value(org, "method_units").value == 2
    assert value(org, "method_uses", unit_path=org.unit_a.path).value == 2
    assert value(org, "method_units", unit_path=org.unit_a.path).value == 1
    assert value(org, "method_uses", Period.quarter(2025, 4)).value is None


def test_moving_a_session_to_another_quarter_moves_its_attendance(org):
    from datetime import timedelta

    from kuulu.events import services
    from kuulu.events.models import Registration
    from kuulu.events.tests.factories import make_session

    session = make_session(org.county, capacity=20)
    session.starts_at, session.ends_at = at("2026-02-10", 10), at("2026-02-10", 13)
    session.save()
    for i, attended in enumerate([True, True, True, False, False]):
        Registration.objects.create(
            session=session,
            name=f"N{i}",
            email=f"m{i}@example.test",
            status="attending",
            attended=attended,
        )
    before = value(org, "event_attendance")  # cached under the fingerprint of the data

    moved = at("2026-04-10", 10)
    services.update_session(
        session=session, data={"starts_at": moved, "ends_at": moved + timedelta(hours=3)}
    )

    assert before.value == 60.0
    assert value(org, "event_attendance").value is None
    assert value(org, "event_attendance", Period.quarter(2026, 2)).value == 60.0


def test_the_traced_share_counts_every_kind_of_input_anew_when_it_changes(org):
    from kuulu.outcomes.tests.factories import link, make_outcome
    from kuulu.questions.models import Question

    def question(day: str) -> Question:
        asked = Question.objects.create(
            county=org.county, text="Miksi?", public_text="Miksi?", status=Question.Status.OPEN
        )
        Question.objects.filter(pk=asked.pk).update(created_at=at(day))
        return asked

    link(make_outcome(org.county), "leadership_question", question("2026-02-01"))
    alone = value(org, "inputs_traced_share")  # cached under the fingerprint of the data
    question("2026-02-02")

    assert (alone.value, alone.numerator, alone.denominator) == (100.0, 1, 1)
    v = value(org, "inputs_traced_share")
    assert (v.value, v.numerator, v.denominator) == (50.0, 1, 2)


def test_a_statement_request_whose_deadline_is_still_ahead_does_not_count_as_unanswered(org):
    # On 1 May the second quarter is running: a request due on 15 June has not been missed.
    from kuulu.channels.models import Statement, StatementRequest
    from kuulu.channels.tests.factories import make_council

    council = make_council(org.county)
    for deadline, given in [
        ("2026-04-20", "2026-04-10"),
        ("2026-04-25", None),  # missed
        ("2026-05-01", None),  # due today: can still be given today
        ("2026-06-15", None),  # not due yet
        ("2026-06-20", "2026-04-30"),  # given before its deadline
    ]:
        request = StatementRequest.objects.create(
            channel=council,
            title="Luonnos",
            requested_on=date(2026, 4, 1),
            deadline=date.fromisoformat(deadline),
            status="statement_given" if given else "requested",
        )
        if given:
            Statement.objects.create(
                request=request, text="s", given_on=date.fromisoformat(given), given_by="neuvosto"
            )

    answered = value(org, "council_requests_answered", Period.quarter(2026, 2))

    assert (answered.value, answered.numerator, answered.denominator) == (66.7, 2, 3)


def test_channel_members_of_the_running_quarter_are_counted_as_of_today(org):
    # On 1 May the second quarter ends on 30 June, which has not come: the members were
    # counted as of that day, leaving out two members whose terms end in May and counting
    # one whose term starts in June.
    from kuulu.channels.tests.factories import make_council, make_member

    council = make_council(org.county)
    for _ in range(5):
        make_member(council, term_start=date(2025, 1, 1))
    for _ in range(2):
        leaving = make_member(council, term_start=date(2025, 1, 1))
        leaving.term_end = date(2026, 5, 20)
        leaving.save()
    make_member(council, term_start=date(2026, 6, 1))

    running = value(org, "channel_members", Period.quarter(2026, 2))
    ended = value(org, "channel_members", Period.quarter(2026, 1))
    to_come = value(org, "channel_members", Period.quarter(2026, 3))

    assert running.value == 7.0
    assert ended.value == 7.0
    assert to_come.value is None
