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
from dataclasses import dataclass

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


def _price(money: np.ndarray, utility: np.ndarray, cost: float, even: float) -> float:
    """The lowest ``rho`` with ``sum(min(money, rho * utility)) == cost``.

    ``even`` is ``cost / sum(utility)``, the price when every supporter can pay their part.
    Otherwise the supporters are taken from the poorest relative to their utility: while one
    cannot pay ``rho * utility`` they pay all they have and the rest is shared among the others.
    """
    ratio = money / utility
    if even <= ratio.min() * (1 + TOLERANCE):
        return even
    order = np.argsort(ratio, kind="stable")
    ratio = ratio[order]
    paid_before = np.concatenate(([0.0], np.cumsum(money[order])[:-1]))
    utility_after = np.cumsum(utility[order][::-1])[::-1]
    rhos = (cost - paid_before) / utility_after
    can_pay = rhos <= ratio * (1 + TOLERANCE)
    k = int(np.argmax(can_pay)) if can_pay.any() else len(rhos) - 1
    return float(rhos[k])


@dataclass(frozen=True)
class _Prepared:
    """What every pass of Equal Shares needs, computed once per count."""

    candidates: np.ndarray
    costs: list[float]
    support_idx: tuple[np.ndarray, ...]
    utilities: tuple[np.ndarray, ...]
    even_price: np.ndarray
    id_rank: np.ndarray


def _prepare(t: Tally, candidates: list[int]) -> _Prepared:
    """Utilities per supporter: the cost (approval, cost utilities) or the points (cumulative)."""
    if t.uses_points:
        utilities = t.support_points
    else:
        utilities = tuple(
            np.full(len(idx), float(t.costs[j])) for j, idx in enumerate(t.support_idx)
        )
    even = np.full(len(t.ids), np.inf)
    for j in candidates:
        even[j] = float(t.costs[j]) / float(utilities[j].sum())
    return _Prepared(
        candidates=np.asarray(candidates, dtype=np.int64),
        costs=[float(c) for c in t.costs],
        support_idx=t.support_idx,
        utilities=utilities,
        even_price=even,
        id_rank=t.id_rank,
    )


def _run(
    t: Tally, prep: _Prepared, per_voter: float, explain: bool
) -> tuple[list[int], list[Round]]:
    """One pass of Equal Shares with ``per_voter`` money each; returns (funded, rounds)."""
    money = np.full(t.n_voters, per_voter, dtype=np.float64)
    # Lower bound of each project's price: it only rises as the voters spend their money.
    bound = prep.even_price.copy()
    active = np.zeros(len(t.ids), dtype=bool)
    active[prep.candidates] = True
    funded: list[int] = []
    rounds: list[Round] = []
    while True:
        open_ids = np.flatnonzero(active)
        if not len(open_ids):
            break
        order = open_ids[np.lexsort((prep.id_rank[open_ids], bound[open_ids]))]
        best = math.inf
        tied: list[int] = []
        for j in order.tolist():
            if bound[j] > best * (1 + TOLERANCE):
                break
            cost = prep.costs[j]
            held = money[prep.support_idx[j]]
            if held.sum() < cost * (1 - TOLERANCE):
                active[j] = False
                continue
            rho = _price(held, prep.utilities[j], cost, float(prep.even_price[j]))
            bound[j] = rho
            if rho < best * (1 - TOLERANCE):
                best, tied = rho, [j]
            elif rho <= best * (1 + TOLERANCE):
                tied.append(j)
        if not tied:
            break
        winner = min(tied, key=lambda p: int(prep.id_rank[p]))
        idx = prep.support_idx[winner]
        held = money[idx]
        share = best * prep.utilities[winner]
        pay = np.minimum(held, share)
        after = held - pay
        after[after < per_voter * TOLERANCE] = 0.0
        money[idx] = after
        active[winner] = False
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
    prep = _prepare(t, candidates)
    base = budget / t.n_voters
    step = 0
    chosen_step = 0
    funded, _ = _run(t, prep, base, explain=False)
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
        funded, _ = _run(t, prep, base + step, explain=False)
    per_voter = base + chosen_step
    funded, rounds = _run(t, prep, per_voter, explain=explain)
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
