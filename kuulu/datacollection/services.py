"""Writes to the data-collection calendar. Every change is audit-logged."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.datacollection.models import Collection
from kuulu.organisation.models import County

# A collection's first and last year fall in these years. A slip such as 20255 was saved and,
# since Python's dates end at 9999, took down the public calendar and the register.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _check(collection: Collection) -> None:
    for name in ("first_year", "last_year"):
        year = getattr(collection, name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                {
                    name: _("Give a year between %(min)s and %(max)s.")
                    % {"min": FIRST_YEAR, "max": LAST_YEAR}
                }
            )
    if collection.survey_id and collection.survey.county_id != collection.county_id:
        raise ValidationError({"survey": _("Choose a survey of this county.")})
    if collection.responsible_id and collection.responsible.county_id != collection.county_id:
        raise ValidationError({"responsible": _("Choose a person of this county.")})
    if collection.residents_involved and not collection.residents_involvement.strip():
        raise ValidationError(
            {"residents_involvement": _("Describe how residents took part in the results.")}
        )
    collection.full_clean(exclude=["county"])


@transaction.atomic
def save_collection(
    *,
    county: County,
    collection: Collection,
    actor: Any = None,
    request: HttpRequest | None = None,
    changed_fields: list[str] | None = None,
) -> Collection:
    """Create or update a collection of `county`. Raises ValidationError with field names."""
    creating = collection.pk is None
    collection.county = county
    _check(collection)
    collection.save()
    record_event(
        action="create" if creating else "update",
        obj=collection,
        actor=actor,
        request=request,
        summary="data collection added" if creating else "data collection changed",
        changed_fields=changed_fields or [],
    )
    return collection
