"""The shape the masking rounds' tests share (`test_masking_round8.py` onwards): each round lists
FOUND pairs (a text and how it must come out masked) and KEPT texts (ordinary text that must come
out as written), and `found_and_kept` makes the two parametrised tests of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from kuulu.core.masking import mask_text


def masked(text: str) -> str:
    return mask_text(text).text


def found_and_kept(
    found: Sequence[tuple[str, str]], kept: Sequence[str]
) -> tuple[Callable[..., None], Callable[..., None]]:
    """`test_found` (each text masks as given) and `test_kept` (each text stays as written), to
    be bound to those names in the round's module so that pytest collects them."""

    @pytest.mark.parametrize(("text", "expected"), found)
    def test_found(text: str, expected: str) -> None:
        assert masked(text) == expected

    @pytest.mark.parametrize("text", kept)
    def test_kept(text: str) -> None:
        assert masked(text) == text

    return test_found, test_kept
