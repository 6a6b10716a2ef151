"""Reading HR sync files into typed rows. Pure: no Django imports.

Two CSV files (units and people, told apart by their header) or one JSON document, in the
format of docs/HR_SYNC.md. Every fault becomes a `Problem` with the row it was found on; the
caller words it (messages.py) and applies nothing when there is any.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = "kuulu-hr-sync/1"
MAX_ROWS = 50_000

UNIT_REQUIRED = ("id", "name_fi")
UNIT_OPTIONAL = ("parent", "name_sv", "name_en", "kind", "code", "status")
PERSON_REQUIRED = ("id", "first_name", "last_name", "email", "unit")
PERSON_OPTIONAL = ("title_fi", "title_sv", "title_en", "phone", "manager", "status", "language")
LANGUAGES = ("fi", "sv", "en")

UNIT_KINDS = ("service_area", "unit", "team")
UNIT_STATUSES = {"active": True, "closed": False}
PERSON_STATUSES = {"active": True, "left": False}
TRUE_WORDS = {"1", "true", "yes", "y", "x", "kyllä", "k", "ja", "j"}
FALSE_WORDS = {"0", "false", "no", "n", "ei", "e", "nej", ""}

LIMITS = {
    "id": 100,
    "parent": 100,
    "unit": 100,
    "name_fi": 160,
    "name_sv": 160,
    "name_en": 160,
    "code": 60,
    "first_name": 80,
    "last_name": 80,
    "email": 254,
    "title_fi": 120,
    "title_sv": 120,
    "title_en": 120,
    "phone": 30,
}

_EMAIL = re.compile(
    r"^[^@\s,;<>\"']+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")


@dataclass(frozen=True)
class Problem:
    """A fault in the input. `row` is the CSV line (header = 1) or the JSON item (first = 1);
    `section` is "units", "people" or "file"; `code` names the fault for messages.py."""

    section: str
    row: int | None
    field: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitRow:
    row: int
    external_id: str
    parent: str | None
    name_fi: str
    name_sv: str | None = None
    name_en: str | None = None
    kind: str | None = None
    code: str | None = None
    active: bool = True


@dataclass(frozen=True)
class PersonRow:
    row: int
    external_id: str
    first_name: str
    last_name: str
    email: str
    unit: str
    title_fi: str | None = None
    title_sv: str | None = None
    title_en: str | None = None
    phone: str | None = None
    is_manager: bool | None = None
    active: bool = True
    language: str | None = None


@dataclass(frozen=True)
class Document:
    """What a sync was given. `units` or `people` is None when that part was not supplied
    (then nothing of that kind is deactivated); `full` means a part lists everyone."""

    units: tuple[UnitRow, ...] | None
    people: tuple[PersonRow, ...] | None
    full: bool = True
    problems: tuple[Problem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "full": self.full,
            "units": None if self.units is None else [asdict(r) for r in self.units],
            "people": None if self.people is None else [asdict(r) for r in self.people],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Document:
        units = data.get("units")
        people = data.get("people")
        return cls(
            units=None if units is None else tuple(UnitRow(**r) for r in units),
            people=None if people is None else tuple(PersonRow(**r) for r in people),
            full=bool(data.get("full", True)),
        )


def is_email(value: str) -> bool:
    return len(value) <= LIMITS["email"] and bool(_EMAIL.match(value))


class _RowReader:
    """Checks one row's values, collecting problems."""

    def __init__(self, section: str, row: int, values: Mapping[str, Any], problems: list):
        self.section, self.row, self.values, self.problems = section, row, values, problems

    def problem(self, field_name: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(self.section, self.row, field_name, code, params))

    def text(self, name: str, *, required: bool = False) -> str | None:
        raw = self.values.get(name)
        if raw is None:
            if required:
                self.problem(name, "required")
                return ""
            return None
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            self.problem(name, "not_text")
            return ""
        value = str(raw).strip()
        if "\x00" in value:
            # No name, id or address holds one, and PostgreSQL can neither store nor compare
            # text with it: reported, and left out of the value the planner looks up.
            self.problem(name, "nul_character")
            value = value.replace("\x00", "").strip()
        if required and not value:
            self.problem(name, "required")
        limit = LIMITS.get(name)
        if limit is not None and len(value) > limit:
            self.problem(name, "too_long", limit=limit)
        return value

    def boolean(self, name: str) -> bool | None:
        raw = self.values.get(name)
        if raw is None:
            return None
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.problem(name, "not_boolean", value=str(raw)[:40])
        return None

    def choice(self, name: str, choices: Iterable[str]) -> str | None:
        value = self.text(name)
        if not value:
            return None
        value = value.lower()
        if value not in choices:
            self.problem(name, "bad_choice", value=value[:40], choices=", ".join(choices))
            return None
        return value


