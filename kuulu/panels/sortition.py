"""Selecting a panel from its volunteers (sortition): the shared inputs and checks, and the
stratified random draw. No Django imports.

Inputs are plain frozen dataclasses: volunteers (an id and their answer for each stratum),
quotas (for a stratum value, the least and the most seats it may have), the number of seats and
an integer seed. The output is a `Selection`: the chosen ids, the achieved count for every quota
value, the seed and a SHA-256 hash of the canonical inputs. The maximally fair selection
(maximin over panel distributions, the default in Kuulu) is in `kuulu.panels.fairness`; it uses
the same inputs, checks and `Selection`.

**Unlisted values are unconstrained.** Only the (stratum, value) pairs named in the quotas are
limited. A stratum value the quotas do not list (e.g. "other" when only women and men have
quotas, or Finnish speakers when only Swedish speakers have one), and a missing answer, may have
from 0 up to every seat. To keep a value off the panel, give it a quota with max 0.

Stratified random draw (version ``ALGORITHM_VERSION``):

1. **Canonical order.** Volunteers are sorted by id and quotas by (stratum, value), so the same
   inputs in any row order give the same draw. Only the strata named in the quotas count.
2. **Feasibility**, checked before any drawing, every problem reported at once as a `Problem`:
   there are at least `seats` volunteers; for every stratum the minimums add up to at most
   `seats`, and its values can fill `seats` (listed values up to their maximum and volunteers,
   unlisted values up to their volunteers); every listed value has at least its minimum of
   volunteers (a `Shortage`: stratum, value, needed, available).
3. **Greedy seeded draw.** With `random.Random(seed)`, seats are filled one at a time. A volunteer
   can be picked only when none of their values is at its maximum. While some minimum is unmet,
   the value with the most urgent deficit (fewest available volunteers per missing seat; ties in
   random order) is served: among its available volunteers, those who also fill the most other
   unmet minimums are preferred, and one of them is picked at random. When a stratum's unmet
   minimums take every remaining seat, only volunteers who help it can be picked. When every
   minimum is met, any available volunteer is picked uniformly at random.
4. **Restarts.** If a draw gets stuck it starts again with the same random generator, at most
   `MAX_ATTEMPTS` times; then `Infeasible` is raised. Everything depends only on the canonical
   inputs and the seed, so re-running a recorded draw verifies it.

The greedy draw gives no guarantee that every volunteer's chance is as equal as the quotas
allow (volunteers with common answers can have a much smaller chance than others); it is kept as
an option because it is simple and fast. Draws recorded with ``LEGACY_ALGORITHM`` (before unlisted
values became unconstrained: volunteers with an unlisted value were left out) re-run with
`select(..., algorithm=LEGACY_ALGORITHM)`.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ALGORITHM_VERSION = "kuulu-greedy-2"
LEGACY_ALGORITHM = "kuulu-greedy-1"
MAX_ATTEMPTS = 200


@dataclass(frozen=True)
class Volunteer:
    """A volunteer: an id and their answer (value) for each stratum key."""

    id: str
    features: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True)
class Quota:
    """The least and the most seats a stratum value may have."""

    stratum: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class Shortage:
    """A stratum value with fewer volunteers than its minimum."""

    stratum: str
    value: str
    needed: int
    available: int


@dataclass(frozen=True)
class Problem:
    """One reason the quotas cannot be met. `kind` is one of:

    - ``seats``: fewer volunteers (`available`) than seats (`needed`);
    - ``min_sum``: the minimums of `stratum` add up to `needed`, more than the seats (`available`);
    - ``max_sum``: the values of `stratum` can fill at most `available` of the `needed` seats;
    - ``shortage``: `stratum` = `value` needs at least `needed`, only `available` volunteered;
    - ``combination``: each quota can be met alone but not all together;
    - ``stuck``: the stratified draw found no selection in `needed` attempts.
    """

    kind: str
    stratum: str = ""
    value: str = ""
    needed: int = 0
    available: int = 0

    def describe(self) -> str:
        """English text (for the command line and logs; the web pages translate)."""
        s, v, n, a = self.stratum, self.value, self.needed, self.available
        return {
            "seats": f"There are {n} seats but only {a} volunteers.",
            "min_sum": f"The minimums of {s} add up to {n}, more than the {a} seats.",
            "max_sum": f"The values of {s} can fill at most {a} of the {n} seats.",
            "shortage": f"{s} = {v}: needs at least {n} but only {a} volunteered.",
            "combination": "Each quota can be met alone, but not all of them together.",
            "stuck": (
                f"No selection meeting every quota was found in {n} attempts; "
                "loosen the quotas or find more volunteers."
            ),
        }[self.kind]


@dataclass(frozen=True)
class Relaxation:
    """A suggested change to one quota: from min..max to new_min..new_max."""

    stratum: str
    value: str
    min: int
    max: int
    new_min: int
    new_max: int


@dataclass(frozen=True)
class Selection:
    selected: tuple[str, ...]
    counts: Mapping[str, Mapping[str, int]]
    seed: int
    seats: int
    input_hash: str
    excluded: tuple[str, ...] = ()
    algorithm: str = ALGORITHM_VERSION
    # Each volunteer's probability of being selected (maximin: exact, from the distribution;
    # stratified: empty, as the greedy draw's probabilities are not computed).
    probabilities: Mapping[str, float] = field(default_factory=dict, hash=False, compare=False)
    min_probability: float | None = None
    # The distribution over panels the lottery drew from (maximin; JSON-ready), see fairness.
    distribution: Any = field(default=None, hash=False, compare=False)


class QuotaError(ValueError):
    """The quotas themselves are malformed (negative, min above max, duplicate value)."""


class Infeasible(Exception):
    """The quotas cannot be met with these volunteers and seats."""

    def __init__(
        self,
        problems: Iterable[Problem],
        shortages: Iterable[Shortage] = (),
        relaxations: Iterable[Relaxation] = (),
    ) -> None:
        self.problems = tuple(problems)
        self.shortages = tuple(shortages)
        self.relaxations = tuple(relaxations)
        super().__init__(" ".join(self.reasons))

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(p.describe() for p in self.problems)


def canonical_inputs(
    volunteers: Iterable[Volunteer], quotas: Iterable[Quota], seats: int
) -> tuple[list[Volunteer], list[Quota]]:
    ordered_volunteers = sorted(volunteers, key=lambda v: v.id)
    ordered_quotas = sorted(quotas, key=lambda q: (q.stratum, q.value))
    return ordered_volunteers, ordered_quotas


def input_hash(
    volunteers: Iterable[Volunteer],
    quotas: Iterable[Quota],
    seats: int,
    algorithm: str = ALGORITHM_VERSION,
) -> str:
    """SHA-256 of the canonical inputs (not the seed): the algorithm, the volunteers' answers for
    the quota strata, the quotas and the seats, as sorted JSON."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    strata = sorted({q.stratum for q in ordered_quotas})
    payload = {
        "algorithm": algorithm,
        "seats": seats,
        "quotas": [[q.stratum, q.value, q.min, q.max] for q in ordered_quotas],
        "volunteers": [[v.id, [v.features.get(s) for s in strata]] for v in ordered_volunteers],
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_quotas(quotas: list[Quota], seats: int) -> None:
    if seats < 1:
        raise QuotaError("The number of seats must be at least 1.")
    seen: set[tuple[str, str]] = set()
    for q in quotas:
        if q.min < 0 or q.max < 0:
            raise QuotaError(f"{q.stratum}={q.value}: min and max cannot be negative.")
        if q.min > q.max:
            raise QuotaError(f"{q.stratum}={q.value}: min {q.min} is more than max {q.max}.")
        if (q.stratum, q.value) in seen:
            raise QuotaError(f"{q.stratum}={q.value} has two quota rows.")
        seen.add((q.stratum, q.value))


def check_ids(volunteers: list[Volunteer]) -> None:
    ids = [v.id for v in volunteers]
    if len(set(ids)) != len(ids):
        raise QuotaError("Two volunteers have the same id.")


def check_feasibility(
    volunteers: Iterable[Volunteer], quotas: Iterable[Quota], seats: int
) -> tuple[list[Problem], list[Shortage]]:
    """Every simple reason the quotas cannot be met, and every stratum value short of
    volunteers. Empty lists mean the quotas may be met (whether all of them can be met together
    is decided by `fairness.feasible_panel`)."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    check_quotas(ordered_quotas, seats)
    return feasibility(ordered_volunteers, ordered_quotas, seats)


def _split_eligible(
    volunteers: list[Volunteer], quotas: list[Quota], exclude_unlisted: bool
) -> tuple[list[Volunteer], list[Volunteer]]:
    if not exclude_unlisted:
        return volunteers, []
    values_by_stratum: dict[str, set[str]] = {}
    for q in quotas:
        values_by_stratum.setdefault(q.stratum, set()).add(q.value)
    eligible, excluded = [], []
    for v in volunteers:
        if all(v.features.get(s) in values for s, values in values_by_stratum.items()):
            eligible.append(v)
        else:
            excluded.append(v)
    return eligible, excluded


def feasibility(
    volunteers: list[Volunteer], quotas: list[Quota], seats: int
) -> tuple[list[Problem], list[Shortage]]:
    problems: list[Problem] = []
    shortages: list[Shortage] = []
    by_stratum: dict[str, list[Quota]] = {}
    for q in quotas:
        by_stratum.setdefault(q.stratum, []).append(q)
    if len(volunteers) < seats:
        problems.append(Problem("seats", needed=seats, available=len(volunteers)))
    available: dict[tuple[str, str | None], int] = {}
    for v in volunteers:
        for stratum in by_stratum:
            key = (stratum, v.features.get(stratum))
            available[key] = available.get(key, 0) + 1
    for stratum, stratum_quotas in by_stratum.items():
        low = sum(q.min for q in stratum_quotas)
        if low > seats:
            problems.append(Problem("min_sum", stratum, needed=low, available=seats))
        listed = {q.value for q in stratum_quotas}
        capacity = sum(min(q.max, available.get((stratum, q.value), 0)) for q in stratum_quotas)
        capacity += sum(
            count for (s, value), count in available.items() if s == stratum and value not in listed
        )
        if capacity < seats <= len(volunteers):
            problems.append(Problem("max_sum", stratum, needed=seats, available=capacity))
    for q in quotas:
        have = available.get((q.stratum, q.value), 0)
        if have < q.min:
            shortages.append(Shortage(q.stratum, q.value, q.min, have))
            problems.append(Problem("shortage", q.stratum, q.value, q.min, have))
    return problems, shortages


def count_selected(selected: Iterable[Volunteer], quotas: list[Quota]) -> dict[str, dict[str, int]]:
    """Seats per stratum value: every listed value (0 if none), and unlisted values that won
    seats (a missing answer counts under "")."""
    counts: dict[str, dict[str, int]] = {}
    for q in quotas:
        counts.setdefault(q.stratum, {})[q.value] = 0
    for v in selected:
        for stratum, values in counts.items():
            value = v.features.get(stratum) or ""
            values[value] = values.get(value, 0) + 1
    return counts


def select(
    volunteers: Iterable[Volunteer],
    quotas: Iterable[Quota],
    seats: int,
    seed: int,
    algorithm: str = ALGORITHM_VERSION,
) -> Selection:
    """Fill exactly `seats` seats meeting every quota. Raises `Infeasible` (with the problems
    and the stratum values short of volunteers) or `QuotaError` for malformed quotas."""
    if algorithm not in (ALGORITHM_VERSION, LEGACY_ALGORITHM):
        raise QuotaError(f"Unknown algorithm {algorithm}.")
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    check_quotas(ordered_quotas, seats)
    check_ids(ordered_volunteers)
    eligible, excluded = _split_eligible(
        ordered_volunteers, ordered_quotas, exclude_unlisted=algorithm == LEGACY_ALGORITHM
    )
    problems, shortages = feasibility(eligible, ordered_quotas, seats)
    if problems:
        raise Infeasible(problems, shortages)

    # Categories are the listed (stratum, value) pairs, numbered in canonical order; each
    # volunteer is the tuple of their category numbers (none for an unlisted value).
    strata = sorted({q.stratum for q in ordered_quotas})
    category_of = {(q.stratum, q.value): i for i, q in enumerate(ordered_quotas)}
    stratum_of = [strata.index(q.stratum) for q in ordered_quotas]
    mins = [q.min for q in ordered_quotas]
    maxes = [q.max for q in ordered_quotas]
    people = [
        tuple(
            category_of[(s, v.features.get(s))]
            for s in strata
            if (s, v.features.get(s)) in category_of
        )
        for v in eligible
    ]
    members: list[list[int]] = [[] for _ in ordered_quotas]
    for person, cats in enumerate(people):
        for c in cats:
            members[c].append(person)

    # A reproducible draw needs a seeded generator; the seed itself is chosen with `secrets`.
    rng = random.Random(seed)  # noqa: S311
    chosen = None
    for _attempt in range(MAX_ATTEMPTS):
        chosen = _attempt_draw(rng, people, members, mins, maxes, stratum_of, len(strata), seats)
        if chosen is not None:
            break
    if chosen is None:
        raise Infeasible([Problem("stuck", needed=MAX_ATTEMPTS)])
    selected = tuple(sorted(eligible[p].id for p in chosen))
    return Selection(
        selected=selected,
        counts=count_selected((eligible[p] for p in chosen), ordered_quotas),
        seed=seed,
        seats=seats,
        input_hash=input_hash(ordered_volunteers, ordered_quotas, seats, algorithm),
        excluded=tuple(v.id for v in excluded),
        algorithm=algorithm,
    )


def _attempt_draw(
    rng: random.Random,
    people: list[tuple[int, ...]],
    members: list[list[int]],
    mins: list[int],
    maxes: list[int],
    stratum_of: list[int],
    n_strata: int,
    seats: int,
) -> list[int] | None:
    """One greedy pass. Returns the chosen people, or None when it gets stuck.

    `blocked` marks people already taken or with a value at its maximum; `open_count[c]` is the
    number of unblocked people with category c. Both are kept up to date incrementally, so a
    step costs the size of one category, not of the whole pool."""
    counts = [0] * len(mins)
    blocked = [False] * len(people)
    open_count = [len(m) for m in members]
    chosen: list[int] = []

    def block(person: int) -> None:
        if not blocked[person]:
            blocked[person] = True
            for c in people[person]:
                open_count[c] -= 1

    for c, most in enumerate(maxes):
        if most == 0:
            for p in members[c]:
                block(p)
    while len(chosen) < seats:
        left = seats - len(chosen)
        deficit = [max(0, mins[c] - counts[c]) for c in range(len(mins))]
        stratum_deficit = [0] * n_strata
        for c, d in enumerate(deficit):
            stratum_deficit[stratum_of[c]] += d
        if any(d > left for d in stratum_deficit):
            return None
        # Strata whose unmet minimums take every remaining seat: the next pick must help them.
        tight = {s for s, d in enumerate(stratum_deficit) if d == left and d > 0}

        def fits(person: int, tight: set[int] = tight, deficit: list[int] = deficit) -> bool:
            # A volunteer with an unlisted value in a tight stratum does not help it.
            helped = {stratum_of[c] for c in people[person] if deficit[c] > 0}
            return tight <= helped

        needy = [c for c, d in enumerate(deficit) if d > 0]
        if needy:
            if tight:
                sizes = {c: sum(1 for p in members[c] if not blocked[p] and fits(p)) for c in needy}
            else:
                sizes = {c: open_count[c] for c in needy}
            if any(sizes[c] < deficit[c] for c in needy):
                return None
            order = sorted(needy, key=lambda c: (sizes[c] / deficit[c], rng.random()))
            if tight:
                pool = [p for p in members[order[0]] if not blocked[p] and fits(p)]
            else:
                pool = [p for p in members[order[0]] if not blocked[p]]
            is_needy = [d > 0 for d in deficit]
            scores = [sum(map(is_needy.__getitem__, people[p])) for p in pool]
            best = max(scores)
            pick = rng.choice([p for p, score in zip(pool, scores, strict=True) if score == best])
        else:
            pool = [p for p in range(len(people)) if not blocked[p]]
            if not pool:
                return None
            pick = rng.choice(pool)
        chosen.append(pick)
        block(pick)
        for c in people[pick]:
            counts[c] += 1
            if counts[c] == maxes[c]:
                for p in members[c]:
                    block(p)
    return chosen
