"""The budgeting API: public reads, hidden counts while voting is open, ballots by code."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from kuulu.budgeting import results, voters
from kuulu.budgeting.models import Ballot
from kuulu.budgeting.tests.factories import close_voting, make_budget, make_plan, make_process
from kuulu.organisation.tests.factories import make_county


def post(url, body):
    return Client().post(url, json.dumps(body), content_type="application/json")


@pytest.fixture(autouse=True)
def _finnish():  # type: ignore[no-untyped-def]
    """The API answers in the default language (Finnish); the plans are named in it."""
    with translation.override("fi"):
        yield


@pytest.mark.django_db
def test_ballot_by_code_once_and_results_hidden_until_closed():
    process = make_process(make_county(), voter_check="code", rule="greedy")
    budget = make_budget(process, amount=100)
    a = make_plan(budget, cost=60, title="A")
    b = make_plan(budget, cost=50, title="B")
    code, other = voters.issue_codes(process=process, count=2)
    url = f"/api/v1/budgeting/budgets/{budget.pk}/ballots"
    over = post(url, {"code": code, "choices": {str(a.pk): 1, str(b.pk): 1}})
    assert over.status_code == 422
    assert Ballot.objects.count() == 0
    ok = post(url, {"code": code, "choices": {str(a.pk): 1}})
    assert ok.status_code == 201
    assert len(ok.json()["receipt"]) == 10
    used = post(url, {"code": code, "choices": {str(b.pk): 1}})
    unknown = post(url, {"code": "ZZZZ-ZZZZ-ZZZZ", "choices": {str(b.pk): 1}})
    assert used.status_code == unknown.status_code == 422
    assert used.json()["message"] == unknown.json()["message"]
    assert Ballot.objects.count() == 1
    assert Client().get(f"/api/v1/budgeting/budgets/{budget.pk}/results").status_code == 404
    process_json = Client().get(f"/api/v1/budgeting/processes/{process.pk}").json()
    assert "votes" not in json.dumps(process_json)
    close_voting(process)
    assert post(url, {"code": other, "choices": {str(b.pk): 1}}).status_code == 422
    results.run_count(budget_id=budget.pk)
    lines = Client().get(f"/api/v1/budgeting/budgets/{budget.pk}/results").json()["lines"]
    assert [(line["title"], line["votes"], line["funded"]) for line in lines] == [
        ("A", 1, True),
        ("B", 0, False),
    ]


@pytest.mark.django_db
def test_throttled_ballots_are_told_so_in_the_callers_language(settings):
    settings.VOTE_IP_LIMIT = "1/m"
    process = make_process(make_county(), voter_check="code")
    budget = make_budget(process, amount=100)
    plan = make_plan(budget, cost=60, title="A")
    (code,) = voters.issue_codes(process=process, count=1)
    url = f"/api/v1/budgeting/budgets/{budget.pk}/ballots"
    body = json.dumps({"code": code, "choices": {str(plan.pk): 1}})
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")

    client.post(url, body, content_type="application/json")
    throttled = client.post(url, body, content_type="application/json")

    assert throttled.status_code == 429
    assert throttled.json()["message"] == (
        "För många röster från den här adressen. Vänta en stund och försök igen."
    )


@pytest.mark.django_db
def test_the_apis_refusals_are_in_the_callers_language():
    # given a vote by strong identification (not by codes) with no published result
    process = make_process(make_county(), voter_check="strong")
    budget = make_budget(process, amount=100)
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    # when a Swedish caller casts by code and asks for the result
    cast = client.post(
        f"/api/v1/budgeting/budgets/{budget.pk}/ballots",
        json.dumps({"code": "X", "choices": {}}),
        content_type="application/json",
    )
    result = client.get(f"/api/v1/budgeting/budgets/{budget.pk}/results")
    # then both refusals are in Swedish
    assert cast.status_code == 409
    assert cast.json()["message"] == "Den här omröstningen använder inte röstkoder."
    assert result.status_code == 404
    assert result.json()["message"] == "Inget publicerat resultat."
