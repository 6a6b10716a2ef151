"""Test data for assessments and dialogues, built with the app's own services."""

from __future__ import annotations

from typing import Any

from kuulu.assessments import dialogues, services
from kuulu.assessments.models import Assessment, AssessmentTemplate, Dialogue
from kuulu.organisation.models import Person


def template(county: Any, kind: str = "children") -> AssessmentTemplate:
    services.ensure_templates(county=county)
    return AssessmentTemplate.objects.get(county=county, kind=kind)


def make_assessment(owner: Person, kind: str = "children", **fields: Any) -> Assessment:
    fields.setdefault("title", "Koulukuljetusten muutos")
    return services.start_assessment(template=template(owner.county, kind), owner=owner, **fields)


def fill_required(assessment: Assessment) -> None:
    for step in assessment.template.steps.filter(is_required=True):
        if step.kind == "matrix":
            services.save_answer(
                assessment=assessment,
                step=step,
                matrix={"options": ["A"], "groups": ["Lapset"], "cells": {"0-0": "Hyvä"}},
            )
        else:
            services.save_answer(assessment=assessment, step=step, text=f"Vastaus {step.pk}")


def make_dialogue(facilitator: Person, **fields: Any) -> Dialogue:
    fields.setdefault("theme", "Yksinäisyys")
    fields.setdefault("invitation", "Tervetuloa keskustelemaan.")
    return dialogues.plan_dialogue(county=facilitator.county, facilitator=facilitator, **fields)
