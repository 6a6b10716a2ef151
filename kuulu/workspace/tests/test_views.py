import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from kuulu.core.audit import record_event
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.portal import services as portal_services
from kuulu.portal.models import AccessibilityFeedback

pytestmark = pytest.mark.django_db

COORDINATOR_ONLY = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}

STAFF_MODULES = [
    "my-assignments",
    "learning",
    "media",
    "experts",
    "surveys",
    "assessments",
    "methods",
    "codevelopment",
    "assisted",
]
MODULES = {
    "resident": ["events", "my-participation", "coordination"],
    "staff": [
        "indicators",
        "programme-follow-up",
        "units",
        "events",
        *STAFF_MODULES,
        "coordination",
    ],
    "manager": [
        "indicators",
        "programme-follow-up",
        "outcomes",
        "units",
        "people",
        "events",
        "my-assignments",
        "assignments",
        "learning",
        "media",
        "experts",
        "surveys",
        "assessments",
        "methods",
        "work-ability",
        "codevelopment",
        "assisted",
        "feedback",
        "coordination",
    ],
    "coordinator": [
        "leadership",
        "indicators",
        "programme",
        "programme-follow-up",
        "outcomes",
        "reports",
        "units",
        "people",
        "hr-sync",
        "events",
        "my-assignments",
        "assignments",
        "learning",
        "media",
        "experts",
        "surveys",
        "assessments",
        "methods",
        "work-ability",
        "codevelopment",
        "assisted",
        "feedback",
        "complaints",
        "coordination",
        "channels",
        "panels",
        "budgeting",
        "deliberation",
        "data-collection",
        "audit",
        "a11y",
        "tokens",
    ],
}
# A system admin without a staff record belongs to no county, so cannot help a resident.
MODULES["admin"] = [*(m for m in MODULES["coordinator"] if m != "assisted"), "admin"]


@pytest.mark.parametrize("role", list(MODULES))
def test_home_shows_the_modules_of_the_role(role, clients):
    response = clients[role].get(reverse("workspace:home"))
    assert response.status_code == 200
    assert [m.key for m in response.context["modules"]] == MODULES[role]


