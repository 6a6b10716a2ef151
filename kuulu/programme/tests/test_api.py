from datetime import date

import pytest

from kuulu.programme import follow_up
from kuulu.programme.tests.factories import make_indicator, make_measure, make_programme

pytestmark = pytest.mark.django_db


def test_the_api_lists_approved_programmes_and_their_tree(org, client):
    draft = make_programme(org.county, title_fi="Luonnos", start_year=2029, end_year=2032)
    programme = make_programme(org.county, title_fi="Ohjelma", approved=True)
    goal = programme.perspectives.first().goals.first()
    make_indicator(goal, baseline=68.0, baseline_year=2024, target=90.0)
    measure = make_measure(
        goal,
        title_fi="Työpajat",
        responsible_unit=org.unit_a,
        responsible_person=org.manager_person,
        hours=40,
    )
    follow_up.record_follow_up(
        measure=measure,
        data={
            "year": 2025,
            "quarter": 1,
            "status": "in_progress",
            "note": "Alkoi.",
            "evidence_links": "https://example.test/a",
        },
        today=date(2025, 4, 2),
    )

    listed = client.get("/api/v1/programme").json()
    tree = client.get(f"/api/v1/programme/{programme.pk}").json()
    current = client.get("/api/v1/programme/current").json()

    assert [p["title"] for p in listed] == ["Ohjelma"]
    assert current == tree
    assert tree["measures_by_status"]["in_progress"] == 1
    assert [p["kind"] for p in tree["perspectives"]] == [
        "information",
        "service",
        "development",
        "strategy",
    ]
    (api_goal,) = tree["perspectives"][0]["goals"]
    assert api_goal["indicators"] == [
        {
            "code": "feedback_on_time",
            "baseline": 68.0,
            "baseline_year": 2024,
            "target": 90.0,
            "target_year": 2028,
        }
    ]
    (api_measure,) = api_goal["measures"]
    assert api_measure["responsible_unit"] == "Kotihoito"
    assert api_measure["follow_ups"] == [
        {
            "year": 2025,
            "quarter": 1,
            "status": "in_progress",
            "note": "Alkoi.",
            "links": ["https://example.test/a"],
        }
    ]
    body = str(tree)
    assert org.manager_person.email not in body
    assert org.manager_person.last_name not in body
    missing = client.get(f"/api/v1/programme/{draft.pk}")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_current_is_404_without_an_approved_programme(org, client):
    make_programme(org.county)

    response = client.get("/api/v1/programme/current")

    assert response.status_code == 404
