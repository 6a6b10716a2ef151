"""API infrastructure: one error body for every failure.

{"status": 422, "code": "validation_error", "message": "...", "errors": [{"loc": [...], "msg": "...", "type": "..."}]}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kuulu.core.errors import is_duplicate

logger = logging.getLogger(__name__)


def refuse_nul(value: str) -> str:
    """For a schema's field validator: PostgreSQL text cannot hold NUL characters, so refuse
    them as invalid input (a 422, as the web forms do) instead of failing when the row is
    written."""
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value


def error_body(
    status: int, code: str, message: str, errors: list[dict[str, Any]] | None = None
) -> dict:
    return {"status": status, "code": code, "message": message, "errors": errors or []}


def _respond(api: NinjaAPI, request: HttpRequest, body: dict) -> HttpResponse:
    return api.create_response(request, body, status=body["status"])


def _clean_pydantic_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "loc": [str(part) for part in e.get("loc", [])],
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in errors
    ]


def django_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if hasattr(exc, "error_dict"):
        return [
            {"loc": ["body", field], "msg": str(message), "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [
        {"loc": ["body"], "msg": str(message), "type": "value_error"} for message in exc.messages
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return _respond(
            api,
            request,
            error_body(
                422,
                "validation_error",
                _("The request has invalid values."),
                _clean_pydantic_errors(exc.errors),
            ),
        )

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if is_duplicate(exc):
            return _respond(
                api,
                request,
                error_body(
                    409,
                    "conflict",
                    _("The request conflicts with existing data."),
                    django_errors(exc),
                ),
            )
        return _respond(
            api,
            request,
            error_body(
                422, "validation_error", _("The request has invalid values."), django_errors(exc)
            ),
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, AuthenticationError):
            return _respond(
                api,
                request,
                error_body(401, "not_authenticated", _("A valid API token is required.")),
            )
        if isinstance(exc, AuthorizationError):
            return _respond(
                api,
                request,
                error_body(403, "forbidden", _("You do not have permission to do this.")),
            )
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            return _respond(
                api,
                request,
                error_body(
                    422,
                    "malformed_json",
                    _("The request body is not valid JSON."),
                    [
                        {
                            "loc": ["body"],
                            "msg": _("The request body is not valid JSON."),
                            "type": "json_invalid",
                        }
                    ],
                ),
            )
        codes = {
            400: "bad_request",
            404: "not_found",
            405: "method_not_allowed",
            409: "conflict",
            429: "throttled",
        }
        return _respond(
            api, request, error_body(exc.status_code, codes.get(exc.status_code, "error"), str(exc))
        )

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, error_body(404, "not_found", _("No such record.")))

    def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(
            api, request, error_body(403, "forbidden", _("You do not have permission to do this."))
        )

    def on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return _respond(
            api, request, error_body(500, "server_error", _("The service ran into an error."))
        )

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(DjangoValidationError, on_django_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_forbidden)
    api.add_exception_handler(Exception, on_error)