def test_home_needs_sign_in(db):
    response = Client().get("/fi/workspace/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/?next=/fi/workspace/"


def test_home_shows_the_unit_chain(clients, org):
    html = clients["staff"].get("/en/workspace/").content.decode()
    fi = '<span lang="fi">{}</span>'.format
    expected = f"{fi('Ikäihmisten palvelut')} \u203a {fi('Kotihoito')} \u203a <strong>{fi('Kotihoito Kajaani')}</strong>"
    assert expected in html


def _manager_work(org, n: int) -> None:  # type: ignore[no-untyped-def]
    """Overdue feedback, a formal complaint, an event closing and overdue team training."""
    from datetime import timedelta

    from django.utils import timezone

    from kuulu.assignments.models import Assignment
    from kuulu.assignments.tests.factories import make_course
    from kuulu.events.models import Event, Session
    from kuulu.feedback.models import Complaint, Feedback

    today = timezone.localdate()
    for i in range(n):
        Feedback.objects.create(
            county=org.county,
            reference=f"B{n}-{i}",
            kind="question",
            unit=org.team_a1,
            text="?",
            due_on=today - timedelta(days=1 + i),
        )
        Complaint.objects.create(
            county=org.county,
            reference=f"C{n}-{i}",
            act="patient",
            unit=org.unit_a,
            complainant_name="M",
            description="x",
            due_on=today + timedelta(days=i % 5),
            director=org.manager,
        )
        event = Event.objects.create(county=org.county, title_fi="T", status="published")
        event.organisers.add(org.manager)
        start = timezone.now() + timedelta(days=16 + i % 3)
        Session.objects.create(
            event=event, starts_at=start, ends_at=start + timedelta(hours=1), capacity=5
        )
        assignment = Assignment.objects.create(
            county=org.county, course=make_course(org.county), due_on=today - timedelta(days=2)
        )
        assignment.units.set([org.unit_a])
        make_person(org.county, kind="staff", unit=org.team_a1, with_user=False)


def test_home_query_count_does_not_grow_with_data(clients, org, django_assert_num_queries):
    # given: a manager with a little of everything in the queue
    _manager_work(org, 2)
    clients["manager"].get("/fi/workspace/")
    response = clients["manager"].get("/fi/workspace/")
    # both overdue since the day before yesterday: in key order
    assert [i.key for i in response.context["queue"]] == [
        "feedback-overdue",
        "own-training-overdue",
        "team-training-overdue",
        "complaints-due-soon",
        "registrations-closing",
    ]
    with CaptureQueriesContext(connection) as first:
        clients["manager"].get("/fi/workspace/")
    first_count = len(first.captured_queries)
    # when: ten times the data, a deeper unit tree
    _manager_work(org, 20)
    parent = org.team_a1
    for n in range(5):
        parent = make_unit(org.county, parent=parent, code=f"deep-{n}")
        make_person(org.county, kind="staff", unit=parent, with_user=False)
    clients["manager"].get("/fi/workspace/")  # the indicators' cache is warm again
    # then: the same number of queries
    with django_assert_num_queries(first_count):
        response = clients["manager"].get("/fi/workspace/")
    counts = {i.key: i.count for i in response.context["queue"]}
    assert counts["feedback-overdue"] == 22
    assert counts["team-training-overdue"] == 28  # org.staff, 22 new, 5 deeper down
    assert first_count <= 40


def test_home_shows_the_queue_with_counts_and_links(clients, org):
    _manager_work(org, 2)
    html = clients["manager"].get("/en/workspace/").content.decode()
    assert '<a href="/en/feedback/?overdue=on"><span class="attention-count">2</span> ' in html
    assert "Feedback past its due date" in html
    assert '<nav class="module-menu" aria-labelledby="menu-heading">' in html


def test_an_empty_queue_says_so(clients):
    html = clients["staff"].get("/en/workspace/").content.decode()
    assert "Nothing needs your attention right now." in html
    assert 'class="attention-list"' not in html


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_audit_log_role_matrix(role, clients):
    response = clients[role].get(reverse("workspace:audit_log"))
    assert response.status_code == COORDINATOR_ONLY[role]


def test_audit_log_search_filters_and_htmx_fragment(clients, org):
    record_event(action="view", obj=org.staff_person, actor=org.manager)
    record_event(action="view", obj=org.other_staff_person, actor=org.coordinator)
    url = (
        reverse("workspace:audit_log")
        + f"?object_type=organisation.person&action=view&object_id={org.staff_person.pk}"
    )
    full = clients["coordinator"].get(url)
    assert [e.actor_id for e in full.context["events"]] == [org.manager.pk]
    fragment = clients["coordinator"].get(url, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body
    assert 'id="audit-results"' in body
    assert f"user:{org.manager.pk}" in body


def test_audit_log_rejects_reversed_dates(clients):
    response = clients["coordinator"].get(
        reverse("workspace:audit_log") + "?since=2026-05-01&until=2026-04-01"
    )
    assert response.status_code == 200
    assert response.context["events"] == []
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.parametrize("query", ["since=0001-01-01", "until=9999-12-31", "since=1999-12-31"])
def test_audit_log_dates_outside_the_years_2000_to_2100_are_a_form_error(query, clients):
    record_event(action="view", object_type="feedback.feedback", object_id="1")
    response = clients["coordinator"].get("/en/workspace/audit/?" + query)
    assert response.status_code == 200
    assert response.context["events"] == []
    assert "Give a date between the years 2000 and 2100." in response.content.decode()


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_accessibility_feedback_list_role_matrix(role, clients, org):
    portal_services.submit_accessibility_feedback(
        county=org.county, message="Kontrasti on liian heikko."
    )
    response = clients[role].get(reverse("workspace:accessibility_feedback"))
    assert response.status_code == COORDINATOR_ONLY[role]
    if response.status_code == 200:
        assert "Kontrasti on liian heikko." in response.content.decode()


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_mark_accessibility_feedback_answered_role_matrix(role, clients, org):
    feedback = portal_services.submit_accessibility_feedback(county=org.county, message="x")
    response = clients[role].post(
        reverse("workspace:accessibility_feedback_answered", args=[feedback.pk])
    )
    feedback.refresh_from_db()
    if COORDINATOR_ONLY[role] == 200:
        assert response.status_code == 302
        assert feedback.status == AccessibilityFeedback.Status.ANSWERED
    else:
        assert response.status_code == COORDINATOR_ONLY[role]
        assert feedback.status == AccessibilityFeedback.Status.RECEIVED


# Two counties in one installation: each county's coordinators see and answer their own
# county's accessibility feedback only; system admins see all of it.
TWO_COUNTIES = {
    "anonymous": (302, set()),
    "resident": (403, set()),
    "other_staff": (403, set()),
    "staff": (403, set()),
    "manager": (403, set()),
    "coordinator": (200, {"own"}),
    "second_county_coordinator": (200, {"second"}),
    "admin": (200, {"own", "second", "none"}),
}


def _two_counties_clients(org, clients):  # type: ignore[no-untyped-def]
    second = make_county()
    unit = make_unit(second, code="second-area", name_fi="Toisen alueen palvelut")
    person = make_person(
        second, kind="staff", unit=unit, is_coordinator=True, email="c2@example.test"
    )
    return second, {**clients, "second_county_coordinator": client_for(person.user)}


@pytest.mark.parametrize("role", list(TWO_COUNTIES))
def test_accessibility_feedback_of_two_counties_role_matrix(role, clients, org):
    second, clients = _two_counties_clients(org, clients)
    feedback = {
        "own": portal_services.submit_accessibility_feedback(
            county=org.county, message="Oman alueen palaute"
        ),
        "second": portal_services.submit_accessibility_feedback(
            county=second, message="Toisen alueen palaute"
        ),
        "none": portal_services.submit_accessibility_feedback(
            county=None, message="Palaute ennen alueita"
        ),
    }
    status, visible = TWO_COUNTIES[role]
    client = clients[role]

    listed = client.get(reverse("workspace:accessibility_feedback"))
    marked = {
        key: client.post(reverse("workspace:accessibility_feedback_answered", args=[item.pk]))
        for key, item in feedback.items()
    }

    assert listed.status_code == status
    page = listed.content.decode() if status == 200 else ""
    assert {key for key, item in feedback.items() if item.message in page} == visible
    answered = {
        key
        for key, item in feedback.items()
        if AccessibilityFeedback.objects.get(pk=item.pk).status
        == AccessibilityFeedback.Status.ANSWERED
    }
    assert answered == visible
    for key, response in marked.items():
        if key in visible:
            assert response.status_code == 302
        else:
            assert response.status_code == (403 if status != 302 else 302)


ADMIN_SITE = {
    "anonymous": 302,
    "resident": 302,
    "other_staff": 302,
    "staff": 302,
    "manager": 302,
    "coordinator": 302,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(ADMIN_SITE))
def test_django_admin_is_for_system_admins_only(role, clients):
    assert clients[role].get("/fi/admin/").status_code == ADMIN_SITE[role]
    if role == "admin":
        for path in (
            "/fi/admin/organisation/person/",
            "/fi/admin/core/auditevent/",
            "/fi/admin/organisation/unit/",
        ):
            assert clients[role].get(path).status_code == 200


def test_audit_log_with_huge_user_id_is_a_form_error_not_a_crash(clients):
    response = clients["coordinator"].get(
        reverse("workspace:audit_log") + "?actor=99999999999999999999999"
    )
    assert response.status_code == 200
    assert response.context["events"] == []


def test_htmx_history_restore_gets_the_whole_page_and_responses_vary(clients):
    url = reverse("workspace:audit_log")
    response = clients["coordinator"].get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()
    assert "HX-Request" in response["Vary"]


def test_key_indicators_for_managers_and_coordinators_only(clients):
    manager = clients["manager"].get("/en/workspace/")
    assert manager.context["indicators"].for_county is False
    codes = [row.code for row in manager.context["indicators"].rows]
    assert codes[0] == "feedback_on_time"
    assert "Key indicators of your unit" in manager.content.decode()
    assert clients["coordinator"].get("/en/workspace/").context["indicators"].for_county is True
    assert clients["staff"].get("/en/workspace/").context["indicators"] is None
    assert clients["resident"].get("/en/workspace/").context["indicators"] is None


def test_audit_log_of_a_two_county_installation_shows_a_coordinator_their_own_countys_events(
    clients, org
):
    # given a second county with its own coordinator, and events by staff of both counties
    from kuulu.organisation.tests.factories import make_county

    other = make_county()
    unit = make_unit(other, code="other-area", name_fi="Toinen alue")
    other_coordinator = make_person(
        other, kind="staff", unit=unit, is_coordinator=True, email="coord2@example.test"
    ).user
    other_staff = make_person(other, kind="staff", unit=unit, email="staff2@example.test")
    record_event(action="view", obj=org.staff_person, actor=org.manager)
    record_event(action="view", obj=other_staff, actor=other_coordinator)
    record_event(action="login_failed", object_type="accounts.user", summary="no actor")
    url = reverse("workspace:audit_log")
    # when each coordinator and the admin search everything
    client = Client()
    client.force_login(other_coordinator)
    theirs = {e.actor_id for e in client.get(url).context["events"]}
    ours = {e.actor_id for e in clients["coordinator"].get(url).context["events"]}
    everyone = {e.actor_id for e in clients["admin"].get(url).context["events"]}
    # then each sees only their own county's staff; the admin sees all, also the actor-less
    assert theirs == {other_coordinator.pk}
    assert org.manager.pk in ours
    assert other_coordinator.pk not in ours
    assert None not in ours
    assert {org.manager.pk, other_coordinator.pk, None} <= everyone


def test_audit_log_of_a_one_county_installation_is_unchanged(clients, org):
    record_event(action="login_failed", object_type="accounts.user", summary="no actor")
    record_event(action="view", obj=org.staff_person, actor=org.manager)
    events = clients["coordinator"].get(reverse("workspace:audit_log")).context["events"]
    assert {e.actor_id for e in events} == {None, org.manager.pk}


def test_audit_log_says_when_a_coordinator_sees_only_their_own_county(clients, org):
    from kuulu.organisation.tests.factories import make_county

    make_county()
    page = clients["coordinator"].get(reverse("workspace:audit_log")).content.decode()
    assert "näet oman hyvinvointialueesi henkilöstön merkinnät" in page
    admin_page = clients["admin"].get(reverse("workspace:audit_log")).content.decode()
    assert "oman hyvinvointialueesi henkilöstön" not in admin_page
