"""Both rules equal pabutools on every real Pabulib instance shipped in tests/data/pabulib.

pabutools counts in exact fractions; Kuulu in floating point. The configuration compared is the
one Kuulu uses (see ``kuulu/budgeting/counting/equal_shares.py``). Projects nobody voted for are
never funded by Kuulu; pabutools' greedy would fund them when they fit, so they are left out of
the pabutools instance (none of the shipped files has one that would change the outcome).
"""

from functools import cache
from pathlib import Path

import pytest
from pabutools.election import Cost_Sat, Instance, parse_pabulib
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from kuulu.budgeting.counting import count
from kuulu.budgeting.counting.pabulib import parse

DATA = Path(__file__).parent / "data" / "pabulib"
INSTANCES = sorted(DATA.glob("*.pb"))


@cache
def pabutools_outcome(path: Path, rule: str) -> list[str]:
    instance, profile = parse_pabulib(str(path))
    supported = {project.name for ballot in profile for project in ballot}
    instance = Instance(
        [p for p in instance if p.name in supported], budget_limit=instance.budget_limit
    )
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = completion_by_rule_combination(
            instance,
            profile,
            [method_of_equal_shares, greedy_utilitarian_welfare],
            [{"sat_class": Cost_Sat, "voter_budget_increment": 1}, {"sat_class": Cost_Sat}],
        )
    return sorted(p.name for p in outcome)


def test_at_least_four_real_instances_are_shipped():
    assert len(INSTANCES) >= 4


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
@pytest.mark.parametrize("path", INSTANCES, ids=lambda p: p.stem)
def test_count_equals_pabutools(path, rule):
    election = parse(path.read_text(encoding="utf-8"))

    result = count(election, rule)

    assert sorted(result.selected) == pabutools_outcome(path, rule)
    costs = {p.id: p.cost for p in election.projects}
    assert result.cost == sum(costs[pid] for pid in result.selected)
    assert result.cost <= election.budget


def test_equal_shares_reproduces_the_official_assen_2025_result():
    # Assen counted its 2025 youth vote by Equal Shares with Add1; the file records the outcome.
    path = DATA / "Netherlands_Assen_2025.pb"
    election = parse(path.read_text(encoding="utf-8"))
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("PROJECTS") + 2
    end = lines.index("VOTES")
    official = sorted(line.split(";")[0] for line in lines[start:end] if line.endswith(";1"))

    result = count(election, "equal-shares")

    assert sorted(result.selected) == official
    assert result.cost == 94837
