"""Planning an HR sync: the rows of a file against a snapshot of the county. Pure: no Django.

The plan lists, for units and for people, what would be added, changed, moved, deactivated or
reactivated, and every problem that stops the sync (duplicate ids, unknown parents, cycles in
the unit tree, clashing codes and emails). A plan with problems is never applied.

Matching: a row is the record with the same external id; failing that, a unit with no external
id and the same code, or a person with no external id and the same email address, is adopted
(so the first sync links what was typed in by hand instead of duplicating it).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kuulu.organisation.sync.parse import Document, Problem

ADDED = "added"
CHANGED = "changed"
MOVED = "moved"
DEACTIVATED = "deactivated"
REACTIVATED = "reactivated"
ACTIONS = (ADDED, CHANGED, MOVED, DEACTIVATED, REACTIVATED)


@dataclass(frozen=True)
class ExistingUnit:
    id: int
    external_id: str
    code: str
    parent_id: int | None
    name_fi: str
    name_sv: str
    name_en: str
    kind: str
    is_active: bool


@dataclass(frozen=True)
class ExistingPerson:
    id: int
    external_id: str
    kind: str
    email: str
    first_name: str
    last_name: str
    unit_id: int | None
    title_fi: str
    title_sv: str
    title_en: str
    phone: str
    is_manager: bool
    is_active: bool
    user_id: int | None = None
    user_active: bool | None = None


@dataclass(frozen=True)
class Snapshot:
    """The county as the sync sees it. `accounts` maps each email address of the file that
    has a sign-in account to the id of the person it belongs to (None: to nobody)."""

    units: tuple[ExistingUnit, ...]
    people: tuple[ExistingPerson, ...]
    accounts: Mapping[str, int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One unit or person the sync touches. `values` are the final values to write (for units
    `parent` is an external id, or None for the top; for people `unit` is one)."""

    entity: str  # "unit" or "person"
    action: str
    external_id: str
    label: str
    row: int | None
    target_id: int | None
    fields: tuple[FieldChange, ...] = ()
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    units: tuple[Change, ...]
    people: tuple[Change, ...]
    problems: tuple[Problem, ...]
    full: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for name, changes in (("units", self.units), ("people", self.people)):
            out[name] = dict.fromkeys(ACTIONS, 0)
            for change in changes:
                out[name][change.action] += 1
        return out

    @property
    def is_empty(self) -> bool:
        return not self.units and not self.people

    def fingerprint(self) -> str:
        """Names the exact change set, so a confirmation applies what the preview showed."""
        payload = [
            (
                c.entity,
                c.action,
                c.external_id,
                c.target_id,
                [(f.field, f.new) for f in c.fields],
                sorted(c.values.items()),
            )
            for c in (*self.units, *self.people)
        ]
        return hashlib.sha256(json.dumps(payload, default=str).encode()).hexdigest()


def code_for(external_id: str) -> str:
    """A unit code made from an HR id, for new units the file gives no code."""
    code = re.sub(r"[^a-z0-9_-]+", "-", external_id.lower()).strip("-")
    return f"hr-{code}"[:60]


def _duplicates(rows: tuple, section: str, key: Any, field_name: str, problems: list) -> set:
    seen: dict[Any, int] = {}
    dupes = set()
    for row in rows:
        value = key(row)
        if not value:
            continue
        if value in seen:
            problems.append(
                Problem(section, row.row, field_name, "duplicate", {"first_row": seen[value]})
            )
            dupes.add(value)
        else:
            seen[value] = row.row
    return dupes


def _field(changes: list, name: str, old: Any, new: Any) -> None:
    if new is not None and old != new:
        changes.append(FieldChange(name, old, new))


