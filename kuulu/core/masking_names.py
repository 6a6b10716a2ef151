"""Common first names and surnames in Finland, for masking names in free text. No Django.

The lists are short on purpose (a few hundred of the most frequent names written from general
knowledge, not a register extract): they catch the names that appear most often in feedback
("hoitaja Virtanen", "lääkäri Anna"). Names given by the caller (the customer's own name, staff
names of the unit) are matched as well, so the lists only need to cover the common case.

`AMBIGUOUS` names are also everyday words in Finnish, Swedish or English ("Toivo" = hope,
"Kivi" = stone, "Berg" = mountain, "Rose"). They are masked only when capitalised in the middle
of a sentence or next to another name, never at the start of a sentence on their own.
"""

from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in block.split())


FINNISH_FIRST_NAMES = """
Aada Aapo Aarne Aaro Aatu Aino Aki Aleksi Alisa Anja Anna Anne Anneli Anni Anniina Antero Antti
Ari Arja Arto Asko Atte Eero Eeva Eetu Eija Eila Eino Elias Elina Elisa Elli Emilia Emma Erkki
Esa Esko Hanna Hannu Harri Heikki Heli Helmi Helena Hilkka Iida Iiris Ilkka Ilmari Ilona Inkeri
Irja Irma Jaakko Jani Janne Jari Jarmo Jarkko Jenna Jenni Jere Jesse Johanna Jokke Joni Jonna
Jorma Jouko Jouni Juha Juhani Jukka Julia Jussi Juuso Jyrki Kaarina Kaija Kaisa Kalervo Kalle
Kari Karoliina Katja Kati Kerttu Kimmo Kirsi Kirsti Lasse Laura Leena Leevi Liisa Lotta Mari
Marja Marjatta Marko Markku Martti Matias Matti Merja Mika Mikko Milla Minna Mirja Mirjami Nea
Niilo Niina Niko Noora Olli Onni Oona Oskari Outi Paavo Päivi Pasi Pekka Pentti Petri Petteri
Pirjo Pirkko Raija Raimo Reijo Riikka Riitta Risto Ritva Ronja Saara Sakari Sami Sanna Sari
Satu Seppo Siiri Simo Sirpa Sofia Tapani Tapio Tarja Teemu Tellervo Terhi Timo Tiina Tuomas
Toivo Tuomo Tuula Tuulikki Ulla Usko Vappu Veera Veikko Vesa Ville Väinö Yrjö
"""

FINNISH_SURNAMES = """
Aaltonen Ahonen Aho Anttila Eskola Halonen Hakala Hämäläinen Hannula Harju Heikkilä Heikkinen
Heinonen Hietala Hiltunen Hirvonen Holopainen Huttunen Huotari Hyvönen Häkkinen Jokela Jokinen
Juntunen Jussila Jääskeläinen Kallio Karjalainen Karppinen Kauppinen Keränen Kettunen Kinnunen
Kivelä Kokkonen Koivisto Koponen Korhonen Koskela Koskinen Kukkonen Kurki Kurkela Laaksonen
Laine Laitinen Lampinen Lehtinen Lehto Lehtonen Leinonen Leppänen Lindholm Lindqvist Lindroos
Lundqvist Manninen Markkanen Mattila Miettinen Mikkonen Moilanen Mustonen Mäkelä Mäkinen Mäkitalo
Niemi Nieminen Nikkilä Nurmi Nyberg Nykänen Nyman Ojala Oksanen Pakarinen Partanen Pesonen
Peltonen Pelkonen Pietilä Pitkänen Pulkkinen Puustinen Pöllänen Rantala Rantanen Räsänen
Ruotsalainen Rautio Saarinen Saari Salminen Salo Salonen Savolainen Seppälä Siltanen Sirviö
Sjöberg Soininen Suominen Tanskanen Tiainen Toivonen Tuominen Turunen Tolonen Vainio Valtonen
Vartiainen Vesterinen Vilén Virtanen Väisänen Ylönen Mustakallio Hirvikoski Kiiskinen Kärkkäinen
Rissanen Ruuskanen Tikkanen Heiskanen Kemppainen Pirinen Kostiainen Keskinen Kolehmainen
Lappalainen Immonen Hänninen Kivinen Kivimäki Korpela Kuusela Laakso Lahtinen Lindberg Lyytikäinen
Männistö Nurminen Parviainen Pasanen Puolakka Raatikainen Rönkkö Sipilä Suhonen Tervo Tuomi
Uusitalo Vuorinen Ylinen Ikonen Hytönen
"""

