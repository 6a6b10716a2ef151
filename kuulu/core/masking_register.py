"""Given names and surnames from many countries, for masking names that no hand-written list in
`masking_names` covers. No Django.

The hand-written lists hold about 1,500 names that feedback in Kainuu meets most often. Residents
also write about staff, neighbours and relatives whose names come from everywhere (a nurse Wanida,
a doctor Oleksandr, a home-care worker Mohamed). The names here come from Faker's per-country
person data (a pinned dependency): Latin-script names as they are, Cyrillic ones (Russian,
Ukrainian, Bulgarian) transliterated the Finnish way and the English way ("Natalja"/"Natalya").

These names are *weak*: many are also words somewhere ("Will", "Rose", "Sama", "Lane"), and no
dictionary is loaded in web workers to tell them apart. So `masking_names` adds them to its
everyday-word class: such a name is hidden when it stands capitalised in mid-sentence, next to
another name, in a list of names, or after a cue (a title, "nimeni on"), never when it merely
opens a sentence or is written in lower case.

Loading takes about 0.1 s and a few MB, once per process.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Countries whose names residents and staff of a Finnish county carry, in Latin script or
# transliterated. Faker has no Somali, Kurdish or Arabic-in-Latin-script data; en_PK, az_AZ,
# uz_UZ, tr_TR and sw cover many Muslim and East African given names.
LATIN_LOCALES = (
    "fi_FI",
    "sv_SE",
    "no_NO",
    "da_DK",
    "et_EE",
    "lv_LV",
    "lt_LT",
    "pl_PL",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "ro_RO",
    "hr_HR",
    "sl_SI",
    "de_DE",
    "nl_NL",
    "fr_FR",
    "it_IT",
    "es_ES",
    "pt_BR",
    "en_US",
    "en_GB",
    "en_IE",
    "en_IN",
    "en_PK",
    "en_KE",
    "sw",
    "yo_NG",
    "tw_GH",
    "tr_TR",
    "az_AZ",
    "uz_UZ",
    "id_ID",
    "vi_VN",
)
CYRILLIC_LOCALES = ("ru_RU", "uk_UA", "bg_BG")

_NAME_ATTRIBUTES = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
)

# The Cyrillic letters U+0430…U+044F in order, and then U+0451, U+0454, U+0456, U+0457, U+0491,
# each with its Finnish-style and English-style Latin spelling ("-" for none: the hard and soft
# signs).
_FINNISH_SPELLINGS = "a b v g d e ž z i i k l m n o p r s t u f h ts tš š štš - y - e ju ja"
_ENGLISH_SPELLINGS = "a b v g d e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya"
_EXTRA_LETTERS = {0x451: ("jo", "yo"), 0x454: ("je", "ye"), 0x456: ("i", "i"), 0x457: ("ji", "yi")}
_EXTRA_LETTERS[0x491] = ("g", "g")
_CYRILLIC = {
    chr(0x430 + k): (finnish.strip("-"), english.strip("-"))
    for k, (finnish, english) in enumerate(
        zip(_FINNISH_SPELLINGS.split(), _ENGLISH_SPELLINGS.split(), strict=True)
    )
} | {chr(code): spellings for code, spellings in _EXTRA_LETTERS.items()}


# Ukrainian writes U+0438 as "y" and U+0433 as "h" (Dmytro, Hanna).
_UKRAINIAN = {chr(0x438): "y", chr(0x433): "h"}


def transliterations(name: str, *, ukrainian: bool = False) -> set[str]:
    """A Cyrillic name in Latin letters, the Finnish way and the English way (and the Ukrainian
    way when asked), plus each without diacritics ("Наталья" → natalja, natalya; "Жанна" →
    žanna, zhanna, zanna). Casefolded; empty when a letter has no mapping."""
    folded = name.casefold()
    if not all(ch in _CYRILLIC for ch in folded):
        return set()
    finnish = "".join(_CYRILLIC[ch][0] for ch in folded)
    english = "".join(_CYRILLIC[ch][1] for ch in folded)
    forms = {finnish, english}
    if ukrainian:
        forms.add("".join(_UKRAINIAN.get(ch) or _CYRILLIC[ch][1] for ch in folded))
    if folded.startswith(chr(0x435)):  # an initial "e" is "je"/"ye": Jelena, Yevgeny
        forms |= {"j" + finnish, "y" + english}
    if folded.endswith(chr(0x438) + chr(0x439)):  # "-ий" is "-i"/"-y": Dmitri, Dmitry
        forms |= {finnish[:-1], english[:-2] + "y"}
    return forms | {_without_marks(form) for form in forms}


def _without_marks(word: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


def _latin(word: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in word)


def _strings(value: object) -> Iterable[str]:
    # Faker keeps names as tuples, lists or ordered dicts of name → weight.
    if isinstance(value, (tuple, list, dict)):
        return [name for name in value if isinstance(name, str)]
    return []


def _provider(locale: str) -> type:
    return importlib.import_module(f"faker.providers.person.{locale}").Provider


def _forms(name: str, cyrillic: bool, ukrainian: bool = False) -> set[str]:
    """The single words of a name, casefolded ("Anna-Liisa" and "Van Der Berg" give their
    parts), written as they are or transliterated."""
    words = set()
    for part in name.replace("-", " ").split():
        if cyrillic:
            words |= transliterations(part, ukrainian=ukrainian)
        elif _latin(part):
            words.add(part.casefold())
            words.add(_without_marks(part).casefold())
    return {word for word in words if len(word) >= 3 and word.isalpha()}


def register_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, surnames), casefolded single words of three letters or more."""
    given: set[str] = set()
    family: set[str] = set()
    for locale in LATIN_LOCALES + CYRILLIC_LOCALES:
        provider = _provider(locale)
        cyrillic = locale in CYRILLIC_LOCALES
        ukrainian = locale == "uk_UA"
        for attribute in _NAME_ATTRIBUTES:
            for name in _strings(getattr(provider, attribute, ())):
                given |= _forms(name, cyrillic, ukrainian)
        for attribute in ("last_names", "last_names_male", "last_names_female"):
            for name in _strings(getattr(provider, attribute, ())):
                family |= _forms(name, cyrillic, ukrainian)
    return frozenset(given), frozenset(family)


