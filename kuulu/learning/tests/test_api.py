import json

import pytest
from django.test import Client

from kuulu.integrations import services as token_services
from kuulu.learning import services
from kuulu.learning.models import Course
from kuulu.learning.tests.factories import make_course, make_module, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses(org):
    public = make_course(org.county, title_fi="Avoin", internal_only=False)
    make_module(public)
    make_quiz(public, questions=2)
    internal = make_course(org.county, title_fi="Sisäinen")
    make_module(internal)
    make_course(org.county, title_fi="Luonnos", status=Course.Status.DRAFT)
    return public, internal


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_services.create_token(user=user, name='t').raw}"}


def test_course_list_by_caller(org, courses):
    anonymous = Client().get("/api/v1/learning/courses")
    assert [c["title"] for c in anonymous.json()] == ["Avoin"]
    staff = Client().get("/api/v1/learning/courses", **bearer(org.staff))
    assert [c["title"] for c in staff.json()] == ["Avoin", "Sisäinen"]
    coordinator = Client().get("/api/v1/learning/courses", **bearer(org.coordinator))
    assert [c["title"] for c in coordinator.json()] == ["Avoin", "Sisäinen"]  # published only
    session = Client()
    session.force_login(org.staff)
    assert len(session.get("/api/v1/learning/courses").json()) == 2


def test_invalid_token_is_401(courses):
    response = Client().get("/api/v1/learning/courses", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_course_detail_never_reveals_right_answers(org, courses):
    public, internal = courses
    response = Client().get(f"/api/v1/learning/courses/{public.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [m["kind"] for m in body["module_list"]] == ["text", "quiz"]
    assert len(body["module_list"][1]["questions"]) == 2
    assert len(body["module_list"][1]["questions"][0]["choices"]) == 3
    raw = response.content.decode()
    assert "is_correct" not in raw
    assert "correct" not in raw
    assert "explanation" not in raw
    hidden = Client().get(f"/api/v1/learning/courses/{internal.pk}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "not_found"
    staff = Client().get(f"/api/v1/learning/courses/{internal.pk}", **bearer(org.staff))
    assert staff.status_code == 200
    assert "correct" not in staff.content.decode()


def test_own_progress(org, courses):
    public, _internal = courses
    text = public.modules.get(kind="text")
    services.complete_module(user=org.staff, module=text)
    services.complete_module(user=org.resident, module=text)
    assert Client().get("/api/v1/learning/progress").status_code == 401
    response = Client().get("/api/v1/learning/progress", **bearer(org.staff))
    assert response.status_code == 200
    assert response.json() == [
        {
            "course_id": public.pk,
            "modules": 2,
            "done": 1,
            "completed_at": None,
            "module_progress": [
                {
                    "module_id": text.pk,
                    "completed_at": response.json()[0]["module_progress"][0]["completed_at"],
                    "score": None,
                }
            ],
        }
    ]
    assert "correct" not in json.dumps(response.json())