SWEDISH_FIRST_NAMES = """
Agneta Albin Alexander Alice Alma Alva Anders Annika Astrid Axel Barbro Bengt Birgitta Björn Bo
Britt Carina Carl Charlotta Christer Christina Dan Ebba Elin Elsa Emil Erik Eva Filip Fredrik
Frida Gunilla Gunnar Göran Gustav Hans Hedvig Helena Henrik Hugo Ida Ingrid Isak Jan Jenny Jesper
Joakim Johan Johannes Jonas Karin Kerstin Kim Kristina Lars Leo Lena Lennart Linnea Lisa Louise
Lovisa Magnus Malin Maria Mats Mattias Mikael Moa Nils Oliver Oscar Ove Patrik Per Peter Ragnar
Rasmus Sara Sebastian Sigrid Simon Siv Sofie Solveig Stefan Sten Stig Sune Susanne Sven Tage
Thomas Tobias Tove Ulf Ulrika Viktor Vilhelm Ylva Åsa Åke Örjan Marianne Margareta Ingegerd
Gun Greta Ebbe Edvin Folke Harald Hjalmar Ivar Kaj Kjell Lage Lilian Märta Rolf Rune Sixten
Torsten Valdemar Wilma Elvira Ester Freja Ines Klara Majken Nora Selma Stina Tyra Vera Linn
"""

SWEDISH_SURNAMES = """
Andersson Backman Berg Bergström Björk Blomqvist Dahl Ek Eklund Ekström Engström Eriksson
Forsberg Forsman Fransson Gustafsson Hansson Holm Holmberg Holmström Hägg Häggblom Isaksson
Jakobsson Johansson Jonsson Karlsson Klemets Lind Lindgren Lindström Ljung Lund Lundberg Lundin
Lönnqvist Magnusson Mattsson Nilsson Nordström Nyqvist Olsson Palm Persson Pettersson Rosenqvist
Sandberg Sandström Sjöblom Sjöholm Sjöström Stenroos Strand Ström Strömberg Sundberg Sundqvist
Svensson Söderberg Söderlund Wikström Wallin Westerlund Åberg Åkerman Öhman Östman Granroth
Grönqvist Grönlund Gröndahl Hellström Henriksson Högström Jansson Kronqvist Lindblom Lindell
Mannerheim Nordman Nordqvist Ollila Rehn Runeberg Sjögren Sundström Tallqvist Wahlström Westman
Wiklund Wikman Winberg Bäck Backlund Berglund Blomberg Ekholm Enqvist Fagerström Fors Granqvist
Hagman Hedman Hellman Holmqvist Hult Karlberg Lundqvist Lundström Malm Mellin Nyholm Nylund
Sandell Sjölund Skog Stenberg Storm Strandberg Sund Söderström Vikström Wallenius Åström Öst
"""

# Names that are also common words: masked only when capitalised mid-sentence (see module doc).
AMBIGUOUS = _words(
    """
Aino Onni Toivo Usko Into Tuuli Lahja Ilta Satu Kari Aho Harju Kurki Lehto Laine Niemi Nurmi
Saari Salo Tervo Tuomi Laakso Kallio Vainio Eskola Kivelä Berg Björk Dahl Ek Holm Hägg Lind
Lund Palm Strand Ström Ljung Malm Skog Storm Sund Fors Hult Bäck Öst Kim Dan Bo Jan Per Gun Leo
Siv Sten Stig Linn Vera Greta Nora Rose Sara Lisa Emma Alma Eva Mari Julia Sofia Maria Oliver
Simon Peter Emil Hugo Oscar Tage Lage Rolf Ivar Kaj Klara Ines Freja Selma Moa Tove Ylva Alva
Jokke Helmi Into Elli Nea Eero Pasi Ari Esa Asko Atte Mika Sami Simo Vesa Timo Aki Kati Jere
Jesse Leena Laura Anna Anne Helena Alice Astrid Ville
"""
)


