import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kuulu.assignments.models import Assignment, TeamCompletion
from kuulu.assignments.tests.factories import in_days, make_assignment, make_course
from kuulu.core.models import AuditEvent
from kuulu.learning.models import CourseCompletion
from kuulu.organisation.tests.factories import make_person

pytestmark = pytest.mark.django_db

FOLLOWERS = {"manager", "coordinator", "admin"}
ASSIGNERS = {"coordinator", "admin"}
STAFF = {"other_staff", "staff", "manager", "coordinator", "admin"}


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


@pytest.fixture
def assignment(org):
    return make_assignment(org.county, units=[org.area_a], due_on=in_days(10))


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("assignments:list", FOLLOWERS),
        ("assignments:create", ASSIGNERS),
        ("assignments:overdue", FOLLOWERS),
        ("assignments:attendance", FOLLOWERS),
        ("assignments:mine", STAFF),
    ],
)
def test_role_matrix_for_pages(clients, assignment, name, allowed):
    for role, client in clients.items():
        response = client.get(reverse(name))
        assert response.status_code == _expect(role, allowed), role


@pytest.mark.parametrize(
    "name",
    ["assignments:detail", "assignments:export_csv", "assignments:export_xlsx", "assignments:team"],
)
def test_role_matrix_for_one_assignment(clients, assignment, name):
    for role, client in clients.items():
        response = client.get(reverse(name, args=[assignment.pk]))
        assert response.status_code == _expect(role, FOLLOWERS), role


def test_only_assigners_create_or_withdraw(org, clients, assignment):
    course = make_course(org.county, title_fi="Toinen kurssi")
    data = {"course": course.pk, "due_on": in_days(5).isoformat(), "remind_days_before": 3}
    for role in ["anonymous", "resident", "staff", "manager"]:
        clients[role].post(reverse("assignments:create"), data)
        clients[role].post(reverse("assignments:withdraw", args=[assignment.pk]))
    assert Assignment.objects.count() == 1
    assert Assignment.objects.get().status == "active"
    response = clients["coordinator"].post(
        reverse("assignments:create"),
        {**data, "units": [org.unit_a.pk], "managers_only": "on", "note": "Katsokaa yhdessä"},
    )
    created = Assignment.objects.exclude(pk=assignment.pk).get()
    assert response.status_code == 302
    assert list(created.units.all()) == [org.unit_a]
    assert created.managers_only
    clients["coordinator"].post(reverse("assignments:withdraw", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.status == "withdrawn"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"due_on": "2026-02-30", "remind_days_before": 3}, "due_on"),
        ({"due_on": "", "remind_days_before": -1}, "remind_days_before"),
        ({"remind_days_before": "x"}, "remind_days_before"),
        ({"units": ["999999"]}, "units"),
        ({"event": "abc"}, "event"),
    ],
)
def test_invalid_assignment_input_is_explained_in_the_users_language(org, clients, data, error):
    course = make_course(org.county)
    payload = {"course": course.pk, "due_on": in_days(5).isoformat(), "remind_days_before": 3}
    payload.update(data)
    response = clients["coordinator"].post("/fi/workspace/assignments/new/", payload)
    assert response.status_code == 200
    assert error in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    assert not Assignment.objects.exists()


