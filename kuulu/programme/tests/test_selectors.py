from datetime import date

import pytest

from kuulu.organisation.access import actor_for
from kuulu.organisation.tests.factories import make_county
from kuulu.programme import attention, follow_up, selectors, structure
from kuulu.programme.selectors import Target
from kuulu.programme.tests.factories import (
    make_goal,
    make_indicator,
    make_measure,
    make_programme,
)
from kuulu.workspace.attention import Urgency

pytestmark = pytest.mark.django_db


def _approve(programme):
    return structure.approve_programme(
        programme=programme, approval_body="Aluehallitus", approved_on=date(2025, 1, 20)
    )


def test_current_programme_prefers_the_approved_one_covering_the_year(org):
    assert selectors.current_programme(county_id=org.county.pk) is None
    old = make_programme(org.county, title_fi="Vanha", start_year=2021, end_year=2024)
    draft = make_programme(org.county, title_fi="Luonnos", start_year=2029, end_year=2032)

    assert selectors.current_programme(county_id=org.county.pk, year=2026) == draft
    assert selectors.current_programme(county_id=org.county.pk, approved_only=True) is None

    make_goal(old)
    old = _approve(old)
    assert selectors.current_programme(county_id=org.county.pk, year=2026) == old
    current = make_programme(org.county, title_fi="Nykyinen", approved=True)
    assert selectors.current_programme(county_id=org.county.pk, year=2026) == current
    assert selectors.current_programme(county_id=org.county.pk, year=2023) == old
    assert selectors.current_programme(county_id=make_county().pk) is None


def test_targets_for_gives_the_current_programmes_targets_by_code(org):
    programme = make_programme(org.county)
    first = make_goal(programme, position=0, title_fi="Tieto")
    second = make_goal(programme, position=3, title_fi="Strategia")
    make_indicator(first, code="feedback_on_time", baseline=68.0, baseline_year=2024, target=90.0)
    make_indicator(second, code="feedback_on_time", target=95.0, target_year=2027)
    make_indicator(second, code="inputs_traced_share", target=50.0)

    targets = selectors.targets_for(county_id=org.county.pk)

    assert targets == {
        "feedback_on_time": Target(
            code="feedback_on_time",
            baseline=68.0,
            baseline_year=2024,
            target=90.0,
            target_year=2028,
            goal_id=first.pk,
            goal_title="Tieto",
        ),
        "inputs_traced_share": Target(
            code="inputs_traced_share",
            baseline=None,
            baseline_year=None,
            target=50.0,
            target_year=2028,
            goal_id=second.pk,
            goal_title="Strategia",
        ),
    }
    assert selectors.targets_for(county_id=make_county().pk) == {}


@pytest.fixture
def progress(org):
    """An approved programme with five measures in different states."""
    programme = make_programme(org.county)
    goal = make_goal(programme, title_fi="Kuulluksi tuleminen")
    make_indicator(goal, code="feedback_nps", baseline=35.0, baseline_year=2024, target=50.0)
    measures = {
        "late": make_measure(goal, responsible_unit=org.unit_a, due_on=date(2026, 3, 31)),
        "reported": make_measure(goal, responsible_unit=org.team_a1),
        "unreported": make_measure(
            goal, responsible_unit=org.unit_b, responsible_person=org.other_staff_person
        ),
        "later": make_measure(goal, starts_on=date(2026, 5, 1)),
        "done": make_measure(goal, status="done", due_on=date(2025, 6, 30)),
    }
    programme = _approve(programme)
    for quarter, status in ((4, "in_progress"), (1, "delayed")):
        follow_up.record_follow_up(
            measure=measures["reported"],
            data={
                "year": 2026 if quarter == 1 else 2025,
                "quarter": quarter,
                "status": status,
                "note": f"Q{quarter}",
            },
            today=date(2026, 4, 10),
        )
    follow_up.record_follow_up(
        measure=measures["late"],
        data={"year": 2026, "quarter": 1, "status": "in_progress"},
        today=date(2026, 4, 10),
    )
    return programme, goal, measures


def test_programme_summary_counts_statuses_and_measures_needing_follow_up(org, progress):
    programme, _goal, measures = progress

    summary = selectors.programme_summary(county_id=org.county.pk, today=date(2026, 4, 10))

    assert (summary.programme_id, summary.status, summary.period_label) == (
        programme.pk,
        "approved",
        "2025\u20132028",
    )
    assert summary.measures_by_status == {
        "planned": 2,
        "in_progress": 1,
        "done": 1,
        "delayed": 1,
        "cancelled": 0,
    }
    assert (summary.measure_count, summary.needs_follow_up, summary.done_share) == (5, 2, 20)
    assert [p.kind for p in summary.perspectives] == [
        "information",
        "service",
        "development",
        "strategy",
    ]
    (goal_summary,) = summary.perspectives[0].goals
    assert goal_summary.title == "Kuulluksi tuleminen"
    assert [(t.code, t.baseline, t.target) for t in goal_summary.indicators] == [
        ("feedback_nps", 35.0, 50.0)
    ]
    by_id = {m.id: m for m in goal_summary.measures}
    assert {name: by_id[m.pk].needs_follow_up for name, m in measures.items()} == {
        "late": True,
        "reported": False,
        "unreported": True,
        "later": False,
        "done": False,
    }
    reported = by_id[measures["reported"].pk]
    assert reported.responsible_unit == "Kotihoito Kajaani"
    assert [f.label for f in reported.follow_ups] == ["2026 Q1", "2025 Q4"]
    assert reported.last_follow_up.status == "delayed"


