"""Error shapes shared by services: the API turns a `duplicate` error into 409 Conflict."""

from __future__ import annotations

from django.core.exceptions import ValidationError

DUPLICATE = "duplicate"


def duplicate_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=DUPLICATE)})


def is_duplicate(exc: ValidationError) -> bool:
    return (
        any(error.code == DUPLICATE for error in exc.error_list)
        if not hasattr(exc, "error_dict")
        else any(error.code == DUPLICATE for errors in exc.error_dict.values() for error in errors)
    )
