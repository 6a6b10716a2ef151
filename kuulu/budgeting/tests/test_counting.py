"""Greedy and Equal Shares on hand-made elections whose outcome can be checked by hand."""

import pytest
from pabutools.election import (
    AbstractApprovalProfile,
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


def approval_election(budget, costs, ballots):
    """``costs``: {id: cost}; ``ballots``: list of approved-id strings such as "ab" or ["10", "9"]."""
    return Election(
        budget=budget,
        projects=[Project(id=pid, cost=cost) for pid, cost in costs.items()],
        ballots=[
            Ballot(voter_id=f"v{i}", approvals=tuple(approved))
            for i, approved in enumerate(ballots)
        ],
    )


def pabutools_selection(election, rule):
    """The same election counted by pabutools in Kuulu's configuration."""
    projects = {p.id: PabuProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[pid] for pid in b.approvals) for b in election.ballots]
    )
    assert isinstance(profile, AbstractApprovalProfile)
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


def majority_and_minority():
    # Seven voters want the three A projects, three want B; each project costs 30 of 100.
    return approval_election(
        100,
        {"A1": 30, "A2": 30, "A3": 30, "B1": 30},
        [["A1", "A2", "A3"]] * 7 + [["B1"]] * 3,
    )


def test_greedy_lets_the_majority_take_everything():
    result = count(majority_and_minority(), "greedy")

    assert result.selected == ("A1", "A2", "A3")
    assert result.cost == 90
    outcome = {o.id: o for o in result.outcomes}
    assert outcome["B1"].funded is False
    assert outcome["B1"].reason == "over_budget"
    assert outcome["B1"].votes == 3
    assert outcome["A1"].reason == "funded"


def test_equal_shares_gives_the_minority_its_share():
    result = count(majority_and_minority(), "equal-shares")

    # 70 % of the voters get 60 % of the money, 30 % get 30 %.
    assert result.selected == ("A1", "A2", "B1")
    assert result.cost == 90
    outcome = {o.id: o for o in result.outcomes}
    assert outcome["A3"].funded is False
    assert outcome["A3"].reason == "not_enough_support"
    assert outcome["B1"].reason == "funded"


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_hand_made_cases_equal_pabutools(rule):
    for election in (majority_and_minority(), completion_case(), tie_case()):
        assert sorted(count(election, rule).selected) == pabutools_selection(election, rule)


def test_equal_shares_rounds_explain_prices_and_payments():
    result = count(majority_and_minority(), "equal-shares")

    first, second, third, completion = result.rounds
    assert (first.number, first.project_id, first.funded) == (1, "A1", True)
    # Ten voters with 10 each; the seven A supporters share 30 equally.
    assert first.detail["phase"] == "equal_shares"
    assert first.detail["per_voter_budget"] == pytest.approx(10.0)
    assert first.detail["share"] == pytest.approx(30 / 7)
    assert first.detail["rho"] == pytest.approx(1 / 7)
    assert first.detail["effective_votes"] == pytest.approx(7.0)
    assert first.detail["supporters_money_before"] == pytest.approx(70.0)
    assert first.detail["supporters_money_after"] == pytest.approx(40.0)
    assert first.detail["paid_full_share"] == 7
    assert first.detail["paid_all_they_had"] == 0
    assert first.detail["tied_with"] == ["A2", "A3"]
    assert first.detail["add1_steps"] == 0
    assert (second.project_id, second.detail["supporters_money_after"]) == ("A2", pytest.approx(10))
    # B's three supporters pay all they have: 10 each.
    assert third.project_id == "B1"
    assert third.detail["share"] == pytest.approx(10.0)
    assert third.detail["rho"] == pytest.approx(1 / 3)
    assert third.detail["paid_full_share"] == 3
    assert third.detail["paid_full_share_total"] == pytest.approx(30.0)
    assert third.detail["supporters_money_after"] == pytest.approx(0.0)
    # The 10 left cannot pay for A3 (30): the completion round says so.
    assert (completion.project_id, completion.funded) == ("A3", False)
    assert completion.detail["phase"] == "completion"
    assert completion.detail["remaining_before"] == 10


def completion_case():
    # Five voters with 20 each: A (60) is wanted by two, B (50) by two, C (30) by one.
    return approval_election(100, {"A": 60, "B": 50, "C": 30}, ["A", "A", "B", "B", "C"])


