"""The instrument library's exchange format (YAML or JSON), its validation and storage.

    key: participation-managers          # slug
    version: "1"
    name: {fi: ..., sv: ..., en: ...}     # fi required
    description: {fi: ...}
    locked_wording: false                # true for licensed wording (e.g. THL's)
    licence_note: "..."
    scoring: {method: mean, items: [...], scale: [1, 5], rescale: true}   # see scoring.py
    items:
      - key: knows_methods
        kind: likert                     # any Question kind
        text: {fi: ..., sv: ..., en: ..., fi_plain: ...}
        required: true
        scale: [1, 5]                    # likert and matrix
        scale_labels: {fi: [...], sv: [...], en: [...]}
        choices: [{value: a, label: {fi: ..., sv: ..., en: ...}}]   # single, multiple, ranking

Every problem is reported at once, each with where it is ("items[3].kind: ...").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from kuulu.surveys.models import Instrument, InstrumentItem, Question
from kuulu.surveys.scoring import RuleError, parse_rule

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
LANGS = ("fi", "sv", "en")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}\Z")  # \Z: "$" would let a final line break in
MAX_ITEMS = 200


class InstrumentFormatError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class InstrumentData:
    """A checked instrument definition, ready to store."""

    raw: dict[str, Any]

    @property
    def key(self) -> str:
        return self.raw["key"]

    @property
    def version(self) -> str:
        return self.raw["version"]


def load_text(text: str, fmt: str = "") -> Any:
    """Parse YAML or JSON (JSON is YAML too, but its errors read better from json)."""
    fmt = fmt.lower()
    try:
        if fmt == "json" or (not fmt and text.lstrip().startswith("{")):
            return json.loads(text)
        return yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InstrumentFormatError([f"the file cannot be read: {exc}"]) from exc


def _storable(text: str, where: str, problems: list[str], limit: int | None = None) -> None:
    """Report text the database cannot hold: PostgreSQL refuses a NUL character (in text and
    in JSON) and a text longer than its column."""
    if "\x00" in text:
        problems.append(f"{where}: must not contain a NUL character")
    elif limit is not None and len(text.strip()) > limit:
        problems.append(f"{where}: at most {limit} characters")


def _texts(
    value: Any, where: str, problems: list[str], required: bool = True, limit: int | None = None
) -> dict[str, str]:
    if value is None and not required:
        return {}
    if isinstance(value, str):
        value = {"fi": value}
    if not isinstance(value, dict):
        problems.append(f"{where}: must be texts per language, e.g. {{fi: ..., sv: ...}}")
        return {}
    out = {}
    for lang, text in value.items():
        if lang not in (*LANGS, "fi_plain"):
            problems.append(f"{where}.{lang}: unknown language (use fi, sv, en or fi_plain)")
        elif not isinstance(text, str):
            problems.append(f"{where}.{lang}: must be text")
        else:
            _storable(text, f"{where}.{lang}", problems, limit)
            out[lang] = text.strip()
    if required and not out.get("fi"):
        problems.append(f"{where}.fi: the Finnish text is required")
    return out


def validate(data: Any) -> InstrumentData:
    """Check a parsed definition; raise InstrumentFormatError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstrumentFormatError(["the file must hold one instrument (a mapping)"])
    known = {
        "key",
        "version",
        "name",
        "description",
        "locked_wording",
        "licence_note",
        "scoring",
        "items",
    }
    for extra in sorted(set(data) - known, key=str):
        problems.append(f"{extra}: unknown field")
    key = data.get("key")
    if not isinstance(key, str) or not SLUG.match(key):
        problems.append("key: must be a short identifier of letters, numbers, - and _")
    version = data.get("version", "1")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not 0 < len(version) <= 20:
        problems.append("version: must be text of at most 20 characters")
    elif re.search(r'[\x00-\x1f\x7f"\\/]', version):
        # It goes into the export's file name, a response header.
        problems.append("version: must not contain quotes, slashes or line breaks")
    name = _texts(data.get("name"), "name", problems, limit=200)
    description = _texts(data.get("description"), "description", problems, required=False)
    locked = data.get("locked_wording", False)
    if not isinstance(locked, bool):
        problems.append("locked_wording: must be true or false")
    licence = data.get("licence_note", "")
    if not isinstance(licence, str):
        problems.append("licence_note: must be text")
    else:
        _storable(licence, "licence_note", problems)
    items = data.get("items")
    clean_items: list[dict[str, Any]] = []
    if not isinstance(items, list) or not items:
        problems.append("items: must be a non-empty list")
        items = []
    elif len(items) > MAX_ITEMS:
        problems.append(f"items: at most {MAX_ITEMS} items")
        items = []
    keys: set[str] = set()
    for index, item in enumerate(items):
        where = f"items[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        for extra in sorted(
            set(item) - {"key", "kind", "text", "required", "scale", "scale_labels", "choices"}
        ):
            problems.append(f"{where}.{extra}: unknown field")
        item_key = item.get("key")
        if not isinstance(item_key, str) or not SLUG.match(item_key):
            problems.append(f"{where}.key: must be a short identifier")
        elif item_key in keys:
            problems.append(f"{where}.key: {item_key} is used twice")
        else:
            keys.add(item_key)
        kind = item.get("kind")
        if kind not in Question.Kind.values:
            problems.append(f"{where}.kind: must be one of {', '.join(Question.Kind.values)}")
        text = _texts(item.get("text"), f"{where}.text", problems, limit=500)
        required = item.get("required", False)
        if not isinstance(required, bool):
            problems.append(f"{where}.required: must be true or false")
        scale = item.get("scale")
        if kind == "scale_0_10":
            scale = [0, 10]
        if kind in ("likert", "matrix"):
            scale = scale or [1, 5]
            if (
                not isinstance(scale, list)
                or len(scale) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in scale)
                or not 1 <= scale[1] - scale[0] <= 10
            ):
                problems.append(f"{where}.scale: must be [lowest, highest] with 2 to 11 points")
                scale = None
        labels = item.get("scale_labels") or {}
        if not isinstance(labels, dict):
            problems.append(f"{where}.scale_labels: must be label lists per language")
            labels = {}
        for lang, values in labels.items():
            if lang not in (*LANGS, "fi_plain"):
                problems.append(f"{where}.scale_labels.{lang}: unknown language")
            elif not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"{where}.scale_labels.{lang}: must be a list of texts")
            elif any("\x00" in v for v in values):
                problems.append(f"{where}.scale_labels.{lang}: must not contain a NUL character")
            elif scale and len(values) != scale[1] - scale[0] + 1:
                problems.append(
                    f"{where}.scale_labels.{lang}: give {scale[1] - scale[0] + 1} labels, "
                    f"one per scale point"
                )
        choices = item.get("choices") or []
        clean_choices = []
        if kind in ("single", "multiple", "ranking"):
            if not isinstance(choices, list) or len(choices) < 2:
                problems.append(f"{where}.choices: give at least two options")
                choices = []
            values_seen: set[str] = set()
            for c_index, choice in enumerate(choices):
                c_where = f"{where}.choices[{c_index}]"
                if not isinstance(choice, dict):
                    problems.append(f"{c_where}: must be a mapping with value and label")
                    continue
                value = choice.get("value")
                if not isinstance(value, str) or not SLUG.match(value):
                    problems.append(f"{c_where}.value: must be a short identifier")
                elif value in values_seen:
                    problems.append(f"{c_where}.value: {value} is used twice")
                else:
                    values_seen.add(value)
                label = _texts(choice.get("label"), f"{c_where}.label", problems, limit=300)
                clean_choices.append({"value": value, "label": label})
        elif choices:
            problems.append(f"{where}.choices: only choice and ranking questions have options")
        if kind == "matrix":
            problems.append(f"{where}.kind: instruments list statements as separate items")
        clean_items.append(
            {
                "key": item_key,
                "kind": kind,
                "text": text,
                "required": bool(required),
                "scale": scale if kind in ("likert", "matrix", "scale_0_10") else None,
                "scale_labels": labels,
                "choices": clean_choices,
            }
        )
    scoring = data.get("scoring") or {}
    if scoring:
        if not isinstance(scoring, dict):
            problems.append("scoring: must be a mapping")
        else:
            try:
                rule = parse_rule(scoring)
            except RuleError as exc:
                problems += [f"scoring: {p}" for p in exc.problems]
            else:
                for item_key in rule.items:
                    if item_key not in keys:
                        problems.append(
                            f"scoring.items: {item_key} is not an item of this instrument"
                        )
                scored_kinds = {i["kind"] for i in clean_items if i["key"] in rule.items}
                if scored_kinds - {"likert", "scale_0_10", "number"}:
                    problems.append("scoring.items: only scale and number items can be scored")
    if problems:
        raise InstrumentFormatError(problems)
    return InstrumentData(
        {
            "key": key,
            "version": version,
            "name": name,
            "description": description,
            "locked_wording": locked,
            "licence_note": licence.strip(),
            "scoring": scoring,
            "items": clean_items,
        }
    )


