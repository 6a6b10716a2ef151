import pytest
from django.test import Client
from django.urls import reverse

from kuulu.budgeting import processes, results, voters
from kuulu.budgeting.demo import CURRENT, DEMO_CODES, PAPER_CODE, PAST, load_budgeting_demo
from kuulu.budgeting.models import Ballot, PaperBallot, Process, VotingCode


@pytest.mark.django_db
def test_demo_has_a_counted_past_process_and_one_open_for_voting(org):
    assert load_budgeting_demo(org.county) == 2
    assert load_budgeting_demo(org.county) == 0  # idempotent
    past = Process.objects.get(title_fi=PAST)
    budget = past.budgets.get()
    result = results.published_result(budget)
    assert result.run.ballots_counted == 420
    funded = [line for line in result.lines if line.funded]
    assert funded
    assert sum(line.cost for line in funded) <= budget.amount
    assert processes.current_phase(past).kind == "implementation"
    current = Process.objects.get(title_fi=CURRENT)
    assert processes.voting_open(current)
    # a demo code votes through the real pages
    county_budget = current.budgets.get(municipality__isnull=True)
    plan = county_budget.plans.first()
    client = Client()
    client.post(reverse("budgeting:vote_code", args=[county_budget.pk]), {"code": DEMO_CODES[0]})
    before = Ballot.objects.filter(budget=county_budget).count()
    client.post(reverse("budgeting:vote", args=[county_budget.pk]), {f"plan_{plan.pk}": "on"})
    assert Ballot.objects.filter(budget=county_budget).count() == before + 1
    assert Client().get(reverse("budgeting:process", args=[past.pk])).status_code == 200


@pytest.mark.django_db
def test_the_demo_paper_ballot_carries_a_code_issued_for_its_process(org):
    load_budgeting_demo(org.county)
    current = Process.objects.get(title_fi=CURRENT)
    sheet = PaperBallot.objects.get()
    assert sheet.budget.process == current
    assert sheet.voter_key == voters.hash_code(PAPER_CODE)
    assert VotingCode.objects.filter(process=current, code_hash=sheet.voter_key).exists()
    assert PAPER_CODE not in DEMO_CODES  # the codes the README offers stay free
