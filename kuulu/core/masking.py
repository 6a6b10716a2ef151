"""Masking of personal data in free text before it is shown publicly or used in analytics.

No Django imports: `mask_text(text, names=..., labels=..., keep=...)` returns a `MaskResult` with the
masked text and the findings (kind, start, end in the original text).

What is found, in this order of precedence when two findings overlap (the first one wins,
and at the same start the longer one):

1. **Email addresses** (`email`).
2. **Finnish personal identity codes** DDMMYYCZZZQ: a date, a century sign (``+`` 1800s;
   ``-`` ``Y`` ``X`` ``W`` ``V`` ``U`` 1900s; ``A``-``F`` 2000s), a three-digit individual
   number and a check character, the remainder of the nine-digit number DDMMYYZZZ divided by 31
   as an index into ``0123456789ABCDEFHJKLMNPRSTUVWXY``. Only a real date with the right check
   character is an ``identity_code``. Anything else of the same shape (a wrong check character,
   an impossible date) is a ``possible_identity_code`` and is masked too: a code with a typo
   still identifies its owner to anyone who knows them, and a reference number of exactly this
   shape is rare in feedback. Both get the same public token, so the masked text does not tell
   a valid code from a mistyped one. Codes glued to letters or digits ("ABC131052-308T9") are
   not matched: that is a product or reference code, not a person.
3. **Phone numbers** (`phone`): international ``+358 40 123 4567``, ``+46 70 123 45 67``
   (8 to 15 digits) and national ``040-123 4567``, ``09 123 4567``, ``(09) 1234 567``
   (a leading zero, 7 to 12 digits, groups separated by single spaces or hyphens). Dates
   (``12.3.2024``) and years (``2023-2024``) do not start with ``0`` or ``+`` and are left alone.
4. **Personal names** (`name`): names the caller gives (the customer's name, the unit's staff)
   in any letter case, and the built-in common Finnish and Swedish first names and surnames in
   `masking_names` when capitalised. Simple inflected forms are matched too ("Virtaselle",
   "Annan", "Anderssons"); forms with consonant gradation ("Pekan" for Pekka) are not. A
   capitalised word right after a title ("hoitaja", "läkare", "doctor") is masked as a name
   even if it is on no list.

Precision trade-offs, on purpose: recall matters more than precision for privacy, so a place
named like a person ("Salo", "Mäkelä") is masked when capitalised. The other way round, names
that are everyday words ("Toivo" = hope, "Kivi", "Berg", "Rose") are masked only when
capitalised mid-sentence or next to another name ("Toivo Mäkinen"); at the start of a sentence
on their own they are taken as words ("Toivo on, että..."). A name written in lower case is
masked only when the caller gave it. Names not on the lists and without a title are missed:
feedback shown publicly is still read by a person before publication.

Since issue 15 (see docs/MASKING.md for the full rules and the evaluation): obfuscated emails
(`name(at)domain.fi`, `name at domain dot com`) count as emails; **street addresses**
(`address`, precedence after emails) with a house number and perhaps staircase, flat, post office
box and postal code, in Finnish and Swedish, are masked, except those in `keep` (the county's own
unit addresses, matched by street and house number); more phone formats; English names; names
after compound or definite occupations, naming words and sign-offs; never a word in shouting,
a pronoun, or a new sentence after a title.

Tokens are neutral and translatable: pass `labels` to replace the Finnish defaults.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kuulu.core import masking_tagger
from kuulu.core.masking_names import (
    ALL_NAMES,
    AMBIGUOUS,
    DICTIONARY_WORDS,
    FINNISH_SURNAME_ENDINGS,
    FIRST_NAMES,
    HOLIDAYS,
    INTRODUCTIONS,
    MEDICINES,
    NAME_LABELS,
    NAME_NOUNS,
    NAME_PARTICLES,
    NAME_PARTICLES_LOWER,
    NAME_VERBS,
    NAME_WORDS,
    NAMING_WORDS,
    NOT_NAMES_HERE,
    PERSON_LABELS,
    PLACES,
    PLACES_WITH_NAME_ENDINGS,
    REGISTER_GIVEN_ANY,
    REGISTER_ONLY,
    REGISTER_SURNAMES,
    REGISTER_WORDS,
    RELATION_WORDS,
    SIGN_OFFS,
    SURNAMES,
    SWEDISH_SURNAME_ENDINGS,
    THANKS,
    TITLE_ENDINGS,
    TITLES,
    WEAK_SIGN_OFFS,
    word_set,
)

_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)
# A title typed with one letter missing ("hoitja", "lääkri"), for titles of six letters or more.
_TITLE_TYPOS = (
    frozenset(t[:k] + t[k + 1 :] for t in _TITLE_WORDS if len(t) >= 6 for k in range(len(t)))
    - _TITLE_WORDS
)

IDENTITY_CODE = "identity_code"
POSSIBLE_IDENTITY_CODE = "possible_identity_code"
PHONE = "phone"
EMAIL = "email"
NAME = "name"
ADDRESS = "address"
REFERENCE = "reference"  # a customer, patient or card number, a bank account, a car's plate

DEFAULT_LABELS: Mapping[str, str] = {
    IDENTITY_CODE: "[henkilötunnus]",
    POSSIBLE_IDENTITY_CODE: "[henkilötunnus]",
    PHONE: "[puhelin]",
    EMAIL: "[sähköposti]",
    NAME: "[nimi]",
    ADDRESS: "[osoite]",
    REFERENCE: "[tunniste]",
}

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_IDENTITY = re.compile(
    r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2}) ?([-+A-FU-Y\u2010\u2011\u2013\u2212]) ?(\d{3})([0-9A-Y])"
    r"(?![0-9A-Za-z])",
    re.IGNORECASE,
)
# A code typed with a space for its century sign ("160281 241L"): a code only when the date is
# real and the check character agrees.
_IDENTITY_WITHOUT_SIGN = re.compile(
    r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2}) (\d{3})([0-9A-Y])(?![0-9A-Za-z])", re.IGNORECASE
)
# A number the writer calls the switchboard is the county's public one ("vaihteen kautta 08 615
# 61", "the switchboard 08 615 61"): it stays, as 112 and 116 117 do.
_SWITCHBOARD = re.compile(
    r"\b(?:vaihde|vaihteen|vaihteesta|vaihteeseen|switchboard|växel|växeln|växelns)"
    r"(?:\s+(?:numero|numerosta|numeroon|nummer|number|nro|nr|on|oli|är|is|kautta|via))*\s*:?\s*$",
    re.IGNORECASE,
)
# Finland's national service numbers (free, business and agency numbers): no person's.
_SERVICE_NUMBER = re.compile(r"0(?:800|600|700)(?![\d])")
# A landline (an area code, not a mobile prefix) after words that name a service or a unit
# ("Ajanvaraus 08 6156 4100", "numerosta 08 6156 4100 ma–pe", "Osaston puh. 08 6156 5530",
# "Kriisipuhelin 09 2525 0111"); not after words that make it someone's ("kotinumero", "my").
_MOBILE_PREFIX = re.compile(r"0(?:4\d|50)")
_SERVICE_BEFORE = re.compile(
    r"(?<![\w-])(?:ajanvara|vaihde|vaihtee|laskutu|neuvola|vastaanot|"
    r"päivystys|osaston|ward|avdelning|terveysasem|hälsocentral|health\s+cent|palveluohjau|"
    r"kundtjänst|customer\s+service|asiakaspalvelu|kriisi|crisis|tidsbokning|appointment|"
    r"booking|sairaalan|hospital|sjukhus|tuki|support|helpdesk|jour|clinic|klinik|"
    r"hammashoito|tandvård|dental|kuntoutu|rehab|sosiaali|social|lab|röntgen|myrkytys|"
    r"poison|palvelu|service|"
    # a number the writer called or tried ("soitin 08 6156 7000 ei vastaa", "jag ringer 08 …",
    # "called 08 …, no answer", "Numret 08 … svarar inte"): someone else's, a service's
    r"soitin|soitan|soitettiin|ringde|ringer|ringt|called|calling|rang|tried|yritin|"
    r"numeroon|numerosta|numret|tilausnumero)",
    re.IGNORECASE,
)
_PERSONAL_BEFORE = re.compile(
    r"\b(?:koti\w*|mun|minun|minulle|mulle|mua|my|me|min|mitt|mig|mej|hem\w*|home|mobile|"
    r"kännykkä|känny|gsm|oma|omaan|hänen|his|her|hans|hennes|työ\w*|work|arbete\w*|jobb\w*|"
    r"direct|suora|tavoit\w*|reach|nå|contact|ota|ottakaa|yhteyttä|yhteydeno\w*|\w+ni)\b",
    re.IGNORECASE,
)


def _public_number(text: str, finding: Finding) -> bool:
    """A national service number, or a landline after words that name a service or a unit and
    none that make it someone's (within the same line, 40 characters before it)."""
    number = text[finding.start : finding.end].lstrip("(+ ")
    line_start = text.rfind("\n", 0, finding.start) + 1
    before = text[max(line_start, finding.start - 40) : finding.start]
    # only the words since the last separator or number ("Työpuh. 044 … | Osaston puh. 08 …")
    before = re.split(r"[|;•:\d]|[.!?]\s+(?=[A-ZÅÄÖ])", before)[-1]
    if _PERSONAL_BEFORE.search(before) or any(
        _is_relation(w.casefold())
        or _is_relation(w.casefold()[:-1])
        # a person named before it ("Soitin Annalle numeroon 08 …", "Call Edward on 09 …")
        or (_is_capitalised(w) and _matches_name(w.casefold(), ALL_NAMES))
        or (_is_capitalised(w) and w.casefold() in REGISTER_GIVEN_ANY)
        for w in re.findall(r"\w+", before)
    ):
        return False  # "Yritykseni numero 0800 …", "Kotona 08-6171 234", "isän numerosta 08 …"
    if _SERVICE_NUMBER.match(number):
        return True
    if not re.match(r"\(?0[1-9]", text[finding.start : finding.end]) or _MOBILE_PREFIX.match(
        number
    ):
        return False  # a mobile, or a number with a country code ("00358 40 …", "+358 …")
    return bool(_SERVICE_BEFORE.search(before))


# A phone number's extension: "020 634 1100/245", "09 4567 8900 ankn. 312", "08-6155 4400 ext 17".
_PHONE_EXTENSION = re.compile(
    r"(?: ?/ ?| (?:ankn|ank|ext|alanumero|anknytning|extension)\.? ?)(?!0)\d{1,4}(?![\d,.]\d| \d)",
    re.I,
)
# "+358 40 ...", "00358 40 ...", "(+358) 40 ..."; groups separated by spaces, hyphens or dots.
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}|\(\+\d{1,3}\)|00\d{1,3})(?:[ -]?\(0\))?(?:[ .-]?\d){6,14}(?!\d)"
)
# A North American number with its area code in brackets ("(218) 555-0147").
_BRACKETED_AREA_PHONE = re.compile(r"(?<![\w(])\(\d{3}\)\s?\d{3}[-.\s]\d{4}(?!\d)")
# "care of" before the person a letter goes through ("c/o Lindgren, Torggatan 3").
_CARE_OF = re.compile(
    r"(?<![\w/])c/o\s+(?P<name>(?-i:[A-ZÅÄÖ])[\w'-]+(?:\s+(?-i:[A-ZÅÄÖ])[\w'-]+)?)", re.I
)
# "040 123 4567", "puh.040-1234567" (a dot after a word is fine, after a digit it is a decimal).
_NATIONAL_PHONE = re.compile(
    r"(?<![\w+,/])(?<!\d\.)(?:\(0\d{1,3}\)|0\d{1,3})(?:(?: ?/ ?(?!0)| ?[\u2013-] ?|  ?|\.)?\d){5,10}(?![\d])"
)
# "+1 (415) 555-0132": an area code in brackets after the country code.
_INTERNATIONAL_PHONE_AREA = re.compile(
    r"(?<![\w+])\+\d{1,3}[ .-]?\(\d{1,4}\)(?:[ .-]?\d){5,12}(?!\d)"
)
# Obfuscated addresses: "liisa(at)example.fi", "pekka[at]posti.fi", "mary dot smith at mail dot
# com". The top-level domain must be a known one so that ordinary " at " prose is left alone.
_TLDS = "fi|ax|se|no|dk|ee|de|eu|com|net|org|info|io|uk|ru|nu|me|co"
_OBFUSCATED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w+-]+(?:(?:\.|\s*[(\[](?:dot|piste|punkt)[)\]]\s*|\s(?:dot|piste|punkt)\s)[\w+-]+)*"
    r"(?:\s*(?:\(at\)|\[at\]|\{at\}|\(ät\)|\[ät\]|\(a\)|\[a\]|\(snabel[- ]?a\))\s*|\s(?:at|ät|miukumauku|snabel-?a)\s)"
    r"[\w-]+(?:(?:\.|\s*[(\[](?:dot|piste|punkt)[)\]]\s*|\s(?:dot|piste|punkt)\s)[\w-]+)*?"
    r"(?:\.|\s*[(\[](?:dot|piste|punkt)[)\]]\s*|\s(?:dot|piste|punkt)\s)(?:"
    + _TLDS
    + r")(?![\w-])",
    re.IGNORECASE,
)
# An address written with spaces around its dots and its at sign ("pekka . virtanen @ hotmail .
# com").
_SPACED_EMAIL = re.compile(
    r"(?<![\w.+-])[\w+-]+(?: ?\. ?[\w+-]+)* ?@ ?[\w-]+(?: ?\. ?[\w-]+)* ?\. ?(?:"
    + _TLDS
    + r")(?![\w-])",
    re.IGNORECASE,
)
_MAIL_PROVIDERS = frozenset(
    [
        "gmail",
        "hotmail",
        "outlook",
        "live",
        "msn",
        "yahoo",
        "icloud",
        "me",
        "mail",
        "gmx",
        "web",
        "protonmail",
        "proton",
        "luukku",
        "suomi24",
        "kolumbus",
        "elisanet",
        "saunalahti",
        "kotiposti",
        "netti",
        "dnainternet",
        "pp",
        "inet",
        "jippii",
        "telia",
        "aol",
        "yandex",
    ]
)
_AT_WORD = re.compile(
    r"[(\[{]\s*(?:at|ät|a|snabel[- ]?a)\s*[)\]}]|\b(?:at|ät|miukumauku|snabel-?a)\b", re.I
)
# Dates such as 01.02.2026 look like dotted phone numbers; they are not personal data.
_DATE_LIKE = re.compile(r"\d{1,2}([./])\d{1,2}\1(?:\d{4}|\d{2})")
# "358 40 123 4567": the country code without its plus sign.
_BARE_COUNTRY_PHONE = re.compile(r"(?<![\w+])358(?:[ -]?\d){8,10}(?!\d)")
# A number that names a person's record: after a word that says so ("asiakasnumeroni on
# 4471920", "klientnummer är 553107", "patient number: 2025-118"), with at least four digits.
_RECORD_WORDS = (
    r"(?:asiakas|potilas|asiakkuus|henkilöasiakas|jäsen|vakuutus|kela-kortin\s+|kelakortin\s+)"
    r"numero\w*|(?:kund|klient|patient|medlems|försäkrings)nummer\w*|"
    r"(?:fpa|kela)-kortets\s+nummer|\w*kort(?:in|tini|tisi)\s+numero|kortnumret|kortnummer\w*|"
    r"asiakasnro|potilasnro|klientnr|kundnr|patientnr|lupanumero\w*|tillståndsnummer\w*|"
    r"permit\s+number|(?:opiskelija|lähete|oleskelulupakortin|oleskelulupa|henkilö)numero\w*|"
    r"oleskelulupakortti\s+numero|(?:student|remiss|person|personal)nummer\w*|"
    r"(?:student|referral|residence\s+permit|personal\s+identity)\s+(?:number|no\.?|id)|"
    r"(?:customer|client|patient|member|insurance|kela\s+card|fpa\s+card|card)\s+(?:number|no\.?|id)|"
    # an invoice's number and reference, which name the person billed ("viitenumero 1100 4532
    # 7781 2", "Fakturanummer 2023-88431", "ref. 1234 56789 0"), and a Kela card by its name
    r"viite(?:numero\w*|nro)?|viitteellä|laskun\s+viite|laskun\s+(?:numero|nro)|laskunumero\w*|"
    r"(?:referens|faktura|ocr-?)nummer\w*|fakturans\s+nummer|referens|"
    r"reference(?:\s+(?:number|no\.?))?|ref\.|invoice|kela\s+card|fpa-kort\w*|"
    r"lasku\w*\s+(?:numero|nro)|faktura\w*\s+(?:nummer|nr)|fakturanr|räkningsnummer\w*|"
    r"(?:complaint|appointment|booking)\s+(?:number|no\.?|ref\.?|id)|ref(?=\s+\d)|faktura(?=\s+\d)|"
    r"(?:kort|card|kortti)\w*\s+(?:som\s+)?(?:slutar\s+på|ending(?:\s+in)?|joka\s+päättyy|päättyy)|"
    r"passport(?:\s+(?:number|no\.?))?|passi(?:n\s+numero)?|passnummer\w*|"
    # an employee's number ("My employee number 40218", "anställningsnummer är 40551")
    r"(?:employee|staff|personnel|payroll)\s+(?:number|no\.?|id)|"
    r"(?:anställnings|personal|löne)nummer\w*|(?:työntekijä|henkilöstö|palkka)numero\w*|"
    # a booking's and a tax number ("bokningsnummer", "Steuer-ID", "veronumero")
    r"(?:booking|reservation)\s+(?:number|no\.?|reference)|varausnumero\w*|varaustunnus\w*|veronumero\w*|"
    r"(?:boknings|skatte)nummer\w*|steuer-?id|tax\s+(?:id|number)|"
    # other countries' personal codes: Estonia's, Norway's and Denmark's
    r"isikukoodi?|f[øö]dselsnummer\w*|personal\s+code|cpr-?nummer\w*|"
    # the number of one person's decision or case ("Päätöksen diaarinumero: TT/2024/8812",
    # "Beslutsnumret är VA-2024-11873"); not a bare "viite", which public plans use too
    r"diaarinumero\w*|diaarinro|dnro|päätösnumero\w*|päätöksen\s+numero|asianumero\w*|"
    r"(?:besluts|ärende|diarie)num(?:mer|ret)\w*|(?:case|decision)\s+(?:number|no\.?)|"
    r"reference\s+numbers|"
    # a member of staff's extension or badge ("ext. 4471", "ankn. 3321", "badge no. 4471",
    # "nimineulassa oli numero 4417")
    r"ext\.|extension|ankn\.|anknytning|alanumero|badge(?:\s+(?:number|no\.?))?|"
    r"nimineula\w*|nimikyltti\w*|namnskylt\w*|"
    # a letter's case number as the county writes it ("ärendenr 2024/8812", "ERT DNR 771/2024",
    # "päätösnro OHT 2024/318", "asianne (KAI/2231/00.01.02/2024)", "Ärende 2025/0331")
    r"ärendenr|ärende(?=\s*:?\s*\d)|dnr|päätösnro|asianro|asia\s+nro|asianne|ärendet|"
    r"viitteenne|viitteemme|your\s+ref(?:erence)?\.?|our\s+ref(?:erence)?\.?|er\s+referens|"
    # a record's word written apart, a booking's, a hospital's, a home's door code, the NHS's
    # ("asiakas nro 55-2018-77", "Ajanvarausnumero 7781-22", "sjukhusnr: 1002-3344",
    # "ovikoodi 4471", "NHS number is 485 777 3456", "case 44-5512")
    r"(?:asiakas|potilas|lähete|ajanvaraus|varaus)\s+(?:numero|nro)(?=\s*:?\s*(?:\d+[-/]\d|\d{5}))|"
    # (a booking line's phone number after "ajanvarausnumero" starts with 0 and stays public)
    r"ajanvarausnumero(?:ni|si|mme)?(?=\s*:?\s*(?!116\s?117)(?:\d+[-/]\d|\d{5}))|"
    r"(?:sairaalanumero(?:ni|si)?|sjukhusn(?:r|ummer))(?=\s*:?\s*[1-9])|"
    r"ovikoodi\w*|portkod\w*|dörrkod\w*|door\s+code|nhs\s+(?:number|no\.?)|case(?=\s+\d+[-/]\d)|"
    r"nummer\s+för\s+tillfälligt\s+skydd|temporary\s+protection\s+(?:number|no\.?)"
)
# A case number with letters and slashes ("KAI/PAT/88/2024", "NV/1903", "KAI/VET/2024/61").
_SLASHED_CASE = r"(?-i:[A-Z]{2,5})(?:/(?:(?-i:[A-Z]{2,5})|[\d.]{1,12})){1,5}"
_RECORD_NUMBER = re.compile(
    rf"\b(?:{_RECORD_WORDS})(?![^\W\d_])(?:\s*(?:,|se|det|it|on|oli|är|var|is|was|nro|nr|no\.?|#|:|\(|number|nummer|numero)){{0,3}}\s*"
    r"(?P<number>" + _SLASHED_CASE + r"(?=[\s).,;:]|$)|"
    r"(?:(?-i:[A-Z]{1,4})-){0,2}(?-i:[A-Z]{0,3})[-/ ]?\d(?:[- /]?\d){3,18}"
    r"(?:[A-Z](?![\w])|-[A-Z0-9]{1,4}(?![\w-]))?)"
    r"(?!\d)",
    re.IGNORECASE,
)
# A long number (ten digits or more, in one run or in groups, no leading zero, which would make
# it a phone number): a card's, an invoice's or an account's number whatever word stands before
# it ("(it says 8024 9900 1123 4)", "på fakturan: 11 22334 45566 7", "sjukförsäkringskort har
# nummer 80752000010012345678"); not an amount or a quantity (a unit or a currency after it), a
# product's number (ISBN, EAN) or a rising list ("2021 2022 2023"); see find_personal_data.
_AMOUNT_AFTER = (
    r"\s*(?:€|\$|£|e\b|eur|euro|kr\b|kronor|mk\b|dollar|jeni|kwh|km|m\b|metri|litra|kg|h\b)"
)
_LONG_NUMBER = re.compile(r"(?<![\w+,.])[1-9]\d{9,}+(?![\w,]|\.\d|" + _AMOUNT_AFTER + ")", re.I)
_LONG_GROUPED_NUMBER = re.compile(
    r"(?<![\w+,.])[1-9]\d{0,5}(?: \d{1,6}){1,5}+(?![\w]|[,.]\d|" + _AMOUNT_AFTER + ")", re.I
)
# A code of letters and digits, or of digit groups joined by hyphens or slashes, with five digits
# or more ("KT-448190", "RP8823104", "UKR-4471902", "LSI-2024-0917", "C4K7PX912", "00-4471-KH",
# "2024-118734", "318-22719"), or seven to nine digits in one run ("3390021"): a record's, a
# card's, a permit's or a case's number whatever word stands before it. See `_is_code`.
_CODE = re.compile(r"(?<![\w+,./-])[A-Za-zÅÄÖåäö0-9]+(?:[-/][A-Za-zÅÄÖåäö0-9]+)*(?![\w/-]|[.,]\d)")
_CODE_DIGITS = re.compile(r"\d+")
_ISO_DATE = re.compile(r"(?:19|20)\d\d-[01]?\d-[0-3]?\d|[0-3]?\d-[01]?\d-(?:19|20)\d\d")
_BUSINESS_ID = re.compile(r"\d{7}-\d")  # a company's business ID (Y-tunnus) is public
_COMPACT_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_ISBN_SHAPE = re.compile(r"97[89]-\d{1,5}-\d{1,7}-\d{1,7}-[\dX]")
# Before a run of seven to nine digits, a word that makes it someone's number ("asiakasnumeroni
# on 3390021"); without one such a run is as likely a count ("1234567 kopiota/ml").
_NUMBER_CUE_BEFORE = re.compile(
    r"(?:numero|nro|nr|nummer|number|no\.|#|id|tunnus|viite|ref|kortti|kort|card|asiakas|"
    r"potilas|kund|patient|customer|client|henkilö|person|tili|konto|account|lähete|remiss)"
    r"\w*\W{0,6}(?:\w+\W{1,3}){0,3}$",
    re.I,
)


# Before a code, a word that makes it an order's, a product's or a form's, not a person's.
_THING_NUMBER_BEFORE = re.compile(
    r"(?:tilau|tuote|tuott|koodi|malli|sarja|versio|erä|order|product|model|serial|version|"
    r"artikel|beställning|produkt|batch|lot|pmid|doi|isbn|issn|ean|gtin|timestamp|aikaleima)"
    r"\w*[\s:#-]*"
    r"(?:nro|no\.?|nr|numero|number|nummer)?[\s:#-]*(?:on|oli|is|was|är|var)?[\s:#-]*$",
    re.I,
)


def _is_code(text: str, match: re.Match[str]) -> bool:
    code = match.group()
    if any(
        len(part) > 4 and part.isalpha() and not part.isupper() for part in re.split(r"[-/]", code)
    ):
        return False  # a number in a compound ("12345678-kortti"), whose number has its own rule
    if _THING_NUMBER_BEFORE.search(text, max(0, match.start() - 30), match.start()):
        return False
    runs = _CODE_DIGITS.findall(code)
    digits = sum(len(r) for r in runs)
    letters = sum(ch.isalpha() for ch in code)
    if digits < 5 or _ISO_DATE.fullmatch(code) or _BUSINESS_ID.fullmatch(code):
        return False
    if _ISBN_SHAPE.fullmatch(code) or _COMPACT_DATE.fullmatch(code):
        return False
    if all(_YEARS.fullmatch(r) or len(r) < 3 for r in runs):
        return False  # "Sote2025", "2024-2025", "H1N1-2009": years and small numbers
    if letters:
        # a word with a number glued on ("Covid19", "iPhone15") has few digits; a code has a
        # run of four digits or more, or letters and digits mixed in a short token
        return max(len(r) for r in runs) >= 4 or (len(runs) >= 3 and len(code) <= 12)
    if len(runs) == 1:
        # one run of digits: seven to nine (ten or more is `_LONG_NUMBER`'s), no leading zero
        # (a phone number's), not a round quantity ("7000000")
        return (
            7 <= digits <= 9
            and not code.startswith("0")
            and not code.endswith("000")
            and bool(_NUMBER_CUE_BEFORE.search(text, max(0, match.start() - 40), match.start()))
        )
    if code.startswith("0") or ("/" in code and len(runs) == 2 and len(runs[1]) <= 2):
        return False  # phone numbers ("040-1234567"), dates and fractions ("12345/12")
    if len(runs) == 2 and any(_YEARS.fullmatch(a) and len(b) <= 4 for a, b in (runs, runs[::-1])):
        return False  # a public body's diary number ("1234/2024", "2024/123")
    # a range ("5000-10000 askelta", "1000-1400", "sivut 1234-1260")
    ranged = "-" in code and len(runs) == 2 and abs(len(runs[0]) - len(runs[1])) <= 1
    if ranged and int(runs[0]) < int(runs[1]):
        return False
    return digits >= 7


# Before a long number, a word that makes it a product's, a book's or a meter's number.
_PRODUCT_NUMBER_BEFORE = re.compile(r"(?:isbn|ean|issn|gtin|timestamp|aikaleima)[\s:-]*$", re.I)


