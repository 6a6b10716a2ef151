"""The Method of Equal Shares (Peters, Pierczyński and Skowron) with the Add1 completion.

What Kuulu counts, in the configuration recommended for approval votes by the method's authors
(equalshares.net) and used in real votes such as Wieliczka and Assen:

1. **Equal Shares.** Every voter gets an equal share ``budget / voters`` of the money. In each
   round the project is funded whose supporters can pay for it at the lowest price per unit of
   utility ``rho``: each supporter pays ``min(own remaining money, rho * utility)``. Utility is
   the project's *cost* for approval ballots (cost utilities: a voter gains the money spent on
   what they asked for) and the points given for cumulative ballots. For approval ballots every
   supporter therefore pays the same share ``rho * cost`` unless they have less left. A project
   whose supporters together hold less than its cost cannot be funded. The rounds end when no
   project can be paid for.
2. **Add1 completion.** Equal Shares usually leaves money unspent. The count is repeated with
   every voter's share raised by one currency unit at a time, and the first outcome that spends
   so much that no further supported project fits is taken; if a raise would overspend the real
   budget, the outcome before it is taken.
3. **Greedy completion.** What is still left funds projects by number of votes, skipping those
   that do not fit.

It equals pabutools' ``completion_by_rule_combination(instance, profile,
[method_of_equal_shares, greedy_utilitarian_welfare], [{"sat_class": Cost_Sat,
"voter_budget_increment": 1}, {"sat_class": Cost_Sat}])`` (tested on real Pabulib files). Ties
in ``rho`` go to the lexicographically smaller project id, as pabutools' default.

The arithmetic is in floating point over numpy arrays of the supporters' remaining money (an
order of magnitude faster than exact fractions); values within a relative ``1e-9`` are treated as
equal, so an exact tie is broken by project id as it would be with exact arithmetic.
"""

from __future__ import annotations

import math

import numpy as np

from .greedy import fill_greedily
from .model import (
    REASON_COMPLETION,
    REASON_FUNDED,
    REASON_NO_VOTES,
    REASON_NOT_ENOUGH_SUPPORT,
    CountResult,
    Election,
    ProjectOutcome,
    Round,
)
from .tally import Tally, tally

TOLERANCE = 1e-9
"""Relative difference below which two prices (or a budget and a cost) count as equal."""


def _price(money: np.ndarray, utility: np.ndarray, cost: float) -> float:
    """The lowest ``rho`` with ``sum(min(money, rho * utility)) == cost``.

    The supporters are taken from the poorest relative to their utility: while one cannot pay
    ``rho * utility`` they pay all they have and the rest is shared among the others.
    """
    ratio = money / utility
    order = np.argsort(ratio, kind="stable")
    ratio = ratio[order]
    paid_before = np.concatenate(([0.0], np.cumsum(money[order])[:-1]))
    utility_after = np.cumsum(utility[order][::-1])[::-1]
    rhos = (cost - paid_before) / utility_after
    can_pay = rhos <= ratio * (1 + TOLERANCE)
    k = int(np.argmax(can_pay)) if can_pay.any() else len(rhos) - 1
    return float(rhos[k])


def _utilities(t: Tally) -> tuple[np.ndarray, ...]:
    """Each supporter's utility per project: the cost (approval) or the points (cumulative)."""
    if t.uses_points:
        return t.support_points
    return tuple(np.full(len(idx), float(t.costs[j])) for j, idx in enumerate(t.support_idx))


