"""Who may do what with impact assessments and Erätauko dialogues.

- Everyone: published assessments, announced and published dialogues (masked texts only).
- Staff of the county: starting an assessment (they own it) and planning a dialogue.
- An assessment's owner, its collaborators, the manager of its unit's subtree and the
  coordinators: editing its steps, decision draft and requests for children's views, and
  completing it. Publishing and choosing collaborators: the owner, the manager and coordinators.
- A dialogue's facilitator, its planner, the manager of its unit's subtree and coordinators:
  planning, running (notes) and publishing it. Reading unpublished notes is audit-logged.
- Coordinators: the templates and the requests for children's views waiting to be set up.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from kuulu.assessments.models import Assessment, AssessmentTemplate, Dialogue, ViewsRequest
from kuulu.organisation.access import Actor, actor_for, same_county

# The workspace module entry (kuulu/workspace/access.py): every staff member may use the app.
MODULE_TITLE = _("Impact assessments and dialogues")
MODULE_DESCRIPTION = _(
    "Children's and other impact assessments step by step, and Erätauko dialogues."
)


def _county_staff(actor: Actor, county_id: int | None) -> bool:
    return actor.is_staff and same_county(actor, county_id)


def can_start(user: Any) -> bool:
    """Starting needs a staff person record: the person becomes the owner or facilitator."""
    actor = actor_for(user)
    return actor.is_staff and actor.person_id is not None and actor.county_id is not None


def can_lead_assessment(user: Any, assessment: Assessment) -> bool:
    actor = actor_for(user)
    if not _county_staff(actor, assessment.county_id):
        return False
    if actor.is_coordinator or actor.person_id == assessment.owner_id:
        return True
    return assessment.unit is not None and actor.manages(assessment.unit)


def can_edit_assessment(user: Any, assessment: Assessment) -> bool:
    if can_lead_assessment(user, assessment):
        return True
    actor = actor_for(user)
    return (
        _county_staff(actor, assessment.county_id)
        and actor.person_id is not None
        and assessment.collaborators.filter(pk=actor.person_id).exists()
    )


def can_keep_templates(user: Any, county_id: int | None = None) -> bool:
    actor = actor_for(user)
    return actor.is_coordinator and same_county(actor, county_id)


def can_run_dialogue(user: Any, dialogue: Dialogue) -> bool:
    actor = actor_for(user)
    if not _county_staff(actor, dialogue.county_id):
        return False
    if actor.is_coordinator or actor.person_id in (dialogue.facilitator_id, dialogue.created_by_id):
        return True
    return dialogue.unit is not None and actor.manages(dialogue.unit)


def access_assessment_for_editor(user: Any, assessment_id: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("template", "unit", "owner"), pk=assessment_id
    )
    if not can_edit_assessment(user, assessment):
        raise PermissionDenied
    return assessment


def access_assessment_for_lead(user: Any, assessment_id: int) -> Assessment:
    assessment = access_assessment_for_editor(user, assessment_id)
    if not can_lead_assessment(user, assessment):
        raise PermissionDenied
    return assessment


def access_assessment_for_public(user: Any, assessment_id: int) -> Assessment:
    assessment = get_object_or_404(
        Assessment.objects.select_related("template", "unit"), pk=assessment_id
    )
    if not assessment.is_published:
        raise Http404
    return assessment


def access_template_for_coordinator(user: Any, template_id: int) -> AssessmentTemplate:
    template = get_object_or_404(AssessmentTemplate, pk=template_id)
    if not can_keep_templates(user, template.county_id):
        raise PermissionDenied
    return template


def access_request_for_coordinator(user: Any, request_id: int) -> ViewsRequest:
    views_request = get_object_or_404(
        ViewsRequest.objects.select_related("assessment"), pk=request_id
    )
    if not can_keep_templates(user, views_request.assessment.county_id):
        raise PermissionDenied
    return views_request


def access_dialogue_for_facilitator(user: Any, dialogue_id: int) -> Dialogue:
    dialogue = get_object_or_404(
        Dialogue.objects.select_related("unit", "facilitator"), pk=dialogue_id
    )
    if not can_run_dialogue(user, dialogue):
        raise PermissionDenied
    return dialogue


def access_dialogue_for_public(user: Any, dialogue_id: int) -> Dialogue:
    dialogue = get_object_or_404(Dialogue, pk=dialogue_id)
    if dialogue.is_published or dialogue.is_announced:
        return dialogue
    raise Http404
