from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.assisted import services
from kuulu.assisted.models import AssistedAction
from kuulu.assisted.services import Consent
from kuulu.assisted.tests.factories import make_visit, open_paper_survey
from kuulu.core.models import AuditEvent
from kuulu.deliberation.models import Participant, Vote
from kuulu.deliberation.tests.factories import make_conversation
from kuulu.events.models import Registration
from kuulu.events.tests.factories import make_session
from kuulu.feedback.models import Feedback
from kuulu.organisation.models import Person
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.surveys.models import Participation, Response

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def feedback_kwargs(**extra):
    return {
        "kind": "idea",
        "text": "Iltavastaanotto olisi hyvä.",
        "channel": "in_person",
        **extra,
    }


# --- consent and the visit ---------------------------------------------------------------------


def test_consent_by_a_guardian_needs_the_guardians_name(org):
    with pytest.raises(ValidationError) as exc:
        services.check_consent(Consent(method="guardian"))
    assert exc.value.message_dict == {
        "representative_name": ["Name the guardian or representative who consented."]
    }


def test_consent_method_must_be_known_and_time_not_ahead():
    later = timezone.now() + timedelta(hours=1)
    with pytest.raises(ValidationError) as exc:
        services.check_consent(Consent(method="nodded", given_at=later))
    assert set(exc.value.message_dict) == {"consent_method", "consented_at"}


def test_consent_is_cleaned():
    consent = services.check_consent(
        Consent(method="representative", representative_name="  Liisa   Virtanen ", note=" x ")
    )
    assert (consent.representative_name, consent.note) == ("Liisa Virtanen", "x")
    assert consent.given_at is not None


def test_a_resident_cannot_assist(org):
    visit = make_visit(org, staff=org.resident)
    with pytest.raises(ValidationError):
        services.record_feedback(visit=visit, **feedback_kwargs())
    assert Feedback.objects.count() == 0
    assert AssistedAction.objects.count() == 0


def test_service_point_and_resident_must_be_of_the_staff_members_county(org):
    other = make_county()
    visit = make_visit(
        org,
        unit=make_unit(other, code="elsewhere"),
        resident=make_person(other, kind="resident"),
    )
    with pytest.raises(ValidationError) as exc:
        services.record_feedback(visit=visit, **feedback_kwargs())
    assert set(exc.value.message_dict) == {"unit", "resident"}
    assert Feedback.objects.count() == 0


# --- feedback ----------------------------------------------------------------------------------


def test_feedback_is_recorded_with_the_assistance_and_audit(org):
    visit = make_visit(org, resident=org.resident_person, method="written", note="paper form")
    feedback, action, created = services.record_feedback(
        visit=visit, **feedback_kwargs(contact_name="Aino Asukas", submission_key="k1")
    )
    assert created is True
    assert (feedback.channel, feedback.entered_by, feedback.contact_name) == (
        "in_person",
        org.staff,
        "Aino Asukas",
    )
    assert (action.kind, action.object_type, action.object_id) == (
        "feedback",
        "feedback.feedback",
        feedback.pk,
    )
    assert (action.resident_person, action.resident_user, action.staff_person) == (
        org.resident_person,
        org.resident,
        org.staff_person,
    )
    assert (action.unit, action.consent_method, action.consent_note) == (
        org.team_a1,
        "written",
        "paper form",
    )
    event = AuditEvent.objects.get(object_type="assisted.assistedaction")
    assert (event.action, event.object_id, event.actor) == ("create", str(action.pk), org.staff)
    assert "Aino" not in event.summary
    assert services.action_for(feedback) == action


def test_the_same_feedback_form_sent_twice_makes_one_case_and_one_record(org):
    visit = make_visit(org)
    first, action, _ = services.record_feedback(
        visit=visit, **feedback_kwargs(submission_key="same")
    )
    second, again, created = services.record_feedback(
        visit=visit, **feedback_kwargs(submission_key="same")
    )
    assert (second, again, created) == (first, action, False)
    assert AssistedAction.objects.count() == 1


