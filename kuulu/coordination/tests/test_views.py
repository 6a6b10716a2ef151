import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kuulu.coordination import services
from kuulu.coordination.models import CoordinationTask

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


@pytest.fixture
def task(org):
    area = services.create_area(
        county=org.county, number=2, title_fi="Väylät", title_sv="Kanaler", title_en="Channels"
    )
    return services.create_task(
        area=area, title_fi="Kokemusasiantuntijapankki", title_en="Experience-expert bank"
    )


def test_public_page_shows_areas_tasks_and_owners(org, task):
    services.update_task(
        task=task, data={"status": "active", "responsible_person": org.manager_person}
    )
    html = Client().get("/en/coordination/").content.decode()
    assert "2. Channels" in html
    assert "Experience-expert bank" in html
    assert org.manager_person.full_name in html
    assert "/edit/" not in html


def test_public_page_falls_back_to_finnish(org, task):
    html = Client().get("/sv/coordination/").content.decode()
    assert "Kanaler" in html
    assert "Kokemusasiantuntijapankki" in html  # no Swedish title: Finnish shown


def test_public_page_query_count_is_fixed(org, task, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        Client().get("/fi/coordination/")
    for n in range(10):
        services.create_task(
            area=task.area, title_fi=f"T{n}", status="active", responsible_unit=org.unit_a
        )
    with django_assert_max_num_queries(3):
        Client().get("/fi/coordination/")


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_task_edit_role_matrix(role, clients, org, task):
    response = clients[role].post(
        reverse("coordination:task_edit", args=[task.pk]),
        {"title_fi": "Uusi nimi", "status": "planned", "responsible_unit": org.unit_b.pk},
    )
    task.refresh_from_db()
    if COORDINATOR_ONLY[role] == 200:
        assert response.status_code == 302
        assert (task.title_fi, task.status, task.responsible_unit_id) == (
            "Uusi nimi",
            "planned",
            org.unit_b.pk,
        )
    else:
        assert response.status_code == COORDINATOR_ONLY[role]
        assert (task.title_fi, task.status) == ("Kokemusasiantuntijapankki", "not_agreed")


def test_agreed_task_needs_an_owner(clients, task):
    response = clients["coordinator"].post(
        "/en" + reverse("coordination:task_edit", args=[task.pk])[3:],
        {"title_fi": "X", "status": "active"},
    )
    assert response.status_code == 200
    assert (
        "Name a responsible unit or person before marking the task agreed."
        in response.content.decode()
    )
    task.refresh_from_db()
    assert task.status == "not_agreed"


def test_responsible_person_must_be_active_staff(org, task):
    with pytest.raises(ValidationError) as excinfo:
        services.update_task(
            task=task, data={"status": "active", "responsible_person": org.resident_person}
        )
    assert "responsible_person" in excinfo.value.message_dict
    assert CoordinationTask.objects.get(pk=task.pk).responsible_person is None


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_task_create_role_matrix(role, clients, org, task):
    response = clients[role].post(
        reverse("coordination:task_create", args=[task.area.pk]),
        {"title_fi": "Vertaistoiminta", "status": "not_agreed"},
    )
    created = CoordinationTask.objects.filter(title_fi="Vertaistoiminta").first()
    if COORDINATOR_ONLY[role] == 200:
        assert response.status_code == 302
        assert (created.area_id, created.order) == (task.area.pk, 1)
    else:
        assert response.status_code == COORDINATOR_ONLY[role]
        assert created is None


def test_task_create_without_title_saves_nothing(clients, task):
    response = clients["coordinator"].post(
        reverse("coordination:task_create", args=[task.area.pk]), {"status": "not_agreed"}
    )
    assert response.status_code == 200
    assert CoordinationTask.objects.count() == 1


def test_inactive_responsible_person_is_not_published(org, task):
    from kuulu.organisation import services as organisation_services

    services.update_task(
        task=task, data={"status": "active", "responsible_person": org.manager_person}
    )
    organisation_services.update_person(person=org.manager_person, data={"is_active": False})
    html = Client().get("/en/coordination/").content.decode()
    assert org.manager_person.full_name not in html
    api = Client().get("/api/v1/coordination/areas").json()
    assert api[0]["tasks"][0]["responsible_person"] is None


def test_task_change_refreshes_the_front_page(org, task, django_capture_on_commit_callbacks):
    client = Client()
    client.get("/en/")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_task(task=task, data={"status": "active", "responsible_unit": org.unit_a})
    assert "1 of 1 task has an agreed owner." in client.get("/en/").content.decode()


def other_county_coordinator():  # type: ignore[no-untyped-def]
    from kuulu.organisation.tests.factories import make_county, make_person, make_unit

    county = make_county()
    person = make_person(
        county, kind="staff", unit=make_unit(county, code="o-area"), is_coordinator=True
    )
    client = Client()
    client.force_login(person.user)
    return client


def test_another_countys_coordinator_cannot_edit_or_add_tasks(org, task):
    # given: a coordinator of a second county in the same installation
    client = other_county_coordinator()

    # when
    edit = client.post(
        reverse("coordination:task_edit", args=[task.pk]),
        {"title_fi": "Uusi nimi", "status": "not_agreed"},
    )
    create = client.post(
        reverse("coordination:task_create", args=[task.area.pk]),
        {"title_fi": "Vertaistoiminta", "status": "not_agreed"},
    )
    page = client.get("/en/coordination/").content.decode()

    # then
    assert (edit.status_code, create.status_code) == (403, 403)
    task.refresh_from_db()
    assert task.title_fi == "Kokemusasiantuntijapankki"
    assert CoordinationTask.objects.count() == 1
    assert "/edit/" not in page
    assert "/tasks/new/" not in page


def test_a_task_posted_twice_is_added_once_and_the_second_time_is_a_form_error(clients, task):
    # given: a double-clicked "Save" on the new task's form
    url = "/en" + reverse("coordination:task_create", args=[task.area.pk])[3:]
    data = {"title_fi": "Vertaistoiminta", "status": "not_agreed"}

    # when
    first = clients["coordinator"].post(url, data)
    second = clients["coordinator"].post(url, {**data, "title_fi": " vertaistoiminta "})

    # then
    assert (first.status_code, second.status_code) == (302, 200)
    assert "The area already has a task with this title." in second.content.decode()
    assert list(task.area.tasks.values_list("title_fi", "order")) == [
        ("Kokemusasiantuntijapankki", 0),
        ("Vertaistoiminta", 1),
    ]