def _list_of_numbers(groups: list[str]) -> bool:
    """ "2021 2022 2023", "101 102 103 104", "3 11 18 24 30": a list, not one number (three
    groups or more, each larger than the one before); not a number in thousands ("12 345 678
    901": groups of three digits after the first, far apart)."""
    rising = len(groups) > 2 and all(int(a) < int(b) for a, b in itertools.pairwise(groups))
    thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    far_apart = any(int(b) - int(a) >= 10 for a, b in itertools.pairwise(groups))
    return rising and not (thousands and far_apart)


# A case or decision number is one person's only where no public body's decision is meant.
_EXTENSION_WORD = re.compile(r"(?:ext\.|extension|ankn\.|anknytning|alanumero)", re.I)
_CASE_NUMBER_WORD = re.compile(
    r"(?:diaarinumero|diaarinro|dnro|dnr|päätösnro|ärendenr|ärende\b|asianro|päätösnumero|"
    r"päätöksen\s+numero|asianumero|(?:besluts|ärende|diarie)num|case\s+num|case\s+no|"
    r"decision\s+num|decision\s+no)",
    re.I,
)
_PUBLIC_BODY = re.compile(
    r"valtuusto|hallitus|lautakun|kaava|kaavoitu|aluevaltuusto|kaupungin|kunnan|kommun|"
    r"fullmäktige|styrelse|nämnd|detaljplan|council|board|planning|committee|public|julkinen",
    re.I,
)
# A bare "viite"/"reference" names an invoice's reference (six digits or more) but also a
# decision's or a plan's number ("viite 2024/1234"), which is public.
_YOUR_BEFORE = re.compile(r"(?:your|er|ert|teidän|din|ditt)\s+$", re.I)
_BARE_REFERENCE_WORD = re.compile(r"(?:viite|viitteellä|referens|reference|ref\.)(?![\w])", re.I)
# A bank account (IBAN): two letters, two check digits and 11 to 30 letters or digits, spaced in
# fours or not, perhaps with a space after a European country's code ("FI 42 7997 7990 0012 33").
_IBAN = re.compile(
    r"(?<![\w-])(?:[A-Z]{2}|(?-i:(?:FI|SE|EE|DE|NO|DK|GB|IE|FR|ES|IT|NL|BE|PL|LT|LV|AT|CH|PT) ))"
    r"\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![\w-])",
    re.IGNORECASE,
)
# A social-media handle or profile address ("@iines.kuvaa", "facebook.com/tero.l.798").
_HANDLE = re.compile(
    r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])"
    r"|(?<![\w.])(?:https?://)?(?:www\.)?(?:facebook|instagram|tiktok|twitter|x|linkedin)\.com/"
    r"[\w.@/-]+",
    re.IGNORECASE,
)
# A user name with an underscore and a digit ("heter 'ville_k07' på Snapchat", "niksu_2010 on
# TikTok"); not a file's name ("lomake_2024.pdf").
_UNDERSCORE_HANDLE = re.compile(
    r"(?<![\w@./])[A-Za-z][A-Za-z0-9.]*_[A-Za-z0-9_.]*[A-Za-z0-9](?![\w@]|\.[A-Za-z]{2,4}\b)"
)
_FILE_NAME = re.compile(
    r"\.(?:pdf|docx?|xlsx?|jpe?g|png|gif|txt|csv|pptx?|odt|ods|zip|heic)$", re.I
)
# A handle without "@" after the app's name and a colon ("snap: alvaa.k", "WeChat: zhang_kaj",
# "insta: niksu_2010"); the handle must hold a digit, a dot or an underscore, or the app's
# name must be followed by a colon, so that "snap" in a sentence takes no ordinary word.
_APP_NAMES = r"(?:snap(?:chat)?|insta(?:gram)?|ig|wechat|whatsapp|telegram|discord|tiktok|kik|skype|twitter|facebook|fb)"
_HANDLE_CUE = re.compile(
    rf"(?:{_APP_NAMES}|username|user name|användarnamn\w*|käyttäjä\w*|nick\w*|handle|tunnus"
    r"|heter|named|nimellä|called)\W*\w*\W*$",
    re.I,
)
_HANDLE_CUE_AFTER = re.compile(rf"['\"\u2019]?\s+(?:on|in|på|at|i)\s+{_APP_NAMES}\b", re.I)
_LABELLED_HANDLE = re.compile(
    rf"(?<![\w.]){_APP_NAMES}(?:\s*:\s*|\s+(?:(?:id|is|on|är)\s*:?\s*)?)"
    r"(?P<handle>@?[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,30}[A-Za-z0-9_])?)(?![\w@])",
    re.IGNORECASE,
)
# Initials: "J.P. from the clinic", "K-G Rosenqvist" (not "P.S.", "U.S.", "A.M.").
_INITIALS = re.compile(
    r"(?<![\w.-])[A-ZÅÄÖ](?:\.|\.?-[A-ZÅÄÖ]\.)\s?[A-ZÅÄÖ]\.(?:\s?[A-ZÅÄÖ]\.)?(?![\w.])"
)
_NOT_INITIALS = frozenset(
    [
        "jk",
        "iv",
        "ed",
        "gp",
        "ct",
        "ot",
        "pt",
        "bp",
        "md",
        "rn",
        "aa",
        "wc",
        "em",
        "nn",
        "un",
        "ad",
        "er",
        "mr",
        "hr",
        "tv",
        "it",
        "ec",
        "ps",
        "pp",
        "nb",
        "am",
        "pm",
        "us",
        "uk",
        "eu",
        "ok",
        "dc",
        "ie",
        "eg",
        "tk",
        "vs",
        "jr",
        "sr",
        "st",
        "bsc",
        "msc",
        "phd",
        "yk",
        "ek",
        "sv",
        "usa",
        "pps",
        "sos",
        "rip",
        "bbc",
        "cnn",
        "phd",
        "mba",
    ]
)
# One initial closing the text after a slash, a dash or on a line of its own: a signature
# ("sofie.ahl@gmail.com. /M.", "Kiitos! - K"); not "plan A/B", "vitamin D".
# Two initials joined by a hyphen ("K-P", "H-G", "A-M:lle"): with a Finnish case ending, closing
# the text, or after a dash, "t.", "från" or "from" or before "&" (not "A-B testi", "B-ovi").
_HYPHEN_PAIR = re.compile(
    r"(?<![\w-])(?!A-[BZÖÅ])[A-ZÅÄÖ]-[A-ZÅÄÖ](?::(?:lle|lta|lla|ltä|llä|ta|tä|a|ä)(?![\w])|(?=\s*(?:[.!]?\s*$|\s&))"
    r"|(?<=[-\u2013\u2014] [A-ZÅÄÖ]-[A-ZÅÄÖ])(?![\w-]))"
)
_HYPHEN_PAIR_AFTER = re.compile(
    r"(?:(?<=[-\u2013\u2014] )|(?<=\bt\. )|(?<=\bfrån )|(?<=\bfrom )|(?<=\bFrån )|(?<=\bFrom ))"
    r"(?!A-[BZÖÅ])[A-ZÅÄÖ]-[A-ZÅÄÖ](?![\w-])"
)
# Two or three capitals closing the text after a dash or a slash ("- JT", "-MK", "/AK"): a
# signature's initials (not "- OK", "- EU").
_END_CAPITALS = re.compile(
    r"(?:(?<=\s[-\u2013\u2014/])|(?<=\s[-\u2013\u2014/] ))[A-ZÅÄÖ]{2}(?=[.!]?\s*$)"
)
_NOT_END_INITIALS = frozenset(
    [
        "ms",
        "vr",
        "hr",
        "it",
        "ok",
        "eu",
        "tv",
        "ps",
        "ab",
        "oy",
        "ry",
        "sa",
        "id",
        "pc",
        "gp",
        "dr",
        "ai",
        "uk",
        "us",
        "ek",
    ]
)
# Initials signing a text after a dash or a slash, alone at the end or with the family ("-T.R.",
# "– J.K.", "/E.S. och barnen"): a signature even when the letters spell an abbreviation.
_SIGNED_INITIALS = re.compile(
    r"(?:(?<=\s[-\u2013\u2014/])|(?<=\s[-\u2013\u2014/] )|(?<=^[-/]))"
    r"[A-ZÅÄÖ]\.\s?[A-ZÅÄÖ]\.?(?:\s?[A-ZÅÄÖ]\.?)?"
    r"(?=\s*$|\s+(?:och|ja|and|&)\s+[^\W\d_]+(?:\s+[^\W\d_]+)?[.!]?\s*$)"
)
_END_INITIAL = re.compile(
    r"(?:(?<=\s/)|(?<=\s/ )|(?<=\n)|(?<=\s[-\u2013\u2014] ))[A-ZÅÄÖ]\.?(?=\s*$)"
)
# A British National Insurance number ("QQ 12 34 56 C").
# Words for a bill or a reference that also stand before an amount: a number of four digits or
# fewer after them is an amount ("Invoice 1500 for one night"), a longer one a number.
_BARE_AMOUNT_WORD = re.compile(
    r"(?:the\s+)?(?:invoice|faktura|ref)\b(?!\s*(?:number|no|nr|nummer))", re.I
)
_NI_NUMBER = re.compile(r"(?<![\w-])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w-])")
# A date of birth after a word that says so ("Född: 12.04.1946", "born 03.05.1992", "DOB:
# 1990-08-21", "synty 12.05.1981", "Född: 030352"): with a name, it points at one person. Hidden
# as an identifier; a year alone ("b. 1946") stays.
_BIRTH_DATE = re.compile(
    r"(?<![\w.])(?:född|född\s+den|f\.|födelsedatum|födelsedag|born(?:\s+on)?|b\.|dob|d\.o\.b\.?|"
    r"date\s+of\s+birth|birth\s*date|syntynyt|synt\.|synty|syntymäaika|syntymäpäivä|s\.)"
    r"\s*:?\s*(?P<date>\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d\d|(?:19|20)\d\d-\d{1,2}-\d{1,2}|"
    r"[0-3]\d[01]\d\d\d)(?![\d./-]\d|\w)",
    re.IGNORECASE,
)
# A maiden name after "o.s." (omaa sukua), "née", "f." or "född" ("Helmi Lindqvist (o.s.
# Hagert)", "Anna Berg f. Lind").
_MAIDEN_NAME = re.compile(
    r"(?<![\w.])(?:o\.\s?s\.|os\.|née|nee|f\.|född)\s+(?P<name>(?-i:[A-ZÅÄÖ])[^\W\d_]{2,}(?:-[^\W\d_]+)?)"
    r"(?![\w-])",
    re.IGNORECASE,
)
# A Vietnamese full name with its middle name Thị or Văn, in any letter case ("Nguyễn Thị Lan",
# "tran thi hoa", "nguyen van long").
_VIETNAMESE_NAME = re.compile(
    r"(?<![\w-])(?:nguy[eễ]n|tr[aầ]n|l[eê]|ph[aạ]m|ho[aà]ng|hu[yỳ]nh|phan|v[uũ]|v[oõ]|[đd][aặ]ng|"
    r"b[uù]i|[đd][oỗ]|h[oồ]|ng[oô]|d[uư][oơ]ng|l[yý]|tr[uư][oơ]ng|[đd]inh|mai|cao)\s+"
    r"(?:th[iị]|v[aă]n)\s+[^\W\d_]+(?![\w-])",
    re.IGNORECASE,
)
_HYPHEN_INITIALS = re.compile(
    r"(?<![\w-])[A-ZÅÄÖ]\.?-[A-ZÅÄÖ]\.?\s+(?P<surname>[A-ZÅÄÖ][a-zåäöé]{2,})"
)
# A phone number read out digit by digit ("nolla neljä viisi …", "noll fyra fem …", "zero four
# …") or typed with a space between every digit ("0 4 5 7 8 3 2 1 9 0 6"): nine digits or more,
# starting with the zero or the plus that a Finnish or international number starts with (so
# counting "one two three …" and grades "4 5 4 3 5" are not numbers).
_DIGIT_VALUES = {
    **dict.fromkeys(("nolla", "noll", "zero", "oh"), 0),
    **dict.fromkeys(("yksi", "yks", "ett", "en", "one"), 1),
    **dict.fromkeys(("kaksi", "kaks", "två", "two"), 2),
    **dict.fromkeys(("kolme", "tre", "three"), 3),
    **dict.fromkeys(("neljä", "nelj", "fyra", "four"), 4),
    **dict.fromkeys(("viisi", "viis", "fem", "five"), 5),
    **dict.fromkeys(("kuusi", "kuus", "sex", "six"), 6),
    **dict.fromkeys(("seitsemän", "seittemän", "seitsämän", "sju", "seven"), 7),
    **dict.fromkeys(("kahdeksan", "kaheksan", "åtta", "eight"), 8),
    **dict.fromkeys(("yhdeksän", "yheksän", "nio", "nine"), 9),
}


def _counting(digits: list[int]) -> bool:
    """A scale or a count ("0 1 2 3 4 5 6 7 8 9 10", "nolla, yksi, kaksi, kolme, …"): the
    digits go up by one from the first for five or more, which no Finnish phone number does
    (it starts 04, 05 or an area code), though one may hold such a run later ("040 1234567")."""
    run = 1
    for a, b in itertools.pairwise(digits):
        if b != a + 1:
            break
        run += 1
    return run >= 5


# Phone numbers read out in words, from a zero: digits ("nolla neljä viisi", "noll fyra fem",
# "zero four five"), colloquial digits
# ("kasi", "ysi"), tens ("nelkytä", "fyrtiofem", "forty-five"), "double two", digits typed
# before the words ("040-kaks kuus kuus"). Each word counts its digits; from a zero (or "plus",
# or typed digits) seven to fifteen digits in a row are a phone number.
_COLLOQUIAL_DIGITS = {
    "ykkönen": 1, "kakkonen": 2, "kolmonen": 3, "nelonen": 4, "vitonen": 5, "kutonen": 6,
    "seiska": 7, "kasi": 8, "ysi": 9, "nolla": 0, "nollan": 0,
}  # fmt: skip
_UNIT_WORDS = {**_DIGIT_VALUES, **_COLLOQUIAL_DIGITS}
_TEN_WORDS = {
    10: "kymmenen tio ten",
    20: "kakskyt kaksikymmentä tjugo twenty",
    30: "kolkyt kolmekymmentä trettio thirty",
    40: "nelkyt nelkytä neljäkymmentä fyrtio forty",
    50: "viiskyt viisikymmentä femtio fifty",
    60: "kuuskyt kuusikymmentä sextio sixty",
    70: "seitkyt seitsemänkymmentä sjuttio seventy",
    80: "kaheksankyt kahdeksankymmentä åttio eighty",
    90: "yheksänkyt yhdeksänkymmentä nittio ninety",
}
_TENS = {word: value for value, words in _TEN_WORDS.items() for word in words.split()}
# a word, typed digits, or a ten and its unit joined by a hyphen ("forty-five"); other hyphens
# part words ("noll-fyra-fyra")
_NUMBER_WORD = re.compile(
    r"(?:" + "|".join(sorted(_TENS, key=len, reverse=True)) + r")-"
    r"(?:" + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + r")(?![\w-])"
    r"|[^\W\d_]+|\d+",
    re.I,
)


def _spoken_number(word: str) -> tuple[int, int] | None:
    """What `word` reads out of a phone number: (value, digits), a digit (1 digit) or a ten with
    or without its unit ("nelkytä", "fyrtiofem", "forty-five": 2 digits); None for no number."""
    word = word.casefold()
    if word in _UNIT_WORDS:
        return _UNIT_WORDS[word], 1
    for ten, value in _TENS.items():
        if word.startswith(ten):
            rest = word[len(ten) :].lstrip("-")
            if not rest or rest in _UNIT_WORDS:
                return value + _UNIT_WORDS.get(rest, 0), 2
    return None


def _spoken_value(word: str) -> int:
    number = _spoken_number(word)
    return number[0] if number else -1


def _progression(values: list[int]) -> bool:
    """Four numbers or more that rise or fall by the same step: counting ("nolla, kymmenen,
    kakskyt, kolkyt", "ninety nine, ninety eight, ninety seven"), not a phone number."""
    steps = {b - a for a, b in itertools.pairwise(values)}
    return len(values) >= 4 and len(steps) == 1 and 0 not in steps


def _spoken_digit_count(word: str) -> int:
    number = _spoken_number(word)
    return number[1] if number else 0


_SPOKEN_START = re.compile(r"\b(?:nolla|noll|zero|oh|plus)\b|\b0\d{0,3}[\s-]+[^\W\d_]", re.I)


def _spoken_phone_findings(text: str) -> list[Finding]:
    findings = []
    tokens = list(_NUMBER_WORD.finditer(text))
    i = 0
    while i < len(tokens):
        first = tokens[i].group().casefold()
        typed = first.isdigit() and first.startswith("0") and len(first) <= 4
        if not (first in {"nolla", "noll", "zero", "oh", "plus"} or typed):
            i += 1
            continue
        digits = len(first) if typed else 0 if first == "plus" else 1
        if first == "oh" and (
            i + 1 >= len(tokens) or _spoken_digit_count(tokens[i + 1].group()) != 1
        ):
            i += 1  # "Oh, twenty twenty": an exclamation, not a zero
            continue
        j = i + 1
        multiplier = 1
        # at most fifteen digits: the scan is bounded, so a long run of number words costs
        # linear time
        while (
            digits <= 15
            and j < len(tokens)
            and re.fullmatch(r"[\s,\u2013-]*", text[tokens[j - 1].end() : tokens[j].start()])
        ):
            word = tokens[j].group().casefold()
            if word in {"double", "triple", "tupla", "dubbel"}:
                multiplier = 3 if word == "triple" else 2
                j += 1
                continue
            count = _spoken_digit_count(word)
            if not count:
                break
            digits += count * multiplier
            multiplier = 1
            j += 1
        words = [t.group() for t in tokens[i:j] if t.group().casefold() != "plus"]
        spoken = [_DIGIT_VALUES.get(w.casefold(), -1) for w in words]
        values = [_spoken_value(w) for w in words]
        counting = _counting(spoken) or _progression(values) or _progression(values[1:])
        if 7 <= digits <= 15 and j - i >= 4 and not counting:
            findings.append(Finding(PHONE, tokens[i].start(), tokens[j - 1].end()))
            i = j
        else:
            i += 1
    return findings


_SPACED_DIGITS = re.compile(r"(?<![\d\w])(?:\+ ?\d|0)(?:(?: [-/])? \d){8,12}(?![\d\w])")
_SEPARATED = re.compile(r" [-/] ")
_INITIALS_VERBS = frozenset(
    [
        "from",
        "at",
        "said",
        "told",
        "called",
        "wrote",
        "sanoi",
        "soitti",
        "kertoi",
        "kirjoitti",
        "lupasi",
        "sa",
        "ringde",
        "skrev",
        "berättade",
        "lovade",
    ]
)


def _initials_as_name(text: str, match: re.Match[str]) -> bool:
    """Initials stand for a person before a surname ("J.P. Virtanen"), before a verb of saying
    or "from" ("J.P. from the clinic told us"), after a title, or alone at the end (a
    signature); not "A.E. department", "B.C. rokote"."""
    after = re.match(r"\s*([^\W\d_]+)", text[match.end() :])
    if not after:
        return True  # at the end: a signature
    following = after.group(1)
    if following.casefold() in _INITIALS_VERBS:
        return True
    if _is_capitalised(following) and _surname_like(following.casefold()):
        return True
    before = re.search(r"([^\W\d_]+)\.?\s*$", text[max(0, match.start() - 40) : match.start()])
    # after a title, or a person's label: "potilas M.H. kaatui", "min mamma A.K. har"
    return bool(
        before and (_title_like(before.group(1)) or before.group(1).casefold() in PERSON_LABELS)
    )


_YEARS = re.compile(r"(?:19|20)\d\d(?:\s?[-\u2013/]\s?(?:19|20)\d\d)?")
_DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z][\w.]{2,31}#\d{4}(?![\w#])")
# A Finnish car plate (ABC-123, BKX-55) when the sentence speaks of a car or a plate.
_PLATE = re.compile(
    r"(?<![\w-])(?:[A-ZÅÄÖ]{2,3}-\d{1,3}|(?-i:[A-ZÅÄÖ]{2,3} \d{1,3}[A-Z]?))(?![\w-])", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÅÄÖ])|\n")
_PLATE_CUE = re.compile(
    r"\b(?:rekisteri\w*|rek\.|rekkari\w*|kilpi\w*|kilve\w*|(?:paketti|henkilö|kuorma|matkailu)?auto\w*|"
    r"(?:hus|last|person|skåp|taxi|tjänste)?bil(?:en|ar|arna|s)?\b|"
    r"reg\.|regnr\w*|registrerings\w*|registernummer\w*|kyltti\w*|skylt\w*|plate\w*|car\b|"
    r"cars\b|vehicle\w*|licen[cs]e|"
    r"registration|van\b|truck\w*|taxi\w*|taksi\w*|rekka\w*)",
    re.IGNORECASE,
)
_WORD = masking_tagger.WORD

