"""Claims to roles: which of the admin's rules match a sign-in, and what they give. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rule:
    id: int
    claim: str
    value: str
    unit_id: int | None
    is_manager: bool
    is_coordinator: bool
    priority: int


@dataclass(frozen=True)
class RoleMapping:
    matched: tuple[int, ...]
    unit_id: int | None
    is_manager: bool
    is_coordinator: bool

    @property
    def has_staff_role(self) -> bool:
        """Staff rights need a unit (a staff member belongs to one)."""
        return self.unit_id is not None


NO_ROLE = RoleMapping(matched=(), unit_id=None, is_manager=False, is_coordinator=False)


def claim_values(claims: Mapping[str, Any], path: str) -> set[str]:
    """Every value of a claim as strings: a string, a number, a boolean or a list of them;
    "a.b" reaches inside an object claim (e.g. realm_access.roles)."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return set()
        value = value[part]
    items = value if isinstance(value, list | tuple) else [value]
    out: set[str] = set()
    for item in items:
        if isinstance(item, bool):
            out.add("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.add(str(item))
    return out


def map_claims(
    claims: Mapping[str, Any], rules: Iterable[Rule], *, unit_from_claim: int | None = None
) -> RoleMapping:
    """Every matching rule adds its rights; the unit is the first matching rule's (by priority,
    then id) that names one, else `unit_from_claim` (a unit found from a unit claim)."""
    matched = [
        rule
        for rule in sorted(rules, key=lambda r: (r.priority, r.id))
        if rule.value in claim_values(claims, rule.claim)
    ]
    if not matched:
        return NO_ROLE
    unit_id = next((r.unit_id for r in matched if r.unit_id is not None), unit_from_claim)
    return RoleMapping(
        matched=tuple(r.id for r in matched),
        unit_id=unit_id,
        is_manager=any(r.is_manager for r in matched),
        is_coordinator=any(r.is_coordinator for r in matched),
    )
