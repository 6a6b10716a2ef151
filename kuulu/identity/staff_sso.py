"""Staff single sign-on: the account and the staff role that follow from a verified sign-in.

Created on the first sign-in, updated on every one, deactivated when the identity provider
says the person left (the active claim is false, or userinfo no longer accepts them). Roles
come from the admin's RoleRule rows (role_rules.map_claims); no matching rule, no staff rights.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from kuulu.accounts.models import User
from kuulu.core.audit import record_event
from kuulu.identity.models import ExternalAccount, RoleRule
from kuulu.identity.role_rules import NO_ROLE, RoleMapping, Rule, claim_values, map_claims
from kuulu.organisation.models import County, Person, Unit

# The HR sync's id of a person (Person.external_id), matched against KUULU_SSO_EXTERNAL_ID_CLAIM.
_HAS_EXTERNAL_ID = any(f.name == "external_id" for f in Person._meta.get_fields())
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length
EXTERNAL_ID_MAX_LENGTH = Person._meta.get_field("external_id").max_length if _HAS_EXTERNAL_ID else 0


class SignInRefused(Exception):
    """A genuine sign-in that cannot be given an account; `code` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class StaffSignIn:
    user: User
    created: bool
    mapping: RoleMapping
    deactivated: bool = False
    closed_here: bool = False  # closed in Kuulu (HR sync, admin), not by the provider


def _rules_for(county: County) -> list[Rule]:
    return [
        Rule(
            id=r.pk,
            claim=r.claim,
            value=r.value,
            unit_id=r.unit_id,
            is_manager=r.is_manager,
            is_coordinator=r.is_coordinator,
            priority=r.priority,
        )
        # A unit of another county (the admin's unit list holds every county's) gives nothing.
        for r in RoleRule.objects.filter(county=county, is_active=True).filter(
            Q(unit__isnull=True) | Q(unit__county=county)
        )
    ]


def _says_left(claims: dict[str, Any]) -> bool:
    name = settings.KUULU_SSO_ACTIVE_CLAIM
    if not name or name not in claims:
        return False
    return claim_values(claims, name) & {"false", "0", "inactive", "left"} != set()


def _first(claims: dict[str, Any], name: str, *, max_length: int | None = None) -> str:
    """The claim's (first) text value, without NUL characters; "" when it is no text or longer
    than `max_length` (a value cut short could name someone else)."""
    values = claims.get(name)
    if isinstance(values, list):
        values = values[0] if values else ""
    if not isinstance(values, str | int):
        return ""
    value = str(values).replace("\x00", "").strip()
    return "" if max_length is not None and len(value) > max_length else value


def _email(claims: dict[str, Any]) -> str:
    """The sign-in's email address in lower case, or "" when the claim is none (too long for an
    account, or not an address): the account is then made and matched without one."""
    email = _first(claims, "email", max_length=EMAIL_MAX_LENGTH).lower()
    try:
        validate_email(email)
    except ValidationError:
        return ""
    return email


# RFC 8176 authentication method references by kind of factor.
_KNOWLEDGE = {"pwd", "pin", "kba"}
_POSSESSION = {"otp", "hwk", "swk", "sms", "tel", "sc", "user"}
_INHERENCE = {"fpt", "face", "iris", "retina", "vbm", "geo", "bio"}


def idp_did_multi_factor(amr: Any) -> bool:
    """True when `amr` (a list or a string) says the provider used factors of two kinds;
    anything else (a number, a boolean, an object) says nothing."""
    if isinstance(amr, str):
        values = set(amr.split())
    elif isinstance(amr, list | tuple):
        values = {str(v) for v in amr}
    else:
        values = set()
    if "mfa" in values:
        return True
    kinds = sum(bool(values & kind) for kind in (_KNOWLEDGE, _POSSESSION, _INHERENCE))
    return kinds >= 2


