"""The eleventh round (docs/MASKING.md, "Eleventh round"): the other half of a name beside a
name found, given names that are also places or services after a title or beside a name, an
initial after a given name, two people joined by "and", a person thanked for something, and
Finnish given names the lists lacked. Each found case is paired with ordinary text that must
stay as written."""

from __future__ import annotations

import pytest

from kuulu.core import masking_tagger
from kuulu.core.tests.masking_cases import found_and_kept
from kuulu.core.tests.masking_cases import masked as _masked

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
    # a given name that is also a place, when a person is named
    ("Min kollega heter Lovisa egentligen.", "Min kollega heter [nimi] egentligen."),
    (
        "The nurse, a young man called Sami, was kind.",
        "The nurse, a young man called [nimi], was kind.",
    ),
    ("My name is Wilma.", "My name is [nimi]."),
    # a surname of the lists that is also a place ("Kask", not the town Kaskö)
    ("Jag heter Mart Kask och jobbar i Kuhmo.", "Jag heter [nimi] [nimi] och jobbar i Kuhmo."),
    # a family by its "-nen" surname in the plural
    ("Naapurin Virtaset muuttivat pois.", "Naapurin [nimi] muuttivat pois."),
    ("Kävin Korhosilla eilen illalla.", "Kävin [nimi] eilen illalla."),
    # a flat, a staircase or a floor before the street, a Swedish floor before the town
    (
        "I live alone in Apartment 12, 3rd floor, Torikatu 5, Kajaani, and the lift is broken",
        "I live alone in [osoite], and the lift is broken",
    ),
    (
        "Han bor i trappa B, lägenhet 14, på Kalliokatu 3 i Kajana.",
        "Han bor i [osoite] i Kajana.",
    ),
    ("Vi bor på Västra Långgatan 18, 3 tr., Vasa. Mormor", "Vi bor på [osoite]. Mormor"),
    ("my address is 5 B 12 Pohjolankatu, 87100 Kajaani", "my address is [osoite]"),
    ("we live at 14 Louhentie, Kajaani 87100. Cliff", "we live at [osoite]. Cliff"),
    # records' words the lists lacked, and case numbers with letters before them
    (
        "tässä mun asiakas nro 55-2018-77 jos tarviitte",
        "tässä mun asiakas nro [tunniste] jos tarviitte",
    ),
    (
        "Ajanvarausnumero 7781-22 oli minun ainoa tietoni.",
        "Ajanvarausnumero [tunniste] oli minun ainoa tietoni.",
    ),
    ("(Kirkkokatu 18 B, ovikoodi 4471)", "([osoite], ovikoodi [tunniste])"),
    ("Remissnummer: R-KAI-2024-33918. Jag", "Remissnummer: [tunniste]. Jag"),
    ("My NHS number is 485 777 3456 if", "My NHS number is [tunniste] if"),
    ("Finsk sjukhusnr: 1002-3344. Jag", "Finsk sjukhusnr: [tunniste]. Jag"),
    ("MY RESIDENCE PERMIT NO. IS FIN-RP 20 338 114.", "MY RESIDENCE PERMIT NO. IS [tunniste]."),
    ("case 44-5512. my number didnt change", "case [tunniste]. my number didnt change"),
    # streets named by their kind in other languages, and an address's parts joined
    ("Adress utomlands: 7 Rue des Lilas, 75012 Paris. Jag", "Adress utomlands: [osoite]. Jag"),
    ("Calle del Mar 14, 3º B, 29640 Fuengirola", "[osoite]"),
    ("Hän asuu vul. Khreshchatyk 22, kv. 14, Kyiv.", "Hän asuu [osoite], Kyiv."),
    ("Mail: P.O. Box 2041, Anchorage, AK 99520, USA.", "Mail: [osoite], USA."),
    # initials signing a text after a dash or a slash, or after a person's label
    (
        "Jouduimme ajamaan takaisin Kajaaniin. -T.R.",
        "Jouduimme ajamaan takaisin Kajaaniin. -[nimi]",
    ),
    ("Tack för allt! /E.S. och barnen", "Tack för allt! /[nimi] och barnen"),
    ("My knee is 90% better. \u2013 J.K.", "My knee is 90% better. \u2013 [nimi]"),
    ("Huoneessa 6 potilas M.H. kaatui yöllä.", "Huoneessa 6 potilas [nimi] kaatui yöllä."),
    # a given name in capitals after a relative, in a mixed-case text
    ("My son RICK lives in Florida.", "My son [nimi] lives in Florida."),
]

