"""A learned second look at the words the masking rules left visible. No Django, no scikit-learn.

The rules in `masking` find names by lists and cues. On writing nobody tuned them to they miss
names with no cue: an everyday word that is a name opening a sentence ("Tuuli, our daughter's
social worker"), a nickname no list holds, a name in shouting. The tagger is a logistic model
over each word the rules left visible: the word, its ending and shape, the name lists it is on,
where it stands (opening a sentence, closing the text, after a comma) and its neighbours, also
whether the rules hid a neighbour. It was trained with scikit-learn at development time on the
labelled masking cases (`manage.py train_name_tagger`, module `masking_tagger_training`); the
weights ship as JSON in `data/name_tagger.json`, so a web worker pays a dictionary lookup per
feature and nothing else.

It only adds: a word the rules hid stays hidden, and the tagger never un-hides. A word it takes
for a name is hidden wherever it recurs in the text.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kuulu.core.masking_names import NAME_NOUNS, NAME_VERBS, word_set

logger = logging.getLogger(__name__)

MODEL_FILE = Path(__file__).resolve().parent / "data" / "name_tagger.json"
# Words of ordinary feedback (the triage corpus's training split), with how often they occur,
# less the words the rules hid there: a word on it is an everyday word, whatever its case.
EVERYDAY_FILE = Path(__file__).resolve().parent / "data" / "everyday_words.txt"

WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;\n]\s*[\"'(\u201c\u201d\u2019-]*\s*$")


@dataclass(frozen=True)
class Lists:
    """The name and word lists the features ask about, passed in by `masking` so that this
    module does not import it (it is imported by `masking`). Each takes a casefolded word."""

    first_name: Callable[[str], bool]
    surname: Callable[[str], bool]
    weak_name: Callable[[str], bool]
    place: Callable[[str], bool]
    plain_word: Callable[[str], bool]
    title: Callable[[str], bool]
    relation: Callable[[str], bool]
    # a name that a dictionary knows as a word ("maha", "satu", "heta"): never hidden by the
    # tagger in a text typed in lower case, in capitals or opening a sentence, as by the rules
    word_too: Callable[[str], bool]

    def tags(self, fold: str) -> list[str]:
        """The feature names of the lists that hold `fold`."""
        checks = (
            ("fn", self.first_name),
            ("sn", self.surname),
            ("weak", self.weak_name),
            ("place", self.place),
            ("plain", self.plain_word),
            ("title", self.title),
            ("rel", self.relation),
        )
        return [tag for tag, check in checks if check(fold)]


@lru_cache(maxsize=1)
def everyday_words() -> dict[str, int]:
    counts = {}
    for line in EVERYDAY_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, count = line.rsplit(" ", 1)
            counts[word] = int(count)
    return counts


_LANGUAGES = ("fi", "sv", "en")


@lru_cache(maxsize=1)
def _word_frequencies() -> tuple[dict[str, float], ...]:
    """wordfreq's small lists for Finnish, Swedish and English (about 120,000 words, 0.2 s and
    13 MB once per process): how common a word is in each language, whatever its case."""
    import wordfreq

    return tuple(wordfreq.get_frequency_dict(lang, wordlist="small") for lang in _LANGUAGES)


@lru_cache(maxsize=65536)
def zipf(word: str) -> tuple[int, ...]:
    """The word's Zipf frequency in fi, sv and en, whole numbers (0 when unknown): 3 is a word
    met once in a million, 5 a common word."""
    result = []
    for frequencies in _word_frequencies():
        frequency = frequencies.get(word, 0.0)
        result.append(max(0, min(7, int(math.log10(frequency * 1e9)))) if frequency else 0)
    return tuple(result)


def _frequency(count: int) -> str:
    return (
        "0"
        if not count
        else "1"
        if count < 3
        else "2"
        if count < 10
        else "3"
        if count < 50
        else "4"
    )


def _shape(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "upper"
    if word[:1].isupper():
        return "cap"
    if word.islower():
        return "lower"
    return "mixed"


def word_features(
    text: str,
    words: Sequence[re.Match[str]],
    rule_kinds: Sequence[str],
    lists: Lists,
    opening: Sequence[bool],
) -> list[list[str]]:
    """The features of each word of `text`. `rule_kinds[i]` is the kind of the rule finding
    covering word i ("name", another kind) or "" when the rules left it visible; `opening[i]`
    whether word i opens a sentence."""
    letters = [ch for ch in text if ch.isalpha()]
    upper_share = sum(ch.isupper() for ch in letters) / len(letters) if letters else 0.0
    text_case = "t=lower" if upper_share == 0 else "t=upper" if upper_share > 0.6 else "t=mixed"
    folded = [m.group().casefold() for m in words]
    info = [lists.tags(fold) for fold in folded]
    n = len(words)
    everyday = everyday_words()
    # a word written in lower case somewhere in the text is a word there, not a name
    lower_forms = {fold for m, fold in zip(words, folded, strict=True) if m.group().islower()}
    features = []
    for i, match in enumerate(words):
        word = match.group()
        fold = folded[i]
        shape = _shape(word)
        before = text[words[i - 1].end() if i else 0 : match.start()]
        after = text[match.end() : words[i + 1].start() if i + 1 < n else len(text)]
        opens = opening[i]
        feats = [
            "bias",
            text_case,
            "w=" + fold,
            "s2=" + fold[-2:],
            "s3=" + fold[-3:],
            "s4=" + fold[-4:],
            "shape=" + shape,
            "len=" + str(min(len(word), 8)),
            "pp=" + before.strip()[-2:],
            "np=" + after.strip()[:2],
            "rule=" + rule_kinds[i],
        ]
        frequency = _frequency(everyday.get(fold, 0))
        feats.append("freq=" + frequency)
        feats.append("freq=" + frequency + "&" + shape)
        frequencies = zipf(fold)
        top = max(frequencies)
        feats.extend(f"z{lang}={z}" for lang, z in zip(_LANGUAGES, frequencies, strict=True))
        feats.append(f"zmax={top}&{shape}")
        if opens:
            feats.append(f"zmax={top}&opens")
        for tag in info[i]:
            feats.append(f"l={tag}&zmax={top}")
        if shape != "lower" and fold in lower_forms:
            feats.append("lower_elsewhere")
        if "-" in word:
            feats.append("hyphen")
        if opens:
            feats.append("opens")
            feats.append("opens&" + shape)
        if i == 0:
            feats.append("first")
        if i >= n - 3:
            feats.append("end")
            feats.append("end&" + shape)
        for tag in info[i]:
            feats.append("l=" + tag)
            feats.append("l=" + tag + "&" + shape)
            if opens:
                feats.append("l=" + tag + "&opens")
            feats.append("l=" + tag + "&freq=" + frequency)
        if not info[i]:
            feats.append("l=none&" + shape)
        for offset, side in ((-1, "p"), (1, "n"), (-2, "pp"), (2, "nn")):
            j = i + offset
            if 0 <= j < n:
                feats.append(f"{side}w=" + folded[j])
                feats.append(f"{side}shape=" + _shape(words[j].group()))
                feats.append(f"{side}rule=" + rule_kinds[j])
                for tag in info[j]:
                    feats.append(f"{side}l=" + tag)
            else:
                feats.append(f"{side}w=<none>")
        features.append(feats)
    return features


@lru_cache(maxsize=1)
def _model() -> tuple[dict[str, float], float]:
    """The shipped weights and threshold. A missing or corrupt file leaves the rules alone at
    work, with a warning in the log: masking never stops for want of the tagger."""
    try:
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        return weights, float(data["threshold"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        logger.warning("The masking name tagger's model %s could not be read", MODEL_FILE.name)
        return {}, math.inf


def probabilities(
    features: Sequence[Sequence[str]], weights: dict[str, float] | None = None
) -> list[float]:
    """The probability that each word is a name, by the shipped model or by `weights`."""
    if weights is None:
        weights = _model()[0]
    result = []
    for feats in features:
        score = sum(weights.get(f, 0.0) for f in feats)
        result.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score)))))
    return result


_LETTER_AND_HYPHEN = re.compile(r"[^\W\d_]-")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Endings of the names of units and services ("Sydänvalvonnalle", "Akuuttiosastolle").
_UNIT_PARTS = (
    "osasto", "valvon", "tiimi", "hoitaj", "palvelu", "keskus", "asema", "klinik", "neuvola",
    "yksikö", "yksikkö", "toimisto", "kotihoi", "avdelning", "mottagning", "centralen", "team",
    "rådgivning", "tjänst", "jakelu", "lainaamo", "vården", "jouren", "kirjaamo", "apteek",
)  # fmt: skip


def unit_like(word: str) -> bool:
    """A compound ending in lower case ("Teho-osastolle") or a unit's or a service's name
    ("Sydänvalvonnalle", "Kotihoidolle")."""
    fold = word.casefold()
    return ("-" in word and word.rsplit("-", 1)[1].islower()) or (
        len(fold) >= 9 and any(part in fold for part in _UNIT_PARTS)
    )


def _opens(text: str, words: Sequence[re.Match[str]], i: int) -> bool:
    before = text[words[i - 1].end() if i else 0 : words[i].start()]
    return i == 0 or bool(_SENTENCE_BREAK.search(before))


def _plain_lower_case_word(fold: str, lists: Lists) -> bool:
    """A word that wordfreq knows (met at least once in a million words) and no name list
    holds: in a text typed in lower case it is a word ("tohtori kiireinen ei ehtinyt")."""
    # (a surname by its ending alone, "kiireinen", is no list's)
    return not (lists.first_name(fold) or lists.weak_name(fold)) and max(zipf(fold)) >= 3


def openings(text: str, words: Sequence[re.Match[str]]) -> list[bool]:
    """Whether each word opens a sentence (or the text)."""
    return [_opens(text, words, i) for i in range(len(words))]


# What the tagger may do with a word: never take it, take it only beside a name, or take it at
# the model's threshold.
NEVER, GUARDED, FREE = 0, 1, 2
# A free word right beside a name found, written alike, is taken at this lower cut: the other
# half of a name no list holds ("Bikash Thapa", "Mursal Rahimi"). Chosen on the training
# writers: their missed halves score 0.12-0.42, the titles and compounds wrongly beside a name
# ("Palvelupäällikkö", "Hammasteknikko", "Rakennusmies") 0.005-0.14 with the model of that
# moment, but "Hammasteknikko" 0.20 after a retraining; at 0.3 the training files lose 2 of
# 19,294 hidden spans against 0.2 and keep 4 more.
NEAR_CUT = 0.3


def eligible(
    text: str, words: Sequence[re.Match[str]], lists: Lists, opening: Sequence[bool]
) -> list[int]:
    """Whether the tagger may take each word for a name.

    NEVER: a single letter ("U.S.", "P.M."), part of an identifier or a code ("MAX_VALUE",
    "12B", "B-ovi", "C-vitamiini"), a word in Cyrillic letters (the rules' alone), a place of the lists (towns, countries, services, "Sami"), a
    compound ending in lower case ("Teho-osastolle") or a unit's name, as by the rules; a place
    that is also a given name or a surname of the lists ("Sami", "Wilma", "Kask") is GUARDED.

    GUARDED (only beside a name, see `chosen`): a name that is an everyday word in
    a text typed in lower case ("tuuli puhalsi ja satu"), in capitals or opening a sentence
    ("Pelle oli hauska mies"), and in a text typed in lower case or in capitals a word wordfreq
    knows that no name list holds ("tohtori kiireinen ei ehtinyt").

    FREE: every other word."""
    lower_text = not any(ch.isupper() for ch in text)
    result = []
    for i, match in enumerate(words):
        word = match.group()
        fold = word.casefold()
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        never = (
            len(word) < 2
            or before == "_"
            or after == "_"
            or before.isdigit()
            or bool(_LETTER_AND_HYPHEN.match(word))
            or bool(_CYRILLIC.search(word))  # the rules' (`masking._cyrillic_names`)
            or (lists.place(fold) and not lists.first_name(fold) and not lists.surname(fold))
            or unit_like(word)  # "Teho-osastolle", "Kotihoidolle"
        )
        guarded = (
            ((lower_text or word.isupper() or opening[i]) and lists.word_too(fold))
            or ((lower_text or word.isupper()) and _plain_lower_case_word(fold, lists))
            or lists.place(fold)  # a name that is a place or a service: "Sami", "Wilma", "Kask"
        )
        result.append(NEVER if never else GUARDED if guarded else FREE)
    return result


def _same_case(a: str, b: str) -> bool:
    return (
        (a.isupper() and b.isupper())
        or (a.islower() and b.islower())
        or (a[:1].isupper() and b[:1].isupper() and not a.isupper() and not b.isupper())
    )


def _beside(
    text: str, words: Sequence[re.Match[str]], i: int, j: int, taken: Sequence[bool]
) -> bool:
    """Word j is a name and stands right beside word i, one space between, written alike."""
    if not (0 <= j < len(words)) or not taken[j]:
        return False
    left, right = (words[i], words[j]) if i < j else (words[j], words[i])
    return text[left.end() : right.start()] == " " and _same_case(
        words[i].group(), words[j].group()
    )


_LIST_JOINS = frozenset({"and", "ja", "och", "sekä", "n", "&"})


def _list_neighbour(text: str, words: Sequence[re.Match[str]], i: int, step: int) -> int | None:
    """The index of the item next to word i in a list ("A, B ja C", "A & B"), written alike, or
    None."""
    j = i + step
    if not 0 <= j < len(words):
        return None
    left, right = (words[j], words[i]) if step < 0 else (words[i], words[j])
    between = text[left.end() : right.start()]
    if between in (", ", " & "):
        return j if _same_case(words[i].group(), words[j].group()) else None
    if between == " " and words[j].group().casefold() in _LIST_JOINS:
        k = j + step
        if 0 <= k < len(words):
            a, b = (words[k], words[j]) if step < 0 else (words[j], words[k])
            if text[a.end() : b.start()] == " " and _same_case(words[i].group(), words[k].group()):
                return k
    return None


# A person, then a word that names them: "hon heter Lovisa", "a young man called Sami"; or a
# possessive, a name noun and "is": "my name is Wilma", "nimeni on Sami". Not "Staden heter
# Lovisa", "I called Wilma support", "The town's name is Lovisa".
_PRONOUNS = word_set("jag hon han hen du vi ni minä mä hän")
_PERSON_NOUNS = word_set(
    """man woman girl boy lady guy nurse doctor person kvinna flicka pojke tjej kille sköterska
    kollega kollegan colleague friend vän vännen granne grannen neighbour neighbor dotter son
    daughter mother father mamma pappa tytär poika äiti isä ystävä kaveri naapuri"""
)
_NAMING_WORDS = frozenset({"heter", "hette", "called", "named", "nimeltä", "nimeltään"})
# the bare name nouns need an owner before them; "nimeni", "nimensä" carry their own
_BARE_NAME_NOUNS = frozenset({"name", "namn", "nimi"})
_OWNERS = word_set("my her his their your our min mitt hans hennes deras ditt minun hänen sinun")
# After the word: a unit, a language or a choice, so the word is the place or the language
# ("Läkaren Lovisa hälsocentral", "an interpreter Sami or Finnish").
_PLACE_AFTER = word_set(
    """hälsocentral hälsocentralen sjukhus terveysasema terveysasemalla sairaala health hospital
    language kieli språk or tai eller police polis poliisi station asema centre center kommun
    kunta stad kaupunki school skola koulu support tuki app sovellus"""
)
# Finnish case endings that make a place of a name after a title ("hoitaja Pietarista",
# "Opettaja Wilman kautta"); the allative is a person's ("hoitaja Wilmalle").
_PLACE_CASES = ("ssa", "ssä", "sta", "stä", "lla", "llä", "lta", "ltä", "an", "än", "in", "n")


def _as_a_persons_name(fold: str, words: Sequence[re.Match[str]], i: int) -> bool:
    """Word i, a name that is also a place or a service, stands as a person's name: in the
    nominative or the allative, and no unit, language or choice after it."""
    if fold.endswith(_PLACE_CASES) and not fold.endswith("lle"):
        return False
    return not (i + 1 < len(words) and words[i + 1].group().casefold() in _PLACE_AFTER)


def _person_named(words: Sequence[re.Match[str]], i: int) -> bool:
    """Word i names a person: after a person and a naming word, or after a possessive, a name
    noun and "is"."""
    if i < 2:
        return False
    previous, before = words[i - 1].group().casefold(), words[i - 2].group().casefold()
    if previous in _NAMING_WORDS:
        # "jag heter", "hon hette"; English "called" after a pronoun is a phone call
        return before in _PERSON_NOUNS or (previous in {"heter", "hette"} and before in _PRONOUNS)
    if previous not in NAME_VERBS or before not in NAME_NOUNS:
        return False
    return before not in _BARE_NAME_NOUNS or (i > 2 and words[i - 3].group().casefold() in _OWNERS)


def chosen(
    words: Sequence[re.Match[str]],
    kinds: Sequence[str],
    probs: Sequence[float],
    cut: float,
    allowed: Sequence[int],
    text: str = "",
    lists: Lists | None = None,
) -> list[tuple[int, int]]:
    """The words left visible by the rules that the tagger takes for names, and every other
    visible occurrence of such a word. A FREE word is taken at `cut`. A word that is not NEVER is
    also taken beside a name (given `text` and `lists`): a first name of the lists right before
    a name ("Bill Turner", "TAUNO H."), unless it is among the commonest words ("Said
    Virtanen"), and a surname of the lists or a word wordfreq hardly knows right after a first
    name ("Tiiu Kask", "jonas weber")."""
    by_model = [
        not kind and ok == FREE and p >= cut
        for kind, p, ok in zip(kinds, probs, allowed, strict=True)
    ]
    taken = [kind == "name" or chose for kind, chose in zip(kinds, by_model, strict=True)]
    paired: set[str] = set()
    paired_at: set[int] = set()
    initials: list[tuple[int, int]] = []
    if lists is not None:
        for i, (match, kind, ok) in enumerate(zip(words, kinds, allowed, strict=True)):
            if kind or ok == NEVER or taken[i]:
                continue
            fold = match.group().casefold()
            if (
                (
                    lists.first_name(fold)
                    and max(zipf(fold)) < 6
                    and _beside(text, words, i, i + 1, taken)
                )
                or (
                    _beside(text, words, i, i - 1, taken)
                    and lists.first_name(words[i - 1].group().casefold())
                    and (lists.surname(fold) or max(zipf(fold)) < 3)
                    and not everyday_words().get(fold)
                )
                or (
                    # a given name that is also a place or a service, after a title or when a
                    # person is named: "sköterskan Lovisa", "hoitaja Wilmalle", "nurse Sami",
                    # "hon heter Lovisa", "a young man called Sami"
                    i > 0
                    and match.group()[:1].isupper()
                    and lists.place(fold)
                    and lists.first_name(fold)
                    and text[words[i - 1].end() : match.start()] == " "
                    and _as_a_persons_name(fold, words, i)
                    and (lists.title(words[i - 1].group().casefold()) or _person_named(words, i))
                )
                or (
                    ok == FREE
                    and probs[i] >= NEAR_CUT
                    and (
                        _beside(text, words, i, i + 1, taken)
                        # after a given name only: not "Lääkäri Virtanen Teamsin kautta"
                        or (
                            _beside(text, words, i, i - 1, taken)
                            and lists.first_name(words[i - 1].group().casefold())
                        )
                    )
                )
            ):
                taken[i] = True
                paired_at.add(i)
                if not lists.plain_word(fold) and not lists.place(fold):
                    paired.add(match.group())  # not "5 June" after "June Carter"
        # a list of names ("from: aileen, jomar, cherry & rey", "Kristiina, Minttu ja Sauli"):
        # with two names in it, or one in a list of three, every item that may be a name is one
        seen: set[int] = set()
        for i in range(len(words)):
            if i in seen or _list_neighbour(text, words, i, -1) is not None:
                continue
            chain = [i]
            while (k := _list_neighbour(text, words, chain[-1], 1)) is not None:
                chain.append(k)
            seen.update(chain)
            named = sum(taken[j] for j in chain)
            # two joined by "and", one a name: the other only when it is a given name of the
            # lists ("Pike ja Raija kotihoidosta", "Chuck and Maggie"; not "Bauer, German")
            pair = (
                len(chain) == 2
                and named == 1
                and text[words[chain[0]].end() : words[chain[1]].start()] != ", "
            )
            if len(chain) < 2 or not (named >= 2 or (named and len(chain) >= 3) or pair):
                continue
            for j in chain:
                fold = words[j].group().casefold()
                if taken[j] or kinds[j] or allowed[j] == NEVER or everyday_words().get(fold):
                    continue
                if pair and lists.place(fold) and not _as_a_persons_name(fold, words, j):
                    continue  # "Tuulalle ja Loviisan terveysasemalle"; not "Elias and Wilma"
                if lists.first_name(fold) or (not pair and max(zipf(fold)) < 4):
                    taken[j] = True
                    paired.add(words[j].group())
        for i, match in enumerate(words[:-1]):
            # an initial right before a name: "M. Pulliaiselle", "J. OKONJO"
            if (
                len(match.group()) == 1
                and match.group().isupper()
                and not kinds[i]
                and taken[i + 1]
                and text[match.end() : words[i + 1].start()] == ". "
            ):
                initials.append((match.start(), match.end()))
        for i, match in enumerate(words[1:], start=1):
            # an initial right after a given name: "client: Aino T.", "Sami K. soitti"
            if (
                len(match.group()) == 1
                and match.group().isupper()
                and not kinds[i]
                and taken[i - 1]
                and text[words[i - 1].end() : match.start()] == " "
                and text[match.end() : match.end() + 1] == "."
                and lists.first_name(words[i - 1].group().casefold())
            ):
                initials.append((match.start(), match.end()))
    found = {m.group().casefold() for m, chose in zip(words, by_model, strict=True) if chose}
    # a word taken beside a name recurs only as written ("Bill Turner", not "the bill")
    return initials + [
        (m.start(), m.end())
        for i, (m, kind) in enumerate(zip(words, kinds, strict=True))
        if not kind and (m.group().casefold() in found or m.group() in paired or i in paired_at)
    ]


def prepare(
    text: str, covered: Sequence[tuple[int, int, str]], lists: Lists
) -> tuple[list[re.Match[str]], list[str], list[list[str]], list[bool]]:
    """The words of `text`, the kind of rule finding on each ("" for none), their features and
    whether the tagger may take each for a name."""
    words = list(WORD.finditer(text))
    kinds = rule_kinds(words, covered)
    opening = openings(text, words)
    features = word_features(text, words, kinds, lists, opening)
    return words, kinds, features, eligible(text, words, lists, opening)


def extra_names(
    text: str, covered: Sequence[tuple[int, int, str]], lists: Lists
) -> list[tuple[int, int]]:
    """Spans of words the rules left visible that the tagger takes for names, and every
    recurrence of such a word. `covered`: the rules' findings as (start, end, kind)."""
    weights, cut = _model()
    if not weights:
        return []
    words, kinds, features, allowed = prepare(text, covered, lists)
    if not words:
        return []
    probs = probabilities(features, weights)
    return chosen(words, kinds, probs, cut, allowed, text, lists)


def rule_kinds(
    words: Sequence[re.Match[str]], covered: Sequence[tuple[int, int, str]]
) -> list[str]:
    """The kind of the finding that overlaps each word, "" for none (findings are sorted and do
    not overlap, so one pass)."""
    kinds = []
    at = 0
    spans = sorted(covered)
    for match in words:
        while at < len(spans) and spans[at][1] <= match.start():
            at += 1
        kind = ""
        if at < len(spans) and spans[at][0] < match.end():
            kind = spans[at][2]
        kinds.append(kind)
    return kinds
