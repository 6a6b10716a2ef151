"""Masking of street addresses, identity codes in any letter case, phone formats, obfuscated
emails and names in three languages; what must stay visible stays (kuulu.core.masking)."""

from __future__ import annotations

import itertools

import pytest

from kuulu.core.masking import (
    ADDRESS,
    EMAIL,
    NAME,
    PHONE,
    POSSIBLE_IDENTITY_CODE,
    address_spans,
    find_personal_data,
    mask_text,
)
from kuulu.core.masking_eval import evaluate, load

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Asun Kauppakatu 12 B 34 yksin.", "Asun [osoite] yksin."),
        ("Osoite Väinämöisenkatu 5 as. 7, 87100 Kajaani", "Osoite [osoite]"),
        # the case ending after the staircase is inside the mask since the eighth round
        ("Äiti asuu Ruotsinkatu 3 A:ssa.", "Äiti asuu [osoite]."),
        ("Jag bor på Storgatan 5 B 12.", "Jag bor på [osoite]."),
        ("Adress Strandvägen 3 lgh 4.", "Adress [osoite]."),
        ("Kyrkovägen 12 A 3, 66100 Malax", "[osoite]"),
        ("mummo asuu metsätie 45 yksin", "mummo asuu [osoite] yksin"),
        ("Kotini Tervatie 3-5 C 12.", "Kotini [osoite]."),
        ("Asun Kauppakadulla 12 B:ssä.", "Asun [osoite]."),
        ("Osoite Mannerheimintie 12a B 3", "Osoite [osoite]"),
        ("Adressen är Lilla Torget 4 A 7.", "Adressen är [osoite]."),
        ("Asema-aukio 2 B 15", "[osoite]"),
        ("Lasku: PL 123, 00101 Helsinki", "Lasku: [osoite]"),
        ("Postbox: PB 12", "Postbox: [osoite]"),
        ("He lives at 12 Baker Street now", "He lives at [osoite] now"),
    ],
)
def test_street_addresses_with_house_numbers_are_masked(text: str, masked: str) -> None:
    result = mask_text(text)
    assert result.text == masked
    assert ADDRESS in result.kinds


@pytest.mark.parametrize(
    "suffix",
    [
        "katu",
        "tie",
        "kuja",
        "polku",
        "väylä",
        "raitti",
        "rinne",
        "ranta",
        "kaari",
        "piha",
        "tori",
        "aukio",
        "puistikko",
        "gatan",
        "vägen",
        "gränd",
        "stigen",
        "backen",
        "torget",
    ],
)
def test_every_street_ending(suffix: str) -> None:
    assert mask_text(f"Asun Koivu{suffix} 7 B 2.").text == "Asun [osoite]."


