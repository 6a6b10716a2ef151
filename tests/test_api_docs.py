"""The API reference page: the OpenAPI schema rendered on the server (kuulu.openapi_reference)
into the site's template at /api/v1/docs and /<lang>/api/, in place of Swagger UI."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from kuulu.openapi_reference import TypePart, reference_from_schema, type_parts

SCHEMA = {
    "openapi": "3.1.0",
    "info": {"title": "T", "version": "2.0", "description": "Test API."},
    "paths": {
        "/api/v1/things/{thing_id}": {
            "delete": {
                "operationId": "delete_thing",
                "summary": "Delete Thing",
                "parameters": [
                    {
                        "in": "path",
                        "name": "thing_id",
                        "schema": {"type": "integer"},
                        "required": True,
                    }
                ],
                "responses": {"204": {"description": "No Content"}},
                "tags": ["things"],
                "security": [{"TokenAuth": []}, {"SessionAuth": []}],
            },
            "get": {
                "operationId": "get_thing",
                "summary": "Get Thing",
                "description": "One thing.",
                "parameters": [
                    {
                        "in": "path",
                        "name": "thing_id",
                        "schema": {"type": "integer"},
                        "required": True,
                    },
                    {
                        "in": "query",
                        "name": "lang",
                        "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        "required": False,
                    },
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ThingOut"}
                            }
                        },
                    }
                },
                "tags": ["things"],
            },
        },
        "/api/v1/others": {
            "post": {
                "operationId": "make_other",
                "summary": "Make",
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ThingOut"}}
                    },
                    "required": True,
                },
                "responses": {"201": {"description": "Created"}},
                "tags": ["others"],
                "security": [{"TokenAuth": []}],
            }
        },
    },
    "components": {
        "schemas": {
            "ThingOut": {
                "properties": {
                    "id": {"type": "integer"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Kind"}},
                    "note": {"anyOf": [{"type": "string", "maxLength": 20}, {"type": "null"}]},
                },
                "required": ["id"],
                "type": "object",
            },
            "Kind": {"enum": ["a", "b"], "type": "string"},
        },
        "securitySchemes": {
            "TokenAuth": {"type": "http", "scheme": "bearer"},
            "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
        },
    },
}


def test_types_read_as_text_with_links_to_the_schemas_they_name():
    assert type_parts({"$ref": "#/components/schemas/ThingOut"}) == (
        TypePart("ThingOut", "schema-thingout"),
    )
    assert type_parts({"type": "array", "items": {"$ref": "#/components/schemas/Kind"}}) == (
        TypePart("array of "),
        TypePart("Kind", "schema-kind"),
    )
    assert type_parts({"anyOf": [{"type": "string"}, {"type": "null"}]}) == (
        TypePart("string"),
        TypePart(" or "),
        TypePart("null"),
    )
    assert type_parts({"type": "integer", "minimum": 1, "default": 5}) == (
        TypePart("integer (>= 1), default 5"),
    )
    assert type_parts({"enum": ["a", "b"], "type": "string"}) == (TypePart("string: one of a, b"),)
    assert type_parts(None) == (TypePart("any"),)


def test_operations_are_grouped_by_tag_with_methods_in_a_fixed_order():
    ref = reference_from_schema(SCHEMA)
    assert ref.title == "T"
    assert ref.version == "2.0"
    assert ref.operation_count == 3
    assert [s.tag for s in ref.sections] == ["things", "others"]
    get, delete = ref.sections[0].operations
    assert (get.method, delete.method) == ("GET", "DELETE")
    assert get.auth == ()
    assert delete.auth == ("SessionAuth", "TokenAuth")
    assert [p.name for p in get.params] == ["thing_id", "lang"]
    assert get.params[0].required
    assert not get.params[1].required
    assert get.replies[0].status == "200"
    assert get.replies[0].type == (TypePart("ThingOut", "schema-thingout"),)
    assert delete.replies[0].type == ()
    post = ref.sections[1].operations[0]
    assert post.body == (TypePart("ThingOut", "schema-thingout"),)
    assert post.body_required


def test_schemas_list_their_fields_and_enums_and_the_auth_schemes_are_described():
    ref = reference_from_schema(SCHEMA)
    kind, thing = ref.schemas
    assert kind.name == "Kind"
    assert kind.enum == ("a", "b")
    assert [(f.name, f.required) for f in thing.fields] == [
        ("id", True),
        ("tags", False),
        ("note", False),
    ]
    assert thing.fields[2].type[0] == TypePart("string (max length 20)")
    assert [(a.name, a.kind) for a in ref.auth] == [
        ("SessionAuth", "cookie"),
        ("TokenAuth", "bearer"),
    ]


def _anchors(html: str) -> tuple[set[str], set[str]]:
    ids = set(re.findall(r'id="([^"]+)"', html))
    links = set(re.findall(r'href="#([^"]+)"', html))
    return ids, links


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_reference_page_lists_every_endpoint_in_each_language(lang):
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    response = client.get(f"/{lang}/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for path, item in schema["paths"].items():
        assert f"<code>{path}</code>" in html
        for method in item:
            assert f'<span class="tag">{method.upper()}</span>' in html
    for name in schema["components"]["schemas"]:
        assert f"<code>{name}</code>" in html
    ids, links = _anchors(html)
    assert links <= ids, links - ids  # every in-page link has its target
    assert 'href="/api/v1/openapi.json"' in html
    # The language switcher links to the page itself in the other languages.
    for other in ("fi", "sv", "en"):
        assert f'href="/{other}/api/"' in html
    with translation.override(lang):
        heading = translation.gettext("API reference")
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.django_db
def test_api_v1_docs_is_the_same_page_in_the_browsers_language_under_the_default_csp():
    response = Client().get("/api/v1/docs", HTTP_ACCEPT_LANGUAGE="sv")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<code>/api/v1/units</code>" in html
    assert 'href="/sv/api/"' in html
    assert 'href="/en/api/"' in html
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy
    # No Swagger UI, no inline script or style.
    assert "swagger" not in html.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "style=" not in html
    assert "<style" not in html