def map_roles(claims: dict[str, Any], county: County) -> RoleMapping:
    unit_from_claim = None
    if settings.KUULU_SSO_UNIT_CLAIM:
        code = _first(claims, settings.KUULU_SSO_UNIT_CLAIM)
        if code:
            unit_from_claim = (
                Unit.objects.filter(county=county, code=code, is_active=True)
                .values_list("pk", flat=True)
                .first()
            )
    return map_claims(claims, _rules_for(county), unit_from_claim=unit_from_claim)


def county_and_roles(claims: dict[str, Any], user: User) -> tuple[County | None, RoleMapping]:
    """The county a staff sign-in works in, and the roles its rules give there.

    Every county's role rules are its own (RoleRule.county), so the county is the one whose rules
    give staff rights. One identity provider may serve several counties of an installation; when
    the rules of more than one county match, the county of the person already linked to the
    account is kept, else no county is guessed (no staff rights). With one county this is that
    county's rules, as it always was."""
    mappings = [(county, map_roles(claims, county)) for county in County.objects.order_by("id")]
    if len(mappings) <= 1:
        return mappings[0] if mappings else (None, NO_ROLE)
    candidates = [(county, mapping) for county, mapping in mappings if mapping.has_staff_role]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        own = Person.objects.filter(user=user).values_list("county_id", flat=True).first()
        kept = [c for c in candidates if c[0].pk == own]
        if kept:
            return kept[0]
    return None, NO_ROLE


def sign_in_staff(
    *,
    issuer: str,
    claims: dict[str, Any],
    userinfo: dict[str, Any] | None = None,
    userinfo_refused: bool = False,
    request: Any = None,
) -> StaffSignIn:
    """Create or update the account for a verified sign-in and apply the role rules."""
    arguments = {
        "issuer": issuer,
        "claims": claims,
        "userinfo": userinfo,
        "userinfo_refused": userinfo_refused,
        "request": request,
    }
    try:
        return _sign_in_staff(**arguments)
    except (IntegrityError, SignInRefused):
        # The same person's first sign-in in two tabs at once: the other one made the link
        # (and so took the address) meanwhile; this time the link is found.
        return _sign_in_staff(**arguments)


