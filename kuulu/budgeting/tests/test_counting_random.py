"""Many small random elections, full of ties, counted by Kuulu and by pabutools: same winners."""

import random

import pytest
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as PabuProject
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from kuulu.budgeting.counting import Ballot, Election, Project, count

COSTS = (5, 7, 10, 10, 20, 30)
BUDGETS = (10, 20, 30, 50, 60)


def random_projects(rng):
    # Ids that sort differently as text and as numbers ("12p0" < "3p1"), few distinct costs.
    return {f"{rng.randint(1, 30)}p{i}": rng.choice(COSTS) for i in range(rng.randint(1, 7))}


@pytest.mark.parametrize("seed", range(120))
def test_random_approval_elections_equal_pabutools(seed):
    rng = random.Random(seed)
    costs = random_projects(rng)
    budget = rng.choice(BUDGETS)
    approvals = [
        tuple(pid for pid in costs if rng.random() < 0.4) for _ in range(rng.randint(0, 12))
    ]
    election = Election(
        budget=budget,
        projects=[Project(pid, cost) for pid, cost in costs.items()],
        ballots=[Ballot(str(i), approvals=a) for i, a in enumerate(approvals)],
    )
    projects = {pid: PabuProject(pid, cost) for pid, cost in costs.items()}
    supported = {pid for a in approvals for pid in a}
    instance = Instance([projects[pid] for pid in supported], budget_limit=budget)
    profile = ApprovalProfile([ApprovalBallot(projects[pid] for pid in a) for a in approvals])

    greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    equal_shares = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
    )

    assert sorted(count(election, "greedy").selected) == sorted(p.name for p in greedy)
    assert sorted(count(election, "equal-shares").selected) == sorted(p.name for p in equal_shares)


@pytest.mark.parametrize("seed", range(60))
def test_random_cumulative_elections_equal_pabutools_equal_shares(seed):
    rng = random.Random(seed)
    costs = random_projects(rng)
    budget = rng.choice(BUDGETS)
    points = [
        {pid: rng.randint(1, 4) for pid in costs if rng.random() < 0.5}
        for _ in range(rng.randint(1, 10))
    ]
    election = Election(
        budget=budget,
        projects=[Project(pid, cost) for pid, cost in costs.items()],
        ballots=[Ballot(str(i), points=p) for i, p in enumerate(points)],
        vote_type="cumulative",
    )
    projects = {pid: PabuProject(pid, cost) for pid, cost in costs.items()}
    supported = {pid for p in points for pid in p}
    instance = Instance([projects[pid] for pid in supported], budget_limit=budget)
    profile = CumulativeProfile(
        [CumulativeBallot({projects[pid]: v for pid, v in p.items()}) for p in points]
    )

    expected = method_of_equal_shares(
        instance, profile, sat_class=Additive_Cardinal_Sat, voter_budget_increment=1
    )

    result = count(election, "equal-shares")
    funded_by_equal_shares = [o.id for o in result.outcomes if o.reason == "funded"]
    assert sorted(funded_by_equal_shares) == sorted(p.name for p in expected)