def test_nothing_is_half_saved_when_recording_the_assistance_fails(org, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_record", broken)
    with pytest.raises(RuntimeError):
        services.record_feedback(visit=make_visit(org), **feedback_kwargs())
    assert Feedback.objects.count() == 0
    assert AssistedAction.objects.count() == 0


def test_feedback_channel_must_be_a_service_point_channel(org):
    with pytest.raises(ValidationError) as exc:
        services.record_feedback(visit=make_visit(org), **feedback_kwargs(channel="web"))
    assert exc.value.message_dict == {"channel": ["Choose how the feedback was received."]}


def test_invalid_feedback_saves_nothing(org):
    with pytest.raises(ValidationError) as exc:
        services.record_feedback(visit=make_visit(org), **feedback_kwargs(text=" "))
    assert "text" in exc.value.message_dict
    assert AssistedAction.objects.count() == 0


# --- registration ------------------------------------------------------------------------------


def test_registration_for_a_resident_with_an_account_is_theirs(org):
    session = make_session(org.county, capacity=5)
    visit = make_visit(org, resident=org.resident_person)
    registration, action = services.register_resident(
        visit=visit, session=session, name="Aino Asukas", email="resident@example.test"
    )
    assert (registration.user, registration.registered_by, registration.status) == (
        org.resident,
        org.staff,
        Registration.Status.ATTENDING,
    )
    assert (action.kind, action.object_type, action.object_id) == (
        "registration",
        "events.registration",
        registration.pk,
    )


def test_full_session_without_waitlist_saves_nothing(org):
    session = make_session(org.county, capacity=0, waitlist=False)
    with pytest.raises(ValidationError) as exc:
        services.register_resident(
            visit=make_visit(org), session=session, name="A B", email="a@example.test"
        )
    assert exc.value.message_dict == {"session": ["This session is full."]}
    assert Registration.objects.count() == 0
    assert AssistedAction.objects.count() == 0


def test_registering_the_same_address_again_is_refused(org):
    session = make_session(org.county, capacity=5)
    services.register_resident(
        visit=make_visit(org), session=session, name="A B", email="a@example.test"
    )
    with pytest.raises(ValidationError) as exc:
        services.register_resident(
            visit=make_visit(org), session=session, name="A B", email="A@example.test"
        )
    assert "email" in exc.value.message_dict
    assert (Registration.objects.count(), AssistedAction.objects.count()) == (1, 1)


def test_staff_only_events_are_not_offered_to_residents(org):
    session = make_session(org.county, for_public=False, for_staff=True)
    assert services.sessions_open_for_residents(county_id=org.county.pk) == []
    with pytest.raises(ValidationError) as exc:
        services.register_resident(
            visit=make_visit(org), session=session, name="A B", email="a@example.test"
        )
    assert exc.value.message_dict == {"session": ["Choose an event open to residents."]}


# --- paper survey answers ----------------------------------------------------------------------


def test_anonymous_paper_answer_is_recorded_against_the_survey_not_the_response(org):
    survey = open_paper_survey(org.county, anonymous=True)
    visit = make_visit(org, resident=org.resident_person)
    response, action = services.enter_paper_survey(
        visit=visit, survey=survey, raw={"q1": "a", "c": "hyvä"}
    )
    response.refresh_from_db()
    assert (response.status, response.user_id) == (Response.Status.SUBMITTED, None)
    assert (action.object_type, action.object_id) == ("surveys.survey", survey.pk)
    assert Participation.objects.filter(survey=survey, user=org.resident).exists()


def test_named_survey_answer_points_at_the_response(org):
    survey = open_paper_survey(org.county, anonymous=False)
    response, action = services.enter_paper_survey(
        visit=make_visit(org, resident=org.resident_person), survey=survey, raw={"q1": "b"}
    )
    assert (action.object_type, action.object_id) == ("surveys.response", response.pk)
    assert response.user == org.resident


def test_missing_required_answer_saves_nothing(org):
    survey = open_paper_survey(org.county)
    with pytest.raises(ValidationError) as exc:
        services.enter_paper_survey(visit=make_visit(org), survey=survey, raw={"c": "x"})
    assert exc.value.message_dict == {"q1": ["This question needs an answer."]}
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 0
    assert AssistedAction.objects.count() == 0


def test_a_resident_with_an_account_answers_once(org):
    survey = open_paper_survey(org.county)
    visit = make_visit(org, resident=org.resident_person)
    services.enter_paper_survey(visit=visit, survey=survey, raw={"q1": "a"})
    with pytest.raises(ValidationError) as exc:
        services.enter_paper_survey(visit=visit, survey=survey, raw={"q1": "b"})
    assert "survey" in exc.value.message_dict or "user" in exc.value.message_dict
    assert AssistedAction.objects.count() == 1
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1


# --- paper ballots -----------------------------------------------------------------------------


def test_ballot_of_a_resident_with_an_account_votes_as_them(org):
    conversation = make_conversation(org.county)
    first, second, _third = conversation.statements.order_by("number")
    participant, action = services.record_paper_ballot(
        visit=make_visit(org, resident=org.resident_person),
        conversation=conversation,
        votes={first.pk: 1, second.pk: -1},
    )
    assert participant.user == org.resident
    assert dict(Vote.objects.values_list("statement_id", "value")) == {first.pk: 1, second.pk: -1}
    assert (action.kind, action.object_type) == ("vote", "deliberation.participant")


def test_second_ballot_of_a_resident_without_account_replaces_votes(org):
    person = make_person(org.county, kind="resident", with_user=False)
    conversation = make_conversation(org.county)
    first = conversation.statements.order_by("number").first()
    visit = make_visit(org, resident=person)
    services.record_paper_ballot(visit=visit, conversation=conversation, votes={first.pk: 1})
    services.record_paper_ballot(visit=visit, conversation=conversation, votes={first.pk: 0})
    assert Participant.objects.filter(conversation=conversation).count() == 1
    assert list(Vote.objects.values_list("value", flat=True)) == [0]


def test_conversation_needing_sign_in_refuses_a_resident_without_account(org):
    conversation = make_conversation(org.county, require_sign_in=True)
    first = conversation.statements.first()
    with pytest.raises(ValidationError) as exc:
        services.record_paper_ballot(
            visit=make_visit(org), conversation=conversation, votes={first.pk: 1}
        )
    assert "conversation" in exc.value.message_dict
    assert Participant.objects.count() == 0


def test_vote_on_another_conversations_statement_saves_nothing(org):
    conversation = make_conversation(org.county)
    other = make_conversation(org.county)
    mine = conversation.statements.first()
    theirs = other.statements.first()
    with pytest.raises(ValidationError):
        services.record_paper_ballot(
            visit=make_visit(org), conversation=conversation, votes={mine.pk: 1, theirs.pk: 1}
        )
    assert (Vote.objects.count(), Participant.objects.count(), AssistedAction.objects.count()) == (
        0,
        0,
        0,
    )


# --- residents ---------------------------------------------------------------------------------


def test_resident_search_needs_three_characters_and_stays_in_the_county(org):
    make_person(make_county(), kind="resident", first_name="Aino", last_name="Muualla")
    wanted = make_person(org.county, kind="resident", first_name="Aino", last_name="Kainuu")
    assert services.find_residents(visit_staff=org.staff, query="Ai") == []
    assert services.find_residents(visit_staff=org.staff, query="aino") == [wanted]
    assert services.find_residents(visit_staff=org.resident, query="aino") == []
    # staff members are not residents
    assert services.find_residents(visit_staff=org.staff, query="staff@example.test") == []
    summaries = list(
        AuditEvent.objects.filter(object_type="organisation.person", action="view")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    # the short query and the resident's search are not searches at all; the query is not kept
    assert summaries == [
        "resident search for assisted participation: 1 found",
        "resident search for assisted participation: 0 found",
    ]


def test_resident_is_found_by_phone_whatever_its_spacing(org):
    wanted = make_person(org.county, kind="resident", phone="040 123-4567", email="")
    assert services.find_residents(visit_staff=org.staff, query="+358 40 1234567") == [wanted]
    assert services.find_residents(visit_staff=org.staff, query="0401234568") == []


def test_new_resident_record_with_an_invitation_gets_an_account(org):
    person = services.create_resident(
        staff_user=org.staff,
        first_name=" Aino ",
        last_name="Asukas",
        email="Aino@Example.test",
        invite=True,
    )
    assert (person.kind, person.full_name, person.email) == (
        Person.Kind.RESIDENT,
        "Aino Asukas",
        "aino@example.test",
    )
    assert person.user is not None
    assert person.user.email == "aino@example.test"


def test_invitation_needs_an_email_address(org):
    with pytest.raises(ValidationError) as exc:
        services.create_resident(staff_user=org.staff, first_name="A", last_name="B", invite=True)
    assert exc.value.message_dict == {
        "email": ["An email address is needed for a sign-in account."]
    }
    assert Person.objects.filter(first_name="A").count() == 0


# --- retention ---------------------------------------------------------------------------------


def test_records_stop_naming_the_resident_once_the_item_is_anonymised(org):
    session = make_session(org.county, capacity=5)
    visit = make_visit(
        org, resident=org.resident_person, method="guardian", representative_name="Liisa V"
    )
    registration, action = services.register_resident(
        visit=visit, session=session, name="Aino", email="aino@example.test"
    )
    feedback, kept, _created = services.record_feedback(visit=visit, **feedback_kwargs())
    assert services.anonymise_assisted_actions() == 0
    # when: the events app's retention anonymises the registration
    Registration.objects.filter(pk=registration.pk).update(anonymised_at=timezone.now())
    # then
    assert services.anonymise_assisted_actions() == 1
    action.refresh_from_db()
    assert (
        action.resident_person,
        action.resident_user,
        action.representative_name,
        action.consent_note,
    ) == (None, None, "", "")
    assert (action.staff_person, action.unit, action.consent_method) == (
        org.staff_person,
        org.team_a1,
        "guardian",
    )
    assert action.anonymised_at is not None
    kept.refresh_from_db()
    assert kept.resident_person == org.resident_person
    # a removed item counts as anonymised too, and a second run changes nothing more
    Feedback.objects.filter(pk=feedback.pk).delete()
    assert services.anonymise_assisted_actions() == 1
    assert services.anonymise_assisted_actions() == 0