@transaction.atomic
def _sign_in_staff(
    *,
    issuer: str,
    claims: dict[str, Any],
    userinfo: dict[str, Any] | None,
    userinfo_refused: bool,
    request: Any,
) -> StaffSignIn:
    merged = {**claims, **(userinfo or {})}
    subject = str(claims["sub"])
    email = _email(merged)
    link = (
        ExternalAccount.objects.select_for_update().filter(issuer=issuer, subject=subject).first()
    )
    created = False
    if link is not None:
        user = User.objects.select_for_update().get(pk=link.user_id)
    else:
        user = (
            User.objects.select_for_update(of=("self",))
            .annotate(email_lower=Lower("email"))
            .filter(email_lower=email, external_accounts__isnull=True)
            .first()
            if email
            else None
        )
        if user is None and email and User.objects.filter(email__iexact=email).exists():
            # The address is an account already linked to another sign-in (the provider made
            # the person again with a new subject, or gave a leaver's address to someone else):
            # linking would hand that account over, and a second account cannot have it.
            raise SignInRefused("email_taken")
        if user is None:
            user = User.objects.create_user(
                email=email or f"sso-{secrets.token_hex(8)}@sso.invalid"
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
            created = True
        link = ExternalAccount.objects.create(user=user, issuer=issuer, subject=subject)
    changed: list[str] = []
    if (
        email
        and user.email != email
        and not User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
    ):
        user.email = email
        changed.append("email")

    if _says_left(merged) or userinfo_refused:
        if user.is_active:
            user.is_active = False
            changed.append("is_active")
        user.save()
        link.last_sign_in_at = timezone.now()
        link.deactivated_by_provider = True
        link.save(update_fields=["last_sign_in_at", "deactivated_by_provider"])
        record_event(
            action="sso_deactivated",
            obj=user,
            actor=None,
            request=request,
            summary="identity provider says the person left",
            changed_fields=changed,
        )
        return StaffSignIn(user=user, created=created, mapping=NO_ROLE, deactivated=True)

    if not user.is_active:
        if not link.deactivated_by_provider:
            # Closed by the HR sync or an administrator: the identity provider cannot reopen it.
            user.save()
            return StaffSignIn(
                user=user, created=False, mapping=NO_ROLE, deactivated=True, closed_here=True
            )
        user.is_active = True
        changed.append("is_active")
    link.deactivated_by_provider = False
    user.save()
    county, mapping = county_and_roles(merged, user)
    changed += _apply_person(user=user, county=county, claims=merged, mapping=mapping)
    link.last_sign_in_at = timezone.now()
    link.matched_rules = list(mapping.matched)
    link.save(update_fields=["last_sign_in_at", "matched_rules", "deactivated_by_provider"])
    record_event(
        action="sso_account_created" if created else "sso_account_updated",
        obj=user,
        actor=user,
        request=request,
        summary="staff role" if mapping.has_staff_role else "no staff role",
        changed_fields=changed,
    )
    return StaffSignIn(user=user, created=created, mapping=mapping)


def _apply_person(
    *, user: User, county: County | None, claims: dict[str, Any], mapping: RoleMapping
) -> list[str]:
    """Bring the linked Person in line with the mapping; return the changed field names."""
    person = Person.objects.select_for_update().filter(user=user).first()
    if not mapping.has_staff_role or county is None:
        if person is not None and person.kind == Person.Kind.STAFF:
            # The person stays in the register (HR data); the account loses its staff rights.
            person.user = None
            person.save(update_fields=["user", "updated_at"])
            return ["person"]
        return []
    if person is not None and person.county_id != county.pk:
        # The rules now give staff rights in another county: the person record of the first one
        # stays in its register, unlinked; the account gets (or is linked to) one in this county.
        person.user = None
        person.save(update_fields=["user", "updated_at"])
        person = None
    external_id = (
        _first(claims, settings.KUULU_SSO_EXTERNAL_ID_CLAIM, max_length=EXTERNAL_ID_MAX_LENGTH)
        if _HAS_EXTERNAL_ID
        else ""
    )
    email = _email(claims)
    if person is None and external_id:
        person = (
            Person.objects.select_for_update()
            .filter(county=county, external_id=external_id, user__isnull=True)
            .first()
        )
    if person is None and email:
        person = (
            Person.objects.select_for_update()
            .filter(county=county, email__iexact=email, user__isnull=True)
            .first()
        )
    values = {
        "kind": Person.Kind.STAFF,
        "unit_id": mapping.unit_id,
        "is_manager": mapping.is_manager,
        "is_coordinator": mapping.is_coordinator,
        "first_name": _first(claims, "given_name")[:80],
        "last_name": _first(claims, "family_name")[:80],
    }
    if person is None:
        # (A person the HR sync retired stays inactive: the sign-in does not bring them back.)
        taken = bool(email) and Person.objects.filter(county=county, email__iexact=email).exists()
        extra = {"external_id": external_id} if _HAS_EXTERNAL_ID else {}
        Person.objects.create(
            county=county, user=user, email="" if taken else email, **values, **extra
        )
        return ["person"]
    changed = []
    for name, value in values.items():
        if name in ("first_name", "last_name") and not value:
            continue
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name.removesuffix("_id"))
    if person.user_id != user.pk:
        person.user = user
        changed.append("person")
    if changed:
        person.save()
    return changed


def support_contact() -> str:
    """Whom staff ask about the organisation's account (sign-in problems, its password)."""
    return settings.KUULU_SSO_SUPPORT_CONTACT or _(
        "your supervisor or the county's participation coordinator"
    )