def _unit_row(row: int, values: Mapping[str, Any], problems: list) -> UnitRow:
    r = _RowReader("units", row, values, problems)
    code = r.text("code")
    if code and not _CODE.match(code):
        r.problem("code", "bad_code")
    status = r.choice("status", UNIT_STATUSES)
    return UnitRow(
        row=row,
        external_id=r.text("id", required=True) or "",
        parent=r.text("parent") or None,
        name_fi=r.text("name_fi", required=True) or "",
        name_sv=r.text("name_sv"),
        name_en=r.text("name_en"),
        kind=r.choice("kind", UNIT_KINDS),
        code=code or None,
        active=UNIT_STATUSES.get(status or "active", True),
    )


def _person_row(
    row: int, values: Mapping[str, Any], problems: list, email_ok: Callable[[str], bool]
) -> PersonRow:
    r = _RowReader("people", row, values, problems)
    email = (r.text("email", required=True) or "").lower()
    if email and not email_ok(email):
        r.problem("email", "bad_email", value=email[:80])
    status = r.choice("status", PERSON_STATUSES)
    return PersonRow(
        row=row,
        external_id=r.text("id", required=True) or "",
        first_name=r.text("first_name", required=True) or "",
        last_name=r.text("last_name", required=True) or "",
        email=email,
        unit=r.text("unit", required=True) or "",
        title_fi=r.text("title_fi"),
        title_sv=r.text("title_sv"),
        title_en=r.text("title_en"),
        phone=r.text("phone"),
        is_manager=r.boolean("manager"),
        active=PERSON_STATUSES.get(status or "active", True),
        language=r.choice("language", LANGUAGES),
    )


def _check_columns(section: str, columns: Iterable[str], problems: list) -> bool:
    required = UNIT_REQUIRED if section == "units" else PERSON_REQUIRED
    known = set(required) | set(UNIT_OPTIONAL if section == "units" else PERSON_OPTIONAL)
    present = set(columns)
    ok = True
    for name in required:
        if name not in present:
            problems.append(Problem(section, 1, name, "missing_column"))
            ok = False
    for name in sorted(present - known):
        problems.append(Problem(section, 1, name, "unknown_column"))
        ok = False
    return ok


def _decode(name: str, content: bytes, problems: list) -> str | None:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        problems.append(Problem("file", line, "", "encoding", {"file": name}))
        return None


def csv_kind(header: Iterable[str]) -> str | None:
    """ "people" or "units" by the header's columns, None when it is neither."""
    columns = set(header)
    if "first_name" in columns or "email" in columns:
        return "people"
    if "name_fi" in columns or "parent" in columns:
        return "units"
    return None


