"""The personal identity code's keyed hash and birth date (pure)."""

from datetime import date

import pytest

from kuulu.identity import person_keys


def test_birth_date_follows_the_century_sign():
    assert person_keys.birth_date("131052-308T") == date(1952, 10, 13)
    assert person_keys.birth_date("010150Y123A") == date(1950, 1, 1)
    assert person_keys.birth_date("010105A987K") == date(2005, 1, 1)


@pytest.mark.parametrize("code", ["131052-308U", "131052308T", "", "311352-308T", "abc"])
def test_an_invalid_code_is_refused_without_echoing_it(code):
    with pytest.raises(person_keys.InvalidIdentityCode) as error:
        person_keys.birth_date(code)

    assert str(error.value) == "invalid personal identity code"


def test_the_key_is_a_keyed_hash_stable_for_one_person():
    key = person_keys.person_key("131052-308t ", secret=b"s1")

    assert key == person_keys.person_key("131052-308T", secret=b"s1")
    assert key != person_keys.person_key("131052-308T", secret=b"s2")
    assert len(key) == 64
    assert "131052" not in key


def test_an_empty_secret_is_refused():
    with pytest.raises(ValueError, match="secret"):
        person_keys.person_key("131052-308T", secret=b"")


def test_age_on():
    assert person_keys.age_on(date(2010, 6, 15), date(2025, 6, 14)) == 14
    assert person_keys.age_on(date(2010, 6, 15), date(2025, 6, 15)) == 15


@pytest.mark.parametrize(
    "code",
    [
        "\uff11\uff13\uff11\uff10\uff15\uff12-\uff13\uff10\uff18T",  # fullwidth digits
        "\u0661\u0663\u0661\u0660\u0665\u0662-\u0663\u0660\u0668T",  # Arabic-Indic digits
        "13105\u0662-308T",  # one non-ASCII digit
    ],
)
def test_a_code_with_non_ascii_digits_is_refused(code):
    # int() reads these digits as 131052-308T's, but the person key hashes the text: accepting
    # them would give one person a second key (and a second paper ballot).
    assert person_keys.person_key(code, secret=b"s1") != person_keys.person_key(
        "131052-308T", secret=b"s1"
    )
    with pytest.raises(person_keys.InvalidIdentityCode):
        person_keys.birth_date(code)
