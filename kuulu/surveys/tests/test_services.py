"""Responding page by page, submission rules, versioning and invitations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kuulu.organisation.tests.factories import make_county, make_person
from kuulu.surveys import services
from kuulu.surveys.models import Answer, Invitation, Participation, Response, SurveyVersion
from kuulu.surveys.services import AlreadyAnswered, SurveyClosed
from kuulu.surveys.tests.factories import add_question, first_page, make_survey, spec

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _two_page_survey(county, **data):  # type: ignore[no-untyped-def]
    survey = make_survey(county, **data)
    add_question(survey, kind="single", key="role", required=True)
    add_question(survey, kind="likert", key="agree", required=True)
    page2 = services.add_page(survey=survey, actor=None)
    add_question(survey, kind="long_text", key="why", page=page2)
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    return survey


def test_an_invalid_page_saves_nothing():
    survey = _two_page_survey(make_county())
    response, token = services.start_response(survey=survey)
    assert token
    page = first_page(survey)
    with pytest.raises(ValidationError) as exc:
        services.save_page(response=response, page_id=page.pk, raw={"role": "a", "agree": "9"})
    assert exc.value.message_dict == {"agree": ["Choose a value from 1 to 5."]}
    assert Answer.objects.count() == 0
    response.refresh_from_db()
    assert response.next_page == 0


def test_pages_are_saved_one_at_a_time_and_submitted():
    survey = _two_page_survey(make_county())
    response, _token = services.start_response(survey=survey)
    page1 = first_page(survey)
    page2 = services.save_page(response=response, page_id=page1.pk, raw={"role": "b", "agree": "4"})
    assert page2 is not None
    assert page2.position == 1
    assert services.save_page(response=response, page_id=page2.pk, raw={"why": "Koska"}) is None
    response = services.submit_response(response=response)
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_at is not None
    assert sorted(
        (a.question.key, a.choice.value if a.choice else None, a.number, a.text)
        for a in response.answers.select_related("question", "choice")
    ) == [("agree", None, 4, ""), ("role", "b", None, ""), ("why", None, None, "Koska")]


def test_resume_token_finds_the_saved_answers():
    survey = _two_page_survey(make_county())
    response, token = services.start_response(survey=survey)
    services.save_page(
        response=response, page_id=first_page(survey).pk, raw={"role": "a", "agree": "2"}
    )
    again = services.response_for_resume_token(survey, token)
    assert again == response
    assert services.current_page(services.load_questionnaire(response.version), again).position == 1
    new = services.renew_resume_token(response=response)
    assert services.response_for_resume_token(survey, token) is None
    assert services.response_for_resume_token(survey, new) == response


def test_signed_in_respondent_gets_the_same_response_back(org):
    survey = _two_page_survey(org.county)
    first, token = services.start_response(survey=survey, user=org.resident)
    second, _ = services.start_response(survey=survey, user=org.resident)
    assert token is None
    assert first == second


def test_submitting_after_closing_is_refused():
    survey = _two_page_survey(make_county())
    response, _ = services.start_response(survey=survey)
    services.save_page(
        response=response, page_id=first_page(survey).pk, raw={"role": "a", "agree": "2"}
    )
    survey.closes_at = timezone.now() - timedelta(minutes=1)
    survey.opens_at = timezone.now() - timedelta(days=1)
    survey.save()
    with pytest.raises(SurveyClosed) as exc:
        services.submit_response(response=response)
    assert str(exc.value) == "This survey is closed and no longer takes answers."
    response.refresh_from_db()
    assert response.status == Response.Status.IN_PROGRESS


def test_submit_requires_every_shown_required_question():
    survey = _two_page_survey(make_county())
    response, _ = services.start_response(survey=survey)
    with pytest.raises(ValidationError) as exc:
        services.submit_response(response=response)
    assert set(exc.value.message_dict) == {"role", "agree"}


def test_hidden_answers_are_discarded():
    county = make_county()
    survey = make_survey(county)
    role = add_question(survey, kind="single", key="role", required=True)
    page2 = services.add_page(survey=survey, actor=None)
    why = add_question(survey, kind="short_text", key="why", page=page2, required=True)
    add_question(survey, kind="short_text", key="other", page=page2)
    services.add_condition(
        survey=survey,
        source=role,
        operator="equals",
        values=["a"],
        target_question=why,
        actor=None,
    )
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response, _ = services.start_response(survey=survey)
    page1 = first_page(survey)
    page2 = services.save_page(response=response, page_id=page1.pk, raw={"role": "a"})
    services.save_page(response=response, page_id=page2.pk, raw={"why": "x", "other": "y"})
    # The respondent goes back and changes the answer that showed "why".
    assert services.go_back(response=response).pk == page2.pk
    assert services.go_back(response=response).pk == page1.pk
    services.save_page(response=response, page_id=page1.pk, raw={"role": "b"})
    assert set(response.answers.values_list("question__key", flat=True)) == {"role", "other"}
    # "why" is required but hidden, so it does not block the submission.
    services.submit_response(response=response)


def test_answers_to_a_hidden_question_in_the_same_request_are_not_saved():
    county = make_county()
    survey = make_survey(county)
    role = add_question(survey, kind="single", key="role")
    page2 = services.add_page(survey=survey, actor=None)
    why = add_question(survey, kind="short_text", key="why", page=page2, required=True)
    services.add_condition(
        survey=survey,
        source=role,
        operator="equals",
        values=["a"],
        target_question=why,
        actor=None,
    )
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response = services.submit_answers(survey=survey, raw={"role": "b", "why": "secret"})
    assert list(response.answers.values_list("question__key", flat=True)) == ["role"]


def test_one_response_per_invitation():
    survey = _two_page_survey(make_county(), audience="invitation")
    services.invite_emails(survey=survey, emails=["a@example.test"], language="fi", actor=None)
    invitation = Invitation.objects.get()
    raw = {"role": "a", "agree": "3"}
    first = services.submit_answers(survey=survey, raw=raw, invitation=invitation)
    invitation.refresh_from_db()
    with pytest.raises(AlreadyAnswered):
        services.submit_answers(survey=survey, raw=raw, invitation=invitation)
    assert list(Response.objects.submitted()) == [first]
    assert invitation.used_at is not None


def test_anonymous_response_keeps_no_link_to_the_person(org):
    survey = _two_page_survey(org.county, audience="staff", anonymous=True, units=[org.area_a])
    response = services.submit_answers(
        survey=survey, raw={"role": "a", "agree": "3"}, user=org.manager
    )
    assert response.user_id is None
    assert response.respondent_group == "manager"
    assert response.unit == org.unit_a
    assert response.service_area == org.area_a
    assert Participation.objects.filter(survey=survey, user=org.manager).exists()
    with pytest.raises(AlreadyAnswered):
        services.submit_answers(survey=survey, raw={"role": "a", "agree": "3"}, user=org.manager)
    assert Response.objects.count() == 1


def test_identified_response_keeps_the_person(org):
    survey = _two_page_survey(org.county, audience="staff", anonymous=False, units=[org.area_a])
    response = services.submit_answers(
        survey=survey, raw={"role": "a", "agree": "3"}, user=org.staff
    )
    assert response.user == org.staff
    assert response.respondent_group == "staff"


def test_background_question_fills_the_group():
    county = make_county()
    survey = make_survey(county)
    add_question(survey, kind="single", key="group", background="respondent_group")
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    response = services.submit_answers(survey=survey, raw={"group": "b"})
    assert response.respondent_group == "b"


# --- versioning -------------------------------------------------------------------------------


def test_editing_a_survey_with_responses_makes_a_new_version():
    survey = _two_page_survey(make_county())
    v1 = survey.current_version
    response = services.submit_answers(survey=survey, raw={"role": "a", "agree": "5"})
    question = v1.questions.get(key="agree")
    changed = services.spec_of(question)
    changed.text = {"fi": "Uusi sanamuoto", "en": "New wording"}
    services.update_question(survey=survey, question=question, spec=changed, actor=None)
    survey.refresh_from_db()
    v2 = survey.current_version
    assert v2.number == 2
    assert v2.pk != v1.pk
    assert v2.questions.get(key="agree").text_fi == "Uusi sanamuoto"
    # The answered version is untouched and the response still points to it.
    question.refresh_from_db()
    assert question.text_fi == "Kysymys agree"
    response.refresh_from_db()
    assert response.version == v1
    assert response.answers.get(question__key="agree").question == question
    assert SurveyVersion.objects.get(pk=v1.pk).frozen
    # Keys, options and pages are copied.
    assert sorted(v2.questions.values_list("key", flat=True)) == ["agree", "role", "why"]
    assert list(v2.questions.get(key="role").choices.values_list("value", flat=True)) == [
        "a",
        "b",
        "c",
    ]
    assert v2.pages.count() == 2


def test_a_version_without_responses_is_edited_in_place():
    survey = _two_page_survey(make_county())
    v1 = survey.current_version
    question = v1.questions.get(key="agree")
    changed = services.spec_of(question)
    changed.required = False
    services.update_question(survey=survey, question=question, spec=changed, actor=None)
    survey.refresh_from_db()
    assert survey.current_version == v1
    assert SurveyVersion.objects.count() == 1


def test_a_started_response_freezes_the_version_too():
    survey = _two_page_survey(make_county())
    v1 = survey.current_version
    services.start_response(survey=survey)
    services.add_page(survey=survey, actor=None)
    survey.refresh_from_db()
    assert survey.current_version.number == 2
    assert v1.pages.count() == 2
    assert survey.current_version.pages.count() == 3


def test_deleting_an_answered_question_keeps_it_in_the_old_version():
    survey = _two_page_survey(make_county())
    v1 = survey.current_version
    services.submit_answers(survey=survey, raw={"role": "a", "agree": "5", "why": "x"})
    services.delete_question(survey=survey, question=v1.questions.get(key="why"), actor=None)
    survey.refresh_from_db()
    assert not survey.current_version.questions.filter(key="why").exists()
    assert v1.questions.filter(key="why").exists()
    assert Answer.objects.filter(question__key="why").count() == 1


def test_conditions_are_copied_with_the_version():
    survey = make_survey(make_county())
    role = add_question(survey, kind="single", key="role")
    page2 = services.add_page(survey=survey, actor=None)
    services.add_condition(
        survey=survey,
        source=role,
        operator="equals",
        values=["a"],
        target_page=page2,
        actor=None,
    )
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    services.submit_answers(survey=survey, raw={"role": "b"})
    services.add_page(survey=survey, actor=None)
    survey.refresh_from_db()
    condition = survey.current_version.conditions.get()
    assert condition.source.version == survey.current_version
    assert condition.target_page.version == survey.current_version


def test_question_keys_are_unique_per_version():
    survey = make_survey(make_county())
    add_question(survey, kind="short_text", key="same")
    with pytest.raises(ValidationError) as exc:
        add_question(survey, kind="short_text", key="same")
    assert exc.value.message_dict == {
        "key": ["Another question of this survey already has this key."]
    }


def test_choice_questions_need_two_options():
    survey = make_survey(make_county())
    with pytest.raises(ValidationError) as exc:
        services.add_question(
            survey=survey,
            page=first_page(survey),
            spec=spec("single", "x", choices=[]),
            actor=None,
        )
    assert exc.value.message_dict == {"choices": ["Give at least two options."]}


def test_opening_needs_a_question():
    survey = make_survey(make_county())
    with pytest.raises(ValidationError):
        services.open_survey(survey=survey, actor=None)


# --- invitations -------------------------------------------------------------------------------


def test_invitations_are_emailed_in_the_invitees_language_and_only_the_hash_is_kept(
    org, django_capture_on_commit_callbacks
):
    survey = _two_page_survey(org.county, audience="invitation")
    org.staff.language = "sv"
    org.staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        new, skipped = services.invite_emails(
            survey=survey,
            emails=["staff@example.test", "x@example.test", "X@example.test"],
            language="en",
            actor=org.coordinator,
        )
    assert (new, skipped) == (2, 0)
    assert len(mail.outbox) == 2
    sv = next(m for m in mail.outbox if m.to == ["staff@example.test"])
    invitation = Invitation.objects.get(email="staff@example.test")
    assert invitation.language == "sv"
    token = sv.body.split("/surveys/i/")[1].split("/")[0]
    assert "/sv/surveys/i/" in sv.body
    assert invitation.token_hash == services.hash_token(token)
    assert token not in invitation.token_hash
    assert services.invitation_for_token(token) == invitation


def test_inviting_unit_staff_covers_the_subtree(org, django_capture_on_commit_callbacks):
    survey = _two_page_survey(org.county, audience="invitation")
    make_person(org.county, kind="staff", unit=org.team_a1, email="deep@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        new, _skipped = services.invite_unit_staff(
            survey=survey, units=[org.unit_a], actor=org.coordinator
        )
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "deep@example.test",
        "manager@example.test",
        "staff@example.test",
    ]
    assert new == 3


def test_the_migration_gives_existing_participations_their_keyed_hash(org):
    import importlib

    from django.apps import apps

    from kuulu.surveys.models import participation_key

    migration = importlib.import_module("kuulu.surveys.migrations.0005_participation_person_key")
    survey = make_survey(org.county, open_=True)
    row = Participation.objects.create(survey=survey, user=org.manager)
    Participation.objects.filter(pk=row.pk).update(person_key="")  # as before the migration
    migration.fill_keys(apps, None)
    row.refresh_from_db()
    assert row.person_key == participation_key(survey.pk, org.manager.pk)
    with pytest.raises(AlreadyAnswered):
        services.start_response(survey=survey, user=org.manager)


def test_services_refuse_survey_times_outside_2000_to_2100():
    from datetime import UTC, datetime

    county = make_county()
    early = datetime(1, 1, 1, 0, 30, tzinfo=UTC)
    with pytest.raises(ValidationError) as excinfo:
        services.create_survey(county=county, owner=None, title_fi="Kysely", opens_at=early)
    assert excinfo.value.message_dict == {
        "opens_at": ["Give a date between the years 2000 and 2100."]
    }
    survey = make_survey(county)
    late = datetime(2101, 1, 1, tzinfo=UTC)
    with pytest.raises(ValidationError) as excinfo:
        services.update_survey(survey=survey, actor=None, closes_at=late)
    assert excinfo.value.message_dict == {
        "closes_at": ["Give a date between the years 2000 and 2100."]
    }
    survey.refresh_from_db()
    assert survey.closes_at is None


def test_identified_answers_cannot_be_relabelled_anonymous():
    county = make_county()
    survey = make_survey(county, anonymous=False)
    add_question(survey, kind="short_text", key="why")
    services.open_survey(survey=survey, actor=None)
    survey.refresh_from_db()
    services.submit_answers(survey=survey, raw={"why": "Koska"})
    with pytest.raises(ValidationError) as excinfo:
        services.update_survey(survey=survey, actor=None, anonymous=True)
    assert list(excinfo.value.message_dict) == ["anonymous"]
    survey.refresh_from_db()
    assert survey.anonymous is False


def test_a_new_question_does_not_take_over_an_answered_key_of_another_type():
    survey = _two_page_survey(make_county())
    services.submit_answers(survey=survey, raw={"role": "a", "agree": "4"})
    survey.refresh_from_db()
    agree = survey.current_version.questions.get(key="agree")
    services.delete_question(survey=survey, question=agree, actor=None)
    survey.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        add_question(survey, kind="number", key="agree")
    assert list(excinfo.value.message_dict) == ["key"]
    # A key made up from the text avoids it; the same type under the same key is welcome.
    made_up = services.add_question(
        survey=survey,
        page=first_page(survey),
        spec=spec("number", "", text={"fi": "Agree"}),
        actor=None,
    )
    assert made_up.key == "agree_2"
    assert add_question(survey, kind="likert", key="agree").key == "agree"