@pytest.mark.parametrize(
    "text",
    [
        "B-rappu on remontissa.",
        "Huone 12 ja kerros 3.",
        "Kello 14.30 ajanvaraus siirtyi 3 viikkoa.",
        "Valtatie 22 on talvella vaarallinen.",
        "Tien 5 varrella ei ole valoja.",
        "Kauppatori 2 viikkoa suljettuna.",
        "Kauppatori 12.5. oli täynnä.",
        "Kävin Kauppakadun apteekissa kello 17.",
        "Panadol 500 mg 3 x vrk, maksu 22,50 €.",
        "Aika 12.3.2024 klo 10, odotin 2 tuntia.",
        "Neuvonta 116 117 ja hätänumero 112.",
        "Väntetiden var 3-4 veckor, rum 108 klockan 8.15.",
        "The nurse was kind and the doctor listened, room 312 at 06:30.",
        "Toivo on, että jono lyhenee.",
        "Kiitos Helsingistä ja Kajaanista.",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert mask_text(text).text == text


def test_the_countys_unit_address_stays_but_a_home_in_the_same_street_does_not() -> None:
    units = ["Terveysasema, Sotkamontie 13, 87100 Kajaani"]
    text = "Terveysasema Sotkamontiellä 13 on kaukana, asun Sotkamontie 13 B 4."
    result = mask_text(text, keep=units)
    assert result.text == "Terveysasema Sotkamontiellä 13 on kaukana, asun [osoite]."
    assert mask_text("Sotkamontie 13").text == "[osoite]"  # not on the list: masked


def test_address_spans_reads_an_allow_list_from_free_text() -> None:
    assert address_spans("Käyntiosoite Sotkamontie 13, 87100 Kajaani.") == [
        "Sotkamontie 13, 87100 Kajaani"
    ]


def _code(birth: str, sign: str, individual: str) -> str:
    return f"{birth}{sign}{individual}{CHECK[int(birth + individual) % 31]}"


@pytest.mark.parametrize("sign", list("+-ABCDEFUVWXY"))
def test_identity_codes_with_every_century_sign_in_both_cases(sign: str) -> None:
    valid = _code("010203", sign, "456")
    for written in (valid, valid.lower(), valid[:-1] + valid[-1].lower()):
        result = mask_text(f"hetu {written}.")
        assert result.text == "hetu [henkilötunnus].", written


def test_lowercase_check_character_and_wrong_check_are_masked() -> None:
    assert mask_text("hetu 131052-308t").text == "hetu [henkilötunnus]"
    assert mask_text("tunnus 131052-308u").kinds == (POSSIBLE_IDENTITY_CODE,)


@pytest.mark.parametrize(
    "phone",
    [
        "040 123 4567",
        "040-1234567",
        "0401234567",
        "040 12 34 567",
        "+358 40 123 4567",
        "+358401234567",
        "+358 (0)40 123 4567",
        "00358 40 123 4567",
        "(09) 123 4567",
        "09-1234567",
        "010 123 4567",
        "+46 8 123 456 78",
        "+46 70 555 12 34",
        "+44 20 7946 0958",
        "+44 7700 900123",
        "+1 (415) 555-0132",
        "+1 555 123 4567",
    ],
)
def test_phone_formats(phone: str) -> None:
    result = mask_text(f"Soita {phone} kiitos")
    assert result.text == "Soita [puhelin] kiitos"
    assert result.kinds == (PHONE,)


def test_a_free_service_number_stays_unless_someone_calls_it_theirs() -> None:
    """Finland's 0800 numbers are services' (tenth round); "my company's" makes one someone's."""
    assert mask_text("Soita 0800 123 456 kiitos").text == "Soita 0800 123 456 kiitos"
    assert mask_text("Yritykseni numero 0800 123 456.").text == "Yritykseni numero [puhelin]."


@pytest.mark.parametrize(
    "email",
    [
        "liisa.k at gmail dot com",
        "john.doe(at)example.com",
        "pekka[at]posti.fi",
        "mary dot smith at mail dot com",
    ],
)
def test_obfuscated_emails(email: str) -> None:
    result = mask_text(f"Posti {email} kiitos")
    assert result.text == "Posti [sähköposti] kiitos"
    assert result.kinds == (EMAIL,)


def test_at_in_ordinary_english_is_not_an_email() -> None:
    text = "I was at home at night dot by dot."
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Nurse Jessica and Dr. Okafor were brilliant.", "Nurse [nimi] and Dr. [nimi] were"),
        ("Thanks to Michael Thompson today.", "Thanks to [nimi] [nimi] today."),
        ("Sjuksköterskan Helena och läkaren Backström.", "Sjuksköterskan [nimi] och läkaren"),
        ("Tack till Gunilla Nyström!", "Tack till [nimi] [nimi]!"),
        ("sosiaalityöntekijä Nevalainen ei vastannut", "sosiaalityöntekijä [nimi] ei"),
        ("Kiitos Marjatta Hyvöselle.", "Kiitos [nimi] [nimi]."),
    ],
)
def test_names_in_three_languages(text: str, masked: str) -> None:
    result = mask_text(text)
    assert result.text.startswith(masked)
    assert NAME in result.kinds


