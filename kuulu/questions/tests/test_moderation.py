"""The word list that holds a question for a moderator: abusive text and threats in fi/sv/en are
held (never published automatically), ordinary words, names and places that merely start with
the same letters are not."""

from __future__ import annotations

import pytest

from kuulu.questions.moderation import WORD_LIST, compile_list, held_reason


@pytest.mark.parametrize(
    "text",
    [
        "Vitun huono palvelu, ootte kaikki idiootteja",
        "Perkeleen ääliöt siellä terveysasemalla",
        "Tapan teidät kaikki jos ei jonoa pureta",  # a threat
        "Te ootte yhtä ämmää koko porukka, ämmät",
        "Kuolkaa",
        "Era jävlar på vårdcentralen",
        "Ni är idioter allihopa",
        "Jag dödar nästa läkare som säger nej",
        "What the FUCK is wrong with you people",
        "This is bullshit, you morons",
        "I will kill the next nurse who ignores me",
    ],
)
def test_abusive_and_threatening_questions_are_held(text):
    assert held_reason(text) == "abusive"


@pytest.mark.parametrize(
    "text",
    [
        "Tapani Heikkinen kysyy: miksi Ämmänsaaren terveysasemalla on aina jonoa?",
        "Meillä on tapana soittaa aamulla, mutta linja on varattu.",
        "Voiko cp-vammainen lapsi saada kuntoutusta kotiin?",
        "Varför är det så vitt och kallt i väntrummet? Horisonten syns inte ens.",
        "Spränger inte den här satsningen budgeten?",
        "The scunthorpe unit and the Dickens ward: when do they open?",
        "How will the new shift rules affect the night nurses?",
        "Could you blow up the font size on the booking page?",
    ],
)
def test_ordinary_words_names_and_places_are_not_held(text):
    assert held_reason(text) == ""


def test_whole_words_and_stems_in_the_list_format():
    pattern = compile_list("# comment\nhora\nfuck*  # a stem\n\n")
    assert pattern.search("Din hora")
    assert not pattern.search("horan")  # a whole word only
    assert pattern.search("fucking")  # a stem
    assert not pattern.search("refuck")  # stems start a word


def test_the_shipped_list_has_every_language_and_no_blank_stems():
    entries = [
        line.split("#", 1)[0].strip() for line in WORD_LIST.read_text(encoding="utf-8").splitlines()
    ]
    entries = [e for e in entries if e]
    assert len(entries) > 80
    assert "*" not in entries
    assert {"vittu*", "jävla*", "fuck*"} <= set(entries)
