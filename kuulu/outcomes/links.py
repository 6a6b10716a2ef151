"""Linking outcomes to the inputs they drew on, through the adapters of outcomes/inputs.py."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kuulu.core.audit import record_event
from kuulu.outcomes import access
from kuulu.outcomes.inputs import adapter as adapter_for
from kuulu.outcomes.models import Outcome, OutcomeInput


@transaction.atomic
def link_input(
    *,
    outcome: Outcome,
    kind: str,
    key: str,
    user: Any,
    request: Any = None,
) -> OutcomeInput:
    """Link one input. The user must be allowed to see it in its own module and it must be of
    the outcome's county: anything else raises PermissionDenied (403) and saves nothing."""
    adapter = adapter_for(kind)
    if adapter is None:
        raise ValidationError({"kind": _("Choose the kind of input.")})
    key = str(key).strip()
    obj = adapter.resolve([key]).get(key) if key else None
    if obj is None:
        # An unknown key is refused like one the user may not see: it tells nothing.
        raise PermissionDenied
    if not access.can_link_input(user, outcome, adapter, obj):
        raise PermissionDenied
    try:
        with transaction.atomic():
            link = OutcomeInput.objects.create(
                outcome=outcome,
                kind=kind,
                object_id=key,
                label=adapter.label(obj)[:300],
                linked_by=user if getattr(user, "is_authenticated", False) else None,
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"key": _("This input is already linked to the outcome.")}, code="duplicate"
        ) from exc
    record_event(
        action="update",
        obj=outcome,
        actor=user,
        request=request,
        summary=f"linked {kind}",
        changed_fields=["inputs"],
    )
    return link


@transaction.atomic
def unlink_input(*, link: OutcomeInput, user: Any, request: Any = None) -> None:
    outcome = link.outcome
    kind = link.kind
    link.delete()
    record_event(
        action="update",
        obj=outcome,
        actor=user,
        request=request,
        summary=f"unlinked {kind}",
        changed_fields=["inputs"],
    )
