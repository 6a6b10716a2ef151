import pytest

from kuulu.budgeting.attention import budgeting_work
from kuulu.budgeting.models import PaperBallot
from kuulu.budgeting.tests.factories import make_budget, make_process, make_proposal
from kuulu.organisation.access import actor_for


@pytest.mark.django_db
def test_coordinators_see_proposals_to_review_and_paper_mismatches(org):
    process = make_process(org.county, phase="review")
    make_proposal(process)
    make_proposal(process)
    make_proposal(process, status="accepted")
    budget = make_budget(process)
    PaperBallot.objects.create(
        budget=budget, booth=org.team_a1, sheet="1", voter_key="k" * 64, status="mismatch"
    )
    items = budgeting_work(actor_for(org.coordinator), None)
    assert [(i.key, i.count) for i in items] == [
        (f"budgeting-proposals-{process.pk}", 2),
        (f"budgeting-paper-mismatch-{budget.pk}", 1),
    ]
    assert budgeting_work(actor_for(org.manager), None) == []
