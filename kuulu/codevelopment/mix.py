"""The mix of a workshop group: counts by gender, profession and role with small groups
suppressed, and the warnings that tell a group is one-sided. No Django: plain data in and out.

Thresholds (documented in docs/ARCHITECTURE.md, "Co-development"):
- Small counts are hidden by the same rule as survey results (`surveys.stats.suppressed_groups`,
  the county's `KUULU_MIN_GROUP_SIZE`, default 5): a count from 1 to 4 is shown as "fewer than
  5", and while the hidden counts of a breakdown add up to fewer than 5, the smallest shown
  non-zero count is hidden too, so the total shown above the table does not give a small one
  away. A zero is never hidden (it reveals nobody, and hiding it protects nobody). A group of
  fewer than 5 shows no breakdown at all.
- One-sided by gender: among participants whose gender is known (at least 5 of them), one
  gender has more than 80 %. The ONNISTU plan aims for both men and women in every group; in
  social and health care about 88 % of staff are women, so 80 % is where a group is more
  one-sided than the field it comes from would need to be.
- One profession: every staff member and manager with a profession named has the same one
  (at least 2 of them).
- No customer voice: no developer customer or experience expert in the group.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kuulu.surveys.stats import DEFAULT_MIN_GROUP, suppressed_groups

MIN_GROUP = DEFAULT_MIN_GROUP
ONE_SIDED_SHARE = 0.8
CUSTOMER_ROLES = frozenset({"developer_customer", "experience_expert"})
STAFF_ROLES = frozenset({"staff", "manager"})
KNOWN_GENDERS = ("woman", "man", "other")


@dataclass(frozen=True)
class Member:
    role: str
    gender: str
    profession: str


@dataclass(frozen=True)
class Cell:
    key: str
    count: int | None  # None: hidden because the group is small


@dataclass(frozen=True)
class Mix:
    total: int
    shown: bool
    by_gender: tuple[Cell, ...]
    by_profession: tuple[Cell, ...]
    by_role: tuple[Cell, ...]
    warnings: tuple[str, ...]  # keys: "gender", "profession", "no_customers"


def suppress(counts: Sequence[tuple[str, int]], *, minimum: int = MIN_GROUP) -> tuple[Cell, ...]:
    """The cells of one breakdown whose total is shown, small counts hidden (module docstring)."""
    hidden = suppressed_groups(dict(counts), min_group=minimum)
    return tuple(Cell(key, None if key in hidden else n) for key, n in counts)


def warnings_for(members: Sequence[Member], *, minimum: int = MIN_GROUP) -> tuple[str, ...]:
    found: list[str] = []
    known = [m.gender for m in members if m.gender in KNOWN_GENDERS]
    if len(known) >= minimum:
        top = Counter(known).most_common(1)[0][1]
        if top / len(known) > ONE_SIDED_SHARE:
            found.append("gender")
    professions = {
        m.profession.strip().casefold()
        for m in members
        if m.role in STAFF_ROLES and m.profession.strip()
    }
    named = [m for m in members if m.role in STAFF_ROLES and m.profession.strip()]
    if len(named) >= 2 and len(professions) == 1:
        found.append("profession")
    if members and not any(m.role in CUSTOMER_ROLES for m in members):
        found.append("no_customers")
    return tuple(found)


def mix_of(
    members: Iterable[Member],
    *,
    roles: Sequence[str],
    genders: Sequence[str],
    minimum: int = MIN_GROUP,
) -> Mix:
    people = list(members)
    total = len(people)
    warnings = warnings_for(people, minimum=minimum)
    if total < minimum:
        return Mix(total, False, (), (), (), warnings)
    gender = Counter(m.gender for m in people)
    role = Counter(m.role for m in people)
    # A profession typed "Nurse" by one and "nurse" by another is one profession (as the
    # one-profession warning reads it), shown in its most used spelling.
    spellings: dict[str, Counter[str]] = {}
    for m in people:
        name = " ".join(m.profession.split())
        if name:
            spellings.setdefault(name.casefold(), Counter())[name] += 1
    profession = Counter(
        {names.most_common(1)[0][0]: sum(names.values()) for names in spellings.values()}
    )
    return Mix(
        total=total,
        shown=True,
        by_gender=suppress([(g, gender.get(g, 0)) for g in genders], minimum=minimum),
        by_profession=suppress(
            sorted(profession.items(), key=lambda kv: (-kv[1], kv[0])), minimum=minimum
        ),
        by_role=suppress([(r, role.get(r, 0)) for r in roles], minimum=minimum),
        warnings=warnings,
    )
