"""Names from other countries' lists (masking_register): hidden where a name stands, kept where
the same letters are a word."""

from __future__ import annotations

import pytest

from kuulu.core import masking_register
from kuulu.core.masking import mask_text
from kuulu.core.masking_names import ALL_NAMES, REGISTER_ONLY


def test_cyrillic_names_are_transliterated_both_ways() -> None:
    assert masking_register.transliterations("Наталья") == {"natalja", "natalya"}
    assert masking_register.transliterations("Жанна") == {"žanna", "zhanna", "zanna"}
    assert masking_register.transliterations("Anna") == set()


def test_the_register_adds_names_the_hand_lists_lack() -> None:
    for name in ("tatyana", "petrović", "dragan", "siddharth", "mehmed", "jepkemboi"):
        assert name in REGISTER_ONLY
    # the hand-written lists keep the status given them by hand ("Toivo" stays an everyday word)
    assert not REGISTER_ONLY & ALL_NAMES


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "Kävin vastaanotolla ja Dragan oli ihana.",
            "Kävin vastaanotolla ja [nimi] oli ihana.",
        ),
        (
            "Eilen Siddharth ja Mehmed auttoivat äitiä.",
            "Eilen [nimi] ja [nimi] auttoivat äitiä.",
        ),
        (
            "Kiitos Oleksandrille ja Natalja Ivanovalle hyvästä hoidosta.",
            "Kiitos [nimi] ja [nimi] [nimi] hyvästä hoidosta.",
        ),
        ("Thanks to Priya and Hamid!", "Thanks to [nimi] and [nimi]!"),
        ("Yesterday Tatyana called me.", "Yesterday [nimi] called me."),
        ("Meillä kävi Jovana Petrović tiistaina.", "Meillä kävi [nimi] [nimi] tiistaina."),
        ("Soitimme Draganille ja Oleksandrille.", "Soitimme [nimi] ja [nimi]."),
    ],
)
def test_names_no_hand_list_holds_are_hidden(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "Read the Easy Read version at Kajaani Disability Forum.",
        "We moved from Lagos to Finland.",
        "My mother visited us from China for 3 months.",
        "Hän asuu Chinassa.",
        "Olimme Skodalla liikkeellä.",
        "Pienillä asioilla on suuri merkitys.",
        "Hur loggar jag in på Mina Kanta-sidor?",
        "The nurses on Christmas Eve were wonderful.",
        "I know Finns complain about the fees.",
        "hän sai apua ja sen jälkeen kaikki oli hyvin",
    ],
)
def test_words_that_are_names_somewhere_stay(text: str) -> None:
    assert mask_text(text).text == text


def test_a_weak_name_alone_at_a_sentence_start_stays() -> None:
    # "Draganille" opening a sentence with no cue could be a word; mid-sentence it is a name
    assert mask_text("Draganille soitettiin.").text == "Draganille soitettiin."
    assert mask_text("Soitimme Draganille.").text == "Soitimme [nimi]."


def test_the_clash_file_is_up_to_date() -> None:
    """`manage.py register_word_clashes` writes the file; rerun it after a Faker upgrade or a
    change to the triage corpus."""
    from kuulu.core.management.commands.register_word_clashes import clash_file_text

    assert masking_register.CLASHES_FILE.read_text(encoding="utf-8") == clash_file_text()
    assert {"sai", "mina", "eve", "forum", "best"} <= masking_register.word_clashes()


