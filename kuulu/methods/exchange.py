"""The open exchange format of method cards (docs/methods-exchange.schema.json).

Pure Python (no models): validation of a document with errors that name the failing field by its path, and the
content hash that tells whether a card has been edited since it was imported. Version 1:

    {"format": "kuulu-method-cards", "version": 1, "exported_at": "...",
     "provenance": {"county": "...", "contact": "..."}, "licence": "CC-BY-4.0",
     "cards": [{"uid": "...", "slug": "...", "name": {"fi": ..., "sv": ..., "en": ...}, ...}]}
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

# gettext_noop: marks messages for the catalogue only; the view translates them when shown.
from django.utils.translation import gettext_noop as _

FORMAT = "kuulu-method-cards"
VERSION = 1
LANGUAGES = ("fi", "sv", "en")
TEXT_FIELDS = (
    "name",
    "summary",
    "when_to_use",
    "when_not_to_use",
    "steps",
    "materials",
    "accessibility",
    "duration",
)
REQUIRED_TEXT = ("name", "summary")
PERSPECTIVES = ("information", "service", "development", "strategy")
AUDIENCES = ("residents", "children", "older", "support", "customers", "staff", "ngos")
EFFORTS = ("light", "medium", "heavy")
COSTS = ("none", "low", "medium", "high")
TOOLS = (
    "",
    "panels",
    "deliberation",
    "surveys",
    "budgeting",
    "feedback",
    "dialogues",
    "assessments",
)
CONTENT_FIELDS = (*TEXT_FIELDS, "perspectives", "audiences", "effort", "cost", "tool")
MAX_CARDS = 10_000
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
# PostgreSQL text cannot hold the NUL character: saving one fails in the database, after the
# preview said the import would work.
NUL_MESSAGE = _("Must not contain the NUL character (code 0).")
# JSON's "\\ud800" escape decodes to half of a UTF-16 pair, which is no character: no database
# stores it and the confirm step cannot post it back, so the preview itself failed.
SURROGATE_MESSAGE = _("Contains a broken character (an unpaired UTF-16 surrogate).")
_SURROGATE = re.compile("[\ud800-\udfff]")
LICENCE_MAX = 40  # MethodCard.licence
WRITER_MAX = 160  # MethodCard.source_county, from written_by or provenance.county


@dataclass(frozen=True)
class FieldError:
    path: str  # e.g. "cards[2].name.fi"
    message: str  # English source text with %(name)s placeholders, translated when shown
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, translate: Any = None) -> str:
        message = translate(self.message) if translate else self.message
        return message % dict(self.params) if self.params else message


class ExchangeError(Exception):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.path}: {e.text()}" for e in errors))
        self.errors = errors


def content_hash(card: dict[str, Any]) -> str:
    """The hash of what a card says (not of where it came from)."""
    content = {key: card.get(key) for key in CONTENT_FIELDS}
    for key in ("perspectives", "audiences"):
        content[key] = sorted(content[key] or [])
    for key in TEXT_FIELDS:
        value = content[key] or {}
        content[key] = {lang: (value.get(lang) or "").strip() for lang in LANGUAGES}
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def parse(raw: str | bytes) -> dict[str, Any]:
    """Parse and validate a document; raise ExchangeError naming every failing field."""
    try:
        document = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        message = _("The file is not valid JSON (line %(line)s).")
        raise ExchangeError([FieldError("(file)", message, (("line", line),))]) from exc
    except RecursionError as exc:  # "[[[[…" thousands deep: the parser gives up
        message = _("The file is nested too deeply to be read.")
        raise ExchangeError([FieldError("(file)", message)]) from exc
    validate(document)
    return document


def validate(document: Any) -> None:
    errors: list[FieldError] = []
    if not isinstance(document, dict):
        raise ExchangeError([FieldError("(file)", _("The file must hold one JSON object."))])
    broken = _surrogate_errors(document)
    if broken:
        raise ExchangeError(broken)
    if document.get("format") != FORMAT:
        errors.append(FieldError("format", _('Must be "%(expected)s".'), (("expected", FORMAT),)))
    if document.get("version") != VERSION:
        errors.append(
            FieldError(
                "version",
                _("Version %(got)s is not supported; this Kuulu reads version %(supported)s."),
                (("got", repr(document.get("version"))), ("supported", VERSION)),
            )
        )
    if errors:
        raise ExchangeError(errors)
    provenance = document.get("provenance")
    if not isinstance(provenance, dict) or not _text(provenance.get("county")):
        errors.append(
            FieldError("provenance.county", _("The county that wrote the cards is missing."))
        )
    if not _text(document.get("licence")):
        errors.append(FieldError("licence", _("The licence is missing.")))
    errors.extend(_too_long("licence", document.get("licence"), LICENCE_MAX))
    if isinstance(provenance, dict):
        errors.extend(_too_long("provenance.county", provenance.get("county"), WRITER_MAX))
    cards = document.get("cards")
    if not isinstance(cards, list):
        errors.append(FieldError("cards", _("Must be a list of cards.")))
        raise ExchangeError(errors)
    if len(cards) > MAX_CARDS:
        errors.append(
            FieldError("cards", _("At most %(max)s cards in one file."), (("max", MAX_CARDS),))
        )
    seen: set[str] = set()
    for i, card in enumerate(cards):
        errors.extend(_card_errors(f"cards[{i}]", card, seen))
    if errors:
        raise ExchangeError(errors)


def _surrogate_errors(document: Any) -> list[FieldError]:
    """Every text (or key) holding a lone surrogate, by its path in document order. A stack, not
    recursion: the parser accepts nesting close to Python's recursion limit."""
    errors: list[FieldError] = []
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                errors.append(FieldError(path or "(file)", SURROGATE_MESSAGE))
        elif isinstance(value, dict):
            items = []
            for key, item in value.items():
                if _SURROGATE.search(key):  # the key cannot be shown: name where it is
                    items.append((path, key))
                else:
                    items.append((f"{path}.{key}" if path else key, item))
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(f"{path}[{i}]", item) for i, item in enumerate(value)]))
    return errors


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _too_long(path: str, value: Any, limit: int) -> list[FieldError]:
    """An optional short text: absent, or text of at most `limit` characters (the column's)."""
    if value is None or value == "":
        return []
    if not isinstance(value, str):
        return [FieldError(path, _("Must be text."))]
    if "\x00" in value:
        return [FieldError(path, NUL_MESSAGE)]
    if len(value) > limit:
        return [FieldError(path, _("At most %(max)s characters."), (("max", limit),))]
    return []


