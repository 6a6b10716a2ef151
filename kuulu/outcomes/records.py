"""Writing outcomes and their progress history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.core.dates import year_in_range, year_out_of_range_message
from kuulu.organisation.models import County, Unit
from kuulu.outcomes.models import Outcome, ProgressUpdate, Status

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ("title", "description", "not_done_reason")
PLAIN = ("decided_by", "decided_on", "decision_url", "status", "progress", "follow_up_due")


def _check(data: dict[str, Any], units: list[Unit], county: County) -> None:
    errors: dict[str, str] = {}
    if not (data.get("title_fi") or "").strip():
        errors["title_fi"] = _("Write what was decided or changed, at least in Finnish.")
    progress = data.get("progress")
    if progress is not None and not 0 <= int(progress) <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    status = data.get("status") or Status.PLANNED
    if status not in Status.values:
        errors["status"] = _("Choose a status.")
    reason = any((data.get(f"not_done_reason_{code}") or "").strip() for code in LANGUAGE_CODES)
    if status == Status.NOT_DONE and not reason:
        errors["not_done_reason_fi"] = _("Tell why it was not done.")
    if any(unit.county_id != county.pk for unit in units):
        errors["units"] = _("Choose units of your own county.")
    for name in ("decided_on", "follow_up_due"):
        if isinstance(data.get(name), date) and not year_in_range(data[name]):
            errors[name] = year_out_of_range_message()
    if errors:
        raise ValidationError(errors)


def _apply(outcome: Outcome, data: dict[str, Any]) -> list[str]:
    if str(data.get("status", outcome.status)).strip() == Status.DONE:
        data = {**data, "progress": 100}  # done means 100 %, whatever the form said
    changed = []
    for field in TRANSLATED:
        for code in LANGUAGE_CODES:
            name = f"{field}_{code}"
            if name in data:
                value = (data[name] or "").strip()
                if getattr(outcome, name) != value:
                    setattr(outcome, name, value)
                    changed.append(name)
    for field in PLAIN:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            if field in ("decided_on", "follow_up_due") and value == "":
                value = None
            if field == "progress":
                value = int(value or 0)
            if getattr(outcome, field) != value:
                setattr(outcome, field, value)
                changed.append(field)
    return changed


@transaction.atomic
def create_outcome(
    *,
    county: County,
    data: dict[str, Any],
    units: list[Unit],
    today: date,
    actor: Any = None,
    request: Any = None,
) -> Outcome:
    """A new outcome; its first progress entry records where it starts."""
    _check(data, units, county)
    outcome = Outcome(county=county, created_by=actor if _is_user(actor) else None)
    _apply(outcome, data)
    outcome.save()
    outcome.units.set(units)
    ProgressUpdate.objects.create(
        outcome=outcome,
        status=outcome.status,
        progress=outcome.progress,
        recorded_on=today,
        recorded_by=actor if _is_user(actor) else None,
    )
    record_event(action="create", obj=outcome, actor=actor, request=request)
    return outcome


@transaction.atomic
def update_outcome(
    *,
    outcome: Outcome,
    data: dict[str, Any],
    units: list[Unit],
    today: date,
    actor: Any = None,
    request: Any = None,
) -> Outcome:
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    _check(data, units, outcome.county)
    old = (outcome.status, outcome.progress)
    changed = _apply(outcome, data)
    outcome.save()
    if {u.pk for u in outcome.units.all()} != {u.pk for u in units}:
        outcome.units.set(units)
        changed.append("units")
    if (outcome.status, outcome.progress) != old:
        ProgressUpdate.objects.create(
            outcome=outcome,
            status=outcome.status,
            progress=outcome.progress,
            recorded_on=today,
            recorded_by=actor if _is_user(actor) else None,
        )
    record_event(action="update", obj=outcome, actor=actor, request=request, changed_fields=changed)
    return outcome


@transaction.atomic
def record_progress(
    *,
    outcome: Outcome,
    status: str,
    progress: int,
    note: str = "",
    not_done_reason: str = "",
    today: date,
    actor: Any = None,
    request: Any = None,
) -> ProgressUpdate:
    """A progress entry: the outcome takes the new status and percentage, the history keeps
    every entry. "Not done" needs a reason; "done" means 100 %."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    errors: dict[str, str] = {}
    if status not in Status.values:
        errors["status"] = _("Choose a status.")
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    reason = not_done_reason.strip() or outcome.not_done_reason
    if status == Status.NOT_DONE and not reason:
        errors["not_done_reason"] = _("Tell why it was not done.")
    if errors:
        raise ValidationError(errors)
    if status == Status.DONE:
        progress = 100
    outcome.status = status
    outcome.progress = progress
    fields = ["status", "progress", "updated_at"]
    if status == Status.NOT_DONE and not_done_reason.strip():
        outcome.not_done_reason = not_done_reason.strip()
        fields.append("not_done_reason")
        from django.utils.translation import get_language

        code = (get_language() or "fi")[:2]
        if code in LANGUAGE_CODES:
            setattr(outcome, f"not_done_reason_{code}", not_done_reason.strip())
            fields.append(f"not_done_reason_{code}")
    outcome.save(update_fields=fields)
    update = ProgressUpdate.objects.create(
        outcome=outcome,
        status=status,
        progress=progress,
        note=note.strip(),
        recorded_on=today,
        recorded_by=actor if _is_user(actor) else None,
    )
    record_event(
        action="update",
        obj=outcome,
        actor=actor,
        request=request,
        summary="progress",
        changed_fields=["status", "progress"],
    )
    return update


@transaction.atomic
def delete_outcome(*, outcome: Outcome, actor: Any = None, request: Any = None) -> None:
    record_event(action="delete", obj=outcome, actor=actor, request=request)
    outcome.delete()


def _is_user(actor: Any) -> bool:
    return bool(getattr(actor, "is_authenticated", False))
