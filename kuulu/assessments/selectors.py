"""Reads of impact assessments and dialogues."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from kuulu.assessments.models import (
    Assessment,
    Dialogue,
    StepAnswer,
    TemplateStep,
    ViewsRequest,
)
from kuulu.assessments.services import answer_is_done
from kuulu.organisation.access import Actor


@dataclass(frozen=True)
class StepState:
    step: TemplateStep
    answer: StepAnswer | None
    done: bool


def step_states(assessment: Assessment) -> list[StepState]:
    answers = {a.step_id: a for a in assessment.answers.all()}
    return [
        StepState(
            step=step, answer=answers.get(step.pk), done=answer_is_done(step, answers.get(step.pk))
        )
        for step in assessment.template.steps.all()
    ]


def assessments_for(actor: Actor) -> QuerySet[Assessment]:
    """The assessments the actor works on: all of the county for coordinators; otherwise own,
    collaborated on, or of a unit in the manager's subtree."""
    qs = Assessment.objects.filter(county_id=actor.county_id).select_related("template", "unit")
    if actor.is_coordinator:
        return qs
    condition = Q(owner_id=actor.person_id) | Q(collaborators__id=actor.person_id)
    if actor.is_manager and actor.unit_path:
        condition |= Q(unit__path__startswith=actor.unit_path)
    return qs.filter(condition).distinct()


def dialogues_for(actor: Actor) -> QuerySet[Dialogue]:
    qs = Dialogue.objects.filter(county_id=actor.county_id).select_related("facilitator")
    if actor.is_coordinator:
        return qs
    condition = Q(facilitator_id=actor.person_id) | Q(created_by_id=actor.person_id)
    if actor.is_manager and actor.unit_path:
        condition |= Q(unit__path__startswith=actor.unit_path)
    return qs.filter(condition)


def published_assessments() -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(published_at__isnull=False)
        .select_related("template")
        .order_by("-published_at")
    )


def public_dialogues() -> QuerySet[Dialogue]:
    return Dialogue.objects.filter(Q(published_at__isnull=False) | Q(is_announced=True)).order_by(
        "-starts_at", "-pk"
    )


def open_views_requests(county_id: int | None) -> QuerySet[ViewsRequest]:
    qs = ViewsRequest.objects.filter(status=ViewsRequest.Status.OPEN).select_related("assessment")
    if county_id is not None:
        qs = qs.filter(assessment__county_id=county_id)
    return qs
