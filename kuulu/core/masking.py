"""Masking of personal data in free text before it is shown publicly or used in analytics.

No Django imports: `mask_text(text, names=..., labels=...)` returns a `MaskResult` with the
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

Tokens are neutral and translatable: pass `labels` to replace the Finnish defaults.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from kuulu.core.masking_names import ALL_NAMES, AMBIGUOUS, TITLES

IDENTITY_CODE = "identity_code"
POSSIBLE_IDENTITY_CODE = "possible_identity_code"
PHONE = "phone"
EMAIL = "email"
NAME = "name"

DEFAULT_LABELS: Mapping[str, str] = {
    IDENTITY_CODE: "[henkilötunnus]",
    POSSIBLE_IDENTITY_CODE: "[henkilötunnus]",
    PHONE: "[puhelin]",
    EMAIL: "[sähköposti]",
    NAME: "[nimi]",
}

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_IDENTITY = re.compile(
    r"(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![0-9A-Za-z])",
    re.IGNORECASE,
)
# "+358 40 ...", "00358 40 ...", "(+358) 40 ..."; groups separated by spaces, hyphens or dots.
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}|\(\+\d{1,3}\)|00\d{1,3})(?:[ -]?\(0\))?(?:[ .-]?\d){6,14}(?!\d)"
)
# "040 123 4567", "puh.040-1234567" (a dot after a word is fine, after a digit it is a decimal).
_NATIONAL_PHONE = re.compile(
    r"(?<![\w+,/])(?<!\d\.)(?:\(0\d{1,3}\)|0\d{1,3})(?:[ .-]?\d){5,10}(?![\d])"
)
# Dates such as 01.02.2026 look like dotted phone numbers; they are not personal data.
_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")

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


def _classify_identity(match: re.Match[str]) -> str:
    day, month, year, sign, individual, check = match.groups()
    try:
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


def _matches_name(word: str, names: frozenset[str]) -> bool:
    """Whether `word` (casefolded) is one of `names` or a simple inflected form of one."""
    if word in names:
        return True
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            stem = word[: -len(ending)]
            if stem in names:
                return True
            # Virtanen → Virtase-lle, Virtas-ta
            if stem.endswith(("se", "s")) and (stem.rstrip("e")[:-1] + "nen") in names:
                return True
    return False


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“”«»(")
    return not before or before[-1] in ".!?:\n" or text[:start].endswith("\n")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


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
            and (_matches_name(folded, ALL_NAMES) or any(p in ALL_NAMES for p in parts))
        )
    findings = []
    for i, match in enumerate(words):
        word = match.group()
        folded = word.casefold()
        previous = words[i - 1].group().casefold() if i else ""
        after_title = (
            i > 0
            and previous.rstrip(".") in {t.rstrip(".") for t in TITLES}
            and _is_capitalised(word)
            and text[words[i - 1].end() : match.start()].strip() in ("", ".")
        )
        if not known[i] and not after_title:
            continue
        if known[i] and not after_title and folded in AMBIGUOUS:
            # An everyday word unless the caller named it, or it stands mid-sentence, or next
            # to another name.
            named_by_caller = _matches_name(folded, caller_names)
            beside_name = (
                i > 0 and known[i - 1] and words[i - 1].group().casefold() not in AMBIGUOUS
            ) or (
                i + 1 < len(words)
                and known[i + 1]
                and words[i + 1].group().casefold() not in AMBIGUOUS
            )
            if not named_by_caller and not beside_name and _at_sentence_start(text, match.start()):
                continue
        findings.append(Finding(NAME, match.start(), match.end()))
    return findings


def find_personal_data(text: str, *, names: Iterable[str] = ()) -> tuple[Finding, ...]:
    """Every finding in `text`, without overlaps, in order of position."""
    candidates: list[tuple[int, Finding]] = []
    for match in _EMAIL.finditer(text):
        candidates.append((0, Finding(EMAIL, match.start(), match.end())))
    for match in _IDENTITY.finditer(text):
        candidates.append((1, Finding(_classify_identity(match), match.start(), match.end())))
    for match in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= _digits(match.group()) <= 15:
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for match in _NATIONAL_PHONE.finditer(text):
        if _DATE_LIKE.fullmatch(match.group()):
            continue
        if 7 <= _digits(match.group()) <= 12:
            candidates.append((2, Finding(PHONE, match.start(), match.end())))
    for finding in _name_findings(text, _name_forms(names)):
        candidates.append((3, finding))
    candidates.sort(key=lambda c: (c[0], c[1].start, -(c[1].end - c[1].start)))
    chosen: list[Finding] = []
    for _priority, finding in candidates:
        if all(finding.end <= f.start or finding.start >= f.end for f in chosen):
            chosen.append(finding)
    return tuple(sorted(chosen, key=lambda f: f.start))


def mask_text(
    text: str, *, names: Iterable[str] = (), labels: Mapping[str, str] | None = None
) -> MaskResult:
    """`text` with every finding replaced by its token (`labels`, default Finnish)."""
    tokens = {**DEFAULT_LABELS, **(labels or {})}
    findings = find_personal_data(text or "", names=names)
    pieces = []
    position = 0
    for finding in findings:
        pieces.append(text[position : finding.start])
        pieces.append(tokens[finding.kind])
        position = finding.end
    pieces.append((text or "")[position:])
    return MaskResult(text="".join(pieces), findings=findings)