def plan_units(
    document: Document, snapshot: Snapshot, problems: list[Problem]
) -> tuple[list[Change], dict[str, bool], dict[int, str]]:
    """The unit changes; every external id a person may name, with whether it stays active;
    and each unit's external id after the sync (adopted units included)."""
    by_ext = {u.external_id: u for u in snapshot.units if u.external_id}
    by_id = {u.id: u for u in snapshot.units}
    unlinked_by_code = {u.code: u for u in snapshot.units if not u.external_id}
    rows = document.units
    if rows is None:
        ext_ids = {u.id: u.external_id for u in snapshot.units if u.external_id}
        return [], {ext: u.is_active for ext, u in by_ext.items()}, ext_ids
    full = document.full
    _duplicates(rows, "units", lambda r: r.external_id, "id", problems)
    file_ids = {r.external_id for r in rows}

    # Who each row is.
    matches: dict[int, ExistingUnit | None] = {}
    adopted: set[int] = set()
    for r in rows:
        match = by_ext.get(r.external_id)
        if match is None:
            candidate = unlinked_by_code.get(r.code or code_for(r.external_id))
            if candidate is not None and candidate.id not in adopted:
                match = candidate
                adopted.add(candidate.id)
        matches[r.row] = match

    # External ids after the sync, adopted units included.
    ext_of = {u.id: u.external_id for u in snapshot.units if u.external_id}
    for r in rows:
        match = matches[r.row]
        if match is not None:
            ext_of[match.id] = r.external_id

    # Codes: unique in the county.
    owner_of_code = {u.code: u.id for u in snapshot.units}
    final_codes: dict[str, int] = {}
    for r in rows:
        match = matches[r.row]
        code = r.code or (match.code if match else code_for(r.external_id))
        if code in final_codes:
            problems.append(
                Problem("units", r.row, "code", "duplicate", {"first_row": final_codes[code]})
            )
        else:
            final_codes[code] = r.row
        owner = owner_of_code.get(code)
        if owner is not None and (match is None or owner != match.id):
            problems.append(Problem("units", r.row, "code", "code_taken", {"value": code}))

    # Parents, and the tree they make.
    parent_of: dict[str, str | None] = {}
    if not full:
        for ext, u in by_ext.items():
            parent = by_id.get(u.parent_id) if u.parent_id else None
            parent_of[ext] = parent.external_id if parent and parent.external_id else None
    known = file_ids | (set() if full else set(by_ext))
    for r in rows:
        if r.parent and r.parent not in known:
            problems.append(
                Problem("units", r.row, "parent", "unknown_parent", {"value": r.parent})
            )
            parent_of[r.external_id] = None
        elif r.parent == r.external_id:
            problems.append(Problem("units", r.row, "parent", "own_parent", {}))
            parent_of[r.external_id] = None
        else:
            parent_of[r.external_id] = r.parent
    in_cycle: set[str] = set()
    for start in file_ids:
        chain: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in seen and node not in in_cycle:
            seen.add(node)
            chain.append(node)
            node = parent_of.get(node)
        if node is not None and node in seen:
            cycle = chain[chain.index(node) :]
            in_cycle.update(cycle)
            text = " → ".join([*cycle, node])
            for r in rows:
                if r.external_id in cycle:
                    problems.append(Problem("units", r.row, "parent", "cycle", {"chain": text}))

    # The changes.
    changes: list[Change] = []
    for r in rows:
        match = matches[r.row]
        kind = r.kind or (match.kind if match else ("service_area" if not r.parent else "unit"))
        code = r.code or (match.code if match else code_for(r.external_id))
        values = {
            "external_id": r.external_id,
            "parent": r.parent,
            "name_fi": r.name_fi,
            "name_sv": r.name_sv if r.name_sv is not None else (match.name_sv if match else ""),
            "name_en": r.name_en if r.name_en is not None else (match.name_en if match else ""),
            "kind": kind,
            "code": code,
            "is_active": r.active,
        }
        if match is None:
            if r.active:
                changes.append(
                    Change("unit", ADDED, r.external_id, r.name_fi, r.row, None, (), values)
                )
            continue
        fields: list[FieldChange] = []
        _field(fields, "external_id", match.external_id, r.external_id)
        _field(fields, "name_fi", match.name_fi, r.name_fi)
        _field(fields, "name_sv", match.name_sv, r.name_sv)
        _field(fields, "name_en", match.name_en, r.name_en)
        _field(fields, "kind", match.kind, r.kind)
        _field(fields, "code", match.code, r.code)
        pid = match.parent_id
        old_parent_label = (ext_of.get(pid) or f"({by_id[pid].code})") if pid else None
        moved = (pid is None) != (r.parent is None) or (
            pid is not None and ext_of.get(pid) != r.parent
        )
        if moved:
            fields.append(FieldChange("parent", old_parent_label, r.parent))
        _field(fields, "is_active", match.is_active, r.active)
        if not fields:
            continue
        if not r.active and match.is_active:
            action = DEACTIVATED
        elif r.active and not match.is_active:
            action = REACTIVATED
        elif moved:
            action = MOVED
        else:
            action = CHANGED
        changes.append(
            Change("unit", action, r.external_id, r.name_fi, r.row, match.id, tuple(fields), values)
        )
    staying: dict[str, bool] = {r.external_id: r.active for r in rows}
    for ext, u in by_ext.items():
        if ext in file_ids:
            continue
        if full:
            staying[ext] = False
            if u.is_active:
                changes.append(
                    Change(
                        "unit",
                        DEACTIVATED,
                        ext,
                        u.name_fi,
                        None,
                        u.id,
                        (FieldChange("is_active", True, False),),
                        {"is_active": False},
                    )
                )
        else:
            staying[ext] = u.is_active
    return changes, staying, ext_of


