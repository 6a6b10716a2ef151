import pytest
from django.core.exceptions import ValidationError

from kuulu.assessments import services
from kuulu.assessments.models import Assessment, AssessmentTemplate, TemplateStep, ViewsRequest
from kuulu.assessments.tests.factories import fill_required, make_assessment, template
from kuulu.core.models import AuditEvent
from kuulu.organisation.tests.factories import make_county, make_person, make_unit

pytestmark = pytest.mark.django_db


def test_shipped_templates_are_created_once_with_three_languages(org):
    assert services.ensure_templates(county=org.county) == 2 + 5 + 4
    assert services.ensure_templates(county=org.county) == 0
    children = AssessmentTemplate.objects.get(county=org.county, kind="children")
    assert [s.title_en for s in children.steps.all()] == [
        "Children affected",
        "Children's views",
        "Effects on rights and wellbeing",
        "Alternatives compared",
        "Conclusion",
    ]
    assert children.name_sv == "Bedömning av konsekvenser för barn"
    advance = AssessmentTemplate.objects.get(county=org.county, kind="advance")
    assert advance.steps.filter(kind="matrix").count() == 1
    assert advance.steps.filter(is_required=False).count() == 1


def test_a_draft_step_is_saved_and_overwritten(org):
    assessment = make_assessment(org.staff_person)
    step = assessment.template.steps.first()
    services.save_answer(assessment=assessment, step=step, text="  Puolikas  ")
    services.save_answer(assessment=assessment, step=step, text="Valmis vastaus")
    assert [a.text for a in assessment.answers.all()] == ["Valmis vastaus"]
    assessment.refresh_from_db()
    assert assessment.status == "draft"  # answering a step completes nothing


def test_completion_is_refused_naming_the_missing_required_steps(org):
    assessment = make_assessment(org.staff_person)
    first, second, *_rest = assessment.template.steps.all()
    services.save_answer(assessment=assessment, step=first, text="Alle 7-vuotiaat")
    services.save_answer(assessment=assessment, step=second, text="   ")
    with pytest.raises(ValidationError) as caught:
        services.complete_assessment(assessment=assessment, summary="")
    errors = caught.value.message_dict
    assert errors["__all__"] == [
        "These required steps are not done yet: Children's views, Effects on rights and "
        "wellbeing, Alternatives compared, Conclusion."
    ]
    assert errors["summary"] == ["Write a summary for the decision draft."]
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    assert assessment.completed_at is None


def test_optional_steps_do_not_block_completion(org):
    assessment = make_assessment(org.staff_person, kind="advance")
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="Vaihtoehto A.")
    assessment.refresh_from_db()
    assert assessment.status == "complete"
    assert assessment.completed_at is not None


def test_a_half_filled_matrix_is_not_done(org):
    assessment = make_assessment(org.staff_person, kind="advance")
    fill_required(assessment)
    matrix_step = assessment.template.steps.get(kind="matrix")
    services.save_answer(
        assessment=assessment,
        step=matrix_step,
        matrix={"options": ["A", "B"], "groups": ["Lapset"], "cells": {"0-0": "Hyvä"}},
    )
    assert services.missing_required_steps(assessment) == [matrix_step]


def test_a_complete_assessment_is_not_edited_until_reopened(org):
    assessment = make_assessment(org.staff_person)
    fill_required(assessment)
    services.complete_assessment(assessment=assessment, summary="Yhteenveto")
    step = assessment.template.steps.first()
    with pytest.raises(ValidationError):
        services.save_answer(assessment=assessment, step=step, text="Muutos")
    services.reopen_assessment(assessment=assessment)
    services.save_answer(assessment=assessment, step=step, text="Muutos")
    assert assessment.answers.get(step=step).text == "Muutos"


def test_publishing_needs_completion_and_masks_the_summary(org):
    assessment = make_assessment(org.staff_person)
    with pytest.raises(ValidationError):
        services.publish_assessment(assessment=assessment)
    fill_required(assessment)
    services.complete_assessment(
        assessment=assessment, summary="Kysy lisää: maija.meikalainen@example.fi tai 040 123 4567."
    )
    services.publish_assessment(assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.is_published
    assert "maija" not in assessment.public_summary
    assert "040 123 4567" not in assessment.public_summary
    assert assessment.public_summary.startswith("Kysy lisää: [")
    with pytest.raises(ValidationError):
        services.reopen_assessment(assessment=assessment)


def test_collaborators_must_be_staff_of_the_same_county(org):
    assessment = make_assessment(org.staff_person)
    services.add_collaborator(assessment=assessment, person=org.other_staff_person)
    assert list(assessment.collaborators.all()) == [org.other_staff_person]
    elsewhere = make_county()
    stranger = make_person(elsewhere, kind="staff", unit=make_unit(elsewhere), email="x@y.test")
    for person in (org.resident_person, stranger):
        with pytest.raises(ValidationError):
            services.add_collaborator(assessment=assessment, person=person)
    with pytest.raises(ValidationError):
        services.add_collaborator(assessment=assessment, person=org.staff_person)
    services.remove_collaborator(assessment=assessment, person=org.other_staff_person)
    assert assessment.collaborators.count() == 0


def test_a_views_request_without_a_survey_waits_for_the_coordinator(org):
    from kuulu.surveys.models import Survey

    assessment = make_assessment(org.staff_person)
    with pytest.raises(ValidationError):
        services.request_views(assessment=assessment, channel="survey")
    waiting = services.request_views(
        assessment=assessment, channel="survey", note="7.-9.-luokkalaiset, maaliskuu"
    )
    assert waiting.status == ViewsRequest.Status.OPEN
    survey = Survey.objects.create(county=org.county, title="Koululaisten kysely")
    services.link_views_request(views_request=waiting, survey=survey)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.survey) == ("linked", survey)
    direct = services.request_views(assessment=assessment, channel="survey", survey=survey)
    assert direct.status == "linked"


def test_template_steps_are_edited_and_answered_steps_kept(org):
    children = template(org.county)
    step = services.save_step(
        template=children,
        step=None,
        title_fi="Tiedottaminen",
        title_sv="Information",
        title_en="Telling children",
        is_required=False,
    )
    assert step.position == 6
    with pytest.raises(ValidationError):
        services.save_step(template=children, step=step, title_fi="")
    assessment = make_assessment(org.staff_person)
    services.save_answer(assessment=assessment, step=step, text="Kouluille")
    with pytest.raises(ValidationError):
        services.remove_step(step=step)
    fresh = services.save_step(template=children, step=None, title_fi="Poistettava")
    services.remove_step(step=fresh)
    assert not TemplateStep.objects.filter(pk=fresh.pk).exists()


def test_writes_are_audited(org):
    assessment = make_assessment(org.staff_person)
    assert AuditEvent.objects.filter(
        object_type="assessments.assessment", object_id=str(assessment.pk), action="create"
    ).exists()
    assert Assessment.objects.count() == 1
