"""The leadership view: who may open it, exact aggregates by service area, suppression of small
counts of persons, the period filter and county separation."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuulu.assignments.models import Assignment
from kuulu.assignments.tests.factories import make_course
from kuulu.channels.models import StatementRequest
from kuulu.channels.tests.factories import make_council
from kuulu.feedback.models import Complaint, Feedback
from kuulu.feedback.rollup import rebuild_rollup
from kuulu.feedback.tests.factories import make_theme
from kuulu.indicators.types import Period
from kuulu.learning.models import CourseCompletion
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.workspace.leadership import _reached, leadership_overview

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
_ref = itertools.count(1)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def at(offset: int) -> datetime:
    return timezone.make_aware(datetime.combine(day(offset), time(12)))


def overdue_feedback(county, unit, n, theme=None):  # type: ignore[no-untyped-def]
    for _ in range(n):
        Feedback.objects.create(
            county=county,
            reference=f"L{next(_ref)}",
            kind=Feedback.Kind.DISSATISFACTION,
            unit=unit,
            theme=theme,
            text="Jono",
            due_on=day(-2),
            received_at=at(-20),
        )


def overdue_complaint(county, unit):  # type: ignore[no-untyped-def]
    Complaint.objects.create(
        county=county,
        reference=f"LM{next(_ref)}",
        act=Complaint.Act.PATIENT,
        unit=unit,
        complainant_name="M",
        description="x",
        due_on=day(-1),
    )


def leaders(org):  # type: ignore[no-untyped-def]
    director = make_person(org.county, kind="staff", unit=org.area_b, is_manager=True)
    elected = make_person(org.county, kind="elected_official")
    county = make_county()
    area = make_unit(county, code="o-area")
    other = make_person(county, kind="staff", unit=area, is_coordinator=True)
    return {"director": director.user, "elected": elected.user, "other_county": other.user}


ACCESS = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,  # manages a unit, not a service area
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(ACCESS))
def test_leadership_view_role_matrix(role, clients):
    response = clients[role].get("/fi/workspace/leadership/")
    assert response.status_code == ACCESS[role]


@pytest.mark.parametrize("who", ["director", "elected", "other_county"])
def test_service_area_directors_elected_officials_and_other_counties_coordinators(who, org):
    client = Client()
    client.force_login(leaders(org)[who])
    assert client.get("/fi/workspace/leadership/").status_code == 200


def test_leadership_is_a_module_for_leaders_only(clients, org):
    people = leaders(org)
    for role in ("coordinator", "admin"):
        keys = [m.key for m in clients[role].get("/fi/workspace/").context["modules"]]
        assert keys[0] == "leadership"
    for user in (people["director"], people["elected"]):
        client = Client()
        client.force_login(user)
        assert client.get("/fi/workspace/").context["modules"][0].key == "leadership"
    for role in ("staff", "manager", "resident"):
        keys = [m.key for m in clients[role].get("/fi/workspace/").context["modules"]]
        assert "leadership" not in keys


def test_overdue_counts_by_service_area_with_small_counts_hidden(org):
    # given: feedback overdue 6 (area a) and 7 (area b), formal complaints 5 and 0, one statement
    # request past its deadline (area b), and another county's items
    overdue_feedback(org.county, org.team_a1, 4)
    overdue_feedback(org.county, org.unit_a, 2)
    overdue_feedback(org.county, org.unit_b, 7)
    overdue_feedback(org.county, None, 1)  # no unit: in the county's total only
    for _ in range(5):
        overdue_complaint(org.county, org.unit_a)
    council = make_council(org.county)
    StatementRequest.objects.create(
        channel=council,
        title="Palveluverkko",
        requested_on=day(-40),
        deadline=day(-3),
        requesting_unit=org.unit_b,
    )
    county = make_county()
    overdue_feedback(county, make_unit(county), 9)

    # when
    view = leadership_overview(county_id=org.county.pk, period=Period.year(2026), today=TODAY)

    # then
    area_a, area_b = view.areas  # ordered by name: "Ikäihmisten palvelut", "Perhepalvelut"
    assert (area_a.unit, area_b.unit) == (org.area_a, org.area_b)
    assert (area_a.feedback_overdue.shown, area_b.feedback_overdue.shown) == (6, 7)
    assert view.total.feedback_overdue.shown == 14
    assert (area_a.complaints_overdue.shown, area_b.complaints_overdue.shown) == (5, 0)
    assert (area_a.statements_overdue, area_b.statements_overdue) == (0, 1)
    assert view.total.statements_overdue == 1
    assert view.programme is None
    assert view.targets == []


def test_a_single_small_count_hides_the_smallest_other_too(org):
    overdue_feedback(org.county, org.unit_a, 2)
    overdue_feedback(org.county, org.unit_b, 8)
    view = leadership_overview(county_id=org.county.pk, period=Period.year(2026), today=TODAY)
    area_a, area_b = view.areas
    assert (area_a.feedback_overdue.hidden, area_b.feedback_overdue.hidden) == (True, True)
    assert (view.total.feedback_overdue.hidden, view.total.feedback_overdue.value) == (False, 10)


def test_staff_with_overdue_training_by_service_area(org):
    assignment = Assignment.objects.create(
        county=org.county, course=make_course(org.county), due_on=day(-3)
    )
    for _ in range(2):
        make_person(org.county, kind="staff", unit=org.team_a1)
    CourseCompletion.objects.create(
        user=org.other_staff, course=assignment.course, completed_at=at(-10)
    )
    view = leadership_overview(county_id=org.county.pk, period=Period.year(2026), today=TODAY)
    area_a, area_b = view.areas
    # coordinator, manager, staff and the two new staff in area a; area b's one has done it
    assert (area_a.training_overdue.shown, area_b.training_overdue.shown) == (5, 0)
    assert view.total.training_overdue.shown == 5


def test_top_themes_follow_the_period_and_hide_small_counts(org):
    waiting = make_theme(org.county, code="waiting", name_en="Waiting times")
    staff = make_theme(org.county, code="staff", name_fi="Henkilökunta", name_en="Staff")
    overdue_feedback(org.county, org.unit_a, 6, theme=waiting)
    overdue_feedback(org.county, org.unit_a, 2, theme=staff)
    rebuild_rollup(org.county.pk, None)

    view = leadership_overview(county_id=org.county.pk, period=Period.year(2026), today=TODAY)
    assert [(t.label, t.count.shown) for t in view.themes] == [
        ("Jonotus", 6),
        ("Henkilökunta", None),
    ]
    earlier = leadership_overview(
        county_id=org.county.pk, period=Period.quarter(2026, 1), today=TODAY
    )
    assert earlier.themes == []


def test_the_page_shows_the_chosen_period_and_the_counts(clients, org):
    overdue_feedback(org.county, org.unit_b, 7)
    response = clients["coordinator"].get("/en/workspace/leadership/?year=2026&quarter=2")
    assert response.status_code == 200
    assert response.context["view"].period == Period.quarter(2026, 2)
    html = response.content.decode()
    assert "2026 Q2" in html
    assert "<td>7</td>" in html
    bad = clients["coordinator"].get("/en/workspace/leadership/?year=1999")
    assert bad.status_code == 200
    assert 'class="error-summary"' in bad.content.decode()


def test_another_countys_coordinator_sees_only_their_own_county(org):
    overdue_feedback(org.county, org.unit_b, 7)
    other = leaders(org)["other_county"]
    client = Client()
    client.force_login(other)
    view = client.get("/en/workspace/leadership/").context["view"]
    assert [a.unit.code for a in view.areas] == ["o-area"]
    assert view.total.feedback_overdue.value == 0


def test_leadership_page_query_count_does_not_grow_with_data(
    clients, org, django_assert_max_num_queries, django_assert_num_queries
):
    overdue_feedback(org.county, org.unit_a, 6)
    Assignment.objects.create(county=org.county, course=make_course(org.county), due_on=day(-3))
    clients["coordinator"].get("/fi/workspace/leadership/")
    with django_assert_max_num_queries(60) as ctx:
        clients["coordinator"].get("/fi/workspace/leadership/")
    first = len(ctx.captured_queries)
    # more rows of every kind (the number of service areas is configuration, not data: each
    # adds its own indicator figures)
    overdue_feedback(org.county, org.unit_b, 30)
    for _ in range(5):
        overdue_complaint(org.county, org.unit_b)
        make_person(org.county, kind="staff", unit=org.unit_b, with_user=False)
    Assignment.objects.create(county=org.county, course=make_course(org.county), due_on=day(-4))
    clients["coordinator"].get("/fi/workspace/leadership/")  # the indicators' cache is warm
    with django_assert_num_queries(first):
        clients["coordinator"].get("/fi/workspace/leadership/")


@pytest.mark.parametrize(
    ("value", "target", "direction", "baseline", "expected"),
    [
        # a target of 0 is met only by a value on its right side
        (-10.0, 0.0, "higher", None, 0),
        (0.0, 0.0, "higher", None, 100),
        (3.0, 0.0, "lower", None, 0),
        (0.0, 0.0, "lower", None, 100),
        # below zero, a ratio of two negatives is not "200 %"
        (-10.0, -5.0, "higher", None, 0),
        # with a baseline: the way covered from it towards the target
        (-10.0, 0.0, "higher", -20.0, 50),
        (3.0, 0.0, "lower", 10.0, 70),
        (79.0, 90.0, "higher", 68.0, 50),
        # without one: the ratio of two positives
        (45.0, 90.0, "higher", None, 50),
        (14.0, 7.0, "lower", None, 50),
        # 100 only when the target is met, halves rounded up otherwise
        (79.6, 80.0, "higher", None, 99),
        (7.03, 7.0, "lower", None, 99),
        (90.0, 90.0, "higher", 68.0, 100),
        (95.0, 90.0, "higher", 68.0, 100),
        (1.0, 8.0, "higher", None, 13),
        (60.0, 90.0, "higher", 70.0, 0),  # worse than the baseline
    ],
)
def test_target_reached_is_100_only_when_the_target_is_met(
    value, target, direction, baseline, expected
):
    assert _reached(value, target, direction, baseline) == expected


def test_a_recommendation_score_short_of_a_target_of_zero_is_not_shown_as_reached(org):
    # given: the programme's target for the recommendation score is 0, from -40; this period's
    # five scored feedback give -20 (one promoter, two detractors)
    from kuulu.programme.tests.factories import make_goal, make_indicator, make_programme

    goal = make_goal(make_programme(org.county, approved=True))
    make_indicator(goal, code="feedback_nps", target=0.0, baseline=-40.0, baseline_year=2025)
    for score in (9, 3, 5, 7, 8):
        Feedback.objects.create(
            county=org.county,
            reference=f"L{next(_ref)}",
            kind=Feedback.Kind.DISSATISFACTION,
            unit=org.unit_a,
            text="Jono",
            score=score,
            received_at=at(-20),
        )

    # when
    view = leadership_overview(county_id=org.county.pk, period=Period.year(2026), today=TODAY)

    # then: half the way from -40 to 0, not "100 %"
    (row,) = view.targets
    assert (row.code, row.reached) == ("feedback_nps", 50)


def test_top_themes_are_named_in_the_pages_language(clients, org):
    # given: one theme named in Finnish and English, one in Finnish only
    waiting = make_theme(org.county, code="waiting", name_en="Waiting times")
    staff = make_theme(org.county, code="staff", name_fi="Henkilökunta", name_en="")
    overdue_feedback(org.county, org.unit_a, 7, theme=waiting)
    overdue_feedback(org.county, org.unit_a, 6, theme=staff)
    rebuild_rollup(org.county.pk, None)

    # when
    english = clients["coordinator"].get("/en/workspace/leadership/").context["view"]
    finnish = clients["coordinator"].get("/fi/workspace/leadership/").context["view"]

    # then: English where there is a name in English, else the Finnish one
    assert [(t.label, t.count.shown) for t in english.themes] == [
        ("Waiting times", 7),
        ("Henkilökunta", 6),
    ]
    assert [t.label for t in finnish.themes] == ["Jonotus", "Henkilökunta"]


def test_a_count_hidden_only_to_protect_a_small_one_is_not_called_small(clients, org):
    # given: 2 overdue in area a (small) and 8 in area b (hidden so 10 - 8 does not show the 2)
    overdue_feedback(org.county, org.unit_a, 2)
    overdue_feedback(org.county, org.unit_b, 8)

    # when
    html = clients["coordinator"].get("/en/workspace/leadership/").content.decode()

    # then: the 8 is hidden without being called "fewer than 5" (the other columns are 0)
    assert response_rows(html) == [
        '<span class="suppressed">fewer than 5</span>',
        '<span class="suppressed">hidden</span>',
    ]
    assert "<td>10</td>" in html  # the county's total


def response_rows(html: str) -> list[str]:
    """The overdue-feedback cell of each service area's row."""
    body = html.split('aria-labelledby="areas-caption"')[1].split("<tbody>")[1]
    return [
        row.split("<td>")[1].split("</td>")[0]
        for row in body.split("</tbody>")[0].split("<tr>")[1:]
    ]