def parse(text: str, fmt: str = "") -> InstrumentData:
    return validate(load_text(text, fmt))


@transaction.atomic
def store(data: InstrumentData, *, county: Any = None, replace: bool = False) -> Instrument:
    """Create the instrument, or with `replace` update the one with the same key and version
    (items matched by key, so questions already made from them keep their link)."""
    raw = data.raw
    existing = Instrument.objects.filter(
        county=county, key=raw["key"], version=raw["version"]
    ).first()
    if existing is not None and not replace:
        raise InstrumentFormatError(
            [f"version {raw['version']} of {raw['key']} already exists; give a new version"]
        )
    instrument = existing or Instrument(county=county, key=raw["key"], version=raw["version"])
    for lang in LANGS:
        setattr(instrument, f"name_{lang}", raw["name"].get(lang, ""))
        setattr(instrument, f"description_{lang}", raw["description"].get(lang, ""))
    # A county's own version of a shipped licensed instrument (e.g. THL's wording loaded over
    # the placeholder) stays locked, whatever the file says.
    shipped_locked = Instrument.objects.filter(
        county__isnull=True, key=raw["key"], locked_wording=True
    ).exists()
    instrument.locked_wording = raw["locked_wording"] or shipped_locked
    instrument.licence_note = raw["licence_note"]
    instrument.scoring = raw["scoring"]
    instrument.save()
    old = {item.key: item for item in instrument.items.all()}
    for position, spec in enumerate(raw["items"]):
        item = old.pop(spec["key"], None) or InstrumentItem(instrument=instrument, key=spec["key"])
        item.position = position
        item.kind = spec["kind"]
        for lang in LANGS:
            setattr(item, f"text_{lang}", spec["text"].get(lang, ""))
        item.text_fi_plain = spec["text"].get("fi_plain", "")
        item.required = spec["required"]
        scale = spec["scale"]
        item.scale_min, item.scale_max = (scale[0], scale[1]) if scale else (None, None)
        item.scale_labels = spec["scale_labels"]
        item.choices = spec["choices"]
        item.save()
    for item in old.values():
        item.delete()
    return instrument


