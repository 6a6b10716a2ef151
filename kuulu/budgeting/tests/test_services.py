"""Phases, eligibility, email codes, reminders and turnout suppression."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kuulu.budgeting import ballots, processes, selectors, voters
from kuulu.budgeting.models import Ballot, EmailCode, PaperBallot
from kuulu.budgeting.tasks import send_ballot_reminders
from kuulu.budgeting.tests.factories import make_budget, make_plan, make_process, voter
from kuulu.organisation.models import Municipality
from kuulu.organisation.tests.factories import make_county, make_municipality


@pytest.mark.django_db
def test_phase_dates_must_follow_each_other():
    process = make_process(make_county(), phase="proposals")
    review = process.phases.get(kind="review")
    with pytest.raises(ValidationError, match="starts before"):
        processes.set_phase_dates(
            process=process,
            dates={"review": (review.starts_at - timedelta(days=2), review.ends_at)},
        )
    with pytest.raises(ValidationError, match="end after it starts"):
        processes.set_phase_dates(
            process=process, dates={"review": (review.ends_at, review.starts_at)}
        )
    process.refresh_from_db()
    assert process.phases.get(kind="review").starts_at == review.starts_at
    assert processes.current_phase(process).kind == "proposals"


@pytest.mark.django_db
def test_residents_only_budget_refuses_people_of_other_municipalities():
    county = make_county()
    kajaani = make_municipality(county, code="205", name_fi="Kajaani")
    make_municipality(county, code="290", name_fi="Kuhmo")
    process = make_process(county)
    budget = make_budget(process, municipality=kajaani, residents_only=True)
    plan = make_plan(budget, cost=10)
    with pytest.raises(ValidationError, match="Only residents of Kajaani"):
        ballots.cast_ballot(
            budget=budget, voter=voter(municipality_code="290"), choices={str(plan.pk): 1}
        )
    county_wide = make_budget(process, residents_only=True)
    other = make_plan(county_wide, cost=10)
    with pytest.raises(ValidationError, match="residents of the county"):
        ballots.cast_ballot(
            budget=county_wide, voter=voter(municipality_code="091"), choices={str(other.pk): 1}
        )
    ballots.cast_ballot(
        budget=budget, voter=voter(municipality_code="205"), choices={str(plan.pk): 1}
    )
    assert Ballot.objects.count() == 1
    assert Municipality.objects.count() == 2


@pytest.mark.django_db
def test_email_code_expires_and_allows_five_attempts():
    process = make_process(make_county(), voter_check="email")
    row = EmailCode.objects.create(
        process=process,
        email_hash=voters.email_key("a@example.test"),
        code_hash=voters.email_code_hash("123456"),
        expires_at=timezone.now() + timedelta(minutes=5),
    )
    for _ in range(5):
        with pytest.raises(ValidationError):
            voters.voter_for_email_code(process=process, email="a@example.test", code="000000")
    with pytest.raises(ValidationError):  # right code, but too many attempts
        voters.voter_for_email_code(process=process, email="a@example.test", code="123456")
    row.attempts = 0
    row.expires_at = timezone.now() - timedelta(seconds=1)
    row.save()
    with pytest.raises(ValidationError):
        voters.voter_for_email_code(process=process, email="a@example.test", code="123456")


@pytest.mark.django_db
def test_one_reminder_for_an_unsubmitted_ballot(org, mailoutbox):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    ballots.cast_ballot(
        budget=budget,
        voter=voter(),
        choices={str(plan.pk): 1},
        submit=False,
        user=org.resident,
    )
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(plan.pk): 1}, user=org.staff)
    assert send_ballot_reminders.call() == 1
    assert send_ballot_reminders.call() == 0
    assert [m.to for m in mailoutbox] == [[org.resident.email]]


@pytest.mark.django_db
def test_turnout_hides_groups_under_five(org, settings):
    settings.KUULU_MIN_GROUP_SIZE = 5
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    for age, count in [(15, 3), (25, 6), (40, 9)]:
        for _ in range(count):
            ballots.cast_ballot(
                budget=budget,
                voter=voter(age=age, municipality_code="205"),
                choices={str(plan.pk): 1},
                language="fi",
            )
    PaperBallot.objects.create(
        budget=budget,
        booth=org.team_a1,
        sheet="1",
        voter_key="p" * 64,
        choices={str(plan.pk): 1},
        status="accepted",
        municipality_code="205",
    )
    turnout = selectors.turnout(budget)
    assert (turnout.total, turnout.online, turnout.paper) == (19, 18, 1)
    # 3 is hidden, and 6 too: otherwise 3 = 18 - 6 - 9
    ages = {row.label: row.count for row in turnout.by_age}
    assert ages == {"-": None, "12-17": None, "18-29": None, "30-49": 9}
    assert {row.label: row.count for row in turnout.by_area} == {"Kajaani": 19}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "counted_on_paper"),
    [("online_overrides", False), ("first_counts", True)],
)
def test_turnout_counts_a_person_who_voted_online_and_on_paper_once(
    org, settings, rule, counted_on_paper
):
    settings.KUULU_MIN_GROUP_SIZE = 1
    process = make_process(org.county, duplicate_rule=rule)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    both = "b" * 64
    # The sheet was entered before the online vote: under "the first vote counts" it is the
    # one counted, under "an online vote overrides a paper ballot" the online one is.
    PaperBallot.objects.create(
        budget=budget,
        booth=org.team_a1,
        sheet="1",
        voter_key=both,
        choices={str(plan.pk): 1},
        status="accepted",
        municipality_code="205",
        age_band="30-49",
        entered_at=timezone.now() - timedelta(minutes=5),
    )
    ballots.cast_ballot(
        budget=budget,
        voter=voter(key=both, age=40, municipality_code="205"),
        choices={str(plan.pk): 1},
        language="fi",
    )
    ballots.cast_ballot(
        budget=budget,
        voter=voter(age=40, municipality_code="205"),
        choices={str(plan.pk): 1},
        language="fi",
    )

    turnout = selectors.turnout(budget)

    expected = (2, 1, 1) if counted_on_paper else (2, 2, 0)
    assert (turnout.total, turnout.online, turnout.paper) == expected
    assert {row.label: row.count for row in turnout.by_area} == {"Kajaani": 2}
    assert {row.label: row.count for row in turnout.by_age} == {"30-49": 2}
    # Reading turnout decides nothing: the sheet's status is written by reconciliation only.
    assert PaperBallot.objects.get().status == "accepted"


@pytest.mark.django_db
def test_turnout_names_the_languages_in_the_page_language(org, settings):
    from django.utils import translation

    settings.KUULU_MIN_GROUP_SIZE = 1
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    for language in ("fi", "sv", "sv"):
        ballots.cast_ballot(
            budget=budget, voter=voter(), choices={str(plan.pk): 1}, language=language
        )
    PaperBallot.objects.create(
        budget=budget,
        booth=org.team_a1,
        sheet="1",
        voter_key="p" * 64,
        choices={str(plan.pk): 1},
        status="accepted",
    )

    with translation.override("fi"):
        rows = {row.label: row.count for row in selectors.turnout(budget).by_language}

    assert rows == {"suomi": 1, "paperilla": 1, "ruotsi": 2}
