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

from kuulu.core.masking_register import name_words, register_names, word_clashes


def _words(block: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in block.split())


# The same for masking.py's own short lists of words.
word_set = _words


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
Auvo Iikka Karri Nikke Terho Turo Elvi Henriikka Loviisa Lyyli Saima Soili Sylvi Toini Sohvi
Tuovi Tyyra Veikka
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

# Tenth round (2026-12-06): titles of elected officials, clergy and organisations, so that a
# signature's title stays visible ("Regards, Councillor Sanna Ollila", "Pastor Mike Dunn").
TITLES = TITLES | _words(
    """
councillor councilor pastor reverend vicar priest director coordinator chairman chairwoman
chairperson toiminnanjohtaja kirkkoherra pastori valtuutettu puheenjohtaja koordinaattori
präst kyrkoherde ordförande ledamot sekreterare koordinator verksamhetsledare
hoitsu hoitsun hoitsulle hoitsut terkkari terkkarin terkkarille fyssari fyssarin fyssarille
sossu sossun sossulle supervisor teacher opettaja opettajamme opettajani lärare läraren
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
tulkki tulkkimme tolk tolken interpreter sjukgymnast sjukgymnasten fysioterapeuten
physiotherapist physio dentist surgeon kirurgi kirurgen
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
    # the Finnish plural and partitive ("hoitajat Jossu ja Make", "hoitajaa Jannikaa"); not
    # "psykologia", which is also the science
    "hoitajat",
    "hoitajaa",
    "lääkärit",
    "lääkäriä",
    "terapeutit",
    "terapeuttia",
    "ohjaajat",
    "ohjaajaa",
    "työntekijät",
    "työntekijää",
    "kätilöt",
    "kätilöä",
    "psykologit",
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
        "hälsn",
        "regards",
        "sincerely",
        "faithfully",
        "wishes",
        "cheers",
    }
)

# Added after the independent masking check of 2026-12-05 (docs/MASKING.md, "Second writer"):
# its misses were names on no list (in capitals, in lower case, or of immigrant residents).
# More of the most common first names and surnames in Finland, written from general knowledge,
# and common names of Finland's largest immigrant groups (Russian, Ukrainian, Estonian, Somali,
# Arabic, Kurdish and Persian, Vietnamese, Chinese, Thai, Indian, Turkish).
MORE_NAMES_FIRST = """
Aarne Aatu Ahti Aleksi Anja Annikki Antero Antti Anton Arja Arto Asta Aune Eeli Eelis Eeva
Eija Eila Eino Eliisa Elina Elisa Ella Elmeri Elsi Emilia Erkki Esko Hannele Hanna Harri Heidi
Heikki Heli Helvi Henna Henri Hilkka Iida Iina Ilkka Inkeri Irja Irma Jaakko Jani Janne Jari
Jarmo Jenni Joel Johanna Jonna Jorma Juha Juhani Jukka Julius Jussi Juuso Jyrki Kaarina Kaija
Kalle Karoliina Katja Kerttu Kimmo Kirsi Kirsti Kristian Kyösti Laila Lasse Lauri Leevi Liisa
Lotta Maija-Liisa Marjatta Markku Markus Marko Martti Matias Matti Merja Mikko Milla Minna Mirja
Niko Niina Noora Olli Oona Outi Paavo Pekka Petri Petteri Pirjo Pirkko Päivi Raija Raimo Reijo
Riikka Riitta Risto Ronja Saara Sanna Santeri Seppo Sirpa Susanna Taneli Tapani Tapio Tarja
Teemu Terhi Tiina Tuomas Tuula Tuulikki Ulla Urpo Vappu Veera Veikko Venla Vilma Ylermi
Gunnel Gunilla Birgitta Britt Bengt Bertil Christer Curt Ebba Gustav Göran Hasse Henrik Ingrid
Ingmar Johan Jonas Karin Kent Kjell Krister Lars Leif Lennart Linnea Magnus Marianne Mats
Mikael Nils Olof Patrik Ragnar Rasmus Roger Ronny Rune Stefan Sven Sune Ulf Ulrika Valter
Viveka Åke Åsa Greger Hjalmar Holger Torbjörn Tomas Tobias Anders Axel Carina Cecilia Elin
Ellinor Filip Frida Gunnar Harald Hedvig Helge Inga Isak Joakim Kajsa Kristoffer Lina Lovisa
Malin Mattias Pernilla Sixten Solveig Ture Tyra Vilhelm Wilma Bodil Gunvor Märta Rut Sigrid
Joan Jean Janet Judith Helen Diane Joyce Gloria Evelyn Teresa Marie Kathleen Martha Victoria
Louise Kenneth Ronald Larry Jeffrey Raymond Gregory Jerry Terry Douglas Walter Keith Albert
Arthur Lawrence Carl Ralph Louis Philip Harold Howard Fred Liam Noah Ethan Lucas Logan Owen
Nathan Dylan Connor Callum Mike Tony Jim Dave Steve Chris Matt Nick Emily Claire Fiona Siobhan
Abdi Abdullahi Abdirahman Abdulla Abdullah Ahmad Amina Amir Asha Ayan Fadumo Fatuma Hamid Hamza
Hawa Hodan Hussein Ibrahim Ismail Jamal Khadija Khalid Layla Leila Mahmoud Mariam Maryam
Mohamed Mohammad Mohamud Mustafa Nasra Osman Rashid Reza Samir Yasmin Yusuf Zahra Zainab Zeynep
Mehmet Ayse Emre Murat Arash Dariush Parisa Shirin Hossein Mehdi Navid Nima Aleksandr Aleksei
Alexei Andrei Anatoli Boris Galina Katja Ksenia Larisa Ljudmila Lyudmila Marina Mihail Mikhail
Natalja Nadezhda Nikolai Oksana Olena Oleksandr Oleksii Sergey Tatjana Valentina Vladimir
Viktor Vitali Volodymyr Yuri Juri Jelena Maksim Mykola Bohdan Taras Tetiana Iryna Viktoria
Daria Dasha Kristjan Kadri Liis Margus Priit Tõnu Urmas Aivar Jüri Huong Linh Thanh Tuan
Trang Ngoc Somchai Siriporn Malee Priya Rahul Anil Sunil Deepak Lakshmi Ravi Arjun Ananya Divya
Pooja Sanjay Vijay Ramesh Suresh Rajesh
"""

MORE_NAMES_LAST = """
Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Heikkinen Koskinen Järvinen Lehtonen
Lehtinen Saarinen Salminen Heinonen Heikkilä Kinnunen Salonen Turunen Laitinen Tuominen
Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen Hiltunen Ojala Miettinen
Hirvonen Räsänen Leinonen Leppänen Aaltonen Väisänen Pitkänen Lappalainen Kettunen Manninen
Anttila Halonen Laaksonen Hakala Koivisto Mustonen Peltonen Kemppainen Jääskeläinen Toivonen
Korpela Markkanen Seppälä Moilanen Huttunen Rissanen Laukkanen Ahokas Hyvönen Kärkkäinen
Eskelinen Keränen Pelkonen Kolehmainen Huotari Kokkonen Pesonen Kauppinen Kuusisto Partanen
Honkanen Tikkanen Hyttinen Koponen Oksanen Pulkkinen Pikkarainen Kyllönen Tolonen Juntunen
Tervonen Komulainen Ruuskanen Seppänen Pääkkönen Vartiainen Ylönen Kananen Mikkonen Härkönen
Karppinen Okkonen Kumpulainen Rytkönen Pirinen Heikura Huovinen Jauhiainen Kilpeläinen
Rautio Rauhala Peltola Hiltula Kinnula Hyvärinen Tervo Kähkönen Kiiskinen Kauhanen
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Pettersson Jonsson Lindberg Lindström Lindqvist Lindgren Berglund Bergström Sundqvist Nyström
Östman Holmström Forsman Granholm Grönroos Sjöberg Ekholm Westerlund Mattsson Björklund
Strömberg Söderlund Wikström Backman Nordström Lundqvist Blomqvist Holmberg Nyberg Åberg
Engström Eklund Hägglund Lundberg Sandberg Fagerström Lindholm Lindroos Sjöholm Åkerman Ekman
Nyman Lindén Forsell Sandström Kronqvist Sundström Vikman Wallin Nyholm Sjöblom Häggblom
Richardson Peterson Watson Bennett Henderson Coleman Jenkins Patterson Simmons Gonzales
Alexander Griffin Hamilton Sullivan Wallace Reynolds Harrison Gibson McDonald Ferguson
Hawkins Perkins Matthews Cunningham Armstrong Robertson Fitzgerald O'Brien Kelly
Abdullahi Warsame Jama Mohamud Egal Ahmadi Hosseini Rezaei Mohammadi Karimi Rahimi Hashemi
Jafari Sadeghi Azizi Nguyen Tran Pham Hoang Huynh Phan Dang Bui Ngo Duong Wang Zhang Chen Liu
Huang Zhao Zhou Singh Kumar Sharma Patel Gupta Krishnan Iyer Reddy Nair Raman Yilmaz Kaya
Demir Sahin Celik Yildiz Aydin Ozturk Ivanova Petrova Smirnova Kuznetsova Popov Popova Sokolov
Volkov Volkova Novikov Morozov Fedorov Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko
Melnyk Boyko Tamm Saar Sepp Kask Rebane Ilves Koppel Lepik Kuusk
"""

# Everyday words among the names above, and more everyday words that are names (treated like
# AMBIGUOUS: masked when capitalised mid-sentence, or next to another name, or named elsewhere
# in the same text).
MORE_AMBIGUOUS = _words(
    """
Armas Lempi Sulo Valo Aamu Sini Kaste Lumi Marja Hilla Terttu Hans Björn Max Tea Ben Tom Joy
Hope Faith Dawn Summer June Eve Ivy Iris Olive Ruby Amber Lily Holly Heather Daisy Bob Guy Ray
Don Pat Sue Art Sky Carol Said Nur Roman Li Jean Kelly Alexander Victoria Kent Rut Tapio Tervo
Ella Inga Lina Malin Filip Jim Nick Chris Matt Mike Dave Carl Fred Albert Arthur Louis
Elin Vilja Voitto Suvi Oiva Tarmo Kirsikka Axel Roger Ruotsalainen Suomalainen Venäläinen Virolainen Karjalainen Savolainen Hämäläinen Pohjalainen
"""
)

FIRST_NAMES = (
    FIRST_NAMES
    | _words(MORE_NAMES_FIRST)
    | _words("Hope Joy Faith Dawn Ivy Iris Ruby Lily Holly Will Bill")
)
SURNAMES = SURNAMES | _words(MORE_NAMES_LAST)
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | MORE_AMBIGUOUS
NAMING_WORDS = NAMING_WORDS | {"nimensä", "nimemme", "nimeni"}
# "nimeni on Raimo", "my name is Joan", "mitt namn är Gunnel": the word before the verb.
NAME_NOUNS = frozenset({"nimeni", "nimensä", "nimi", "name", "namn", "nimemme"})
NAME_VERBS = frozenset({"on", "oli", "is", "was", "är", "var"})
# Short parts of names that are names only next to another name ("Nguyen Thi Lan", "Nguyen
# Van Minh", "Ludwig van Beethoven"): on their own they are too short or everyday words.
NAME_PARTICLES = _words(
    """
Van Thi Minh Lan Anh Duc Hong Huy Khanh Quang Thanh Tuan Bin Ibn Al El Von Af De Di Da
"""
)

# Words for a relative or someone close: a capitalised word right after one is a name ("äitini
# Hilma", "min dotter Sofiia", "my partner, Daniel"), unless it is a place.
RELATION_WORDS = _words(
    """
äiti äitini äitimme isä isäni isämme poika poikani poikamme tytär tyttäreni tyttäremme vaimo
vaimoni mies mieheni puoliso puolisoni sisko siskoni sisar sisareni veli veljeni mummo mummoni
mummi mummini pappa pappani vaari vaarini isoäiti isoäitini isoisä isoisäni lapsi lapseni
naapuri naapurini ystävä ystäväni kaveri kaverini miesystäväni naisystäväni avopuoliso
avopuolisoni kumppani kumppanini
mamma mor far son sonen dotter dottern fru frun maken hustru sambo sambon bror brodern
syster systern mormor farmor morfar farfar granne grannen vän väninna kompis
mother mom mum father dad son daughter wife husband partner brother sister grandmother grandma
grandfather grandpa neighbour neighbor friend colleague fiancé fiancée
mate buddy gf bf girlfriend boyfriend uncle aunt cousin setä eno täti serkku serkkuni mummu ukki
isoveli isoveljeni pikkuveli pikkuveljeni isosisko pikkusisko anoppi appi vävy miniä farbror
morbror faster moster kusin lillebror storebror lillasyster storasyster svärmor svärfar svåger
svägerska isäntä emäntä grandson granddaughter niece nephew lapsenlapsi
lapsenlapseni vävyni miniäni barnbarn barnbarnet mother-in-law father-in-law son-in-law daughter-in-law kaveri kaverin frendi
"""
)
# Sign-offs that are also ordinary words, so a name follows only after a comma ("BR, Tom",
# "Kiitos, Sanna").
WEAK_SIGN_OFFS = frozenset(
    {"br", "rgds", "brgds", "vh", "ystävällisesti", "thanks", "tack", "kiitos"}
)
# Places (and the Sámi, a people and its languages) that a name rule could take for a name (a capitalised word after "äitini" or next to a
# name): the region's municipalities and villages, large towns and countries, matched with their
# endings.
PLACES = _words(
    """
Kajaani Sotkamo Kuhmo Suomussalmi Paltamo Puolanka Ristijärvi Hyrynsalmi Vaala Oulu Helsinki
Espoo Vantaa Tampere Turku Jyväskylä Kuopio Lahti Pori Joensuu Lappeenranta Vaasa Vasa Seinäjoki
Rovaniemi Kokkola Karleby Jakobstad Pietarsaari Pargas Parainen Åbo Helsingfors Esbo Närpes
Kristinestad Korsholm Mustasaari Malax Maalahti Nykarleby Kemi Tornio Kotka Porvoo Borgå Ekenäs
Raasepori Raseborg Lohja Hämeenlinna Mikkeli Savonlinna Iisalmi Kainuu Pohjanmaa Österbotten
Suomi Finland Ruotsi Sverige Sweden Venäjä Ryssland Russia Ukraina Ukraine Viro Estland Estonia
Norja Norge Norway Somalia Syyria Syria Irak Iraq Afganistan Afghanistan Vietnam Thaimaa Kiina
Romania Rumänien Puola Polen Poland Intia Indien India Turkki Turkiet Turkey Iran Eritrea
Filippiinit Filippinerna Philippines Nigeria Kongo Espanja Spanien Spain Saksa Tyskland Germany
Ranska Frankrike France Italia Italien Italy Englanti England Britannia Tanska Danmark Denmark
Islanti Island Iceland Latvia Lettland Liettua Litauen Lithuania Unkari Ungern Hungary Kreikka
Grekland Greece Portugali Portugal Kanada Kanada Canada Amerikka Amerika America Kajanaland
Lovisa Loviisa Karis Karjaa Kimito Kemiö Hangö Hanko Ingå Inkoo Kyrkslätt Kirkkonummi Sibbo Sipoo
Kronoby Kruunupyy Larsmo Luoto Pedersöre Vörå Kaskö Kaskinen Mariehamn Maarianhamina Tammisaari
Nagu Korpo Houtskär Åland Ahvenanmaa
Kela Fpa Omakanta Kanta Omaolo Valvira Thl Avi Wilma
Kajana Vanda Uleåborg Tammerfors Villmanstrand Björneborg Tavastehus Lahtis Kuopio Joensuu
Petersburg Pietari Moskova Moskva Moscow Kiev Kyiv Kiova Tallinn Tallinna Riga
Sami Saami Sámi Romani
Attendo Terveystalo Pihlajalinna Esperi Coronaria Medivida Luona Suunhoito
Vuokatti Vuolijoki Otanmäki Lentiira Ämmänsaari Kontiomäki Jormua Säräisniemi Oulujärvi
Ruhtinansalmi Juntusranta Saresvaara Naapurinvaara Hossa Vartius Kiekinkoski Lentua Vuokki
"""
)
# Holidays that are also first names ("Vappu", "vappuna" = on May Day).
HOLIDAYS = _words("Vappu Juhannus Joulu Pääsiäinen Midsommar Jul Påsk")

# Self-introductions: a name follows ("I'm Ngozi Eze", "Olen Ritva von Hertzen", "Minä Aili").
INTRODUCTIONS = frozenset({"i'm", "im", "olen", "minä", "mä", "jag"})
# Thanks: a first name after them is the person thanked ("kiitos riitta", "tack Maria").
THANKS = frozenset({"kiitos", "kiitokset", "tack", "thanks", "thank", "thx", "kiitti"})
# Lower-case particles inside names ("Ritva von Hertzen", "Jan de Vries").
NAME_PARTICLES_LOWER = frozenset({"von", "van", "de", "af", "da", "di", "del", "der", "den"})

# A third round of common names written from general knowledge (2026-12-05): Finnish first names
# of every generation, Kainuu and other Finnish surnames that do not end in -nen (those are
# found by their ending), Finland-Swedish, English and immigrant names. The everyday words
# among them are in THIRD_AMBIGUOUS.
THIRD_NAMES_FIRST = """
Aapeli Aarni Aatos Aija Aira Akseli Aleksanteri Aleksis Aliisa Alina Allan Altti Anssi Antton
Arvi Asmo Atso Aukusti Aulis Eemil Elisabet Eljas Elmo Elviira Enni Ensio Erno Essi Eveliina
Hannes Heimo Heino Helka Hellevi Hely Hemmo Hermanni Hertta Heta Hilma Iines Iivari Ilari Ilpo
Inka Irmeli Isto Jalmari Jaska Jatta Jonatan Joona Joonas Jooseppi Joosua Josefiina Juho Jyri
Kaapo Kasper Kasperi Katariina Katri Kielo Kimi Kosti Kullervo Kyllikki Lea Lempi Leni Lenni
Liina Luka Lyydia Maaret Maikki Mailis Marika Marjo Mauno Mauri Meeri Miika Milja Minea Minja
Mirjam Miro Nestori Netta Niklas Nooa Oili Orvo Ossi Otto Pauliina Pietari Pirita Pyry Raakel
Rainer Rami Rauno Reetta Reima Riina Roni Saija Saimi Samu Samuli Sauli Severi Silja Sini
Sirkku Soile Sointu Suoma Taavetti Taavi Taimi Tauno Teijo Tertta Terttu Teuvo Tilda Topi
Topias Tuulia Tuure Tyyne Ulpu Uolevi Uuno Valtteri Veeti Vertti Vieno Viivi Viljami Viljo
Vilppu Virpi Vivi Vuokko Väinämö Armas Aurora Tea
Alfons Algot Birger Brage Casper Conny Edith Embla Erland Filippa Hampus Henning Hillevi Jakob
Josefin Klas Linus Lisbeth Loke Ludvig Majvor Melker Måns Ninni Oskar Saga Sture Viggo
Agnieszka Amara Amelia Ann Ben Betty Camille Carlos Carol Charlotte Chidi Diego Eleanor Ellie
Emeka Giulia Ian Jürgen Katarzyna Kofi Kwame Lauren Luis Malik Marco Mateo Ngozi Pierre Piotr
Tomasz Tom Tracy Tunde Zoe
"""

THIRD_NAMES_LAST = """
Aalto Ahola Alatalo Hakkarainen Haverinen Hirvelä Hokkanen Honkala Huhtala Husso Huusko
Kanerva Kangas Kantola Karvonen Kauppila Kemppi Kiiskilä Kivistö Koivula Kokko Korkiakoski
Koski Kärnä Lahtela Lammi Lampela Lehtola Leppälä Leskinen Luoma Luukkonen Marttila Meriläinen
Mononen Mäki Niemelä Niskanen Nousiainen Oikarinen Paakkari Palo Pekkala Perälä Pesola
Piirainen Pulkkila Rajala Rasinkangas Rautiainen Rimpiläinen Romppainen Ronkainen Ryynänen
Saarela Salmi Sillanpää Sivonen Soini Suomela Takala Tammi Toivola Tolvanen Tuomela Tuovinen
Turpeinen Vehviläinen Viitala Voutilainen Vuorela Vuori Vähäkangas Väyrynen Väänänen Ylikoski
Ylitalo Halme Huhta Keto Lukkari Pelto Pihlaja Piippo Rinne Suutari Tikka
Ahlskog Backström Björkqvist Borg Enlund Forsblom Forsström Hagberg Lillqvist Löfman
Mickelsson Nordling Ohls Rönnholm Sandvik Sirén Storbacka Söderholm Wickström Österberg
Adeyemi Bailey Chapman Clarke Dixon Ellis Farah Fischer Gonzalez Griffiths Harvey Hernandez
Hussain Kowalski Lloyd Lopez Marshall Martinez Mensah Murray Mägi Müller Nowak Okafor Okonkwo
Powell Richards Rodriguez Rogers Rossi Russell Russo Schmidt Schneider Shaw Simpson Stevens
Wilkinson Wiśniewski Cook Cooper Fisher Knight Mason Mills Price Hunt Gray Palmer Barnes
"""

THIRD_AMBIGUOUS = _words(
    """
Armas Aurora Tea Otto Taimi Lempi Sointu Kielo Vieno Tyyne Terttu Sini Hemmo Kosti Pyry Heimo
Aatos Saga Ben Ann Carol Tom Ian Lea Marshall Bailey
Aalto Kangas Koski Mäki Salmi Vuori Tammi Kokko Palo Kanerva Lammi Luoma Halme Huhta Keto
Lukkari Pelto Pihlaja Piippo Rinne Suutari Tikka Borg Sandvik
Cook Cooper Fisher Knight Mason Mills Price Hunt Gray Palmer Barnes Powell Russell Shaw
"""
)

FIRST_NAMES = FIRST_NAMES | _words(THIRD_NAMES_FIRST)
SURNAMES = SURNAMES | _words(THIRD_NAMES_LAST)
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | THIRD_AMBIGUOUS

# A form's labels before a name and a colon ("Nimi: Matti Meikäläinen", "Kontaktperson: …").
# Not "Asiakas:" or "Customer:": in a chat transcript the customer's words follow them.
NAME_LABELS = _words(
    """
nimi nimeni name namn yhteyshenkilö yhteyshenkilön kontaktperson lähettäjä sender avsändare
nimenselvennys allekirjoitus signature underskrift sukunimi etunimi etunimet surname efternamn
förnamn
"""
)
# Labels of a person on a form or in a list ("Potilas: Aili Virtanen", "Tytär: Maria Lind",
# "From: Marites"): a name of the lists follows, not any word ("Potilas: Hyvä hoito").
PERSON_LABELS = _words(
    """
potilas asiakas patient kund klient client customer resident asukas omainen anhörig
lähiomainen vårdtagare hoidettava äiti isä tytär poika son dotter mother father daughter mamma
pappa vaimo puoliso maka fru wife husband from från
"""
)

# Common nicknames and short forms (Finnish, Finland-Swedish, English), which residents write
# for staff, friends and relatives as often as the full names ("Pena", "Micke och Jossan").
NICKNAMES = _words(
    """
Pena Masa Kake Late Tomppa Jonde Kaitsu Väiski Make Sepi Hessu Heka Pete Pera Masi Timppa
Jukkis Hanski Hande Eki Arska Anski Nipa Teppo Tepi Ansku Majo Mirkku Lissu Lenu Ellu Ripa
Tintti Mintsu Hansku Sanski Pipsa Emmi Iiro Tuksu
Micke Jossan Nisse Pelle Bosse Kicki Mojje Totte Olle Gurra Sigge Affe Berra Lollo Sussi Fia
Nettan Tessan Emmy Jonte Pontus Lelle Rolle Tobbe Mange Stickan Jocke Robban Ludde Frasse
Benny Bettan Mimmi Lillan
Bob Jimmy Tommy Johnny Danny Mickey Billy Sally Molly Maggie Katie Annie Lizzie Becky Vicky
Sammy Freddie Charlie Alfie Archie Ollie Teddy Rosie
"""
)
NICKNAME_AMBIGUOUS = _words("Late Make Pera Pelle Mange Lillan Stickan Bob Teddy Mimmi")
FIRST_NAMES = FIRST_NAMES | NICKNAMES
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | NICKNAME_AMBIGUOUS
# Close friends, in the words teenagers use ("my bff aino", "min bästis alva").
RELATION_WORDS = RELATION_WORDS | _words("bff bestie bästis kamu kamuni frendini bestis")
RELATION_WORDS = RELATION_WORDS | _words("gran granny grandad nan nana")
# Tenth round: Finland-Swedish pet words for grandparents ("Moffa (Karl-Erik Holm, 94)").
RELATION_WORDS = RELATION_WORDS | _words(
    "moffa moffe mommo momma farmo faffa fammo mormo morfa farfa mumma"
    " pojkvän flickvän poikaystävä poikaystäväni tyttöystävä tyttöystäväni boyfriend girlfriend"
    " vauva vauvamme vauvani"
)

# Names of the Sámi and of the largest groups that moved to Kainuu in recent decades (Somali,
# Eritrean and Ethiopian, Nepali, Thai), and Russian and Ukrainian short forms, written from
# general knowledge; Faker's lists (below) hold none of them in Latin letters.
FOURTH_NAMES_FIRST = """
Áilu Ánde Ánte Ásllat Biret Elle Ellá Heaika Ivvár Jovnna Káre Máhtte Máret Mihkkal Niillas
Ovlla Piera Risten Sámmol Sárá Sunná Ingá Ándaras Ristenne Kárin Elen-Máret Nils-Ánte
Faadumo Fadumo Hodan Hibaq Nimco Ayaan Ayanle Abdi Abdirahman Abdullahi Cabdi Xasan Maryan
Sahra Sagal Ifrah Istahil Ubah Khadija Hawa Muna Deeqa Ladan Shukri Mustafe Guled Liban Mahad
Ilhan Halima Ikraan Fartun Hamdi Nasteexo Warsame Jamac Qamar Ayan Sucaad Hamse Bashiir
Yonas Yohannes Tesfaye Dawit Senait Filmon Mehari Tekle Selam Semhar Biniam Berhane Kidane
Tsegay Amanuel Luwam Feven Yordanos Habtom Mussie Tewelde Girmay Semere Mebrahtu Ghebre Tesfay
Sushila Pasang Bishnu Sita Gita Laxmi Ram Krishna Sunita Anita Binita Kamala Hari Ganesh
Nabin Prakash Rajesh Suman Sabina Srijana Manisha Pemba Dawa Mingma Lhakpa Nima
Wanida Somchai Siriporn Malee Supaporn Pranee Somsak Nittaya Kanokwan Pornthip Sunee Jintana
Ratana Boonmee Chalerm Lamai Ploy Aom Kanya Siri Daeng
Sasja Sasha Sascha Dima Kolja Vova Petja Misha Miša Tanja Olja Natasha Natasja Lena Galja
Ljuba Ljuda Zhenja Ženja Vitja Valja Nadja Serjozha Serjoža Maksym Dmytro Mykola Oleksii
Oleksiy Yulia Yuliia Iryna Olena Oksana Halyna Tetiana Svitlana Bohdan Taras Andrii Vasyl
Mikke Mikki Jonne Veeti Topias Eelis Aleksi Sisu Petra
"""
FOURTH_NAMES_LAST = """
Aikio Guttorm Magga Länsman Valkeapää Näkkäläjärvi Helander Feodoroff Sanila Fofonoff Pieski
Gaup Somby Balto Labba Kuoljok Morottaja Mattus Keskitalo Kuhmunen Näkkälä Kitti
Tesfaye Haile Gebremedhin Tekle Kidane Berhe Tsegaye Mengistu Desta Gebru Woldemariam
Farah Warsame Jama Hersi Nur Omar Ali Aden Egal Duale Mohamud Abdullahi Osman Yusuf Ismail
Gurung Sherpa Tamang Thapa Magar Shrestha Adhikari Karki Bhandari Poudel Khadka Basnet
Srisuk Saetang Wongsa Chaiyaporn Boonyarat Sukprasert Thongchai Phromma Srisawat
Shevchuk Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boyko Lysenko Moroz Savchenko
Rudenko Marchenko Petrenko Hrytsenko Ivanova Petrova Smirnova Popova Kuznetsova Sokolova
"""
FOURTH_AMBIGUOUS = _words(
    """
Elle Ram Hari Nima Ploy Aom Siri Daeng Lena Sisu Muna Ayan Selam
Hawa Qamar Ali Nur Omar Moroz Boyko Jama Desta Sita Gita Kanya Ratana Lamai Dawa Kitti
"""
)
FIRST_NAMES = FIRST_NAMES | _words(FOURTH_NAMES_FIRST)
SURNAMES = SURNAMES | _words(FOURTH_NAMES_LAST)
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | FOURTH_AMBIGUOUS

# A seventh round (2026-12-06): Arabic, Persian and Kurdish given names as Finnish residents
# write them in Latin letters, and a few surnames; none of them written in lower case as a word
# anywhere in the triage corpus (so not Mina, Sina, Saman, Lama).
FIFTH_NAMES_FIRST = """
Rasha Rania Rima Reem Hala Hiba Heba Amal Tariq Tarek Husein Mostafa Walid Ziad Fadi Majid
Farid Fatemeh Nasrin Azadeh Shadi Golnaz Hawre Dilan Rojin Berfin Zilan Shilan Kawa Rebin Hevin
Aram Saeed Sayed Sulaiman Jasim Mazen Marwan Nizar Saif Tamer Wael Basma Iman Ghada Hanan
Jumana Lubna Maha Manal Nawal Rawan Rula Sahar Sawsan Shaima Zeinab Morteza Mojtaba Behnam
Davood Kourosh Siavash Kaveh Farhad Soran Shvan Karwan Rezan Dilshad Nechirvan Hemin Jiyan
Sozan Ronak Ashti Narin Newroz Perwin Behrouz Masoud Mohsen Omid Payam Pouya Ramin Yasaman
Mahsa Negin Niloufar Sepideh Taraneh Elham Fereshteh Haleh Neda Pegah Samaneh Shabnam Somayeh
Kateryna Nataliia Viktoriia Anastasiia Serhii Yurii Denys Mariia Sofiia Liudmyla Nadiia Liubov
Ievgen Mykhailo Siriwan Sunisa Maarja Triin Kasia Rowena Farideh Hodan
"""
FIFTH_NAMES_LAST = """
Haddad Khoury Saleh Mansour Nasser Hamdan Darwish Karimi Hosseini Ahmadi Rezaei Mohammadi
Hashemi Moradi Rahimi Jafari Barzani Talabani Zebari
"""
# Names that are also words, which a name written in capitals alone must not take: "Kaino
# kysymys" (a modest question), "ilona" (as a joy), "orvokki" (a violet).
AMBIGUOUS = AMBIGUOUS | _words("Kaino Ilona Orvokki Rosa Dag")
FIRST_NAMES = FIRST_NAMES | _words(FIFTH_NAMES_FIRST)
SURNAMES = SURNAMES | _words(FIFTH_NAMES_LAST)
ALL_NAMES = FIRST_NAMES | SURNAMES
# An eighth round (2026-12-06), written from general knowledge: given names of older Finns and
# Finland-Swedes, Swedish pet names, Irish, West African, Arabic, Kurdish, Somali (in Somali
# spelling), Filipino, Thai, Vietnamese, Chinese, Ukrainian and Russian (in Finnish and English
# spelling), British and Irish given names that none of the lists above held. Those that are
# also common words are in EIGHTH_AMBIGUOUS; names of three letters or fewer are left out, as
# their inflected forms are words ("Mai" → "Main", "Bea" → "Bean").
EIGHTH_NAMES_FIRST = """
Eini Aarno Hildur Runar Ragnhild Gunborg Britta Dagny Alvar Verner Rurik Torvald Vilgot Alvin Svea
Dagmar Lova Gittan Kickan Majsan Mackan Ankan Lisen Fidde Pimpi Aoife Niamh Saoirse Siobhán Orla
Róisín Roisin Clodagh Caoimhe Aisling Sinéad Sinead Gráinne Eimear Deirdre Cian Oisín Oisin
Pádraig Padraig Seán Sean Ciarán Ciaran Eoin Darragh Cathal Colm Tadhg Ronan Fionn Conor Niall
Dónal Donal Declan Finbar Rory Kwabena Kojo Kwaku Kwesi Akosua Abena Afua Adwoa Efua Olumide
Oluwaseun Seun Babatunde Femi Funmi Folake Yetunde Bisi Bolaji Chinedu Chioma Chiamaka Nnamdi
Obinna Ifeoma Adaeze Uchenna Amaka Ikenna Kelechi Tobi Temitope Ayodele Abimbola Damilola
Adebayo Adeyemi Okonkwo Mensah Osei Asante Boateng Owusu Ndiaye Diallo Fatou Moussa Mamadou
Aminata Ousmane Ibrahima Cheikh Sékou Seydou Mariama Abdulrahman Abdelrahman Abdallah Abdulaziz
Abdelkader Abdou Moustafa Mahmud Yousef Youssef Yasin Yassin Bilal Khaled Karim Kareem Nabil
Adel Jamil Nasser Faisal Fawzi Hani Imad Issa Jalal Munir Nader Nour Noor Rana Dina Dalia Doaa
Esraa Israa Fatma Aysha Amira Asma Bushra Dunya Ghazal Hanaa Huda Inas Lamis Nada Najla Noura
Ruqaya Safa Salma Samira Suha Wafa Yasmine Zaynab Rawand Rojda Berivan Zana Hêvî Azad Rojhat
Baran Bahoz Dilovan Diyar Hozan Kardo Rekan Rebaz Sherzad Zirak Zhilwan Avin Evin Havin Nazdar
Nishtiman Rozhin Tara Viyan Xezal Zhino Xaliimo Cawo Caasha Xamar Xuseen Cumar Cali Maxamed
Maxamuud Axmed Ibraahim Yuusuf Ismaaciil Saciid Fu'aad Suad Suaad Nimo Idil Ubax Ilwad Hibo
Maricel Marites Rodelio Jomar Jhun Jun-Jun Rosalinda Lorna Analyn Jenalyn Mylene Marivic Jericho
Rommel Arnel Ramil Jonel Jeric Aileen Cherry Rhea Liezel Angelou Jhoanna Kristine Cristine
Rhodora Marilou Evangeline Erlinda Gerlie Mariel Rizalyn Nattaya Naruemon Suda Sudarat Wilai
Achara Pimchanok Duangjai Rattana Somporn Saowalak Quang Duc Minh Thuy Phuong Hien Khanh Vinh
Hieu Jing Ying Xiao Ming Chen Zhang Yang Huang Zhao Zhou Olha Lyudmyla Tetyana Nataliya
Viktoriya Daryna Polina Yevhen Oleh Ihor Vitalii Artem Danylo Bohdana Solomiia Zlata Myroslava
Khrystyna Uliana Sveta Nataša Natasa Tamara Ludmila Zoja Raisa Jekaterina Jevgeni Sergej Aleksej
Oleg Gennadi Fjodor Jess Jessie Becca Beth Chanel Summer Poppy Daisy Maisie Millie Tilly Evie
Freya Isla Keira Kayleigh Shannon Siân Bethan Rhys Gareth Owain Dafydd Hamish Fraser Angus Ewan
Struan Kirsty Morag Mhairi Eilidh
"""
EIGHTH_AMBIGUOUS = _words(
    """
Svea Lova Sean Cherry Summer Dina Tara Nada Rana Safa Issa Cali Jericho Daisy Poppy Holly Ivy
Joy Avin Evin Baran Nora Vera Tor Stig Britt
"""
)
FIRST_NAMES = FIRST_NAMES | _words(EIGHTH_NAMES_FIRST)
ALL_NAMES = FIRST_NAMES | SURNAMES
AMBIGUOUS = AMBIGUOUS | EIGHTH_AMBIGUOUS
# Medicines that feedback names ("Panadol auttoi", "Marevan-annos", "Oxynorm helped"), brand
# and generic names in use in Finland and Sweden, written from general knowledge: a capitalised
# word no dictionary knows before "helped" or "oli hyvä" is no person when it is one of these.
MEDICINES = _words(
    """
Panadol Panodil Pamol Paracetamol Burana Ibumax Ibuprofen Ibusal Ipren Naproxen Pronaxen
Voltaren Arcoxia Celebra Aspirin Disperin Primaspan Trombyl Marevan Waran Warfarin Eliquis
Xarelto Pradaxa Lixiana Brilique Plavix Furesis Furosemid Spiridon Emconcor Bisoprolol
Metoprolol Seloken Bloxazoc Amlodipin Norvasc Enalapril Ramipril Losartan Candesartan Atacand
Simvastatin Atorvastatin Lipitor Crestor Metformin Diformin Glucophage Januvia Jardiance
Forxiga Ozempic Trulicity Victoza Lantus Levemir Novorapid Humalog Toujeo Tresiba Insulin
Levaxin Thyroxin Euthyrox Sertralin Sertraliini Zoloft Cipralex Escitalopram Citalopram
Mirtazapin Remeron Venlafaxin Efexor Duloxetin Cymbalta Ketipinor Seroquel Quetiapin Risperdal
Abilify Zyprexa Diapam Opamox Oxepam Tenox Imovane Zopiclone Melatonin Circadin Donepezil
Aricept Memantin Ebixa Madopar Sinemet Lyrica Pregabalin Neurontin Gabapentin Tramal
Tramadol Oxynorm Oxycontin Panacod Panacodia Kodein Morfin Norspan Durogesic Concerta
Elvanse Medikinet Ritalin Strattera Ventoline Buventol Airomir Atrovent Spiriva Seretide
Symbicort Pulmicort Flixotide Airflusal Omeprazol Losec Somac Pantoprazol Nexium Movicol
Laxoberon Duphalac Imodium Zyrtec Aerius Kestine Loratadin Cetirizin EpiPen Prednisolon
Medrol Hydrocortison Elocon Locoid Fucidin Canesten Amorion Kåvepenin Heracillin Doxal
Keflex Zithromax Ciproxin Trimetoprim Valtrex Tamiflu Xalatan Lantus Ventolin Lasix
"""
)
# Colleagues and neighbours, after whom a name follows as after a relative ("kollegani Mart").
RELATION_WORDS = RELATION_WORDS | _words(
    "kollega kollegani kolleganne työkaveri työkaverini kollegor kollegan kollegorna colleague"
    " coworker co-worker workmate grannen granne naapuri naapurini neighbour neighbor"
)


# Names from many countries (see `masking_register`): weak names, hidden only where an everyday
# word that is also a name would be (capitalised mid-sentence, beside a name, after a cue), and
# never in lower case. The names above keep the status given them by hand.
_REGISTER_GIVEN, _REGISTER_FAMILY = register_names()
# Other countries' names that feedback uses as words (generated; see masking_register).
REGISTER_WORDS = word_clashes()
# Words that some country's list holds as a name but that feedback in Finland writes as words:
# months, languages and peoples, services, and common words of the three languages.
NOT_NAMES_HERE = _words(
    """
January February March April May June July August September October November December
English Finnish Swedish Russian Arabic Somali Latin Muslim Christian Jewish African American
Asian European Nordic Sami Finns Swedes North South East West Northern Southern
Kanta Mina Kanta-sidor Oma Apotti Terveystalo Mehiläinen Pihlajalinna Attendo Esperi Mainio
Parkinson Parkinsons Alzheimer Downs Crohn Asperger Tourette Covid Korona
Skoda Toyota Honda Ford Mercedes Volvo Nissan Mazda Subaru Suzuki Opel Renault Peugeot Citroen
Fiat Tesla Audi Porsche Chevrolet Hyundai
York London Paris Berlin Boston Dallas Sydney Chicago Mora Levi Ruka Vuokatti Ylläs Tahko Nokia
"""
)
REGISTER_ONLY = (
    (_REGISTER_GIVEN | _REGISTER_FAMILY)
    - ALL_NAMES
    - NOT_NAMES_HERE
    - REGISTER_WORDS
    - (TITLES | PLACES | PLACES_WITH_NAME_ENDINGS | HOLIDAYS | RELATION_WORDS | THANKS | SIGN_OFFS)
    - (WEAK_SIGN_OFFS | NAME_LABELS | NAME_PARTICLES | NAMING_WORDS)
)
REGISTER_SURNAMES = _REGISTER_FAMILY & REGISTER_ONLY
# Names that are also everyday words in feedback, which a name in lower case, alone in capitals,
# closing a text or after thanks must not take ("mulla on maha kipeä", "IHAN KAMALA", "vägarna
# är hala", "needs a walker", "Erinomainen!"). A closed list, from the review of the seventh
# round and general knowledge: a dictionary (simplemma's) knows most common given names as
# lower-case words too (matti, mikko, lars), so it cannot tell these apart.
NAME_WORDS = _words(
    """
Maha Kamala Alan Tapani Aimo Urpo Rima Maja Salla Linnea Koivula Anttila Lada Ladan Vappu
Tuulia Ilves Kivinen Mäkinen Keskinen Sirkku Esko Hilja Taisto Kaino Ilona Orvokki Unto Onni
Hala Karen Nisse Olja Koppel Mickey Harry Walker Griffin Gibson Smith Runeberg Mannerheim Wilma
Erinomainen Täydellinen Tyytyväinen Vihainen Surullinen Kiitollinen Ledsen Mehiläinen
"""
)
# Every name that simplemma's fi, sv or en dictionary knows as a lower-case word (generated at
# development time, see masking_register.name_words): broad, since those dictionaries hold most
# common given names too (matti, mikko, lars), so it guards only the rules that have no cue (a
# name anywhere in a text typed in lower case, a name alone in capitals).
DICTIONARY_WORDS = name_words()
# Every given name of the register, the everyday words among them too ("Jasmin", "May", "Sam"):
# right before a surname found they are given names ("Jasmin Reyes", "May Chen").
REGISTER_GIVEN_ANY = (
    _REGISTER_GIVEN
    - NOT_NAMES_HERE
    - (TITLES | PLACES | PLACES_WITH_NAME_ENDINGS | HOLIDAYS | RELATION_WORDS | THANKS | SIGN_OFFS)
    - (WEAK_SIGN_OFFS | NAME_LABELS | NAME_PARTICLES | NAMING_WORDS)
)