def test_the_name_words_file_is_up_to_date() -> None:
    """The names simplemma's dictionaries know as words (`manage.py register_word_clashes`
    writes it too): rerun after changing the name lists, Faker or simplemma."""
    from kuulu.core.management.commands.register_word_clashes import name_words_file_text

    assert masking_register.NAME_WORDS_FILE.read_text(encoding="utf-8") == name_words_file_text()
    assert {"maha", "kamala", "walker", "hala"} <= masking_register.name_words()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # an invoice's number and reference, and a Kela card, name the person billed
        (
            "Laskun viitenumero 1100 4532 7781 2 on väärä.",
            "Laskun viitenumero [tunniste] on väärä.",
        ),
        ("Fakturanummer 2023-88431 gäller inte mig.", "Fakturanummer [tunniste] gäller inte mig."),
        ("I paid twice (ref. 1234 56789 0).", "I paid twice (ref. [tunniste])."),
        (
            "I lost my Kela card (number 8024 3300 9911 6).",
            "I lost my Kela card (number [tunniste]).",
        ),
        # a phone number's extension, a double space, a dash with spaces
        ("Soita 020 634 1100/245 arkisin.", "Soita [puhelin] arkisin."),
        ("Ring 09 4567 8900 ankn. 312.", "Ring [puhelin]."),
        ("Call 08-6155 4400 ext 17 at work.", "Call [puhelin] at work."),
        ("p. 044  321 0987", "p. [puhelin]"),
        ("numeroon 045 \u2013 632 1199, kiitos", "numeroon [puhelin], kiitos"),
        # an identity code typed with a space for its century sign, when the check agrees
        (
            "Henkilötunnus 160281 241L, aika oli 8.1.",
            "Henkilötunnus [henkilötunnus], aika oli 8.1.",
        ),
        ("Vastatkaa: harri.kemppainen [ät] kainuunetti.fi.", "Vastatkaa: [sähköposti]."),
        # Sámi, Somali and Eritrean names, and a colleague's name
        ("Tulkki Faadumo ei tullut.", "Tulkki [nimi] ei tullut."),
        ("Ánde Guttorm, Máretin puoliso", "[nimi] [nimi], [nimi] puoliso"),
        ("Kiitos Yohannes ja Senait!", "Kiitos [nimi] ja [nimi]!"),
        ("Samaa mieltä on kollegani Mart.", "Samaa mieltä on kollegani [nimi]."),
        ("Mitt barn Maksym behöver hjälp.", "Mitt barn [nimi] behöver hjälp."),
    ],
)
def test_the_sixth_rounds_formats_and_names(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "Reach me at 050-3381 224 / 040 227 1190, either",  # two numbers, not an extension
        "Viitaten 12.3. pidettyyn kokoukseen.",
        "Reference group met on 4.5.",
        "Henkilötunnus puuttui, 160281 on vain päivämäärä.",
        "Min mamma som bor ensam är orolig.",
    ],
)
def test_the_sixth_round_leaves_ordinary_text(text: str) -> None:
    result = mask_text(text)
    if "040 227 1190" in text:
        assert result.text == "Reach me at [puhelin] / [puhelin], either"
    else:
        assert result.text == text


@pytest.mark.parametrize(
    ("text", "masked", "keep"),
    [
        # a number the writer calls the switchboard is the county's public one
        ("Soitin vaihteeseen 08 615 61, ja sieltä neuvottiin.", None, ()),
        ("I tried calling the switchboard 08 615 61 twice.", None, ()),
        (
            "Soita minulle 040 123 4567, vaihde ei vastaa.",
            "Soita minulle [puhelin], vaihde ei vastaa.",
            (),
        ),
        # a unit's address with a wing or door after it stays a unit address
        ("Vastaanotto on nyt Sotkamontie 13:ssa, C-siivessä.", None, ("Sotkamontie 13",)),
        ("Laboratorio (Sotkamontie 13, B-ovi) on auki.", None, ("Sotkamontie 13",)),
        # the last line as a signature
        ("Tack för hjälpen!\n/Greta Åkerlund", "Tack för hjälpen!\n/[nimi] [nimi]", ()),
        ("Kiitos avusta.\n/ Vappu Heikura", "Kiitos avusta.\n/ [nimi] [nimi]", ()),
        ("Thank you for your help.\nSushila Gurung", "Thank you for your help.\n[nimi] [nimi]", ()),
        ("Records please.\nMum: Tiffany Salo", "Records please.\nMum: [nimi] [nimi]", ()),
        ("Väntat länge.\nVänligen Stefan Åberg", "Väntat länge.\nVänligen [nimi] [nimi]", ()),
        # a family's surname is hidden, the word "family" stays
        ("Tack för allt.\nFamiljen Åkerlund", "Tack för allt.\nFamiljen [nimi]", ()),
        # organisations, places and words on the last line stay
        ("Best wishes,\nKainuu wellbeing services county", None, ()),
        ("Med vänlig hälsning,\nKainuus välfärdsområde", None, ()),
        ("Terveisin\nKainuun Omaishoitajat ry", None, ()),
        ("Kiitos!\nHyvää joulua", None, ()),
    ],
)
def test_switchboards_units_and_signature_lines(text: str, masked: str | None, keep) -> None:
    assert mask_text(text, keep=keep).text == (masked or text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "Osoite on Kirkkotie kolmetoista B, vastapäätä kirkkoa.",
            "Osoite on [osoite], vastapäätä kirkkoa.",
        ),
        (
            "Vi bor vid Jokelantie fyrtiotvå, den röda ladan.",
            "Vi bor vid [osoite], den röda ladan.",
        ),
        (
            "The yellow house, Kuusitie number seven, by the school.",
            "The yellow house, [osoite], by the school.",
        ),
        ("Kajaanintie kaksi kaistaa on liian kapea.", None),
        ("Asun Koulutiellä kolme vuotta.", None),
        ("lääkkeet loppu. t. aune, puh. 040 123 4567", "lääkkeet loppu. t. [nimi], puh. [puhelin]"),
        ("hon var så bra med min dotter. mvh petra", "hon var så bra med min dotter. mvh [nimi]"),
        ("Kiitos kaikille. Terveisin kotihoito", None),
    ],
)
def test_addresses_in_words_and_lower_case_signatures(text: str, masked: str | None) -> None:
    assert mask_text(text).text == (masked or text)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # a room stays beside a named person too (tenth round: writers keep rooms, and with the
        # name hidden a ward's room names no one)
        (
            "Ingrid Holm i rum 7 på avdelning 3 har fått fel medicin.",
            "[nimi] [nimi] i rum 7 på avdelning 3 har fått fel medicin.",
        ),
        (
            "My grandmother Elsa Nieminen is in room 108 at the care home.",
            "My grandmother [nimi] [nimi] is in room 108 at the care home.",
        ),
        ("Huone 3 on kylmä. Ikkuna vetää.", None),
        (
            "Room 12 was cold. Thanks to Anna for the blanket.",
            "Room 12 was cold. Thanks to [nimi] for the blanket.",
        ),
        # a listed surname after a title, in lower case
        (
            "i want to say thank you for dr hannula she help me",
            "i want to say thank you for dr [nimi] she help me",
        ),
        ("Käynti oli hyvä ja lääkäri perusteellinen.", None),
    ],
)
def test_rooms_beside_named_people_and_surnames_after_titles(text: str, masked: str | None) -> None:
    assert mask_text(text).text == (masked or text)


