import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kuulu.core.models import AuditEvent
from kuulu.integrations import services
from kuulu.integrations.models import ApiToken
from kuulu.organisation.models import Unit

pytestmark = pytest.mark.django_db


def auth(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def coordinator_token(org):
    return services.create_token(user=org.coordinator, name="intranet").raw


@pytest.fixture
def staff_token(org):
    return services.create_token(user=org.staff, name="own").raw


def assert_error_body(response, status, code):
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["errors"], list)
    return body


def test_token_is_stored_only_as_hash(org):
    issued = services.create_token(user=org.coordinator, name="x")
    token = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.raw not in (token.token_hash, token.prefix)
    assert token.token_hash == services.hash_token(issued.raw)
    assert issued.raw.startswith("kuulu_")


def test_public_reads_need_no_token(org):
    response = Client().get("/api/v1/units")
    assert response.status_code == 200
    codes = [u["code"] for u in response.json()]
    assert codes == ["area-a", "unit-a", "team-a1", "area-b", "unit-b"]


def test_openapi_document_and_docs_page(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/units" in response.json()["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_missing_or_bad_token_is_401(org):
    assert_error_body(Client().get("/api/v1/me"), 401, "not_authenticated")
    assert_error_body(
        Client().get("/api/v1/me", **auth("kuulu_nonsense")), 401, "not_authenticated"
    )


def test_revoked_and_expired_tokens_are_refused(org, coordinator_token):
    token = ApiToken.objects.get()
    services.revoke_token(token=token, actor=org.coordinator)
    assert_error_body(
        Client().get("/api/v1/me", **auth(coordinator_token)), 401, "not_authenticated"
    )
    expired = services.create_token(
        user=org.coordinator, name="old", expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert_error_body(Client().get("/api/v1/me", **auth(expired.raw)), 401, "not_authenticated")


def test_token_of_deactivated_user_stops_working(org, coordinator_token):
    org.coordinator.is_active = False
    org.coordinator.save()
    assert_error_body(
        Client().get("/api/v1/me", **auth(coordinator_token)), 401, "not_authenticated"
    )


def test_me_reports_roles(org, coordinator_token):
    response = Client().get("/api/v1/me", **auth(coordinator_token))
    assert response.json() == {
        "user_id": org.coordinator.pk,
        "roles": ["coordinator", "staff"],
        "unit_id": org.area_a.pk,
    }
    assert ApiToken.objects.get().last_used_at is not None


def post_unit(raw, payload, content_type="application/json"):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return Client().post("/api/v1/units", body, content_type=content_type, **auth(raw))


def test_create_unit_as_coordinator(org, coordinator_token):
    response = post_unit(
        coordinator_token,
        {"code": "api-unit", "name_fi": "API-yksikkö", "parent_id": org.unit_b.pk},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["code"] == "api-unit"
    assert body["parent_id"] == org.unit_b.pk
    assert body["depth"] == 2
    assert AuditEvent.objects.filter(
        action="create", object_type="organisation.unit", object_id=str(body["id"]), via="api"
    ).exists()


def test_create_unit_as_staff_is_403_and_creates_nothing(org, staff_token):
    assert_error_body(post_unit(staff_token, {"code": "x", "name_fi": "X"}), 403, "forbidden")
    assert not Unit.objects.filter(code="x").exists()


def test_duplicate_code_is_409(org, coordinator_token):
    body = assert_error_body(
        post_unit(coordinator_token, {"code": "unit-a", "name_fi": "Toinen"}), 409, "conflict"
    )
    assert body["errors"][0]["loc"] == ["body", "code"]
    assert Unit.objects.filter(code="unit-a").count() == 1


@pytest.mark.parametrize(
    ("payload", "error_type"),
    [
        ("{not json", "json_invalid"),
        ("[1, 2", "json_invalid"),
        ({"code": "ok", "name_fi": 123}, "string_type"),
        ({"code": "ok", "name_fi": "X", "surprise": True}, "extra_forbidden"),
        ({"code": "has space", "name_fi": "X"}, "string_pattern_mismatch"),
        ({"code": "ok", "name_fi": "X", "kind": "galaxy"}, "enum"),
        ({"code": "ok", "name_fi": "X", "parent_id": "abc"}, "int_parsing"),
        ({"name_fi": "X"}, "missing"),
    ],
)
def test_bad_input_is_422_with_machine_readable_errors(org, coordinator_token, payload, error_type):
    before = Unit.objects.count()
    body = assert_error_body(
        post_unit(coordinator_token, payload),
        422,
        "malformed_json" if error_type == "json_invalid" else "validation_error",
    )
    assert error_type in [e["type"] for e in body["errors"]]
    assert all(isinstance(e["loc"], list) for e in body["errors"])
    assert Unit.objects.count() == before


def test_unknown_parent_is_404(org, coordinator_token):
    assert_error_body(
        post_unit(coordinator_token, {"code": "x", "name_fi": "X", "parent_id": 999999}),
        404,
        "not_found",
    )


def test_unknown_unit_is_404(db):
    assert_error_body(Client().get("/api/v1/units/424242"), 404, "not_found")


def test_people_list_role_matrix_and_audit(org, coordinator_token, staff_token):
    assert_error_body(Client().get("/api/v1/people", **auth(staff_token)), 403, "forbidden")
    response = Client().get("/api/v1/people", **auth(coordinator_token))
    assert response.status_code == 200
    assert {p["email"] for p in response.json()} == {
        "coord@example.test",
        "manager@example.test",
        "staff@example.test",
        "other@example.test",
        "resident@example.test",
    }
    assert (
        AuditEvent.objects.filter(
            action="view", object_type="organisation.person", via="api"
        ).count()
        == 1
    )


def test_coordination_areas_are_public(db):
    response = Client().get("/api/v1/coordination/areas")
    assert response.status_code == 200
    assert response.json() == []


def test_unknown_api_address_is_json_404(db):
    assert_error_body(Client().get("/api/v1/no-such-endpoint"), 404, "not_found")
