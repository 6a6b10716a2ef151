from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kuulu.core.models import AuditEvent
from kuulu.datacollection import selectors, services
from kuulu.datacollection.models import Collection
from kuulu.datacollection.tests.factories import make_collection
from kuulu.organisation.tests.factories import make_county

pytestmark = pytest.mark.django_db

KEEPERS = {"coordinator", "admin"}


def _expect(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 302 if role == "anonymous" else 403


def _form(**overrides):
    data = {
        "name_fi": "Asiakaskokemuskysely",
        "source": "own",
        "organiser": "Ikäihmisten palvelut",
        "schedule": "every_year",
        "month": "10",
        "target_group_fi": "Kotihoidon asiakkaat",
        "is_public": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_public_calendar_shows_upcoming_public_collections_to_anyone(org, clients):
    make_collection(org.county, name_fi="Kouluterveyskysely")
    make_collection(org.county, name_fi="Sisäinen pulssi", is_public=False)
    make_collection(org.county, name_fi="Vanha kertakysely", schedule="once", first_year=2001)

    for role, client in clients.items():
        response = client.get(reverse("datacollection:public"))
        assert response.status_code == 200, role
        body = response.content.decode()
        assert "Kouluterveyskysely" in body
        assert "Sisäinen pulssi" not in body
        assert "Vanha kertakysely" not in body


@pytest.mark.parametrize("name", ["datacollection:manage", "datacollection:create"])
def test_role_matrix_for_the_register(clients, org, name):
    make_collection(org.county)
    for role, client in clients.items():
        response = client.get(reverse(name))
        assert response.status_code == _expect(role, KEEPERS), role


def test_role_matrix_for_editing_changes_nothing_when_refused(clients, org):
    collection = make_collection(org.county, organiser="THL")
    url = reverse("datacollection:edit", args=[collection.pk])
    for role, client in clients.items():
        response = client.post(url, _form(organiser=f"changed by {role}"))
        expected = 302 if role in KEEPERS or role == "anonymous" else 403
        assert response.status_code == expected, role
        collection.refresh_from_db()
        if role not in KEEPERS:
            assert collection.organiser == "THL", role
        else:
            assert collection.organiser == f"changed by {role}"


def test_coordinator_adds_a_collection_and_it_is_audited(clients, org):
    response = clients["coordinator"].post(reverse("datacollection:create"), _form())

    assert response.status_code == 302
    collection = Collection.objects.get(name_fi="Asiakaskokemuskysely")
    assert collection.county == org.county
    assert collection.name_sv == ""
    assert AuditEvent.objects.filter(
        action="create", object_type="datacollection.collection", object_id=str(collection.pk)
    ).exists()


def test_residents_involvement_needs_a_description(clients, org):
    response = clients["coordinator"].post(
        reverse("datacollection:create"),
        _form(residents_involved="on", residents_involvement=""),
    )

    assert response.status_code == 200
    assert not Collection.objects.exists()


def test_a_collection_cannot_link_another_countys_survey(org):
    from kuulu.surveys.models import Survey

    other = make_county(name_fi="Toinen", slug="toinen")
    survey = Survey.objects.create(county=other, title="Other")
    collection = Collection(
        name_fi="X", source="own", organiser="X", month=1, target_group_fi="X", survey=survey
    )

    with pytest.raises(ValidationError) as error:
        services.save_collection(county=org.county, collection=collection)

    assert "survey" in error.value.message_dict
    assert not Collection.objects.exists()


def test_coordinator_of_another_county_cannot_edit(org, clients):
    other = make_county(name_fi="Toinen", slug="toinen")
    collection = make_collection(other)

    response = clients["coordinator"].get(reverse("datacollection:edit", args=[collection.pk]))

    assert response.status_code == 403


def test_calendar_orders_by_next_occurrence(org):
    later = make_collection(org.county, name_fi="B", schedule="every_year", month=11)
    sooner = make_collection(org.county, name_fi="A", schedule="every_year", month=2)
    ended = make_collection(org.county, name_fi="C", schedule="once", first_year=2020)

    entries = selectors.calendar_for_keeper(county_id=org.county.pk, today=date(2025, 1, 10))

    assert [e.collection for e in entries] == [sooner, later, ended]
    assert entries[0].next.starts_on == date(2025, 2, 1)
    assert entries[2].next is None


def test_register_page_has_a_query_budget(clients, org, django_assert_max_num_queries):
    for i in range(10):
        make_collection(org.county, name_fi=f"K{i}")
    clients["coordinator"].get(reverse("datacollection:manage"))  # warm the session

    with django_assert_max_num_queries(12):
        response = clients["coordinator"].get(reverse("datacollection:manage"))

    assert response.status_code == 200
    assert timezone.localdate()


@pytest.mark.parametrize(
    ("field", "value"), [("first_year", "20255"), ("last_year", "30000"), ("first_year", "202")]
)
def test_a_year_outside_1900_to_2100_is_a_form_error(clients, org, field, value):
    """A slip such as 20255 was saved; Python's dates end at 9999, so the public calendar and
    the register then gave a 500 to everyone."""
    with translation.override("en"):
        response = clients["coordinator"].post(
            reverse("datacollection:create"),
            _form(**{"schedule": "once", "first_year": "2026", field: value}),
        )

    assert response.status_code == 200
    assert response.context["form"].errors == {field: ["Give a year between 1900 and 2100."]}
    assert not Collection.objects.exists()
    assert clients["anonymous"].get(reverse("datacollection:public")).status_code == 200


def test_a_year_stored_beyond_9999_does_not_take_down_the_calendar(clients, org):
    make_collection(org.county, name_fi="Kirjoitusvirhe", schedule="once", first_year=20255)
    make_collection(org.county, name_fi="Vuosittain", schedule="every_year", first_year=20255)
    make_collection(org.county, name_fi="Kouluterveyskysely")

    public = clients["anonymous"].get(reverse("datacollection:public"))
    register = clients["coordinator"].get(reverse("datacollection:manage"))

    assert public.status_code == 200
    assert "Kouluterveyskysely" in public.content.decode()
    assert "Kirjoitusvirhe" not in public.content.decode()
    assert register.status_code == 200


def test_editing_keeps_a_responsible_person_who_has_since_left(org, clients):
    """A responsible person deactivated after being named (they left; the HR sync deactivates
    them) was not among the choices: the edit page selected nobody, so saving any change
    quietly cleared who was responsible, and sending the id back was refused."""
    from kuulu.organisation.models import Person

    collection = make_collection(org.county, responsible=org.other_staff_person)
    Person.objects.filter(pk=org.other_staff_person.pk).update(is_active=False)

    page = clients["coordinator"].get(reverse("datacollection:edit", args=[collection.pk]))
    response = clients["coordinator"].post(
        reverse("datacollection:edit", args=[collection.pk]),
        _form(name_fi="Uusi nimi", responsible=str(org.other_staff_person.pk)),
    )

    collection.refresh_from_db()
    assert f'value="{org.other_staff_person.pk}" selected' in page.content.decode()
    assert response.status_code == 302
    assert collection.name_fi == "Uusi nimi"
    assert collection.responsible_id == org.other_staff_person.pk


def test_a_person_who_has_left_is_not_offered_for_a_new_collection(org, clients):
    from kuulu.organisation.models import Person

    Person.objects.filter(pk=org.other_staff_person.pk).update(is_active=False)
    response = clients["coordinator"].post(
        reverse("datacollection:create"), _form(responsible=str(org.other_staff_person.pk))
    )
    assert response.status_code == 200
    assert not Collection.objects.exists()
