"""The attention providers of every module: exact counts, due dates and urgency, and that people
see only their own items (a handler of another unit, a coordinator of another county)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from kuulu.assignments.models import Assignment
from kuulu.assignments.tests.factories import make_course
from kuulu.channels.models import Role, StatementRequest
from kuulu.channels.tests.factories import make_council, make_member
from kuulu.events.models import Event, Session
from kuulu.experts.models import ExpertRequest, Offer
from kuulu.experts.tests.factories import make_area, make_expert
from kuulu.feedback.models import Complaint, Feedback, FeedbackHandler, Initiative
from kuulu.learning.models import CourseCompletion
from kuulu.organisation.access import actor_for
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.panels.models import Panel
from kuulu.panels.tests.factories import make_panel
from kuulu.surveys.models import Invitation, Response, Survey
from kuulu.surveys.tests.factories import make_survey
from kuulu.workspace.attention import Urgency, collect, urgency_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _finnish():  # type: ignore[no-untyped-def]
    """Links are made in the active language; other tests may leave another one active."""
    with translation.override("fi"):
        yield


TODAY = date(2026, 3, 10)
_ref = itertools.count(1)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def at(offset: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day(offset), time(hour)))


def items_of(user, provider_keys: set[str] | None = None) -> dict[str, tuple]:  # type: ignore[no-untyped-def]
    """{key: (count, due, urgency)} of the items with a count, for a user."""
    return {
        i.key: (i.count, i.due, i.urgency)
        for i in collect(actor_for(user), TODAY)
        if provider_keys is None or i.key in provider_keys
    }


def other_county_coordinator():  # type: ignore[no-untyped-def]
    county = make_county()
    area = make_unit(county, code="x-area")
    person = make_person(county, kind="staff", unit=area, is_coordinator=True)
    return county, area, person.user


# --- urgency --------------------------------------------------------------------------------


def test_urgency_follows_the_due_date():
    assert urgency_for(day(-1), today=TODAY) == Urgency.OVERDUE
    assert urgency_for(day(0), today=TODAY) == Urgency.DUE_SOON
    assert urgency_for(day(3), today=TODAY) == Urgency.DUE_SOON
    assert urgency_for(day(4), today=TODAY) == Urgency.TO_DO
    assert urgency_for(day(7), today=TODAY, soon_days=7) == Urgency.DUE_SOON
    assert urgency_for(None, today=TODAY) == Urgency.TO_DO


# --- feedback -------------------------------------------------------------------------------

FEEDBACK_KEYS = {"feedback-overdue", "feedback-due-soon"}


def feedback(county, unit, due_offset, status="received", **kwargs):  # type: ignore[no-untyped-def]
    return Feedback.objects.create(
        county=county,
        reference=f"T{next(_ref)}",
        kind=Feedback.Kind.QUESTION,
        unit=unit,
        text="Milloin?",
        status=status,
        due_on=day(due_offset) if due_offset is not None else None,
        **kwargs,
    )


def test_feedback_overdue_and_due_soon_for_each_handler(org):
    # given: feedback of the manager's subtree, of another unit and of another county
    feedback(org.county, org.unit_a, -2)
    feedback(org.county, org.unit_a, -1, status="in_progress")
    feedback(org.county, None, -5, suggested_unit=org.team_a1)  # not triaged yet: its suggestion
    feedback(org.county, org.unit_a, 3)
    feedback(org.county, org.team_a1, 0)
    feedback(org.county, org.unit_a, 4)  # later than 3 days: not shown
    feedback(org.county, org.unit_a, -9, status="answered")  # answered: not shown
    feedback(org.county, org.unit_a, None)  # no due date
    feedback(org.county, org.unit_b, -1)
    county, area, other_coordinator = other_county_coordinator()
    feedback(county, area, -3)
    FeedbackHandler.objects.create(unit=org.unit_b, user=org.other_staff)

    # then
    assert items_of(org.manager, FEEDBACK_KEYS) == {
        "feedback-overdue": (3, day(-5), Urgency.OVERDUE),
        "feedback-due-soon": (2, day(0), Urgency.DUE_SOON),
    }
    assert items_of(org.coordinator, FEEDBACK_KEYS) == {
        "feedback-overdue": (4, day(-5), Urgency.OVERDUE),
        "feedback-due-soon": (2, day(0), Urgency.DUE_SOON),
    }
    assert items_of(org.other_staff, FEEDBACK_KEYS) == {
        "feedback-overdue": (1, day(-1), Urgency.OVERDUE)
    }
    assert items_of(org.staff, FEEDBACK_KEYS) == {}
    assert items_of(org.resident, FEEDBACK_KEYS) == {}
    assert items_of(other_coordinator, FEEDBACK_KEYS) == {
        "feedback-overdue": (1, day(-3), Urgency.OVERDUE)
    }


def test_feedback_item_links_to_the_overdue_queue(org):
    feedback(org.county, org.unit_a, -2)
    [item] = [i for i in collect(actor_for(org.manager), TODAY) if i.key == "feedback-overdue"]
    assert item.url == "/fi/feedback/?overdue=on"


# --- formal complaints and initiatives ------------------------------------------------------

COMPLAINT_KEYS = {"complaints-overdue", "complaints-due-soon"}


def complaint(county, unit, due_offset, director=None, status="received"):  # type: ignore[no-untyped-def]
    return Complaint.objects.create(
        county=county,
        reference=f"MU{next(_ref)}",
        act=Complaint.Act.PATIENT,
        unit=unit,
        complainant_name="Maija Meikäläinen",
        description="Hoito",
        due_on=day(due_offset),
        director=director,
        status=status,
    )


def test_formal_complaints_only_for_their_handlers(org):
    complaint(org.county, org.unit_a, -1, director=org.manager)
    complaint(org.county, org.unit_a, 7, director=org.manager)
    complaint(org.county, org.unit_a, 8, director=org.manager)  # not within a week
    complaint(org.county, org.unit_a, -4, director=org.manager, status="answered")
    added = complaint(org.county, org.unit_b, 2)
    added.handlers.add(org.other_staff)
    county, area, other_coordinator = other_county_coordinator()
    complaint(county, area, -2)

    assert items_of(org.manager, COMPLAINT_KEYS) == {
        "complaints-overdue": (1, day(-1), Urgency.OVERDUE),
        "complaints-due-soon": (1, day(7), Urgency.DUE_SOON),
    }
    assert items_of(org.other_staff, COMPLAINT_KEYS) == {
        "complaints-due-soon": (1, day(2), Urgency.DUE_SOON)
    }
    assert items_of(org.coordinator, COMPLAINT_KEYS) == {
        "complaints-overdue": (1, day(-1), Urgency.OVERDUE),
        "complaints-due-soon": (2, day(2), Urgency.DUE_SOON),
    }
    # a feedback handler of the unit is not a complaint handler
    FeedbackHandler.objects.create(unit=org.unit_a, user=org.staff)
    assert items_of(org.staff, COMPLAINT_KEYS) == {}
    assert items_of(other_coordinator, COMPLAINT_KEYS) == {
        "complaints-overdue": (1, day(-2), Urgency.OVERDUE)
    }


def initiative(county, notice_offset, handled_by=None, sent=False):  # type: ignore[no-untyped-def]
    return Initiative.objects.create(
        county=county,
        reference=f"AL{next(_ref)}",
        title="Penkkejä",
        text="Lisää penkkejä.",
        handler_notice_due=day(notice_offset),
        handler_notice_sent_on=day(-1) if sent else None,
        handled_by=handled_by,
    )


def test_initiative_notices_for_coordinators_and_the_named_handler(org):
    mine = initiative(org.county, 5, handled_by=org.manager)
    initiative(org.county, -2)
    initiative(org.county, 3, sent=True)
    initiative(org.county, 30)
    county, _area, other_coordinator = other_county_coordinator()
    initiative(county, 1)

    assert items_of(org.manager, {"initiative-notices"}) == {
        "initiative-notices": (1, day(5), Urgency.DUE_SOON)
    }
    [item] = [i for i in collect(actor_for(org.manager), TODAY) if i.key == "initiative-notices"]
    assert item.url == f"/fi/feedback/initiatives/{mine.pk}/"
    assert items_of(org.coordinator, {"initiative-notices"}) == {
        "initiative-notices": (2, day(-2), Urgency.OVERDUE)
    }
    assert items_of(org.staff, {"initiative-notices"}) == {}
    assert items_of(other_coordinator, {"initiative-notices"}) == {
        "initiative-notices": (1, day(1), Urgency.DUE_SOON)
    }


# --- statement requests ---------------------------------------------------------------------


def statement_request(channel, deadline_offset, status="requested"):  # type: ignore[no-untyped-def]
    return StatementRequest.objects.create(
        channel=channel,
        title="Palveluverkko",
        requested_on=day(-60),
        deadline=day(deadline_offset),
        status=status,
    )


def test_statement_requests_for_coordinators_and_council_members(org):
    council = make_council(org.county)
    make_member(council, org.resident_person, role=Role.SECRETARY)
    member = make_person(org.county, kind="elected_official")
    make_member(council, member)
    statement_request(council, 2)
    statement_request(council, 20)
    statement_request(council, -40, status="statement_given")
    statement_request(council, -50, status="responded")
    other_council = make_council(org.county, council="youth", name_fi="Nuorisovaltuusto")
    only = statement_request(other_council, 12)
    county, _area, other_coordinator = other_county_coordinator()
    statement_request(make_council(county), 1)

    assert items_of(org.coordinator, {"statement-requests", "statement-responses"}) == {
        "statement-requests": (3, day(2), Urgency.DUE_SOON),
        "statement-responses": (1, None, Urgency.TO_DO),
    }
    keys = {"statement-requests-council"}
    assert items_of(org.resident, keys) == {
        "statement-requests-council": (2, day(2), Urgency.DUE_SOON)
    }
    assert items_of(member.user, keys) == {
        "statement-requests-council": (2, day(2), Urgency.DUE_SOON)
    }
    [item] = [i for i in collect(actor_for(member.user), TODAY) if i.key in keys]
    assert item.url == f"/fi/channels/{council.slug}/hearings/"
    assert items_of(org.staff, keys) == {}
    assert items_of(other_coordinator, {"statement-requests"}) == {
        "statement-requests": (1, day(1), Urgency.DUE_SOON)
    }
    # the secretary of a council with one request goes straight to the request
    secretary = make_person(org.county, kind="resident")
    make_member(other_council, secretary, role=Role.SECRETARY)
    [item] = [i for i in collect(actor_for(secretary.user), TODAY) if i.key in keys]
    assert (item.count, item.url) == (1, f"/fi/channels/requests/{only.pk}/")


def test_a_past_member_sees_no_statement_requests(org):
    council = make_council(org.county)
    make_member(council, org.resident_person)
    council.memberships.update(term_end=day(-1))
    statement_request(council, 2)
    assert items_of(org.resident, {"statement-requests-council"}) == {}


# --- registrations closing ------------------------------------------------------------------


def session(county, starts_offset, organiser=None, closes_days=14, status="published"):  # type: ignore[no-untyped-def]
    event = Event.objects.create(
        county=county, title_fi="Työpaja", status=status, registration_closes_days=closes_days
    )
    if organiser is not None:
        event.organisers.add(organiser)
    return Session.objects.create(
        event=event, starts_at=at(starts_offset), ends_at=at(starts_offset, 15), capacity=10
    )


def test_registrations_closing_for_the_organiser_only(org):
    closing = session(org.county, 16, organiser=org.manager)  # closes in 2 days
    Session.objects.create(  # a second session of the same event: one event counted
        event=closing.event, starts_at=at(18), ends_at=at(18, 15), capacity=10
    )
    session(org.county, 9, organiser=org.manager, closes_days=2)  # closes in 7 days
    session(org.county, 30, organiser=org.manager)  # closes in 16 days
    session(org.county, 12, organiser=org.manager)  # closed 2 days ago
    session(org.county, 16, organiser=org.manager, status="draft")
    session(org.county, 16, organiser=org.staff)

    assert items_of(org.manager, {"registrations-closing"}) == {
        "registrations-closing": (2, day(2), Urgency.DUE_SOON)
    }
    assert items_of(org.coordinator, {"registrations-closing"}) == {}
    Event.objects.filter(pk=closing.event_id).update(status=Event.Status.CANCELLED)
    [item] = [i for i in collect(actor_for(org.manager), TODAY) if i.key == "registrations-closing"]
    assert (item.count, item.due, item.urgency) == (1, day(7), Urgency.TO_DO)
    assert item.url.endswith("/registrations/")


# --- mandatory training ---------------------------------------------------------------------


def assignment(county, units, due_offset, **kwargs):  # type: ignore[no-untyped-def]
    created = Assignment.objects.create(
        county=county, course=make_course(county), due_on=day(due_offset), **kwargs
    )
    created.units.set(units)
    return created


def test_team_overdue_training_for_the_manager(org):
    late = assignment(org.county, [org.unit_a], -3)
    assignment(org.county, [org.unit_a], -10, status=Assignment.Status.WITHDRAWN)
    assignment(org.county, [org.unit_b], -5)
    done = make_person(org.county, kind="staff", unit=org.team_a1)
    CourseCompletion.objects.create(user=done.user, course=late.course, completed_at=at(-4))
    make_person(org.county, kind="staff", unit=org.team_a1, is_active=False)

    assert items_of(org.manager, {"team-training-overdue"}) == {
        "team-training-overdue": (1, day(-3), Urgency.OVERDUE)
    }
    # the other unit's manager sees their own team only
    other_manager = make_person(org.county, kind="staff", unit=org.unit_b, is_manager=True)
    assert items_of(other_manager.user, {"team-training-overdue"}) == {
        "team-training-overdue": (1, day(-5), Urgency.OVERDUE)
    }
    assert items_of(org.staff, {"team-training-overdue"}) == {}


def test_own_training_overdue_and_due_soon(org):
    late = assignment(org.county, [org.unit_a], -3)
    assignment(org.county, [org.team_a1], 5)
    assignment(org.county, [], 7)  # the whole county
    assignment(org.county, [org.team_a1], 8)  # later than a week
    assignment(org.county, [org.team_a1], 2, managers_only=True)
    assignment(org.county, [org.unit_b], -5)

    assert items_of(org.staff, {"own-training-overdue", "own-training-due-soon"}) == {
        "own-training-overdue": (1, day(-3), Urgency.OVERDUE),
        "own-training-due-soon": (2, day(5), Urgency.DUE_SOON),
    }
    CourseCompletion.objects.create(user=org.staff, course=late.course, completed_at=at(-1))
    assert items_of(org.staff, {"own-training-overdue"}) == {}
    assert items_of(org.resident, {"own-training-overdue", "own-training-due-soon"}) == {}


# --- surveys --------------------------------------------------------------------------------


def test_surveys_closing_with_a_low_response_rate(org):
    staff_survey = make_survey(
        org.county, org.manager, open_=True, audience=Survey.Audience.STAFF, units=[org.unit_a]
    )
    invited = make_survey(
        org.county, org.coordinator, open_=True, audience=Survey.Audience.INVITATION
    )
    enough = make_survey(
        org.county, org.coordinator, open_=True, audience=Survey.Audience.INVITATION
    )
    public = make_survey(org.county, org.coordinator, open_=True)
    later = make_survey(
        org.county, org.manager, open_=True, audience=Survey.Audience.STAFF, units=[org.unit_a]
    )
    Survey.objects.filter(pk__in=[staff_survey.pk, invited.pk, enough.pk, public.pk]).update(
        closes_at=at(3)
    )
    Survey.objects.filter(pk=later.pk).update(closes_at=at(9))
    for n, survey in enumerate([invited, invited, invited, invited, enough, enough, enough]):
        Invitation.objects.create(survey=survey, email=f"i{n}@example.test", sent_at=at(-5))
    for survey in [invited, enough]:
        Response.objects.create(
            survey=survey,
            version=survey.current_version,
            status=Response.Status.SUBMITTED,
            submitted_at=at(-1),
        )
    # staff survey: 1 of 2 staff in unit_a's subtree (manager, staff) answered: 50 %
    Response.objects.create(
        survey=staff_survey,
        version=staff_survey.current_version,
        status=Response.Status.IN_PROGRESS,
    )

    # then: the staff survey (0 of 2) and the invitation survey (1 of 4) are low; 1 of 3 is not
    assert items_of(org.coordinator, {"surveys-low-response"}) == {
        "surveys-low-response": (2, day(3), Urgency.DUE_SOON)
    }
    assert items_of(org.manager, {"surveys-low-response"}) == {
        "surveys-low-response": (1, day(3), Urgency.DUE_SOON)
    }
    [item] = [i for i in collect(actor_for(org.manager), TODAY) if i.key == "surveys-low-response"]
    assert item.url == f"/fi/surveys/manage/{staff_survey.pk}/results/"
    assert items_of(org.staff, {"surveys-low-response"}) == {}
    _county, _area, other_coordinator = other_county_coordinator()
    assert items_of(other_coordinator, {"surveys-low-response"}) == {}


# --- panels ---------------------------------------------------------------------------------


def test_panel_draws_and_responses_for_coordinators_of_the_county(org):
    waiting = make_panel(org.county, volunteer_deadline=day(-1))
    make_panel(org.county, volunteer_deadline=day(5))  # registration still open
    make_panel(org.county, status=Panel.Status.STATEMENT)
    make_panel(org.county, status=Panel.Status.RESPONDED)
    county, _area, other_coordinator = other_county_coordinator()
    make_panel(county, volunteer_deadline=day(-3))

    keys = {"panel-draws", "panel-responses"}
    assert items_of(org.coordinator, keys) == {
        "panel-draws": (1, day(-1), Urgency.DUE_SOON),
        "panel-responses": (1, None, Urgency.TO_DO),
    }
    [item] = [i for i in collect(actor_for(org.coordinator), TODAY) if i.key == "panel-draws"]
    assert item.url == f"/fi/panels/{waiting.pk}/manage/#draw"
    assert items_of(org.manager, keys) == {}
    assert items_of(other_coordinator, keys) == {"panel-draws": (1, day(-3), Urgency.DUE_SOON)}


# --- experience experts ---------------------------------------------------------------------


def expert_request(county, requester, date_offset, status="open"):  # type: ignore[no-untyped-def]
    return ExpertRequest.objects.create(
        county=county,
        requested_by=requester,
        need="Luento",
        date_from=day(date_offset),
        type="lecture",
        duration_hours=Decimal(2),
        status=status,
    )


def test_expert_requests_waiting_for_an_offer_and_offers_waiting_for_the_expert(org):
    expert = make_expert(org.county, areas=[make_area(org.county)])
    expert_request(org.county, org.staff_person, 5)
    expert_request(org.county, org.staff_person, 20)
    offered = expert_request(org.county, org.staff_person, 3)
    Offer.objects.create(request=offered, profile=expert, status=Offer.Status.PENDING)
    declined = expert_request(org.county, org.staff_person, 30)
    Offer.objects.create(request=declined, profile=expert, status=Offer.Status.DECLINED)
    expert_request(org.county, org.staff_person, 1, status="filled")
    county, _area, other_coordinator = other_county_coordinator()
    expert_request(county, make_person(county, kind="staff", unit=_area), 2)

    assert items_of(org.coordinator, {"expert-requests"}) == {
        "expert-requests": (3, day(5), Urgency.DUE_SOON)
    }
    assert items_of(other_coordinator, {"expert-requests"}) == {
        "expert-requests": (1, day(2), Urgency.DUE_SOON)
    }
    assert items_of(expert.person.user, {"expert-offers"}) == {
        "expert-offers": (1, day(3), Urgency.DUE_SOON)
    }
    assert items_of(org.staff, {"expert-requests", "expert-offers"}) == {}
    assert expert.person.kind == Person.Kind.EXPERIENCE_EXPERT


def test_expert_requests_whose_date_has_passed_are_not_waiting_for_an_offer(org):
    expert_request(org.county, org.staff_person, 4)
    expert_request(org.county, org.staff_person, -2)
    period = expert_request(org.county, org.staff_person, -9)
    period.date_to = day(-1)
    period.save()
    expert_request(org.county, org.staff_person, -5, status="cancelled")
    ongoing = expert_request(org.county, org.staff_person, -3)
    ongoing.date_to = day(0)
    ongoing.save()

    assert items_of(org.coordinator, {"expert-requests", "expert-requests-past"}) == {
        "expert-requests": (2, day(-3), Urgency.OVERDUE),
        "expert-requests-past": (2, day(-9), Urgency.TO_DO),
    }


# --- the queue ------------------------------------------------------------------------------


def test_the_queue_is_sorted_by_urgency_then_due_date(org):
    feedback(org.county, org.unit_a, 1)
    feedback(org.county, org.unit_a, -1)
    complaint(org.county, org.unit_a, -6, director=org.manager)
    complaint(org.county, org.unit_a, 0, director=org.manager)
    session(org.county, 20, organiser=org.manager)  # closes in 6 days: to do

    assert [i.key for i in collect(actor_for(org.manager), TODAY)] == [
        "complaints-overdue",
        "feedback-overdue",
        "complaints-due-soon",
        "feedback-due-soon",
        "registrations-closing",
    ]
