from __future__ import annotations

import pytest

from kuulu.indicators.tests.fixtures import feedback_fixture


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("resident", 403), ("staff", 200), ("coordinator", 200)],
)
def test_the_api_catalogue_is_for_staff(org, clients, role, status):
    response = clients[role].get("/api/v1/indicators")

    assert response.status_code == status
    if status == 200:
        assert response.json()[0]["code"] == "feedback_on_time"


def test_the_api_gives_values_with_the_dashboards_filters(org, clients):
    feedback_fixture(org)

    county = clients["coordinator"].get(
        "/api/v1/indicators/values", {"period": "2026 Q1", "code": "feedback_on_time"}
    )
    area = clients["coordinator"].get(
        "/api/v1/indicators/values",
        {"period": "2026 Q1", "code": "feedback_on_time", "service_area": org.area_b.pk},
    )
    trend = clients["coordinator"].get(
        "/api/v1/indicators/values",
        {"period": "2026 Q2", "quarters": 2, "code": ["feedback_on_time", "feedback_nps"]},
    )

    assert county.json() == [
        {
            "code": "feedback_on_time",
            "period": "2026 Q1",
            "start": "2026-01-01",
            "end": "2026-03-31",
            "value": 71.4,
            "numerator": 5.0,
            "denominator": 7.0,
            "suppressed": False,
        }
    ]
    assert area.json()[0]["suppressed"] is True
    assert area.json()[0]["value"] is None
    assert [(v["code"], v["period"], v["value"]) for v in trend.json()] == [
        ("feedback_on_time", "2026 Q1", 71.4),
        ("feedback_on_time", "2026 Q2", None),
        ("feedback_nps", "2026 Q1", 17.0),
        ("feedback_nps", "2026 Q2", None),
    ]


def test_the_api_refuses_a_unit_of_another_county(org, clients):
    from kuulu.organisation.tests.factories import make_county, make_unit

    other = make_unit(make_county(), code="elsewhere")

    response = clients["coordinator"].get("/api/v1/indicators/values", {"unit": other.pk})

    assert response.status_code == 404
