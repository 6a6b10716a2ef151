"""Participatory budgeting API: published processes, budgets with their plans, results (never
while voting is open), and casting a ballot with a one-time voting code (for kiosks and mail-in
apps). No personal data."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from kuulu.budgeting import access, ballots, processes, results, selectors, voters
from kuulu.budgeting.models import Budget, Process
from kuulu.core.ratelimits import vote_ip_rate

router = Router(tags=["budgeting"])


class PhaseOut(Schema):
    kind: str
    starts_at: datetime
    ends_at: datetime
    explanation: str
    what_you_can_do: str


class PlanOut(Schema):
    id: int
    title: str
    cost: int


class BudgetOut(Schema):
    id: int
    name: str
    amount: int
    vote_type: str
    max_picks: int | None
    points: int | None
    min_age: int
    municipality: str | None
    plans: list[PlanOut]


class ProcessOut(Schema):
    id: int
    title: str
    current_phase: str | None
    phases: list[PhaseOut]
    budgets: list[BudgetOut]


def _process(process: Process) -> dict:
    phase = processes.current_phase(process)
    return {
        "id": process.pk,
        "title": process.title,
        "current_phase": phase.kind if phase else None,
        "phases": [
            {
                "kind": p.kind,
                "starts_at": p.starts_at,
                "ends_at": p.ends_at,
                "explanation": p.explanation,
                "what_you_can_do": p.what_you_can_do,
            }
            for p in process.phases.all()
        ],
        "budgets": [
            {
                "id": b.pk,
                "name": b.name,
                "amount": b.amount,
                "vote_type": b.vote_type,
                "max_picks": b.max_picks,
                "points": b.points,
                "min_age": b.min_age,
                "municipality": b.municipality.name if b.municipality_id else None,
                "plans": [{"id": p.pk, "title": p.title, "cost": p.cost} for p in b.plans.all()],
            }
            for b in selectors.budgets_of(process)
        ],
    }


@router.get("/processes", response=list[ProcessOut], auth=None)
def list_processes(request: HttpRequest) -> list[dict]:
    return [_process(p) for p in selectors.public_processes().order_by("-id")[:50]]


@router.get("/processes/{process_id}", response=ProcessOut, auth=None)
def get_process(request: HttpRequest, process_id: int) -> dict:
    return _process(access.access_process_for_public(request.user, process_id))


class ResultLineOut(Schema):
    plan_id: int
    title: str
    votes: int
    cost: int
    funded: bool
    reason: str
    override_reason: str | None


class ResultOut(Schema):
    budget_id: int
    rule: str
    ballots_online: int
    ballots_paper: int
    lines: list[ResultLineOut]


@router.get("/budgets/{budget_id}/results", response={200: ResultOut, 404: dict}, auth=None)
def get_results(request: HttpRequest, budget_id: int) -> Status:
    """The published result; 404 while voting is open or before the count (no vote counts leak)."""
    budget = access.access_budget_for_public(request.user, budget_id)
    result = results.published_result(budget)
    if result is None:
        raise HttpError(404, _("No published result."))
    return Status(
        200,
        {
            "budget_id": budget.pk,
            "rule": result.run.rule,
            "ballots_online": result.run.ballots_counted,
            "ballots_paper": result.run.paper_counted,
            "lines": [
                {
                    "plan_id": line.plan.pk,
                    "title": line.plan.title,
                    "votes": line.votes,
                    "cost": line.cost,
                    "funded": line.funded,
                    "reason": line.reason,
                    "override_reason": line.override.reason if line.override else None,
                }
                for line in result.lines
            ],
        },
    )


class BallotIn(Schema):
    code: str
    choices: dict[str, int]


class BallotOut(Schema):
    receipt: str
    status: str


@router.post("/budgets/{budget_id}/ballots", response={201: BallotOut}, auth=None)
def cast_with_code(request: HttpRequest, budget_id: int, payload: BallotIn) -> Status:
    """Cast a ballot with a one-time voting code. 201 with the receipt; 422 for a used or
    unknown code (the same message), a ballot over the limits, or voting not open."""
    usage = get_usage(
        request, group="pb-api-ballot", key="ip", rate=vote_ip_rate, method="POST", increment=True
    )
    if usage and usage["should_limit"]:
        raise HttpError(429, _("Too many ballots from this address. Wait a while and try again."))
    budget = get_object_or_404(
        Budget.objects.select_related("process__county", "municipality").prefetch_related(
            "process__phases"
        ),
        pk=budget_id,
        process__is_published=True,
    )
    if budget.process.voter_check != Process.VoterCheck.CODE:
        raise HttpError(409, _("This vote does not use voting codes."))
    voter = voters.voter_for_code(process=budget.process, code=payload.code)
    ballot = ballots.cast_ballot(
        budget=budget, voter=voter, choices=payload.choices, language=get_language() or ""
    )
    return Status(201, {"receipt": ballot.receipt, "status": ballot.status})
