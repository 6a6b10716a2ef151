"""Who is voting: the voter key of a person, a voting code or an email address, and whether
they may vote on a budget (area and minimum age).

A voter key is a keyed hash (HMAC-SHA256) and is all a ballot stores of the voter. Strong
identification gives the identity app's `person_key` (the same hash whatever account or
device); a voting code and an email address are hashed with keys of their own, so the three
kinds can never collide. The session keeps, per process, the key and the few facts eligibility
needs (age, home municipality), never the code or the address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kuulu.budgeting.models import Budget, EmailCode, Process, VotingCode
from kuulu.core import pseudonyms
from kuulu.identity import requirements
from kuulu.identity.person_keys import InvalidIdentityCode, age_on, person_key
from kuulu.identity.person_keys import birth_date as birth_date_of
from kuulu.identity.strong_id import person_key_secret

SESSION_KEY = "kuulu_budgeting_voter"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
EMAIL_CODE_MINUTES = 15
EMAIL_CODE_ATTEMPTS = 5

AGE_BANDS = (("12-17", 12, 17), ("18-29", 18, 29), ("30-49", 30, 49), ("50-64", 50, 64))


@dataclass(frozen=True)
class Voter:
    """A voter for one process, as kept in the session."""

    key: str
    kind: str
    age: int | None = None
    municipality_code: str = ""
    user_id: int | None = None


def _keyed(purpose: str, value: str) -> str:
    key = f"kuulu.budgeting.{purpose}:{pseudonyms.secret()}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    return _keyed("code", normalise_code(code))


def email_key(email: str) -> str:
    return _keyed("email", email.strip().lower())


# How a voter is identified at a service point, by the process's way of identifying voters
# online (Process.VoterCheck): the same identifier gives the same voter key on paper as online,
# so a person who votes both ways, or on two sheets, is counted once. Marked for translation
# here, translated where used.
BOOTH_FIELDS = {"strong": "identity_code", "code": "voting_code", "email": "email"}
BOOTH_IDENTIFICATION = {
    "strong": gettext_noop(
        "In this vote, voters are identified by their personal identity code. Enter the "
        "voter's identity code: then a person who also votes online is counted once."
    ),
    "code": gettext_noop(
        "In this vote, voters are identified by their voting code. Enter the code from the "
        "voter's letter or sheet: then a person who also votes online is counted once."
    ),
    "email": gettext_noop(
        "In this vote, voters are identified by their email address. Enter the address the "
        "voter uses for voting: then a person who also votes online is counted once."
    ),
}


def paper_key_from_email(email: str) -> str:
    """The voter key of a person identified at a booth by their email address: the same key
    voting online with that address gives. Raises ValidationError."""
    address = email.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            {"email": _("Check the voter's email address.")}, code="invalid"
        ) from None
    return email_key(address)


def paper_key_from_identity_code(code: str) -> tuple[str, date]:
    """The voter key of a person identified at a booth by their identity code: the same
    `person_key` their strong identification online gives. Raises ValidationError."""
    try:
        born = birth_date_of(code)
    except InvalidIdentityCode:
        raise ValidationError(
            {"identity_code": _("Check the personal identity code.")}, code="invalid"
        ) from None
    return person_key(code, secret=person_key_secret()), born


def age_band(age: int | None) -> str:
    if age is None:
        return ""
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return "65+" if age >= 65 else "<12"


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def issue_codes(
    *, process: Process, count: int, municipality_code: str = "", birth_year: int | None = None
) -> list[str]:
    """Make `count` new one-time voting codes for letters; only their hashes are stored."""
    if count < 1 or count > 100_000:
        raise ValidationError({"count": _("Give a number from 1 to 100,000.")})
    codes = [new_code() for _ in range(count)]
    VotingCode.objects.bulk_create(
        VotingCode(
            process=process,
            code_hash=hash_code(code),
            municipality_code=municipality_code,
            birth_year=birth_year,
        )
        for code in codes
    )
    return codes


# Marked for translation here, translated where it is raised.
UNKNOWN_CODE = gettext_noop("The code cannot be used. Check that you typed it correctly.")


def voter_for_code(*, process: Process, code: str) -> Voter:
    """A voter from an unused code of this process. The same message for an unknown and a used
    code, so the answer does not tell whether a code exists."""
    row = (
        VotingCode.objects.filter(process=process, code_hash=hash_code(code), used_at__isnull=True)
        .values("code_hash", "municipality_code", "birth_year")
        .first()
    )
    if row is None:
        raise ValidationError({"code": _(UNKNOWN_CODE)}, code="unusable")
    age = None
    if row["birth_year"]:
        age = timezone.localdate().year - row["birth_year"]
    return Voter(
        key=row["code_hash"], kind="code", age=age, municipality_code=row["municipality_code"]
    )


def voter_for_paper_code(*, process: Process, code: str) -> Voter:
    """The voter of a voting code written on a paper ballot: a code issued for this process,
    used or not. A used code is not refused here: its holder may vote once on each budget, and
    a paper ballot beside an online one is settled by the process's duplicate rule. The code is
    not marked used either, so that its holder can still vote online (which, under "an online
    vote overrides a paper ballot", replaces the sheet). Booth staff see plainly that a code is
    unknown; the public pages never say so."""
    row = (
        VotingCode.objects.filter(process=process, code_hash=hash_code(code))
        .values("code_hash", "municipality_code", "birth_year")
        .first()
    )
    if row is None:
        raise ValidationError(
            {
                "voting_code": _(
                    "This voting code was not issued for this vote. Check that it is typed as "
                    "it is on the sheet."
                )
            },
            code="unknown_code",
        )
    age = None
    if row["birth_year"]:
        age = timezone.localdate().year - row["birth_year"]
    return Voter(
        key=row["code_hash"], kind="code", age=age, municipality_code=row["municipality_code"]
    )


def use_code(*, process: Process, voter_key: str) -> bool:
    """Mark the code used; False when someone used it first (a conditional UPDATE)."""
    return bool(
        VotingCode.objects.filter(
            process=process, code_hash=voter_key, used_at__isnull=True
        ).update(used_at=timezone.now())
    )


def start_email_code(*, process: Process, email: str, language: str = "") -> EmailCode:
    """Queue a short code to `email`, mailed in `language` (the page's); the code is made and
    hashed in the task, after commit."""
    from kuulu.budgeting.tasks import send_email_code

    row = EmailCode.objects.create(
        process=process,
        email_hash=email_key(email),
        code_hash="",
        expires_at=timezone.now() + timedelta(minutes=EMAIL_CODE_MINUTES),
    )
    # The address is handed to the mail only; the row keeps its hash.
    transaction.on_commit(lambda: send_email_code.enqueue(row.pk, email.strip(), language))
    return row


def voter_for_email_code(*, process: Process, email: str, code: str) -> Voter:
    key = email_key(email)
    now = timezone.now()
    with transaction.atomic():
        row = (
            EmailCode.objects.select_for_update()
            .filter(process=process, email_hash=key, used_at__isnull=True, expires_at__gt=now)
            .order_by("-id")
            .first()
        )
        wrong = row is None or row.attempts >= EMAIL_CODE_ATTEMPTS
        if not wrong and not hmac.compare_digest(row.code_hash, email_code_hash(code)):
            # counted before the error is raised, outside the transaction, so it sticks
            row.attempts += 1
            row.save(update_fields=["attempts"])
            wrong = True
        if not wrong:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if wrong:
        raise ValidationError(
            {"code": _("The code is wrong or has expired. Ask for a new code.")},
            code="unusable",
        )
    return Voter(key=key, kind="email")


def email_code_hash(code: str) -> str:
    return _keyed("emailcode", code.strip())


def voter_from_identification(
    request: HttpRequest, process: Process
) -> Voter:  # raises IdentificationRequired
    level = process.identification
    if (
        requirements.RANK[requirements.Level(level)]
        < requirements.RANK[requirements.Level.SUBSTANTIAL]
    ):
        level = requirements.Level.SUBSTANTIAL
    identification = requirements.check(request, level)
    identity = identification.identity
    age = age_on(identity.birth_date, timezone.localdate()) if identity.birth_date else None
    return Voter(
        key=identity.person_key,
        kind="strong",
        age=age,
        municipality_code=identity.home_municipality_code,
        user_id=request.user.pk,
    )


# --- the session -------------------------------------------------------------------------------


def remember(request: HttpRequest, process: Process, voter: Voter) -> None:
    data = dict(request.session.get(SESSION_KEY) or {})
    data[str(process.pk)] = asdict(voter)
    request.session[SESSION_KEY] = data


def forget(request: HttpRequest, process: Process) -> None:
    data = dict(request.session.get(SESSION_KEY) or {})
    data.pop(str(process.pk), None)
    request.session[SESSION_KEY] = data


def current(request: HttpRequest, process: Process) -> Voter | None:
    """The voter of this session for the process; for strong identification, re-checked on every
    request (it expires with the identification)."""
    if process.voter_check == Process.VoterCheck.STRONG:
        try:
            return voter_from_identification(request, process)
        except requirements.IdentificationRequired:
            return None
    raw: Any = (request.session.get(SESSION_KEY) or {}).get(str(process.pk))
    if not raw or raw.get("kind") != process.voter_check:
        return None
    return Voter(**raw)


def eligibility_error(budget: Budget, voter: Voter) -> str | None:
    """Why this voter may not vote on this budget, or None. Unknown facts (an email voter's age)
    are not held against the voter: the process chose a check that does not know them."""
    if voter.age is not None and voter.age < budget.min_age:
        return _("You can vote on this budget when you are %(age)s or older.") % {
            "age": budget.min_age
        }
    if budget.residents_only and voter.municipality_code:
        if budget.municipality_id is not None:
            if voter.municipality_code != budget.municipality.code:
                return _("Only residents of %(place)s can vote on this budget.") % {
                    "place": budget.municipality.name
                }
        elif not budget.process.county.municipalities.filter(code=voter.municipality_code).exists():
            return _("Only residents of the county can vote on this budget.")
    return None