CLASHES_FILE = Path(__file__).resolve().parent / "data" / "register_word_clashes.txt"


def word_clashes() -> frozenset[str]:
    """The names of `register_names()` that are everyday words (see `compute_word_clashes`), as
    computed when the file was last written."""
    lines = CLASHES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


_WORD = re.compile(r"[^\W\d_]+")


def compute_word_clashes(names: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The `names` that feedback uses as words: those written in lower case anywhere in `texts`
    (the triage corpus's train and dev texts: "sai", "mina", "line"), and those that simplemma's
    English dictionary knows as a common word ("Eve", "Forum", "Best", "Read": English writes
    such words capitalised in mid-sentence, in titles and set phrases).

    Run by `manage.py register_word_clashes` at development time, never in a web worker:
    simplemma's dictionaries cost seconds and hundreds of MB."""
    import simplemma

    names = set(names)
    lower_words = {match.group() for text in texts for match in _WORD.finditer(text)}
    clashes = {word for word in lower_words if word.islower() and word in names}
    clashes |= {name for name in names - clashes if _dictionary_word(simplemma, name, "en")}
    return sorted(clashes)


def _dictionary_word(simplemma: Any, name: str, lang: str) -> bool:
    """Whether simplemma's dictionary for `lang` knows `name` with a lower-case lemma."""
    return simplemma.is_known(name, lang=lang) and simplemma.lemmatize(name, lang=lang).islower()


NAME_WORDS_FILE = Path(__file__).resolve().parent / "data" / "name_words.txt"


def name_words() -> frozenset[str]:
    """The names of the hand lists and the register that simplemma's Finnish, Swedish or English
    dictionary knows as everyday words ("maha", "kamala", "hala", "walker"), as computed when the
    file was last written: a name written in lower case or alone in capitals is taken for a name
    only when it is none of them."""
    lines = NAME_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def compute_name_words(names: Iterable[str]) -> list[str]:
    """The `names` that simplemma's fi, sv or en dictionary knows with a lower-case lemma. Run at
    development time only (the dictionaries cost seconds and hundreds of MB)."""
    import simplemma

    return sorted(
        name
        for name in names
        if any(_dictionary_word(simplemma, name, lang) for lang in ("fi", "sv", "en"))
    )
