"""Follow-up with a photo, counting an uploaded Pabulib file, receipts, and query budgets."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kuulu.budgeting import ballots, results
from kuulu.budgeting.counting import count
from kuulu.budgeting.counting.pabulib import parse
from kuulu.budgeting.models import Plan, PlanUpdate
from kuulu.budgeting.tests.factories import (
    close_voting,
    make_budget,
    make_plan,
    make_process,
    make_proposal,
    voter,
)
from kuulu.budgeting.tests.test_views import png_bytes

ASSEN = Path(__file__).parent / "data" / "pabulib" / "Netherlands_Assen_2025.pb"


@pytest.mark.django_db
def test_follow_up_of_a_funded_plan_with_a_photo(org):
    process = make_process(org.county, rule="greedy")
    budget = make_budget(process, amount=100)
    funded = make_plan(budget, cost=60, title="Skatepark")
    not_funded = make_plan(budget, cost=50, title="Benches")
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(funded.pk): 1})
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    coordinator = Client()
    coordinator.force_login(org.coordinator)
    photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    response = coordinator.post(
        reverse("budgeting:follow_up", args=[funded.pk]),
        {
            "status": "in_progress",
            "progress": "30",
            "text": "Digging started.",
            "photo": photo,
            "photo_alt": "An excavator in the park",
        },
    )
    assert response.status_code == 302
    funded.refresh_from_db()
    assert (funded.status, funded.progress) == (Plan.Status.IN_PROGRESS, 30)
    page = Client().get(reverse("budgeting:plan", args=[funded.pk])).content.decode()
    assert "Digging started." in page
    assert "An excavator in the park" in page
    refused = coordinator.post(
        reverse("budgeting:follow_up", args=[not_funded.pk]),
        {"status": "done", "progress": "100", "text": "x"},
    )
    assert refused.status_code == 400
    assert PlanUpdate.objects.filter(plan=not_funded).count() == 0
    resident = Client()
    resident.force_login(org.resident)
    assert resident.get(reverse("budgeting:follow_up", args=[funded.pk])).status_code == 403


@pytest.mark.django_db
def test_uploaded_pabulib_file_is_counted_like_the_engine(org):
    client = Client()
    client.force_login(org.coordinator)
    text = ASSEN.read_text(encoding="utf-8")
    upload = SimpleUploadedFile("assen.pb", text.encode())
    response = client.post(reverse("budgeting:pabulib"), {"file": upload, "rule": "equal-shares"})
    assert response.status_code == 200
    expected = count(parse(text), "equal-shares")
    assert response.context["outcome"].result.selected == expected.selected


TOO_LARGE = (
    "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
    "1;100000000000000000000000\n2;5\nVOTES\nvoter_id;vote\n1;1,2\n2;2\n"
)


@pytest.mark.django_db
def test_pabulib_file_with_a_number_too_large_to_count_is_an_error_not_a_crash(org):
    # A cost beyond 64 bits passed the parser and crashed the engine (OverflowError, a 500).
    client = Client()
    client.force_login(org.coordinator)
    upload = SimpleUploadedFile("big.pb", TOO_LARGE.encode())
    response = client.post(reverse("budgeting:pabulib"), {"file": upload, "rule": "greedy"})
    assert response.status_code == 400
    assert b"A number in the file is too large to count." in response.content


@pytest.mark.django_db
def test_receipt_is_emailed_to_a_signed_in_voter(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    with django_capture_on_commit_callbacks(execute=True):
        ballot = ballots.cast_ballot(
            budget=budget, voter=voter(), choices={str(plan.pk): 1}, user=org.resident
        )
    assert mailoutbox[0].to == [org.resident.email]
    assert ballot.receipt in mailoutbox[0].body


@pytest.mark.django_db
def test_receipt_comes_in_the_language_the_vote_was_submitted_in(
    org, mailoutbox, django_capture_on_commit_callbacks
):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    person = voter()
    ballots.cast_ballot(
        budget=budget,
        voter=person,
        choices={str(plan.pk): 1},
        user=org.resident,
        submit=False,
        language="fi",
    )
    with django_capture_on_commit_callbacks(execute=True):
        ballot = ballots.cast_ballot(
            budget=budget,
            voter=person,
            choices={str(plan.pk): 1},
            user=org.resident,
            language="sv",
        )

    assert ballot.language == "sv"
    assert [m.subject for m in mailoutbox] == ["Din röst har registrerats"]


@pytest.mark.django_db
def test_reminder_command_reminds_once(org, mailoutbox):
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    ballots.cast_ballot(
        budget=budget, voter=voter(), choices={str(plan.pk): 1}, submit=False, user=org.resident
    )
    out = StringIO()
    call_command("send_budgeting_reminders", stdout=out)
    call_command("send_budgeting_reminders", stdout=out)
    assert out.getvalue().split("\n")[:2] == [
        "ballot reminders sent: 1",
        "ballot reminders sent: 0",
    ]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_process_page_query_count_does_not_grow_with_plans(org, django_assert_max_num_queries):
    process = make_process(org.county, phase="proposals")
    budget = make_budget(process)
    for i in range(3):
        make_plan(budget, title=f"P{i}")
        make_proposal(process, title=f"I{i}")
    client = Client()
    url = reverse("budgeting:process", args=[process.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as first:
        client.get(url)
    for i in range(20):
        make_plan(budget, title=f"Q{i}")
        make_proposal(process, title=f"J{i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def _phase_post(process, **changes):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    data = {}
    for phase in process.phases.all():
        data[f"{phase.kind}-starts_at"] = timezone.localtime(phase.starts_at).strftime(
            "%Y-%m-%dT%H:%M"
        )
        data[f"{phase.kind}-ends_at"] = timezone.localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M")
        data[f"{phase.kind}-explanation_fi"] = f"Vaihe {phase.kind}"
    data.update(changes)
    return data


@pytest.mark.django_db
def test_coordinator_edits_phases_all_or_nothing(org):
    process = make_process(org.county, phase="proposals")
    url = reverse("budgeting:phases", args=[process.pk])
    client = Client()
    client.force_login(org.coordinator)
    assert client.get(url).status_code == 200
    bad = _phase_post(process, **{"review-starts_at": "2000-01-01T10:00"})
    response = client.post(url, bad)
    assert response.status_code == 400
    assert b"starts before" in response.content
    assert not process.phases.get(kind="voting").explanation_fi
    assert client.post(url, _phase_post(process)).status_code == 302
    assert process.phases.get(kind="voting").explanation_fi == "Vaihe voting"
    manager = Client()
    manager.force_login(org.manager)
    assert manager.post(url, _phase_post(process)).status_code == 403


@pytest.mark.django_db
def test_coordinator_sets_up_a_process_with_a_budget_and_publishes_it(org):
    from kuulu.budgeting.models import Budget, Process

    client = Client()
    client.force_login(org.coordinator)
    response = client.post(
        reverse("budgeting:process_new"),
        {
            "title_fi": "Kylien budjetti",
            "starts_at": "2030-01-01T09:00",
            "voter_check": "strong",
            "rule": "equal-shares",
            "duplicate_rule": "first_counts",
        },
    )
    process = Process.objects.get()
    assert response["Location"].endswith(reverse("budgeting:phases", args=[process.pk]))
    assert (process.county_id, process.is_published, process.phases.count()) == (
        org.county.pk,
        False,
        7,
    )
    assert Client().get(reverse("budgeting:process", args=[process.pk])).status_code == 404
    url = reverse("budgeting:budget_new", args=[process.pk])
    missing_n = client.post(
        url, {"name_fi": "Kajaani", "amount": 1000, "vote_type": "choose", "min_age": 12}
    )
    assert missing_n.status_code == 400
    client.post(
        url,
        {
            "name_fi": "Kajaani",
            "amount": 1000,
            "vote_type": "choose",
            "max_picks": 3,
            "min_age": 12,
        },
    )
    assert Budget.objects.get().max_picks == 3
    client.post(reverse("budgeting:publish", args=[process.pk]), {"published": "1"})
    assert Client().get(reverse("budgeting:process", args=[process.pk])).status_code == 200
    staff = Client()
    staff.force_login(org.staff)
    assert (
        staff.post(reverse("budgeting:publish", args=[process.pk]), {"published": "0"}).status_code
        == 403
    )
    assert staff.get(reverse("budgeting:process_new")).status_code == 403
    process.refresh_from_db()
    assert process.is_published


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"), [("amount", 2**31), ("points", 2**15), ("max_picks", 2**15)]
)
def test_budget_numbers_beyond_the_columns_are_form_errors(org, field, value):
    # On PostgreSQL these overflow integer / smallint columns: a DataError and a 500.
    from kuulu.budgeting.models import Budget

    process = make_process(org.county, phase="codevelopment")
    client = Client()
    client.force_login(org.coordinator)
    data = {"name_fi": "Kajaani", "amount": 1000, "vote_type": "cumulative", "points": 10}
    data |= {"min_age": 12, "max_picks": 3, field: value}
    response = client.post(reverse("budgeting:budget_new", args=[process.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Budget.objects.exists()


@pytest.mark.django_db
def test_review_cost_estimate_beyond_the_column_is_a_form_error(org):
    proposal = make_proposal(make_process(org.county, phase="review"))
    client = Client()
    client.force_login(org.coordinator)
    response = client.post(
        reverse("budgeting:review", args=[proposal.pk]),
        {"action": "review", "cost_estimate": 2**31},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.cost_estimate is None


@pytest.mark.django_db
def test_plan_edits_before_voting_only(org):
    process = make_process(org.county, phase="codevelopment")
    budget = make_budget(process, amount=100)
    plan = make_plan(budget, cost=30, title="Old")
    idea = make_proposal(process, status="accepted")
    client = Client()
    client.force_login(org.coordinator)
    url = reverse("budgeting:plan_edit", args=[plan.pk])
    data = {
        "budget": budget.pk,
        "title_fi": "New",
        "description_fi": "d",
        "cost": 40,
        "ideas": [idea.pk],
    }
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.cost, list(plan.ideas.all())) == ("New", 40, [idea])
    assert client.post(url, {**data, "cost": 500}).status_code == 400  # more than the budget
    from kuulu.budgeting.tests.factories import move_to

    move_to(process, "voting")
    refused = client.post(url, {**data, "title_fi": "Changed during voting"})
    assert refused.status_code == 400
    plan.refresh_from_db()
    assert plan.title == "New"


@pytest.mark.django_db
def test_a_voting_phase_ending_at_local_midnight_is_open_until_the_day_before(client, org):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from kuulu.budgeting.models import Phase

    process = make_process(org.county)
    # Voting closes when the next Helsinki day begins, 00:00 local (22:00 or 21:00 UTC).
    today = timezone.localdate()
    midnight = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(0, 0)))
    Phase.objects.filter(process=process, kind="results").update(
        starts_at=midnight, ends_at=midnight + timedelta(days=7)
    )
    Phase.objects.filter(process=process, kind="voting").update(ends_at=midnight)
    last_day = f"{today.day}.{today.month}.{today.year}"
    closed_day = f"{midnight.day}.{midnight.month}.{midnight.year}"

    index = client.get(reverse("budgeting:index")).content.decode()
    page = client.get(reverse("budgeting:process", args=[process.pk])).content.decode()
    front = client.get(reverse("portal:front")).content.decode()

    assert f"until {last_day})" in front
    assert f"until {closed_day}" not in front
    assert f"until {last_day})" in index
    assert f"until {closed_day}" not in index
    assert f"\N{EN DASH}{last_day}</p>" in page
    assert f"\N{EN DASH}{last_day} (now)" in page
    assert f"\N{EN DASH}{closed_day}</p>" not in page
    assert f"\N{EN DASH}{closed_day} (now)" not in page


@pytest.mark.django_db
def test_cumulative_results_are_listed_by_points(client, org):
    process = make_process(org.county, rule="greedy")
    budget = make_budget(process, amount=1_000, vote_type="cumulative", points=10)
    many_points = make_plan(budget, cost=100, title="Library")
    many_voters = make_plan(budget, cost=100, title="Benches")
    ballots.cast_ballot(budget=budget, voter=voter(), choices={str(many_points.pk): 10})
    for _ in range(2):
        ballots.cast_ballot(budget=budget, voter=voter(), choices={str(many_voters.pk): 1})
    close_voting(process)
    results.run_count(budget_id=budget.pk)
    budget.refresh_from_db()

    result = results.published_result(budget)
    api = client.get(f"/api/v1/budgeting/budgets/{budget.pk}/results").json()

    assert [(line.plan.pk, line.score, line.votes) for line in result.lines] == [
        (many_points.pk, 10, 1),
        (many_voters.pk, 2, 2),
    ]
    assert [line["plan_id"] for line in api["lines"]] == [many_points.pk, many_voters.pk]


@pytest.mark.django_db
def test_a_plan_gets_its_swedish_and_english_texts_from_staff_working_in_swedish(org):
    from django.utils import translation

    process = make_process(org.county, phase="codevelopment")
    budget = make_budget(process, amount=100)
    client = Client()
    client.force_login(org.coordinator)
    with translation.override("sv"):
        url = reverse("budgeting:plan_new", args=[process.pk])
    assert url.startswith("/sv/")
    data = {
        "budget": budget.pk,
        "title_fi": "Skeittipuisto",
        "title_sv": "Skejtpark",
        "description_fi": "Ramppeja koulun viereen.",
        "description_sv": "Ramper vid skolan.",
        "plain_description_en": "Ramps by the school.",
        "cost": 40,
    }

    response = client.post(url, data)

    assert response.status_code == 302
    plan = Plan.objects.get(budget=budget)
    assert (plan.title_fi, plan.title_sv, plan.title_en) == ("Skeittipuisto", "Skejtpark", "")
    assert (plan.description_fi, plan.description_sv) == (
        "Ramppeja koulun viereen.",
        "Ramper vid skolan.",
    )
    assert plan.plain_description_en == "Ramps by the school."
    for language, title in [("fi", "Skeittipuisto"), ("sv", "Skejtpark")]:
        with translation.override(language):
            page = Client().get(reverse("budgeting:plan", args=[plan.pk])).content.decode()
        assert f"<h1>{title}</h1>" in page
    with translation.override("sv"):
        edit = client.get(reverse("budgeting:plan_edit", args=[plan.pk])).content.decode()
    assert 'value="Skeittipuisto"' in edit
    assert 'value="Skejtpark"' in edit


@pytest.mark.django_db
def test_turnout_page_names_the_configured_smallest_group(org, settings):
    settings.KUULU_MIN_GROUP_SIZE = 10
    process = make_process(org.county)
    budget = make_budget(process)
    plan = make_plan(budget, cost=10)
    for _ in range(7):
        ballots.cast_ballot(budget=budget, voter=voter(age=40), choices={str(plan.pk): 1})
    client = Client()
    client.force_login(org.coordinator)

    page = client.get(reverse("budgeting:turnout", args=[budget.pk])).content.decode()

    # the group of 7 is hidden: it is not "fewer than 5"
    assert "fewer than 5" not in page
    assert "<td>fewer than 10</td>" in page
    assert "Groups with fewer than 10 voters are not shown" in page
    from django.utils import translation

    with translation.override("fi"):
        finnish = client.get(reverse("budgeting:turnout", args=[budget.pk])).content.decode()
    assert "<td>alle 10</td>" in finnish
    assert "Alle 10 äänestäjän ryhmiä ei näytetä" in finnish
