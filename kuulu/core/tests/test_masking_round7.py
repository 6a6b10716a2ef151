"""The seventh masking round (2026-12-06): names in texts typed in lower case, an everyday
first name before a surname at a sentence's start, a service's name as a given name, titles
of interpreters and physiotherapists, Arabic, Persian and Kurdish names, signatures in
capitals, initials after a lower-case name, and long grouped numbers. Each rule with the
ordinary text it must leave alone."""

from __future__ import annotations

import pytest

from kuulu.core.masking import mask_text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "kiitos tosi paljon jonnelle ja sarille kotihoidosta, iskä tykkää teistä",
            "kiitos tosi paljon [nimi] ja [nimi] kotihoidosta, iskä tykkää teistä",
        ),
        (
            "hej jag bara undrar om johanna som jobbar på tandkliniken har slutat?",
            "hej jag bara undrar om [nimi] som jobbar på tandkliniken har slutat?",
        ),
        (
            "Lahja Keränen hoiti isääni viime viikolla.",
            "[nimi] [nimi] hoiti isääni viime viikolla.",
        ),
        ("Rahat loppu. / Wilma Karjalainen", "Rahat loppu. / [nimi] [nimi]"),
        ("Tulkki Rasha puhui eri murretta.", "Tulkki [nimi] puhui eri murretta."),
        ("Tack till sjukgymnasten Rania!", "Tack till sjukgymnasten [nimi]!"),
        ("NI RÄDDADE MIN SONS LIV. / MARIANNE", "NI RÄDDADE MIN SONS LIV. / [nimi]"),
        ("MIN SON LEON LUNDBERG HAR INTE FÅTT", "MIN SON [nimi] [nimi] HAR INTE FÅTT"),
        (
            "tohtori laatikainen kirjoitti väärän lääkkeen. t. teemu r",
            "tohtori [nimi] kirjoitti väärän lääkkeen. t. [nimi] [nimi]",
        ),
        (
            "my son got fever and we wait 5 hours. nurse rosalie was nice but slow.",
            "my son got fever and we wait 5 hours. nurse [nimi] was nice but slow.",
        ),
        # the last sentence of a text, when it is only a name
        (
            "EI SOITTANUT. RAIMO KELLOKUMPU",
            "EI SOITTANUT. [nimi] [nimi]",
        ),
        (
            "JUST TO BE TOLD TO CALL BACK. - DAVID KRAUSE",
            "JUST TO BE TOLD TO CALL BACK. - [nimi] [nimi]",
        ),
        ("Kiitos avusta! Helmi Kuosmanen, Paltamo", "Kiitos avusta! [nimi] [nimi], Paltamo"),
        # names in capitals in ordinary text, a surname after a title in capitals
        (
            "Ennen oli RAIMO ja LEEVI jotka kävi aina.",
            "Ennen oli [nimi] ja [nimi] jotka kävi aina.",
        ),
        ("DOKTOR KARJALAINEN VAR SJUK", "DOKTOR [nimi] VAR SJUK"),
        # a given name of any country before a surname, a register surname opening a sentence
        (
            "Vi vill tacka Jasmin Reyes som var vårdare.",
            "Vi vill tacka [nimi] [nimi] som var vårdare.",
        ),
        (
            "Koistinen on ainoa lääkäri, joka ei kiirehdi.",
            "[nimi] on ainoa lääkäri, joka ei kiirehdi.",
        ),
        # other countries' personal codes and long card numbers
        ("virolainen isikukood 38203150234.", "virolainen isikukood [tunniste]."),
        ("Mitt norska fødselsnummer är 150388 45219.", "Mitt norska fødselsnummer är [tunniste]."),
        ("kortet har nummer 80752000010012345678.", "kortet har nummer [tunniste]."),
        # an age or a relative's word in brackets after a name, a family's name
        ("meiän leevi (3v) sai eilen rokotteen", "meiän [nimi] (3v) sai eilen rokotteen"),
        ("Ella (dottern) vill inte gå dit.", "[nimi] (dottern) vill inte gå dit."),
        ("Thank you Kainuu! - the Ndlovu family", "Thank you Kainuu! - the [nimi] family"),
        ("God bless you. Family Al-Khatib", "God bless you. Family [nimi]"),
        # lower-case surnames in a text typed in lower case
        ("heikkilä oli tosi tyly puhelimessa", "[nimi] oli tosi tyly puhelimessa"),
        ("se lääkäri, joku laaksonen, ei ees kattonu", "se lääkäri, joku [nimi], ei ees kattonu"),
        # emails with "(a)", decision numbers, addresses abroad
        ("/ annika.westerholm(a)gmail.com", "/ [sähköposti]"),
        ("Päätöksen diaarinumero: TT/2024/8812", "Päätöksen diaarinumero: [tunniste]"),
        ("Beslutsnumret är VA-2024-11873.", "Beslutsnumret är [tunniste]."),
        ("Adress: Storgata 14, 9008 Tromsø. Tack", "Adress: [osoite]. Tack"),
        (
            "my home address in Estonia, Tartu mnt 55-12, Tallinn",
            "my home address in Estonia, [osoite], Tallinn",
        ),
        ("Heike Huovinen, Lindenstraße 14, 10969 Berlin.", "[nimi] [nimi], [osoite]."),
        # thanks closing the text, then a name; an O typed for a zero; a user name
        (
            "Can you arrange transport? Thank you, Raili Petrenko",
            "Can you arrange transport? Thank you, [nimi] [nimi]",
        ),
        (
            "Får vi besöka honom efter kl 19? Kiitos! Raili",
            "Får vi besöka honom efter kl 19? Kiitos! [nimi]",
        ),
        ("Hetu: 22O207A750T (olen opiskelija)", "Hetu: [henkilötunnus] (olen opiskelija)"),
        ("heter 'ville_k07' på Snapchat", "heter '[tunniste]' på Snapchat"),
        # names by where they stand: opening the text before "here", before a phone number
        # to call, in a list of names, with a particle
        (
            "Raili Adebayo here, I'm a nursing student.",
            "[nimi] [nimi] here, I'm a nursing student.",
        ),
        ("raimo här, tandläkaren drog ut fel tand", "[nimi] här, tandläkaren drog ut fel tand"),
        ("please call Raili on +61 412 558 903.", "please call [nimi] on [puhelin]."),
        ("Kind regards, Sanne de Vries", "Kind regards, [nimi] [nimi] [nimi]"),
        ("hoitaja joku tiina oli töykee", "hoitaja joku [nimi] oli töykee"),
        (
            "I have nowhere to go. Raili Okonkwo, 0449283310",
            "I have nowhere to go. [nimi] [nimi], [puhelin]",
        ),
        ("ÄITI ASUU PUISTOKADULLA 12 B 6:SSA EIKÄ MUUALLA", "ÄITI ASUU [osoite] EIKÄ MUUALLA"),
        ("Rätt adress är Karlavägen 45, 114 49 Stockholm.", "Rätt adress är [osoite]."),
        # a service after "call" is no person; since the tenth round a unit's landline after
        # its name stays too, while other numbers are hidden as any number is
        (
            "Soita Neuvolaan 09 310 12345 tai call Posti at 0200 71000.",
            "Soita Neuvolaan 09 310 12345 tai call Posti at [puhelin].",
        ),
        # an everyday word opening a sentence before a surname stays a word
        ("Said Virtanen would call back.", "Said [nimi] would call back."),
        ("Koulukatu 5 2024 Syyskuussa", "[osoite] 2024 Syyskuussa"),
        ("kysy jonnelta tai toivo parasta", "kysy [nimi] tai toivo parasta"),
        # an area code in brackets is no age
        ("Toimisto (09) 123 4567 tai 09-1234567.", "Toimisto [puhelin] tai [puhelin]."),
        # the post town after a postal code is part of the address
        (
            "Lähettäkää asiakirjat osoitteeseen Kauppakatu 21 A 5, 88900 Kuhmo. Kiitos",
            "Lähettäkää asiakirjat osoitteeseen [osoite]. Kiitos",
        ),
        ("OSOITE MYLLYTIE 11, 89600 SUOMUSSALMI. KIITOS", "OSOITE [osoite]. KIITOS"),
        (
            "läkaren på jouren i natt, nån jukka eller samuli, var arrogant.",
            "läkaren på jouren i natt, nån [nimi] eller [nimi], var arrogant.",
        ),
        (
            "The Kela card number is wrong (it says 8024 9900 1123 4).",
            "The Kela card number is wrong (it says [tunniste]).",
        ),
        (
            "Laskulla luki 11 22334 45566 7 eikä se ole minun.",
            "Laskulla luki [tunniste] eikä se ole minun.",
        ),
    ],
)
def test_found(text: str, masked: str) -> None:
    assert mask_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        # lower-case typing: place cases and everyday words that share a name's letters
        "kävin koulupsykologilla mut wilmassa ei näkyny mitää",
        "mä en tiiä millasta se on ku en oo käyny",
        "tuuli puhalsi kovasti ja satu kerrottiin lapsille",
        "jag ville bara säga tack för hjälpen",
        "kahvia tai teetä, mikä vaan käy, eller hur",
        # an everyday word opening a sentence with no surname after it
        "Lahja oli kaunis. Tuuli puhalsi.",
        # adjectives and pronouns after a title
        "tohtori kiireinen ei ehtinyt mitään, hoitaja jokainen kerta sama",
        # large sums, populations and prices stay
        "Hankkeen budjetti on 1 500 000 000 euroa.",
        "Kainuussa asuu 71 000 ihmistä ja Suomessa 5 600 000.",
        "Summa 12 345 678 901 € on liian suuri.",
        "Puhelinnumero 116 117 ja hätänumero 112.",
        # closing words that are no name
        "Kiitos paljon. Wow",
        "Tack för allt. Toppen",
        "Pyydän, että asia korjataan.",
        "Thanks. Great Job",
        "EI SOITETTU. EI KIINNOSTA",
        "Kiitos. Hyvää Joulua",
        "Toinen lääkäri oli parempi. Jokainen käynti maksaa.",
        "Tilausnumero 123456789 ja hinta 1500.",
        # brackets that hold no age or relative, and a phone number's area code
        "Osasto (12) on remontissa. Huone 3 (2 hlö) on vapaa.",
        "Työskentelin Oulussa (3 v) ennen kuin muutin.",
        "The Family Centre is open on Mondays.",
        "Viite 2024/1234 koskee suunnitelmaa.",
        "Kiitos! Hyvää joulua",
        "Thank you. Great service",
        "tiedosto lomake_2024.pdf liitteenä, muuttuja MAX_VALUE",
        # from the review of the round: everyday words that are names too, in lower case, in
        # capitals, closing a text or after thanks
        "mulla on maha kipeä ja ihan kamala olo, alan olla väsynyt",
        "reitti on aika mäkinen ja polku kivinen",
        "my mum needs a walker and the smith street bus",
        "MULLA ON MAHA KIPEÄ",
        "Vastaanotto toimi nopeasti. Erinomainen!",
        "Jonotin kolme tuntia. Vihainen!",
        "Thank you, Everyone",
        "Thanks! Love",
        "odotin joku kymmenen minuuttia, joku omainen soitti",
        "kysy siltä tai toivo parasta",
        "Liikenne (12), Terveys (8), Koulutus (5) ja Muut (3)",
        "Lääkäri määräsi Panadol (500).",
        "the Family Centre and Family Services",
        "Hälsningar familjen Hemma",
        "budjetti on 1500000000 euroa, ISBN 9789510396358",
        "vuosina 2021 2022 2023 huoneissa 101 102 103 104",
        "kuitit 1234 5678 9012 3456 euron",
        "Asemakaavan muutos, dnro 1234/2024, on nähtävillä.",
        "IMG_1234 ja video_2024.mp4 liitteenä",
        "It is a 10 Minute Walk from the station.",
        "Den här nya läkaren borde lyssna. Så här ska det gå till!",
        "Staff here was rude and nurses here are tired.",
        "Please call the office on Monday.",
        "Kajaani, Sotkamo ja Kuhmo saavat uudet palvelut.",
        # from the second review: services after "call", words after "här"/"tässä", "T:"
        "Kai tässä vaiheessa on jo myöhäistä.",
        "Per här i Sverige är allt dyrt.",
        "Will writing to the council help?",
        "Kiitos paljon\nT: Hallitus",
        "det var heta dagar och sanna ord, larmet började ljuda",
        "jag kommer någon dag nästa vecka, nån gång",
        # a town elsewhere stays
        "Muutin Kuhmoon ja postinumero vaihtui, nyt asun Kuhmossa.",
        # shouting with a listed first name in mid-text, not at the end
        "/ SAIRAALA ON LIIAN KAUKANA JA LÄÄKÄRI EI VASTAA",
    ],
)
def test_kept(text: str) -> None:
    assert mask_text(text).text == text


@pytest.mark.parametrize(
    ("split", "must_hide", "recall", "keep_rate"),
    # dev10's keep-rate 0.992 → 0.990 in the eighth round (the town after a home address)
    [("dev10", 642, 0.95, 0.985), ("dev12", 690, 0.925, 0.99), ("dev13", 645, 0.95, 0.99)],
)
def test_the_seventh_rounds_writers_stay_at_their_measured_level(
    split: str, must_hide: int, recall: float, keep_rate: float
) -> None:
    """dev10, dev12, dev13: three writers of this round, measured before any rule was written
    from them (0.875, 0.884, 0.890 at the round's start) and used for its rules. The eleventh
    writer's cases (test11) are locked: no test reads them (docs/MASKING.md)."""
    from kuulu.core.masking_eval import evaluate, load

    result = evaluate(load(split))
    assert result.must_hide == must_hide
    assert result.recall >= recall, result.missed
    assert result.keep_rate >= keep_rate, result.over_masked
