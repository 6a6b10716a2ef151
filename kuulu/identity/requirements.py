"""Which identification a process requires, and the one check every app calls.

    from kuulu.identity import requirements

    class Vote(models.Model):
        identification = requirements.identification_field()   # per process, edited by staff

    identification = requirements.require(request, vote.identification, county=county,
                                          residents_only=True)   # raises IdentificationRequired

Processes without a model of their own use a named policy edited in the admin
(`require_for(request, "feedback.initiative")`). A view that catches IdentificationRequired shows
`prompt_response(request, error)`: what is needed and a button to identify with Suomi.fi.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kuulu.identity.models import StrongIdentity
    from kuulu.organisation.models import County

SESSION_KEY = "kuulu_identity"


class Level(models.TextChoices):
    """Levels in increasing order of assurance."""

    NONE = "none", _("no identification")
    ACCOUNT = "account", _("signed in")
    SUBSTANTIAL = "substantial", _("strong identification (substantial)")
    HIGH = "high", _("strong identification (high)")


RANK = {Level.NONE: 0, Level.ACCOUNT: 1, Level.SUBSTANTIAL: 2, Level.HIGH: 3}


def identification_field(verbose_name: Any = None, **kwargs: Any) -> models.CharField:
    """The reusable per-process field: which identification taking part requires."""
    kwargs.setdefault("max_length", 12)
    kwargs.setdefault("choices", Level.choices)
    kwargs.setdefault("default", Level.NONE)
    return models.CharField(verbose_name or _("identification required"), **kwargs)


# Processes without a model of their own: their default level until an admin sets a policy.
POLICY_DEFAULTS: dict[str, tuple[str, bool]] = {
    "feedback.initiative": (Level.NONE, False),
}


@dataclass(frozen=True)
class Identification:
    """How the current request's person is identified."""

    level: str
    identity: StrongIdentity | None = None

    @property
    def person_key(self) -> str | None:
        return self.identity.person_key if self.identity is not None else None

    @property
    def birth_date(self) -> date | None:
        return self.identity.birth_date if self.identity is not None else None


class IdentificationRequired(PermissionDenied):
    """The request does not meet a process's identification rule."""

    def __init__(self, level: str, reason: str) -> None:
        super().__init__(reason)
        self.level = level
        self.reason = reason  # "not_identified", "level_too_low" or "not_resident"


def current(request: HttpRequest) -> Identification:
    """The identification of this session: a strong one lasts KUULU_STRONG_ID_MAX_AGE seconds
    from the moment of identification, and only for the account it was made for."""
    from kuulu.identity.models import StrongIdentity

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_active:
        return Identification(level=Level.NONE)
    data = request.session.get(SESSION_KEY) or {}
    fresh = (
        data.get("user_id") == user.pk
        and timezone.now().timestamp() - float(data.get("at", 0))
        <= settings.KUULU_STRONG_ID_MAX_AGE
    )
    if fresh and data.get("level") in (Level.SUBSTANTIAL, Level.HIGH):
        identity = StrongIdentity.objects.filter(pk=data.get("identity_id"), user=user).first()
        if identity is not None:
            return Identification(level=data["level"], identity=identity)
    return Identification(level=Level.ACCOUNT)


def remember(request: HttpRequest, identity: StrongIdentity) -> None:
    """Mark this session as strongly identified (call after django.contrib.auth.login)."""
    request.session[SESSION_KEY] = {
        "level": identity.level,
        "at": timezone.now().timestamp(),
        "identity_id": identity.pk,
        "user_id": identity.user_id,
    }


def is_county_resident(identity: StrongIdentity | None, county: County) -> bool:
    if identity is None or not identity.home_municipality_code:
        return False
    return county.municipalities.filter(code=identity.home_municipality_code).exists()


def check(
    request: HttpRequest, level: str, *, county: County | None = None, residents_only: bool = False
) -> Identification:
    """Return the identification if it meets `level` (and residence), else raise."""
    identification = current(request)
    if RANK[Level(level)] > RANK[Level(identification.level)]:
        reason = "not_identified" if identification.level != Level.SUBSTANTIAL else "level_too_low"
        raise IdentificationRequired(level, reason)
    if (
        residents_only
        and county is not None
        and RANK[Level(level)] >= RANK[Level.SUBSTANTIAL]
        and not is_county_resident(identification.identity, county)
    ):
        raise IdentificationRequired(level, "not_resident")
    return identification


require = check


def satisfies(
    request: HttpRequest, level: str, *, county: County | None = None, residents_only: bool = False
) -> bool:
    try:
        check(request, level, county=county, residents_only=residents_only)
    except IdentificationRequired:
        return False
    return True


def policy_for(key: str) -> tuple[str, bool]:
    """(level, residents_only) for a named process."""
    from kuulu.identity.models import IdentificationPolicy

    row = IdentificationPolicy.objects.filter(key=key).values_list("level", "residents_only")
    found = row.first()
    if found is not None:
        return found[0], found[1]
    return POLICY_DEFAULTS.get(key, (Level.NONE, False))


def require_for(request: HttpRequest, key: str, *, county: County | None = None) -> Identification:
    level, residents_only = policy_for(key)
    return check(request, level, county=county, residents_only=residents_only)


def prompt_response(request: HttpRequest, error: IdentificationRequired) -> HttpResponse:
    """The page that tells what identification is needed, with the way to get it."""
    return render(
        request,
        "identity/identification_required.html",
        {
            "required_level": Level(error.level).label,
            "reason": error.reason,
            "next": request.get_full_path(),
            "strong_id_enabled": bool(settings.KUULU_STRONG_ID_ISSUER),
        },
        status=403,
    )
