"""Whole numbers from text typed or posted by people. No Django.

`str.isdigit()` is True for "²" (which `int()` refuses) and for other scripts' digits ("١٢",
which `int()` reads); a long run of digits overflows a database integer. Ids and counts from
requests and files go through these instead.
"""

from __future__ import annotations

# 18 digits always fit a 64-bit integer (a bigint primary key).
ID_DIGITS = 18
# The largest value of an integer column on PostgreSQL (SQLite would store more).
DB_INTEGER_MAX = 2**31 - 1


def ascii_digits(text: str) -> bool:
    """Whether `text` is one or more of the digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def id_from(value: str | None, *, max_digits: int = ID_DIGITS) -> int | None:
    """An id from a query string or a posted field; None for anything that is not one."""
    if value and ascii_digits(value) and len(value) <= max_digits:
        return int(value)
    return None
