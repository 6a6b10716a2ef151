"""Test data for participatory budgeting, built with the app's own services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from kuulu.budgeting import processes
from kuulu.budgeting.models import Budget, Phase, Plan, Process, Proposal
from kuulu.budgeting.voters import Voter
from kuulu.organisation.models import County


def make_process(county: County, *, phase: str = "voting", **fields: Any) -> Process:
    """A published process whose `phase` is on now (phases of a day each around it)."""
    order = processes.ORDER
    index = order.index(phase) if phase != "after" else len(order)
    now = timezone.now()
    # the current phase runs from 1 h ago to 1 day ahead; earlier phases 1 day each before it
    start = now - timedelta(hours=1) - timedelta(days=index)
    fields.setdefault("is_published", True)
    return processes.create_process(
        county=county,
        title=fields.pop("title", "Kainuu budget"),
        starts_at=start,
        days=dict.fromkeys(order, 1),
        **fields,
    )


def move_to(process: Process, phase: str) -> None:
    """Shift all phases so that `phase` is on now ("after" puts all phases in the past)."""
    order = processes.ORDER
    index = order.index(phase) if phase != "after" else len(order)
    start = timezone.now() - timedelta(hours=1) - timedelta(days=index)
    for i, kind in enumerate(order):
        Phase.objects.filter(process=process, kind=kind).update(
            starts_at=start + timedelta(days=i), ends_at=start + timedelta(days=i + 1)
        )


def close_voting(process: Process) -> None:
    """Voting ended an hour ago; the results phase is on."""
    move_to(process, "results")


def make_budget(process: Process, **fields: Any) -> Budget:
    fields.setdefault("name", "Koko maakunta")
    fields.setdefault("amount", 100_000)
    fields.setdefault("min_age", 12)
    fields.setdefault("residents_only", False)
    return Budget.objects.create(process=process, **fields)


def make_plan(budget: Budget, *, cost: int = 30_000, title: str = "Plan", **fields: Any) -> Plan:
    return Plan.objects.create(
        budget=budget,
        title=title,
        description=fields.pop("description", "A plan."),
        cost=cost,
        **fields,
    )


def make_proposal(process: Process, **fields: Any) -> Proposal:
    fields.setdefault("title", "Skatepark")
    fields.setdefault("description", "A skatepark by the school.")
    fields.setdefault("status", Proposal.Status.SUBMITTED)
    return Proposal.objects.create(process=process, **fields)


_counter = iter(range(1, 10_000_000))


def voter(kind: str = "strong", **fields: Any) -> Voter:
    fields.setdefault("key", f"{next(_counter):064x}")
    fields.setdefault("age", 30)
    return Voter(kind=kind, **fields)
