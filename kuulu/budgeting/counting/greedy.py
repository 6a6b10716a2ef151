"""Greedy by votes: fund projects from the most votes down, skipping those that no longer fit.

This is the usual participatory budgeting count and pabutools'
``greedy_utilitarian_welfare(..., sat_class=Cost_Sat)``: with cost satisfaction a project's
total satisfaction divided by its cost is its approval count. Ties go to the lexicographically
smaller project id (pabutools' default ``lexico_tie_breaking``). Projects nobody voted for are
never funded.
"""

from __future__ import annotations

from .model import (
    REASON_FUNDED,
    REASON_NO_VOTES,
    REASON_OVER_BUDGET,
    CountResult,
    Election,
    ProjectOutcome,
    Round,
)
from .tally import Tally, greedy_order, tally


def fill_greedily(
    t: Tally, candidates: list[int], remaining: int, first_round: int, phase: str
) -> tuple[list[int], list[Round], int]:
    """Walk ``candidates`` by score and fund each that fits; return (funded, rounds, remaining)."""
    funded: list[int] = []
    rounds: list[Round] = []
    for number, j in enumerate(greedy_order(t, candidates), start=first_round):
        cost = int(t.costs[j])
        fits = cost <= remaining
        detail = {
            "phase": phase,
            "score": int(t.scores[j]),
            "votes": int(t.votes[j]),
            "cost": cost,
            "remaining_before": remaining,
            "remaining_after": remaining - cost if fits else remaining,
        }
        if fits:
            remaining -= cost
            funded.append(j)
        rounds.append(Round(number=number, project_id=t.ids[j], funded=fits, detail=detail))
    return funded, rounds, remaining


def count_greedy(election: Election) -> CountResult:
    t = tally(election)
    candidates = [j for j in range(len(t.ids)) if t.votes[j] > 0]
    funded, rounds, _ = fill_greedily(t, candidates, election.budget, 1, "greedy")
    funded_set = set(funded)
    outcomes = []
    for j, pid in enumerate(t.ids):
        if j in funded_set:
            reason = REASON_FUNDED
        elif t.votes[j] == 0:
            reason = REASON_NO_VOTES
        else:
            reason = REASON_OVER_BUDGET
        outcomes.append(
            ProjectOutcome(
                id=pid,
                score=int(t.scores[j]),
                votes=int(t.votes[j]),
                cost=int(t.costs[j]),
                funded=j in funded_set,
                reason=reason,
            )
        )
    return CountResult(
        rule="greedy",
        selected=tuple(t.ids[j] for j in funded),
        cost=int(sum(int(t.costs[j]) for j in funded)),
        outcomes=tuple(outcomes),
        rounds=tuple(rounds),
    )