def _card_errors(path: str, card: Any, seen: set[str]) -> list[FieldError]:
    if not isinstance(card, dict):
        return [FieldError(path, _("Must be an object."))]
    errors: list[FieldError] = []
    uid = card.get("uid")
    try:
        uid_text = str(uuid.UUID(str(uid)))
    except ValueError:
        errors.append(FieldError(f"{path}.uid", _("Must be a UUID.")))
    else:
        if uid_text in seen:
            errors.append(FieldError(f"{path}.uid", _("Appears twice in the file.")))
        seen.add(uid_text)
    errors.extend(_too_long(f"{path}.licence", card.get("licence"), LICENCE_MAX))
    errors.extend(_too_long(f"{path}.written_by", card.get("written_by"), WRITER_MAX))
    if not isinstance(card.get("slug"), str) or not _SLUG.match(card["slug"]):
        errors.append(
            FieldError(f"{path}.slug", _("Must be lowercase letters, digits and dashes."))
        )
    for field in TEXT_FIELDS:
        value = card.get(field, {} if field not in REQUIRED_TEXT else None)
        if not isinstance(value, dict):
            errors.append(
                FieldError(f"{path}.{field}", _("Must be an object of fi, sv and en texts."))
            )
            continue
        for lang, text in value.items():
            if lang not in LANGUAGES:
                errors.append(FieldError(f"{path}.{field}.{lang}", _("Unknown language.")))
            elif not isinstance(text, str):
                errors.append(FieldError(f"{path}.{field}.{lang}", _("Must be text.")))
            elif "\x00" in text:
                errors.append(FieldError(f"{path}.{field}.{lang}", NUL_MESSAGE))
        if field in REQUIRED_TEXT and not _text(value.get("fi")):
            errors.append(FieldError(f"{path}.{field}.fi", _("The Finnish text is required.")))
        if field == "name" and any(len(str(t)) > 160 for t in value.values()):
            errors.append(
                FieldError(f"{path}.{field}", _("At most %(max)s characters."), (("max", 160),))
            )
        if field == "duration" and any(len(str(t)) > 120 for t in value.values()):
            errors.append(
                FieldError(f"{path}.{field}", _("At most %(max)s characters."), (("max", 120),))
            )
    for field, allowed in (("perspectives", PERSPECTIVES), ("audiences", AUDIENCES)):
        value = card.get(field, [])
        if not isinstance(value, list) or any(v not in allowed for v in value):
            errors.append(
                FieldError(
                    f"{path}.{field}",
                    _("Must be a list of: %(allowed)s."),
                    (("allowed", ", ".join(allowed)),),
                )
            )
    for field, allowed in (("effort", EFFORTS), ("cost", COSTS), ("tool", TOOLS)):
        value = card.get(field, "" if field == "tool" else None)
        if value not in allowed:
            shown = ", ".join(a or '""' for a in allowed)
            errors.append(
                FieldError(
                    f"{path}.{field}", _("Must be one of: %(allowed)s."), (("allowed", shown),)
                )
            )
    return errors
