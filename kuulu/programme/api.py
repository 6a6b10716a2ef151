"""The programme part of the JSON API (/api/v1/programme/): approved programmes and their tree
with progress. Public, like the portal page: responsible units are named, people are not."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from kuulu.organisation.selectors import default_county
from kuulu.programme import selectors

router = Router(tags=["programme"])


class ProgrammeOut(Schema):
    id: int
    title: str
    start_year: int
    end_year: int
    status: str
    approval_body: str
    approved_on: date | None
    minutes_url: str


class FollowUpOut(Schema):
    year: int
    quarter: int
    status: str
    note: str
    links: list[str]


class MeasureOut(Schema):
    id: int
    title: str
    status: str
    responsible_unit: str
    starts_on: date | None
    due_on: date | None
    hours: int | None
    needs_follow_up: bool
    follow_ups: list[FollowUpOut]


class IndicatorOut(Schema):
    code: str
    baseline: float | None
    baseline_year: int | None
    target: float
    target_year: int


class GoalOut(Schema):
    id: int
    title: str
    description: str
    indicators: list[IndicatorOut]
    measures: list[MeasureOut]


class PerspectiveOut(Schema):
    id: int
    kind: str
    title: str
    goals: list[GoalOut]


class TreeOut(ProgrammeOut):
    description: str
    measure_count: int
    measures_by_status: dict[str, int]
    needs_follow_up: int
    perspectives: list[PerspectiveOut]


def _county_id() -> int:
    county = default_county()
    if county is None:
        raise Http404
    return county.pk


def _programme(p) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": p.pk,
        "title": p.title,
        "start_year": p.start_year,
        "end_year": p.end_year,
        "status": p.status,
        "approval_body": p.approval_body,
        "approved_on": p.approved_on,
        "minutes_url": p.minutes_url,
    }


def _tree(summary: selectors.ProgrammeSummary) -> dict:
    return {
        "id": summary.programme_id,
        "title": summary.title,
        "description": summary.description,
        "start_year": summary.start_year,
        "end_year": summary.end_year,
        "status": summary.status,
        "approval_body": summary.approval_body,
        "approved_on": summary.approved_on,
        "minutes_url": summary.minutes_url,
        "measure_count": summary.measure_count,
        "measures_by_status": summary.measures_by_status,
        "needs_follow_up": summary.needs_follow_up,
        "perspectives": [
            {
                "id": p.id,
                "kind": p.kind,
                "title": p.title,
                "goals": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "description": g.description,
                        "indicators": [
                            {
                                "code": t.code,
                                "baseline": t.baseline,
                                "baseline_year": t.baseline_year,
                                "target": t.target,
                                "target_year": t.target_year,
                            }
                            for t in g.indicators
                        ],
                        "measures": [
                            {
                                "id": m.id,
                                "title": m.title,
                                "status": m.status,
                                "responsible_unit": m.responsible_unit,
                                "starts_on": m.starts_on,
                                "due_on": m.due_on,
                                "hours": m.hours,
                                "needs_follow_up": m.needs_follow_up,
                                "follow_ups": [
                                    {
                                        "year": f.year,
                                        "quarter": f.quarter,
                                        "status": f.status,
                                        "note": f.note,
                                        "links": list(f.links),
                                    }
                                    for f in m.follow_ups
                                ],
                            }
                            for m in g.measures
                        ],
                    }
                    for g in p.goals
                ],
            }
            for p in summary.perspectives
        ],
    }


@router.get("", response=list[ProgrammeOut], auth=None)
def list_programmes(request: HttpRequest) -> list[dict]:
    """The county's approved participation programmes, newest first. Public."""
    return [
        _programme(p)
        for p in selectors.programmes_for_county(county_id=_county_id())
        if p.is_approved
    ]


@router.get("/current", response=TreeOut, auth=None)
def current(request: HttpRequest) -> dict:
    """The current approved programme with its perspectives, goals, indicator targets, measures
    and follow-ups. Public; 404 when no programme has been approved."""
    programme = selectors.current_programme(county_id=_county_id(), approved_only=True)
    if programme is None:
        raise Http404
    return _tree(selectors.summary_of(programme, today=timezone.localdate()))


@router.get("/{programme_id}", response=TreeOut, auth=None)
def programme_tree(request: HttpRequest, programme_id: int) -> dict:
    """An approved programme's tree. Public; drafts are not shown (404)."""
    programme = selectors.approved_programme(county_id=_county_id(), programme_id=programme_id)
    if programme is None:
        raise Http404
    return _tree(selectors.summary_of(programme, today=timezone.localdate()))
