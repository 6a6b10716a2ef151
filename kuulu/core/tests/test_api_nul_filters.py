"""A NUL character in any query parameter of any read of the API never reaches the database as a
comparison (PostgreSQL refuses it: a 500). Each app answers in its own way (a 422 naming the
field, an empty list for a filter nothing can match); this walks every GET operation of the
API schema so that a new one cannot forget it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kuulu.api import api
from kuulu.integrations.services import create_token

pytestmark = pytest.mark.django_db


def _operations() -> list[tuple[str, str, list[str]]]:
    schema = api.get_openapi_schema()
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method != "get":
                continue
            names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            found.append((path, method, names))
    return found


OPERATIONS = _operations()


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize(("path", "method", "names"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_nul_in_any_query_parameter_is_never_a_server_error(org, path, method, names):
    token = create_token(user=org.coordinator, name="probe").raw
    client = Client(raise_request_exception=False)
    for name in names or ["q"]:
        response = client.get(
            _concrete(path), {name: "a\x00b"}, HTTP_AUTHORIZATION=f"Bearer {token}"
        )
        assert response.status_code < 500, (name, response.status_code)


def test_a_people_search_with_a_nul_finds_no_one(org):
    token = create_token(user=org.coordinator, name="probe").raw

    response = Client().get(
        "/api/v1/people", {"q": "Vir\x00tanen"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )

    assert response.status_code == 200
    assert response.json() == []
