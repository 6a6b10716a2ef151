"""Checks a question against the published rules before it is shown.

No facility for abusive words existed elsewhere in Kuulu (deliberation and budgeting moderate
by hand), so this is a conservative list of words and word stems in Finnish, Swedish and English
(data/abusive_words.txt: swearing, slurs and threats; whole words where a stem would also start
ordinary words or places, such as "tapan" and Tapani or "ämmä" and Ämmänsaari).
A match never rejects anything: the question is held for a person to read. A question without
a match is still masked (kuulu.core.masking) before publication."""

from __future__ import annotations

import re
from pathlib import Path

WORD_LIST = Path(__file__).resolve().parent / "data" / "abusive_words.txt"


def _entries(text: str) -> tuple[list[str], list[str]]:
    """The list's whole words and its stems (entries ending in "*")."""
    words, stems = [], []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        if entry.endswith("*"):
            stems.append(entry[:-1])
        else:
            words.append(entry)
    return words, stems


def compile_list(text: str) -> re.Pattern[str]:
    words, stems = _entries(text)
    alternatives = [re.escape(w) + r"(?!\w)" for w in words] + [re.escape(s) for s in stems]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


_PATTERN = compile_list(WORD_LIST.read_text(encoding="utf-8"))
_SHOUTING = re.compile(r"[A-ZÅÄÖ]{4,}")
LINKS = re.compile(r"https?://|www\.", re.IGNORECASE)


def held_reason(text: str) -> str:
    """Why the text must be read by a moderator first ("" when it may be published)."""
    if _PATTERN.search(text or ""):
        return "abusive"
    if len(LINKS.findall(text or "")) > 2:
        return "links"
    return ""
