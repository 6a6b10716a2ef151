"""Masking of identity codes, phone numbers, email addresses and names (kuulu.core.masking)."""

from __future__ import annotations

import pytest

from kuulu.core.masking import (
    EMAIL,
    IDENTITY_CODE,
    NAME,
    PHONE,
    POSSIBLE_IDENTITY_CODE,
    is_valid_identity_code,
    mask_text,
)

ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def code(birth: str, sign: str, individual: str) -> str:
    """A valid identity code, the check character computed here independently."""
    return f"{birth}{sign}{individual}{ALPHABET[int(birth + individual) % 31]}"


def wrong_check(valid: str) -> str:
    right = valid[-1]
    return valid[:-1] + next(c for c in ALPHABET if c != right)


@pytest.mark.parametrize(
    ("birth", "sign", "individual"),
    [
        ("131052", "-", "308"),  # the well-known example code 131052-308T
        ("010101", "A", "123"),
        ("290200", "A", "456"),  # 29 February 2000 existed
        ("311299", "Y", "902"),
        ("150585", "X", "017"),
        ("010110", "B", "654"),
        ("241263", "+", "111"),
    ],
)
def test_valid_identity_codes_are_masked(birth: str, sign: str, individual: str) -> None:
    valid = code(birth, sign, individual)
    assert is_valid_identity_code(valid)
    result = mask_text(f"Hetuni on {valid}, kiitos.")
    assert result.text == "Hetuni on [henkilötunnus], kiitos."
    assert result.kinds == (IDENTITY_CODE,)
    assert (result.findings[0].start, result.findings[0].end) == (10, 21)


def test_the_documented_example_has_check_character_t() -> None:
    assert code("131052", "-", "308") == "131052-308T"


def test_wrong_check_character_is_a_possible_identity_code_and_still_masked() -> None:
    invalid = wrong_check(code("131052", "-", "308"))
    assert not is_valid_identity_code(invalid)
    result = mask_text(f"tunnus {invalid}")
    assert result.text == "tunnus [henkilötunnus]"
    assert result.kinds == (POSSIBLE_IDENTITY_CODE,)


def test_impossible_date_in_code_shape_is_a_possible_identity_code() -> None:
    # 29 February 2001 did not exist; the check character is right for the digits.
    shaped = code("290201", "A", "123")
    assert not is_valid_identity_code(shaped)
    assert mask_text(shaped).kinds == (POSSIBLE_IDENTITY_CODE,)


def test_lower_case_code_is_found() -> None:
    valid = code("010101", "A", "123").lower()
    assert mask_text(valid).kinds == (IDENTITY_CODE,)


def test_code_glued_to_letters_or_digits_is_not_an_identity_code() -> None:
    valid = code("131052", "-", "308")
    assert mask_text(f"tuotekoodi ABC{valid}").findings == ()
    assert mask_text(f"koodi {valid}9").findings == ()
    # after "viite" the glued number is an invoice reference, still no identity code
    assert [f.kind for f in mask_text(f"viite {valid}9").findings] == ["reference"]


def test_code_between_punctuation_is_found() -> None:
    valid = code("131052", "-", "308")
    assert mask_text(f"({valid}).").text == "([henkilötunnus])."


def test_dates_and_years_are_not_codes_or_phones() -> None:
    text = "Käynti 12.3.2024 klo 14.30, vuosina 2023-2024, ajalla 1.1.-31.12. Hinta 10 000 €."
    assert mask_text(text).findings == ()


