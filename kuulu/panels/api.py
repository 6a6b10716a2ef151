"""Panels API: public panels with their stage and, after the draw, the number of members per
stratum answer. No personal data."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema

from kuulu.panels import access, selectors

router = Router(tags=["panels"])


class CountOut(Schema):
    answer: str
    # null for groups of 1 to 4 people, and for the smallest other groups of the stratum
    # when those alone could be worked out from the seats
    count: int | None


class StratumOut(Schema):
    stratum: str
    counts: list[CountOut]


class PanelOut(Schema):
    id: int
    title: str
    description: str
    status: str
    seats: int
    invited: int
    volunteer_deadline: date | None
    statement: str
    statement_date: date | None
    response: str
    response_by: str
    response_date: date | None
    composition: list[StratumOut]


def _panel(panel) -> dict:  # type: ignore[no-untyped-def]
    record = getattr(panel, "draw", None)
    composition = []
    if record is not None:
        for stratum in panel.strata.all():
            counts = record.counts.get(stratum.key, {})
            values = [value for value in stratum.choices if value in counts]
            hidden = selectors.hidden_values(counts, values)
            composition.append(
                {
                    "stratum": stratum.key,
                    "counts": [
                        {"answer": value, "count": None if value in hidden else counts[value]}
                        for value in values
                    ],
                }
            )
    return {
        "id": panel.pk,
        "title": panel.title,
        "description": panel.description,
        "status": panel.status,
        "seats": panel.seats,
        "invited": panel.invited_count,
        "volunteer_deadline": panel.volunteer_deadline,
        "statement": panel.statement,
        "statement_date": panel.statement_date,
        "response": panel.response,
        "response_by": panel.response_by,
        "response_date": panel.response_date,
        "composition": composition,
    }


@router.get("", response=list[PanelOut])
def list_panels(request: HttpRequest) -> list[dict]:
    """Panels past planning, newest first."""
    return [_panel(p) for p in selectors.public_panels().prefetch_related("strata")]


@router.get("/{panel_id}", response=PanelOut)
def get_panel(request: HttpRequest, panel_id: int) -> dict:
    panel = access.access_panel_for_public(None, panel_id)
    return _panel(panel)
