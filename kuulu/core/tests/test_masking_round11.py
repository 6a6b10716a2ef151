"""The eleventh round (docs/MASKING.md, "Eleventh round"): the other half of a name beside a
name found, given names that are also places or services after a title or beside a name, an
initial after a given name, two people joined by "and", a person thanked for something, and
Finnish given names the lists lacked. Each found case is paired with ordinary text that must
stay as written."""

from __future__ import annotations

import pytest

from kuulu.core import masking_tagger
from kuulu.core.masking import mask_text


def _masked(text: str) -> str:
    return mask_text(text).text


FOUND = [
    # the given name before a surname found, no list holding it or a place holding it too
    (
        "Not ideal, but she was very helpful. Sam Kiprotich",
        "Not ideal, but she was very helpful. [nimi] [nimi]",
    ),
    (
        "Olen yksinhuoltaja ja rahat loppu.\nWilma Karjalainen",
        "Olen yksinhuoltaja ja rahat loppu.\n[nimi] [nimi]",
    ),
    ("Bikash Thapa teki minulle ihotestit.", "[nimi] [nimi] teki minulle ihotestit."),
    # a hyphenated given name before a surname of the lists
    (
        "Riikka-Liisa Snellman, Kauppakatu 21 A 5, 88900 Kuhmo",
        "[nimi] [nimi], [osoite]",
    ),
    # a given name that is also a place or a service, after a title
    ("Kiitos hoitaja Wilmalle ja lääkäri Samille!", "Kiitos hoitaja [nimi] ja lääkäri [nimi]!"),
    ("Särskilt sköterskan Lovisa och läkaren.", "Särskilt sköterskan [nimi] och läkaren."),
    ("Thanks to nurse Sami!", "Thanks to nurse [nimi]!"),
    # an initial after a given name
    (
        "My mum's plan says 'client: Aino T.' but her name is Aino Tervonen.",
        "My mum's plan says 'client: [nimi] [nimi].' but her name is [nimi] [nimi].",
    ),
    # two joined by "and", one of them a name: the other when it is a given name of the lists
    ("Toivo ja Lahja tuovat piparit maanantaina.", "[nimi] ja [nimi] tuovat piparit maanantaina."),
    ("Terho and Maggie found him on the floor.", "[nimi] and [nimi] found him on the floor."),
    # thanked for something, a given name that is also a word
    ("Tack Rosa för tio år på hälsocentralen!", "Tack [nimi] för tio år på hälsocentralen!"),
    # Finnish given names the lists lacked
    ("Kram Elvi", "Kram [nimi]"),
    ("Pyydän lokitiedot. Henriikka Lamminaho", "Pyydän lokitiedot. [nimi] [nimi]"),
]

KEPT = [
    # Sámi, the language and the people, is no name alone
    "My father understands only Sami. Is there Sami-language service?",
    "Sami ja Wilma ovat palveluja, Kela ja Omaolo myös.",
    "Tack Kajanaland för allt",
    "Usko ja toivo ovat tärkeitä.",
    # two places joined by "and" are no pair of people
    "Sotkamo ja Kuhmo yhdistävät palvelunsa.",
]


@pytest.mark.parametrize(("text", "masked"), FOUND)
def test_found(text: str, masked: str) -> None:
    assert _masked(text) == masked


@pytest.mark.parametrize("text", KEPT)
def test_kept(text: str) -> None:
    assert _masked(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hammasteknikko Virtanen soitti.", "Hammasteknikko"),
        ("Palvelupäällikkö Korhonen vastasi.", "Palvelupäällikkö"),
        ("Tiimivastaava Heikkinen lupasi soittaa.", "Tiimivastaava"),
    ],
)
def test_a_title_beside_a_surname_found_stays(text: str, kept: str) -> None:
    # the lower cut beside a name takes what no list knows, not compounds that are titles
    masked = _masked(text)
    assert masked.startswith(kept + " [nimi]"), masked


def test_a_month_taken_beside_a_name_does_not_recur() -> None:
    text = "Appointment on 5 June? Nope. June Carter, the patient, is on holiday."
    assert (
        _masked(text) == "Appointment on 5 June? Nope. [nimi] [nimi], the patient, is on holiday."
    )


def test_two_joined_by_a_comma_are_no_pair() -> None:
    # "Bauer, German passport": an apposition, not two people
    masked = _masked("My name is Markus Bauer, German passport C4K7PX912.")
    assert "German passport" in masked
    assert "Bauer" not in masked


def test_the_lower_cut_beside_a_name_is_below_the_cut() -> None:
    # otherwise it would take nothing the model's own cut does not
    model_cut = masking_tagger._model()[1]
    assert 0 < masking_tagger.NEAR_CUT < model_cut