def test_the_eighth_writers_cases_stay_at_their_measured_level() -> None:
    """dev8: an eighth independent writer's 320 cases, measured once before any rule was
    written from them (0.878 hidden, 0.982 kept), then used for the sixth round. The ninth
    writer's cases (test9) are locked: no test reads them (docs/MASKING.md)."""
    from kuulu.core.masking_eval import evaluate, load

    result = evaluate(load("dev8"))
    assert result.must_hide == 805
    assert result.recall >= 0.98, result.missed
    # 0.990 until the seventh round hid the post town after a postal code, which this writer
    # labelled as text to keep (docs/MASKING.md)
    assert result.keep_rate >= 0.975, result.over_masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # found in review: a personal number near the word "switchboard" is still hidden
        ("Numeroni on vaihteesta saatu 040 123 4567.", "Numeroni on vaihteesta saatu [puhelin]."),
        ("Soitin vaihteeseen ja annoin 040 123 4567.", "Soitin vaihteeseen ja annoin [puhelin]."),
        # places, brands and headings that some country's list holds as names
        ("I read it in the New York Times.", None),
        ("I read it in the Guardian.", None),
        ("Jag köpte en Nokia.", None),
        ("Agenda:\n- Any Other Business", None),
        # a title or a word opening a sentence before a surname is no given name
        ("Rehtori Korhonen on hyvä.", "Rehtori [nimi] on hyvä."),
        ("Kiitos!\nPerhe Korhonen", "Kiitos!\nPerhe [nimi]"),
        # after a sign-off, only a listed first name in lower case
        ("Kiitos vastauksesta. mvh asukas", None),
        ("Tack. terveisin pettynyt", None),
        # an adjective after a title is no surname
        ("tohtori kiireinen ei ehtinyt kuunnella", None),
        # number words in a list after a street's name are no house number
        ("Kuusitie neljä, viisi ja kuusi ovat kunnossa.", None),
        # a decision's or a plan's number after a bare "viite" is public
        ("Päätöksen viite on 2024/1234.", None),
        ("Reference 12 345 in the plan.", None),
    ],
)
def test_what_the_sixth_rounds_review_found(text: str, masked: str | None) -> None:
    assert mask_text(text).text == (masked or text)


def test_cyrillic_initial_e_and_final_ii() -> None:
    assert {"jelena", "yelena", "elena"} <= masking_register.transliterations("Елена")
    assert {"dmitri", "dmitry"} <= masking_register.transliterations("Дмитрий")
