"""The personal identity code (henkilötunnus) turned into what Kuulu may keep: a keyed hash and
a birth date. Pure computation, no Django: the secret is passed in.

The code itself never leaves this module's callers' local variables: it is not stored, logged,
put in the session or in an exception message.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

_CENTURIES = {"+": 1800, "-": 1900, "A": 2000}
for _sign in "YXWVU":
    _CENTURIES[_sign] = 1900
for _sign in "BCDEF":
    _CENTURIES[_sign] = 2000
_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# ASCII digits only: `\d` alone also matches other scripts' digits (fullwidth, Arabic-Indic),
# which int() reads as the same numbers, so one person's code would pass in forms that hash to
# different person keys.
_PATTERN = re.compile(r"^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$", re.ASCII)


class InvalidIdentityCode(ValueError):
    """The claim is not a valid personal identity code (the message holds no part of it)."""

    def __init__(self) -> None:
        super().__init__("invalid personal identity code")


def normalise(code: str) -> str:
    return code.strip().upper()


def birth_date(code: str) -> date:
    """The birth date the code encodes; raises InvalidIdentityCode for a malformed code or a
    wrong check character."""
    match = _PATTERN.match(normalise(code))
    if match is None:
        raise InvalidIdentityCode
    day, month, year, sign, serial, check = match.groups()
    if _CHECK[int(f"{day}{month}{year}{serial}") % 31] != check:
        raise InvalidIdentityCode
    try:
        return date(_CENTURIES[sign] + int(year), int(month), int(day))
    except ValueError:
        raise InvalidIdentityCode from None


def person_key(code: str, *, secret: bytes) -> str:
    """HMAC-SHA256 of the normalised code: the same person gives the same key, and without the
    secret the key cannot be turned back into a code by trying all codes."""
    if not secret:
        raise ValueError("the person key secret is empty")
    return hmac.new(secret, normalise(code).encode(), hashlib.sha256).hexdigest()


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
