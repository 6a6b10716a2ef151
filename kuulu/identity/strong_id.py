"""Residents' strong identification (Suomi.fi e-Identification through an OpenID Connect broker).

From a verified ID token Kuulu keeps: the keyed hash of the personal identity code (one per
person), the level of assurance (from `acr`), the methods (`amr`, a string or a list), the birth
date and the home municipality code. The code itself is dropped here and never stored or logged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from kuulu.accounts.models import User
from kuulu.core.audit import record_event
from kuulu.identity import person_keys
from kuulu.identity.models import StrongIdentity
from kuulu.identity.requirements import Level
from kuulu.organisation.models import Municipality, Person
from kuulu.organisation.selectors import default_county

# Levels of assurance: the FTN (Traficom) and eIDAS names brokers use in `acr`.
ACR_LEVELS = {
    "http://ftn.ficora.fi/2017/loa3": Level.HIGH,
    "http://ftn.ficora.fi/2017/loa2": Level.SUBSTANTIAL,
    "http://eidas.europa.eu/LoA/high": Level.HIGH,
    "http://eidas.europa.eu/LoA/substantial": Level.SUBSTANTIAL,
    "loa3": Level.HIGH,
    "loa2": Level.SUBSTANTIAL,
}


class IdentificationRefused(Exception):
    """The answer was genuine but not usable for strong identification; `code` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_amr(value: Any) -> list[str]:
    """`amr` as brokers send it: a list of strings, or one string (some send "a b" spaced)."""
    if value is None:
        return []
    # Without NUL characters: PostgreSQL's jsonb cannot hold them.
    if isinstance(value, str):
        return [part for part in value.replace("\x00", "").replace(",", " ").split() if part]
    if isinstance(value, list | tuple):
        parts = (part.replace("\x00", "") for part in value if isinstance(part, str))
        return [part for part in parts if part]
    return []


def _name(value: Any) -> str:
    """A name claim as text for the person register: without NUL characters (PostgreSQL
    refuses them), cut to the column; "" when the claim is no text."""
    return value.replace("\x00", "").strip()[:80] if isinstance(value, str) else ""


def level_for(acr: Any) -> str:
    if isinstance(acr, str):
        return ACR_LEVELS.get(acr.strip(), Level.NONE)
    return Level.NONE


def person_key_secret() -> bytes:
    return settings.KUULU_PERSON_KEY_SECRET.encode()


@dataclass(frozen=True)
class Identified:
    identity: StrongIdentity
    created_account: bool


@sensitive_variables("claims", "code")
def identify_resident(
    *, claims: dict[str, Any], current_user: Any, request: Any = None
) -> Identified:
    """Find or create the account of the strongly identified person; never store the code."""
    level = level_for(claims.get("acr"))
    if level not in (Level.SUBSTANTIAL, Level.HIGH):
        raise IdentificationRefused("weak_level")
    code = claims.get(settings.KUULU_STRONG_ID_HETU_CLAIM)
    if not isinstance(code, str) or not code.strip():
        raise IdentificationRefused("no_identity_code")
    try:
        born = person_keys.birth_date(code)
    except person_keys.InvalidIdentityCode:
        raise IdentificationRefused("invalid_identity_code") from None
    key = person_keys.person_key(code, secret=person_key_secret())
    del code  # from here on only the keyed hash exists
    municipality_code = str(claims.get(settings.KUULU_STRONG_ID_MUNICIPALITY_CLAIM) or "")[:3]
    values = {
        "level": level,
        "acr": str(claims.get("acr", ""))[:200],
        "amr": normalise_amr(claims.get("amr")),
        "birth_date": born,
        "home_municipality_code": municipality_code if municipality_code.isdigit() else "",
        "identified_at": timezone.now(),
    }
    try:
        return _store(
            key=key, values=values, claims=claims, current_user=current_user, request=request
        )
    except IntegrityError:
        # A concurrent first identification of the same person won: use its row.
        return _store(key=key, values=values, claims=claims, current_user=None, request=request)


@sensitive_variables("claims")
@transaction.atomic
def _store(
    *, key: str, values: dict[str, Any], claims: dict[str, Any], current_user: Any, request: Any
) -> Identified:
    identity = StrongIdentity.objects.select_for_update().filter(person_key=key).first()
    created = False
    if identity is None:
        user = None
        if _may_link(current_user):
            user = current_user
        if user is None:
            user = User.objects.create_user(
                email=f"resident-{secrets.token_hex(10)}@identified.invalid"
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            created = True
            _create_resident_person(
                user=user, claims=claims, municipality_code=values["home_municipality_code"]
            )
        identity = StrongIdentity(user=user, person_key=key)
    for name, value in values.items():
        setattr(identity, name, value)
    with transaction.atomic():
        identity.save()
    record_event(
        action="strong_identified",
        obj=identity,
        actor=identity.user,
        request=request,
        summary=f"level {identity.level}",
    )
    return Identified(identity=identity, created_account=created)


def _may_link(current_user: Any) -> bool:
    """A first identification joins the signed-in account only when that is a resident's own
    account with no identity yet. A staff, elected official's or admin account is never linked:
    on a shared device (a service point, a ward's computer) the person identifying may not be
    the one signed in, and a staff account must not come to carry a resident's identity. They
    get an account of their own, as anyone identifying without signing in."""
    if current_user is None or not current_user.is_authenticated:
        return False
    if current_user.is_staff or current_user.is_superuser:
        return False
    person = Person.objects.filter(user_id=current_user.pk).only("kind").first()
    if person is not None and person.kind != Person.Kind.RESIDENT:
        return False
    return not StrongIdentity.objects.filter(user_id=current_user.pk).exists()


@sensitive_variables("claims")
def _create_resident_person(*, user: User, claims: dict[str, Any], municipality_code: str) -> None:
    """A resident belongs to the county of their home municipality (from the population
    register); one living elsewhere to the installation's county, as on the public pages."""
    county = default_county()
    if county is None:
        return
    municipality = (
        Municipality.objects.filter(code=municipality_code)
        .order_by(
            Case(When(county=county, then=Value(0)), default=Value(1)),  # ties: the public one
            "county_id",
        )
        .select_related("county")
        .first()
        if municipality_code
        else None
    )
    if municipality is not None:
        county = municipality.county
    Person.objects.create(
        county=county,
        user=user,
        kind=Person.Kind.RESIDENT,
        first_name=_name(claims.get("given_name")),
        last_name=_name(claims.get("family_name")),
        municipality=municipality,
    )