def export(instrument: Instrument) -> dict[str, Any]:
    """The instrument in the exchange format (what `parse` reads back)."""

    def texts(obj: Any, field: str) -> dict[str, str]:
        return {lang: v for lang in LANGS if (v := getattr(obj, f"{field}_{lang}", "") or "")}

    items = []
    for item in instrument.items.order_by("position", "id"):
        entry: dict[str, Any] = {"key": item.key, "kind": item.kind, "text": texts(item, "text")}
        if item.text_fi_plain:
            entry["text"]["fi_plain"] = item.text_fi_plain
        if item.required:
            entry["required"] = True
        if item.kind in ("likert", "matrix"):
            entry["scale"] = [item.scale_min, item.scale_max]
        if item.scale_labels:
            entry["scale_labels"] = item.scale_labels
        if item.choices:
            entry["choices"] = item.choices
        items.append(entry)
    out: dict[str, Any] = {
        "key": instrument.key,
        "version": instrument.version,
        "name": texts(instrument, "name"),
    }
    if description := texts(instrument, "description"):
        out["description"] = description
    out["locked_wording"] = instrument.locked_wording
    if instrument.licence_note:
        out["licence_note"] = instrument.licence_note
    if instrument.scoring:
        out["scoring"] = instrument.scoring
    out["items"] = items
    return out


def dump(instrument: Instrument, fmt: str) -> str:
    data = export(instrument)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def load_shipped() -> list[Instrument]:
    """Load (or update) every instrument file shipped in `instruments/`."""
    stored = []
    for path in sorted(SHIPPED_DIR.glob("*.yaml")):
        stored.append(store(parse(path.read_text(encoding="utf-8"), "yaml"), replace=True))
    return stored
