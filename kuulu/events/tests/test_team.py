import pytest
from django.urls import reverse
from django.utils import translation

from kuulu.events.models import Registration
from kuulu.events.tests.factories import make_session
from kuulu.organisation.tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages: URLs are reversed under /en/."""
    with translation.override("en"):
        yield


@pytest.fixture
def session(org):
    return make_session(org.county, capacity=2, for_public=False, for_staff=True)


def url(session):
    return reverse("events:team_register", args=[session.event_id])


TEAM = {
    "anonymous": 302,
    "resident": 404,  # an internal event is not found for residents
    "other_staff": 403,
    "staff": 403,
    "manager": 200,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(TEAM))
def test_team_registration_role_matrix(role, clients, org, session):
    assert clients[role].get(url(session)).status_code == TEAM[role]
    response = clients[role].post(
        url(session), {"session": session.pk, "people": [org.staff_person.pk]}
    )
    assert response.status_code == TEAM[role]
    assert Registration.objects.count() == (1 if TEAM[role] == 200 else 0)


def test_manager_registers_team_in_order_with_waitlist_and_duplicates(
    clients, org, session, mailoutbox, django_capture_on_commit_callbacks
):
    org.staff.language = "sv"
    org.staff.save()
    second = make_person(org.county, kind="staff", unit=org.unit_a, email="toinen@example.test")
    third = make_person(org.county, kind="staff", unit=org.team_a1, email="kolmas@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        first = clients["manager"].post(
            url(session), {"session": session.pk, "people": [org.staff_person.pk, second.pk]}
        )
        again = clients["manager"].post(
            url(session), {"session": session.pk, "people": [org.staff_person.pk, third.pk]}
        )
    assert first.status_code == again.status_code == 200
    assert {p.pk for p in first.context["result"].placed} == {org.staff_person.pk, second.pk}
    result = again.context["result"]
    assert [p.pk for p in result.already] == [org.staff_person.pk]
    assert [p.pk for p in result.waitlisted] == [third.pk]
    body = again.content.decode()
    assert "Already registered (nothing changed)" in body
    assert "On the waitlist" in body
    rows = Registration.objects.order_by("id")
    assert [(r.email, r.status) for r in rows] == [
        (org.staff_person.email, "attending"),
        ("toinen@example.test", "attending"),
        ("kolmas@example.test", "waitlisted"),
    ]
    assert all(r.registered_by_id == org.manager.pk for r in rows)
    assert rows[0].user_id == org.staff.pk
    assert [(r.language) for r in rows] == ["sv", "fi", "fi"]
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.email for r in rows)
    swedish = next(m for m in mailoutbox if m.to == [org.staff_person.email])
    assert swedish.body.startswith("Hej ")


def test_manager_cannot_register_staff_outside_the_subtree(clients, org, session):
    response = clients["manager"].post(
        url(session),
        {"session": session.pk, "people": [org.staff_person.pk, org.other_staff_person.pk]},
    )
    assert response.status_code == 200
    assert "You can register only staff of your own unit" in response.content.decode()
    assert Registration.objects.count() == 0
    listed = clients["manager"].get(url(session)).content.decode()
    assert org.other_staff_person.full_name not in listed
    assert org.staff_person.full_name in listed


def test_coordinator_can_register_any_staff(clients, org, session):
    response = clients["coordinator"].post(
        url(session), {"session": session.pk, "people": [org.other_staff_person.pk]}
    )
    assert [p.pk for p in response.context["result"].placed] == [org.other_staff_person.pk]


def test_closed_session_cannot_be_chosen(clients, org):
    closed = make_session(org.county, days_ahead=3, for_staff=True)
    response = clients["manager"].post(
        url(closed), {"session": closed.pk, "people": [org.staff_person.pk]}
    )
    assert "Registration is not open for any session" in response.content.decode()
    assert Registration.objects.count() == 0