def _run(
    t: Tally,
    utilities: tuple[np.ndarray, ...],
    candidates: list[int],
    per_voter: float,
    explain: bool,
) -> tuple[list[int], list[Round]]:
    """One pass of Equal Shares with ``per_voter`` money each; returns (funded, rounds)."""
    money = np.full(t.n_voters, per_voter, dtype=np.float64)
    total_utility = {j: float(utilities[j].sum()) for j in candidates}
    # Lower bound of each project's price: it only rises as the voters spend their money.
    bound = {j: float(t.costs[j]) / total_utility[j] for j in candidates}
    active = set(candidates)
    funded: list[int] = []
    rounds: list[Round] = []
    while active:
        best = math.inf
        tied: list[int] = []
        for j in sorted(active, key=lambda p: (bound[p], int(t.id_rank[p]))):
            if bound[j] > best * (1 + TOLERANCE):
                break
            cost = float(t.costs[j])
            held = money[t.support_idx[j]]
            if held.sum() < cost * (1 - TOLERANCE):
                active.discard(j)
                continue
            rho = _price(held, utilities[j], cost)
            bound[j] = rho
            if rho < best * (1 - TOLERANCE):
                best, tied = rho, [j]
            elif rho <= best * (1 + TOLERANCE):
                tied.append(j)
        if not tied:
            break
        winner = min(tied, key=lambda p: int(t.id_rank[p]))
        idx = t.support_idx[winner]
        held = money[idx]
        share = best * utilities[winner]
        pay = np.minimum(held, share)
        after = held - pay
        after[after < per_voter * TOLERANCE] = 0.0
        money[idx] = after
        active.discard(winner)
        funded.append(winner)
        if explain:
            full = held >= share * (1 - TOLERANCE)
            rounds.append(
                Round(
                    number=len(rounds) + 1,
                    project_id=t.ids[winner],
                    funded=True,
                    detail={
                        "phase": "equal_shares",
                        "rho": best,
                        "share": float(share.max()) if len(share) else 0.0,
                        "effective_votes": float(t.costs[winner] / share.max())
                        if len(share) and share.max() > 0
                        else 0.0,
                        "cost": int(t.costs[winner]),
                        "votes": int(t.votes[winner]),
                        "score": int(t.scores[winner]),
                        "per_voter_budget": per_voter,
                        "supporters_money_before": float(held.sum()),
                        "supporters_money_after": float(after.sum()),
                        "paid_full_share": int(full.sum()),
                        "paid_full_share_total": float(pay[full].sum()),
                        "paid_all_they_had": int((~full).sum()),
                        "paid_all_they_had_total": float(pay[~full].sum()),
                        "tied_with": sorted(t.ids[p] for p in tied if p != winner),
                    },
                )
            )
    return funded, rounds


def equal_shares_selection(
    t: Tally, budget: int, *, add1: bool = True, explain: bool = False
) -> tuple[list[int], list[Round], float, int]:
    """Equal Shares (with Add1 if asked): (funded, rounds, per-voter money, Add1 steps)."""
    free = [j for j in range(len(t.ids)) if t.votes[j] > 0 and t.costs[j] == 0]
    candidates = [j for j in range(len(t.ids)) if t.votes[j] > 0 and t.costs[j] > 0]
    if t.n_voters == 0 or not candidates:
        return free, [], 0.0, 0
    utilities = _utilities(t)
    base = budget / t.n_voters
    step = 0
    chosen_step = 0
    funded, _ = _run(t, utilities, candidates, base, explain=False)
    while add1:
        spent = int(sum(int(t.costs[j]) for j in funded))
        if spent > budget:
            chosen_step = step - 1
            break
        chosen = set(funded)
        left = budget - spent
        if not any(t.costs[j] <= left for j in candidates if j not in chosen):
            chosen_step = step
            break
        step += 1
        funded, _ = _run(t, utilities, candidates, base + step, explain=False)
    per_voter = base + chosen_step
    funded, rounds = _run(t, utilities, candidates, per_voter, explain=explain)
    return free + funded, rounds, per_voter, chosen_step


def count_equal_shares(election: Election) -> CountResult:
    t = tally(election)
    funded, rounds, _per_voter, steps = equal_shares_selection(t, election.budget, explain=True)
    spent = int(sum(int(t.costs[j]) for j in funded))
    chosen = set(funded)
    leftovers = [j for j in range(len(t.ids)) if t.votes[j] > 0 and j not in chosen]
    completed, completion_rounds, _ = fill_greedily(
        t, leftovers, election.budget - spent, len(rounds) + 1, "completion"
    )
    completed_set = set(completed)
    all_rounds = [
        Round(
            number=r.number,
            project_id=r.project_id,
            funded=r.funded,
            detail={**r.detail, "add1_steps": steps},
        )
        for r in rounds
    ]
    all_rounds.extend(completion_rounds)
    outcomes = []
    for j, pid in enumerate(t.ids):
        if j in chosen:
            reason = REASON_FUNDED
        elif j in completed_set:
            reason = REASON_COMPLETION
        elif t.votes[j] == 0:
            reason = REASON_NO_VOTES
        else:
            reason = REASON_NOT_ENOUGH_SUPPORT
        outcomes.append(
            ProjectOutcome(
                id=pid,
                score=int(t.scores[j]),
                votes=int(t.votes[j]),
                cost=int(t.costs[j]),
                funded=j in chosen or j in completed_set,
                reason=reason,
            )
        )
    selected = funded + completed
    return CountResult(
        rule="equal-shares",
        selected=tuple(t.ids[j] for j in selected),
        cost=int(sum(int(t.costs[j]) for j in selected)),
        outcomes=tuple(outcomes),
        rounds=tuple(all_rounds),
    )
