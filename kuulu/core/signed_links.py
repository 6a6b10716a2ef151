"""Signed links mailed to people to confirm something (an address, a question, a support).

A token is a small JSON object signed with the secret key and a salt that names what the link
is for, so a link made for one purpose never passes for another. It carries its own timestamp;
`read_token` refuses it after `max_age` seconds. Tokens are Django's `signing.dumps` output,
unchanged, so links mailed before this module existed still verify.

A bad link is a `ValidationError` with one translated message whatever went wrong (the person
can do nothing different either way), and a code that tells the cases apart: "expired" for a
genuine link that is too old, "invalid" for anything else.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def make_token(payload: dict[str, Any], *, salt: str, compress: bool = False) -> str:
    """A signed, timestamped token of `payload` for links made with `salt`."""
    return signing.dumps(payload, salt=salt, compress=compress)


def invalid_link(code: str = "invalid") -> ValidationError:
    """The error of a link that cannot be used; also for a genuine link whose object is gone."""
    return ValidationError(_("The confirmation link is not valid or has expired."), code=code)


def read_token(token: str, *, salt: str, max_age: int) -> dict[str, Any]:
    """The payload of a token made by `make_token` with the same salt at most `max_age` seconds
    ago; otherwise `invalid_link` (code "expired" or "invalid")."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise invalid_link("expired") from None
    except signing.BadSignature:
        raise invalid_link() from None
    if not isinstance(data, dict):
        raise invalid_link()
    return data
