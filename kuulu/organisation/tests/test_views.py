import pytest
from django.urls import reverse

from kuulu.core.models import AuditEvent
from kuulu.organisation.models import Person, Unit

pytestmark = pytest.mark.django_db

# Expected status per role: 302 means "sent to sign in", 403 "refused".
UNIT_TREE = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 200,
    "staff": 200,
    "manager": 200,
    "coordinator": 200,
    "admin": 200,
}
PEOPLE = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 200,
    "coordinator": 200,
    "admin": 200,
}
COORDINATOR_ONLY = {
    "anonymous": 302,
    "resident": 403,
    "other_staff": 403,
    "staff": 403,
    "manager": 403,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("role", list(UNIT_TREE))
def test_unit_tree_role_matrix(role, clients):
    response = clients[role].get(reverse("organisation:unit_tree"))
    assert response.status_code == UNIT_TREE[role]


def test_unit_tree_shows_nested_units_and_staff_counts(clients, org):
    response = clients["staff"].get(reverse("organisation:unit_tree"))
    html = response.content.decode()
    assert (
        html.index("Ikäihmisten palvelut")
        < html.index("Kotihoito")
        < html.index("Kotihoito Kajaani")
    )
    assert "/edit/" not in html


@pytest.mark.parametrize("role", list(PEOPLE))
def test_people_list_role_matrix(role, clients):
    response = clients[role].get(reverse("organisation:people"))
    assert response.status_code == PEOPLE[role]


def test_manager_sees_only_people_of_own_subtree(clients, org):
    response = clients["manager"].get(reverse("organisation:people"))
    people = list(response.context["people"])
    assert set(people) == {org.manager_person, org.staff_person}


def test_people_search_htmx_returns_only_the_results_fragment(clients, org):
    url = reverse("organisation:people") + "?q=" + org.other_staff_person.last_name
    full = clients["coordinator"].get(url)
    fragment = clients["coordinator"].get(
        url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="people-results"
    )
    assert "<html" in full.content.decode()
    body = fragment.content.decode()
    assert "<html" not in body
    assert 'id="people-results"' in body
    assert org.other_staff_person.last_name in body
    assert org.staff_person.last_name not in body


def test_people_list_query_count_does_not_grow_with_people(
    clients, org, django_assert_max_num_queries
):
    from kuulu.organisation.tests.factories import make_person

    url = reverse("organisation:people")
    with django_assert_max_num_queries(12) as small:
        clients["coordinator"].get(url)
    for _ in range(30):
        make_person(org.county, kind="staff", unit=org.unit_b, with_user=False)
    with django_assert_max_num_queries(len(small.captured_queries)):
        clients["coordinator"].get(url)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("resident", 403),
        ("other_staff", 403),
        ("staff", 403),
        ("manager", 200),
        ("coordinator", 200),
    ],
)
def test_person_detail_role_matrix_and_audit(role, expected, clients, org):
    response = clients[role].get(reverse("organisation:person_detail", args=[org.staff_person.pk]))
    assert response.status_code == expected
    views = AuditEvent.objects.filter(
        action="view", object_type="organisation.person", object_id=str(org.staff_person.pk)
    )
    assert views.count() == (1 if expected == 200 else 0)


