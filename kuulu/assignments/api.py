"""Mandatory training API: assignments with completion figures, for coordinators and managers
(a manager's figures cover their own units only). Token authentication."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.assignments import access, selectors
from kuulu.integrations.auth import TokenAuth

router = Router(tags=["assignments"])


class TallyOut(Schema):
    key: str
    assigned: int
    done: int
    overdue: int
    percent_done: int


class AssignmentOut(Schema):
    id: int
    title: str
    course_id: int | None
    event_id: int | None
    due_on: date
    managers_only: bool
    status: str
    total: TallyOut


class CompletionOut(AssignmentOut):
    by_unit: list[TallyOut]
    by_role: list[TallyOut]


def _tally(tally, key: str) -> dict:  # type: ignore[no-untyped-def]
    return {
        "key": key,
        "assigned": tally.assigned,
        "done": tally.done,
        "overdue": tally.overdue,
        "percent_done": tally.percent_done,
    }


def _assignment(assignment, total) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": assignment.pk,
        "title": assignment.title,
        "course_id": assignment.course_id,
        "event_id": assignment.event_id,
        "due_on": assignment.due_on,
        "managers_only": assignment.managers_only,
        "status": assignment.status,
        "total": _tally(total, "all"),
    }


@router.get("", response=list[AssignmentOut], auth=TokenAuth())
def list_assignments(request: HttpRequest) -> list[dict]:
    actor = access.require_follower(request.user)
    scope = access.report_scope(actor)
    assignments = list(selectors.visible_assignments(actor))
    totals = selectors.assignment_totals(assignments, scope=scope)
    return [_assignment(a, totals[a.pk]) for a in assignments]


@router.get("/{assignment_id}/completion", response=CompletionOut, auth=TokenAuth())
def completion(request: HttpRequest, assignment_id: int) -> dict:
    """Completion within the caller's scope, by the top units of that scope and by role."""
    assignment, actor = access.access_assignment_for_follower(request.user, assignment_id)
    report = selectors.assignment_report(assignment, scope=access.report_scope(actor))
    return {
        **_assignment(assignment, report.total),
        "by_unit": [_tally(r.tally, r.unit.code) for r in report.by_unit],
        "by_role": [_tally(t, str(t.key)) for t in report.by_role],
    }
