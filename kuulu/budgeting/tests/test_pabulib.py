"""Reading and writing the Pabulib format: every error with its line, nothing half-read."""

from pathlib import Path

import pytest

from kuulu.budgeting.counting import Ballot, Election, Project, count
from kuulu.budgeting.counting.pabulib import PabulibError, dump, parse

DATA = Path(__file__).parent / "data" / "pabulib"

GOOD = """META
key;value
description;Test vote
budget;100
vote_type;approval
PROJECTS
project_id;cost;votes;name
a;60;2;"Park; benches"
b;50.0;1;Library hours
VOTES
voter_id;vote
v1;a,b
v2;a
"""


def test_parse_reads_meta_projects_and_ballots():
    election = parse(GOOD)

    assert election.budget == 100
    assert election.vote_type == "approval"
    assert election.meta["description"] == "Test vote"
    assert election.projects == [
        Project(id="a", cost=60, name="Park; benches"),
        Project(id="b", cost=50, name="Library hours"),
    ]
    assert election.ballots == [
        Ballot(voter_id="v1", approvals=("a", "b")),
        Ballot(voter_id="v2", approvals=("a",)),
    ]


def test_parse_reads_a_real_file():
    election = parse((DATA / "poland_wieliczka_2023_green-budget.pb").read_text(encoding="utf-8"))

    assert election.budget == 1_000_000
    assert len(election.projects) == 64
    assert len(election.ballots) == 6586


def errors_of(text):
    with pytest.raises(PabulibError) as caught:
        parse(text)
    return caught.value.errors


def test_missing_section_is_reported():
    text = GOOD.split("VOTES")[0]

    assert errors_of(text) == [(9, "the VOTES section is missing")]


def test_bad_cost_is_reported_with_its_line():
    text = GOOD.replace("b;50.0;1", "b;fifty;1")

    assert errors_of(text) == [(9, "project 'b': cost 'fifty' is not a whole number")]


def test_vote_for_unknown_project_is_reported_with_its_line():
    text = GOOD.replace("v2;a\n", "v2;a,zz\n")

    assert errors_of(text) == [(13, "vote for unknown project 'zz'")]


def test_duplicate_voter_is_reported_with_its_line():
    text = GOOD + "v1;b\n"

    assert errors_of(text) == [(14, "voter 'v1' has a second ballot")]


def test_missing_budget_is_reported_at_the_meta_section():
    text = GOOD.replace("budget;100\n", "")

    assert errors_of(text) == [(1, "META has no budget")]


def test_every_error_is_reported_at_once_in_line_order():
    text = (
        GOOD.replace("budget;100", "budget;lots")
        .replace("b;50.0;1", "b;-5;1")
        .replace("v2;a\n", "v2;q\nv1;a\n")
    )

    errors = errors_of(text)

    assert errors == [
        (4, "budget 'lots' is not a whole number"),
        (9, "project 'b': cost '-5' is not a whole number"),
        (13, "vote for unknown project 'q'"),
        (14, "voter 'v1' has a second ballot"),
    ]
    message = str(PabulibError(errors))
    assert message.splitlines()[0] == "line 4: budget 'lots' is not a whole number"


def test_text_before_any_section_and_a_bad_header_are_reported():
    text = "hello\n" + GOOD.replace("project_id;cost;votes;name", "id;price")

    assert errors_of(text) == [
        (1, "expected a META, PROJECTS or VOTES section line"),
        (8, "the PROJECTS header lacks the column(s) project_id, cost"),
        (9, "4 fields but the header has 2"),
        (10, "4 fields but the header has 2"),
        (13, "vote for unknown project 'a'"),
        (13, "vote for unknown project 'b'"),
        (14, "vote for unknown project 'a'"),
    ]


def test_cumulative_points_must_match_the_projects():
    text = (
        GOOD.replace("vote_type;approval", "vote_type;cumulative")
        .replace("voter_id;vote", "voter_id;vote;points")
        .replace("v1;a,b", "v1;a,b;3")
        .replace("v2;a\n", "v2;a;x\n")
    )

    assert errors_of(text) == [
        (12, "2 projects but 1 points values"),
        (13, "points must be whole numbers"),
    ]


def test_dump_then_parse_gives_the_same_election_with_numbered_voters():
    original = parse((DATA / "Netherlands_Assen_2025.pb").read_text(encoding="utf-8"))

    again = parse(dump(original))

    assert again.budget == original.budget
    assert again.vote_type == original.vote_type
    assert again.projects == original.projects
    assert [b.approvals for b in again.ballots] == [b.approvals for b in original.ballots]
    assert [b.voter_id for b in again.ballots] == [str(i) for i in range(1, 333)]
    assert again.meta["num_votes"] == "332"
    for rule in ("greedy", "equal-shares"):
        assert count(again, rule).selected == count(original, rule).selected


def test_dump_leaves_out_voter_ids_and_keeps_points():
    election = Election(
        budget=10,
        projects=[Project("x", 6, "Swings; slide"), Project("y", 4)],
        ballots=[
            Ballot(voter_id="hetu-020202-1234", points={"x": 3, "y": 2}),
            Ballot(voter_id="anna@example.fi", points={"y": 5}),
        ],
        vote_type="cumulative",
    )

    text = dump(election)
    again = parse(text)

    assert "hetu" not in text
    assert "anna" not in text
    assert [b.points for b in again.ballots] == [{"x": 3, "y": 2}, {"y": 5}]
    assert again.projects == election.projects
    assert "x;6;1;3;Swings; slide" not in text
    assert '"Swings; slide"' in text
