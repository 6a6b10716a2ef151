"""Writes of guided impact assessments: templates, drafts of steps, collaborators, completion,
publishing and requests for children's views."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.assessments import matrix as matrix_rules
from kuulu.assessments import seed
from kuulu.assessments.models import (
    Assessment,
    AssessmentTemplate,
    StepAnswer,
    TemplateStep,
    ViewsRequest,
)
from kuulu.core.audit import record_event
from kuulu.core.masking import mask_text
from kuulu.organisation.models import County, Person, Unit

LANGS = ("fi", "sv", "en")


def _texts(field: str, text: seed.Text) -> dict[str, str]:
    return {f"{field}_{lang}": value for lang, value in zip(LANGS, text, strict=True)}


@transaction.atomic
def ensure_templates(*, county: County) -> int:
    """Create the shipped templates the county does not have yet (by kind); returns how many
    objects were created. Existing templates, edited or not, are left alone."""
    kinds = {template_seed.kind for template_seed in seed.TEMPLATES}
    if kinds <= set(
        AssessmentTemplate.objects.filter(county=county).values_list("kind", flat=True)
    ):
        return 0  # the usual case, without a lock
    # The first visits of a county's staff (the new-assessment and templates pages call this)
    # could come at once: both would find a kind missing and both create it, and the county
    # would have every template twice. The county's row makes the second wait and find them.
    County.objects.select_for_update().get(pk=county.pk)
    created = 0
    for template_seed in seed.TEMPLATES:
        if AssessmentTemplate.objects.filter(county=county, kind=template_seed.kind).exists():
            continue
        template = AssessmentTemplate.objects.create(
            county=county,
            kind=template_seed.kind,
            **_texts("name", template_seed.name),
            **_texts("description", template_seed.description),
        )
        created += 1
        for position, step in enumerate(template_seed.steps, start=1):
            TemplateStep.objects.create(
                template=template,
                position=position,
                kind=TemplateStep.Kind.MATRIX if step.matrix else TemplateStep.Kind.TEXT,
                is_required=step.required,
                **_texts("title", step.title),
                **_texts("prompt", step.prompt),
            )
            created += 1
    return created


def _same_county_staff(person: Person, county_id: int) -> None:
    if person.county_id != county_id or person.kind != Person.Kind.STAFF or not person.is_active:
        raise ValidationError(
            {"person": _("Only active staff of the same county can work on an assessment.")}
        )


@transaction.atomic
def start_assessment(
    *,
    template: AssessmentTemplate,
    owner: Person,
    title: str,
    unit: Unit | None = None,
    actor: Any = None,
    submission_key: str = "",
    **decision: Any,
) -> Assessment:
    """Start an assessment owned by `owner`. With the start form's `submission_key`, the same
    form sent again (a double click, a retried request) returns the assessment it started."""
    if not template.is_active:
        raise ValidationError({"template": _("This template is no longer in use.")})
    _same_county_staff(owner, template.county_id)
    fields = {
        "county_id": template.county_id,
        "template": template,
        "title": title,
        "unit": unit,
        **decision,
    }
    if submission_key:
        # The partial unique constraint on (owner, key) decides between two requests at once;
        # get_or_create reads the twin that won.
        assessment, created = Assessment.objects.get_or_create(
            owner=owner, submission_key=submission_key, defaults=fields
        )
        if not created:
            return assessment
    else:
        assessment = Assessment.objects.create(owner=owner, **fields)
    record_event(action="create", obj=assessment, actor=actor, summary="impact assessment")
    return assessment


def _check_draft(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.DRAFT:
        raise ValidationError(
            _("The assessment is complete. Reopen it as a draft before changing it.")
        )


@transaction.atomic
def update_decision_draft(
    *,
    assessment: Assessment,
    title: str,
    unit: Unit | None,
    decision_title: str,
    decision_body: str,
    decision_number: str,
    decision_date: date | None,
    decision_url: str,
    actor: Any = None,
) -> Assessment:
    """The assessment's title and the decision draft it is attached to (editable also after
    completion: the decision's number and date are often known only later)."""
    assessment.title = title
    assessment.unit = unit
    assessment.decision_title = decision_title
    assessment.decision_body = decision_body
    assessment.decision_number = decision_number
    assessment.decision_date = decision_date
    assessment.decision_url = decision_url
    fields = [
        "title",
        "unit",
        "decision_title",
        "decision_body",
        "decision_number",
        "decision_date",
        "decision_url",
        "updated_at",
    ]
    assessment.save(update_fields=fields)
    record_event(action="update", obj=assessment, actor=actor, changed_fields=fields[:-1])
    return assessment


@transaction.atomic
def save_answer(
    *,
    assessment: Assessment,
    step: TemplateStep,
    text: str = "",
    matrix: dict[str, Any] | None = None,
    actor: Any = None,
) -> StepAnswer:
    """Save a step's draft answer (a draft may be empty or half-written)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    if step.template_id != assessment.template_id:
        raise ValidationError(_("This step belongs to another template."))
    answer, _created = StepAnswer.objects.update_or_create(
        assessment=assessment,
        step=step,
        defaults={"text": text.strip(), "matrix": matrix or {}},
    )
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    record_event(action="update", obj=assessment, actor=actor, summary=f"step {step.pk} saved")
    return answer


def answer_is_done(step: TemplateStep, answer: StepAnswer | None) -> bool:
    if answer is None:
        return False
    if step.kind == TemplateStep.Kind.MATRIX:
        return matrix_rules.is_complete(answer.matrix)
    return bool(answer.text.strip())


def missing_required_steps(assessment: Assessment) -> list[TemplateStep]:
    answers = {a.step_id: a for a in assessment.answers.all()}
    return [
        step
        for step in assessment.template.steps.all()
        if step.is_required and not answer_is_done(step, answers.get(step.pk))
    ]


@transaction.atomic
def complete_assessment(*, assessment: Assessment, summary: str, actor: Any = None) -> Assessment:
    """Mark the assessment complete with its summary for the decision draft. Refused, naming
    the steps, while a required step is unanswered."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    _check_draft(assessment)
    errors: dict[str, list[str]] = {}
    missing = missing_required_steps(assessment)
    if missing:
        errors["__all__"] = [
            _("These required steps are not done yet: %(steps)s.")
            % {"steps": ", ".join(str(step.title) for step in missing)}
        ]
    if not summary.strip():
        errors["summary"] = [_("Write a summary for the decision draft.")]
    if errors:
        raise ValidationError(errors)
    assessment.summary = summary.strip()
    assessment.status = Assessment.Status.COMPLETE
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["summary", "status", "completed_at", "updated_at"])
    record_event(action="update", obj=assessment, actor=actor, summary="completed")
    return assessment


