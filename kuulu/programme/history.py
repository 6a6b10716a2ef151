"""The history of an approved programme: every change to it after approval, field by field.

A draft is work in progress and keeps no history; from approval on, the services of
`structure.py` and `follow_up.py` call these functions inside their transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from kuulu.programme.models import (
    FollowUp,
    Goal,
    GoalIndicator,
    Measure,
    ParticipationProgramme,
    ProgrammeChange,
    ProgrammePerspective,
)

LANGUAGE_FIELDS = ("title", "description")

# The fields whose changes are kept, per part of the programme.
TRACKED: dict[type[models.Model], tuple[str, ...]] = {
    ParticipationProgramme: (
        "title_fi",
        "title_sv",
        "title_en",
        "description_fi",
        "description_sv",
        "description_en",
        "start_year",
        "end_year",
        "status",
        "approval_body",
        "approved_on",
        "minutes_url",
    ),
    ProgrammePerspective: ("title_fi", "title_sv", "title_en", "position"),
    Goal: (
        "perspective",
        "title_fi",
        "title_sv",
        "title_en",
        "description_fi",
        "description_sv",
        "description_en",
        "position",
    ),
    GoalIndicator: ("code", "baseline", "baseline_year", "target", "target_year"),
    Measure: (
        "goal",
        "title_fi",
        "title_sv",
        "title_en",
        "description_fi",
        "description_sv",
        "description_en",
        "responsible_unit",
        "responsible_person",
        "starts_on",
        "due_on",
        "hours",
        "status",
        "position",
    ),
    FollowUp: ("year", "quarter", "status", "note", "evidence_links"),
}

PART_NAMES = {
    ParticipationProgramme: "programme",
    ProgrammePerspective: "perspective",
    Goal: "goal",
    GoalIndicator: "indicator",
    Measure: "measure",
    FollowUp: "follow_up",
}


MODELS_BY_PART = {part: model for model, part in PART_NAMES.items()}


def _field_label(model: type[models.Model], name: str) -> Any:
    """What a form calls the field: "Title in Finnish" rather than the model's "title [fi]",
    and the related part's name for a link whose field has no name of its own."""
    from kuulu.programme.forms import LANGUAGE_LABELS

    if name in LANGUAGE_LABELS:
        return LANGUAGE_LABELS[name]
    field = model._meta.get_field(name)
    if field.is_relation and field.related_model is not None and field._verbose_name is None:
        return field.related_model._meta.verbose_name
    return field.verbose_name


def describe(
    changes: Iterable[ProgrammeChange], *, indicator_names: Mapping[str, str] | None = None
) -> None:
    """Set on each change what the history page shows for it, in the active language:
    `part_name`, `field_label`, `old_display` and `new_display`. The rows keep internal names
    (the part, the field, a choice's value, an indicator's code); they are translated here, at
    display time, so older rows read the same. An unknown name is shown as it is."""
    indicator_names = indicator_names or {}
    for change in changes:
        model = MODELS_BY_PART.get(change.object_type)
        change.part_name = model._meta.verbose_name if model else change.object_type
        change.field_label = change.field
        change.old_display, change.new_display = change.old_value, change.new_value
        if model is GoalIndicator and change.object_label in indicator_names:
            change.object_label = indicator_names[change.object_label]
        if model is None or not change.field:
            if model is GoalIndicator:
                change.old_display = indicator_names.get(change.old_value, change.old_value)
                change.new_display = indicator_names.get(change.new_value, change.new_value)
            continue
        try:
            field = model._meta.get_field(change.field)
        except FieldDoesNotExist:
            continue
        change.field_label = _field_label(model, change.field)
        if field.choices:
            labels = {str(value): label for value, label in field.flatchoices}
        elif model is GoalIndicator and change.field == "code":
            labels = dict(indicator_names)
        else:
            continue
        change.old_display = labels.get(change.old_value, change.old_value)
        change.new_display = labels.get(change.new_value, change.new_value)


def _display(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    if field.is_relation:
        related = getattr(obj, name)
        if related is None:
            return ""
        return getattr(related, "full_name", None) or str(related)
    value: Any = getattr(obj, name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def snapshot(obj: models.Model) -> dict[str, str]:
    """The tracked fields of a part as text, to compare before and after an edit."""
    return {name: _display(obj, name) for name in TRACKED[type(obj)]}


def _label(obj: models.Model) -> str:
    limit = ProgrammeChange._meta.get_field("object_label").max_length
    if isinstance(obj, FollowUp):
        # The quarter stays whole; a measure's title may take the whole column by itself.
        quarter = f" {obj.label}"
        return f"{obj.measure.title_fi[: limit - len(quarter)]}{quarter}"
    return str(getattr(obj, "title_fi", None) or obj)[:limit]


def _approved(programme: ParticipationProgramme) -> bool:
    """Read from the database: a caller may hold a copy loaded before the approval."""
    return ParticipationProgramme.objects.filter(
        pk=programme.pk, status=ParticipationProgramme.Status.APPROVED
    ).exists()


def record_update(
    *,
    programme: ParticipationProgramme,
    obj: models.Model,
    before: dict[str, str],
    user: Any = None,
) -> list[ProgrammeChange]:
    """One change row per tracked field that differs from `before`, if the programme is
    approved. Returns the rows written."""
    if not _approved(programme):
        return []
    after = snapshot(obj)
    rows = [
        ProgrammeChange(
            programme=programme,
            changed_by=_user(user),
            action=ProgrammeChange.Action.UPDATE,
            object_type=PART_NAMES[type(obj)],
            object_id=obj.pk,
            object_label=_label(obj),
            field=name,
            old_value=before.get(name, ""),
            new_value=value,
        )
        for name, value in after.items()
        if before.get(name, "") != value
    ]
    return ProgrammeChange.objects.bulk_create(rows)


def record_created(
    *, programme: ParticipationProgramme, obj: models.Model, user: Any = None
) -> ProgrammeChange | None:
    if not _approved(programme):
        return None
    return ProgrammeChange.objects.create(
        programme=programme,
        changed_by=_user(user),
        action=ProgrammeChange.Action.CREATE,
        object_type=PART_NAMES[type(obj)],
        object_id=obj.pk,
        object_label=_label(obj),
        new_value=_label(obj),
    )


def record_removed(
    *, programme: ParticipationProgramme, obj: models.Model, object_id: int, user: Any = None
) -> ProgrammeChange | None:
    if not _approved(programme):
        return None
    return ProgrammeChange.objects.create(
        programme=programme,
        changed_by=_user(user),
        action=ProgrammeChange.Action.DELETE,
        object_type=PART_NAMES[type(obj)],
        object_id=object_id,
        object_label=_label(obj),
        old_value=_label(obj),
    )


def _user(user: Any) -> Any:
    return user if user is not None and getattr(user, "is_authenticated", False) else None