KEPT = [
    # Sámi, the language and the people, is no name alone
    "My father understands only Sami. Is there Sami-language service?",
    "Sami ja Wilma ovat palveluja, Kela ja Omaolo myös.",
    "Tack Kajanaland för allt",
    "Usko ja toivo ovat tärkeitä.",
    # two places joined by "and" are no pair of people
    "Sotkamo ja Kuhmo yhdistävät palvelunsa.",
    # a place that is named, not a person
    "Staden heter Lovisa.",
    "Jag bor i Lovisa.",
    "Bor i Kaskö nu.",
    # a people's word opening a sentence, a common plural
    "Savolaiset ovat puheliaita.",
    "Ruotsalaiset turistit kävivät.",
    "Ihmiset jonottivat.",
    # a floor after the town stays, as the writers keep it
    "Asun kolmannessa kerroksessa, 3rd floor, no lift.",
    # the booking line's own phone number is public
    "Ajanvarausnumero 08 6156 7060 on ollut tukossa koko viikon.",
    "In case 2 people come, we need two chairs.",
    # the review's traps for the eleventh round's rules
    "Kiviset portaat terveysaseman edessä ovat liukkaat talvella.",
    "- Savolaiset ovat puheliaita, Kainuulaiset ja Savolaiset kaikki.",
    "Mäkisillä teillä on vaikea kävellä.",
    "hoitaja Pietarista oli mukava, Lääkäri Loviisasta soitti.",
    "terveydenhoitaja Wilman kautta",
    "an interpreter Sami or Finnish",
    "Läkaren Lovisa hälsocentral",
    "I called Wilma support",
    "The neighbour called Karis police station",
    "The school app's name is Wilma. Kaupungin nimi on Loviisa.",
    "Tack Alla på avdelning 3 för er omsorg!",
    "In case 3000 patients come",
    "Ajanvarausnumero 116 117 vastaa.",
    "Sairaalanumero 08 6156 1000 on julkinen vaihde",
    "Ajanvarausnumeroon 1000 soittoa päivässä",
    "Asiakas nro 1000 tänään sai kukat",
    "Olin potilas numero 2500 rokotuksessa",
    "Pirkka-tuotteet ovat halpoja.",
    # a street's kind with no house number, or before one of the county's places
    "Hotel on Rue de Rivoli was nice, Plaza Mayor too.",
    "Via Kajaani 2 buses go to Oulu.",
    "P.S. Soitan huomenna uudestaan.",
    "my son ALSO came with me, äiti EI tullut.",
    "Asia koskee U.S. kansalaisia - J.K. tarkoittaa jälkikirjoitusta.",
]


test_found, test_kept = found_and_kept(FOUND, KEPT)


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


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("The doors, at Torikatu 5, were locked", "The doors, at [osoite], were locked"),
        ("Flat rate, at Kauppakatu 10", "Flat rate, at [osoite]"),
        ("2. kerros, Sairaalantie 1 on oikea paikka.", "2. kerros, [osoite] on oikea paikka."),
        (
            "Sairaalantie 1, 2. kerros, Röntgen on alakerrassa",
            "[osoite], 2. kerros, Röntgen on alakerrassa",
        ),
        ("Storgatan 2, 2 tr, Laboratoriet är stängt.", "[osoite], 2 tr, Laboratoriet är stängt."),
        ("Kauppakatu 10, Kajaani 12000 asukkaan kaupunki.", "[osoite] 12000 asukkaan kaupunki."),
        (
            "Kiitos Tuulalle ja Loviisan terveysasemalle",
            "Kiitos [nimi] ja Loviisan terveysasemalle",
        ),
    ],
)
def test_what_beside_an_address_or_a_name_is_no_part_of_it(text: str, masked: str) -> None:
    # the address itself is hidden (no allow-list is given); the words around it stay
    assert _masked(text) == masked


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
