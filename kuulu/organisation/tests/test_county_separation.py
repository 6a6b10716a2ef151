"""A coordinator of another county gets nowhere with this county's organisation, panels,
channels and experience experts (a deployment may host several counties)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from conftest import client_for
from kuulu.channels.models import Membership
from kuulu.channels.tests.factories import make_council, make_member
from kuulu.experts.models import TrainingRecord
from kuulu.experts.tests.factories import make_expert
from kuulu.integrations import services as token_services
from kuulu.organisation.models import Person, Unit
from kuulu.organisation.tests.factories import make_county, make_person, make_unit
from kuulu.panels.tests.factories import make_panel, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def stranger():
    county = make_county()
    person = make_person(
        county, kind="staff", unit=make_unit(county, code="muu"), is_coordinator=True
    )
    client = Client()
    client.force_login(person.user)
    return client


def test_panels_of_another_county_are_closed(org, stranger):
    panel = make_panel(org.county)
    make_volunteer(panel, 1)
    for name in ["panels:panel_manage", "panels:edit", "panels:volunteers", "panels:workspace"]:
        assert stranger.get(reverse(name, args=[panel.pk])).status_code == 403, name
    assert panel.title not in stranger.get(reverse("panels:manage")).content.decode()


def test_channels_of_another_county_are_closed(org, stranger):
    council = make_council(org.county)
    membership = make_member(council)
    for url in [
        reverse("channels:manage_channel", args=[council.pk]),
        reverse("channels:channel_edit", args=[council.pk]),
        reverse("channels:workspace", args=[council.pk]),
    ]:
        assert stranger.get(url).status_code == 403, url
    stranger.post(
        reverse("channels:membership_end", args=[membership.pk]), {"term_end": "2026-01-01"}
    )
    membership.refresh_from_db()
    assert membership.term_end is None


def test_expert_profiles_of_another_county_are_closed(org, stranger):
    profile = make_expert(org.county)
    assert stranger.get(reverse("experts:profile_edit", args=[profile.pk])).status_code == 403
    stranger.post(
        reverse("experts:training_add", args=[profile.pk]),
        {"course": "Kokemusasiantuntijakoulutus", "completed_on": "2025-05-01"},
    )
    assert not TrainingRecord.objects.filter(profile=profile).exists()
    assert Membership.objects.count() == 0


# --- The organisation itself: units and people of another county ---------------------------


def _second_county():  # type: ignore[no-untyped-def]
    """A second county with its own coordinator (the installation's first county is `org`)."""
    county = make_county()
    area = make_unit(county, code="toinen-alue", name_fi="Toisen alueen palvelut")
    coordinator = make_person(
        county, kind="staff", unit=area, is_coordinator=True, email="c2@example.test"
    )
    return county, area, coordinator.user


def test_units_and_people_are_created_in_the_coordinators_own_county(org):
    county, area, coordinator = _second_county()
    client = client_for(coordinator)
    token = token_services.create_token(user=coordinator, name="t").raw

    unit_page = client.post(
        reverse("organisation:unit_create"),
        {"name_fi": "Uusi yksikkö", "code": "uusi", "kind": "unit", "parent": area.pk},
    )
    person_page = client.post(
        reverse("organisation:person_create"),
        {
            "kind": "staff",
            "first_name": "Uusi",
            "last_name": "Työntekijä",
            "email": "uusi@example.test",
            "unit": area.pk,
            "is_active": "on",
            "language": "fi",
        },
    )
    unit_api = Client().post(
        "/api/v1/units",
        json.dumps({"code": "rajapinta", "name_fi": "Rajapinnan yksikkö", "parent_id": area.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert (unit_page.status_code, person_page.status_code, unit_api.status_code) == (
        302,
        302,
        201,
    )
    assert Unit.objects.get(code="uusi").county == county
    assert Unit.objects.get(code="rajapinta").county == county
    assert Person.objects.get(email="uusi@example.test").county == county


def test_the_unit_tree_and_people_are_the_coordinators_own_county(org):
    _county, area, coordinator = _second_county()
    client = client_for(coordinator)
    token = token_services.create_token(user=coordinator, name="t").raw

    tree = client.get(reverse("organisation:unit_tree")).content.decode()
    people = client.get(reverse("organisation:people")).content.decode()
    api = Client().get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {token}").json()

    assert area.name_fi in tree
    assert org.unit_a.name_fi not in tree
    assert org.staff_person.last_name not in people
    assert org.unit_a.name_fi not in people  # not offered as a filter either
    assert "c2@example.test" in [p["email"] for p in api]
    assert org.staff_person.email not in [p["email"] for p in api]


def test_units_and_people_of_another_county_cannot_be_seen_or_changed(org):
    _county, _area, coordinator = _second_county()
    client = client_for(coordinator)
    person = org.staff_person

    seen = client.get(reverse("organisation:person_detail", args=[person.pk]))
    person_post = client.post(
        reverse("organisation:person_edit", args=[person.pk]),
        {
            "kind": "staff",
            "first_name": "Muutettu",
            "last_name": person.last_name,
            "email": person.email,
            "unit": org.team_a1.pk,
            "is_active": "on",
        },
    )
    unit_post = client.post(
        reverse("organisation:unit_edit", args=[org.unit_a.pk]),
        {"name_fi": "Muutettu", "code": "unit-a", "kind": "unit", "is_active": "on"},
    )

    assert (seen.status_code, person_post.status_code, unit_post.status_code) == (403, 403, 403)
    person.refresh_from_db()
    org.unit_a.refresh_from_db()
    assert person.first_name != "Muutettu"
    assert org.unit_a.name_fi == "Kotihoito"
    assert org.unit_a.parent_id == org.area_a.pk
