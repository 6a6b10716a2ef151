"""The ninth round's rules (docs/MASKING.md, "Ninth round"): dates of birth, maiden names,
Vietnamese and Cyrillic names, numbers after more words for someone's number, plates and IBANs
written with spaces, initials of three letters and hyphenated pairs, addresses with the postal
code first or the number first, villages of Kainuu, nicknames after "called her", "vi säger" and
"call me", names on forms' person labels, names in a list of names, a given name in the genitive
before a relative, appositions, what a person does, thanks, families in the plural, the eighth
round's name lists and medicines. Each found case is paired with ordinary text the rule must
leave alone."""

from __future__ import annotations

from kuulu.core.tests.masking_cases import found_and_kept

FOUND = [
    # dates of birth after a word that says so
    ("Namn: Ingrid Wikström\nFödd: 12.04.1946", "Namn: [nimi] [nimi]\nFödd: [tunniste]"),
    ("Patient: Jonas Weber, born 03.05.1992.", "Patient: [nimi] [nimi], born [tunniste]."),
    ("DOB: 1990-08-21, phone later", "DOB: [tunniste], phone later"),
    ("Heikki s. 15.6.1950 tarvitsee reseptin", "[nimi] s. [tunniste] tarvitsee reseptin"),
    ("Född: 030352\nÄrende: faktura", "Född: [tunniste]\nÄrende: faktura"),
    # a maiden name
    (
        "Nimeni on Helmi Lindqvist (o.s. Hagert) ja olen",
        "Nimeni on [nimi] [nimi] (o.s. [nimi]) ja olen",
    ),
    # Vietnamese names by their middle name, in any case
    ("Mẹ tôi Nguyễn Thị Lan ei ymmärrä", "Mẹ tôi [nimi] [nimi] [nimi] ei ymmärrä"),
    ("min pappa nguyen van long att boka", "min pappa [nimi] [nimi] [nimi] att boka"),
    # Cyrillic names that do not open a sentence, or open it before another
    ("Добрий день. Я Олена Коваленко. Minä", "Добрий день. Я [nimi] [nimi]. Minä"),
    ("Thank you, dentist. Від Тарас.", "Thank you, dentist. Від [nimi]."),
    ("Мене звати Ірина Петренко, я живу в Каяані.", "Мене звати [nimi] [nimi], я живу в Каяані."),
    # numbers after more words that make them someone's
    ("Customer no. 600-142-77, invoice 88012.", "Customer no. [tunniste], invoice [tunniste]."),
    ("My employee number 40218.", "My employee number [tunniste]."),
    ("Mitt anställningsnummer är 40551.", "Mitt anställningsnummer är [tunniste]."),
    ("Asia koskee laskua nro 4480091230, kiitos", "Asia koskee laskua nro [tunniste], kiitos"),
    ("Fakturanr 77012. Gäller fakturan.", "Fakturanr [tunniste]. Gäller fakturan."),
    ("Patient ID KH-0045871, appointment ref 99213.", "Patient ID [tunniste], appointment ref [tunniste]."),
    ("den tyska Steuer-ID 12 345 678 901. Vilken", "den tyska Steuer-ID [tunniste]. Vilken"),
    # a plate with a space, an IBAN with a space after the country
    ("En bil med registreringsnummer GHT 27P står där", "En bil med registreringsnummer [tunniste] står där"),
    ("Till konto FI 42 7997 7990 0012 33 tack.", "Till konto [tunniste] tack."),
    # initials
    ("can't make it. J.K.O.", "can't make it. [nimi]"),
    ("Hälsningar M-L.S.", "Hälsningar [nimi]"),
    ("Hälsningar, B-M.L.", "Hälsningar, [nimi]"),
    ("via min kompis: sofie.ahl@gmail.com. /M.", "via min kompis: [sähköposti]. /[nimi]"),
    ("Kiitos M. Pulliaiselle avusta.", "Kiitos [nimi]. [nimi] avusta."),
    # addresses: the postal code first, the number first, a village after the address
    ("Uusi osoite: 87100 Kajaani, Lönnrotinkatu 22 A 3. Vanha", "Uusi osoite: [osoite]. Vanha"),
    ("He lives at 14 Linnankatu B 6, 87100 Kajaani. I", "He lives at [osoite]. I"),
    ("I live at 5 Kauppakatu in Kajaani.", "I live at [osoite] in Kajaani."),
    ("Käynnit osoitteeseen Katinkullantie 15 C, Vuokatti ovat myöhässä.", "Käynnit osoitteeseen [osoite] ovat myöhässä."),
    # nicknames
    ("Min fru Naruemon (vi kallar henne Noi) behöver tolk", "Min fru [nimi] (vi kallar henne [nimi]) behöver tolk"),
    ("the night nurse (called her kaija?) shouted", "the night nurse (called her [nimi]?) shouted"),
    ("Mamma Majken – vi säger Majsan – fyllde 100 år", "Mamma [nimi] – vi säger [nimi] – fyllde 100 år"),
    # a person's label on a form
    ("Äiti: Hilkka Leinonen, Kajaani. Tytär: Maria Lind.", "Äiti: [nimi] [nimi], Kajaani. Tytär: [nimi] [nimi]."),
    # a list of names
    ("from: aileen, jomar, cherry & rey", "from: [nimi], [nimi], [nimi] & [nimi]"),
    (
        "Kiitos Kristiina, Juha-Matti, Minttu, Sauli ja Eveliina – ensihoito",
        "Kiitos [nimi], [nimi], [nimi], [nimi] ja [nimi] – ensihoito",
    ),
    # a given name in the genitive before a relative, and where it stands alone
    (
        "Dag kom hem från sjukhuset i dag. Dags dotter tackar personalen",
        "[nimi] kom hem från sjukhuset i dag. [nimi] dotter tackar personalen",
    ),
    ("Love fick sina vaccinationer. /Loves mamma", "[nimi] fick sina vaccinationer. /[nimi] mamma"),
    # a word set off by commas beside a title or a relative, an age in brackets
    ("The nurse, Chibuzo, was kind.", "The nurse, [nimi], was kind."),
    ("Hoitaja, Nnaemeka, oli tosi ystävällinen.", "Hoitaja, [nimi], oli tosi ystävällinen."),
    ("Penny, the receptionist at the clinic, was rude.", "[nimi], the receptionist at the clinic, was rude."),
    ("Vilja, vår dotter, fick sina vaccin", "[nimi], vår dotter, fick sina vaccin"),
    ("Meidän Pikkis (Elsa, 3 v) pelkäsi", "Meidän [nimi] ([nimi], 3 v) pelkäsi"),
    # what a person does or is
    ("Oluchi said the doctor would call.", "[nimi] said the doctor would call."),
    ("Oluchi sanoi että lääkäri soittaa.", "[nimi] sanoi että lääkäri soittaa."),
    ("Oluchi was so kind to my mum.", "[nimi] was so kind to my mum."),
    # names of the eighth round's lists
    ("Soitin Runarille ja Hildurille eilen.", "Soitin [nimi] ja [nimi] eilen."),
    # a nickname after "call me", a name in brackets after a relative, a second name after "eli"
    ('My colleagues call me "Siru". I want', 'My colleagues call me "[nimi]". I want'),
    ('kollegor kallar mig bara "Ressu". Jag', 'kollegor kallar mig bara "[nimi]". Jag'),
    ("Isä (Aarno) kotiutettiin perjantaina", "Isä ([nimi]) kotiutettiin perjantaina"),
    ("Meidän Kalle eli Kallu oli teillä", "Meidän [nimi] eli [nimi] oli teillä"),
    # a family by its surname in the plural
    ("Kirjoitan Kemppaisten puolesta.", "Kirjoitan [nimi] puolesta."),
    ("Meidän perhe, Heikkiset, on odottanut", "Meidän perhe, [nimi], on odottanut"),
    # two initials joined by a hyphen
    ("Lääkäri oli osaava. – K-P", "Lääkäri oli osaava. – [nimi]"),
    ("Från H-G & M-L Fagerström", "Från [nimi] & [nimi]"),
    ("erityisesti A-M:lle joka istui", "erityisesti [nimi] joka istui"),
    # more numbers: an appointment's, a bare "faktura", a British National Insurance number
    ("appointment ID 553201. I", "appointment ID [tunniste]. I"),
    ("Kundnummer 3301-778, faktura 88123. Jag", "Kundnummer [tunniste], faktura [tunniste]. Jag"),
    ("number QQ 12 34 56 C but", "number [tunniste] but"),
    # a flat before an address in English order, and a town after it
    ("Send to: Flat 5B, 22 Kauppakatu, 87100 Kajaani, Finland", "Send to: [osoite], Finland"),
    ("We live at 14 Vuokatintie, Sotkamo (the yellow house).", "We live at [osoite] (the yellow house)."),
    ("from Apt 5, 12 Kalliokatu, Kajaani to 7B Lehtikuja, 88600 Sotkamo.", "from [osoite] to [osoite]."),
    ("I live at 22 Kauppakatu, flat 3, 87100 Kajaani, 2nd floor.", "I live at [osoite], 2nd floor."),
    # emails with spaces, or with a country after "co"; digits spaced out with dashes
    ("reply to j.doe1975 at yahoo dot co dot uk", "reply to [sähköposti]"),
    ("sähköpostiin pekka . virtanen @ hotmail . com kiitos", "sähköpostiin [sähköposti] kiitos"),
    ("Mitt nummer: 0 4 4 - 7 1 2 - 3 3 4 5. Hälsningar", "Mitt nummer: [puhelin]. Hälsningar"),
    # a card by its last digits, a passport, a family after "Fam."
    ("Betalade med kort som slutar på 4471 och", "Betalade med kort som slutar på [tunniste] och"),
    ("Russian passport 75 1234567. Please", "Russian passport [tunniste]. Please"),
    ("Shukran! / Fam. Al-Masri, Kajaani", "Shukran! / Fam. [nimi], Kajaani"),
    # "my name's", initials after a title, a hyphenated pair after thanks or a relative, capitals
    # closing the text after a dash
    ("My name's Tharshini Sivakumar, I'm", "My name's [nimi] [nimi], I'm"),
    ("poliklinikan hoitaja J.K. lupasi soittaa", "poliklinikan hoitaja [nimi] lupasi soittaa"),
    ("Tack till K-G på hemvården", "Tack till [nimi] på hemvården"),
    ("Lapsen isä J-P ei saa hakea", "Lapsen isä [nimi] ei saa hakea"),
    ("asia koskee isän apuvälineitä. -MK", "asia koskee isän apuvälineitä. -[nimi]"),
]  # fmt: skip

