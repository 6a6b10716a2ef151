"""The visit a staff member has started: whom they are helping, where, and with what consent.

Kept in the server-side session (only ids, the consent method, the representative's name and
the note), so the resident is identified and consent recorded once and then used for every
action of the visit. A visit ends when the staff member finishes it, signs out, or after
`VISIT_MAX_AGE`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from kuulu.assisted.services import Consent, Visit
from kuulu.organisation.models import Person, Unit

SESSION_KEY = "kuulu_assisted_visit"
VISIT_MAX_AGE = timedelta(hours=2)


def start_visit(
    request: HttpRequest, *, resident: Person | None, unit: Unit, consent: Consent
) -> None:
    request.session[SESSION_KEY] = {
        "user_id": request.user.pk,
        "resident_id": resident.pk if resident is not None else None,
        "unit_id": unit.pk,
        "method": consent.method,
        "representative_name": consent.representative_name,
        "note": consent.note,
        "given_at": (consent.given_at or timezone.now()).isoformat(),
        "started_at": timezone.now().isoformat(),
    }


def end_visit(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def current_visit(request: HttpRequest, *, now: datetime | None = None) -> Visit | None:
    """The visit in progress, or None (none started, another user's, expired, or its resident
    or unit no longer exists)."""
    data: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not data or data.get("user_id") != request.user.pk:
        return None
    now = now or timezone.now()
    try:
        started = datetime.fromisoformat(data["started_at"])
        given_at = datetime.fromisoformat(data["given_at"])
    except (KeyError, TypeError, ValueError):
        end_visit(request)
        return None
    if now - started > VISIT_MAX_AGE:
        end_visit(request)
        return None
    unit = Unit.objects.filter(pk=data.get("unit_id")).first()
    resident = None
    if data.get("resident_id") is not None:
        resident = Person.objects.select_related("user").filter(pk=data["resident_id"]).first()
        if resident is None:
            end_visit(request)
            return None
    if unit is None:
        end_visit(request)
        return None
    return Visit(
        staff_user=request.user,
        unit=unit,
        resident=resident,
        consent=Consent(
            method=data.get("method", ""),
            representative_name=data.get("representative_name", ""),
            note=data.get("note", ""),
            given_at=given_at,
        ),
    )