@pytest.mark.parametrize(
    ("split", "keep_rate"),
    # dev: 7 of its 128 must-keep spans are the town after a home address ("Asun Lampiranta 6,
    # Vuolijoki."), which the first author labelled to keep and the seventh and eighth rounds
    # hide with the address (docs/MASKING.md); 121 of 128 stay
    [("dev", 0.94), ("test", 0.95), ("dev2", 0.95), ("test2", 0.95)],
)
def test_evaluation_splits_meet_the_goals(split: str, keep_rate: float) -> None:
    """Goals of issue 15: >= 0.98 of must-hide spans, >= 0.95 of must-keep spans."""
    result = evaluate(load(split))
    assert result.must_hide >= 70
    assert result.must_keep >= 90
    assert result.recall >= 0.98, result.missed
    assert result.keep_rate >= keep_rate, result.over_masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the town after a home address belongs to it, as the post town after a postal code
        ("Osoite Kauppak. 12 B 34, Kajaani.", "Osoite [osoite]."),
        ("Jag bor på Storg. 5 A 2.", "Jag bor på [osoite]."),
        ("Puh 040/1234567 iltaisin.", "Puh [puhelin] iltaisin."),
        ("Numero 040 - 123 4567.", "Numero [puhelin]."),
        ("Soita 358 40 1234567 kiitos.", "Soita [puhelin] kiitos."),
        ("Hetu 131052\u2013308T.", "Hetu [henkilötunnus]."),  # an en dash
        ("Sjukskötaren Bodil var snäll.", "Sjukskötaren [nimi] var snäll."),
        ("Erikoislääkäri Kuusisto tutki.", "Erikoislääkäri [nimi] tutki."),
        ("A nurse named Harriet helped.", "A nurse named [nimi] helped."),
        ("Hon heter Bodil.", "Hon heter [nimi]."),
    ],
)
def test_abbreviations_separators_dashes_and_occupations(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "Paikalla oli yht. 5 henkilöä, vrt. 3 viime vuonna.",
        "Laskun summa 1/2 maksettiin 12/2025, aika 01/02/2025.",
        "I called Monday and then called KELA.",
        "Hoitajat olivat kiireisiä, lääkärit myös.",
    ],
)
def test_abbreviations_and_calendar_words_stay(text: str) -> None:
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "It was the doctor. Fantastic value.",  # a title ends the sentence
        "The doctor I saw yesterday was kind.",  # the pronoun after a title
        "SE LÄÄKÄRI OLI IHAN TÖYKEE, EI KAI SIINÄ MITÄÄN.",  # shouting
        "Toivon, että jono lyhenee.",  # "I hope", an inflected form of the name Toivo
        "Ville bara säga tack.",  # Swedish "wanted to", also a Finnish name
        "Hur kommer skolhälsovårdaren till Björkby skola?",  # a village, not a surname
        "Best regards from the family, we are grateful.",
    ],
)
def test_ordinary_text_around_titles_and_names_stays(text: str) -> None:
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Kind regards, Helen", "Kind regards, [nimi]"),
        ("Vänliga hälsningar, Gunvor Sandvik", "Vänliga hälsningar, [nimi] [nimi]"),
        ("Terveisin Oskari Pöyhönen", "Terveisin [nimi] [nimi]"),
        ("Thanks Dr. Virtanen!", "Thanks Dr. [nimi]!"),
    ],
)
def test_names_after_a_sign_off_or_an_abbreviated_title(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # names in shouting, after "nimeni on" / "my name is", and a surname after them
        (
            "NUMERONI ON 044-738 2916 JA NIMENI ON RAIMO LAUKKANEN.",
            "NUMERONI ON [puhelin] JA NIMENI ON [nimi] [nimi].",
        ),
        (
            "MY MOTHER JOAN PARKER WAS LEFT IN THE CORRIDOR",
            "MY MOTHER [nimi] [nimi] WAS LEFT IN THE CORRIDOR",
        ),
        # lower case after a title typed with a letter missing, or after "heter"
        ("hoitja mervi oli tosi mukava", "hoitja [nimi] oli tosi mukava"),
        ("hej jag heter erik sundqvist och", "hej jag heter [nimi] [nimi] och"),
        # a name found once is hidden where it recurs, inflected (gradation too)
        (
            "Poikani Onni sai rokotteen. Onnin käsi on kipeä.",
            "Poikani [nimi] sai rokotteen. [nimi] käsi on kipeä.",
        ),
        (
            "Hoitaja Mikko soitti. Mikon mukaan kaikki on hyvin.",
            "Hoitaja [nimi] soitti. [nimi] mukaan kaikki on hyvin.",
        ),
        (
            "Praktikanten Moa lekte med oss. Moas tålamod var otroligt.",
            "Praktikanten [nimi] lekte med oss. [nimi] tålamod var otroligt.",
        ),
        # names by what stands around them
        ("Min dotter Sofiia är 7 år.", "Min dotter [nimi] är 7 år."),
        (
            "Pyydän isoäitini Hilma Kärkkäisen papereita.",
            "Pyydän isoäitini [nimi] [nimi] papereita.",
        ),
        ("Iso kiitos Marjaanalle ja Eijalle.", "Iso kiitos [nimi] ja [nimi]."),
        ("Näin pitää toimia! -Kaitsu", "Näin pitää toimia! -[nimi]"),
        ("Mvh A. Lindholm", "Mvh [nimi]. [nimi]"),
        ("Thanks for nothing.\nBR, Tom Ellison", "Thanks for nothing.\nBR, [nimi] [nimi]"),
        (
            "You can reach me, Chiara Rossi, at chiara.rossi@outlook.com.",
            "You can reach me, [nimi] [nimi], at [sähköposti].",
        ),
        (
            "Naapurini Nguyen Van Minh ei ymmärrä suomea.",
            "Naapurini [nimi] [nimi] [nimi] ei ymmärrä suomea.",
        ),
    ],
)
def test_names_found_by_case_context_and_recurrence(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "Asiakasnumeroni on 4471920 ja lasku on väärin.",
            "Asiakasnumeroni on [tunniste] ja lasku on väärin.",
        ),
        ("Mitt klientnummer är 553107 och", "Mitt klientnummer är [tunniste] och"),
        ("Kortin numero on 8012 4471 3390 ja se", "Kortin numero on [tunniste] ja se"),
        ("tilille FI68 4710 0002 0584 39.", "tilille [tunniste]."),
        ("tilille FI6847100020584391.", "tilille [tunniste]."),
        (
            "En bil med registreringsnummer BKX-552 står",
            "En bil med registreringsnummer [tunniste] står",
        ),
        ("Samma bil (reg. nr zkp-301) blockerar", "Samma bil (reg. nr [tunniste]) blockerar"),
        ("Oikea on 241288 - 8177, tarkistakaa", "Oikea on [henkilötunnus], tarkistakaa"),
        (
            "Reach me at 050-3381 224 / 040 227 1190, either",
            "Reach me at [puhelin] / [puhelin], either",
        ),
        (
            "Please send letters to P.O. Box 118, 87101 Kajaani.",
            "Please send letters to [osoite].",
        ),
    ],
)
def test_record_numbers_accounts_plates_and_more_formats(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "I work at an NGO that supports families. This is a form.",
        "Vappuna päivystys oli kiinni.",
        "Hoitaja ja Dr. Pitkänen olivat ihania.",  # the title stays; only the name goes
        "Äitini Kajaanissa sai hyvää hoitoa ja ICD-10 koodi oli oikein.",
        "Tarjouksen numero on 12 ja hinta 45,50 €.",
        "Kiitos Kuhmon terveysasemalle ja Sotkamon neuvolalle.",
        "The van was parked in the car park for 3 hours.",
        "Han har bott i Lovisa hela sitt liv och dog på bäddavdelningen i Karis.",
        "Suomessa ja Kuhmoon asti, Suomussalmella myös.",
        "My father understands only Sami. Is there Sami-language service?",
        "Tuloksissani oli PSA-arvo. Ruotsalainen rokotusohjelma on eri. Jaan tänne kokemukseni.",
        "Jos olis vaikka Wilmassa nappi.",
        "Elin viikon siinä uskossa. Very good nurse Tuesday morning.",
    ],
)
def test_ordinary_words_next_to_the_new_rules_stay(text: str) -> None:
    result = mask_text(text)
    kept = text.replace("Pitkänen", "[nimi]")
    assert result.text == kept, result.findings


