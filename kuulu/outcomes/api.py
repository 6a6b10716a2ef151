"""The outcomes part of the JSON API (/api/v1/outcomes/): published outcomes only, with their
inputs as the public pages show them (masked or aggregated)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from kuulu.organisation.models import Unit
from kuulu.organisation.selectors import default_county
from kuulu.outcomes import access, selectors
from kuulu.outcomes.models import Outcome, Status

router = Router(tags=["outcomes"])

MAX_LIMIT = 500
MAX_OFFSET = 2_147_483_647  # beyond it the database refuses the OFFSET: a 422 instead of a 500


class UnitOut(Schema):
    code: str
    name: str


class InputOut(Schema):
    kind: str
    kind_name: str
    removed: bool
    summary: str | None


class OutcomeOut(Schema):
    id: int
    title: str
    description: str
    status: str
    status_name: str
    not_done_reason: str
    progress: int
    decided_by: str
    decided_on: date | None
    decision_url: str
    follow_up_due: date | None
    published_at: datetime | None
    units: list[UnitOut]
    input_count: int


class OutcomeDetailOut(OutcomeOut):
    inputs: list[InputOut]
    inputs_not_public: int


def _outcome(o: Outcome, input_count: int) -> dict:
    return {
        "id": o.pk,
        "title": o.title,
        "description": o.description or "",
        "status": o.status,
        "status_name": str(o.get_status_display()),
        "not_done_reason": (o.not_done_reason or "") if o.status == Status.NOT_DONE else "",
        "progress": o.progress,
        "decided_by": o.decided_by,
        "decided_on": o.decided_on,
        "decision_url": o.decision_url,
        "follow_up_due": o.follow_up_due,
        "published_at": o.published_at,
        "units": [{"code": u.code, "name": u.name} for u in o.units.all()],
        "input_count": input_count,
    }


@router.get("", response=list[OutcomeOut])
def list_outcomes(
    request: HttpRequest,
    unit: str = "",
    status: str = "",
    limit: int = Query(100, ge=1),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> list[dict]:
    """Published outcomes, newest first; filter by unit code (its subtree) and status. At most
    `limit` (and never more than 500) from `offset` on; a limit below 1 or a negative offset is
    a validation error (422)."""
    county = default_county()
    if county is None or "\x00" in unit:  # no code holds NUL, and PostgreSQL cannot compare it
        return []
    unit_obj = Unit.objects.filter(county=county, code=unit).first() if unit else None
    if unit and unit_obj is None:
        return []
    qs = selectors.public_outcomes(
        county_id=county.pk, unit=unit_obj, status=status if status in Status.values else ""
    ).order_by("-published_at", "-id")
    limit = min(limit, MAX_LIMIT)
    return [_outcome(o, o.input_count) for o in qs[offset : offset + limit]]


@router.get("/{outcome_id}", response=OutcomeDetailOut)
def get_outcome(request: HttpRequest, outcome_id: int) -> dict:
    outcome = access.access_outcome_for_public(outcome_id)
    inputs = selectors.public_inputs(outcome)
    data = _outcome(outcome, len(inputs.rows) + inputs.hidden)
    data["inputs"] = [
        {
            "kind": row.link.kind,
            "kind_name": row.kind_name,
            "removed": row.removed,
            "summary": None if row.removed else row.public_text,
        }
        for row in inputs.rows
    ]
    data["inputs_not_public"] = inputs.hidden
    return data
