import pytest

from kuulu.budgeting.tests.factories import make_budget, make_plan, make_process, make_proposal
from kuulu.outcomes.inputs import adapter


@pytest.mark.django_db
def test_plans_and_proposals_are_impact_trail_inputs(org):
    process = make_process(org.county)
    plan = make_plan(make_budget(process), title="Skatepark", cost=5000)
    idea = make_proposal(process, contact_email="a@example.test", title="Skatepark please")
    hidden = make_proposal(process, is_hidden=True)
    plans, proposals = adapter("budgeting_plan"), adapter("budgeting_proposal")
    assert plans.resolve([str(plan.pk)]) == {str(plan.pk): plan}
    assert plans.public_summary(plan) == "Participatory budgeting plan: Skatepark (5000 €)"
    assert plans.county_id(plan) == org.county.pk
    assert plans.can_view(org.coordinator, plan)
    assert not plans.can_view(org.resident, plan)
    assert proposals.public_summary(hidden) is None
    assert proposals.contributors(idea) == []  # email never confirmed
    assert [c.key for c in proposals.search(org.coordinator, org.county.pk, "please")] == [
        str(idea.pk)
    ]