def test_programme_summary_runs_a_fixed_number_of_queries(org, progress, django_assert_num_queries):
    with django_assert_num_queries(6):
        selectors.programme_summary(county_id=org.county.pk, today=date(2026, 4, 10))


def test_progress_for_a_period_limits_follow_ups_to_it(org, progress):
    _programme, _goal, measures = progress

    summary = selectors.programme_progress_for_period(
        county_id=org.county.pk, start=date(2025, 1, 1), end=date(2025, 12, 31)
    )

    by_id = {m.id: m for m in summary.perspectives[0].goals[0].measures}
    reported = by_id[measures["reported"].pk]
    assert [f.label for f in reported.follow_ups] == ["2025 Q4"]
    assert reported.status == "in_progress"
    assert summary.measures_by_status == {
        "planned": 3,
        "in_progress": 1,
        "done": 1,
        "delayed": 0,
        "cancelled": 0,
    }
    # On 1 January 2026 the 2025 Q4 follow-up was due: only "reported" had it.
    assert summary.needs_follow_up == 2


def test_no_programme_gives_an_empty_summary(org):
    summary = selectors.programme_summary(county_id=org.county.pk, today=date(2026, 4, 10))

    assert summary.exists is False
    assert summary.measures_by_status == {
        "planned": 0,
        "in_progress": 0,
        "done": 0,
        "delayed": 0,
        "cancelled": 0,
    }
    assert summary.perspectives == ()


def test_the_database_rule_agrees_with_the_pure_rule(org, progress):
    _programme, _goal, measures = progress
    due = selectors.measures_due_for_follow_up(county_id=org.county.pk, today=date(2026, 4, 10))

    assert set(due.values_list("pk", flat=True)) == {
        measures["late"].pk,
        measures["unreported"].pk,
    }
    assert not selectors.measures_due_for_follow_up(
        county_id=make_county().pk, today=date(2026, 4, 10)
    ).exists()


def test_no_follow_up_is_due_after_the_programme_period(org):
    programme = make_programme(org.county, approved=True)  # 2025-2028
    goal = programme.perspectives.first().goals.first()
    running = make_measure(goal, title_fi="Käynnissä", starts_on=date(2025, 1, 1))
    late = make_measure(goal, title_fi="Myöhässä", due_on=date(2028, 12, 31))

    def due(today):
        found = selectors.measures_due_for_follow_up(county_id=org.county.pk, today=today)
        summary = selectors.summary_of(programme, today=today)
        assert summary.needs_follow_up == found.count(), today  # the two rules agree
        return set(found.values_list("pk", flat=True))

    assert due(date(2029, 1, 10)) == {running.pk, late.pk}  # 2028 Q4, the last quarter
    follow_up.record_follow_up(
        measure=running,
        data={"year": 2028, "quarter": 4, "status": "in_progress"},
        today=date(2029, 1, 10),
    )
    assert due(date(2029, 1, 10)) == {late.pk}
    # 2029 Q1 is after the period: only the measure past its due date needs attention.
    running.follow_ups.all().delete()
    assert due(date(2029, 4, 10)) == {late.pk}


def test_attention_counts_for_each_role(org, progress):
    today = date(2026, 4, 10)

    def items(user):
        return {
            (i.key, i.count, i.urgency, i.due)
            for i in attention.measures_due_for_follow_up(actor_for(user), today)
        }

    late = ("programme-measures-late", 1, Urgency.OVERDUE, date(2026, 3, 31))
    missing = ("programme-follow-up-due", 1, Urgency.DUE_SOON, date(2026, 3, 31))
    assert items(org.coordinator) == {late, missing}
    assert items(org.manager) == {late}  # unit_a's subtree
    assert items(org.other_staff) == {missing}  # responsible person of "unreported"
    assert items(org.staff) == set()
    assert items(org.resident) == set()


def test_attention_runs_one_query(org, progress, django_assert_num_queries):
    actor = actor_for(org.coordinator)
    with django_assert_num_queries(1):
        attention.measures_due_for_follow_up(actor, date(2026, 4, 10))


def test_follow_up_list_shows_own_measures_needing_follow_up_first(org, progress):
    _programme, _goal, measures = progress

    listed = selectors.follow_up_list(
        actor_for(org.manager), county_id=org.county.pk, today=date(2026, 4, 10)
    )

    assert [(m.pk, m.needs_follow_up) for m in listed] == [
        (measures["late"].pk, True),
        (measures["reported"].pk, False),
    ]


@pytest.mark.parametrize(
    ("done", "open_", "cancelled", "share"),
    [
        (1, 7, 0, 13),  # 12.5 % rounds half up, as people round (Python's round() gave 12)
        (5, 3, 0, 63),  # 62.5 %
        (199, 1, 0, 99),  # 99.5 %: never "100 % done" while a measure is still open
        (1, 200, 0, 1),  # 0.5 %: never 0 % once one is done
        (0, 3, 0, 0),
        (3, 0, 2, 100),
        (0, 0, 2, None),  # all cancelled: no share to give
    ],
)
def test_the_done_share_rounds_half_up_and_is_100_or_0_only_when_exact(
    done, open_, cancelled, share
):
    summary = selectors.ProgrammeSummary(
        programme_id=1,
        measure_count=done + open_ + cancelled,
        measures_by_status={"done": done, "in_progress": open_, "cancelled": cancelled},
    )

    assert summary.done_share == share
