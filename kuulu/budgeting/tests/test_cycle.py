"""The whole cycle through the services: process, proposals, plans, ballots, count, results,
follow-up."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kuulu.budgeting import ballots, implementation, plans, proposals, results
from kuulu.budgeting.models import Ballot, CountRun, Plan, Proposal
from kuulu.budgeting.tests.factories import (
    close_voting,
    make_budget,
    make_process,
    make_proposal,
    move_to,
    voter,
)
from kuulu.organisation.tests.factories import make_county


@pytest.mark.django_db
def test_whole_cycle_from_proposal_to_follow_up(django_capture_on_commit_callbacks, org):
    # given a process taking proposals
    process = make_process(org.county, phase="proposals", rule="greedy")
    idea = proposals.submit_proposal(
        process=process, title="Skatepark", description="By the school.", user=org.resident
    )
    dup = proposals.submit_proposal(
        process=process, title="Skeittipuisto", description="Same idea.", user=org.staff
    )
    # when staff review, merge the duplicate and cost plans
    move_to(process, "review")
    proposals.review_proposal(proposal=idea, actor=org.coordinator, feasibility="yes")
    proposals.merge_proposals(duplicate=dup, into=idea, actor=org.coordinator)
    proposals.decide_proposal(proposal=idea, accept=True, reason="", actor=org.coordinator)
    move_to(process, "codevelopment")
    budget = make_budget(process, amount=100)
    skate = plans.save_plan(
        budget=budget, title="Skatepark", description="d", cost=60, ideas=[idea]
    )
    bench = plans.save_plan(budget=budget, title="Benches", description="d", cost=50)
    lights = plans.save_plan(budget=budget, title="Lights", description="d", cost=40)
    # and residents vote
    move_to(process, "voting")
    for choice in [[skate], [skate], [skate, lights], [bench], [lights]]:
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(p.pk): 1 for p in choice})
    close_voting(process)
    run_id = results.run_count(budget_id=budget.pk)
    # then the result is published with reasons, and the funded plan can be followed up
    budget.refresh_from_db()
    assert budget.published_result_id == run_id
    published = results.published_result(budget)
    funded = {line.plan.title: (line.votes, line.funded) for line in published.lines}
    assert funded == {"Skatepark": (3, True), "Lights": (2, True), "Benches": (1, False)}
    assert list(skate.ideas.all()) == [idea]
    assert [p.pk for p in proposals.credited(idea)] == [idea.pk, dup.pk]
    update = implementation.update_implementation(
        plan=skate,
        actor=org.coordinator,
        status=Plan.Status.IN_PROGRESS,
        progress=40,
        text="Started",
    )
    assert update.progress == 40
    with pytest.raises(ValidationError):
        implementation.update_implementation(
            plan=bench, actor=org.coordinator, status="done", progress=100
        )


@pytest.mark.django_db
def test_second_ballot_of_a_person_replaces_the_first():
    county = make_county()
    process = make_process(county)
    budget = make_budget(process, amount=100)
    a = plans_for(budget, 40, 40)
    person = voter()
    ballots.cast_ballot(budget=budget, voter=person, choices={str(a[0].pk): 1})
    ballots.cast_ballot(budget=budget, voter=person, choices={str(a[1].pk): 1})
    assert list(Ballot.objects.values_list("choices", flat=True)) == [{str(a[1].pk): 1}]


@pytest.mark.django_db
def test_a_draft_save_of_a_submitted_ballot_is_refused_and_changes_nothing():
    process = make_process(make_county())
    budget = make_budget(process, amount=100)
    a, b = plans_for(budget, 40, 40)
    person = voter()
    ballots.cast_ballot(budget=budget, voter=person, choices={str(a.pk): 1}, submit=False)
    ballots.cast_ballot(budget=budget, voter=person, choices={str(b.pk): 1}, submit=False)
    assert Ballot.objects.get().choices == {str(b.pk): 1}  # a draft replaces a draft
    first = ballots.cast_ballot(budget=budget, voter=person, choices={str(a.pk): 1})
    with pytest.raises(ValidationError, match="already been submitted") as refused:
        ballots.cast_ballot(budget=budget, voter=person, choices={str(b.pk): 1}, submit=False)
    assert refused.value.code == "submitted"
    ballot = Ballot.objects.get()
    assert (ballot.status, ballot.choices) == ("submitted", {str(a.pk): 1})
    assert ballot.submitted_at == first.submitted_at
    changed = ballots.cast_ballot(budget=budget, voter=person, choices={str(b.pk): 1})
    assert (changed.status, changed.choices) == ("submitted", {str(b.pk): 1})
    # the time of the first submission stays: a changed vote is not a later vote
    assert changed.submitted_at == first.submitted_at


def plans_for(budget, *costs):
    from kuulu.budgeting.tests.factories import make_plan

    return [make_plan(budget, cost=c, title=f"P{i}") for i, c in enumerate(costs)]


@pytest.mark.django_db
def test_approval_ballot_over_the_budget_is_refused_and_nothing_saved():
    process = make_process(make_county())
    budget = make_budget(process, amount=100)
    a, b = plans_for(budget, 60, 50)
    with pytest.raises(ValidationError, match="more than the budget"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): 1, str(b.pk): 1})
    assert Ballot.objects.count() == 0


@pytest.mark.django_db
def test_pick_n_ballot_with_too_many_picks_is_refused():
    process = make_process(make_county())
    budget = make_budget(process, vote_type="choose", max_picks=2)
    chosen = plans_for(budget, 10, 10, 10)
    with pytest.raises(ValidationError, match="at most 2 plans"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(p.pk): 1 for p in chosen})
    assert Ballot.objects.count() == 0
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(chosen[0].pk): 1})
    assert Ballot.objects.count() == 1


@pytest.mark.django_db
def test_cumulative_ballot_keeps_points_and_refuses_too_many():
    process = make_process(make_county())
    budget = make_budget(process, vote_type="cumulative", points=10)
    a, b = plans_for(budget, 10, 10)
    with pytest.raises(ValidationError, match="you have 10 to share"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): 8, str(b.pk): 3})
    with pytest.raises(ValidationError, match="negative"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): -1, str(b.pk): 3})
    ballot = ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): 7, str(b.pk): 3})
    assert ballot.choices == {str(a.pk): 7, str(b.pk): 3}


@pytest.mark.django_db
def test_a_plan_of_another_budget_is_refused():
    process = make_process(make_county())
    budget = make_budget(process)
    other = make_budget(process, name="Kajaani")
    (foreign,) = plans_for(other, 10)
    with pytest.raises(ValidationError, match="not on this ballot"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(foreign.pk): 1})


@pytest.mark.django_db
@pytest.mark.parametrize("phase", ["codevelopment", "results"])
def test_voting_outside_the_voting_dates_is_refused(phase):
    process = make_process(make_county(), phase=phase)
    budget = make_budget(process)
    (plan,) = plans_for(budget, 10)
    with pytest.raises(ValidationError, match="Voting is not open"):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(plan.pk): 1})
    assert Ballot.objects.count() == 0


@pytest.mark.django_db
def test_too_young_voter_is_refused():
    process = make_process(make_county())
    budget = make_budget(process, min_age=12)
    (plan,) = plans_for(budget, 10)
    with pytest.raises(ValidationError, match="12 or older"):
        ballots.cast_ballot(budget=budget, voter=voter(age=11), choices={str(plan.pk): 1})
    ballots.cast_ballot(budget=budget, voter=voter(age=12), choices={str(plan.pk): 1})
    assert Ballot.objects.get().age_band == "12-17"


@pytest.mark.django_db
def test_interrupted_count_leaves_the_published_result_intact():
    process = make_process(make_county(), rule="greedy")
    budget = make_budget(process, amount=100)
    a, _b = plans_for(budget, 60, 50)
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): 1})
    close_voting(process)
    first = results.run_count(budget_id=budget.pk)
    with pytest.raises(RuntimeError):
        results.run_count(budget_id=budget.pk, fail_after_lines=1)
    budget.refresh_from_db()
    assert budget.published_result_id == first
    assert CountRun.objects.count() == 1
    assert [line.plan.pk for line in results.published_result(budget).lines if line.funded] == [
        a.pk
    ]


@pytest.mark.django_db
def test_counts_are_hidden_while_voting_is_open():
    process = make_process(make_county(), rule="greedy")
    budget = make_budget(process)
    (plan,) = plans_for(budget, 10)
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(plan.pk): 1})
    with pytest.raises(ValidationError):
        results.run_count(budget_id=budget.pk)
    with pytest.raises(ValidationError):
        results.export_pabulib(budget=budget, actor=None)
    assert results.published_result(budget) is None


@pytest.mark.django_db
def test_override_needs_a_public_reason(org):
    process = make_process(org.county, rule="greedy")
    budget = make_budget(process, amount=100)
    a, b = plans_for(budget, 60, 50)
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(a.pk): 1})
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    with pytest.raises(ValidationError):
        results.override_result(plan=b, funded=True, reason=" ", actor=org.admin)
    results.override_result(plan=b, funded=True, reason="Council added money.", actor=org.admin)
    budget.refresh_from_db()
    line = next(x for x in results.published_result(budget).lines if x.plan.pk == b.pk)
    assert (line.counted_funded, line.funded, line.override.reason) == (
        False,
        True,
        "Council added money.",
    )


@pytest.mark.django_db
def test_rejection_needs_a_public_reason(org):
    process = make_process(org.county, phase="review")
    idea = make_proposal(process)
    with pytest.raises(ValidationError):
        proposals.decide_proposal(proposal=idea, accept=False, reason="", actor=org.coordinator)
    proposals.decide_proposal(
        proposal=idea, accept=False, reason="Not a county task.", actor=org.coordinator
    )
    idea.refresh_from_db()
    assert (idea.status, idea.public_reason) == (Proposal.Status.REJECTED, "Not a county task.")


@pytest.mark.django_db
def test_merge_keeps_history_and_moves_support(org):
    process = make_process(org.county, phase="proposals")
    a = make_proposal(process, title="A")
    b = make_proposal(process, title="B")
    proposals.support(proposal=a, user=org.resident)
    proposals.support(proposal=b, user=org.resident)
    proposals.support(proposal=b, user=org.staff)
    proposals.merge_proposals(duplicate=b, into=a, actor=org.coordinator)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.support_count, b.support_count, b.status, b.merged_into_id) == (2, 0, "merged", a.pk)
    assert list(b.events.values_list("kind", flat=True)) == ["merged_into"]
    assert Proposal.objects.filter(pk=b.pk).exists()
    with pytest.raises(ValidationError):
        proposals.merge_proposals(duplicate=b, into=a, actor=org.coordinator)


@pytest.mark.django_db
def test_an_unconfirmed_proposal_is_not_merged_because_merging_would_publish_it(org):
    process = make_process(org.county, phase="proposals")
    a = make_proposal(process, title="A")
    unconfirmed = make_proposal(process, title="B", status=Proposal.Status.UNVERIFIED)
    for duplicate, into in ((unconfirmed, a), (a, unconfirmed)):
        with pytest.raises(ValidationError, match="not confirmed"):
            proposals.merge_proposals(duplicate=duplicate, into=into, actor=org.coordinator)
    unconfirmed.refresh_from_db()
    assert (unconfirmed.status, unconfirmed.is_public) == ("unverified", False)
    assert not unconfirmed.events.exists()


@pytest.mark.django_db
def test_support_once_per_person_and_closed_when_voting_starts(org):
    process = make_process(org.county, phase="proposals")
    a = make_proposal(process)
    assert proposals.support(proposal=a, user=org.resident) is True
    assert proposals.support(proposal=a, user=org.resident) is False
    move_to(process, "voting")
    with pytest.raises(ValidationError):
        proposals.support(proposal=a, user=org.staff)
    with pytest.raises(ValidationError):
        proposals.add_comment(proposal=a, user=org.staff, text="Hi")