FIRST_NAMES = _words(FINNISH_FIRST_NAMES) | _words(SWEDISH_FIRST_NAMES)
SURNAMES = _words(FINNISH_SURNAMES) | _words(SWEDISH_SURNAMES)
ALL_NAMES = FIRST_NAMES | SURNAMES

# Words after which a capitalised word is taken to be a name even if it is on no list
# ("hoitaja Kokkola-Rinne", "doctor Smith"). Matched case-insensitively.
TITLES = _words(
    """
hoitaja sairaanhoitaja lähihoitaja terveydenhoitaja kätilö lääkäri ylilääkäri hammaslääkäri
tohtori sosiaalityöntekijä ohjaaja fysioterapeutti johtaja osastonhoitaja palveluesimies
esihenkilö rouva herra neiti
skötare sjuksköterska närvårdare läkare tandläkare doktor socialarbetare handledare
fysioterapeut chef föreståndare fru herr
nurse doctor dr dr. mr mr. mrs mrs. ms ms. miss physician therapist
"""
)

# Added for the address- and English-aware masking (issue 15): more first names that feedback
# mentions in all three languages, and English names (international staff and residents).
MORE_FINNISH_FIRST_NAMES = """
Aila Aili Aimo Airi Alpo Anu Armi Arvo Aulikki Eemeli Eevi Elsa Erja Hilja Ilse Jaana Janika
Jarno Jenny Jouni Kaarlo Kai Kaino Kaisu Kalevi Katriina Kauko Keijo Kirsikka Kristiina Lassi
Leo Lilja Maarit Maija Maila Maire Marita Marketta Marjut Martta Mervi Mia Mikaela Mirva Nelli
Oiva Olavi Orvokki Osmo Paula Pauli Pertti Pia Pentti Raili Rauha Reino Riku Ritva Saana Sakke
Salla Sanni Seija Senja Sinikka Sirkka Sonja Suvi Taina Taisto Tanja Tarmo Taru Tatu Teija
Tero Tiia Tommi Toni Tuija Tuire Tuukka Tytti Unto Urho Vappu Veli Vilja Vilho Voitto Väinö
"""

MORE_SWEDISH_FIRST_NAMES = """
Alf Anna-Lena Anneli Arne Benita Berit Brita Camilla Caroline Dag Doris Einar Elisabeth Ellen
Erika Evy Gerd Gösta Gudrun Hilding Ingeborg Inger Irene Jarl Kenneth Lilly Maj Maja Margit
Mona Monica Nina Ragni Runa Sanna Signe Sonja Stellan Sylvia Tor Trygve Vivan Yvonne
"""

ENGLISH_FIRST_NAMES = """
Aaron Abigail Adam Alan Alex Amanda Amy Andrew Angela Anthony Ashley Barbara Benjamin Brian
Catherine Charles Chloe Christopher Daniel David Deborah Dennis Donald Dorothy Edward Elizabeth
Emily Emma Eric Frank Gary George Grace Hannah Harry Heather Henry Isabella Jack Jacob James Jane
Jason Jennifer Jessica John Jonathan Joseph Joshua Julie Karen Kate Katherine Kevin Kimberly
Laura Linda Lisa Lucy Margaret Mark Mary Matthew Megan Melissa Michael Michelle Nancy Nicholas
Olivia Patricia Paul Rachel Rebecca Richard Robert Ruth Ryan Samuel Sandra Sarah Sharon Sophie
Stephen Steven Susan Thomas Timothy William Ahmed Ali Fatima Mohammed Muhammad Omar Hassan
Aisha Olga Irina Natalia Sergei Dmitri Anastasia Tatiana Svetlana Igor Yulia Ivan Pavel Elena
"""

ENGLISH_SURNAMES = """
Adams Allen Anderson Baker Brown Campbell Carter Clark Collins Davies Davis Edwards Evans Garcia
Green Hall Harris Hill Hughes Jackson James Johnson Jones King Lee Lewis Martin Miller Mitchell
Moore Morgan Morris Murphy Parker Phillips Roberts Robinson Scott Smith Taylor Thomas Thompson
Turner Walker Ward White Williams Wilson Wood Wright Young Ivanov Petrov Smirnov Kuznetsov
"""