def test_add1_raises_shares_until_one_more_would_overspend_then_greedy_completes():
    result = count(completion_case(), "equal-shares")

    # At 25 each B is paid for; at 30 each A and B (and C) would cost 140 > 100, so the shares
    # stop at 29; the 50 left funds C by votes.
    assert result.selected == ("B", "C")
    assert result.cost == 80
    outcome = {o.id: o for o in result.outcomes}
    assert (outcome["B"].reason, outcome["C"].reason, outcome["A"].reason) == (
        "funded",
        "completion",
        "not_enough_support",
    )
    equal_shares_round, *completion_rounds = result.rounds
    assert equal_shares_round.detail["per_voter_budget"] == pytest.approx(29.0)
    assert equal_shares_round.detail["add1_steps"] == 9
    assert [(r.project_id, r.funded, r.detail["phase"]) for r in completion_rounds] == [
        ("A", False, "completion"),
        ("C", True, "completion"),
    ]
    assert completion_rounds[1].detail["remaining_before"] == 50
    assert completion_rounds[1].detail["remaining_after"] == 20


def tie_case():
    # "10" and "9" have the same votes and cost and only one fits: ids compare as text.
    return approval_election(10, {"9": 10, "10": 10}, [["9", "10"], ["9"], ["10"]])


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_ties_go_to_the_lexicographically_smaller_id(rule):
    assert count(tie_case(), rule).selected == ("10",)


def test_tie_on_price_is_recorded_in_the_round():
    result = count(tie_case(), "equal-shares")

    assert result.rounds[0].project_id == "10"
    assert result.rounds[0].detail["tied_with"] == ["9"]


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_projects_without_votes_are_never_funded(rule):
    election = approval_election(100, {"a": 10, "z": 5}, [["a"], ["a"]])

    result = count(election, rule)

    assert result.selected == ("a",)
    assert {o.id: o.reason for o in result.outcomes}["z"] == "no_votes"


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_no_ballots_funds_nothing(rule):
    result = count(approval_election(100, {"a": 10}, []), rule)

    assert result.selected == ()
    assert result.cost == 0


def cumulative_election():
    # Budget 10, three voters with 5 points each.
    ballots = [
        {"x": 5},
        {"x": 3, "y": 2},
        {"y": 1, "z": 4},
    ]
    return Election(
        budget=10,
        projects=[Project("x", 6), Project("y", 4), Project("z", 5)],
        ballots=[Ballot(voter_id=str(i), points=p) for i, p in enumerate(ballots)],
        vote_type="cumulative",
    )


def test_greedy_on_cumulative_ballots_orders_by_points_total():
    result = count(cumulative_election(), "greedy")

    # x has 8 points, z 4, y 3: x (6) then z (5) no longer fits, y (4) does.
    assert result.selected == ("x", "y")
    assert {o.id: (o.score, o.votes) for o in result.outcomes} == {
        "x": (8, 2),
        "y": (3, 2),
        "z": (4, 1),
    }


def test_equal_shares_on_cumulative_ballots_uses_points_as_utility_like_pabutools():
    election = cumulative_election()
    projects = {p.id: PabuProject(p.id, p.cost) for p in election.projects}
    profile = CumulativeProfile(
        [
            CumulativeBallot({projects[pid]: v for pid, v in b.points.items()})
            for b in election.ballots
        ]
    )
    instance = Instance(projects.values(), budget_limit=election.budget)

    plain = method_of_equal_shares(instance, profile, sat_class=Additive_Cardinal_Sat)
    with_add1 = method_of_equal_shares(
        instance, profile, sat_class=Additive_Cardinal_Sat, voter_budget_increment=1
    )
    result = count(election, "equal-shares")

    # x: voter 0 pays all 10/3 it has, voter 1 the rest; y then takes every cent of 4 left by
    # voters 1 and 2; z's one supporter cannot pay 5.
    assert sorted(p.name for p in plain) == ["x", "y"]
    funded_by_rule = [o.id for o in result.outcomes if o.reason == "funded"]
    assert sorted(funded_by_rule) == sorted(p.name for p in with_add1)
    assert result.selected == ("x", "y")


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown counting rule"):
        count(majority_and_minority(), "borda")


def test_ballot_for_a_project_not_on_the_ballot_is_refused():
    election = approval_election(10, {"a": 5}, [["a", "b"]])

    with pytest.raises(ValueError, match="'b'"):
        count(election, "greedy")


def test_ordinal_ballots_are_refused():
    election = approval_election(10, {"a": 5}, [["a"]])
    election.vote_type = "ordinal"

    with pytest.raises(ValueError, match="ordinal"):
        count(election, "equal-shares")


@pytest.mark.parametrize("rule", ["greedy", "equal-shares"])
def test_order_of_projects_and_ballots_does_not_change_the_outcome(rule):
    election = majority_and_minority()
    reordered = Election(
        budget=election.budget,
        projects=list(reversed(election.projects)),
        ballots=list(reversed(election.ballots)),
    )

    assert count(reordered, rule).selected == count(election, rule).selected