# Street names end in one of these (base form → the inflected forms people write after
# "asun ..."); Swedish names are written in the definite form. A street word must have at least
# two letters before its ending ("Kauppa-katu"; "tie 5" alone is not a street).
_STREET_FORMS: Mapping[str, tuple[str, ...]] = {
    "katu": ("katu", "kadulla", "kadulle", "kadulta", "kadun", "kadussa"),
    "tie": ("tie", "tiellä", "tielle", "tieltä", "tien"),
    "kuja": ("kuja", "kujalla", "kujalle", "kujan", "kujassa"),
    "polku": ("polku", "polulla", "polulle", "polun"),
    "väylä": ("väylä", "väylällä", "väylälle", "väylän"),
    "raitti": ("raitti", "raitilla", "raitin"),
    "rinne": ("rinne", "rinteellä", "rinteen"),
    "ranta": ("ranta", "rannalla", "rannan"),
    "kaari": ("kaari", "kaarella", "kaaren"),
    "kaarre": ("kaarre", "kaarteella", "kaarteen"),
    "piha": ("piha", "pihalla", "pihan"),
    "tori": ("tori", "torilla", "torin"),
    "aukio": ("aukio", "aukiolla", "aukion"),
    "puistikko": ("puistikko", "puistikolla", "puistikon"),
    "mäki": ("mäki", "mäellä", "mäen"),
    "kulma": ("kulma", "kulmalla"),
    "portti": ("portti", "portilla"),
    "penger": ("penger", "penkereellä"),
    "kierros": ("kierros",),
    "lenkki": ("lenkki", "lenkillä"),
    "linja": ("linja", "linjalla"),
    "esplanadi": ("esplanadi", "esplanadilla"),
    "bulevardi": ("bulevardi", "bulevardilla"),
    "gatan": ("gatan", "gata"),
    "vägen": ("vägen", "väg"),
    "gränd": ("gränden", "gränd"),
    "stigen": ("stigen", "stig"),
    "backen": ("backen", "backe"),
    "torget": ("torget", "torg"),
    "allén": ("allén", "allé"),
    "esplanaden": ("esplanaden",),
    "kajen": ("kajen",),
    "stranden": ("stranden",),
    "platsen": ("platsen",),
    "plan": ("planen",),
    "slingan": ("slingan",),
    "gården": ("gården",),
    # Norway, Denmark, Germany: "Storgata 14", "Nørregade 3", "Lindenstraße 14"
    "gate": ("gate", "gata", "gaten", "veien", "vei"),
    "gade": ("gade", "vej"),
    "straße": ("straße", "strasse"),
}
_STREET_BASE = {form: base for base, forms in _STREET_FORMS.items() for form in forms}
_STREET_ENDINGS = "|".join(sorted(_STREET_BASE, key=len, reverse=True))
# A house number written in words after a street's name ("Kirkkotie kolmetoista B",
# "Jokelantie fyrtiotvå", "Kuusitie number seven"), in the three languages.
_NUMBER_MORPHEMES = (
    "yksi|kaksi|kolme|neljä|viisi|kuusi|seitsemän|kahdeksan|kaheksan|yhdeksän|kymmenen|"
    "kymmentä|toista|sata|sataa|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|"
    "fjorton|femton|sexton|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|"
    "åttio|nittio|hundra|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    "thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    # spoken Finnish: "kakskytyks", "kolkytviis", "kakssataa", "seittemän"
    "yks|kaks|kol|nel|viis|kuus|seit|seittemän|kasi|ysi|kyt|kytä"
)
# Longest morphemes first and no backtracking into them ("sextio" is not "sex" + "tio"), so a
# failing match costs linear time, not one try per reading (found in review).
_MORPHEMES_LONGEST_FIRST = "|".join(
    sorted(set(_NUMBER_MORPHEMES.split("|")), key=len, reverse=True)
)
_NUMBER_IN_WORDS = rf"(?:{_MORPHEMES_LONGEST_FIRST})++(?:[ \t-]+(?:{_MORPHEMES_LONGEST_FIRST})++)?"
# A house number written in words after a street's name, with a staircase and a flat in words
# or digits and a postal code ("Kirkkotie kolmetoista B", "storgatan fem b tolv", "kettukuja
# three b nine", "haapalahdentie kakssataakolkytyks 88900 kuhmo"): the street word capitalised,
# or in lower case in a text with no capitals at the street (speech typed by a phone).
_ADDRESS_IN_WORDS = re.compile(
    rf"(?<![\w-])(?:[A-ZÅÄÖ]|[a-zåäö])[^\W\d_]{{2,}}(?:{'|'.join(_STREET_FORMS)})[ \t]+"
    rf"(?:number[ \t]+|nummer[ \t]+|numero[ \t]+)?{_NUMBER_IN_WORDS}"
    rf"(?:[ \t]+[A-Ha-h](?![\w])(?:[ \t]+(?:{_NUMBER_IN_WORDS}|\d{{1,3}})(?![\w]))?)?"
    r"(?P<postal>,?[ \t]+\d{5}(?!\d)(?:[ \t]+[^\W\d_]{3,})?)?"
    # not "Kajaanintie kaksi kaistaa": the clause ends, or "and", "in" or a place follows
    r"(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?P<next>[^\W\d_]+))"
    rf"(?![,\s]+(?:ja\s+|och\s+|and\s+)?(?:{_NUMBER_MORPHEMES})\b)",  # "Kuusitie neljä, viisi ja"
)
_AFTER_ADDRESS_IN_WORDS = frozenset({"ja", "och", "and", "in", "i", "på"})
# Numbered public roads ("Valtatie 22", "kantatie 89") are not home addresses.
_ROAD_NUMBER_WORDS = frozenset(
    {"valtatie", "kantatie", "seututie", "maantie", "moottoritie", "riksväg", "stamväg"}
)
_NUMBER_UNITS = (
    # One-letter units only in lower case: "8 E 63" is a staircase, "8 e" euros.
    r"%|€|(?-i:[eghmstvx])\b|eur|euro|mg|ml|µg|mcg|kg|km|cm|mm|min|kpl|krt|kk"
    r"|tunti|tunni|viiko|viikk|päivä|kerta|kerra|vuot|vuode|kuukau|minuut|sekunt|henk|hlö"
    r"|asiaka|potila|autoa|timm|veck|dag|gång|år\b|månad|minut|kr\b|st\b|person"
    r"|hour|day|week|time|minute|month|year|people|patient"
)
_FLAT_WORD = r"(?:as\.?|asunto|huoneisto|lgh\.?|lägenhet|bst\.?|bost\.?|bostad|apt\.?|flat)"
_STAIR_WORD = r"(?:rappu|porras|trappa|trappan|trapp|staircase|stair)"
# The post town after a postal code belongs to the address ("Kauppakatu 21 A 5, 88900 Kuhmo"):
# one capitalised word, one in capitals ("87100 KAJAANI") or, in a text typed in lower case, one
# of four letters or more ("88400 ristijärvi").
_POST_TOWN = r"(?:[ \t]+(?-i:[A-ZÅÄÖØ](?:[a-zåäöøüß-]+|[A-ZÅÄÖØ-]+)|(?P<lowtown>[a-zåäöø][a-zåäöøüß-]{3,})(?![\w])))?"
_ADDRESS_TAIL = (
    # House number: "12", "12a", "12-14", "12B34" (staircase and flat glued on).
    r"\s+(?P<number>\d{1,4}(?:[a-zåäö](?:\d{1,4})?(?![\w]))?(?:\s?[-\u2013]\s?\d{1,4}[a-z]?)?)"
    r"(?![\d]|[.,:]\d|\s*(?:" + _NUMBER_UNITS + r"))"
    r"(?::(?:ssa|ssä|sta|stä|een|lla|llä|lle|n)(?![\w]))?"  # "Tikkalantie 12:ssa"
    r"(?P<flat>"
    # Staircase: "B", "B-rappu", "rappu B", "trappa B", then perhaps a bare flat number.
    r"(?:\s*,?\s*(?:[a-h](?:-?" + _STAIR_WORD + r")?|" + _STAIR_WORD + r"\s*[a-h])"
    r"(?![^\W\d_]|-[^\W\d_])(?:\s*\d{1,4}(?![\d]|[.,:]\d))?)?"  # not "C-siivessä", "B-ovi"
    # Flat: "as. 7", "asunto 34", "lgh 4", "bost. 12".
    r"(?:\s*,?\s*" + _FLAT_WORD + r"\s*\d{1,4}[a-z]?(?![\d]|[.,:]\d))?"
    r")"
    r"(?::(?:ssa|ssä|sta|stä|een|lla|llä|lle|n)(?![\w]))?"  # "Kainuuntie 5 B:ssä", "7 B 10:ssä"
    # a Finnish postal code, or another country's four-digit one before its town ("9008 Tromsø")
    r"(?P<postal>\s*[,/]?\s*(?:\d{5}(?!\d)|(?<=, )(?:\d{4}|\d{3} \d{2})(?=[ \t]+(?-i:[A-ZÅÄÖØ])))"
    + _POST_TOWN
    + r")?"
)
_ADDRESS = re.compile(
    r"(?<![\w-])"
    r"(?P<street>(?:(?-i:Pohjoinen|Eteläinen|Itäinen|Läntinen|Vanha|Uusi|Iso|Pikku|Norra|Södra"
    r"|Östra|Västra|Stora|Lilla|Gamla|Nya)\s+)?"
    r"(?P<word>(?:[^\W\d_][\w-]*?)?(?:" + _STREET_ENDINGS + r")))" + _ADDRESS_TAIL,
    re.IGNORECASE,
)
# Abbreviated street names: "Kauppak. 12" (katu), "Koulut. 5" (tie), "Storg. 5" (gatan),
# "Strandv. 3" (vägen). Capitalised and at least four letters, so "yht. 5" and "vrt. 3" stay.
_ABBREVIATED_ADDRESS = re.compile(
    r"(?<![\w-])(?P<street>(?P<word>(?-i:[A-ZÅÄÖ])[a-zåäö-]{3,}(?:k|t|g|v|kj)\.))" + _ADDRESS_TAIL,
    re.IGNORECASE,
)
# Post office boxes: "PL 45", "PB 12", "Box 3", with a postal code after them.
_PO_BOX = re.compile(
    r"(?<![\w-])(?:(?-i:PL|PB|Pl|Pb)|postilokero|postbox|p\.?\s?o\.?\s?box|box)\.?\s*\d{1,5}(?!\d)"
    r"(?:\s*,?\s*\d{5}(?!\d)" + _POST_TOWN + r")?",
    re.IGNORECASE,
)
# A British postcode ("HG1 2AB", "LS6 2AB", "YO1 8BE"): a few households, so hidden alone too.
_UK_POSTCODE = (
    r"(?-i:[A-Z]{1,2}\d[A-Z\d]?\s?\d(?!GB|MB|TB|KB)[A-Z]{2}"  # British; not "M2 8GB"
    # an Irish Eircode ("T12 X4Y5"): letters and digits mixed in its second half, so neither
    # "F90 ADHD" nor "B12 1000"
    r"|[A-Z]\d{2}\s(?=[A-Z\d]{0,3}[A-Z])(?=[A-Z\d]{0,3}\d)[A-Z\d]{4}"
    # a US state and ZIP code after a town (", MN 55805"); not a country's code ("FI 87100")
    r"|(?<=, )(?!FI|SE|EE|NO|DK|DE|RU)[A-Z]{2}\s\d{5})"
)
_UK_POSTCODE_ALONE = re.compile(r"(?<![\w-])" + _UK_POSTCODE + r"(?![\w-])")
# English order: "12 Baker Street", with a flat before or after it, the town and the postcode;
# not the country, which is no one's address ("Flat 4, 12 Church Street, York YO1 8BE", "14 Elm
# Grove, Harrogate HG1 2AB, UK", "9 Mill Road, Cambridge").
_ENGLISH_FLAT = r"(?:Flat|Apt\.?|Apartment|Unit)\s+\w{1,4}"
_ENGLISH_ADDRESS = re.compile(
    r"(?<![\w-])(?:" + _ENGLISH_FLAT + r",?\s+)?\d{1,4}[a-z]?\s+(?:[A-Z][a-z]+\s+){1,2}"
    r"(?:Street|Road|Avenue|Lane|Drive|Close|Crescent|Way|Place|Square|Grove|Gardens|Terrace|Mews"
    r"|Boulevard|(?:St|Rd|Ave|Blvd)(?:\.|(?=,|\s+(?:Apt|Flat|Unit)\b)))(?!\w)"
    r"(?:,?\s*" + _ENGLISH_FLAT + r")?"
    r"(?:,\s*(?!(?:Ireland|England|Scotland|Wales|United|Finland|Sweden|Norway)\b)"
    r"(?:Co\.\s+)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?=\s*(?:[,.;)\n]|$|" + _UK_POSTCODE + r"))){0,2}"
    r"(?:,?\s*" + _UK_POSTCODE + r")?"
)
# Estonian: "Tartu mnt 55-12", "Pikk tn 3", "Narva maantee 7".
_ESTONIAN_ADDRESS = re.compile(
    r"(?<![\w-])(?-i:[A-ZÄÖÜÕ])[\w-]+\s+(?:mnt|tn|pst|tänav|maantee|puiestee)\.?\s+\d{1,4}"
    r"(?:[-/]\d{1,4})?[a-z]?(?![\w])(?:\s*,?\s*\d{5}(?!\d))?"
)


# Streets named by their kind in French, Spanish, Italian, Portuguese, Polish, Ukrainian and
# Russian ("7 Rue des Lilas, 75012 Paris", "Calle del Mar 14, 3º B, 29640 Fuengirola", "Via Roma
# 15", "vul. Khreshchatyk 22, kv. 14"), with a flat and the postal code and town after them; a
# house number before or after is required (a street's name alone is no one's home).
_STREET_KIND = (
    r"(?:Rue|Avenue|Boulevard|Chemin|Impasse|Calle|Avenida|Paseo|Plaza|Camino|Via|Viale|Piazza"
    r"|Corso|Rua|Travessa|Praça|vul\.|vulytsia|vulitsa|ul\.|ulica|ulitsa|prospekt|prosp\.)"
)
_STREET_PARTICLE = r"(?:(?:de|del|de\s+la|des|du|della|delle|dei|di|da|do|dos|das|la|le|les)\s+)"
_FOREIGN_ADDRESS = re.compile(
    r"(?<![\w-])(?P<before>\d{1,4}[a-z]?,?\s+)?"
    + _STREET_KIND
    + r"\s+"
    + _STREET_PARTICLE
    + r"*[A-ZÀ-ÝŁŚŻ][\w'’-]+(?:\s+"
    + _STREET_PARTICLE
    + r"*[A-ZÀ-ÝŁŚŻ][\w'’-]+){0,2}"
    r"(?P<after>,?\s+\d{1,4}[a-z]?(?![\w.,]\d|\w))?"
    r"(?:,?\s*(?:\d{1,2}\s?[º°]\s*[A-Z0-9]?|kv\.\s*\d{1,4}|m\.\s*\d{1,4}|apt\.?\s*\d{1,4}))?"
    r"(?:,?\s*\d{5}(?!\d)\s+[A-ZÀ-Ý][\w'-]+)?"
)


# A Finnish or Swedish street in English order, the number first ("14 Linnankatu B 6, 87100
# Kajaani"): the street in its base form, and a staircase or a postal code after it, or "at",
# "on" or "address" before it (not "kello 10 Kauppakadulla", "bussi 4 Kauppakatu").
_NUMBER_FIRST_ADDRESS = re.compile(
    r"(?<![\w.,-])(?P<before>(?:Flat|Apt\.?|Apartment|Unit)\s+\w{1,4},?\s+)?(?!(?:19|20)\d\d\b)\d{1,4}[a-zA-Z]?[ \t]+(?P<word>(?-i:[A-ZÅÄÖ])[^\W\d_]{2,}?(?:"
    + "|".join(sorted(_STREET_FORMS, key=len, reverse=True))
    + r"))(?![\w-])(?P<flat>[ \t]+(?-i:[A-H])(?:[ \t]?\d{1,3})?(?![\w])"
    r"|,?[ \t]*(?:flat|apt\.?|apartment|unit)[ \t]+\w{1,4}(?![\w]))?"
    r"(?P<postal>,?[ \t]*\d{5}(?!\d)" + _POST_TOWN + r")?"
)
_NUMBER_FIRST_CUE = re.compile(
    r"\b(?:(?:live[sd]?|living|stay(?:s|ed|ing)?)\s+at|moved\s+to|address|osoite|adress|"
    r"adressen)\W{0,3}$",
    re.I,
)
# A postal code and town written before the street ("87100 Kajaani, Lönnrotinkatu 22 A 3").
_POSTAL_BEFORE = re.compile(r"(?<![\w-])\d{5}[ \t]+(?-i:[A-ZÅÄÖ])[^\W\d_]+(?:-[^\W\d_]+)?,[ \t]*$")


def _address_key(street_word: str, number: str) -> tuple[str, str]:
    """(street in base form, house number) for comparing an address with the allow-list."""
    word = street_word.casefold()
    for form in sorted(_STREET_BASE, key=len, reverse=True):
        if word.endswith(form):
            word = word[: -len(form)] + _STREET_BASE[form]
            break
    return word, re.sub(r"\s+", "", number).casefold()


def address_keys(addresses: Iterable[str]) -> frozenset[tuple[str, str]]:
    """The keys of the addresses in `addresses` (unit addresses that stay visible)."""
    keys = set()
    for address in addresses:
        for match in _ADDRESS.finditer(address or ""):
            keys.add(_address_key(match.group("word"), match.group("number")))
    return frozenset(keys)


def address_spans(text: str) -> list[str]:
    """The street addresses written in `text` (to build an allow-list from unit data)."""
    return [m.group().strip(" ,") for m in _ADDRESS.finditer(text or "")]


_TOWN_AFTER = re.compile(r",[ \t]*(?P<town>(?-i:[A-ZÅÄÖ])[^\W\d_]+(?:-[^\W\d_]+)?)(?![\w-])")
# A flat after the house number or the town ("…, lägenhet 4", "Puistokatu 22, door A3"). A
# town after "i" or "in" is left visible: most writers keep it ("Bäckvägen 2 i Kajana").
_FLAT_AFTER = re.compile(
    r",?[ \t]*(?:lägenhet|lgh\.?|bostad|bost\.?|flat|apt\.?|apartment|door|asunto|as\.)[ \t]*"
    r"[A-Za-z]?\d{1,4}[A-Za-z]?(?![\w])",
    re.IGNORECASE,
)


# A town of the lists in its base form right after the house number, with no comma, or on the
# next line, closing the clause ("Lönnrotinkatu 14 D 30 Kajaani", "ETELÄKATU 9 B 12 KAJAANI",
# "Peltokuja 4\nPaltamo"), or in lower case after a comma ("torggatan 4 b 9, kajana").
_BARE_TOWN_AFTER = re.compile(
    r"(?:[ \t]+|[ \t]*\n[ \t]*|,[ \t]*(?=[a-zåäö]))(?P<town>[^\W\d_]{3,})"
    r"(?=[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:ja|och|and)\b|[ \t]+[A-ZÅÄÖ]{2,}\b)"
)


def _with_flat_and_town(text: str, end: int) -> int:
    """Where an address ends after its house number or town at `end`: with a flat after it, and
    a town of the lists in its base form with no comma or on the next line."""
    town = _BARE_TOWN_AFTER.match(text, end)
    if town and town.group("town").casefold() in PLACES:
        following = text[town.end() : town.end() + 20].lstrip(" \t")[:1]
        # a word in capitals after the town only when the town is in capitals too
        if not following.isupper() or town.group("town").isupper():
            end = town.end()
    flat = _FLAT_AFTER.match(text, end)
    return flat.end() if flat else end


def _with_town(text: str, match: re.Match[str]) -> int:
    """Where an address ends: with the town when one follows the house number after a comma
    and no postal code came between ("Ratakatu 16 B 9, Kajaani"), so that a home's full
    postal address is one finding, as with a postal code. The town is a place of the lists, or a
    capitalised word that closes the clause (a village: "Lentiirantie 1475, Lentiira.")."""
    if match.group("postal"):
        return match.end()
    after = _TOWN_AFTER.match(text, match.end())
    if not after:
        return _with_flat_and_town(text, match.end())
    town = after.group("town").casefold()
    closes = re.match(r"\s*(?:[,.;:!?)\n]|$)", text[after.end() :])
    common = max(masking_tagger.zipf(town)) >= 3  # "Tervetuloa.", "Aivan.", "Kotihoito."
    if _is_place(town) or (closes and not common and not _plain_word(town)):
        return _with_flat_and_town(
            text, after.end()
        )  # a village closing the clause ("..., Lentiira.")
    return _with_flat_and_town(text, match.end())


# A unit's or an office's name, or a visiting address's label, right before an address: the
# address is the unit's, public ("Suomussalmen terveysasema, Kiannankatu 2", "Kajaanin
# terveysasema (Sotkamontie 13)", "Terveysasema Kajaani, Satamakatu 2", "Käyntiosoite:
# Kauppakatu 1, 87100 Kajaani", "Paikka: Sotkamon kirjasto, Kauppatie 5").
_UNIT_BEFORE_ADDRESS = re.compile(
    r"(?<![\w-])(?:\w*terveysasema|hälsocentral(?:en)?|\w*sairaala|\w*sjukhus(?:et)?|hospital|"
    r"health\s+cent(?:re|er)|\w*hammashoitola|tandvård(?:en)?|tandklinik(?:en)?|kirjasto|"
    r"bibliotek(?:et)?|library|\w*neuvola|rådgivning(?:en)?|apteekki|apotek(?:et)?|pharmacy|"
    r"\w*toimisto|kansli(?:et)?|office|sote-keskus|\w*palvelukeskus|\w*poliklinikka|klinikka|"
    r"klinik(?:en)?|clinic|hyvinvointialue|välfärdsområde(?:t)?|kirjaamo|asiakaspalvelu|"
    r"potilasasiamies|käyntiosoite|besöksadress(?:en)?|visiting\s+address|paikka|plats|venue|"
    r"location)"
    r"(?:[ \t]+(?-i:[A-ZÅÄÖ])[\w-]+)?[ \t]*[,(:][ \t]*$",
    re.IGNORECASE,
)


