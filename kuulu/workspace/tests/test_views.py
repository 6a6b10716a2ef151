import pytest
from django.test import Client
from django.urls import reverse

from kuulu.core.audit import record_event
from kuulu.organisation.tests.factories import make_person, make_unit
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

STAFF_MODULES = ["my-assignments", "learning", "media", "experts", "surveys"]
MODULES = {
    "resident": ["events", "coordination"],
    "staff": ["units", "events", *STAFF_MODULES, "coordination"],
    "manager": [
        "units",
        "people",
        "events",
        "my-assignments",
        "assignments",
        "learning",
        "media",
        "experts",
        "surveys",
        "feedback",
        "coordination",
    ],
    "coordinator": [
        "units",
        "people",
        "events",
        "my-assignments",
        "assignments",
        "learning",
        "media",
        "experts",
        "surveys",
        "feedback",
        "complaints",
        "coordination",
        "channels",
        "panels",
        "deliberation",
        "data-collection",
        "audit",
        "a11y",
        "tokens",
    ],
}
MODULES["admin"] = [*MODULES["coordinator"], "admin"]


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


def test_home_query_count_is_fixed(clients, org, django_assert_num_queries):
    clients["manager"].get("/fi/workspace/")
    # 6: the sixth asks whether the manager handles formal complaints (feedback module list).
    with django_assert_num_queries(6) as ctx:
        clients["manager"].get("/fi/workspace/")
    parent = org.team_a1
    for n in range(15):
        parent = make_unit(org.county, parent=parent, code=f"deep-{n}")
        make_person(org.county, kind="staff", unit=parent, with_user=False)
    org.manager_person.unit = parent
    org.manager_person.save()
    with django_assert_num_queries(len(ctx.captured_queries)):
        clients["manager"].get("/fi/workspace/")


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


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_accessibility_feedback_list_role_matrix(role, clients):
    portal_services.submit_accessibility_feedback(message="Kontrasti on liian heikko.")
    response = clients[role].get(reverse("workspace:accessibility_feedback"))
    assert response.status_code == COORDINATOR_ONLY[role]
    if response.status_code == 200:
        assert "Kontrasti on liian heikko." in response.content.decode()


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_mark_accessibility_feedback_answered_role_matrix(role, clients):
    feedback = portal_services.submit_accessibility_feedback(message="x")
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
