"""API: public areas, requests by token (staff), suggestions (coordinators)."""

from decimal import Decimal

import pytest
from django.test import Client

from kuulu.experts.models import ExpertRequest
from kuulu.experts.tests.factories import in_days, make_area, make_expert
from kuulu.integrations import services as token_services

pytestmark = pytest.mark.django_db


def _client(user) -> tuple[Client, dict]:
    raw = token_services.create_token(user=user, name="t").raw
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_areas_are_public(org):
    make_area(org.county, slug="carer", name_fi="Omaishoitajuus", name_sv="Närståendevård")
    body = Client().get("/api/v1/experts/areas").json()
    assert [(a["slug"], a["name_fi"], a["name_sv"]) for a in body] == [
        ("carer", "Omaishoitajuus", "Närståendevård")
    ]


def test_staff_request_and_coordinator_suggestions(org):
    area = make_area(org.county)
    expert = make_expert(
        org.county,
        areas=[area],
        municipalities=[org.county.municipalities.get()],
        payee_number="SECRET-1",
    )
    client, auth = _client(org.staff)
    payload = {
        "need": "Kehittäjäryhmään kokemusasiantuntija",
        "area_ids": [area.pk],
        "type": "development_group",
        "date_from": in_days(7).isoformat(),
        "duration_hours": "1.5",
        "remote": True,
        "language": "fi",
    }
    response = client.post(
        "/api/v1/experts/requests", payload, content_type="application/json", **auth
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["area_ids"]) == ("open", [area.pk])
    assert ExpertRequest.objects.get().requested_by == org.staff_person

    bad = client.post(
        "/api/v1/experts/requests",
        {**payload, "date_from": in_days(-1).isoformat(), "remote": False},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["errors"]} == {"date_from", "municipality"}

    url = f"/api/v1/experts/requests/{created['id']}/suggestions"
    assert client.get(url, **auth).status_code == 403
    coordinator, coordinator_auth = _client(org.coordinator)
    suggestions = coordinator.get(url, **coordinator_auth)
    assert suggestions.status_code == 200
    [item] = suggestions.json()
    assert item["profile_id"] == expert.pk
    assert item["matched_areas"] == 1
    assert "SECRET-1" not in suggestions.content.decode()
    assert expert.person.email not in suggestions.content.decode()


def test_api_refuses_without_token_or_role(org):
    area = make_area(org.county)
    payload = {
        "need": "x",
        "area_ids": [area.pk],
        "type": "lecture",
        "date_from": in_days(7).isoformat(),
        "duration_hours": "1",
        "remote": True,
    }
    assert (
        Client().post("/api/v1/experts/requests", payload, content_type="application/json")
    ).status_code == 401
    client, auth = _client(org.resident)
    response = client.post(
        "/api/v1/experts/requests", payload, content_type="application/json", **auth
    )
    assert response.status_code == 403
    assert not ExpertRequest.objects.exists()


@pytest.mark.parametrize("field", ["need", "time_note", "place", "cost_centre"])
def test_request_text_with_a_nul_character_is_invalid_input(org, field):
    area = make_area(org.county)
    client, auth = _client(org.staff)
    payload = {
        "need": "Luento",
        "area_ids": [area.pk],
        "type": "lecture",
        "date_from": in_days(7).isoformat(),
        "duration_hours": "1",
        "remote": True,
        field: "Kaja\x00ni",
    }
    response = client.post(
        "/api/v1/experts/requests", payload, content_type="application/json", **auth
    )
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["errors"]] == [field]
    assert not ExpertRequest.objects.exists()


@pytest.mark.parametrize("hours", ["0.1", "0", "-1"])
def test_a_request_shorter_than_the_web_forms_minimum_is_refused(org, hours):
    area = make_area(org.county)
    client, auth = _client(org.staff)
    payload = {
        "need": "Luento",
        "area_ids": [area.pk],
        "type": "lecture",
        "date_from": in_days(7).isoformat(),
        "duration_hours": hours,
        "remote": True,
    }

    response = client.post(
        "/api/v1/experts/requests",
        payload,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fi",
        **auth,
    )

    assert response.status_code == 422
    assert [(e["loc"][-1], e["msg"]) for e in response.json()["errors"]] == [
        ("duration_hours", "Keston on oltava vähintään 0,5 tuntia.")
    ]
    assert not ExpertRequest.objects.exists()


def test_a_request_of_the_minimum_duration_is_accepted(org):
    area = make_area(org.county)
    client, auth = _client(org.staff)
    payload = {
        "need": "Luento",
        "area_ids": [area.pk],
        "type": "lecture",
        "date_from": in_days(7).isoformat(),
        "duration_hours": "0.5",
        "remote": True,
    }

    response = client.post(
        "/api/v1/experts/requests", payload, content_type="application/json", **auth
    )

    assert response.status_code == 201, response.content
    assert ExpertRequest.objects.get().duration_hours == Decimal("0.5")


def test_a_request_dated_outside_2000_2100_is_refused(org):
    """The web form refuses such a year; the API stored a request for 2101 or 9999, which
    the coordinator's queue then listed and matched against."""
    area = make_area(org.county)
    client, auth = _client(org.staff)
    payload = {
        "need": "Luento",
        "area_ids": [area.pk],
        "type": "lecture",
        "date_from": "2101-01-01",
        "date_to": "9999-12-31",
        "duration_hours": "1",
        "remote": True,
    }
    response = client.post(
        "/api/v1/experts/requests", payload, content_type="application/json", **auth
    )
    assert response.status_code == 422
    assert sorted(e["loc"][-1] for e in response.json()["errors"]) == ["date_from", "date_to"]
    assert not ExpertRequest.objects.exists()
