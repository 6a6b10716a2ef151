"""Real concurrency on PostgreSQL: one ballot per person per budget, whatever arrives at once."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kuulu.budgeting import ballots, voters
from kuulu.budgeting.models import Ballot, VotingCode
from kuulu.budgeting.tests.factories import make_budget, make_plan, make_process, voter
from kuulu.core.tests.concurrency import race
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.postgres


def test_eight_simultaneous_ballots_of_one_person_leave_one(postgres):
    process = make_process(make_county())
    budget = make_budget(process)
    plans = [make_plan(budget, cost=10, title=f"P{i}") for i in range(8)]
    person = voter()

    def cast(plan):
        return lambda: (
            ballots.cast_ballot(budget=budget, voter=person, choices={str(plan.pk): 1}).pk
        )

    outcomes = race(*[cast(plan) for plan in plans])

    assert [kind for kind, _ in outcomes] == ["ok"] * 8
    assert Ballot.objects.count() == 1
    assert len({pk for _, pk in outcomes}) == 1
    (choices,) = Ballot.objects.values_list("choices", flat=True)
    assert len(choices) == 1
    assert next(iter(choices)) in {str(p.pk) for p in plans}


def test_one_voting_code_used_at_once_by_two_people_gives_one_ballot(postgres):
    process = make_process(make_county(), voter_check="code")
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    (code,) = voters.issue_codes(process=process, count=1)

    def cast():
        person = voters.voter_for_code(process=process, code=code)
        return ballots.cast_ballot(budget=budget, voter=person, choices={str(plan.pk): 1}).pk

    outcomes = race(cast, cast, cast, cast)

    kinds = sorted(kind for kind, _ in outcomes)
    assert Ballot.objects.count() == 1
    assert VotingCode.objects.filter(used_at__isnull=False).count() == 1
    # a loser either saw the code used or, having read it unused, replaced the same ballot
    assert all(kind == "ok" or isinstance(value, ValidationError) for kind, value in outcomes), (
        outcomes
    )
    assert "ok" in kinds


def test_simultaneous_http_votes_of_one_person_leave_one_ballot(postgres, org):
    from kuulu.budgeting.tests.test_views import identified_client

    process = make_process(org.county)
    budget = make_budget(process)
    plans = [make_plan(budget, cost=10, title=f"P{i}") for i in range(4)]
    client = identified_client(org.resident, key="c" * 64)
    session_cookie = client.cookies
    url = reverse("budgeting:vote", args=[budget.pk])

    def post(plan):
        def run():
            c = Client()
            c.cookies = session_cookie
            return c.post(url, {f"plan_{plan.pk}": "on"}).status_code

        return run

    outcomes = race(*[post(p) for p in plans])

    assert [value for _, value in outcomes] == [200] * 4
    assert Ballot.objects.filter(budget=budget, voter_key="c" * 64).count() == 1


def test_draft_saves_racing_a_submission_never_undo_it(postgres):
    process = make_process(make_county())
    budget = make_budget(process)
    plans = [make_plan(budget, cost=10, title=f"P{i}") for i in range(6)]
    person = voter()

    def cast(plan, submit):
        return lambda: (
            ballots.cast_ballot(
                budget=budget, voter=person, choices={str(plan.pk): 1}, submit=submit
            ).status
        )

    outcomes = race(*[cast(plan, submit=i % 2 == 0) for i, plan in enumerate(plans)])

    # a draft save that comes after the submission is refused; one before it is replaced by it
    assert all(
        (kind == "ok" and value in {"draft", "submitted"})
        or (isinstance(value, ValidationError) and value.code == "submitted")
        for kind, value in outcomes
    ), outcomes
    assert ("ok", "submitted") in outcomes
    ballot = Ballot.objects.get()
    assert ballot.status == "submitted"
    assert ballot.submitted_at is not None
