"""An OpenAPI 3 document turned into what the API reference page shows (pure: a dict in,
dataclasses out, no Django). The page itself is `kuulu.api_docs`.

Every operation by its first tag with its method, path, authentication, parameters, request
body and responses; every schema with its fields; the security schemes. Types are readable
text with links to the schemas they name (`array of UnitOut`, `string or null`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

METHOD_ORDER = ("get", "post", "put", "patch", "delete")
SCHEMA_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class TypePart:
    """A piece of a type's description: plain text, or the name of a schema with its anchor."""

    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Param:
    name: str
    location: str  # path, query, header, cookie
    required: bool
    type: tuple[TypePart, ...]
    description: str


@dataclass(frozen=True)
class Reply:
    status: str
    description: str
    type: tuple[TypePart, ...]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    auth: tuple[str, ...]  # security scheme names; empty: public
    params: tuple[Param, ...]
    body: tuple[TypePart, ...]
    body_required: bool
    replies: tuple[Reply, ...]


@dataclass(frozen=True)
class Section:
    tag: str
    anchor: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class SchemaField:
    name: str
    type: tuple[TypePart, ...]
    required: bool
    description: str


@dataclass(frozen=True)
class SchemaDoc:
    name: str
    anchor: str
    description: str
    fields: tuple[SchemaField, ...]
    enum: tuple[str, ...]


@dataclass(frozen=True)
class AuthScheme:
    name: str
    kind: str  # bearer, cookie, other
    detail: str


@dataclass(frozen=True)
class Reference:
    title: str
    version: str
    description: str
    sections: tuple[Section, ...]
    schemas: tuple[SchemaDoc, ...]
    auth: tuple[AuthScheme, ...]
    operation_count: int = field(default=0)


def _slug(text: str) -> str:
    out = "".join(ch if ch.isalnum() else "-" for ch in text.lower())
    return "-".join(part for part in out.split("-") if part)


def schema_anchor(name: str) -> str:
    return f"schema-{_slug(name)}"


def _constraints(schema: Mapping[str, Any]) -> str:
    parts = []
    for key, label in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("minLength", "min length"),
        ("maxLength", "max length"),
        ("minItems", "min items"),
        ("pattern", "pattern"),
        ("format", "format"),
    ):
        if key in schema:
            parts.append(f"{label} {schema[key]}")
    return ", ".join(parts)


def type_parts(schema: Mapping[str, Any] | None) -> tuple[TypePart, ...]:
    """A readable type: `integer`, `array of UnitOut` (linked), `string or null`, ..."""
    if not schema:
        return (TypePart("any"),)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        name = ref[len(SCHEMA_PREFIX) :]
        return (TypePart(name, schema_anchor(name)),)
    for combiner, word in (("anyOf", " or "), ("oneOf", " or "), ("allOf", " and ")):
        options = schema.get(combiner)
        if isinstance(options, list) and options:
            out: list[TypePart] = []
            for i, option in enumerate(options):
                if i:
                    out.append(TypePart(word))
                out.extend(type_parts(option))
            return tuple(out)
    kind = schema.get("type")
    if kind == "array":
        return (TypePart("array of "), *type_parts(schema.get("items")))
    if kind == "object" and isinstance(schema.get("additionalProperties"), Mapping):
        return (TypePart("object of "), *type_parts(schema["additionalProperties"]))
    if "enum" in schema:
        values = ", ".join(str(v) for v in schema["enum"])
        return (TypePart(f"{kind or 'value'}: one of {values}"),)
    text = str(kind or "any")
    extra = _constraints(schema)
    if extra:
        text = f"{text} ({extra})"
    if "default" in schema and schema["default"] is not None:
        text = f"{text}, default {schema['default']}"
    return (TypePart(text),)


def _json_schema(content: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    if not content:
        return None
    media = content.get("application/json") or next(iter(content.values()), None) or {}
    return media.get("schema")


def _operation(path: str, method: str, spec: Mapping[str, Any]) -> Operation:
    params = tuple(
        Param(
            name=str(p.get("name", "")),
            location=str(p.get("in", "")),
            required=bool(p.get("required")),
            type=type_parts(p.get("schema")),
            description=str(
                p.get("description") or (p.get("schema") or {}).get("description") or ""
            ),
        )
        for p in spec.get("parameters", [])
    )
    body = spec.get("requestBody") or {}
    body_schema = _json_schema(body.get("content"))
    replies = tuple(
        Reply(
            status=str(status),
            description=str(reply.get("description") or ""),
            type=type_parts(_json_schema(reply.get("content"))) if reply.get("content") else (),
        )
        for status, reply in sorted(spec.get("responses", {}).items(), key=lambda kv: str(kv[0]))
    )
    auth = tuple(sorted({name for option in spec.get("security", []) for name in option}))
    return Operation(
        method=method.upper(),
        path=path,
        anchor=_slug(spec.get("operationId") or f"{method}-{path}"),
        summary=str(spec.get("summary") or ""),
        description=str(spec.get("description") or ""),
        auth=auth,
        params=params,
        body=type_parts(body_schema) if body_schema is not None else (),
        body_required=bool(body.get("required")),
        replies=replies,
    )


def _schema_doc(name: str, schema: Mapping[str, Any]) -> SchemaDoc:
    required = set(schema.get("required", []))
    fields = tuple(
        SchemaField(
            name=prop,
            type=type_parts(spec),
            required=prop in required,
            description=str(spec.get("description") or ""),
        )
        for prop, spec in (schema.get("properties") or {}).items()
    )
    return SchemaDoc(
        name=name,
        anchor=schema_anchor(name),
        description=str(schema.get("description") or ""),
        fields=fields,
        enum=tuple(str(v) for v in schema.get("enum", [])),
    )


def _auth_scheme(name: str, spec: Mapping[str, Any]) -> AuthScheme:
    if spec.get("type") == "http" and spec.get("scheme") == "bearer":
        return AuthScheme(name, "bearer", "Authorization: Bearer <token>")
    if spec.get("type") == "apiKey":
        return AuthScheme(
            name, "cookie" if spec.get("in") == "cookie" else "other", str(spec.get("name", ""))
        )
    return AuthScheme(name, "other", str(spec.get("type", "")))


def reference_from_schema(schema: Mapping[str, Any]) -> Reference:
    """The page's content from an OpenAPI 3 document: operations grouped by their first tag
    (in order of first appearance), methods in a fixed order, schemas by name."""
    sections: dict[str, list[Operation]] = {}
    count = 0
    for path, item in (schema.get("paths") or {}).items():
        for method in METHOD_ORDER:
            spec = item.get(method)
            if spec is None:
                continue
            tag = (spec.get("tags") or ["api"])[0]
            sections.setdefault(str(tag), []).append(_operation(path, method, spec))
            count += 1
    components = schema.get("components") or {}
    info = schema.get("info") or {}
    return Reference(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        sections=tuple(
            Section(tag=tag, anchor=f"tag-{_slug(tag)}", operations=tuple(ops))
            for tag, ops in sections.items()
        ),
        schemas=tuple(
            _schema_doc(name, spec)
            for name, spec in sorted((components.get("schemas") or {}).items())
        ),
        auth=tuple(
            _auth_scheme(name, spec)
            for name, spec in sorted((components.get("securitySchemes") or {}).items())
        ),
        operation_count=count,
    )
