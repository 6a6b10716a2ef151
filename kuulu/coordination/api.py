"""Coordination model endpoints: the public "who coordinates what"."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.coordination import selectors
from kuulu.organisation.selectors import default_county

router = Router(tags=["coordination"])


class TaskOut(Schema):
    id: int
    title: str
    status: str
    responsible_unit_id: int | None
    responsible_unit: str | None
    responsible_person: str | None


class AreaOut(Schema):
    id: int
    number: int
    title: str
    tasks: list[TaskOut]


@router.get("/coordination/areas", response=list[AreaOut], auth=None)
def list_areas(request: HttpRequest) -> list[dict]:
    return [
        {
            "id": area.pk,
            "number": area.number,
            "title": area.title,
            "tasks": [
                {
                    "id": task.pk,
                    "title": task.title,
                    "status": task.status,
                    "responsible_unit_id": task.responsible_unit_id,
                    "responsible_unit": task.responsible_unit.name
                    if task.responsible_unit
                    else None,
                    "responsible_person": task.responsible_person.full_name
                    if task.responsible_person and task.responsible_person.is_active
                    else None,
                }
                for task in area.tasks.all()
            ],
        }
        for area in selectors.coordination_model(county=default_county())
    ]
