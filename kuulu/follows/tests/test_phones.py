import pytest

from kuulu.follows.phones import InvalidNumber, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("00358401234567", "+358401234567"),
        ("050-765 4321", "+358507654321"),
        ("+46 70 123 45 67", "+46701234567"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
def test_finnish_and_international_mobile_numbers_are_normalised(raw, expected):
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "040", "123", "+358 9 123 4567", "0401234567890123", "+999 1234567", "1" * 40],
)
def test_invalid_or_landline_numbers_are_refused(raw):
    with pytest.raises(InvalidNumber):
        normalise(raw)