def test_the_third_writers_cases_stay_at_their_measured_level() -> None:
    """dev3: a third independent writer's 160 cases, measured once before any rule was written
    from them (0.813 hidden), then used for the rules below; the goal (0.98) is not met on them,
    so this guards the level reached (docs/MASKING.md) against falling back."""
    result = evaluate(load("dev3"))
    assert result.must_hide == 379
    assert result.recall >= 0.975, result.missed
    # 0.995 until the seventh round hid the post town after a postal code and the eighth the
    # town after a home address, which this writer labelled as text to keep (docs/MASKING.md)
    assert result.keep_rate >= 0.97, result.over_masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "soittakaa äidille kirsi räsäselle. kiitos t. jonde",
            "soittakaa äidille [nimi] [nimi]. kiitos t. [nimi]",
        ),
        ("moi mun mummo aino on ollu osastolla", "moi mun mummo [nimi] on ollu osastolla"),
        ("ÄITINI HELMI KORHONEN ON KOTONA YKSIN", "ÄITINI [nimi] [nimi] ON KOTONA YKSIN"),
        ("HIS NAME IS PETER NG AND HE LIVES", "HIS NAME IS [nimi] [nimi] AND HE LIVES"),
        (
            "hon heter inga-lill sandberg. mitt nr 040/712 3345 //tomas",
            "hon heter [nimi] [nimi]. mitt nr [puhelin] //[nimi]",
        ),
        (
            "He is an adult. I'm Ngozi Eze, his sister.",
            "He is an adult. I'm [nimi] [nimi], his sister.",
        ),
        (
            "Olen Ritva von Hertzen ja asun Espanjassa.",
            "Olen [nimi] [nimi] [nimi] ja asun Espanjassa.",
        ),
        ("Hello, my name is Omar al-Rashid.", "Hello, my name is [nimi] [nimi]."),
        (
            "auttoi poikaani Mohamedia hakemaan. Mohamedille oli tärkeää",
            "auttoi poikaani [nimi] hakemaan. [nimi] oli tärkeää",
        ),
        ("Kaitsu (veljeni) pääsi kuntoutukseen.", "[nimi] (veljeni) pääsi kuntoutukseen."),
        (
            "Satu Pyykkönen tässä, Lumi-tyttäreni äiti. Lumin opettaja",
            "[nimi] [nimi] tässä, [nimi] äiti. [nimi] opettaja",
        ),
        (
            "Will Thompson here. Will you offer the vaccine?",
            "[nimi] [nimi] here. Will you offer the vaccine?",
        ),
        ("MY CAR WAS BLOCKED. Ask MARK JOHNSON", "MY CAR WAS BLOCKED. Ask [nimi] [nimi]"),
        ("Best service. - Ron from Paltamo", "Best service. - [nimi] from Paltamo"),
        (
            "mun insta on @iines.kuvaa ja profiili facebook.com/tero.l.798",
            "mun insta on [tunniste] ja profiili [tunniste]",
        ),
        (
            "svar till lena punkt forsman snabel-a gmail punkt com tack",
            "svar till [sähköposti] tack",
        ),
        ("henkilötunnus 150807 A 2267, ikä 16", "henkilötunnus [henkilötunnus], ikä 16"),
        (
            "Kuljetuspalvelukorttini numero on KP-004417.",
            "Kuljetuspalvelukorttini numero on [tunniste].",
        ),
        ("potilasnumeroa, se on 5531908, mutta", "potilasnumeroa, se on [tunniste], mutta"),
        (
            "betalat från FI49 5799 0120 0456 12 den 2 februari",
            "betalat från [tunniste] den 2 februari",
        ),
    ],
)
def test_names_and_numbers_found_after_the_third_writer(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "Nobody called her or us. Is there a named doctor system? Varför kallas mina barn till?",
        "Jag vet inte vad hon heter, men hon räddade honom.",
        "Hur många resor får man per månad? Hur ska min mamma klara det?",
        "Baby is 4 months and still no 4-month check. 2020-luvulla!",
        "Will anyone read this? In June the lift was broken.",
        "Isä, Toivo Kemppainen, kuoli. Toivo oli rauhallinen.",
    ],
)
def test_ordinary_words_near_the_third_writers_rules_stay(text: str) -> None:
    masked = mask_text(text).text
    assert masked.replace("[nimi] [nimi], kuoli. [nimi]", "") == text.replace(
        "Toivo Kemppainen, kuoli. Toivo", ""
    ), masked