@pytest.mark.parametrize(
    "phone",
    [
        "+358 40 123 4567",
        "+358401234567",
        "040-1234567",
        "040 123 4567",
        "09 123 4567",
        "09-123 4567",
        "(09) 1234 567",
        "+46 70 123 45 67",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers_are_masked(phone: str) -> None:
    result = mask_text(f"Soita {phone} huomenna")
    assert result.text == "Soita [puhelin] huomenna"
    assert result.kinds == (PHONE,)


def test_short_numbers_are_not_phones() -> None:
    assert mask_text("Huone 040 ja kerros 3, puh. 112").findings == ()


@pytest.mark.parametrize(
    "email", ["anna.virtanen@example.fi", "x+tag@sub.example.com", "J_Berg@kunta.ax"]
)
def test_email_addresses_are_masked_whole(email: str) -> None:
    result = mask_text(f"Osoite: {email}.")
    assert result.text == "Osoite: [sähköposti]."
    assert result.kinds == (EMAIL,)


def test_surname_after_title_is_masked() -> None:
    assert mask_text("Hoitaja Virtanen sanoi").text == "Hoitaja [nimi] sanoi"


def test_unknown_name_after_title_is_masked() -> None:
    assert mask_text("lääkäri Kokkola-Rinne oli hyvä").text == "lääkäri [nimi] oli hyvä"
    assert mask_text("The nurse Smith was kind").text == "The nurse [nimi] was kind"


def test_swedish_names_are_masked() -> None:
    result = mask_text("Sjuksköterskan Karin Lindqvist och Bengt Andersson hjälpte oss.")
    assert result.text == "Sjuksköterskan [nimi] [nimi] och [nimi] [nimi] hjälpte oss."


def test_inflected_forms_are_masked() -> None:
    assert mask_text("Kiitos Virtaselle ja Mäkisen tiimille.").text == (
        "Kiitos [nimi] ja [nimi] tiimille."
    )
    assert mask_text("Tack till Anderssons team").text == "Tack till [nimi] team"


def test_names_given_by_the_caller_are_masked_in_any_case() -> None:
    result = mask_text("zygmunt qwerty soitti", names=["Zygmunt Qwerty"])
    assert result.text == "[nimi] [nimi] soitti"
    assert result.kinds == (NAME, NAME)


def test_built_in_names_in_lower_case_are_left() -> None:
    # "anna" is also the verb "give"; lower-case words in ordinary text are not taken for names.
    assert mask_text("Anna palautetta, virtanen kuulee sen. Kiitos Kajaanille.").findings == ()
    # In a text typed all in lower case a listed surname is a name (issue 15, seventh round);
    # "anna" still is not.
    assert mask_text("anna palautetta, virtanen").text == "anna palautetta, [nimi]"


def test_ambiguous_name_at_sentence_start_is_a_word() -> None:
    assert mask_text("Toivo on, että jono lyhenee.").findings == ()
    assert mask_text("Kari on vaarallinen.").findings == ()


def test_ambiguous_name_mid_sentence_or_beside_a_name_is_masked() -> None:
    assert mask_text("Tapasin Karin eilen.").text == "Tapasin [nimi] eilen."
    assert mask_text("Toivo Mäkinen auttoi.").text == "[nimi] [nimi] auttoi."


def test_ambiguous_name_given_by_caller_is_masked_at_sentence_start() -> None:
    assert mask_text("Toivo soitti.", names=["Toivo"]).text == "[nimi] soitti."


def test_labels_can_be_translated() -> None:
    labels = {NAME: "[namn]", PHONE: "[telefon]"}
    result = mask_text("Karin Lindqvist, 040 123 4567", labels=labels)
    assert result.text == "[namn] [namn], [telefon]"


def test_email_wins_over_a_name_inside_it() -> None:
    result = mask_text("virtanen.anna@example.fi")
    assert result.kinds == (EMAIL,)


def test_everything_together_keeps_offsets_of_the_original() -> None:
    valid = code("010101", "A", "123")
    text = f"Virtanen {valid} 040-1234567 a@b.fi"
    result = mask_text(text)
    assert result.kinds == (NAME, IDENTITY_CODE, PHONE, EMAIL)
    assert [text[f.start : f.end] for f in result.findings] == [
        "Virtanen",
        valid,
        "040-1234567",
        "a@b.fi",
    ]
    assert result.text == "[nimi] [henkilötunnus] [puhelin] [sähköposti]"


def test_empty_text() -> None:
    assert mask_text("").text == ""
    assert mask_text("").findings == ()


@pytest.mark.parametrize(
    "phone",
    [
        "puh.0401234567",
        "puh.040-123 4567",
        "p.040 123 4567",
        "00358401234567",
        "00358 40 123 4567",
        "040.123.4567",
        "(+358) 40 123 4567",
    ],
)
def test_more_finnish_phone_formats_are_masked(phone):
    masked = mask_text(f"Soita {phone} kiitos").text
    assert "[puhelin]" in masked
    assert "4567" not in masked


@pytest.mark.parametrize("text", ["käynti 01.02.2026 klo 10", "hinta 3.040 euroa", "1.2.26"])
def test_dates_and_decimals_are_not_phone_numbers(text):
    assert mask_text(text).text == text