@transaction.atomic
def reopen_assessment(*, assessment: Assessment, actor: Any = None) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_published:
        raise ValidationError(_("A published assessment cannot be reopened."))
    assessment.status = Assessment.Status.DRAFT
    assessment.completed_at = None
    assessment.save(update_fields=["status", "completed_at", "updated_at"])
    record_event(action="update", obj=assessment, actor=actor, summary="reopened")
    return assessment


@transaction.atomic
def publish_assessment(*, assessment: Assessment, actor: Any = None) -> Assessment:
    """Publish a complete assessment on the portal; the public summary is masked."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != Assessment.Status.COMPLETE:
        raise ValidationError(_("Only a complete assessment can be published."))
    if assessment.is_published:
        return assessment
    assessment.public_summary = mask_text(assessment.summary).text
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["public_summary", "published_at", "updated_at"])
    record_event(action="update", obj=assessment, actor=actor, summary="published")
    return assessment


@transaction.atomic
def add_collaborator(*, assessment: Assessment, person: Person, actor: Any = None) -> None:
    _same_county_staff(person, assessment.county_id)
    if person.pk == assessment.owner_id:
        raise ValidationError({"person": _("The owner already edits this assessment.")})
    assessment.collaborators.add(person)
    record_event(action="update", obj=assessment, actor=actor, summary="collaborator added")


@transaction.atomic
def remove_collaborator(*, assessment: Assessment, person: Person, actor: Any = None) -> None:
    assessment.collaborators.remove(person)
    record_event(action="update", obj=assessment, actor=actor, summary="collaborator removed")


@transaction.atomic
def request_views(
    *,
    assessment: Assessment,
    channel: str,
    note: str = "",
    survey: Any = None,
    panel: Any = None,
    actor: Any = None,
) -> ViewsRequest:
    """Ask for children's views: linked at once to an existing survey or panel of the county,
    or left open for the coordinator to set one up."""
    linked = survey if channel == ViewsRequest.Channel.SURVEY else panel
    if linked is not None and linked.county_id != assessment.county_id:
        raise ValidationError(_("Choose a survey or panel of your own county."))
    if linked is None and not note.strip():
        raise ValidationError(
            {"note": _("Tell the coordinator what to ask and from which children.")}
        )
    views_request = ViewsRequest.objects.create(
        assessment=assessment,
        channel=channel,
        note=note.strip(),
        survey=survey if channel == ViewsRequest.Channel.SURVEY else None,
        panel=panel if channel == ViewsRequest.Channel.PANEL else None,
        status=ViewsRequest.Status.LINKED if linked is not None else ViewsRequest.Status.OPEN,
    )
    record_event(action="create", obj=views_request, actor=actor, summary="views request")
    return views_request


@transaction.atomic
def link_views_request(
    *, views_request: ViewsRequest, survey: Any = None, panel: Any = None, actor: Any = None
) -> ViewsRequest:
    """The coordinator links the survey or panel set up for an open request."""
    linked = survey if views_request.channel == ViewsRequest.Channel.SURVEY else panel
    if linked is None:
        raise ValidationError(_("Choose the survey or panel that answers this request."))
    if linked.county_id != views_request.assessment.county_id:
        raise ValidationError(_("Choose a survey or panel of your own county."))
    views_request.survey = survey if views_request.channel == "survey" else None
    views_request.panel = panel if views_request.channel == "panel" else None
    views_request.status = ViewsRequest.Status.LINKED
    views_request.save(update_fields=["survey", "panel", "status", "updated_at"])
    record_event(action="update", obj=views_request, actor=actor, summary="views request linked")
    return views_request


@transaction.atomic
def save_step(
    *, template: AssessmentTemplate, step: TemplateStep | None, actor: Any = None, **fields: Any
) -> TemplateStep:
    """Add a step to a template or change one (titles and prompts in fi/sv/en, required flag)."""
    if step is None:
        last = template.steps.order_by("-position").values_list("position", flat=True).first()
        step = TemplateStep(template=template, position=(last or 0) + 1)
    for name, value in fields.items():
        setattr(step, name, value)
    if not step.title_fi:
        raise ValidationError({"title_fi": _("Give the step a title in Finnish.")})
    step.save()
    record_event(action="update", obj=template, actor=actor, summary=f"step {step.pk} saved")
    return step


@transaction.atomic
def remove_step(*, step: TemplateStep, actor: Any = None) -> None:
    if StepAnswer.objects.filter(step=step).exists():
        raise ValidationError(
            _("Assessments have answered this step; make it optional instead of removing it.")
        )
    template = step.template
    step.delete()
    record_event(action="update", obj=template, actor=actor, summary="step removed")