@pytest.mark.parametrize(
    "text",
    [
        # a review's findings: none of these may be masked (or crash)
        "Kiitos hyvästä hoidosta - Suosittelen\u00a0!",  # Kaitsu is a listed nickname now
        "The doctor will call me tomorrow. My mother will need home care soon.",
        "Hoitaja kai unohti soittaa. Min bror per telefon ringde.",
        "Det som heter hemvård fungerar inte alls. Vad heter den nya appen?",
        "NOBODY CALLED ME BACK FOR THREE WEEKS. JAG SKULLE VILJA VETA.",
        "Kaikki meni hyvin - Kiitos! Palvelu oli hyvä - Suosittelen!",
        "Great service - Thanks",
        "Kiitos Hyvästä Palvelusta. Thanks Everyone At The Clinic",
        "Kiitos, Hyvää päivänjatkoa! Kiitos, Kela hoiti asian.",
        "Äitini Nurmeksessa sai hoitoa. Isäni Parkinsonin tauti paheni.",
        "lapseni Kela-kortin numero puuttuu",
        "I'm Not Happy With The Service. I am Finnish Citizen.",
        "See dropbox.com/s/abc and netflix.com/x. Se bilaga om ICD-10 koderna.",
    ],
)
def test_ordinary_text_after_review_stays(text: str) -> None:
    assert mask_text(text).text == text


