"""Mobile numbers for SMS: Finnish (040 123 4567, +358 40 123 4567) and international E.164.
No Django imports; `phonenumbers` knows each country's numbering plan."""

from __future__ import annotations

import phonenumbers


class InvalidNumber(ValueError):
    pass


def normalise(raw: str, *, default_region: str = "FI") -> str:
    """The number in E.164 (+358401234567); raises InvalidNumber when it is not a valid
    number. A number without a country code is read as Finnish."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise InvalidNumber(raw)
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber(raw) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidNumber(raw)
    if phonenumbers.number_type(parsed) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidNumber(raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
