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
Jesse Leena Laura Anna Anne Helena Alice Astrid
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