def test_the_fifth_writers_dev_cases_stay_at_their_measured_level() -> None:
    """dev5: half (by a hash of the id) of a fifth independent writer's 320 cases, measured
    once before any rule was written from them (0.872 hidden), then used for the rules of the
    fifth round. The other half, test5, is locked: no test reads it (docs/MASKING.md)."""
    result = evaluate(load("dev5"))
    assert result.must_hide == 376
    assert result.recall >= 0.95, result.missed
    assert result.keep_rate >= 0.99, result.over_masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "Hoitaja Aino oli ihana. Ainoa miinus oli jono.",
            "Hoitaja [nimi] oli ihana. Ainoa miinus oli jono.",
        ),
        ("My name is Hilma and I waited.", "My name is [nimi] and I waited."),
        ("Mitt namn är Hilma och jag väntade.", "Mitt namn är [nimi] och jag väntade."),
        ("Hyvää palvelua. t. Roope", "Hyvää palvelua. t. [nimi]"),
        ("Äidilleni Hilmalle ei soitettu.", "Äidilleni [nimi] ei soitettu."),
        ("My grandson Leo was ill.", "My grandson [nimi] was ill."),
    ],
)
def test_names_the_review_found_missing(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Name: João Pereira. Phone later.", "Name: [nimi] [nimi]. Phone later."),
        ("Nimi: Emma", "Nimi: [nimi]"),
        ("Namn: Emma Lund", "Namn: [nimi] [nimi]"),
        ("Toivo Hirvikangas soitti eilen.", "[nimi] [nimi] soitti eilen."),
        ("Maria, Helena och Tobias kommer.", "[nimi], [nimi] och [nimi] kommer."),
        # a couple under one surname is one finding with its join (tenth round)
        ("Please fix. Emma and Tapio Rissanen", "Please fix. [nimi] [nimi]"),
        ("kiitos tosi paljon riitta ja sami.", "kiitos tosi paljon [nimi] ja [nimi]."),
        ("thank you so much mary", "thank you so much [nimi]"),
        ("skriv på snap: alvaa.k", "skriv på snap: [tunniste]"),
        ("WeChat: zhangfamily_kaj", "WeChat: [tunniste]"),
        ("my insta is niksu_2010", "my insta is [tunniste]"),
        (
            "My uncle Dave ('Big Dave' to all) waits.",
            "My uncle [nimi] ('[nimi] [nimi]' to all) waits.",
        ),
        ("my mate tommi aka 'Tomppa' got sent home", "my mate [nimi] aka '[nimi]' got sent home"),
        ("Dr. Smith 'Come back tomorrow' he said", "Dr. [nimi] 'Come back tomorrow' he said"),
        ("J.P. from the clinic told us", "[nimi] from the clinic told us"),
        ("Jag, K-G Rosenqvist, vill tacka", "Jag, [nimi], vill tacka"),
        ("Hi, my name is Zhang Wei and I work.", "Hi, my name is [nimi] [nimi] and I work."),
        ("Hej jag heter Rasha Al-Khatib. Mina barn", "Hej jag heter [nimi] [nimi]. Mina barn"),
        ("Hoitaja Krista soitti.", "Hoitaja [nimi] soitti."),
        ("Hon har studentnummer 2204518 vid", "Hon har studentnummer [tunniste] vid"),
        ("Patient no. 88214-K. I was", "Patient no. [tunniste]. I was"),
        ("Remissnummer R-2024-118832 gäller", "Remissnummer [tunniste] gäller"),
        (
            "Oleskelulupakortti numero FIN7715302 on hukassa",
            "Oleskelulupakortti numero [tunniste] on hukassa",
        ),
        ("Mitt personnummer 19510312-4471 fungerar", "Mitt personnummer [tunniste] fungerar"),
        ("hanna-mari (piste) luukkonen (ät) gmail (piste) com.", "[sähköposti]."),
        (
            "Hoitaja Lukkari ja Sanna Kangas auttoivat.",
            "Hoitaja [nimi] ja [nimi] [nimi] auttoivat.",
        ),
    ],
)
def test_names_and_handles_of_the_fifth_round(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "Asiakas: Hei, milloin saan ajan?",
        "Name: Please call me.",
        "Nimi: Hei",
        "Yhteyshenkilö: Kajaanin terveysasema",
        "Usko Jumalaan auttaa.",
        "Onni Vuokatissa oli hyvä.",
        "I use WhatsApp to talk to my family.",
        "Signal on heikko ja line is 3.5 km.",
        "skype: 12.5",
        "Lääkäri sanoi 'Hyvä' ja lähti.",
        "P.S. Kiitos! Klo 8 A.M. tai P.M., U.S. citizen.",
        "C-vitamiini ja D-vitamiini",
        "Kiitos paljon hoitajille.",
        "Aalto meni yli. Koski kuohui.",
        "He had Bell's palsy.",
        "Hoivakoti Honkalassa on hyvä.",
        "Tulin Romaniasta ja Ukrainasta.",
        "Olen kausityöntekijä Ukrainasta.",
        "Vaari tykkäsi! Kiitos, joka kuunteli vaarin juttuja.",
    ],
)
def test_ordinary_text_near_the_fifth_rounds_rules_stays(text: str) -> None:
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "mitt nummer är noll fyra fyra tre tre två sju åtta nio noll fem tack",
            "mitt nummer är [puhelin] tack",
        ),
        ("caller number zero four zero one two two eight five four", "caller number [puhelin]"),
        (
            "puhelin on nolla kahdeksan kuus kuus kaks nolla yks kaks seittemän",
            "puhelin on [puhelin]",
        ),
        ("call me on 0 4 5 7 8 3 2 1 9 0 6, my wife", "call me on [puhelin], my wife"),
        (
            "olemme asuneet Tikkalantie 12:ssa jo kolme vuotta",
            "olemme asuneet [osoite] jo kolme vuotta",
        ),
        ("utan förklaring. A-M. Lund", "utan förklaring. [nimi]"),
        (
            "Kan ni ordna tolk? Mitt namn Davood, tel 045 7719 023",
            "Kan ni ordna tolk? Mitt namn [nimi], tel [puhelin]",
        ),
        ("We are at home. Name Chukwuemeka", "We are at home. Name [nimi]"),
        ("hej det här är margareta holmberg jag ringer", "hej det här är [nimi] [nimi] jag ringer"),
        ("tässä on pertti kauppinen paltamosta", "tässä on [nimi] [nimi] paltamosta"),
        (
            "my grandpa Väinö (we call him Väiski) is 93",
            "my grandpa [nimi] (we call him [nimi]) is 93",
        ),
        (
            "Salamat! - Jessa Mae Villanueva, jessa@example.com",
            "Salamat! - [nimi] [nimi] [nimi], [sähköposti]",
        ),
        ("Vi bor i Paltamo. /Nasrin 040 775 3318", "Vi bor i Paltamo. /[nimi] [puhelin]"),
        ("Onko mahdollista? t. Sunná, 040 661 0832", "Onko mahdollista? t. [nimi], [puhelin]"),
        (
            "Jag ringde för min dotter Stella som hade krupp.",
            "Jag ringde för min dotter [nimi] som hade krupp.",
        ),
        ("Min man Mehmet Yilmaz fick diagnosen.", "Min man [nimi] [nimi] fick diagnosen."),
        ("Jag kommer kl 10. Hälsn. Aina Lund", "Jag kommer kl 10. Hälsn. [nimi] [nimi]"),
    ],
)
def test_spoken_numbers_presentations_and_signatures_with_contacts(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "one two three four five six seven eight nine ten: count with me",
        "en två tre fyra fem sex sju",
        "Arvosana 4 5 4 3 5 4 5.",
        "Tässä on Kainuun hyvinvointialueen uusi palvelu.",
        "Det här är Kajanaland välfärdsområde.",
        "Tässä on hyvä paikka. Det här är bra. This is Kajaani health centre.",
        "Kiitos Hyvinvointialueelle ja Kotihoidolle!",
        "Kiitos Kajaanin terveysasemalle! Thank you Kainuu!",
        "Don't call me Sir.",
        "snap: Kuhmo",
        "Det var en stor man i kön.",
    ],
)
def test_ordinary_text_near_spoken_numbers_and_presentations_stays(text: str) -> None:
    assert mask_text(text).text == text


