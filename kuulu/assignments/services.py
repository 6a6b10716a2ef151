"""Writes for mandatory training: assigning, withdrawing, recording team completions and
claiming reminders. Emails go out from the task worker after commit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.assignments.models import Assignment, TeamCompletion
from kuulu.assignments.selectors import covers
from kuulu.core.audit import record_event
from kuulu.events.models import Event
from kuulu.learning.models import Course
from kuulu.organisation.models import County, Person, Unit

MAX_REMINDER_DAYS = 90


def _send(assignment: Assignment, kind: str) -> None:
    from kuulu.assignments.tasks import send_assignment_emails

    transaction.on_commit(
        partial(send_assignment_emails.enqueue, assignment_id=assignment.pk, kind=kind)
    )


@transaction.atomic
def create_assignment(
    *,
    county: County,
    course: Course | None = None,
    event: Event | None = None,
    units: Sequence[Unit] = (),
    managers_only: bool = False,
    due_on: date,
    remind_days_before: int = 7,
    note: str = "",
    actor: Any = None,
    request: Any = None,
) -> Assignment:
    """Assign a published course or event to staff, and tell them by email."""
    errors: dict[str, str] = {}
    if (course is None) == (event is None):
        errors["course"] = _("Choose either a course or an event.")
    if course is not None and (
        course.status != Course.Status.PUBLISHED or course.county_id != county.pk
    ):
        errors["course"] = _("Only a published course can be assigned.")
    if event is not None and (
        event.status != Event.Status.PUBLISHED or event.county_id != county.pk
    ):
        errors["event"] = _("Only a published event can be assigned.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    if not 0 <= remind_days_before <= MAX_REMINDER_DAYS:
        errors["remind_days_before"] = _("Give a number of days from 0 to %(max)d.") % {
            "max": MAX_REMINDER_DAYS
        }
    if any(unit.county_id != county.pk for unit in units):
        errors["units"] = _("Choose units of this county.")
    if errors:
        raise ValidationError(errors)
    note = note.strip()
    # A double-clicked "Assign" (or the form sent again) is the assignment already made: a
    # second one would email everyone again and list the training twice. Assignments of a
    # county are made one at a time under its row lock, so two requests at once see each other.
    County.objects.select_for_update().filter(pk=county.pk).values_list("pk").first()
    unit_ids = {unit.pk for unit in units}
    for existing in Assignment.objects.filter(
        county=county,
        course=course,
        event=event,
        managers_only=managers_only,
        due_on=due_on,
        note=note,
        status=Assignment.Status.ACTIVE,
    ).prefetch_related("units"):
        if {unit.pk for unit in existing.units.all()} == unit_ids:
            return existing
    assignment = Assignment.objects.create(
        county=county,
        course=course,
        event=event,
        managers_only=managers_only,
        due_on=due_on,
        remind_days_before=remind_days_before,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assignment.units.set(units)
    record_event(action="create", obj=assignment, actor=actor, request=request)
    _send(assignment, "assigned")
    return assignment


@transaction.atomic
def withdraw_assignment(*, assignment: Assignment, actor: Any = None, request: Any = None) -> None:
    updated = Assignment.objects.filter(pk=assignment.pk, status=Assignment.Status.ACTIVE).update(
        status=Assignment.Status.WITHDRAWN, updated_at=timezone.now()
    )
    if updated:
        assignment.status = Assignment.Status.WITHDRAWN
        record_event(
            action="update",
            obj=assignment,
            actor=actor,
            request=request,
            summary="withdrawn",
            changed_fields=["status"],
        )


@transaction.atomic
def record_team_completion(
    *,
    assignment: Assignment,
    unit: Unit,
    completed_on: date,
    participants: Sequence[Person],
    note: str = "",
    actor: Any = None,
    request: Any = None,
) -> TeamCompletion:
    """A manager records that a team completed the assignment together. Every participant
    must belong to the team (its subtree) and be covered by the assignment."""
    errors: dict[str, Any] = {}
    if assignment.status != Assignment.Status.ACTIVE:
        errors["__all__"] = _("This assignment has been withdrawn.")
    if completed_on > timezone.localdate():
        errors["completed_on"] = _("The date cannot be in the future.")
    if not participants:
        errors["participants"] = _("Tick at least one person who took part.")
    outsiders = [
        p
        for p in participants
        if p.unit is None or not p.unit.path.startswith(unit.path) or not covers(assignment, p)
    ]
    if outsiders:
        errors["participants"] = _(
            "Only people of this team who have the assignment can be marked as participants."
        )
    if errors:
        raise ValidationError(errors)
    completion = TeamCompletion.objects.create(
        assignment=assignment,
        unit=unit,
        completed_on=completed_on,
        note=note.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    completion.participants.set(participants)
    record_event(
        action="create",
        obj=completion,
        actor=actor,
        request=request,
        summary=f"team completion, {len(participants)} participants",
    )
    return completion


def send_due_reminders(*, today: date | None = None) -> int:
    """Claim every active assignment whose reminder day has come and queue its reminders.
    The claim is a conditional UPDATE, so parallel runs never remind twice."""
    today = today or timezone.localdate()
    claimed = 0
    candidates = Assignment.objects.filter(
        status=Assignment.Status.ACTIVE, reminder_sent_at__isnull=True, due_on__gte=today
    ).values_list("pk", "due_on", "remind_days_before")
    for pk, due_on, days in list(candidates):
        if due_on - timedelta(days=days) > today:
            continue
        with transaction.atomic():
            if Assignment.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            ):
                claimed += 1
                _send(Assignment(pk=pk), "reminder")
    return claimed