# "I live near the hospital, Koulukatu 12": a home by a unit, not the unit's address.
_NEAR_BEFORE = re.compile(
    r"(?:near|next\s+to|opposite|by|beside|lähellä|vieressä|vastapäätä|nära|bredvid|"
    r"mittemot|intill|vid|bor|asun|asuu|live|lives|living)\W+(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)


def _address_findings(text: str, keep: frozenset[tuple[str, str]]) -> list[Finding]:
    findings = []
    for match in _ADDRESS.finditer(text):
        word = match.group("word")
        folded = word.casefold()
        ending = next(
            (f for f in sorted(_STREET_BASE, key=len, reverse=True) if folded.endswith(f)), None
        )
        if ending is None:
            continue  # "KAUPPATİE": a dotted capital I casefolds to two characters
        if len(folded) - len(ending) < 2 and match.group("street") == word:
            continue  # "tie 5", "torg 3": the bare common noun ("Lilla Torget 4" is a street)
        if folded in _ROAD_NUMBER_WORDS:
            continue
        if not match.group("flat") and (_address_key(word, match.group("number")) in keep):
            continue  # the county's own unit: public, stays visible
        start = match.start("street") if match.group("street") else match.start()
        unit_before = _UNIT_BEFORE_ADDRESS.search(
            text, max(text.rfind("\n", 0, start) + 1, start - 60), start
        )
        if (
            not match.group("flat")
            and unit_before
            and not _NEAR_BEFORE.search(text, max(0, unit_before.start() - 30), unit_before.start())
            and not re.match(
                r"[^\n]{0,30}\((?:my|oma|min|mitt|minun)\b",
                text[match.end() : match.end() + 40],
                re.I,
            )
        ):
            continue  # "Suomussalmen terveysasema, Kiannankatu 2", "Käyntiosoite: Kauppakatu 1"
        before = _POSTAL_BEFORE.search(text, max(0, start - 40), start)
        if before:
            start = before.start()
        end = _with_town(text, match)
        low = match.group("lowtown")
        if low and any(ch.isupper() for ch in text) and not _is_place(low):
            end = match.start("lowtown")  # "Kauppakatu 5, 87100 mutta": a word, no town
            while text[end - 1].isspace():
                end -= 1
        findings.append(Finding(ADDRESS, start, end))
    for match in _ABBREVIATED_ADDRESS.finditer(text):
        findings.append(Finding(ADDRESS, match.start(), _with_town(text, match)))
    for match in _NUMBER_FIRST_ADDRESS.finditer(text):
        if (
            match.group("flat")
            or match.group("postal")
            or match.group("before")
            or _NUMBER_FIRST_CUE.search(text, max(0, match.start() - 12), match.start())
        ):
            end = match.end()
            town = None if match.group("postal") else _TOWN_AFTER.match(text, end)
            if town and _is_place(town.group("town").casefold()):
                end = town.end()  # "14 Vuokatintie, Sotkamo"
            findings.append(Finding(ADDRESS, match.start(), end))
    for pattern in (_PO_BOX, _ENGLISH_ADDRESS, _ESTONIAN_ADDRESS, _UK_POSTCODE_ALONE):
        for match in pattern.finditer(text):
            findings.append(Finding(ADDRESS, match.start(), match.end()))
    for match in _FOREIGN_ADDRESS.finditer(text):
        named = re.search(r"[A-ZÀ-ÝŁŚŻ][\w'’-]+", text[match.start() : match.end()][4:])
        if named and _is_place(named.group().casefold()):
            continue  # "Via Kajaani 2 buses go"
        if match.group("before") or match.group("after"):
            findings.append(Finding(ADDRESS, match.start(), match.end()))
    return findings


# Finnish case endings and the Swedish genitive, for matching simple inflected names.
_ENDING_WORDS = (
    "n a ä lle lla llä lta ltä ssa ssä sta stä ksi na nä ta tä in ien hin han hen hön s ineen ne"
)
_ENDINGS = tuple(
    sorted(
        _ENDING_WORDS.split(),
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class MaskResult:
    text: str
    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(f.kind for f in self.findings)


def identity_code_check(digits: str) -> str:
    """The check character for the nine digits DDMMYYZZZ."""
    return CHECK_CHARACTERS[int(digits) % 31]


def is_valid_identity_code(code: str) -> bool:
    match = _IDENTITY.fullmatch(code.strip())
    return bool(match) and _classify_identity(match) == IDENTITY_CODE


def _with_extension(text: str, finding: Finding) -> Finding:
    extension = _PHONE_EXTENSION.match(text, finding.end)
    return Finding(PHONE, finding.start, extension.end()) if extension else finding


def _without_sign_is_a_code(match: re.Match[str]) -> bool:
    day, month, year, individual, check = match.groups()
    if identity_code_check(day + month + year + individual) != check.upper():
        return False
    for century in (1900, 2000):
        try:
            date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


# The shape of an identity code with a letter O in a digit's place.
_IDENTITY_LETTER_O = re.compile(
    r"(?<![0-9A-Za-z])[\dOo]{6}[-+A-FU-Y][\dOo]{3}[0-9A-Y](?![0-9A-Za-z])", re.IGNORECASE
)
_O_TO_ZERO = str.maketrans({"O": "0", "o": "0"})


def _classify_identity(match: re.Match[str]) -> str:
    day, month, year, sign, individual, check = match.groups()
    try:
        # A word processor may turn the hyphen into a dash (U+2013 in "131052\u2013308T").
        sign = "-" if sign in "\u2010\u2011\u2013\u2212" else sign
        date(CENTURIES[sign.upper()] + int(year), int(month), int(day))
    except ValueError:
        return POSSIBLE_IDENTITY_CODE
    if identity_code_check(day + month + year + individual) != check.upper():
        return POSSIBLE_IDENTITY_CODE
    return IDENTITY_CODE


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _name_forms(names: Iterable[str]) -> frozenset[str]:
    parts = set()
    for name in names:
        for part in _WORD.findall(name or ""):
            if len(part) >= 2:
                parts.add(part.casefold())
    return frozenset(parts)


_VOWELS = "aeiouyäöå"


def _i_after_consonant(stem: str, names: frozenset[str]) -> bool:
    """A name ending in a consonant takes an "i" before a case ending: Oleksandr → Oleksandri-lle,
    Ahmed → Ahmedi-n."""
    return stem[-1] == "i" and stem[-2] not in _VOWELS and stem[:-1] in names


def _matches_name(word: str, names: frozenset[str]) -> bool:
    """Whether `word` (casefolded) is one of `names` or a simple inflected form of one."""
    if word in names:
        return True
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            if stem in names:
                return True
            if len(stem) >= 4 and _i_after_consonant(stem, names):
                return True
            # Virtanen → Virtase-lle, Virtas-ta
            if stem.endswith(("se", "s")) and (stem.rstrip("e")[:-1] + "nen") in names:
                return True
            # consonant gradation: Mikko → Miko-n, Pekka → Peka-lle, Matti → Mati-lta
            if (
                len(stem) >= 3
                and stem[-2] in "kpt"
                and stem[-3] != stem[-2]
                and stem[-1] in "aeiouyäö"
                and ending[0] in "nlsk"
                and (stem[:-1] + stem[-2] + stem[-1]) in names
            ):
                return True
    return False


_PLACE_ENDINGS = frozenset(
    [
        "n",
        "ssa",
        "ssä",
        "sta",
        "stä",
        "lla",
        "llä",
        "lta",
        "ltä",
        "lle",
        "na",
        "nä",
        "ksi",
        "an",
        "en",
        "in",
        "on",
        "un",
        "yn",
        "än",
        "ön",
        "hin",
        "s",
    ]
) | {""}


@lru_cache(maxsize=4096)
def _is_place(folded: str) -> bool:
    """A municipality, town or country of `PLACES`, in any case form ("Kajaanissa", "Kuhmoon",
    "Suomussalmella"), but not a surname built on one ("Suominen")."""
    for place in PLACES:
        if not folded.startswith(place[:3]):
            continue
        stems = {place, place[:-1], place[:-1] + "e"} if place[-1] in "aeiouyäö" else {place}
        for stem in stems:
            if folded.startswith(stem) and folded[len(stem) :] in _PLACE_ENDINGS:
                return True
    return False


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“”«»(")
    return not before or before[-1] in ".!?:\n" or text[:start].endswith("\n")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


_CALENDAR_WORDS = """monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december måndag tisdag onsdag
torsdag fredag lördag söndag"""
_CALENDAR = frozenset(_CALENDAR_WORDS.split())


def _calendar_or_acronym(word: str) -> bool:
    """ "I called Monday", "called KELA": not names."""
    return word.casefold() in _CALENDAR or (len(word) > 1 and word.isupper())


# Abbreviated titles that end in a dot ("Dr. Okafor", "tri Virtanen").
_TITLE_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "prof", "tri", "rva", "hra", "lääk"})
# Capitalised words that follow a title without being a name ("the doctor I saw").
_NEVER_NAMES_WORDS = """i'm i've i'd i'll it's it the this that we they he she you my our and but
or so ja ei se hän he me nyt niin mutta och men det jag vi han hon ni inte"""
_NEVER_NAMES = frozenset(_NEVER_NAMES_WORDS.split())


def _shouted(words: list[re.Match[str]], i: int) -> bool:
    word = words[i].group()
    if len(word) < 2 or not word.isupper():
        return False
    return any(
        0 <= j < len(words) and len(words[j].group()) > 1 and words[j].group().isupper()
        for j in (i - 1, i + 1)
    )


def _is_ambiguous(folded: str) -> bool:
    """An everyday word that is also a name, or an inflected form of one ("Toivon" = I hope,
    the genitive of Toivo)."""
    if folded in AMBIGUOUS:
        return True
    return folded not in ALL_NAMES and _matches_name(folded, AMBIGUOUS)


# Finnish endings on a name from another country's list, with "i" after a consonant
# ("Draganille", "Wanidalle"); not the genitive, the partitive or the Swedish genitive, which
# would take "Guardian", "China", "Lagos" or "Finns" for names.
_REGISTER_ENDINGS = ("lle", "lta", "ltä", "lla", "llä", "sta", "stä", "ssa", "ssä")


@lru_cache(maxsize=8192)
def _register_name(folded: str) -> bool:
    """A weak name of `REGISTER_ONLY`, as it is or with a Finnish ending on a stem of four
    letters or more."""
    if folded in REGISTER_ONLY:
        return True
    for ending in _REGISTER_ENDINGS:
        if folded.endswith(ending):
            stem = folded[: -len(ending)]
            if len(stem) >= 4 and (
                stem in REGISTER_ONLY or _i_after_consonant(stem, REGISTER_ONLY)
            ):
                return True
    return False


def _looks_like_surname(word: str) -> bool:
    """A capitalised word with a typical Finnish or Swedish surname ending ("Nevalainen",
    "Nyström"), not a known place."""
    folded = word.casefold()
    if folded in PLACES_WITH_NAME_ENDINGS or len(folded) < 5 or not word[1:].islower():
        return False
    if any(folded.endswith(e) and len(folded) >= len(e) + 3 for e in FINNISH_SURNAME_ENDINGS):
        return True
    return any(folded.endswith(e) and len(folded) >= len(e) + 2 for e in SWEDISH_SURNAME_ENDINGS)


@lru_cache(maxsize=8192)
def _title_like(word: str) -> bool:
    folded = word.casefold().rstrip(".")
    return folded in _TITLE_WORDS or folded.endswith(TITLE_ENDINGS) or folded in _TITLE_TYPOS


def _first_name_or_full_name(words: list[re.Match[str]], i: int) -> bool:
    """A listed first name that is no everyday word, or any word with a surname after it ("det
    här är margareta holmberg", "tässä on Toivo Hirvikangas"); not "Det här är Kajanaland",
    "tässä on onni ollut"."""
    if _plain_first_name(words[i].group().casefold()):
        return True
    if i + 1 >= len(words):
        return False
    glued = words[i].string[words[i].end() : words[i + 1].start()] == " "
    return glued and _surname_like(words[i + 1].group().casefold())


_CALLERS = frozenset(
    {"we", "they", "everyone", "everybody", "people", "all", "kids", "i", "grandkids", "vi", "alla"}
)


_CLAUSE_END = re.compile(r"[ \t]*(?:$|[,.;:!?)\n])")


def _ends_a_clause(words: list[re.Match[str]], i: int) -> bool:
    """words[i], or words[i] and one capitalised word after it, end the clause ("Name
    Chukwuemeka", "Mitt namn Davood, tel …"; not "Name Tag was missing")."""
    text = words[i].string
    if _CLAUSE_END.match(text, words[i].end()):
        return True
    return (
        i + 1 < len(words)
        and text[words[i].end() : words[i + 1].start()] == " "
        and _is_capitalised(words[i + 1].group())
        and bool(_CLAUSE_END.match(text, words[i + 1].end()))
    )


_PRESENTING_VERBS = frozenset(
    {"on", "är", "kirjoittaa", "puhuu", "soittaa", "skriver", "ringer", "talar", "puhelimessa"}
)


# Who the name belongs to, before a label ("Potilaan nimi:", "Barnets namn:", "Patient's
# name:"); a label with none of these must stand alone ("Nimi: …"), not "Lääkkeen nimi: Burana".
_LABEL_OWNERS = frozenset(
    [
        "potilaan",
        "asiakkaan",
        "lapsen",
        "huoltajan",
        "omaisen",
        "äidin",
        "isän",
        "hakijan",
        "oma",
        "my",
        "your",
        "his",
        "her",
        "patient's",
        "patient",
        "child's",
        "mother's",
        "father's",
        "applicant's",
        "customer's",
        "contact",
        "full",
        "first",
        "last",
        "patientens",
        "kundens",
        "barnets",
        "mitt",
        "ditt",
        "hans",
        "hennes",
        "sökandens",
    ]
)


def _label_before(words: list[re.Match[str]], i: int) -> bool:
    """words[i] follows a form's label and a colon ("Nimi: Emma", "Potilaan nimi: Emma",
    "Potilas: Aili", the last only for a name of the lists)."""
    if i < 1:
        return False
    label = words[i - 1].group().casefold()
    if label in PERSON_LABELS:
        # a name of the lists that is no everyday word, closing the line or before a surname
        # ("Potilas: Aili Virtanen", "From: Marites"; not "Potilas: Toivo parantua on suuri",
        # "Patient: Will be discharged", "Patient: Ward 3")
        word = words[i].group().casefold()
        if _plain_word(word) or _is_ambiguous(word) or word in NAME_WORDS:
            return False
        if word in DICTIONARY_WORDS or max(masking_tagger.zipf(word)) >= 4:
            return False
        if not (_tagger_first_name(word) or word in SURNAMES):
            return False
        rest = words[i].string[words[i].end() :]
        if not re.match(r"[ \t]*(?:$|[\n,.;]|(?-i:[A-ZÅÄÖ]))", rest):
            return False
    elif label not in NAME_LABELS:
        return False
    elif words[i].group().casefold() in _MAILBOX_WORDS:
        return False  # "Lähettäjä: Kirjaamo, Kainuun hyvinvointialue": an office
    text = words[i].string
    if text[words[i - 1].end() : words[i].start()].strip() != ":":
        return False
    if _at_sentence_start(text, words[i - 1].start()):
        return True
    before = words[i - 2].group().casefold() if i >= 2 else ""
    return before in _LABEL_OWNERS


def _naming_cue(words: list[re.Match[str]], i: int) -> bool:
    """The word before introduces a name: "nimeltä", "heter", or "nimeni on", "my name is"."""
    if i < 1:
        return False
    previous = words[i - 1].group().casefold()
    if previous in NAMING_WORDS or previous in {"name's", "name\u2019s"}:
        return True
    between = words[i].string[words[i - 1].end() : words[i].start()]
    if _label_before(words, i):  # "Nimi: Emma"
        return _is_capitalised(words[i].group()) or _plain_first_name(words[i].group().casefold())
    if i >= 2 and previous in NAME_VERBS and words[i - 2].group().casefold() in NAME_NOUNS:
        return True
    before_previous = words[i - 2].group().casefold() if i >= 2 else ""
    weak = (
        # "we call him Väiski", "kutsumme häntä Masaksi"; not "please call me Back"
        (
            previous in {"him", "her", "them", "henne", "honom"}
            and before_previous in {"call", "calls", "kallar"}
            and i >= 3
            and words[i - 3].group().casefold() in _CALLERS
        )
        # "(called her kaija?)", "vi kallade henne Noi", "vi säger Majsan": a first name of the
        # lists or a word no dictionary knows (not "she called him Back")
        or (
            (
                (
                    (previous in {"him", "her", "henne", "honom"})
                    and before_previous in {"called", "kallade"}
                )
                or (previous == "säger" and before_previous in {"vi", "alla"})
            )
            and (
                words[i].group().casefold() in FIRST_NAMES
                or max(masking_tagger.zipf(words[i].group().casefold())) < 3
            )
        )
        or (previous == "häntä" and before_previous.startswith("kutsu"))
        # "tässä on pertti kauppinen", "det här är margareta", "tässä kirjoittaa lempi"
        or (
            previous in _PRESENTING_VERBS
            and before_previous in {"tässä", "här", "täällä"}
            and _first_name_or_full_name(words, i)
        )
        # "I am Sofiia", "Minä olen Siriwan", "Jag är Sunisa": a given name of the lists (not
        # "I am Deaf", "I am Ukrainian")
        or (
            (
                (previous == "am" and before_previous == "i")
                or (previous in {"olen", "oon"} and before_previous in {"minä", "mä", "mie"})
                or (previous == "är" and before_previous == "jag")
            )
            and (
                words[i].group().casefold() in FIRST_NAMES
                or words[i].group().casefold() in REGISTER_GIVEN_ANY
                or _register_name(words[i].group().casefold())
            )
        )
        # "Mitt namn Davood", "my name Chukwuemeka", "Name Chukwuemeka" at the end
        or (
            previous in {"name", "namn", "nimi", "nimeni"}
            and between == " "
            and (
                before_previous in {"my", "mitt", "min", "minun"}
                or _at_sentence_start(words[i].string, words[i - 1].start())
            )
            and _ends_a_clause(words, i)  # "Name Chukwuemeka", not "Name Tag was missing"
        )
    )
    if not weak:
        return False
    word = words[i].group()
    folded = word.casefold()
    if _title_like(word) or _is_relation(folded) or _is_relation(folded.removesuffix("ksi")):
        return False  # "Kutsun häntä Mummoksi", "Kutsumme häntä Omahoitajaksi"
    # in lower case only a listed first name ("tässä on pertti kauppinen"), not "call me tmrw"
    written_as_name = (
        (_is_capitalised(word) and not word.isupper())
        or _plain_first_name(folded)
        # "tässä kirjoittaa lempi kyllönen": a listed name that is a word, before a surname
        or _first_name_or_full_name(words, i)
    )
    return (
        written_as_name
        and not _plain_word(folded)
        and not _is_place(folded)
        and folded not in NOT_NAMES_HERE
    )


def _surname_like(folded: str) -> bool:
    """A surname by list or by ending, whatever the letter case ("LAUKKANEN", "sundqvist")."""
    if folded in AMBIGUOUS or folded in PLACES_WITH_NAME_ENDINGS:
        return False
    if folded in ALL_NAMES:
        return True
    if len(folded) < 5:
        return False
    if any(folded.endswith(e) and len(folded) >= len(e) + 3 for e in FINNISH_SURNAME_ENDINGS):
        return True
    return any(folded.endswith(e) and len(folded) >= len(e) + 2 for e in SWEDISH_SURNAME_ENDINGS)


def _plain_first_name(folded: str) -> bool:
    """A first name that is no everyday word, so it is a name in any letter case."""
    return (
        len(folded) >= 3
        and folded in FIRST_NAMES
        and folded not in AMBIGUOUS
        and folded not in _CALENDAR
        and folded not in _NEVER_NAMES
    )


# Finnish surname endings that no common adjective after a title takes ("laatikainen",
# "korhonen"; not "kiireinen", "jokainen", "sellainen").
_SURNAME_NEN = ("ainen", "äinen", "anen", "onen", "önen", "enen", "unen", "ynen")
_ADJECTIVE_NEN = ("mainen", "väinen", "llinen", "lainen", "läinen")
_NEN_WORDS = frozenset(
    [
        "jokainen",
        "sellainen",
        "tällainen",
        "tuollainen",
        "millainen",
        "minkälainen",
        "semmoinen",
        "tämmöinen",
        "punainen",
        "toinen",
        "ensimmäinen",
        "viimeinen",
        "nuorempi",
        "vanhempi",
        "uusi",
        "kymmenen",
        "sijainen",
        "omainen",
        "ihminen",
        "nainen",
        "tyytyväinen",
        "tilapäinen",
        "iloinen",
        "vihainen",
        "kiireinen",
    ]
)


def _surname_by_ending(folded: str) -> bool:
    return (
        len(folded) >= 7
        and folded.endswith(_SURNAME_NEN)
        and not folded.endswith(_ADJECTIVE_NEN)
        and folded not in _NEN_WORDS
        and folded not in NAME_WORDS
    )


_MODALS = frozenset({"will", "may", "can", "must", "shall", "would", "could", "should", "might"})


def _relation_in_capitals(words: list[re.Match[str]], k: int) -> bool:
    """words[k] is a relative's word ("SON", "VAIMONI", "FAR"), perhaps after "MY"/"MIN"."""
    folded = words[k].group().casefold()
    if folded in {"son", "far", "mor", "bror", "syster", "dotter", "man", "fru"}:
        # Swedish and English words that are common otherwise: only after a possessive
        return k > 0 and words[k - 1].group().casefold() in {"my", "min", "mitt", "our", "vår"}
    return _is_relation(folded)


_SOMEONE = frozenset({"joku", "eräs", "nån", "någon"})
_IN_A_PLACE = ("ssa", "ssä", "sta", "stä", "an", "en", "in", "on", "un", "yn", "än", "ön")
_PLAIN_FIRST_NAMES = frozenset(n for n in FIRST_NAMES if _plain_first_name(n))


@lru_cache(maxsize=8192)
def _lower_case_first_name(folded: str) -> bool:
    """A listed first name that is no everyday word, as it is or inflected ("jonnelle",
    "sarille", "tessan")."""
    if folded in NAME_WORDS or folded in DICTIONARY_WORDS or _is_place(folded):
        return False  # "mulla on maha kipeä", "det var heta dagar", "salla on kaukana"
    if _plain_first_name(folded):
        return True
    return _inflected_first_name(folded)


@lru_cache(maxsize=8192)
def _inflected_first_name(folded: str) -> bool:
    """An inflected listed first name that is no everyday word ("jonnelle", "sarille")."""
    return (
        len(folded) >= 5
        and not _is_ambiguous(folded)
        and folded not in ALL_NAMES
        and not folded.endswith(_IN_A_PLACE)  # "wilmassa", "millasta"
        and _matches_name(folded, _PLAIN_FIRST_NAMES)
    )


_STOP_AFTER_CUE = frozenset(
    [
        "not",
        "ei",
        "en",
        "inte",
        "also",
        "myös",
        "också",
        "the",
        "a",
        "an",
        "ett",
        "on",
        "is",
        "was",
        "oli",
        "är",
        "var",
        "and",
        "ja",
        "och",
        "to",
        "i",
        "in",
        "at",
        "on",
        "my",
        "mun",
        "min",
        "mitt",
        "minun",
    ]
)


# A signature mark before the last words: "- Ron", "//tomas" (not "4-month", "040/712").
_SIGNATURE_BEFORE = re.compile(r"(?:^|\s)(?:-|//|/|\u2013|\u2014)\s*$")
# Names that are also verbs at the start of a sentence ("Will you…", "Toivon, että…" = I hope):
# a name found elsewhere in the text is not taken to recur in them there.
_VERB_LIKE = frozenset(
    [
        "will",
        "may",
        "mark",
        "bill",
        "hope",
        "toivon",
        "toivoa",
        "uskon",
        "uskoa",
        "ville",
        "klara",
        "alla",
        "per",
        "ainoa",
        "ainoan",
        "ainoat",
        "onnea",
        "onneksi",
        "lumen",
        "lunta",
        "satuin",
        "sadun",
        "pian",
    ]
)


_CONTACT_WORDS = frozenset(
    [
        "tel",
        "tel.",
        "puh",
        "puh.",
        "p.",
        "tfn",
        "tfn.",
        "phone",
        "gsm",
        "email",
        "e-mail",
        "sähköposti",
        "e-post",
        "mob.",
        "mob",
    ]
)


def _contact_token(token: str, phone_sized: bool) -> bool:
    """A phone number's or an email's piece, or its label, after a signature (digits only when
    the rest holds a phone number's worth of them)."""
    folded = token.casefold().strip(",;")
    return (
        not folded
        or (phone_sized and any(ch.isdigit() for ch in folded))
        or "@" in folded
        or folded in _CONTACT_WORDS
        or not any(ch.isalnum() for ch in folded)  # a dash or a comma, not "2" in "Osasto 2"
    )


def _after_signature_mark(between: str, previous: str) -> bool:
    """The word stands after a signature mark: "- Ron", "//tomas", "t. jonde" (not "4-month",
    "040/712")."""
    return bool(_SIGNATURE_BEFORE.search(between)) or (previous == "t" and between.strip() == ".")


def _near_end(words: list[re.Match[str]], i: int) -> bool:
    """Only this word and perhaps one capitalised word (a surname) are left: a signature, not
    "Kiitos, Hyvää päivänjatkoa!"."""
    left = len(words) - i - 1  # no copy of the rest: this runs for many words of a long text
    return left == 0 or (left == 1 and _is_capitalised(words[i + 1].group()))


def _typed_lower(text: str) -> bool:
    """A text typed without capitals: it starts in lower case and has at most one capitalised
    word ("moi mun mummo aino…", "hej, ringer ni…"), unlike a one-sentence text that merely
    starts with a capital ("The doctor will call me tomorrow.")."""
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first or first.isupper():
        return False
    return sum(1 for w in _WORD.findall(text) if w[:1].isupper()) <= 1


def _strong_cue(words: list[re.Match[str]], i: int) -> bool:
    """ "heter", "nimeltä", "my name is": a name follows; not "called", "named", "kallas", which
    are also ordinary verbs ("nobody called me")."""
    previous = words[i - 1].group().casefold() if i else ""
    return previous not in {"called", "named", "kallas", "kallad", "call"}


# Words that may stand between thanks and the person thanked ("kiitos tosi paljon riitta",
# "thank you so much mary", "tack så mycket maja").
_THANKS_FILLERS = frozenset(
    [
        "tosi",
        "todella",
        "paljon",
        "kovasti",
        "suuresti",
        "taas",
        "vielä",
        "myös",
        "isosti",
        "you",
        "so",
        "very",
        "much",
        "again",
        "så",
        "mycket",
        "hemskt",
        "jätte",
        "stort",
        "igen",
        "också",
    ]
)


def _after_thanks(words: list[re.Match[str]], i: int) -> bool:
    for j in range(i - 1, max(i - 5, -1), -1):
        word = words[j].group().casefold()
        if word in THANKS:
            return True
        if word not in _THANKS_FILLERS:
            return False
    return False


def _uncapitalised_names(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """Names not written with a capital and a small letter, which the rules for capitalised
    words cannot see (shouting, and texts typed in lower case):
    - a first name on the lists that is no everyday word, in shouting ("RAIMO", "GUNNEL"), and
      a listed surname in shouting;
    - any word after a naming cue ("jag heter erik", "HIS NAME IS PETER NG");
    - a listed first name, everyday word or not, after a word for a relative ("mummo aino",
      "ÄITINI HELMI", "kaveri ville") or a title ("hoitja mervi");
    - a listed first name that is no everyday word after thanks ("kiitos riitta") or joined by
      "ja"/"och"/"and" to a name found ("riitta ja sami");
    - a signature at the end after "t.", "-" or "//" ("t. jonde", "//tomas");
    and the surname-like word after each, in the same letter case."""
    extra: set[int] = set()
    cued: set[int] = set()
    count = len(words)
    lower_text = _typed_lower(text)  # once per text: a long text would make this quadratic
    for i, match in enumerate(words):
        if i in found:
            continue
        word = match.group()
        folded = word.casefold()
        if len(word) < 2 or (_is_capitalised(word) and not word.isupper()):
            continue
        previous = words[i - 1].group().casefold() if i else ""
        between = text[words[i - 1].end() : match.start()] if i else ""
        if (
            _naming_cue(words, i)
            and folded not in _STOP_AFTER_CUE
            and folded not in _CALENDAR
            and not _is_place(folded)
            and _strong_cue(words, i)
            and between.strip() in ("", ":")
            and (folded in FIRST_NAMES or (word.isupper() and _shouted(words, i)) or lower_text)
        ):
            extra.add(i)
            cued.add(i)
            continue
        if (
            word.islower()
            and previous in _SOMEONE
            and len(folded) >= 4  # "någon dag", "nån gång"
            and (_plain_first_name(folded) or (folded in SURNAMES and not _is_ambiguous(folded)))
            and folded not in NAME_WORDS
            and between == " "
        ):
            extra.add(i)  # "hoitaja joku tiina", "ennen sitä joku kirsi"
            continue
        if (
            word.islower()
            and (
                lower_text
                or (
                    len(folded) >= 4
                    and _plain_first_name(folded)
                    and _lower_case_first_name(folded)
                )
            )
            and (
                _lower_case_first_name(folded)
                # "heikkilä oli tosi tyly"; not "reitti on aika mäkinen", "needs a walker"
                or (
                    len(folded) >= 5
                    and folded in SURNAMES
                    and not _is_ambiguous(folded)
                    and folded not in NAME_WORDS
                    and folded not in DICTIONARY_WORDS
                    and not _is_place(folded)
                )
            )
        ):
            # "kiitos jonnelle ja sarille", "hej jag undrar om johanna": in a text typed in
            # lower case a listed first name that is no everyday word is a name anywhere
            extra.add(i)
            continue
        if (
            (
                (
                    folded in FIRST_NAMES
                    and (folded not in AMBIGUOUS or lower_text or word.isupper())
                )
                # "tohtori laatikainen", "dr hannula": a surname after a title
                or (
                    _title_like(previous)
                    and (
                        (folded in SURNAMES and folded not in AMBIGUOUS)
                        or _surname_by_ending(folded)
                    )
                )
                # "nurse rosalie", "hälsar rebecka": a name from another country's list in a
                # text typed in lower case, or one that is no word anywhere ("kusin tilde")
                or (
                    len(folded) >= 4
                    and folded in REGISTER_ONLY
                    and (
                        lower_text
                        or (
                            not _is_ambiguous(folded)
                            and folded not in NAME_WORDS
                            and (previous in RELATION_WORDS or _title_like(previous))
                        )
                    )
                )
            )
            and i
            and between in (" ", ", ")
            and (_is_relation(previous) or _title_like(previous))
        ):
            extra.add(i)
            continue
        if word.isupper():
            # in shouting a first name alone may be a word ("VILJA" = want, "SUVI" = summer):
            # only a first name next to a surname, or a listed surname, counts
            listed_surname = len(folded) >= 5 and folded in SURNAMES and folded not in AMBIGUOUS
            following = words[i + 1].group() if i + 1 < count else ""
            beside_surname = (
                following.isupper()
                and text[match.end() : words[i + 1].start()] == " "
                and _surname_like(following.casefold())
            )
            given = _plain_first_name(folded) or _register_name(folded)  # "MIN SON LEON LUNDBERG"
            signed = (  # "/ MARIANNE", "T. ESKO" at the end
                _plain_first_name(folded)
                and _after_signature_mark(between, previous)
                and i >= count - 2
            )
            alone = (  # "Ennen oli TIMO ja SIRKKU" (names in capitals in ordinary text)
                _plain_first_name(folded)
                and len(folded) >= 4
                and not _is_place(folded)
                and folded not in NAME_WORDS  # "MULLA ON MAHA KIPEÄ"
                and folded not in DICTIONARY_WORDS  # "Det var HETA dagar"
                and not _shouted(words, i)
            )
            after_title = (  # "DOKTOR KARJALAINEN"
                i > 0
                and _title_like(previous)
                and words[i - 1].group().isupper()
                and between == " "
                and (folded in SURNAMES or _surname_by_ending(folded))
            )
            # "MY SON RICK", "VAIMONI ELVI", "MIN FAR HANS-ERIK": a relative's word in capitals
            # before a given name of the lists, and a surname after it ("MY MOTHER EVELYN BROOKS")
            after_relative = (  # also "My son RICK lives in Florida"
                i > 0
                and between == " "
                and _relation_in_capitals(words, i - 1)
                and all(_closing_given_name(p.title()) for p in folded.split("-"))
                and folded not in _CALENDAR
                and folded not in _NO_NAME_AFTER_GREETING
                and folded not in _MODALS  # "MY MOTHER WILL CALL", "My son MAY come"
                and folded not in NAME_WORDS  # "ÄITI TOIVO ETTÄ"
                and max(masking_tagger.zipf(folded)) < 4.5  # "ISÄ SAI HYVÄÄ HOITOA"
            )
            if (
                listed_surname
                or signed
                or alone
                or after_title
                or after_relative
                or (given and beside_surname and not _is_place(folded))
            ):
                extra.add(i)
                if after_relative and following.isupper() and len(following) > 2:
                    nxt = following.casefold()
                    if _surname_like(nxt) or (
                        not _plain_word(nxt) and max(masking_tagger.zipf(nxt)) < 3
                    ):
                        extra.add(i + 1)
            continue
        if (_plain_first_name(folded) or _inflected_first_name(folded)) and _after_thanks(words, i):
            extra.add(i)
            continue
        tail = text[match.end() :].strip(" .!\n")
        if (
            (
                _after_signature_mark(between, previous)
                or (  # "mvh petra"; not "mvh asukas", "terveisin pettynyt"
                    previous in SIGN_OFFS
                    and between.strip() in ("", ",")
                    and folded in FIRST_NAMES
                    and folded not in AMBIGUOUS
                )
            )
            and (len(tail.split()) <= 2 or _CONTACT_AFTER.match(text, match.end()))
            and folded not in _STOP_AFTER_CUE
            and (folded in FIRST_NAMES or lower_text)
        ):
            extra.add(i)
    for i in range(count - 1):  # "MARK JOHNSON": a listed first name before a surname in capitals
        word = words[i].group()
        if (
            i not in extra
            and (i + 1) in extra
            and word.isupper()
            and word.casefold() in FIRST_NAMES
            and text[words[i].end() : words[i + 1].start()] == " "
        ):
            extra.add(i)
    for i in range(count):  # "riitta ja sami", "TIMO ja SIRKKU"
        if i in found or i in extra:
            continue
        word = words[i].group()
        folded = word.casefold()
        if folded not in FIRST_NAMES or (_is_capitalised(word) and not word.isupper()):
            continue
        joined = (
            i >= 2 and words[i - 1].group().casefold() in _AND_WORDS and (i - 2) in extra
        ) or (i + 2 < count and words[i + 1].group().casefold() in _AND_WORDS and (i + 2) in extra)
        or_joined = (i >= 1 and words[i - 1].group().casefold() in _OR_WORDS) or (
            i + 1 < count and words[i + 1].group().casefold() in _OR_WORDS
        )
        if or_joined and (_is_ambiguous(folded) or folded in NAME_WORDS):
            continue  # "kysy jonnelta tai toivo parasta", "pekka or will you"
        if joined:
            extra.add(i)
    # the surname after a first name found this way, in the same letter case
    for i in sorted(extra):
        j = i + 1
        if j < count and j not in found and text[words[i].end() : words[j].start()] == " ":
            following = words[j].group()
            same_case = following.isupper() if words[i].group().isupper() else following.islower()
            folded = following.casefold()
            cue_name = i in cued and folded not in _STOP_AFTER_CUE and folded not in _AND_WORDS
            initial = len(folded) == 1 and not text[words[j].end() :].strip(" .!\n")
            if same_case and (_surname_like(folded) or folded in ALL_NAMES or cue_name or initial):
                extra.add(j)  # "topias heikkinen", "t. teemu r"
    return extra


def _context_name(words: list[re.Match[str]], i: int, text: str) -> bool:
    """Whether words[i] may be a name by its context: capitalised, no acronym, weekday, month,
    pronoun, place or holiday."""
    word = words[i].group()
    folded = word.casefold()
    return (
        _is_capitalised(word)
        and len(word) > 1
        and not word.isupper()
        and folded not in _NEVER_NAMES
        and not _calendar_or_acronym(word)
        and not _title_like(word)
        and folded not in _TITLE_ABBREVIATIONS
        and not _is_place(folded.split("-")[0])
        and not _matches_name(folded, HOLIDAYS)
    )


_OR_WORDS = frozenset({"tai", "eller", "or"})
_AND_WORDS = frozenset({"ja", "sekä", "och", "and", "&"}) | _OR_WORDS
# Finnish local cases and the genitive: "Äitini Nurmeksessa", "Isäni Parkinsonin tauti" - a
# place or an illness after a relative's word, not the relative's name (which is on the lists).
_LOCAL_CASES = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "seen", "in")


def _local_case_form(folded: str) -> bool:
    """A place's case form after a relative's word ("Äitini Vuolijoella"), not a short name
    that ends so ("min dotter Stella")."""
    return any(folded.endswith(e) and len(folded) - len(e) >= 4 for e in _LOCAL_CASES)


# Finnish relative words with their case endings ("äidille", "poikaani", "lapsen").
_RELATION_PREFIXES = (
    "äiti",
    "äidi",
    "isä",
    "isi",
    "poika",
    "poja",
    "tytär",
    "tyttäre",
    "vaimo",
    "miehe",
    "puoliso",
    "sisko",
    "sisare",
    "velje",
    "mummo",
    "mummi",
    "pappa",
    "papa",
    "vaari",
    "ukki",
    "naapuri",
    "ystävä",
    "kaveri",
    "serkku",
    "serku",
    "setä",
    "sedä",
    "täti",
    "tädi",
    "lapse",
    "isäntä",
    "emäntä",
    "anoppi",
    "anopi",
)


# Words that introduce a role after a name and a comma ("Penny, the receptionist", "Vilja, vår
# dotter", "Joy, our nanny").
_ROLE_DETERMINERS = frozenset(
    [
        "the",
        "our",
        "my",
        "his",
        "her",
        "their",
        "min",
        "mitt",
        "mina",
        "vår",
        "vårt",
        "våra",
        "hans",
        "hennes",
        "deras",
        "meidän",
        "minun",
        "mun",
        "hänen",
        "teidän",
    ]
)


def _appositions(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A name set off by commas next to a title or a relative: after one ("The nurse, Obinna,
    was kind", "Hoitaja, Obinna, oli") or, opening a sentence, before one with "my", "the" or a
    Finnish possessive ("Penny, the receptionist at the clinic", "Vilja, vår dotter, fick",
    "Onni, poikani, sai"). The word is shaped like a name or is a given name of the lists; not a
    unit, a place or a compound ("Hoitaja, Kotisairaala, Kajaani", "Lääkäri, Päivystys")."""
    extra: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        folded = word.casefold()
        if i in found or not _is_capitalised(word) or word.isupper() or len(word) < 2:
            continue
        listed = _tagger_first_name(folded) and folded not in NOT_NAMES_HERE
        if not (listed or _name_shaped(word)):
            continue
        if _is_place(folded) or _title_like(word) or _is_relation(folded):
            continue
        before = text[words[i - 1].end() : match.start()] if i else ""
        after = text[match.end() : words[i + 1].start()] if i + 1 < len(words) else ""
        previous = words[i - 1].group() if i else ""
        if (
            before == ", "
            and (_title_like(previous) or _is_relation(previous.casefold()))
            and after[:1] in {",", ")"}
        ):
            extra.add(i)
            continue
        if not (after == ", " and _at_sentence_start(text, match.start())):
            continue
        j = i + 1
        determined = j < len(words) and words[j].group().casefold() in _ROLE_DETERMINERS
        if determined:
            j += 1
        if j >= len(words):
            continue
        role = words[j].group()
        possessive = role.casefold().endswith(("ni", "mme", "nsa", "nne"))
        if (determined or possessive) and (_title_like(role) or _is_relation(role.casefold())):
            extra.add(i)
            continue
        # "Faith, the student nurse from Nigeria", "Dawn, the triage nurse,", "Rose, the
        # gardener I think, told me": a role within the next three words after "the"
        roles = [w.group() for w in words[j : j + 3]]
        if determined and any(
            _title_like(r) or r.casefold() in _ROLE_WORDS or _is_relation(r.casefold())
            for r in roles
        ):
            extra.add(i)
    return extra


# What staff and helpers do, as a role after "the" in an apposition ("Rose, the gardener").
_ROLE_WORDS = word_set(
    """gardener instructor volunteer cleaner porter driver student intern trainee chef cook
    guard manager assistant secretary coordinator nanny caretaker janitor technician
    pharmacist optician hygienist counsellor counselor worker staff aide helper"""
)


# Medicines in any case form ("Panadolia", "Marevanin").
_MEDICINE_STEMS = tuple(sorted(MEDICINES))
# What a person does or is, right after a name ("Oluchi said", "Oluchi soitti", "Oluchi var
# snäll"): a capitalised word no dictionary knows, before one of these, is someone's name.
_PERSON_VERBS = frozenset(
    [
        "said",
        "says",
        "told",
        "phoned",
        "promised",
        "explained",
        "smiled",
        "laughed",
        "shouted",
        "sanoi",
        "sano",
        "kertoi",
        "soitti",
        "lupasi",
        "selitti",
        "nauroi",
        "huusi",
        "sa",
        "sade",
        "berättade",
        "ringde",
        "lovade",
        "skrattade",
        "skrek",
    ]
)
_PERSON_ADJECTIVES = frozenset(
    [
        "kind",
        "rude",
        "friendly",
        "helpful",
        "patient",
        "polite",
        "ystävällinen",
        "tyly",
        "töykeä",
        "avulias",
        "kohtelias",
        "vänlig",
        "snäll",
        "otrevlig",
        "hjälpsam",
    ]
)
_COPULAS = frozenset(["was", "is", "oli", "on", "var", "är"])


@lru_cache(maxsize=65536)
def _compound(folded: str) -> bool:
    """A Finnish or Swedish compound of two words wordfreq knows ("kotisairaala", "vuodeosasto",
    "provsvaret", "lionsklubben"), with a Swedish linking "s" ("boknings|numret")."""
    for k in range(3, len(folded) - 2):
        left, right = folded[:k], folded[k:]
        if max(masking_tagger.zipf(right)) < 3:
            continue
        if max(masking_tagger.zipf(left)) >= 3 or (
            left.endswith("s") and max(masking_tagger.zipf(left[:-1])) >= 3
        ):
            return True
    return False


def _name_shaped(word: str) -> bool:
    """A capitalised word that may be a name no list holds: no dictionary and no everyday
    feedback knows it, it is no compound of known words, no place, title, relative, medicine or
    unit, and not in a Finnish local case ("Oluchi"; not "Kotisairaala", "Vuolijoelta",
    "Pinex"? that one no list knows, so the words around decide)."""
    folded = word.casefold()
    return (
        _is_capitalised(word)
        and not word.isupper()
        and len(word) > 2
        and max(masking_tagger.zipf(folded)) < 3
        and not masking_tagger.everyday_words().get(folded)
        and not _plain_word(folded)
        and not _is_place(folded)
        and not _title_like(word)
        and not _is_relation(folded)
        and folded not in NOT_NAMES_HERE
        and not folded.startswith(_MEDICINE_STEMS)
        and not masking_tagger.unit_like(word)
        and not _local_case_form(folded)
        and not _compound(folded)
    )


def _unknown_capitalised(word: str) -> bool:
    """A capitalised word that no dictionary and no everyday feedback knows, and no list holds
    as a place, a title or a relative ("Oluchi"; not "Marevan"? it is, so the verb decides)."""
    folded = word.casefold()
    return (
        _is_capitalised(word)
        and not word.isupper()
        and len(word) > 2
        and max(masking_tagger.zipf(folded)) < 3
        and not masking_tagger.everyday_words().get(folded)
        and not _plain_word(folded)
        and not _is_place(folded)
        and not _title_like(word)
        and not _is_relation(folded)
        and folded not in NOT_NAMES_HERE
        and not folded.startswith(_MEDICINE_STEMS)
    )


def _names_by_what_they_do(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A word shaped like a name (`_name_shaped`) before a verb of speaking ("Oluchi said the
    doctor would call", "Oluchi soitti", "Oluchi ringde") or a copula and a word for how people
    treat others ("Oluchi was so kind", "Oluchi oli tosi ystävällinen"). Units, compounds and
    medicines are no name-shaped words ("Kotisairaala soitti", "Marevan oli hyvä" stay)."""
    extra: set[int] = set()
    count = len(words)
    fillers = {"so", "very", "tosi", "niin", "todella", "så", "jätte", "really", "aina", "always"}
    for i, match in enumerate(words):
        if i in found or i + 1 >= count or not _name_shaped(match.group()):
            continue
        if text[match.end() : words[i + 1].start()] != " ":
            continue
        following = [w.group().casefold() for w in words[i + 1 : i + 5]]
        rest = [w for w in following[1:] if w not in fillers]
        if following[0] in _PERSON_VERBS or (
            following[0] in _COPULAS and rest and rest[0] in _PERSON_ADJECTIVES
        ):
            extra.add(i)
    return extra


_PLURAL_SURNAME = re.compile(r"(?:set|sten|sille|silla|sillä|siin|sista|sissa)$")


def _names_in_other_shapes(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A capitalised word in brackets after a relative or a title ("Isä (Aarno)", "the nurse
    (Rhea)"); a second name after "eli" or "alias" behind a name ("Kalle eli Kallu"); a family by
    its surname in the plural ("Heikkiset", "Kemppaisten puolesta", "Pulkkisten naapurille")."""
    extra: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        folded = word.casefold()
        if i in found or not _is_capitalised(word) or len(word) < 3 or not i:
            continue
        if _plain_word(folded) or _is_place(folded) or _title_like(word) or _is_relation(folded):
            continue
        before = text[words[i - 1].end() : match.start()]
        previous = words[i - 1].group()
        shaped = _name_shaped(word) or (
            _tagger_first_name(folded)
            and not _is_ambiguous(folded)
            and folded not in NOT_NAMES_HERE
            and max(masking_tagger.zipf(folded)) < 4
        )
        if (
            shaped
            and before == " ("
            and text[match.end() : match.end() + 1] == ")"
            and (_is_relation(previous.casefold()) or _title_like(previous))
        ):
            extra.add(i)
            continue
        if (
            shaped
            and before == " "
            and previous.casefold() in {"eli", "alias", "dvs", "aka"}
            and i >= 2
            and (i - 2) in found
        ):
            extra.add(i)
            continue
        plural = _PLURAL_SURNAME.search(folded)
        if plural and not _at_sentence_start(text, match.start()):
            stem = folded[: plural.start()]
            demonym = stem.endswith(("lai", "läi"))  # "Karjalaisten" (Karelians')
            if stem.endswith("i") and stem + "nen" in SURNAMES and not demonym:
                extra.add(i)
    return extra


def _owners_of_relatives(text: str, words: list[re.Match[str]]) -> set[int]:
    """A given name in the genitive before a relative ("Dags dotter", "Toivon vaimo", "Roosan
    äiti", "Loves mamma") is a person's, and so is that name where it stands alone ("Dag kom hem
    … Dags dotter tackar"); not a verb ("Toivon äidin paranevan": I hope)."""
    extra: set[int] = set()
    stems: set[str] = set()
    for i, match in enumerate(words[:-1]):
        word = match.group()
        folded = word.casefold()
        if not _is_capitalised(word) or word.isupper() or folded in _VERB_LIKE:
            continue
        if text[match.end() : words[i + 1].start()] != " ":
            continue
        if not _is_relation(words[i + 1].group().casefold()):
            continue
        stem = folded.removesuffix("'s").removesuffix("s") if folded.endswith("s") else ""
        if folded.endswith("n"):
            stem = folded[:-1]
        if len(stem) >= 2 and (stem in FIRST_NAMES or _tagger_first_name(stem)):
            extra.add(i)
            stems.add(stem)
    for i, match in enumerate(words if stems else ()):
        if match.group().casefold() in stems and _is_capitalised(match.group()):
            extra.add(i)
    return extra


@lru_cache(maxsize=8192)
def _is_relation(folded: str) -> bool:
    if folded in RELATION_WORDS:
        return True
    return any(folded.startswith(p) and len(folded) - len(p) <= 6 for p in _RELATION_PREFIXES)


# Words that follow "I'm"/"I am" in Title Case without being a name ("I'm Not Happy With…",
# "I am Finnish Citizen").
_NOT_INTRODUCED = frozenset(
    [
        "not",
        "happy",
        "sorry",
        "sure",
        "very",
        "really",
        "so",
        "just",
        "writing",
        "calling",
        "a",
        "an",
        "the",
        "with",
        "from",
        "in",
        "at",
        "finnish",
        "swedish",
        "english",
        "british",
        "american",
        "russian",
        "ukrainian",
        "estonian",
        "german",
        "french",
        "polish",
        "citizen",
        "resident",
        "student",
        "patient",
        "customer",
        "mother",
        "father",
        "still",
        "also",
    ]
)


def _mark_following(text: str, words: list[re.Match[str]], known: list[bool], i: int) -> None:
    """The capitalised words right after a name found by its context belong to it ("Ngozi Eze",
    "Zhang Wei-Ling"), up to two."""
    for j in (i + 1, i + 2):
        if j >= len(words) or text[words[j - 1].end() : words[j].start()] != " ":
            return
        if not _context_name(words, j, text):
            return
        known[j] = True


def _swedish_husband(words: list[re.Match[str]], i: int) -> bool:
    """ "min man Behnam Ghorbani": "man" is a relative's word only after "min", and then only
    before a listed first name or a full name (not "min man Åker till Vasa")."""
    if not (
        i >= 2
        and words[i - 1].group().casefold() == "man"
        and words[i - 2].group().casefold() in {"min", "din", "hennes"}
    ):
        return False
    return words[i].group().casefold() in FIRST_NAMES or _first_name_or_full_name(words, i)


def _names_in_context(text: str, words: list[re.Match[str]], known: list[bool]) -> None:
    """Names on no list, found by what stands around them (sets `known` in place):
    - after a word for a relative or someone close: "äitini Hilma", "min dotter Sofiia",
      "my partner, Daniel";
    - right before a surname, mid-sentence: "isoäitini Hilma Kärkkäisen";
    - joined by "ja"/"och"/"and" to a name, mid-sentence: "Marjaanalle ja Eijalle";
    - a signature after a dash or slash at the end of the text: "Näin pitää toimia! -Kaitsu".
    (An initial beside a name goes with it: `_initials_beside_found`.)"""
    count = len(words)
    for i in range(count):
        if known[i]:
            continue
        folded = words[i].group().casefold()
        between_before = text[words[i - 1].end() : words[i].start()] if i else ""
        previous = words[i - 1].group().casefold() if i else ""
        context = _context_name(words, i, text)
        # after a relative's word: a listed first name even if it is a town too ("min mamma
        # Lovisa"), or any possible name not in a local case ("Äitini Nurmeksessa" is a place)
        if (
            i
            and (_is_relation(previous) or _swedish_husband(words, i))
            and between_before in (" ", ", ")
            and _is_capitalised(words[i].group())
            and (
                folded in FIRST_NAMES
                or (context and (_matches_name(folded, ALL_NAMES) or not _local_case_form(folded)))
            )
        ):
            known[i] = True
            _mark_following(text, words, known, i)  # "Poikani Ánde Guttorm"
            continue
        if not context:
            continue
        mid = not _at_sentence_start(text, words[i].start())
        if (
            mid
            and i + 1 < count
            and known[i + 1]
            and text[words[i].end() : words[i + 1].start()] == " "
            and _surname_like(words[i + 1].group().casefold())
        ):
            known[i] = True
            continue
        joined_before = i >= 2 and previous in _AND_WORDS and known[i - 2]
        joined_after = (
            i + 2 < count and words[i + 1].group().casefold() in _AND_WORDS and known[i + 2]
        )
        if (mid or folded in FIRST_NAMES) and (joined_before or joined_after):
            known[i] = True
            continue
        if not _after_signature_mark(between_before, previous):
            continue
        rest = text[words[i].end() :]
        # contact details after a signature are no words of a sentence ("/Nasrin 040 775
        # 3318", "- Jessa Mae Villanueva, jessa@…", "t. Sunná, 040 661 0832"); a room or ward
        # number is ("Kiitos - Osasto 2")
        all_tail = rest.strip().strip(".").strip().split()
        phone_sized = sum(ch.isdigit() for ch in rest) >= 6
        tail_words = [w for w in all_tail if not _contact_token(w, phone_sized)]
        contacts_follow = len(tail_words) < len(all_tail)
        if (
            "!" not in rest  # "Kaikki meni hyvin - Kiitos!", "- Suosittelen!"
            and folded not in THANKS
            and folded not in SIGN_OFFS
            and (
                not tail_words
                or (len(tail_words) <= 2 and tail_words[0].casefold() in {"from", "från"})
                or (
                    i + 1 < count
                    and _is_capitalised(words[i + 1].group())
                    and not text[words[i + 1].end() :].strip().strip(".").strip()
                )
                or (
                    contacts_follow
                    and len(tail_words) <= 2
                    and all(_is_capitalised(w.strip(",.")) for w in tail_words)
                    and "\n" not in rest.strip()
                )
            )
        ):
            known[i] = True
            for j in (i + 1, i + 2):
                glued = j < count and text[words[j - 1].end() : words[j].start()] == " "
                if glued and _context_name(words, j, text):
                    known[j] = True
    for i in range(count):
        if known[i]:
            continue
        word = words[i].group()
        folded = word.casefold()
        previous = words[i - 1].group().casefold() if i else ""
        following = words[i + 1].group() if i + 1 < count else ""
        glued = i + 1 < count and text[words[i].end() : words[i + 1].start()] == " "
        # "I'm Ngozi Eze", "Olen Ritva von Hertzen", "This is Hope Adeyemi", "Jag, K-G Rosenqvist"
        before_previous = words[i - 2].group().casefold() if i >= 2 else ""
        introduced = previous in INTRODUCTIONS or (
            (previous, before_previous) in {("is", "this"), ("am", "i")}
        )
        if (
            introduced
            and _context_name(words, i, text)
            and folded not in _NOT_INTRODUCED
            and (
                folded in FIRST_NAMES
                or (
                    glued
                    and _is_capitalised(following)
                    and following.casefold() not in _NOT_INTRODUCED
                )
            )
        ):
            known[i] = True
            _mark_following(text, words, known, i)
            continue
        # A form's label: "Nimi: Matti Meikäläinen", "Name: João Pereira", "Yhteyshenkilö: …"
        if (
            i
            and _label_before(words, i)
            and _context_name(words, i, text)
            and not _plain_word(folded)  # "Name: Please call me", "Nimi: Hei"
        ):
            known[i] = True
            _mark_following(text, words, known, i)
            continue
        # "Kaitsu (veljeni)", "Pena (Pentti)", "Nisse (min lillebror)"
        inside = re.match(r"\s*\(\s*([^\W\d_]+)(?:\s+([^\W\d_]+))?", text[words[i].end() :])
        if (
            inside
            and _context_name(words, i, text)
            and not _is_relation(folded)  # "Isä (Aarno)": the name is in the brackets
            and not _title_like(word)
        ):
            first, second = (inside.group(1) or "").casefold(), (inside.group(2) or "").casefold()
            if _is_relation(first) or _is_relation(second) or first in FIRST_NAMES:
                known[i] = True
                continue
        # "Lumi-tyttäreni", "Pirkko-täti", "Armas-papalle"
        if "-" in word and _is_capitalised(word):
            head, _dash, rest = word.partition("-")
            if _is_relation(rest.casefold()) and len(head) > 1:
                known[i] = True
                continue
    # "Ritva von Hertzen", "Jan de Vries", "Omar al-Rashid": a particle between two names
    for i in range(1, count):
        if not known[i - 1] or known[i]:
            continue
        word = words[i].group()
        if word.casefold() in NAME_PARTICLES_LOWER and i + 1 < count:
            if _is_capitalised(words[i + 1].group()):
                known[i] = known[i + 1] = True
        elif re.match(r"(?:al|el|bin|ibn)-[A-ZÅÄÖ]", word):
            known[i] = True


_DOUBLED = re.compile(r"([bcdfghjklmnpqrstvwxz])\1")


def _name_key(word: str) -> str:
    """A name's form without its case ending, linking vowel or consonant gradation, to tell
    that two words of one text are the same name: Marjukalle/Marjukan → marjuka,
    Mohamedia/Mohamedille → mohamed, Eemilin → eemil."""
    folded = word.casefold()
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            folded = folded[: -len(ending)]
            break
    if len(folded) > 4 and folded.endswith("i") and folded[-2] not in "aeiouyäö":
        folded = folded[:-1]
    return _DOUBLED.sub(r"\1", folded)


# The mailboxes of offices and services, not of persons: "kirjaamo@", "info@", "palaute@".
_MAILBOX_WORDS = word_set(
    """info kirjaamo registry registratur registraturen asiakaspalvelu kundtjanst kundtjänst
    kundservice palaute feedback respons neuvola hemvard hemvård hemvarden kotihoito
    palveluohjaus asiakasmaksut asiakasmaksu sosiaalipaivystys sosiaalipäivystys
    potilasasiamies potilasasiavastaava sosiaaliasiamies patientombud patientombudsman
    tietosuoja dataskydd privacy support tuki noreply no reply toimisto office contact kansli
    vaihde vastaanotto reception ajanvaraus neuvonta rådgivning tidsbokning booking hr viestinta viestintä
    communications kirjasto osallisuus delaktighet participation hammashoitola tandvard
    tandvården terveysasema halsocentral hälsocentral laskutus fakturering billing
    kuntoutus rehab rehabilitering vanhuspalvelut aldreomsorg äldreomsorg sote admin
    jarjesto järjestö yhdistys forening förening ry rf secretary sihteeri toimitus"""
)


def _public_mailbox(local: str) -> bool:
    """An email's local part that names an office or a service, perhaps with a town, and no
    person: "kirjaamo", "hemvard.sotkamo", "palveluohjaus.suomussalmi" (not "anna.lindroos",
    "b.lindholm", "hpy")."""
    parts = [p for p in re.split(r"[._+-]", local.casefold()) if p]
    return (
        bool(parts)
        and any(p in _MAILBOX_WORDS for p in parts)
        and all(p in _MAILBOX_WORDS or _is_place(p) for p in parts)
    )


def _email_name_parts(text: str) -> frozenset[str]:
    """Name-like parts of the email addresses in the text ("chiara.rossi@…" → chiara, rossi),
    so that the writer's name is hidden where the text writes it out too."""
    parts = set()
    for match in _EMAIL.finditer(text):
        local, _, domain = match.group().partition("@")
        if _public_mailbox(local) and domain.split(".")[0].casefold() not in _MAIL_PROVIDERS:
            continue
        for part in re.split(r"[._+-]", local):
            if len(part) >= 3 and part.isalpha():
                parts.add(part.casefold())
    return frozenset(parts)


def _in_a_place_case(folded: str) -> bool:
    """A Finnish inessive ("Honkalassa"): people are seldom "in" anything, so such a word is a
    place even when its base is a name ("Hoivakoti Honkalassa"); a name that ends so itself
    ("Vanessa") is not. Not the elative: one complains "Virtasesta" (about Virtanen)."""
    return len(folded) > 6 and folded.endswith(("ssa", "ssä")) and folded not in ALL_NAMES


_GREETINGS = frozenset(
    [
        "hei",
        "moi",
        "moikka",
        "heippa",
        "terve",
        "hej",
        "hejsan",
        "hallå",
        "hello",
        "hi",
        "hey",
        "dear",
    ]
)


def _plain_word(folded: str) -> bool:
    """A word that is no name after a cue: a greeting, thanks, a pronoun, a weekday or month,
    or a common function word ("Nimi: Hei", "Name: Please call me"). A closed list on purpose:
    a dictionary (simplemma's) would cost every web worker seconds and hundreds of MB."""
    return (
        folded in _GREETINGS
        or folded in THANKS
        or folded in _NEVER_NAMES
        or folded in _CALENDAR
        or folded in _STOP_AFTER_CUE
        or folded in _COMMON_AFTER_CUES
    )


_COMMON_AFTER_CUES = frozenset(
    [
        "please",
        "asap",
        "thx",
        "tmrw",
        "soon",
        "now",
        "today",
        "tomorrow",
        "here",
        "there",
        "yes",
        "no",
        "ok",
        "okay",
        "sir",
        "madam",
        "doctor",
        "nurse",
        "unknown",
        "anonymous",
        "anonyymi",
        "anonym",
        "asiakas",
        "potilas",
        "kund",
        "patient",
        "customer",
        "parent",
        "huoltaja",
        "vanhempi",
        "förälder",
        "ei",
        "en",
        "kyllä",
        "ja",
        "joo",
        "nyt",
        "heti",
        "huomenna",
        "tänään",
        "täällä",
        "siellä",
        "tässä",
        "tuolla",
        "minä",
        "mä",
        "sinä",
        "hän",
        "me",
        "te",
        "he",
        "jag",
        "du",
        "han",
        "hon",
        "vi",
        "ni",
        "de",
        "covid",
        "korona",
        "corona",
    ]
)


# Finnish surnames built from nature words ("Rasinkangas", "Kivimäki", "Honkaniemi").
_COMPOUND_SURNAME_ENDINGS = (
    "kangas",
    "mäki",
    "niemi",
    "lahti",
    "järvi",
    "koski",
    "vaara",
    "korpi",
    "kallio",
    "harju",
    "vuori",
    "saari",
    "pelto",
    "salo",
    "rinne",
    "lampi",
    "suo",
    "oja",
)


def _initials_beside_found(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """An initial with a dot next to a name found: "O. Khalil" after a sign-off, "Marit S."
    before a phone number."""
    extra: set[int] = set()
    for i in found:
        if (
            i
            and len(words[i - 1].group()) == 1
            and words[i - 1].group().isupper()
            and text[words[i - 1].end() : words[i].start()] == ". "
        ):
            extra.add(i - 1)
        j = i + 1
        if (
            j < len(words)
            and len(words[j].group()) == 1
            and words[j].group().isupper()
            and text[words[i].end() : words[j].start()] == " "
            and text[words[j].end() : words[j].end() + 1] == "."
        ):
            extra.add(j)
    return extra - found


_ORGANISATION_WORDS = frozenset(
    [
        "ry",
        "rf",
        "oy",
        "oyj",
        "ab",
        "ltd",
        "inc",
        "yhdistys",
        "förening",
        "association",
        "kunta",
        "kommun",
        "kaupunki",
        "stad",
    ]
)


def _organisation_after(words: list[re.Match[str]], i: int) -> bool:
    """An association's or a company's name: "ry", "Oy", "rf" within the next two words."""
    return any(
        j < len(words) and words[j].group().casefold() in _ORGANISATION_WORDS
        for j in (i + 1, i + 2)
    )


# Contact details after a signature's name ("t. aune, puh. …", "mvh sven 040 …").
_CONTACT_AFTER = re.compile(r"\s*,?\s*(?:puh|p\.|tel|tfn|phone|mob|gsm|\+?\d)", re.IGNORECASE)
_SIGNATURE_MARKS = "/-\u2013\u2014"
_LINE_SIGN_OFFS = SIGN_OFFS | WEAK_SIGN_OFFS | {"vänligen", "ystävällisesti", "sincerely"}
_FAMILY_WORDS = frozenset(
    {"familjen", "familj", "perhe", "perheen", "family", "släkten", "suku", "sisarukset"}
    | {"syskonen", "siblings", "lapset", "barnen", "children", "omaiset", "anhöriga"}
)
# Words that never stand for a given name on a signature line or before a surname (computed
# once, not per word).
_NO_GIVEN_NAME = _LINE_SIGN_OFFS | NAME_LABELS | _FAMILY_WORDS


def _strict_name(word: str) -> bool:
    """A name by the lists and no everyday word, or a surname by its ending."""
    folded = word.casefold()
    if folded in AMBIGUOUS or folded in NAME_WORDS:
        return False  # "Erinomainen!", "Tyytyväinen.", "Ledsen."
    if folded in ALL_NAMES or folded in REGISTER_ONLY:
        return True
    by_ending = _surname_like(folded) or (_is_capitalised(word) and _looks_like_surname(word))
    if folded.endswith("nen"):
        # by the Finnish ending only where no adjective ends so ("Laatikainen"; not
        # "Erinomainen", "Tyytyväinen", "Surullinen")
        return by_ending and _surname_by_ending(folded)
    return by_ending


def _thanks_only(line: str) -> bool:
    """Only thanks or a sign-off: "Thanks", "Kiitos paljon", "Many thanks", "Tack så mycket"."""
    folded = [w.casefold() for w in masking_tagger.WORD.findall(line)]
    return (
        bool(folded)
        and folded[0] in _LINE_SIGN_OFFS | THANKS | {"many", "tusen", "suuri", "iso"}
        and all(w in _LINE_SIGN_OFFS | THANKS | _CLOSING_THANKS_WORDS for w in folded)
    )


_CLOSING_THANKS_WORDS = frozenset(
    {"paljon", "så", "mycket", "again", "a", "lot", "so", "much", "many", "tusen", "suuri", "iso"}
    | {"kovasti", "hirveesti", "you", "all", "kaikille", "alla", "everyone", "ja", "och", "and"}
)


@lru_cache(maxsize=8192)
def _closing_given_name(word: str) -> bool:
    """A given name of the lists, also one that is an everyday word, alone at the end of a text
    after its last sentence: "Kiitos! Sara", "Sorry! Ville", "Tack. Inga"; not a month
    ("… in May. June") or a greeting."""
    folded = word.casefold()
    return (
        len(folded) >= 3
        and _is_capitalised(word)
        and not word.isupper()
        and (folded in FIRST_NAMES or folded in REGISTER_GIVEN_ANY)
        and folded not in _CALENDAR
        and not _plain_word(folded)
    )


# Months in Swedish and Finnish ("… efter helgerna. Januari", "Maj"), never a signature alone.
_MONTHS = word_set(
    """
    januari februari mars april maj juni juli augusti september oktober november december
    tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu
    marraskuu joulukuu
    """
)
# Words that close a message and are given names too ("Thanks! Love", "Kram", "Cheers").
_CLOSING_WORDS = frozenset(
    {"love", "kram", "kramar", "hugs", "cheers", "peace", "amen", "bless", "respect", "hope"}
    | {"frid", "rauha", "rauhaa", "shalom", "salaam"}
    | {"joy", "faith", "grace", "best", "welcome", "tervetuloa", "välkommen", "sun", "sunny"}
)


# The end of the last sentence before a text's closing words: a full stop, "!" or "?" and a
# space, or a signature mark between spaces.
_LAST_SEGMENT = re.compile(r"[.!?]+[ \t]+|[ \t][-\u2013\u2014/][ \t]*")


def _signature_line(text: str, words: list[re.Match[str]]) -> set[int]:
    """The closing words of a text as a signature: its last line, or the last sentence of its
    last line. A line of one to three capitalised words that are no plain word, place, title or
    greeting counts when it starts with a signature mark ("/ Vappu Heikura", "-Rania") or holds a
    name of the lists ("Sushila Gurung", "MARIANNE", "Mum: Tiffany Salo"); a last sentence only
    when it is two words after a mark ("- Sam O'Neill") or names of the lists ("… at reception.
    Pim"). An age and a town at the end are left out ("-Eila 79v"), as is what follows a bracket
    or a comma ("Petra (lähihoitaja, …)")."""
    body = text.rstrip()
    line_start = body.rfind("\n") + 1
    ends = list(_LAST_SEGMENT.finditer(body, line_start))
    segment = bool(ends)
    if segment:
        line_start = ends[-1].end()
    elif not line_start:
        return set()
    closing = _AGE_AND_TOWN_AT_END.sub("", body[line_start:])  # "-Eila 79v", "Evert, 87 år"
    line, *rest = re.split(r"[(,]", closing, maxsplit=1)
    if segment and rest and _thanks_only(line) and "(" not in closing:
        # "Thanks, Sami", "Kiitos, Toivo": the name after the thanks
        line_start += len(line) + 1
        line, *rest = re.split(r"[(,]", rest[0], maxsplit=1)
    if segment and rest and not _is_place(rest[0].strip(" .!").casefold()):
        return set()  # "Pyydän, että …": a sentence, not a name and its town
    if any(ch.isdigit() for ch in line):
        return set()
    on_line = [
        i
        for i, w in enumerate(words)
        if line_start <= w.start() < line_start + len(line)
        # "Rob and Jen", "Brad & Kelsey Miller", "Sanne de Vries": the names, not the joins
        and w.group().casefold() not in _AND_WORDS
        and w.group() not in NAME_PARTICLES_LOWER
    ]
    label = body[line_start:].lstrip(" " + _SIGNATURE_MARKS)
    if on_line and _is_relation(words[on_line[0]].group().casefold()) and ":" in label:
        on_line = on_line[1:]  # "Mum: Tiffany Salo"
    elif on_line and words[on_line[0]].group().casefold() in _LINE_SIGN_OFFS:
        on_line = on_line[1:]  # "Vänligen Stefan Åberg"
    if not 1 <= len(on_line) <= 3:
        return set()
    if len(on_line) == 2:
        given, initial = (words[k].group() for k in on_line)
        if (
            len(initial) == 1
            and initial.isupper()
            and _is_capitalised(given)
            and (given.casefold() in FIRST_NAMES or given.casefold() in REGISTER_GIVEN_ANY)
            and given.casefold() not in _CALENDAR
        ):
            return set(on_line)  # "Astrid W.", "– Sami K.": a given name and an initial
    listed = False
    for i in on_line:
        word = words[i].group()
        folded = word.casefold()
        if (
            len(word) < 2
            or not _is_capitalised(word)
            or _plain_word(folded)
            or _is_place(folded)
            or _title_like(word)
            or _is_relation(folded)
            or folded in _NO_GIVEN_NAME
        ):
            return set()
        listed = (
            listed or folded in ALL_NAMES or _register_name(folded) or _looks_like_surname(word)
        )
    marked = body[line_start:].lstrip()[:1] in _SIGNATURE_MARKS or (
        segment and ends[-1].group().strip()[:1] in _SIGNATURE_MARKS
    )
    if (
        segment
        and marked
        and (len(on_line) == 2 or (len(on_line) == 1 and _strict_name(words[on_line[0]].group())))
    ):
        return set(on_line)  # "- Sam O'Neill", "-Eila 79v"; not "- Suosittelen!"
    if segment and len(on_line) == 1:
        lone = words[on_line[0]].group().casefold()
        if lone in _CLOSING_WORDS or lone in _MONTHS:
            return set()  # "… som tog hand om oss. Frid", "… nästa månad. Maj"
    if segment:
        # after a sentence only names of the lists, each word one (one word alone is mostly an
        # exclamation: "Wow", "Toppen"), an everyday word before a name or any word after one,
        # in the same letter case ("Graham Pike", "UNTO KELLOKUMPU"; not "Ask MARK JOHNSON")
        for k, i in enumerate(on_line):
            word = words[i].group()
            if (
                _strict_name(word)
                or (
                    # one word and no exclamation ("Joy!", "Spas!")
                    len(on_line) == 1
                    and _closing_given_name(word)
                    and word.casefold() not in _CLOSING_WORDS
                    and word.casefold() not in _MONTHS
                    and body[-1:] not in "!?"
                    # not an answer to a question ("Klagomål? Inga."), nor a common word closed by
                    # a full stop ("Hoito oli hyvää. Satu." is a word as often as a name)
                    and ends[-1].group().strip()[:1] != "?"
                    and not (body[-1:] == "." and max(masking_tagger.zipf(word.casefold())) >= 4)
                )
            ):
                continue
            following = words[on_line[k + 1]].group() if k + 1 < len(on_line) else ""
            before = words[on_line[k - 1]].group() if k else ""
            if before and _strict_name(before) and word.isupper() == before.isupper():
                continue  # "UNTO KELLOKUMPU": a surname no list holds after a name
            if not (
                following
                and _strict_name(following)
                and word.isupper() == following.isupper()
                and (word.casefold() in REGISTER_GIVEN_ANY or word.casefold() in AMBIGUOUS)
            ):
                return set()
        return set(on_line)
    # a marked line of three unlisted words is a heading ("- Any Other Business"), not a name
    return set(on_line) if listed or (marked and len(on_line) <= 2) else set()


# The unit of an age after its number: "3v", "87 år", "16 yrs", "6-vuotias", "71 years old".
_AGE_UNIT = r"(?:v\.?|vee|vuotta|-?vuotias|åring|år|yrs|y|years?(?: old)?)"
# An age and a town closing a signature: "79v", ", 87 år, Suomussalmi", "88v Kuhmosta".
_AGE_AND_TOWN_AT_END = re.compile(
    r"(?:[ \t]*,?[ \t]*\d{1,3}[ \t]?" + _AGE_UNIT + r"?\.?)"
    r"(?:[ \t]*,?[ \t]*(?-i:[A-ZÅÄÖ])[^\W\d_]+)?[ \t.!]*$"
)
# After a name, in brackets: an age ("onni (3v)", "Ella (14)", "grace (she's 94)") or who the
# person is ("Ella (dottern)", "Antti (husband)").
_AGE_OR_RELATION_AFTER = re.compile(
    r"[ \t]*\((?:\d{1,3}[ \t]*" + _AGE_UNIT + r"?"
    r"|(?:she|he)(?:'s| is) \d{1,3}|(?:the |my |our )?(?P<relation>[^\W\d_]+)(?:,[^)]{0,30})?)\)"
    r"(?![ \t]*\d)"  # not "(09) 123 4567"
)
_AGE_AFTER_NAME = re.compile(
    r",[ \t]*\d{1,3}[ \t]*(?:" + _AGE_UNIT + r"[ \t]*[,)]|,)"
    r"|[ \t]+(?:on|is|är|oli|was|var)[ \t]+\d{1,3}[ \t]*" + _AGE_UNIT + r"\b"
)
# A family named in its signature: "the Ndlovu family", "Family Al-Khatib", "familjen eriksson",
# "perhe Korhonen".
_FAMILY_BEFORE = frozenset({"family", "familjen", "familj", "perhe", "perheen", "fam"})


def _names_by_what_follows(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A possible name with an age or a relative's word in brackets after it, and a family's
    name next to the word "family"."""
    extra: set[int] = set()
    count = len(words)
    for i, match in enumerate(words):
        if i in found:
            continue
        word = match.group()
        folded = word.casefold()
        if len(folded) < 2 or _plain_word(folded) or _is_place(folded) or _title_like(word):
            continue
        bracket = _AGE_OR_RELATION_AFTER.match(text, match.end())
        aged = None if bracket else _AGE_AFTER_NAME.match(text, match.end())
        listed = (bracket or aged) and (
            folded in FIRST_NAMES
            or folded in AMBIGUOUS
            or folded in REGISTER_GIVEN_ANY
            or _register_name(folded)
        )
        relation = bracket.group("relation") if bracket else None
        if (
            bracket
            and not _is_relation(folded)
            and (
                # "onni (3v)", "Ella (14)": a given name of the lists and no everyday word
                # (not "Panadol (500)", "Terveys (8)", "Lumi (2v) sataa")
                (relation is None and listed and folded not in NAME_WORDS)
                # "Ella (dottern)", "Timo (driver, route 14)": anyone capitalised mid-sentence
                or (
                    relation is not None
                    and (_is_relation(relation.casefold()) or _title_like(relation))
                    and (
                        listed
                        or (
                            _is_capitalised(word)
                            and not _at_sentence_start(text, match.start())
                            and not _in_a_place_case(folded)
                            and not _local_case_form(folded)
                        )
                    )
                )
            )
        ):
            extra.add(i)
            continue
        # an age after a comma or a copula: "Aarre Huusko, 87, asuu", "Sofiia, 16, from",
        # "Valo on 6-vuotias", "Bill is 71 years old"
        if (
            aged
            and _is_capitalised(word)
            and not word.isupper()
            and not _is_relation(folded)
            and (listed or folded in ALL_NAMES or not _at_sentence_start(text, match.start()))
            and not _in_a_place_case(folded)
            and not _local_case_form(folded)
        ):
            extra.add(i)
            continue
        previous = words[i - 1].group().casefold() if i else ""
        following = words[i + 1].group().casefold() if i + 1 < count else ""
        family = (
            previous in _FAMILY_BEFORE and text[words[i - 1].end() : match.start()] in (" ", ". ")
        ) or (following == "family" and text[match.end() : words[i + 1].start()] == " ")
        if (
            family
            and _near_end(words, i + (following == "family"))
            and folded not in NAME_WORDS
            and (
                # "the Ndlovu family": any capitalised word before "family"
                (following == "family" and _is_capitalised(word))
                # "Family Al-Khatib", "familjen eriksson": a surname after it
                or _surname_like(folded)
                or folded in REGISTER_SURNAMES
                or ("-" in word and _is_capitalised(word))
            )
        ):
            extra.add(i)
    return extra


# "Hope Adebayo here, …", "May Lin Chen writing.", "johan här": a name opening the text.
_HERE_AFTER = re.compile(
    r"[ \t]+(?:here|writing|speaking|här|tässä|täällä)[ \t]*(?:[^\w\s\"'(]|\n|$)", re.I
)
# "call Josh on +61 …", "soita Marjalle numeroon 040 …", "ring Sture på 040 …"
_CALL_BEFORE = frozenset({"call", "ring", "soita", "soittakaa", "contact", "text", "tekstaa"})
_INITIAL_NEXT = re.compile(r"[ \t]+[A-ZÅÄÖ]\.?(?=[ \t])")
_PHONE_NEXT = re.compile(r"[ \t]*(?:,|on|at|numeroon|på|:)?[ \t]*(?:\+|0)\d[\d \-]{5,}")


def _given_name_of_the_lists(folded: str) -> bool:
    """A given name of the hand lists or of other countries' lists that is no everyday word."""
    return (
        (folded in FIRST_NAMES or folded in REGISTER_GIVEN_ANY)
        and not _is_ambiguous(folded)
        and folded not in NAME_WORDS
        and folded not in REGISTER_WORDS
        and folded not in DICTIONARY_WORDS
    )


def _names_by_their_place(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """Names by where they stand: one to three capitalised words opening the text before "here",
    "writing" or "här" and a mark, one of them a given name of the lists; the person to call
    before a phone number, a given name of the lists; a lower-case particle between two names
    ("Sanne de Vries", "van der Berg" after a name or a title)."""
    extra: set[int] = set()
    count = len(words)

    def possible(k: int) -> bool:
        word = words[k].group()
        folded = word.casefold()
        return (
            len(word) > 1
            and not word.isupper()
            and not _plain_word(folded)
            and not _is_place(folded)
            and not _title_like(word)
            and not _is_relation(folded)
            and folded not in _NO_GIVEN_NAME
        )

    # opening the text, or after a greeting that opens it ("Hej hej! Vilja här")
    first = 0
    while first < min(2, count) and words[first].group().casefold() in _GREETINGS:
        first += 1
    k = first
    while k < min(first + 3, count):
        start = words[k - 1].end() if k else 0
        gap = text[start : words[k].start()]
        if (gap.strip() and k != first) or gap.strip(" \t\n,.!") or not possible(k):
            break
        if _HERE_AFTER.match(text, words[k].end()):
            # some word a given name of the lists ("Bill here", "johan här"; not "Den här",
            # "Staff here was rude"); one capitalised given name alone may be an everyday word
            # ("Vilja här,", "Bill here, 71")
            names = [words[m].group().casefold() for m in range(first, k + 1)]
            capitalised = all(_is_capitalised(words[m].group()) for m in range(first, k + 1))
            if (
                any(_given_name_of_the_lists(n) for n in names) and (capitalised or k == first)
            ) or (k == first and capitalised and _closing_given_name(words[k].group())):
                extra.update(range(first, k + 1))
            break
        if not _is_capitalised(words[k].group()):
            break
        k += 1
    for i, match in enumerate(words):
        if i in found or i in extra or not i:
            continue
        word = match.group()
        previous = words[i - 1].group().casefold()
        # the person to call
        if (
            previous in _CALL_BEFORE
            and text[words[i - 1].end() : match.start()] == " "
            and _is_capitalised(word)
            and possible(i)
            and _given_name_of_the_lists(word.casefold())  # not "Soita Neuvolaan", "call Posti"
            and _PHONE_NEXT.match(text, match.end())
        ):
            extra.add(i)
            continue
        # a name opening a sentence or a line right before a phone number ("Ringa mej ASAP. Nicke
        # 045 120 9983", "Which is it? Tom, 040 912 3344"), a given name of the lists, also one
        # that is an everyday word
        if (
            _is_capitalised(word)
            and possible(i)
            and _at_sentence_start(text, match.start())
            and _closing_given_name(word)
        ):
            initial = _INITIAL_NEXT.match(text, match.end())  # "Mark J. 0401239876"
            if _PHONE_NEXT.match(text, initial.end() if initial else match.end()):
                extra.add(i)
                if initial and i + 1 < count:
                    extra.add(i + 1)
                continue
        # a particle between names: "Sanne de Vries", "Dr. van der Berg"
        if word in NAME_PARTICLES_LOWER and (i - 1 in found or _title_like(words[i - 1].group())):
            k = i + 1
            while k < count and words[k].group() in NAME_PARTICLES_LOWER:
                k += 1
            if k < count and (k in found or (_is_capitalised(words[k].group()) and possible(k))):
                extra.update(range(i, k + 1))
    return extra - found


# After a greeting that opens the text, the words that introduce the writer ("hi im joy",
# "hej det är maja", "hei mä oon tuuli", "moi oon aleksi", "tääl tiina s").
_INTRODUCTIONS = (
    ("im",), ("i'm",), ("i", "am"), ("this", "is"), ("it's",), ("its",), ("det", "är"),
    ("här", "är"), ("jag", "är"), ("e",), ("mä", "oon"), ("mä", "olen"), ("oon",), ("olen",),
    ("tässä", "on"), ("täs", "on"), ("tääl",), ("täällä",), ("täällä", "on"), ("tässä",),
)  # fmt: skip


_NO_NAME_AFTER_GREETING = _NOT_INTRODUCED | frozenset(
    {"will", "may", "can", "must", "shall", "sorry", "fine", "glad", "happy", "back", "home"}
    # fillers: "hej det är bara ett tack", "moi tässä vaan kysyn"
    | {"bara", "nog", "inte", "så", "vaan", "vain", "ihan", "tosi", "only", "also", "just"}
    | {"frank", "honest", "grateful", "thankful", "patience", "armas"}
    # nationalities that are given names too ("I'm German, staying in Kuhmo")
    | {"german", "french", "irish", "dutch", "english", "british", "norman", "scott", "welsh"}
    | {"finn", "swede", "dane", "russian", "polish", "christian", "muslim", "jewish"}
)


def _introduced_after_greeting(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """The writer's given name after a greeting and words that introduce them at the start of
    the text, in any letter case ("hi im joy from nigeria", "hej det är bo från paldamo"), and
    an initial or a surname after it in the same case ("tääl tiina s", "mä oon jenna k")."""
    folded = [w.group().casefold() for w in words[:8]]
    k = 0
    while k < min(2, len(folded)) and folded[k] in _GREETINGS:
        k += 1
    if not k:
        return set()
    for cue in sorted(_INTRODUCTIONS, key=len, reverse=True):
        if tuple(folded[k : k + len(cue)]) == cue:
            i = k + len(cue)
            break
    else:
        return set()
    if i >= len(words) or i in found:
        return set()
    word = words[i].group()
    if word.casefold() in _NO_NAME_AFTER_GREETING:
        return set()  # "hi im will be late", "hej det är bra"
    if not (_closing_given_name(word) or _closing_given_name(word.title())):
        return set()
    if word.islower() and max(masking_tagger.zipf(word)) >= 4.5:
        return set()  # "hi, this is frank feedback", "hej, det är dag tre", "olen onni kun …"
    extra = {i}
    if i + 1 < len(words) and text[words[i].end() : words[i + 1].start()] == " ":
        following = words[i + 1].group()
        if len(following) == 1 and following.isalpha():
            extra.add(i + 1)  # "tiina s"
    return extra


# Between a nickname and the full name after it: "Gunsan (Gunhild Åkerman)", "Nalle (oikeasti
# Nathaniel)", "Stickan, alltså Stig Holmberg".
_NICKNAME_BRIDGE = re.compile(
    r"[ \t]*(?:\([ \t]*|,[ \t]*(?=(?:alltså|eli|siis|oikeasti|i\.e\.|aka|egentligen)\b))"
    r"(?:(?:oikeasti|alltså|eli|siis|egentligen|actually|really|i\.e\.|aka|real\s+name|"
    r"hans\s+\w+|hennes\s+\w+|his\s+\w+|her\s+\w+|hänen\s+\w+)[ \t:]+)?",
    re.IGNORECASE,
)


def _nicknames_before_full_names(
    text: str, words: list[re.Match[str]], found: set[int]
) -> set[int]:
    """A capitalised word right before a name found in brackets or after "alltså"/"eli" is the
    same person's nickname ("Gunsan (Gunhild Åkerman)", "Nalle (oikeasti Nathaniel)", "Stickan,
    alltså Stig Holmberg"); not a title, a relative, a unit or a place ("Hoitaja (Anna)",
    "Kotihoito (Anna Virtanen)")."""
    extra: set[int] = set()
    for i, match in enumerate(words[:-1]):
        word = match.group()
        folded = word.casefold()
        if i in found or not _is_capitalised(word) or len(word) < 3:
            continue
        bridge = _NICKNAME_BRIDGE.match(text, match.end())
        if not bridge or not bridge.group().strip():
            continue
        nxt = next(
            (k for k in range(i + 1, min(i + 5, len(words))) if words[k].start() >= bridge.end()),
            None,
        )
        if nxt is None or nxt not in found or words[nxt].start() != bridge.end():
            continue
        if (
            _title_like(word)
            or _is_relation(folded)
            or _is_place(folded)
            or _plain_word(folded)
            or masking_tagger.unit_like(word)
            or folded in _NO_GIVEN_NAME
            or max(masking_tagger.zipf(folded)) >= 4.5
        ):
            continue
        extra.add(i)
    return extra


# A given name that opens a sentence before what the person is: an age, a relative with a
# possessive, or a birthday ("Toivo on jo 92-vuotias", "Tuuli on meidän tytär", "Bo är min
# man", "Hope is 3 months old", "Vilja fyller 5 år").
_COPULA_AFTER_NAME = r"(?:on|oli|är|var|is|was|blir|täyttää|täytti|fyller|fyllde|turns|turned)"
_WHO_THEY_ARE = re.compile(
    r"[ \t]+"
    + _COPULA_AFTER_NAME
    + r"(?:[ \t]+(?:jo|nyt|vasta|nu|bara|redan|now|only|just|already))?[ \t]+"
    r"(?:(?P<age>\d{1,3}(?:[,.]5)?[ \t]*(?:-?v\b|-?vuotias|vuotta|v\.|år|års|years?(?:[ \t]+old)?|"
    r"months?(?:[ \t]+old)?|weeks?(?:[ \t]+old)?|kk|kuukautta|mån|månader|veckor|viikkoa|-åring))"
    r"|(?P<possessive>meidän|minun|mun|mein|min|mitt|vår|vårt|my|our|hänen|hans|hennes|his|her)[ \t]+"
    r"(?P<relation>[^\W\d_]+))",
    re.IGNORECASE,
)


_THANKED_CASE_ENDINGS = (
    "lle",
    "lla",
    "llä",
    "lta",
    "ltä",
    "ssa",
    "ssä",
    "sta",
    "stä",
    "ille",
    "iin",
)


def _thanked_by_name(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A word shaped like a name right after thanks, closing the clause or before "and": "Kiitos
    Pikkis!", "Kiitos Hennakka ja muut fyssarit!", "Tack Gunsan!", "Thanks Kimppa,". Units, places,
    compounds and local cases are no name-shaped words ("Kiitos Kotihoito!", "Kiitos Kainuu!",
    "Kiitos Hoivakodille!")."""
    extra: set[int] = set()
    for i, match in enumerate(words):
        if i in found or not i or words[i - 1].group().casefold() not in THANKS:
            continue
        if text[words[i - 1].end() : match.start()] not in (" ", ", "):
            continue
        folded = match.group().casefold()
        after = text[match.end() : match.end() + 12]
        if (
            _THANKED_FOR.match(after)
            and _closing_given_name(match.group())
            and not _is_place(folded)
            and max(masking_tagger.zipf(folded)) < 6  # "Tack Alla på avdelning 3"
        ):
            extra.add(i)  # "Tack Rosa för tio år", "Thanks Hope for the help"
            continue
        if not _name_shaped(match.group()) or folded.endswith(_THANKED_CASE_ENDINGS):
            continue  # "Kiitos Hoivakodille!": a unit in the allative, not a name
        if folded.endswith("nen") and folded not in SURNAMES:
            continue  # "Kiitos Mehiläinen!": a company
        if re.match(r"[ \t]*(?:[!.,;:)\n]|$|(?:ja|och|and|&)\b)", after):
            extra.add(i)
    return extra


# What follows a person thanked by name: what for, or where the person works.
_THANKED_FOR = re.compile(r"[ \t]+(?:för|for|från|from|at|på|vid|kotihoidosta)\b", re.I)


# Finnish plural endings on a "-nen" surname's stem: "Virtaset", "Virtasten", "Virtasille".
_FAMILY_ENDINGS = (
    "set",
    "sten",
    "sille",
    "silla",
    "sillä",
    "silta",
    "siltä",
    "sista",
    "sistä",
    "siin",
)


def _families_by_surname(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A family by its "-nen" surname in the plural, capitalised in mid-sentence: "Naapurin
    Virtaset muuttivat", "Kävin Korhosilla". Not opening a sentence, a list item or a clause,
    where many such plurals are adjectives ("Kiviset portaat", "Mäkisillä teillä"), not a
    people's word ("Savolaiset"), nor a common word ("Ruotsalaiset")."""
    extra: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        if i in found or not _is_capitalised(word) or word.isupper():
            continue
        folded = word.casefold()
        ending = next((e for e in _FAMILY_ENDINGS if folded.endswith(e)), None)
        if ending is None or len(folded) - len(ending) < 3:
            continue
        surname = folded[: -len(ending)] + "nen"
        if surname not in SURNAMES or max(masking_tagger.zipf(folded)) >= 3:
            continue
        if surname.endswith(("lainen", "läinen")):
            continue  # "Savolaiset", "Hämäläiset": a people as often as a family
        before = text[max(0, match.start() - 12) : match.start()].rstrip(" \t\"'(")
        if _at_sentence_start(text, match.start()) or before.endswith(("-", "\u2013", ",")):
            continue  # "Kiviset portaat", "- Mäkiset tiet": an adjective opening a sentence
        extra.add(i)
    return extra


def _names_by_who_they_are(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A given name of the lists, also an everyday word, opening a sentence before an age, a
    relative's word after a possessive, or a birthday: "Toivo on jo 92-vuotias", "Tuuli on
    meidän tytär", "Bo är min man", "Hope is 3 months old", "Vilja fyller 5 år". Not "Toivo on
    tärkeä asia" or "Hope is a good thing"."""
    extra: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        if i in found or not _is_capitalised(word) or word.isupper():
            continue
        folded = word.casefold()
        if not (
            _closing_given_name(word) or (len(folded) == 2 and folded in FIRST_NAMES)
        ) or not _at_sentence_start(text, match.start()):
            continue
        who = _WHO_THEY_ARE.match(text, match.end())
        if not who:
            continue
        after = text[who.end() : who.end() + 12].casefold()
        if re.match(
            r"(?:'s|’s|s\b|[ \t]+(?:away|left|ago|to go|kvar|sedan|sitten|jäljellä))", after
        ):
            continue  # "Hope was her mother's last wish", "Summer is only 3 months away"
        if who.group("relation") and not (
            _is_relation(who.group("relation").casefold())
            or who.group("relation").casefold()
            in {"man", "son", "dotter", "bror", "syster", "fru", "pojke", "flicka"}
        ):
            continue
        extra.add(i)
    return extra


# Where a member of staff comes from: "Hope from the cleaning staff", "Lisa från hemvården",
# "Dawn at reception".
_FROM_WORDS = frozenset({"from", "at", "från", "vid"})
_TEAM_WORDS = word_set(
    """lab laboratory ward team staff reception unit clinic department physio physiotherapy er
    emergency ambulance crew kitchen pharmacy dental desk office cleaning nursing night day shift
    care home radiology x-ray maternity hemvården avdelningen mottagningen labbet jouren
    receptionen teamet kliniken fysioterapin tandvården köket hemtjänsten rådgivningen
    akuten städningen nattskiftet kansliet"""
)


# Where a member of staff works, in the Finnish elative ("Satu kotihoidosta", "Aamu
# laboratoriosta soitti").
_TEAM_ELATIVES = word_set(
    """
    kotihoidosta laboratoriosta labrasta päivystyksestä neuvolasta osastolta vastaanotosta
    apteekista keittiöstä fysioterapiasta kuntoutuksesta hammashoitolasta terveysasemalta
    sosiaalitoimistosta ensihoidosta ambulanssista röntgenistä toimistosta kansliasta
    palvelukodista hoivakodista vuodeosastolta poliklinikalta
    """
)


def _names_from_a_team(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A given name of the lists, also one that is an everyday word, opening a sentence before
    where the person works: "Hope from the cleaning staff found my ring", "June's"-like months
    excepted; "Ray and Dawn from the physio team", "Lisa från hemvården ringde". Not "Help from
    the staff" (no given name) or "Will from the ward be sent?" (a question)."""
    extra: set[int] = set()
    count = len(words)
    for i, match in enumerate(words):
        if i in found or not _closing_given_name(match.group()):
            continue
        if not _at_sentence_start(text, match.start()):
            continue
        if max(masking_tagger.zipf(match.group().casefold())) >= 5.5:
            continue  # "Alla från hemtjänsten", "Inga på avdelningen": pronouns
        names = [i]
        j = i + 1
        if (
            j + 1 < count
            and words[j].group().casefold() in _AND_WORDS
            and _closing_given_name(words[j + 1].group())
        ):
            names.append(j + 1)
            j += 2
        if j >= count or text[words[j - 1].end() : words[j].start()] != " ":
            continue
        nxt = words[j].group().casefold()
        if nxt in _TEAM_ELATIVES or (
            # Swedish "på"/"i" before a team's definite form: "Björn på akuten", "Kaj i köket"
            nxt in {"på", "i"}
            and max(masking_tagger.zipf(match.group().casefold())) < 5.5  # not "Alla på …"
            and j + 1 < count
            and words[j + 1].group().casefold() in _TEAM_WORDS
            and words[j + 1].group().casefold().endswith(("en", "et", "an"))
        ):
            if (
                "?"
                not in re.split(r"[.!\n]", text[match.start() : match.start() + 400], maxsplit=1)[0]
            ):
                extra.update(names)  # "Satu kotihoidosta on ihana", "Aamu laboratoriosta soitti"
            continue
        if nxt not in _FROM_WORDS:
            continue
        following = [w.group().casefold() for w in words[j + 1 : j + 5]]
        sentence = re.split(r"[.!?\n]", text[match.start() : match.start() + 400], maxsplit=1)[0]
        if "?" in text[match.start() : match.start() + len(sentence) + 1]:
            continue
        if any(w in _TEAM_WORDS for w in following):
            extra.update(names)
    return extra


def _given_names_before_found(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """The capitalised word right before a surname found is its given name, one no list holds
    ("Jovana Petrović", "Wanida Srisuk"), unless it is a title, a place, a case form of a
    place, a plain word or an acronym."""
    extra: set[int] = set()
    for i in sorted(found):
        j = i - 1
        if j < 0 or j in found or text[words[j].end() : words[i].start()] != " ":
            continue
        surname = words[i].group().casefold()
        if surname in FIRST_NAMES or not (
            _surname_like(surname)
            or surname in REGISTER_SURNAMES
            or _looks_like_surname(words[i].group())  # "Karjalainen", also a word (Karelian)
        ):
            continue  # "Naapurini Anna", "Särskilt Eva": a first name needs no given name
        folded = words[j].group().casefold()
        given = folded in REGISTER_GIVEN_ANY and _is_capitalised(words[j].group())
        opening = _at_sentence_start(text, words[j].start())
        if opening and (folded in NAME_WORDS or folded in REGISTER_WORDS):
            # "Said Virtanen would call", "Aina Korhonen sanoo": an everyday word opening a
            # sentence is taken for the word
            continue
        if opening and not (
            folded in FIRST_NAMES or folded in AMBIGUOUS or _register_name(folded) or given
        ):
            continue  # "Rehtori Korhonen on hyvä", "Hyvä Korhonen, kiitos"; but "Lahja Keränen"
        if given and not words[j].group().isupper() and not _is_relation(folded):
            extra.add(j)  # "Jasmin Reyes", "May Chen", "Sam Kiprotich"
            continue
        # a first name that is also a town or a service ("Wilma Karjalainen", "Lovisa Nyström")
        service_name = folded in FIRST_NAMES and _is_capitalised(words[j].group())
        if (
            (_context_name(words, j, text) or service_name)
            and not _plain_word(folded)
            and not _is_relation(folded)  # "Tyttäreni Virtanen"
            and folded not in _NO_GIVEN_NAME  # "Mvh Korhonen", "Perhe Korhonen"
            and not _local_case_form(folded)
            and not _in_a_place_case(folded)
            and not folded.endswith("n")  # "Kuhmon Virtanen", "Annan Korhonen": a genitive
        ):
            extra.add(j)
    return extra


def _surnames_after_found(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """The capitalised word right after a name found by its context is its surname ("my name
    is Zhang Wei", "jag heter Rasha Al-Khatib", "sairaanhoitaja Máret Länsmanille"), unless it
    is a place, a Finnish genitive that is no surname, or a plain word."""
    extra: set[int] = set()
    for i in sorted(found):
        j = i + 1
        if j in found or j >= len(words) or text[words[i].end() : words[j].start()] != " ":
            continue
        word = words[j].group()
        folded = word.casefold()
        genitive = (  # "Kontiomäen", "Teamsin"; not "Bergmann"
            folded.endswith("n")
            and folded[-2:-1] in tuple(_VOWELS)
            and len(folded) > 4
            and not _surname_like(folded)
        )
        if (
            _context_name(words, j, text)
            and not _plain_word(folded)
            and not _local_case_form(folded)
            and not genitive  # "Lääkäri Virtanen Teamsin kautta", "Anna Kontiomäen neuvolasta"
        ):
            extra.add(j)
    return extra


_QUOTES = "'\"\u2018\u2019\u201c\u201d\u00ab\u00bb"
_CALLED_ONES = frozenset(
    [
        "me",
        "mig",
        "minua",
        "mua",
        "meitä",
        "oss",
        "us",
        "her",
        "him",
        "henne",
        "honom",
        "häntä",
        "sitä",
        "bara",
        "just",
        "only",
        "vain",
    ]
)
_CALLING = ("call", "kallar", "kallade", "kutsu", "säger", "sanoo", "sanovat")
_NICKNAME_CUES = ("aka", "a.k.a.", "alias", "smeknamn", "nicknamed", "kutsumanimi", "lempinimi")


def _between_names(text: str, words: list[re.Match[str]], j: int, found: set[int]) -> bool:
    """The quoted word(s) at j stand between a first name and a surname ("Mikko "Mikki"
    Laine")."""
    for k in (j + 1, j + 2):
        if k < len(words) and text[words[k - 1].end() : words[k].start()].strip() in _QUOTES:
            return _is_capitalised(words[k].group()) and (
                k in found or _surname_like(words[k].group().casefold())
            )
    return False


def _quoted_nicknames(text: str, words: list[re.Match[str]], found: set[int]) -> set[int]:
    """A capitalised word or two in quotes right after a name found, or after "aka", "alias"
    ("Dave ('Big Dave' to everyone)", "tommi aka 'Tomppa'")."""
    extra: set[int] = set()
    for j, match in enumerate(words):
        if j in found or not j or not _is_capitalised(match.group()):
            continue
        before = text[words[j - 1].end() : match.start()]
        if not before or before[-1] not in _QUOTES or before.count(before[-1]) != 1:
            continue
        if before[:-1].strip(" (") != "":
            continue
        previous = words[j - 1].group().casefold()
        behind = text[max(0, words[j - 1].end() - 8) : words[j - 1].end()].casefold()
        cue = behind.endswith(_NICKNAME_CUES) or previous in _NICKNAME_CUES
        # 'my colleagues call me "Siru"', 'kallar mig bara "Ressu"', 'kutsuvat minua "Pikkis"'
        callers = [w.group().casefold() for w in words[max(0, j - 4) : j - 1]]
        cue = cue or (previous in _CALLED_ONES and any(w.startswith(_CALLING) for w in callers))
        in_brackets = "(" in before
        if not (
            cue or ((j - 1) in found and (in_brackets or _between_names(text, words, j, found)))
        ):
            continue  # not "Lääkäri Mäkinen "Toivottavasti" paranee"
        quoted = match.group().casefold()
        if _plain_word(quoted) or _is_place(quoted) or _is_relation(quoted) or _title_like(quoted):
            continue  # 'Lempinimi "Mummo"'

        if text[match.end() : match.end() + 1] in _QUOTES:
            extra.add(j)
        elif (
            j + 1 < len(words)
            and text[match.end() : words[j + 1].start()] == " "
            and _is_capitalised(words[j + 1].group())
            and text[words[j + 1].end() : words[j + 1].end() + 1] in _QUOTES
        ):
            extra.update((j, j + 1))  # "'Big Dave'"; not "Smith 'Come back tomorrow'"
    return extra


def _list_partner(text: str, words: list[re.Match[str]], i: int) -> int | None:
    """The index of the next element after words[i] in a list ("X, Y", "X and Y"), or None."""
    if i + 1 >= len(words):
        return None
    between = text[words[i].end() : words[i + 1].start()]
    if between in (",", ", "):
        return i + 1
    if (
        between == " "
        and i + 2 < len(words)
        and words[i + 1].group().casefold() in _AND_WORDS
        and text[words[i + 1].end() : words[i + 2].start()] == " "
    ):
        return i + 2
    return None


def _heads_a_list_of_names(
    text: str, words: list[re.Match[str]], known: list[bool], i: int
) -> bool:
    """A listed name at the start of a sentence followed by ", " or "and" and another name
    ("Maria, Helena och Tobias kommer", "Emma and Tapio Rissanen"), where the list shows
    itself as one of people: some name in it is no everyday word, or has a surname after it
    (not "Usko ja Toivo kantoivat", "Hope and Faith kept me going")."""
    k = _list_partner(text, words, i)
    seen = 0
    while k is not None and seen < 6:
        if not (known[k] and _is_capitalised(words[k].group())):
            return False
        glued = k + 1 < len(words) and text[words[k].end() : words[k + 1].start()] == " "
        if not _is_ambiguous(words[k].group().casefold()) or (glued and known[k + 1]):
            return True
        k = _list_partner(text, words, k)
        seen += 1
    return False


def _name_findings(text: str, caller_names: frozenset[str]) -> list[Finding]:
    words = list(_WORD.finditer(text))
    known: list[bool] = []
    for match in words:
        word = match.group()
        parts = [p.casefold() for p in re.split(r"['\u2019-]", word)]
        folded = word.casefold()
        if _matches_name(folded, caller_names) or any(p in caller_names for p in parts):
            known.append(True)
            continue
        known.append(
            _is_capitalised(word)
            and not (len(word) > 1 and word.isupper())  # an acronym ("NGO"); see below
            and not _matches_name(folded, HOLIDAYS)  # "Vappuna" = on May Day
            and not _is_place(parts[0])  # "i Lovisa", "Karis" (a town), "Sami-language"
            and (
                _matches_name(folded, ALL_NAMES)
                # "Anna-Liisa", "Kokkola-Rinne"; not "PSA-arvo" (arvo = value, in lower case)
                or any(
                    p.casefold() in ALL_NAMES and p[:1].isupper()
                    for p in re.split(r"['\u2019-]", word)
                    if len(p) > 1
                )
                or (not _at_sentence_start(text, match.start()) and _looks_like_surname(word))
            )
        )
    # A capitalised word right after a first name is its surname ("Gunilla Nyström"), unless
    # the first name is an everyday word at the start of a sentence.
    for i in range(1, len(words)):
        word = words[i].group()
        first = words[i - 1].group().casefold()
        if (
            not known[i]
            and _is_capitalised(word)
            and _is_capitalised(words[i - 1].group())
            and text[words[i - 1].end() : words[i].start()] == " "
            and (
                (
                    first in FIRST_NAMES
                    and not (
                        first in AMBIGUOUS
                        and _at_sentence_start(text, words[i - 1].start())
                        and not (word.casefold() in SURNAMES and word.casefold() not in AMBIGUOUS)
                        # "Toivo Rasinkangas soitti": a second word shaped like a surname
                        and not (
                            _context_name(words, i, text)
                            and (
                                _surname_like(word.casefold())
                                or word.casefold().endswith(_COMPOUND_SURNAME_ENDINGS)
                            )
                        )
                    )
                )
                # "Nguyen Van Minh": a name particle after a name, and a name after that
                or (known[i - 1] and word.casefold() in NAME_PARTICLES)
                or (first in NAME_PARTICLES and known[i - 1])
            )
        ):
            known[i] = True
    _names_in_context(text, words, known)
    # A weak name (see masking_register) that neither a list nor its context made a name.
    weak: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        if (
            not known[i]
            and _is_capitalised(word)
            and not (len(word) > 1 and word.isupper())
            and _register_name(word.casefold())
            and not _is_place(word.casefold())
        ):
            known[i] = True
            if not (word.casefold() in REGISTER_SURNAMES and _looks_like_surname(word)):
                weak.add(i)  # but "Koistinen on ainoa lääkäri": a surname by its ending too
    found: set[int] = set()
    for i, match in enumerate(words):
        word = match.group()
        folded = word.casefold()
        previous = words[i - 1].group().casefold() if i else ""
        between = text[words[i - 1].end() : match.start()].strip() if i else ""
        after_title = (
            i > 0
            and (
                previous.rstrip(".") in _TITLE_WORDS
                or previous.endswith(TITLE_ENDINGS)
                or (_naming_cue(words, i) and not _calendar_or_acronym(word))
            )
            and _is_capitalised(word)
            and len(word) > 1
            and folded not in _NEVER_NAMES
            and folded not in _CALENDAR  # "nurse Tuesday morning"
            and not _title_like(word)  # "my supervisor Dr. Eeva Rantanen"
            and (
                "-" in folded or not _is_place(folded)
            )  # "työntekijä Ukrainasta"; not "Kokkola-Rinne"
            # "Dr. Okafor", but "…the doctor. Fantastic value." is a new sentence.
            and (
                between == ""
                or (between == "." and previous in _TITLE_ABBREVIATIONS)
                or (
                    between == ":"
                    and _label_before(words, i)
                    and _context_name(words, i, text)
                    and not _plain_word(folded)
                )
            )
        )
        # A sign-off ("Terveisin, Helka", "Kind regards, Helen Ames"): the one or two
        # capitalised words after it are the writer's name.
        after_sign_off = (
            i > 0
            and _is_capitalised(word)
            and len(word) > 1
            and folded not in _NEVER_NAMES
            and not _calendar_or_acronym(word)
            and not _is_place(folded)  # "Best wishes, Kainuu wellbeing services county"
            and not _title_like(word)  # "Regards, Councillor Sanna Ollila"
            and not _organisation_after(words, i)  # "Terveisin Kainuun Omaishoitajat ry"
            and (
                (previous in SIGN_OFFS and between in ("", ",", ":", "."))
                or (previous in WEAK_SIGN_OFFS and between == "," and _near_end(words, i))
                # "Thank you, Vu Anh", "Kiitos! Sara": thanks closing the text, then a name
                or (
                    (
                        (previous in WEAK_SIGN_OFFS and between in ("!", "."))
                        or (
                            previous == "you"
                            and i > 1
                            and words[i - 2].group().casefold() == "thank"
                            and between in (",", "!", ".")
                        )
                    )
                    and _near_end(words, i)
                    and not _plain_word(folded)
                    # a name of the lists that is no everyday word: not "Thank you, Everyone",
                    # "Thanks! Love", "Kiitos! Aina"
                    and folded not in NAME_WORDS
                    and folded not in AMBIGUOUS
                    and (folded in ALL_NAMES or _register_name(folded))
                )
                or (
                    i > 1
                    and (
                        words[i - 2].group().casefold() in SIGN_OFFS
                        or (
                            words[i - 2].group().casefold() in WEAK_SIGN_OFFS
                            and text[words[i - 2].end() : words[i - 1].start()].strip() == ","
                            and _near_end(words, i - 1)
                        )
                    )
                    and _is_capitalised(words[i - 1].group())
                    and (
                        text[words[i - 1].end() : match.start()] == " "
                        # "Vänliga hälsningar, O. Khalil": an initial and a surname
                        or (
                            text[words[i - 1].end() : match.start()] == ". "
                            and len(words[i - 1].group()) == 1
                        )
                    )
                )
            )
        )
        after_title = after_title or after_sign_off
        if _shouted(words, i) and not _matches_name(folded, caller_names):
            continue  # a word in a run of capitals ("SE LÄÄKÄRI OLI") is shouting, not a name
        if not after_title and _in_a_place_case(folded) and not _matches_name(folded, caller_names):
            continue  # "Hoivakoti Honkalassa": a place, not a person
        if not known[i] and not after_title:
            continue
        if known[i] and not after_title and (_is_ambiguous(folded) or i in weak):
            # An everyday word unless the caller named it, or it stands mid-sentence, or next
            # to another name.
            named_by_caller = _matches_name(folded, caller_names)
            beside_name = (
                (i > 0 and known[i - 1] and words[i - 1].group().casefold() not in AMBIGUOUS)
                or (
                    i + 1 < len(words)
                    and known[i + 1]
                    and words[i + 1].group().casefold() not in AMBIGUOUS
                )
                or _heads_a_list_of_names(text, words, known, i)
            )
            if not named_by_caller and not beside_name and _at_sentence_start(text, match.start()):
                continue
        found.add(i)
    found |= _uncapitalised_names(text, words, found)
    found |= _surnames_after_found(text, words, found)
    found |= _given_names_before_found(text, words, found)
    found |= _signature_line(text, words)
    found |= _initials_beside_found(text, words, found)
    found |= _names_by_what_follows(text, words, found)
    found |= _names_by_their_place(text, words, found)
    found |= _names_from_a_team(text, words, found)
    found |= _introduced_after_greeting(text, words, found)
    found |= _nicknames_before_full_names(text, words, found)
    found |= _names_by_who_they_are(text, words, found)
    found |= _thanked_by_name(text, words, found)
    found |= _families_by_surname(text, words, found)
    found |= _quoted_nicknames(text, words, found)
    found |= _owners_of_relatives(text, words)
    found |= _appositions(text, words, found)
    found |= _names_by_what_they_do(text, words, found)
    found |= _names_in_other_shapes(text, words, found)
    # A name found once is a name wherever it recurs in the text, inflected too ("Poikani Onni
    # … Onnin henkilötunnus", "Praktikanten Moa … Moas tålamod"); lower-case recurrences only
    # for names that are no everyday word ("Anna" found does not hide "anna" = give).
    email_parts = _email_name_parts(text)
    named = {words[i].group().casefold() for i in found} | email_parts
    named_parts = frozenset(
        part
        for name in named
        for part in re.split(r"['\u2019-]", name)
        if len(part) >= 3 and not _is_relation(part)  # "Late-vaari" … "vaarin" is no name
    )
    named_keys = {_name_key(part) for part in named_parts}
    for i, match in enumerate(words if named_parts else ()):
        if i in found or len(match.group()) < 3:
            continue
        word = match.group()
        folded = word.casefold()
        parts = [p for p in re.split(r"['\u2019-]", folded) if p]
        if folded in _NEVER_NAMES or folded in _CALENDAR:
            continue
        key = _name_key(parts[0])
        by_key = (
            len(key) >= 4
            and key in named_keys
            and _is_capitalised(word)
            and not (_at_sentence_start(text, match.start()) and _is_ambiguous(key))
        )  # "Aino … Ainoa miinus", "Ilona … Ilolla" are words, not the name again
        hit = _matches_name(folded, named_parts) or parts[0] in named_parts or by_key
        if not hit:
            continue
        ambiguous = (
            folded in AMBIGUOUS
            or _is_ambiguous(folded)
            or folded in NAME_WORDS
            or max(masking_tagger.zipf(folded)) >= 3.5
        )
        if ambiguous and not _is_capitalised(word):
            continue  # "Anna" found does not hide "anna" (give), "Rob" not "rob the pharmacy"
        if folded in _VERB_LIKE and (
            _at_sentence_start(text, match.start()) or folded not in named
        ):
            continue  # "Aino … Ainoa miinus" (the only), "Toivo … Toivon, että" (I hope)
        if not _is_capitalised(word) and not _matches_name(folded, named_parts - email_parts):
            continue  # an address's parts are names only where they are written as names
        found.add(i)
    return [Finding(NAME, words[i].start(), words[i].end()) for i in sorted(found)]


def find_personal_data(
    text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()
) -> tuple[Finding, ...]:
    """Every finding in `text`, without overlaps, in order of position. `keep`: addresses that
    stay visible (the county's own units). The rules first, then the name tagger's second look
    at the words they left visible (`masking_tagger`)."""
    found = rule_findings(text, names=names, keep=keep)
    covered = [(f.start, f.end, f.kind) for f in found]
    extra = masking_tagger.extra_names(text, covered, TAGGER_LISTS)
    if extra:
        found = tuple(
            sorted((*found, *(Finding(NAME, s, e) for s, e in extra)), key=lambda f: f.start)
        )
    found = tuple(
        _without_title(text, f)
        for f in found
        if not _group_compound(text, f) and not _season_greeting(text, f)
    )
    return _join_couples(text, found)


# Between two parts of one address: a comma, perhaps with the town ("P.O. Box 2041, Anchorage,
# AK 99520").
_BETWEEN_ADDRESS_PARTS = re.compile(
    r",[ \t]*(?:[A-ZÅÄÖ][a-zåäö]+(?:[ \t][A-ZÅÄÖ][a-zåäö]+)?,[ \t]*)?"
)


def _join_address_parts(text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Two address findings with only a comma, or a town between commas, between them are one
    address: the box or street, the town, the state and ZIP code."""
    result: list[Finding] = []
    for finding in found:
        last = result[-1] if result else None
        if (
            last is not None
            and last.kind == finding.kind == ADDRESS
            and _BETWEEN_ADDRESS_PARTS.fullmatch(text, last.end, finding.start)
        ):
            result[-1] = Finding(ADDRESS, last.start, finding.end)
        else:
            result.append(finding)
    return tuple(result)


# A flat, a staircase or a floor written before the street ("Apartment 12, 3rd floor, Torikatu
# 5", "trappa B, lägenhet 14, på Kalliokatu 3", "Unit 3, 45 King Street"), and a house's
# staircase and flat before the number in English order ("5 B 12 Pohjolankatu").
_PART_BEFORE = re.compile(
    r"(?:\b(?P<flat>apartment|apt\.?|flat|lägenhet|lgh\.?|bostad|trappa|asunto|huoneisto|rappu"
    r"|porras)[ \t]*(?:\d{1,4}[A-Za-z]?|[A-Z])"
    r"|\b\d{1,2}(?:st|nd|rd|th)[ \t]+floor|\b\d{1,2}[ \t]*tr\.?|\bvåning[ \t]+\d{1,2}"
    r"|\b\d{1,2}\.[ \t]*kerros)"
    r"[ \t]*,[ \t]*(?:(?:på|at|in|i)[ \t]+)?$",
    re.IGNORECASE,
)
_STAIRCASE_BEFORE_NUMBER = re.compile(r"\b\d{1,4}[ \t]+[A-H][ \t]+$")
# A floor between the number and the town, with the postal code ("Storgatan 22, 2 tr, 411 38
# Göteborg", "Västra Långgatan 18, 3 tr., Vasa"); a floor after the town stays ("…, 87100
# Kajaani, 3rd floor, no lift": the writers keep it). A postal code after the town ("Kajaani
# 87100").
_FLOOR_AFTER = re.compile(
    r",?[ \t]*\d{1,2}[ \t]*tr\.?,[ \t]*(?:(?P<code>\d{3}[ \t]?\d{2})[ \t]+)?"
    r"(?P<town>[A-ZÅÄÖ][^\W\d_]{2,})(?![\w-])"
)
_POSTAL_CODE_AFTER = re.compile(r"[ \t]+\d{5}(?=[ \t]*(?:[,.;:)!?\n\u2013\u2014]|[ \t]-|$))")


def _whole_address(text: str, finding: Finding) -> Finding:
    """An address finding with the parts written around it that belong to the home: a flat,
    staircase or floor before it, a Swedish floor with the postal code and town after it, a
    postal code after the town."""
    start, end = finding.start, finding.end
    parts, flat = start, False
    for _ in range(3):
        before = _PART_BEFORE.search(text, max(0, parts - 40), parts)
        if not before:
            break
        parts, flat = before.start(), flat or bool(before.group("flat"))
    if flat:  # a floor alone before a street is a public building's ("2. kerros, Sairaalantie 1")
        start = parts
    if text[start : start + 1].isdigit():
        staircase = _STAIRCASE_BEFORE_NUMBER.search(text, max(0, start - 12), start)
        if staircase:
            start = staircase.start()
    floor = _FLOOR_AFTER.match(text, end)
    if floor and (floor.group("code") or floor.group("town").casefold() in PLACES):
        end = floor.end()
    postal = _POSTAL_CODE_AFTER.match(text, end)
    if postal and not any(ch.isdigit() for ch in text[finding.end - 7 : finding.end]):
        end = postal.end()
    if (start, end) == (finding.start, finding.end):
        return finding
    return Finding(ADDRESS, start, end)


# A wish before a holiday or a season: "Hyvää Vappua", "Glad Valborg", "Happy Summer".
_WISH_BEFORE = re.compile(
    r"(?:hyvää|hauskaa|iloista|rauhallista|glad|gott|god|happy|merry)[ \t]+$", re.I
)


_SEASONS = word_set(
    """
    vappu vappua juhannus juhannusta joulu joulua pääsiäinen pääsiäistä valborg midsommar jul
    påsk summer winter spring autumn easter christmas kesää talvea kevättä syksyä sommar vinter
    vår höst dag hjärtans alla midsummer
    """
)


def _season_greeting(text: str, finding: Finding) -> bool:
    """A name finding that is a holiday or a season after a wish ("Hyvää Vappua!", "Glad
    Valborg", "Happy Summer"); not a person after "glad" or "god" ("I'm glad Mikko was …")."""
    return (
        finding.kind == NAME
        and text[finding.start : finding.end].casefold() in _SEASONS
        and bool(_WISH_BEFORE.search(text, max(0, finding.start - 16), finding.start))
    )


def _without_title(text: str, finding: Finding) -> Finding:
    """A name finding joined to a title by a hyphen, trimmed to the name: "Tuuli-hoitaja" ->
    "Tuuli". A relative's word stays with the name ("Pirkko-täti" is what the family calls her)."""
    if finding.kind != NAME:
        return finding
    piece = text[finding.start : finding.end]
    name, hyphen, head = piece.rpartition("-")
    if hyphen and name and head[:1].islower() and (_title_stem(head) or _title_like(head)):
        return Finding(NAME, finding.start, finding.start + len(name))
    return finding


# The head of a compound that names a team, a café or a house after a person or a word
# ("Helmi-tiimille", "Aino-kahvilan", "Toivo-talossa"): a place or a group, not a person.
_GROUP_HEAD = re.compile(
    r"-(?:tiim|kahvil|talo|tupa|tuva|koti|kodi|ryhm|kerho|klubi|keskus|päivä|viik|team|café|cafe"
    r"|grupp|huset|stuga|klubb|kör|projekt|hanke|hankkee|mall|malli|menetelm|metod|kafé|kafe"
    r"|stund|hem|project|group|hour|room|house|tuoki|huone|hetki|ilta|aamu|piiri"
    r"|cirkel|träff|kväll|club|circle|session|program)",
    re.IGNORECASE,
)


# Two given names joined by a hyphen ("jani-petteri", "Anna-Liisa", "sten-åkes").
_HYPHENATED_GIVEN_NAMES = re.compile(r"(?<![\w-])[^\W\d_]{2,}-[^\W\d_]{2,}(?![\w-])")
# A given name joined by a hyphen to a title or a relative's word ("Lahja-hoitajalle", "Ulla-täti").
_NAME_BEFORE_TITLE = re.compile(
    r"(?<![\w-])(?P<name>[^\W\d_]{3,})-(?P<head>[a-zåäö][a-zåäö]{2,})(?![\w-])"
)
_TITLE_STEMS = (
    "hoitaj", "lääkär", "fysioterapeut", "terapeut", "kätilö", "sosiaalityöntekijä", "ohjaaj",
    "opettaj", "kuljettaj", "nurse", "doctor", "sköterska", "läkare",
)  # fmt: skip
_RELATIVE_STEMS = (
    "täti", "tädi", "setä", "sedä", "mummu", "mummo", "vaari", "pappa", "ukki", "moster",
    "faster", "morbror", "farbror",
)  # fmt: skip


def _title_stem(word: str) -> bool:
    """A title in any case form ("hoitajalle", "lääkärin"); a relative's word joined to a name
    is part of what the family calls the person ("Pirkko-täti", "Late-vaari")."""
    return word.casefold().startswith(_TITLE_STEMS)


def _group_compound(text: str, finding: Finding) -> bool:
    """A name finding that is the first half of a team's or a house's compound name."""
    if finding.kind != NAME:
        return False
    piece = text[finding.start : finding.end]
    hyphen = piece.find("-")
    if hyphen > 0:
        return bool(_GROUP_HEAD.match(piece, hyphen)) and piece[hyphen + 1 : hyphen + 2].islower()
    after = text[finding.end : finding.end + 1]
    return (
        after == "-"
        and bool(_GROUP_HEAD.match(text, finding.end))
        and (text[finding.end + 1 : finding.end + 2].islower())
    )


# "Stefan och Mia Karlsson", "Raija ja Kauko Ahonen": a couple under one surname is one name.
_COUPLE_JOIN = frozenset({" ja ", " och ", " and ", " & ", " sekä ", " o ", " å "})


def _given_as_written(word: str) -> bool:
    folded = word.casefold()
    return (folded in FIRST_NAMES or folded in REGISTER_GIVEN_ANY) and folded not in SURNAMES


def _join_couples(text: str, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """Two given names joined by "and" before a surname are one finding with the join, so that
    a couple under one surname is hidden as one ("Stefan och Mia Karlsson" -> one name)."""
    result = list(found)
    k = 0
    while k + 2 < len(result):
        first, second, third = result[k], result[k + 1], result[k + 2]
        if (
            first.kind == second.kind == third.kind == NAME
            and text[first.end : second.start] in _COUPLE_JOIN
            and text[second.end : third.start] == " "
            # two given names as written, not a surname or an inflected name before the join
            # ("Hoitaja Lukkari ja Sanna Kangas", "Kiitos Oleksandrille ja Natalja Ivanovalle")
            and _given_as_written(text[first.start : first.end])
            and _given_as_written(text[second.start : second.end])
        ):
            result[k : k + 2] = [Finding(NAME, first.start, second.end)]
        k += 1
    return tuple(result)


@lru_cache(maxsize=65536)
def _tagger_first_name(folded: str) -> bool:
    """A given name of the lists, or two joined by a hyphen ("riikka-liisa")."""
    first, hyphen, second = folded.partition("-")
    if hyphen and first and second and "-" not in second:
        return _tagger_first_name(first) and _tagger_first_name(second)
    return _matches_name(folded, FIRST_NAMES) or folded in REGISTER_GIVEN_ANY


@lru_cache(maxsize=65536)
def _tagger_surname(folded: str) -> bool:
    return (
        _matches_name(folded, SURNAMES)
        or folded in REGISTER_SURNAMES
        or folded.endswith(FINNISH_SURNAME_ENDINGS)
        or folded.endswith(SWEDISH_SURNAME_ENDINGS)
    )


@lru_cache(maxsize=65536)
def _tagger_weak_name(folded: str) -> bool:
    return (
        folded in AMBIGUOUS
        or folded in NAME_WORDS
        or folded in DICTIONARY_WORDS
        or folded in REGISTER_ONLY
    )


# Diseases named after a person ("Bell's palsy", "Crohn's disease"): no one's name in feedback.
_EPONYMS = frozenset(
    [
        "bell's",
        "parkinson's",
        "alzheimer's",
        "crohn's",
        "down's",
        "hodgkin's",
        "asperger's",
        "huntington's",
        "addison's",
        "cushing's",
        "graves'",
        "raynaud's",
        "tourette's",
        "menière's",
        "meniere's",
        "sjögren's",
        "bechterew's",
        "paget's",
        "wilson's",
        "hashimoto's",
        "kaposi's",
        "marfan's",
    ]
)


@lru_cache(maxsize=65536)
def _tagger_place(folded: str) -> bool:
    """A place of the lists, for the tagger (and a disease named after a person, which it must
    not take for a name either)."""
    return (
        folded in PLACES
        or _is_place(folded)
        or folded.replace("\u2019", "'") in _EPONYMS
        or folded.startswith(_MEDICINE_STEMS)
    )


# The lists the tagger asks about, each answer cached per word (a web worker meets the same
# words again and again; 65,536 words each, a few MB).
TAGGER_LISTS = masking_tagger.Lists(
    first_name=_tagger_first_name,
    surname=_tagger_surname,
    weak_name=_tagger_weak_name,
    place=_tagger_place,
    plain_word=_plain_word,
    title=_title_like,
    relation=lambda folded: folded in RELATION_WORDS,
    word_too=lambda folded: folded in DICTIONARY_WORDS or folded in NAME_WORDS,
)


# A capitalised word in Cyrillic letters: in feedback to a Finnish county a name ("Я Олена
# Коваленко", "Від Тарас"), unless it opens a sentence with no capitalised Cyrillic word after
# it ("Добрий день"), or it is a greeting, God or a place ("Дякую", "Київ", "Україна").
_CYRILLIC_WORD = re.compile(
    r"(?<![\w-])[А-ЯЁЄІЇҐ][а-яёєіїґ'’]+(?:-[А-ЯЁЄІЇҐ]?[а-яёєіїґ'’]+)?(?![\w-])"
)
_CYRILLIC_NOT_NAMES = (
    "добр", "дяку", "спасиб", "здрав", "приві", "приве", "вітаю", "шановн", "уважаем", "бог",
    "господ", "україн", "украин", "росі", "росс", "фінлянд", "финлянд", "київ", "киев",
    "москв", "харків", "харьков", "одес", "львів", "львов", "європ", "европ", "каяан", "каян",
    "кайаан", "суомі", "суоми", "гельсінк", "хельсинк", "києв", "різдв", "рождеств", "нов",
    "христ", "бажа", "маріупол", "мариупол", "запоріж", "запорож", "дніпр", "днепр", "херсон",
    "черніг", "чернig", "петербург", "мурманск", "оулу", "кайнуу", "сотка", "поліклін",
    "поликлин", "лікарн", "больниц", "сум", "вам", "вас", "вами", "ваш", "тобі", "тебе",
)  # fmt: skip
# Words that open a Cyrillic sentence before a name ("Від Тарас", "Мене звати"): never a name.
_CYRILLIC_OPENERS = frozenset(
    [
        "від",
        "до",
        "з",
        "із",
        "в",
        "у",
        "на",
        "за",
        "для",
        "по",
        "при",
        "про",
        "я",
        "ми",
        "ви",
        "він",
        "вона",
        "вони",
        "мій",
        "моя",
        "мої",
        "мене",
        "мені",
        "наш",
        "наша",
        "ваш",
        "ваша",
        "це",
        "цей",
        "ця",
        "як",
        "що",
        "коли",
        "будь",
        "прошу",
        "тут",
        "от",
        "из",
        "о",
        "об",
        "мы",
        "вы",
        "он",
        "она",
        "они",
        "мой",
        "мои",
        "меня",
        "мне",
        "это",
        "этот",
        "эта",
        "как",
        "что",
        "когда",
        "пожалуйста",
        "здесь",
    ]
)


def _cyrillic_names(text: str) -> list[Finding]:
    words = list(_CYRILLIC_WORD.finditer(text))
    findings = []
    for i, match in enumerate(words):
        folded = match.group().casefold()
        if folded.startswith(_CYRILLIC_NOT_NAMES) or folded in _CYRILLIC_OPENERS:
            continue
        before = text[max(0, match.start() - 4) : match.start()].casefold()
        if re.search(r"(?:^|\s)(?:з|із|зі|из|в|у|во|до)\s$", before):
            continue  # "з Харкова", "из Петрозаводска": a place
        follows = i + 1 < len(words) and text[match.end() : words[i + 1].start()] == " "
        if _at_sentence_start(text, match.start()) and not (
            follows and not words[i + 1].group().casefold().startswith(_CYRILLIC_NOT_NAMES)
        ):
            continue
        findings.append(Finding(NAME, match.start(), match.end()))
    return findings


def rule_findings(
    text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()
) -> tuple[Finding, ...]:
    """The findings of the hand-written rules alone, without overlaps, in order of position."""
    candidates: list[tuple[int, Finding]] = []
    for match in _EMAIL.finditer(text):
        local, _, domain = match.group().partition("@")
        if _public_mailbox(local) and domain.split(".")[0].casefold() not in _MAIL_PROVIDERS:
            continue  # "kirjaamo@kainuu.fi", "hemvard.sotkamo@kainuu.fi": a unit's mailbox
        candidates.append((0, Finding(EMAIL, match.start(), match.end())))
    for match in _OBFUSCATED_EMAIL.finditer(text) if _AT_WORD.search(text) else ():
        end = match.end()
        tail = re.match(
            r"(?:\s(?:dot|piste|punkt)\s|\.)(?:uk|in|au|nz|za|jp|kr|br)(?![\w-])", text[end:], re.I
        )
        candidates.append((0, Finding(EMAIL, match.start(), end + (tail.end() if tail else 0))))
    for match in _SPACED_EMAIL.finditer(text) if " @" in text or "@ " in text else ():
        domain = re.split(r" ?@ ?", match.group(), maxsplit=1)[1].split(".")[0].strip().casefold()
        if domain not in _MAIL_PROVIDERS:
            continue  # "Kirjauduin @ kanta . fi", "Meet @ reception . com"
        candidates.append((0, Finding(EMAIL, match.start(), match.end())))
    first_capital = next((k for k, ch in enumerate(text) if ch.isupper()), len(text))
    for match in _ADDRESS_IN_WORDS.finditer(text):
        following = (match.group("next") or "").casefold()
        if following and following not in _AFTER_ADDRESS_IN_WORDS and not _is_place(following):
            continue  # "Kajaanintie kaksi kaistaa"
        street = match.group().split()[0].casefold()
        if street in _ROAD_NUMBER_WORDS or street.endswith("linja"):
            continue  # "Valtatie viisi ja kantatie", "Bussilinja kuusi Kajaaniin"
        if match.group()[:1].islower() and first_capital < match.start():
            continue  # a street in lower case only in a text typed so
        candidates.append(
            (1, Finding(ADDRESS, match.start(), _with_flat_and_town(text, match.end())))
        )
    for finding in _address_findings(text, address_keys(keep)):
        candidates.append((1, finding))
    for match in _IDENTITY.finditer(text):
        kind = _classify_identity(match)
        if " " in match.group() and match.group(4).isalpha() and kind != IDENTITY_CODE:
            continue  # "150807 A 2267" is a code only when date and check character agree
        candidates.append((1, Finding(kind, match.start(), match.end())))
    for match in _IDENTITY_LETTER_O.finditer(text):
        # a letter O typed for a zero ("22O207A750T"): a code when it is one with zeros
        digits = match.group().translate(_O_TO_ZERO)
        typed = _IDENTITY.fullmatch(digits)
        with_o = "O" in match.group().upper()[:6] + match.group().upper()[7:10]
        if with_o and typed and _classify_identity(typed) == IDENTITY_CODE:
            candidates.append((1, Finding(IDENTITY_CODE, match.start(), match.end())))
    for match in _IDENTITY_WITHOUT_SIGN.finditer(text):
        if _without_sign_is_a_code(match):
            candidates.append((1, Finding(IDENTITY_CODE, match.start(), match.end())))
    for match in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= _digits(match.group()) <= 15:
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _BRACKETED_AREA_PHONE.finditer(text):
        candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _CARE_OF.finditer(text):
        parts = [w.casefold() for w in match.group("name").split()]
        named = any(_tagger_first_name(w) or _tagger_surname(w) for w in parts)
        if named and not any(_is_place(w) for w in parts):  # not "c/o Social Services"
            candidates.append((3, Finding(NAME, match.start("name"), match.end("name"))))
    for match in _BARE_COUNTRY_PHONE.finditer(text):
        candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _INTERNATIONAL_PHONE_AREA.finditer(text):
        if 8 <= _digits(match.group()) <= 15:
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _NATIONAL_PHONE.finditer(text):
        if _DATE_LIKE.fullmatch(match.group()):
            continue
        if 7 <= _digits(match.group()) <= 12:
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
            continue
        # two numbers with a slash between ("050-3381 224 / 040 227 1190"): each on its own
        cut = match.group().find(" / ")
        if cut < 0 and "/" in match.group() and 7 <= _digits(match.group().split("/")[0]) <= 12:
            # "020 634 1100/245": a number and its extension
            head = match.start() + match.group().find("/")
            candidates.append((2, Finding(PHONE, match.start(), head)))
            continue
        if cut > 0 and 7 <= _digits(match.group()[:cut]) <= 12:
            candidates.append((2, Finding(PHONE, match.start(), match.start() + cut)))
            second = _NATIONAL_PHONE.match(text, match.start() + cut + 3)
            if second and 7 <= _digits(second.group()) <= 12:
                candidates.append((2, Finding(PHONE, second.start(), second.end())))
    if _SPOKEN_START.search(text):
        candidates.extend((2, finding) for finding in _spoken_phone_findings(text))
    for match in _SPACED_DIGITS.finditer(text):
        if len(_SEPARATED.findall(match.group())) > 2:
            continue  # "0 - 5 - 4 - 5 - 3 …": scores, not a phone number
        if not _counting([int(ch) for ch in match.group() if ch.isdigit()]):
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _RECORD_NUMBER.finditer(text):
        if _YEARS.fullmatch(match.group("number")):
            continue  # "Opiskelijanumerot 2023-2024", "Lähetenumero oli 2024"
        if re.match(_AMOUNT_AFTER, text[match.end() : match.end() + 12], re.I):
            continue  # "an invoice 1200 € for a night": an amount
        if _BARE_AMOUNT_WORD.match(match.group()) and _digits(match.group("number")) <= 4:
            continue  # "Invoice was 4500 for the year", "Faktura 1500 för en dag": an amount
        if _EXTENSION_WORD.match(match.group()) and (
            text[max(0, match.start() - 2) : match.start()] not in (", ", " (", "(")
            or re.search(r"\d\W{0,3}$", text[max(0, match.start() - 4) : match.start()])
        ):
            continue  # "ask for extension 1234": a switchboard's; "Robin Eklund, ankn. 3321" is his
        if _digits(match.group("number")) < 4:
            continue  # "KAI/PAT" with no number
        yours = _YOUR_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if (
            _BARE_REFERENCE_WORD.match(match.group())
            and not yours
            and (_digits(match.group("number")) < 6 or "/" in match.group("number"))
        ):
            continue  # "Päätöksen viite on 2024/1234", "Reference 12 345 in the plan"
        if _CASE_NUMBER_WORD.match(match.group()) and _PUBLIC_BODY.search(
            text, max(0, match.start() - 80), min(len(text), match.end() + 60)
        ):
            continue  # "Asemakaavan muutos, dnro 1234/2024": a public body's case is public
        candidates.append((2, Finding(REFERENCE, match.start("number"), match.end("number"))))
    for pattern in (_LONG_NUMBER, _LONG_GROUPED_NUMBER):
        for match in pattern.finditer(text):
            groups = match.group().split()
            if (
                _digits(match.group()) < 10
                or _list_of_numbers(groups)
                or _PRODUCT_NUMBER_BEFORE.search(text, max(0, match.start() - 20), match.start())
            ):
                continue
            candidates.append((2, Finding(REFERENCE, match.start(), match.end())))
    for match in _CODE.finditer(text):
        if not _is_code(text, match) or re.match(
            _AMOUNT_AFTER, text[match.end() : match.end() + 12], re.I
        ):
            continue
        if "/" in match.group() and _PUBLIC_BODY.search(
            text, max(0, match.start() - 80), min(len(text), match.end() + 60)
        ):
            continue  # a public body's diary number, as for case numbers ("ISAVI/1234/2024")
        candidates.append((2, Finding(REFERENCE, match.start(), match.end())))
    for match in _HANDLE.finditer(text):
        candidates.append((0, Finding(REFERENCE, match.start(), match.end())))
    for match in _LABELLED_HANDLE.finditer(text):
        handle = match.group("handle")
        colon = ":" in text[match.start() : match.start("handle")]
        if not re.search(r"[^\W\d_]", handle):
            continue  # "snap: 3.5" holds no letter
        # a handle has an underscore, or letters on both sides of a dot, or letters and digits
        # after a colon; not "2010-luvun", "v8.1", "e.g.", "nopeampi.Kiitos" (a missing space)
        shaped = bool(
            re.search(r"_|[a-z]\.[a-z]", handle) and not re.search(r"\.[A-ZÅÄÖ]", handle)
        ) or (colon and re.search(r"\d", handle) and re.search(r"[^\W\d_]{3}", handle))
        if shaped and handle.casefold() not in {"e.g", "i.e", "a.k.a"}:
            candidates.append((1, Finding(REFERENCE, match.start("handle"), match.end("handle"))))
    for match in _UNDERSCORE_HANDLE.finditer(text):
        handle = match.group()
        cued = _HANDLE_CUE.search(text, max(0, match.start() - 40), match.start()) or (
            _HANDLE_CUE_AFTER.match(text, match.end())
        )
        if cued and not _FILE_NAME.search(handle):
            candidates.append((1, Finding(REFERENCE, match.start(), match.end())))
    for match in _DISCORD_TAG.finditer(text):
        candidates.append((1, Finding(REFERENCE, match.start(), match.end())))
    for match in _IBAN.finditer(text):
        if sum(ch.isdigit() for ch in match.group()) >= 10:
            candidates.append((1, Finding(REFERENCE, match.start(), match.end())))
    for match in _PLATE.finditer(text):
        window = max(0, match.start() - 60)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, window, match.start())]
        if _PLATE_CUE.search(text, max([window, *ends]), match.start()):
            candidates.append((2, Finding(REFERENCE, match.start(), match.end())))
    for match in _INITIALS.finditer(text):
        letters = "".join(ch for ch in match.group() if ch.isalpha()).casefold()
        before = re.search(r"([^\W\d_]+)\.?\s*$", text[max(0, match.start() - 40) : match.start()])
        after_title = bool(before and _title_like(before.group(1)))
        # "hoitaja J.K. lupasi soittaa": after a title even "J.K." (else "jälkikirjoitus")
        if (letters not in _NOT_INITIALS or after_title) and _initials_as_name(text, match):
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _NI_NUMBER.finditer(text):
        candidates.append((1, Finding(REFERENCE, match.start(), match.end())))
    for match in _BIRTH_DATE.finditer(text):
        cue = text[match.start() : match.start("date")].strip(" :").casefold()
        year = re.search(r"(?:19|20)\d\d", match.group("date"))
        if cue in {"b.", "s.", "f.", "born", "born on"} and year and int(year.group()) >= 2020:
            continue  # "Vaihtoehdot: a. 12.6.2024 b. 14.6.2024": a list, not a birth
        candidates.append((1, Finding(REFERENCE, match.start("date"), match.end("date"))))
    for match in _MAIDEN_NAME.finditer(text):
        name = match.group("name").casefold()
        street = name.endswith(tuple(_STREET_BASE))
        shaped = name in SURNAMES or _name_shaped(match.group("name"))
        if shaped and not street:
            candidates.append((3, Finding(NAME, match.start("name"), match.end("name"))))
    for match in _VIETNAMESE_NAME.finditer(text):
        parts = match.group().split()
        if not (
            all(p.islower() for p in parts)
            or all(p.isupper() for p in parts)
            or all(p[:1].isupper() for p in parts)
        ):
            continue  # "Do van drivers", not "Nguyen Van Minh" or "nguyen van long"
        for word in _WORD.finditer(text, match.start(), match.end()):
            candidates.append((3, Finding(NAME, word.start(), word.end())))
    for pattern in (_HYPHEN_PAIR, _HYPHEN_PAIR_AFTER):
        for match in pattern.finditer(text):
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in re.finditer(r"(?<![\w-])(?!A-[BZÖÅ])[A-ZÅÄÖ]-[A-ZÅÄÖ](?![\w:-])", text):
        # "Tack till K-G på hemvården", "Lapsen isä J-P ei saa": after thanks, a relative, a title
        before = re.search(r"([^\W\d_]+)\s+$", text[max(0, match.start() - 30) : match.start()])
        cue = before.group(1).casefold() if before else ""
        if cue in THANKS or cue in {"till", "to"} or _is_relation(cue) or _title_like(cue):
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _NAME_BEFORE_TITLE.finditer(text):
        # "Lahja-hoitajalle", "Hanne-hoitaja", "Ulla-täti", "tuuli-hoitaja": a given name of the
        # lists, also an everyday word, joined to a title or a relative's word; the name only
        name, head = match.group("name"), match.group("head")
        if (
            (_closing_given_name(name) or (name.islower() and _closing_given_name(name.title())))
            and name.casefold() not in _CALENDAR
            and (_title_like(head) or _title_stem(head))
        ):
            candidates.append((3, Finding(NAME, match.start("name"), match.end("name"))))
        elif (
            _is_capitalised(name)
            and (_closing_given_name(name) or _tagger_weak_name(name.casefold()))
            and head.casefold().startswith(_RELATIVE_STEMS)
        ):
            candidates.append((3, Finding(NAME, match.start(), match.end())))  # "Pirkko-täti"
    for match in _HYPHENATED_GIVEN_NAMES.finditer(text):
        # "jani-petteri", "anna-liisa", "Sten-Åkes": two given names of the lists joined, in
        # any letter case (the second may be inflected)
        first, second = (p.casefold() for p in match.group().split("-", 1))
        if (
            (_given_as_written(first) or first in REGISTER_GIVEN_ANY or first in FIRST_NAMES)
            and (
                second in FIRST_NAMES
                or second in REGISTER_GIVEN_ANY
                or _matches_name(second, _PLAIN_FIRST_NAMES)
            )
            and not (_is_ambiguous(first) and _is_ambiguous(second))
        ):
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _END_CAPITALS.finditer(text):
        if match.group().casefold() not in _NOT_INITIALS | _NOT_END_INITIALS:
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _END_INITIAL.finditer(text):
        candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _SIGNED_INITIALS.finditer(text):
        candidates.append((3, Finding(NAME, match.start(), match.end())))
    for match in _HYPHEN_INITIALS.finditer(text):
        surname = match.group("surname").casefold()
        if not _plain_word(surname) and not _is_place(surname):
            candidates.append((3, Finding(NAME, match.start(), match.end())))
    for finding in _name_findings(text, _name_forms(names)):
        candidates.append((3, finding))
    if _CYRILLIC_WORD.search(text):
        candidates.extend((3, finding) for finding in _cyrillic_names(text))
    candidates = [
        (priority, _with_whole(text, finding))
        for priority, finding in candidates
        if not (
            finding.kind == PHONE
            and (
                _SWITCHBOARD.search(text[max(0, finding.start - 30) : finding.start])
                or _public_number(text, finding)
            )
        )
    ]
    candidates.sort(key=lambda c: (c[0], c[1].start, -(c[1].end - c[1].start)))
    # keep each candidate that overlaps none kept before it (a sorted list of starts and
    # ends, so many findings cost n log n, not n squared)
    starts: list[int] = []
    chosen: list[Finding] = []
    for _priority, finding in candidates:
        at = bisect.bisect_right(starts, finding.start)
        if at and chosen[at - 1].end > finding.start:
            continue
        if at < len(chosen) and chosen[at].start < finding.end:
            continue
        starts.insert(at, finding.start)
        chosen.insert(at, finding)
    return _join_address_parts(text, tuple(chosen))


def _with_whole(text: str, finding: Finding) -> Finding:
    """A phone number with its extension, an address with its flat, floor, postal code and
    town written around it; before the overlaps are resolved, so that what they take in is
    weighed against the other findings there."""
    if finding.kind == PHONE:
        return _with_extension(text, finding)
    if finding.kind == ADDRESS:
        return _whole_address(text, finding)
    return finding


def mask_text(
    text: str,
    *,
    names: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
    keep: Iterable[str] = (),
) -> MaskResult:
    """`text` with every finding replaced by its token (`labels`, default Finnish). `keep`:
    addresses that stay visible (the county's own unit addresses)."""
    findings = find_personal_data(text or "", names=names, keep=keep)
    return MaskResult(text=replace_findings(text or "", findings, labels), findings=findings)


def replace_findings(
    text: str, findings: Iterable[Finding], labels: Mapping[str, str] | None = None
) -> str:
    """`text` with each of `findings` (sorted, not overlapping, as `find_personal_data` gives
    them) replaced by its kind's token (`labels`, default Finnish)."""
    tokens = {**DEFAULT_LABELS, **(labels or {})}
    pieces = []
    position = 0
    for finding in findings:
        pieces.append(text[position : finding.start])
        pieces.append(tokens[finding.kind])
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)
