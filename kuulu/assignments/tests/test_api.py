import pytest
from django.test import Client
from django.utils import timezone

from kuulu.assignments.tests.factories import in_days, make_assignment
from kuulu.integrations import services as token_services
from kuulu.learning.models import CourseCompletion

pytestmark = pytest.mark.django_db


def _get(user, path):
    raw = token_services.create_token(user=user, name="t").raw
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_completion_figures_follow_the_callers_scope(org):
    assignment = make_assignment(org.county, due_on=in_days(3))
    CourseCompletion.objects.create(
        user=org.staff, course=assignment.course, completed_at=timezone.now()
    )
    county = _get(org.coordinator, f"/api/v1/assignments/{assignment.pk}/completion").json()
    assert county["total"] == {
        "key": "all",
        "assigned": 4,
        "done": 1,
        "overdue": 0,
        "percent_done": 25,
    }
    assert {u["key"]: u["assigned"] for u in county["by_unit"]} == {"area-a": 3, "area-b": 1}
    manager = _get(org.manager, f"/api/v1/assignments/{assignment.pk}/completion").json()
    assert manager["total"]["assigned"] == 2
    listed = _get(org.manager, "/api/v1/assignments").json()
    assert [a["id"] for a in listed] == [assignment.pk]
    assert listed[0]["total"]["done"] == 1


def test_api_refuses_others(org):
    assignment = make_assignment(org.county)
    assert Client().get("/api/v1/assignments").status_code == 401
    assert _get(org.staff, "/api/v1/assignments").status_code == 403
    response = _get(org.staff, f"/api/v1/assignments/{assignment.pk}/completion")
    assert response.status_code == 403
    assert response.json()["status"] == 403
    assert response.json()["message"]
    assert _get(org.coordinator, "/api/v1/assignments/999999/completion").status_code == 404