def test_past_due_date_is_refused_by_the_service_and_shown_on_the_form(org, clients):
    course = make_course(org.county)
    response = clients["coordinator"].post(
        "/en/workspace/assignments/new/",
        {"course": course.pk, "due_on": in_days(-1).isoformat(), "remind_days_before": 3},
    )
    assert "The due date cannot be in the past." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_due_date_after_2100_is_a_form_error(org, clients):
    course = make_course(org.county)
    response = clients["coordinator"].post(
        "/en/workspace/assignments/new/",
        {"course": course.pk, "due_on": "9999-12-31", "remind_days_before": 3},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == [
        "Give a date between the years 2000 and 2100."
    ]
    assert not Assignment.objects.exists()


def test_a_team_completion_before_2000_is_a_form_error(org, clients, assignment):
    response = clients["manager"].post(
        f"/en/workspace/assignments/{assignment.pk}/team/",
        {
            "unit": org.unit_a.pk,
            "completed_on": "0001-01-01",
            "participants": [org.staff_person.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["completed_on"] == [
        "Give a date between the years 2000 and 2100."
    ]
    assert not TeamCompletion.objects.exists()


def test_a_coordinator_cannot_open_a_team_of_another_county(org, clients, assignment):
    from kuulu.organisation.tests.factories import make_county, make_unit

    other = make_unit(make_county(), code="toinen", name_fi="Toisen maakunnan tiimi")
    response = clients["coordinator"].post(
        reverse("assignments:team", args=[assignment.pk]),
        {"unit": other.pk, "completed_on": in_days(0).isoformat()},
    )
    assert response.status_code == 403
    assert "Toisen maakunnan tiimi" not in response.content.decode()
    assert not TeamCompletion.objects.exists()


def test_report_lists_people_not_done_and_is_audited(org, clients, assignment):
    CourseCompletion.objects.create(
        user=org.staff, course=assignment.course, completed_at=timezone.now()
    )
    html = clients["manager"].get(reverse("assignments:detail", args=[assignment.pk])).content
    html = html.decode()
    assert org.manager_person.full_name in html
    assert org.staff_person.full_name not in html  # done
    assert "<svg" in html
    assert "<table" in html
    assert AuditEvent.objects.filter(
        object_type="assignments.assignment", object_id=str(assignment.pk), action="view"
    ).exists()


def test_manager_cannot_drill_outside_their_subtree(org, clients, assignment):
    response = clients["manager"].get(
        reverse("assignments:detail", args=[assignment.pk]) + f"?unit={org.area_b.pk}"
    )
    assert response.context["report"].current == org.unit_a
    bad = clients["manager"].get(reverse("assignments:detail", args=[assignment.pk]) + "?unit=abc")
    assert bad.status_code == 200


def test_export_prevents_formula_injection(org, clients, assignment):
    make_person(org.county, kind="staff", unit=org.unit_a, first_name="=HYPERLINK(1)")
    csv_body = (
        clients["coordinator"]
        .get(reverse("assignments:export_csv", args=[assignment.pk]))
        .content.decode("utf-8-sig")
    )
    assert "'=HYPERLINK(1)" in csv_body
    xlsx = clients["coordinator"].get(reverse("assignments:export_xlsx", args=[assignment.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0].value for row in sheet.iter_rows()]
    assert any(str(n).startswith("'=HYPERLINK") for n in names)
    assert AuditEvent.objects.filter(action="export").count() == 2


def test_manager_records_team_completion_only_for_own_team(org, clients, assignment):
    url = reverse("assignments:team", args=[assignment.pk])
    page = clients["manager"].get(url, {"unit": org.unit_a.pk})
    assert org.staff_person.full_name in page.content.decode()
    # Tampered: a unit outside the manager's subtree.
    refused = clients["manager"].post(
        url,
        {
            "unit": org.unit_b.pk,
            "completed_on": in_days(0).isoformat(),
            "participants": [org.other_staff_person.pk],
        },
    )
    assert refused.status_code == 403
    # Tampered: a person from another unit smuggled into the manager's team.
    invalid = clients["manager"].post(
        url,
        {
            "unit": org.unit_a.pk,
            "completed_on": in_days(0).isoformat(),
            "participants": [org.other_staff_person.pk],
        },
    )
    assert invalid.status_code == 200
    assert "participants" in invalid.context["form"].errors
    assert not TeamCompletion.objects.exists()
    ok = clients["manager"].post(
        url,
        {
            "unit": org.unit_a.pk,
            "completed_on": in_days(0).isoformat(),
            "participants": [org.staff_person.pk],
            "note": "Tiimipalaverissa",
        },
    )
    assert ok.status_code == 302
    completion = TeamCompletion.objects.get()
    assert list(completion.participants.all()) == [org.staff_person]
    assert completion.recorded_by == org.manager


def test_my_assignments_page_shows_status(org, clients, assignment):
    html = clients["staff"].get("/en/workspace/assignments/mine/").content.decode()
    assert "Receiving feedback" in html
    assert "Not completed yet" in html
    other = clients["other_staff"].get("/en/workspace/assignments/mine/").content.decode()
    assert "You have no mandatory training." in other


def test_attendance_exports(org, clients):
    from kuulu.events.tests.factories import make_session

    make_session(org.county, title_fi="=cmd|calc")
    body = clients["coordinator"].get("/fi/workspace/assignments/attendance/?format=csv")
    assert "'=cmd|calc" in body.content.decode("utf-8-sig")
    xlsx = clients["coordinator"].get("/fi/workspace/assignments/attendance/?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_list_query_count_grows_with_assignments_not_people(
    org, clients, django_assert_max_num_queries
):
    make_assignment(org.county)
    with django_assert_max_num_queries(40) as ctx:
        clients["coordinator"].get(reverse("assignments:list"))
    baseline = len(ctx.captured_queries)
    for _ in range(20):
        make_person(org.county, kind="staff", unit=org.team_a1)
    with django_assert_max_num_queries(baseline):
        clients["coordinator"].get(reverse("assignments:list"))


def test_report_query_count_does_not_grow_with_people(
    org, clients, assignment, django_assert_max_num_queries
):
    url = reverse("assignments:detail", args=[assignment.pk])
    with django_assert_max_num_queries(40) as ctx:
        clients["coordinator"].get(url)
    for _ in range(20):
        make_person(org.county, kind="staff", unit=org.team_a1)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        clients["coordinator"].get(url)


def test_a_coordinator_of_another_county_cannot_withdraw(org, assignment):
    from django.test import Client

    from kuulu.organisation.tests.factories import make_county, make_unit

    county = make_county()
    stranger = make_person(
        county, kind="staff", unit=make_unit(county, code="s"), is_coordinator=True
    )
    client = Client()
    client.force_login(stranger.user)
    assert client.post(reverse("assignments:withdraw", args=[assignment.pk])).status_code == 403
    assert client.get(reverse("assignments:detail", args=[assignment.pk])).status_code == 403
    assignment.refresh_from_db()
    assert assignment.status == "active"


def test_mine_and_list_queries_do_not_grow_with_assignments(
    org, clients, django_assert_max_num_queries
):
    make_assignment(org.county, units=[org.unit_a])
    with django_assert_max_num_queries(40) as mine:
        clients["staff"].get(reverse("assignments:mine"))
    with django_assert_max_num_queries(40) as listed:
        clients["coordinator"].get(reverse("assignments:list"))
    for _ in range(10):
        make_assignment(org.county, units=[org.unit_a])
    with django_assert_max_num_queries(len(mine.captured_queries)):
        clients["staff"].get(reverse("assignments:mine"))
    with django_assert_max_num_queries(len(listed.captured_queries)):
        clients["coordinator"].get(reverse("assignments:list"))


def test_a_manager_sees_only_assignments_that_cover_someone_in_their_subtree(
    org, clients, django_assert_max_num_queries
):
    """The manager of unit_a (subtree: unit_a, team_a1) with the staff member of team_a1."""
    from kuulu.assignments import selectors
    from kuulu.integrations import services as token_services
    from kuulu.organisation.access import actor_for
    from kuulu.organisation.models import Person
    from kuulu.organisation.tests.factories import make_unit

    empty_team = make_unit(org.county, parent=org.unit_a, code="empty-team", kind="team")
    covering = {
        "county": make_assignment(org.county),
        "area_a": make_assignment(org.county, units=[org.area_a]),
        "unit_a": make_assignment(org.county, units=[org.unit_a]),
        "team_a1": make_assignment(org.county, units=[org.team_a1]),
        "b_and_team_a1": make_assignment(org.county, units=[org.area_b, org.team_a1]),
        "managers_area_a": make_assignment(org.county, units=[org.area_a], managers_only=True),
    }
    hidden = {
        "area_b": make_assignment(org.county, units=[org.area_b]),
        "unit_b": make_assignment(org.county, units=[org.unit_b]),
        "empty_team": make_assignment(org.county, units=[empty_team]),  # nobody in it
        "managers_team_a1": make_assignment(org.county, units=[org.team_a1], managers_only=True),
        "withdrawn": make_assignment(org.county, units=[org.unit_a]),
    }
    Assignment.objects.filter(pk=hidden["withdrawn"].pk).update(status="withdrawn")
    manager = clients["manager"]

    rows = manager.get(reverse("assignments:list")).context["rows"]
    listed = {assignment.pk for assignment, _total in rows}
    assert listed == {a.pk for a in covering.values()}
    raw = token_services.create_token(user=org.manager, name="t").raw
    api = manager.get("/api/v1/assignments", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert {a["id"] for a in api} == listed
    for name, assignment in covering.items():
        response = manager.get(reverse("assignments:detail", args=[assignment.pk]))
        assert response.status_code == 200, name
    for name, assignment in hidden.items():
        for url in ("assignments:detail", "assignments:export_csv", "assignments:team"):
            response = manager.get(reverse(url, args=[assignment.pk]))
            assert response.status_code == 403, (name, url)
        response = manager.get(
            f"/api/v1/assignments/{assignment.pk}/completion",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 403, name
    # The coordinator still sees them all.
    everything = clients["coordinator"].get(reverse("assignments:list")).context["rows"]
    assert len(everything) == len(covering) + len(hidden)

    # The database rule is the rule of `covers` (the one the figures use), in one query.
    actor = actor_for(org.manager)
    subtree = list(
        Person.objects.filter(
            county=org.county, kind="staff", unit__path__startswith=org.unit_a.path
        ).select_related("unit")
    )
    with django_assert_max_num_queries(1):
        visible = set(selectors.visible_assignments(actor).values_list("pk", flat=True))
    expected = {
        a.pk
        for a in Assignment.objects.filter(status="active").prefetch_related("units")
        if any(selectors.covers(a, person) for person in subtree)
    }
    assert visible == expected == listed