def _read_csv(name: str, text: str, problems: list) -> tuple[str | None, list[dict[str, str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        problems.append(Problem("file", None, "", "empty_file", {"file": name}))
        return None, []
    except csv.Error:
        problems.append(Problem("file", 1, "", "bad_csv", {"file": name}))
        return None, []
    kind = csv_kind(header)
    if kind is None:
        problems.append(Problem("file", 1, "", "unknown_file", {"file": name}))
        return None, []
    if not _check_columns(kind, header, problems):
        return kind, []
    rows: list[dict[str, str]] = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                rows.append({})  # a blank line: keeps the line numbers, skipped below
                continue
            if len(values) != len(header):
                problems.append(
                    Problem(
                        kind,
                        reader.line_num,
                        "",
                        "wrong_column_count",
                        {"expected": len(header), "found": len(values)},
                    )
                )
                rows.append({})
                continue
            rows.append(dict(zip(header, values, strict=True)))
            if len(rows) > MAX_ROWS:
                problems.append(Problem(kind, None, "", "too_many_rows", {"limit": MAX_ROWS}))
                return kind, []
    except csv.Error:
        problems.append(Problem(kind, reader.line_num, "", "bad_csv", {"file": name}))
    return kind, rows


def parse_files(
    files: Iterable[tuple[str, bytes]],
    *,
    full: bool | None = None,
    email_ok: Callable[[str], bool] = is_email,
) -> Document:
    """Read uploaded or dropped files: one JSON document, or a units CSV and/or a people CSV.
    `full` None: a JSON document says (default full); CSV files are full."""
    files = list(files)
    if full is None and not any(n.lower().endswith(".json") for n, _ in files):
        full = True
    problems: list[Problem] = []
    if not files:
        return Document(None, None, True, (Problem("file", None, "", "no_files", {}),))
    jsons = [(n, c) for n, c in files if n.lower().endswith(".json")]
    if jsons:
        if len(files) > 1:
            return Document(None, None, True, (Problem("file", None, "", "json_alone", {}),))
        name, content = jsons[0]
        text = _decode(name, content, problems)
        if text is None:
            return Document(None, None, True, tuple(problems))
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem("file", exc.lineno, "", "bad_json", {"file": name})
            return Document(None, None, True, (problem,))
        return parse_json(data, email_ok=email_ok, full=full)
    sections: dict[str, list[dict[str, str]]] = {}
    for name, content in files:
        text = _decode(name, content, problems)
        if text is None:
            continue
        kind, rows = _read_csv(name, text, problems)
        if kind is None:
            continue
        if kind in sections:
            problems.append(Problem("file", None, "", "two_files_of_a_kind", {"file": name}))
            continue
        sections[kind] = rows
    units = people = None
    if "units" in sections:
        units = tuple(
            _unit_row(i, values, problems)
            for i, values in enumerate(sections["units"], start=2)
            if values
        )
    if "people" in sections:
        people = tuple(
            _person_row(i, values, problems, email_ok)
            for i, values in enumerate(sections["people"], start=2)
            if values
        )
    return Document(units, people, full is not False, tuple(problems))


def parse_json(
    data: Any, *, email_ok: Callable[[str], bool] = is_email, full: bool | None = None
) -> Document:
    """Read a JSON document (a file, or the API's body): {"format", "full", "units", "people"}.
    `full` given here wins over the document's own."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return Document(None, None, True, (Problem("file", None, "", "not_an_object", {}),))
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        problems.append(Problem("file", None, "format", "bad_format", {"expected": FORMAT}))
    if full is None:
        full = data.get("full", True)
        if not isinstance(full, bool):
            problems.append(Problem("file", None, "full", "not_boolean", {"value": str(full)}))
            full = True
    sections: dict[str, tuple | None] = {"units": None, "people": None}
    for section in ("units", "people"):
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem("file", None, section, "not_a_list", {}))
            continue
        if len(items) > MAX_ROWS:
            problems.append(Problem(section, None, "", "too_many_rows", {"limit": MAX_ROWS}))
            continue
        rows = []
        for i, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                problems.append(Problem(section, i, "", "not_an_object", {}))
                continue
            columns = {str(k).lower() for k in item}
            required = UNIT_REQUIRED if section == "units" else PERSON_REQUIRED
            optional = UNIT_OPTIONAL if section == "units" else PERSON_OPTIONAL
            for name in sorted(columns - set(required) - set(optional)):
                problems.append(Problem(section, i, name, "unknown_field", {}))
            values = {str(k).lower(): v for k, v in item.items()}
            if section == "units":
                rows.append(_unit_row(i, values, problems))
            else:
                rows.append(_person_row(i, values, problems, email_ok))
        sections[section] = tuple(rows)
    if sections["units"] is None and sections["people"] is None and not problems:
        problems.append(Problem("file", None, "", "nothing_to_sync", {}))
    return Document(sections["units"], sections["people"], full, tuple(problems))