def test_manager_cannot_view_person_outside_subtree(clients, org):
    response = clients["manager"].get(
        reverse("organisation:person_detail", args=[org.other_staff_person.pk])
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_person_edit_role_matrix_changes_nothing_when_refused(role, clients, org):
    url = reverse("organisation:person_edit", args=[org.staff_person.pk])
    data = {
        "kind": "staff",
        "first_name": "Muutettu",
        "last_name": org.staff_person.last_name,
        "email": org.staff_person.email,
        "unit": org.team_a1.pk,
        "is_active": "on",
        "is_coordinator": "on",
    }
    response = clients[role].post(url, data)
    org.staff_person.refresh_from_db()
    if COORDINATOR_ONLY[role] == 200:
        assert response.status_code == 302
        assert org.staff_person.first_name == "Muutettu"
        assert org.staff_person.is_coordinator
    else:
        assert response.status_code == COORDINATOR_ONLY[role]
        assert org.staff_person.first_name != "Muutettu"
        assert not org.staff_person.is_coordinator


def test_person_create_invalid_input_shows_errors_and_saves_nothing(clients, org):
    before = Person.objects.count()
    response = clients["coordinator"].post(
        reverse("organisation:person_create"),
        {
            "kind": "staff",
            "first_name": "",
            "last_name": "X",
            "email": "not-an-email",
            "language": "fi",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'aria-invalid="true"' in html
    assert Person.objects.count() == before


def test_person_create_duplicate_email_is_a_field_error(clients, org):
    before = Person.objects.count()
    response = clients["coordinator"].post(
        "/en" + reverse("organisation:person_create")[3:],
        {
            "kind": "resident",
            "first_name": "A",
            "last_name": "B",
            "email": org.staff_person.email.upper(),
            "language": "fi",
        },
    )
    assert response.status_code == 200
    assert "Another person already has this email address." in response.content.decode()
    assert Person.objects.count() == before


def test_person_create_with_account(clients, org, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = clients["coordinator"].post(
            reverse("organisation:person_create"),
            {
                "kind": "staff",
                "first_name": "Uusi",
                "last_name": "Työntekijä",
                "email": "uusi@example.test",
                "unit": org.unit_b.pk,
                "is_active": "on",
                "create_account": "on",
                "language": "en",
            },
        )
    assert response.status_code == 302
    person = Person.objects.get(email="uusi@example.test")
    assert person.user is not None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("You have been given an account")


@pytest.mark.parametrize("role", list(COORDINATOR_ONLY))
def test_unit_create_role_matrix(role, clients, org):
    response = clients[role].post(
        reverse("organisation:unit_create"),
        {"name_fi": "Uusi yksikkö", "code": "new-unit", "kind": "unit", "parent": org.unit_b.pk},
    )
    created = Unit.objects.filter(code="new-unit").first()
    if COORDINATOR_ONLY[role] == 200:
        assert response.status_code == 302
        assert created.parent_id == org.unit_b.pk
    else:
        assert response.status_code == COORDINATOR_ONLY[role]
        assert created is None


def test_unit_edit_moves_unit_and_refuses_cycle(clients, org):
    url = reverse("organisation:unit_edit", args=[org.unit_a.pk])
    base = {"name_fi": "Kotihoito", "code": "unit-a", "kind": "unit", "is_active": "on"}
    response = clients["coordinator"].post(url, {**base, "parent": org.team_a1.pk})
    assert response.status_code == 200  # team_a1 is not offered as a parent: form error
    org.unit_a.refresh_from_db()
    assert org.unit_a.parent_id == org.area_a.pk

    response = clients["coordinator"].post(url, {**base, "parent": org.area_b.pk})
    assert response.status_code == 302
    org.team_a1.refresh_from_db()
    assert org.team_a1.path.startswith(org.area_b.path)


def test_a_person_cannot_be_put_in_a_closed_unit_but_keeps_their_own(clients, org):
    # The HR sync refuses a closed unit too ("unit_closed").
    from kuulu.organisation import services

    services.update_unit(unit=org.unit_b, data={"is_active": False})
    data = {
        "kind": "staff",
        "first_name": "Uusi",
        "last_name": "Työntekijä",
        "email": "uusi@example.test",
        "unit": org.unit_b.pk,
        "is_active": "on",
        "language": "fi",
    }
    response = clients["coordinator"].post("/en" + reverse("organisation:person_create")[3:], data)
    assert response.status_code == 200
    assert not Person.objects.filter(email="uusi@example.test").exists()
    # Someone already in the closed unit can still be edited without moving them.
    edit = clients["coordinator"].get(
        reverse("organisation:person_edit", args=[org.other_staff_person.pk])
    )
    assert org.unit_b in edit.context["form"].fields["unit"].queryset