# Everyday English words among the English names: treated like AMBIGUOUS.
ENGLISH_AMBIGUOUS = _words(
    """
Grace Mark Frank Hill Green Brown White Wood King Young Hall Ward Baker Carter Turner Lee
Will Bill Rose Ruth Amy Jack James Martin Parker Scott Morgan Lucy Kate Paul Henry Ali Ivan
Elena Jane Julie Maj Tor Dag Einar Signe Kai Leo Veli Arvo Rauha Lilja Pia Mia Toni
"""
)

FIRST_NAMES = (
    FIRST_NAMES
    | _words(MORE_FINNISH_FIRST_NAMES)
    | _words(MORE_SWEDISH_FIRST_NAMES)
    | _words(ENGLISH_FIRST_NAMES)
)
SURNAMES = SURNAMES | _words(ENGLISH_SURNAMES)
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | ENGLISH_AMBIGUOUS

# Definite and inflected forms of titles ("sjuksköterskan Karin", "läkaren Berg",
# "hoitajamme Anna") and more occupations in the three languages.
TITLES = TITLES | _words(
    """
sjuksköterskan sköterskan skötaren närvårdaren vårdaren läkaren tandläkaren doktorn
barnmorskan kuratorn terapeuten socialarbetaren handledaren föreståndaren chefen
sköterska vårdare barnmorska kurator terapeut
hoitajamme hoitajani lääkärini lääkärimme hoitaja- kotihoitaja kodinhoitaja psykologi
kuraattori sairaanhoitajamme lähihoitajamme puheterapeutti toimintaterapeutti ensihoitaja
vastaanottovirkailija asiakasohjaaja palveluohjaaja sosiaaliohjaaja
professor prof prof. midwife psychologist receptionist carer caregiver paramedic
"""
)

# Name-like endings: a capitalised word with one of these endings that does not start a
# sentence is taken to be a surname even when it is on no list ("Nevalainen", "Nyström").
FINNISH_SURNAME_ENDINGS = ("nen", "sen", "selle", "sellä", "selta", "sesta")
SWEDISH_SURNAME_ENDINGS = (
    "ström",
    "qvist",
    "kvist",
    "berg",
    "holm",
    "lund",
    "gren",
    "blom",
    "dahl",
    "stedt",
    "sson",
    "strand",
    "roos",
    "fors",
    "mark",
)
# Place names with a name-like ending: not masked by the ending rule.
PLACES_WITH_NAME_ENDINGS = _words(
    """
Stockholm Göteborg Borgholm Lund Helsingborg Kristinestad Karleby Jakobstad Mariehamn Kokkola
Vaasa Korsholm Pedersöre Vörå Närpes Kaskö Oravais Sundsvall Eckerö Hammarland Kökar Sund
Lemland Malax Kronoby Larsmo Kauniainen Kauniaisten Kauniaisissa Tammerfors Helsingfors
Björneborg Ingå Sibbo Pargas Kimito Raseborg Lappfjärd Kvevlax Replot Vasa Karleby Jakobstads Nykarleby Uppsala Malmö Umeå Kemi Tornio Enontekiö Inari
"""
)

# A word ending in one of these is an occupation, whatever its first part ("omahoitaja",
# "erikoislääkäri", "överläkaren", "sjukskötaren"): a capitalised word after it is a name.
TITLE_ENDINGS = (
    "hoitaja",
    "lääkäri",
    "terapeutti",
    "ohjaaja",
    "työntekijä",
    "kätilö",
    "psykologi",
    "skötare",
    "skötaren",
    "sköterska",
    "sköterskan",
    "läkare",
    "läkaren",
    "vårdare",
    "vårdaren",
    "terapeuten",
    "handledaren",
    "barnmorskan",
    "nurse",
    "doctor",
    "therapist",
)
# Words that introduce a name: "nimeltä Riikka", "named Harriet", "heter Bodil".
NAMING_WORDS = frozenset(
    {"nimeltä", "nimeltään", "named", "called", "heter", "hette", "kallas", "kallad"}
)
# The last word of a sign-off: the name follows ("Ystävällisin terveisin, Helka").
SIGN_OFFS = frozenset(
    {
        "terveisin",
        "terv",
        "kiittäen",
        "mvh",
        "hälsningar",
        "hälsning",
        "regards",
        "sincerely",
        "faithfully",
        "wishes",
        "cheers",
    }
)