def plan_people(
    document: Document,
    snapshot: Snapshot,
    units_staying: Mapping[str, bool],
    unit_ext_of: Mapping[int, str],
    problems: list[Problem],
) -> list[Change]:
    rows = document.people
    if rows is None:
        return []
    by_ext = {p.external_id: p for p in snapshot.people if p.external_id}
    unlinked_by_email = {p.email.lower(): p for p in snapshot.people if not p.external_id}
    email_owner = {p.email.lower(): p.id for p in snapshot.people if p.email}
    _duplicates(rows, "people", lambda r: r.external_id, "id", problems)
    _duplicates(rows, "people", lambda r: r.email, "email", problems)
    file_ids = {r.external_id for r in rows}
    changes: list[Change] = []
    adopted: set[int] = set()
    for r in rows:
        match = by_ext.get(r.external_id)
        if match is None and r.active:  # a leaver is never adopted: nothing to deactivate
            candidate = unlinked_by_email.get(r.email)
            if candidate is not None and candidate.id not in adopted:
                match = candidate
                adopted.add(candidate.id)
        if match is None and not r.active:
            continue  # someone who left before Kuulu knew them: nothing to write
        if r.active:
            if r.unit not in units_staying:
                problems.append(Problem("people", r.row, "unit", "unknown_unit", {"value": r.unit}))
            elif not units_staying[r.unit]:
                problems.append(Problem("people", r.row, "unit", "unit_closed", {"value": r.unit}))
        owner = email_owner.get(r.email)
        if r.email and owner is not None and (match is None or owner != match.id):
            problems.append(Problem("people", r.row, "email", "email_taken", {"value": r.email}))
        account_owner = snapshot.accounts.get(r.email, "none")
        moves_account = (
            match is not None and match.user_id is not None and match.email.lower() != r.email
        )
        if r.email and (
            (account_owner not in ("none", None) and (match is None or account_owner != match.id))
            # An unlinked account already has the address this person's account would move to.
            or (account_owner is None and moves_account)
        ):
            problems.append(Problem("people", r.row, "email", "account_taken", {"value": r.email}))
        label = f"{r.first_name} {r.last_name}".strip()
        values = {
            "external_id": r.external_id,
            "first_name": r.first_name,
            "last_name": r.last_name,
            "email": r.email,
            "unit": r.unit,
            "title_fi": r.title_fi if r.title_fi is not None else (match.title_fi if match else ""),
            "title_sv": r.title_sv if r.title_sv is not None else (match.title_sv if match else ""),
            "title_en": r.title_en if r.title_en is not None else (match.title_en if match else ""),
            "phone": r.phone if r.phone is not None else (match.phone if match else ""),
            "is_manager": (
                r.is_manager if r.is_manager is not None else (match.is_manager if match else False)
            ),
            "is_active": r.active,
            "language": r.language,
        }
        if match is None:
            if r.active:
                changes.append(
                    Change("person", ADDED, r.external_id, label, r.row, None, (), values)
                )
            continue
        fields: list[FieldChange] = []
        _field(fields, "external_id", match.external_id, r.external_id)
        _field(fields, "kind", match.kind, "staff")
        _field(fields, "first_name", match.first_name, r.first_name)
        _field(fields, "last_name", match.last_name, r.last_name)
        _field(fields, "email", match.email.lower(), r.email)
        for name in ("title_fi", "title_sv", "title_en", "phone"):
            _field(fields, name, getattr(match, name), getattr(r, name))
        _field(fields, "is_manager", match.is_manager, r.is_manager)
        old_unit = unit_ext_of.get(match.unit_id) if match.unit_id else None
        moved = r.active and old_unit != r.unit
        if moved:
            fields.append(FieldChange("unit", old_unit, r.unit))
        _field(fields, "is_active", match.is_active, r.active)
        if r.active and match.user_id is None:
            fields.append(FieldChange("account", None, r.email))
        if not fields:
            continue
        if not r.active and match.is_active:
            action = DEACTIVATED
        elif r.active and not match.is_active:
            action = REACTIVATED
        elif moved:
            action = MOVED
        else:
            action = CHANGED
        changes.append(
            Change("person", action, r.external_id, label, r.row, match.id, tuple(fields), values)
        )
    if document.full:
        for ext, p in by_ext.items():
            if ext in file_ids or not p.is_active:
                continue
            changes.append(
                Change(
                    "person",
                    DEACTIVATED,
                    ext,
                    f"{p.first_name} {p.last_name}".strip(),
                    None,
                    p.id,
                    (FieldChange("is_active", True, False),),
                    {"is_active": False},
                )
            )
    return changes


def plan_sync(document: Document, snapshot: Snapshot) -> Plan:
    """Everything the document would change, or the problems that stop it."""
    problems: list[Problem] = list(document.problems)
    unit_changes, staying, unit_ext_of = plan_units(document, snapshot, problems)
    person_changes = plan_people(document, snapshot, staying, unit_ext_of, problems)
    problems.sort(key=lambda p: (_SECTION_ORDER.get(p.section, 9), p.row or 0, p.field, p.code))
    return Plan(tuple(unit_changes), tuple(person_changes), tuple(problems), document.full)


_SECTION_ORDER = {"file": 0, "units": 1, "people": 2}
