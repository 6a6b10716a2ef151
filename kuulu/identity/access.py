"""Own cases: a strongly identified person sees the cases linked to their keyed hash, only.

Role rules give staff rights, so only system administrators edit them (Django admin)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.http import HttpRequest

from kuulu.identity import requirements
from kuulu.identity.models import CaseLink


def link_case(request: HttpRequest, obj: models.Model) -> bool:
    """Link a case just made to the strongly identified person making it (no-op otherwise)."""
    identification = requirements.current(request)
    if identification.person_key is None:
        return False
    CaseLink.objects.get_or_create(
        person_key=identification.person_key,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
    )
    return True


def unlink_cases(model: type[models.Model], object_ids: Iterable[int]) -> int:
    """Forget who made these cases: retention calls this when it anonymises or deletes them,
    so that no keyed hash of an identity code stays tied to them. Returns the links removed."""
    deleted, _rows = CaseLink.objects.filter(
        object_type=model._meta.label_lower, object_id__in=list(object_ids)
    ).delete()
    return deleted


def own_case_ids(request: HttpRequest, model: type[models.Model]) -> list[int]:
    """Ids of `model` cases linked to this strongly identified person. Raises
    IdentificationRequired unless the session is strongly identified."""
    identification = requirements.check(request, requirements.Level.SUBSTANTIAL)
    return list(
        CaseLink.objects.filter(
            person_key=identification.person_key, object_type=model._meta.label_lower
        ).values_list("object_id", flat=True)
    )
