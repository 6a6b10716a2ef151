"""Writes to the coordination model."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kuulu.coordination.models import CoordinationArea, CoordinationTask
from kuulu.core.audit import record_event
from kuulu.organisation.models import County, Person, Unit
from kuulu.portal.services import invalidate_front_page

TASK_FIELDS = {
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
    "status",
    "responsible_unit",
    "responsible_person",
    "order",
}


def _check_task(task: CoordinationTask, county_id: int) -> None:
    errors: dict[str, str] = {}
    if task.status != CoordinationTask.Status.NOT_AGREED and not (
        task.responsible_unit_id or task.responsible_person_id
    ):
        errors["status"] = _("Name a responsible unit or person before marking the task agreed.")
    if task.responsible_unit_id and task.responsible_unit.county_id != county_id:
        errors["responsible_unit"] = _("The unit belongs to another county.")
    if task.responsible_person_id:
        person = task.responsible_person
        if (
            person.county_id != county_id
            or person.kind != Person.Kind.STAFF
            or not person.is_active
        ):
            errors["responsible_person"] = _(
                "The responsible person must be an active staff member."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_area(
    *, county: County, number: int, actor: Any = None, **fields: str
) -> CoordinationArea:
    area = CoordinationArea.objects.create(county=county, number=number, **fields)
    record_event(action="create", obj=area, actor=actor)
    transaction.on_commit(invalidate_front_page)
    return area


@transaction.atomic
def create_task(
    *,
    area: CoordinationArea,
    actor: Any = None,
    status: str = CoordinationTask.Status.NOT_AGREED,
    responsible_unit: Unit | None = None,
    responsible_person: Person | None = None,
    order: int | None = None,
    request: Any = None,
    **fields: str,
) -> CoordinationTask:
    """Add a task to the area, last unless `order` is given. A task of the same Finnish title
    is refused: a double-clicked "Save" posted the form twice and made the task twice. The
    area's row is locked so parallel additions are checked (and numbered) one at a time."""
    area = CoordinationArea.objects.select_for_update().get(pk=area.pk)
    title = (fields.get("title_fi") or "").strip()
    if title and area.tasks.filter(title_fi__iexact=title).exists():
        raise ValidationError(
            {"title_fi": _("The area already has a task with this title.")}, code="duplicate"
        )
    if order is None:
        order = area.tasks.count()
    task = CoordinationTask(
        area=area,
        status=status,
        responsible_unit=responsible_unit,
        responsible_person=responsible_person,
        order=order,
        **fields,
    )
    _check_task(task, area.county_id)
    task.save()
    record_event(action="create", obj=task, actor=actor, request=request)
    transaction.on_commit(invalidate_front_page)
    return task


@transaction.atomic
def update_task(
    *, task: CoordinationTask, data: dict[str, Any], actor: Any = None, request: Any = None
) -> CoordinationTask:
    unknown = set(data) - TASK_FIELDS
    if unknown:
        raise ValidationError(
            _("Unknown field: %(field)s.") % {"field": ", ".join(sorted(unknown))}
        )
    task = CoordinationTask.objects.select_for_update().select_related("area").get(pk=task.pk)
    changed = [name for name, value in data.items() if getattr(task, name) != value]
    for name in changed:
        setattr(task, name, data[name])
    if changed:
        _check_task(task, task.area.county_id)
        task.save(update_fields=[*changed, "updated_at"])
        record_event(
            action="update", obj=task, actor=actor, request=request, changed_fields=changed
        )
        transaction.on_commit(invalidate_front_page)
    return task