KEPT = [
    # dates that are no one's birth, a birth year alone
    "Kävin 15.6.2024 vastaanotolla, syntynyt vuonna 1950, (b. 1946)",
    "Sivu s. 12 ja ref 2024",
    # words after "o.s." that are no names
    "Hinta o.s. Kiitos",
    # Cyrillic greetings, places and words opening a sentence
    "Добрий день! Дякую. Я з Києва.",
    "Здравствуйте! Спасибо за помощь.",
    # amounts and years after the new words
    "an invoice 1200 € for a night",
    "The invoice 2024 was wrong",
    "Lasku nro 12 oli väärin",
    # capital letters with a space that are no plates, and no IBAN
    "the car was 30 minutes late",
    "budjetti on 1500000000 euroa",
    # abbreviations of three letters, a letter in a plan or a vitamin
    "Born in the U.S.A. and P.P.S. thanks",
    "plan A/B",
    "Ota vitamiini D",
    # a number before a street with nothing that makes it an address
    "Tulin kello 10 Kauppakadulle ja bussi 4 Kauppakatu oli myöhässä.",
    "Klo 12 Kajaanintie oli tukossa.",
    # a village in any case form
    "Asun Vuokatissa ja käyn Vuolijoella.",
    # "called him" before a word
    "I called her Monday and she called him Back",
    "vi säger att det är bra",
    "They called her Doctor",
    # a person's label before ordinary words
    "Äiti: Kiitos hyvästä hoidosta",
    "Potilas: Hyvä hoito, mutta",
    "Mother: Very happy with the care",
    "Asiakas: Tyytyväinen palveluun",
    "Pappa: Diabetes, 80 år",
    "Patient: Male, 80",
    # a list with ordinary words in it
    "Kiitos lääkärit, hoitajat ja kaikki muut",
    "Kipu, kuume ja yskä",
    # a genitive before a relative that is a verb or no name
    "Toivon äitini paranevan pian.",
    "Det är dags för mamma att åka",
    # commas beside titles with no name between
    "Kiitos, hoitaja, olit ihana.",
    "Kajaani, the town, is nice.",
    "Tyvärr, vår läkare var sjuk",
    "Thanks, nurse, for everything.",
    # medicines and apps do things too; units are thanked
    "Panadol was so nice",
    "Oxynorm helped a lot",
    "Marevan oli hyvä.",
    "Kiitos Hyvinvointialueelle ja Kotihoidolle!",
    "Kiitos Teho-osastolle.",
    # "call me" before a plain word
    "please call me Back",
    # peoples in the plural, initials of a test
    "Suomalaisten palvelut ja Kainuulaisten asiat",
    "A-B testi ja B-ovi",
    # an inflected name that is a word
    "3 Main St shops.",
    # "J.K." (P.S. in Finnish) with no title before it, capitals that are words after a dash
    "Hyvä hoito. J.K. Soittakaa",
    "Hyvä. - OK",
    "Tack till alla - EU",
    # an at sign between words, digits spaced after a clock time
    "We meet at 5 @ the cafe . com",
    "Klo 9 - 1 2 3 ja 4 5 6 7 8",
]


test_found, test_kept = found_and_kept(FOUND, KEPT)