def test_a_long_text_costs_linear_time_not_quadratic() -> None:
    """Counted, not timed: the lower-case check runs once per text, however long."""
    from unittest import mock

    from kuulu.core import masking

    with mock.patch.object(masking, "_typed_lower", wraps=masking._typed_lower) as spy:
        masking.mask_text("kai will anna " * 300)
    assert spy.call_count == 1


def test_contact_details_after_a_signature_are_read_once_per_signature_mark() -> None:
    """Counted, not timed: the tail of the text is split only after a signature mark, not for
    every capitalised word (a review found 50,000 characters of prose taking 20 s)."""
    from unittest import mock

    from kuulu.core import masking

    text = "Hoito oli Hyvä ja Palvelu Nopeaa. " * 200 + "- Anna 040 123 4567"
    with mock.patch.object(masking, "_contact_token", wraps=masking._contact_token) as spy:
        assert masking.mask_text(text).text.endswith("- [nimi] [puhelin]")
    assert spy.call_count <= 5


def test_masking_needs_no_dictionary() -> None:
    """Masking runs in web workers: it must not load simplemma's dictionaries (seconds and
    hundreds of MB per process, found in review)."""
    import subprocess
    import sys

    code = (
        "import sys; from kuulu.core.masking import mask_text; "
        "mask_text('Kiitos Attendolle. Nimi: Joao Pereira, tässä on pertti kauppinen'); "
        "print('simplemma' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "text",
    [
        "Kipuasteikko 0 1 2 3 4 5 6 7 8 9 10, minun kipuni oli 8.",
        "Odotin nolla, yksi, kaksi, kolme, neljä, viisi, kuusi, seitsemän, kahdeksan tuntia.",
        "Arvosanat: 0 4 5 4 3 5 4 3",
        "Lääkkeen nimi: Burana",
        "Company name: Pihlajalinna",
        "my name isnt important",
        "call me tmrw morning",
        "Please call me Back.",
        "I'll call her Back.",
        "Name Tag was missing.",
        "TikTok on 15-vuotiaan suosikki.",
        "Facebook on 2010-luvun juttu.",
        "Skype is v8.1 now.",
        "Whatsapp on nopeampi.Kiitos hyvästä palvelusta.",
        "J.K. Kiitos vielä kerran!",
        "The E.D. was crowded and a C.T. scan took hours.",
        "Äitini Vuolijoella asuu yksin.",
        "Siskoni Tampereella opiskelee.",
        "Kiitos Puolangan vastaanotto!",
        "Kiitos Suunhoito! Kiitos Attendolle.",
        "Will Terveystalo reopen the clinic?",
        'Hoitaja kysyi "Kaikki Hyvin?" ja lähti.',
        "Kiitos - Osasto 2",
        "Kiitos - Huone 12",
        "Kävin hammaslääkärissä - Erittäin Hyvä Kokemus",
        "Opiskelijanumerot 2023-2024 ovat uusia.",
        "Min man Åker till Vasa imorgon.",
        "Kutsun häntä Mummoksi.",
        'Lempinimi "Mummo" on kiva.',
        "Olen kausityöntekijä Ukrainasta.",
        "Late in the evening the nurse came. Make sure you call.",
        "Pelle oli hauska mies.",
        "Toivo A. oli",
    ],
)
def test_ordinary_text_the_review_found_over_masked_stays(text: str) -> None:
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Haluan valittaa lääkäri Heikkisestä.", "Haluan valittaa lääkäri [nimi]."),
        ("Pidin kovasti hoitaja Virtasesta.", "Pidin kovasti hoitaja [nimi]."),
        ("Asiakasnumeroni on 1234567A.", "Asiakasnumeroni on [tunniste]."),
        ("Kela-kortin numero 123456789X", "Kela-kortin numero [tunniste]"),
        ("Asiakasnumero 12345678-kortti", "Asiakasnumero [tunniste]-kortti"),
        ("Customer number 2024/12345", "Customer number [tunniste]"),
        ("Sukunimi: Ruokangas", "Sukunimi: [nimi]"),
        ("Potilaan nimi: Emma Lund", "Potilaan nimi: [nimi] [nimi]"),
        ("Discord: niksu#1234", "Discord: [tunniste]"),
        ("Särskilt Micke och Jossan lekte med oss.", "Särskilt [nimi] och [nimi] lekte med oss."),
        ("Kiitos Penalle ja Masalle!", "Kiitos [nimi] ja [nimi]!"),
        ("my bff aino and me", "my bff [nimi] and me"),
        ("Vänliga hälsningar, O. Khalil", "Vänliga hälsningar, [nimi]. [nimi]"),
        ("Hoitaja Anna K. soitti.", "Hoitaja [nimi] [nimi]. soitti."),
        ("tässä kirjoittaa lempi kyllönen kajaanista", "tässä kirjoittaa [nimi] [nimi] kajaanista"),
        ("puh nolla neljä nolla yksi kaksi kolme neljä viisi kuusi", "puh [puhelin]"),
        ("soita 0 4 0 1 2 3 4 5 6 7", "soita [puhelin]"),
        ("anna.andersson (snabel a) hotmail.se", "[sähköposti]"),
        ("Lääkäri Virtanen Teamsin kautta soitti.", "Lääkäri [nimi] Teamsin kautta soitti."),
        ("We call him Väiski at home.", "We call him [nimi] at home."),
        ('Hoitaja Mikko "Mikki" Laine oli ihana.', 'Hoitaja [nimi] "[nimi]" [nimi] oli ihana.'),
    ],
)
def test_names_and_numbers_the_review_found_missed(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # a Swedish floor with the postal code and a town that is also a given name
        (
            "Asun osoitteessa Storgatan 22, 2 tr, 411 38 Anna Berg.",
            "Storgatan 22, 2 tr, 411 38 Anna",
        ),
        # the flat before the street, and a box, town, state and ZIP code joined
        ("Apartment 12, 3rd floor, Torikatu 5 kiitos", "Apartment 12, 3rd floor, Torikatu 5"),
        ("Postit: P.O. Box 2041, Anchorage, AK 99520 kiitos", "P.O. Box 2041, Anchorage, AK 99520"),
    ],
)
def test_an_address_taken_whole_overlaps_no_other_finding(text: str, address: str) -> None:
    # The parts around an address are taken in before overlaps are resolved: the findings never
    # overlap, and the words the address took in are not found a second time as a name.
    found = find_personal_data(text)
    assert [text[f.start : f.end] for f in found if f.kind == ADDRESS] == [address]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
