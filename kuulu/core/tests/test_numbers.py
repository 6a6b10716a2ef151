"""Ids and counts from people's text: only ASCII digits, and never more than a database holds."""

from __future__ import annotations

import pytest

from kuulu.core.numbers import ascii_digits, id_from


@pytest.mark.parametrize("text", ["0", "7", "2026", "123456789012345678"])
def test_ascii_digits_are_ids(text):
    assert ascii_digits(text)
    assert id_from(text) == int(text)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "²",
        "\u0661\u0662",
        "\uff11\uff12",
        "12a",
        "-1",
        " 1",
        "1.0",
        "1234567890123456789",
    ],
)
def test_anything_else_is_no_id(text):
    # "²" passes str.isdigit() and int() refuses it; int() reads Arabic-Indic and fullwidth 12.
    assert id_from(text) is None


def test_an_id_can_be_held_to_fewer_digits():
    assert id_from("2026", max_digits=4) == 2026
    assert id_from("20260", max_digits=4) is None
