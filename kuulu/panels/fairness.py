"""Maximally fair panel selection (maximin), exact feasibility and quota relaxations.
No Django imports; numpy and scipy (HiGHS) are imported here only, so importing
`kuulu.panels.sortition` stays light.

The method follows Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair algorithms for selecting
citizens' assemblies", Nature 596 (2021): instead of filling seats one at a time, choose a
*probability distribution over whole panels* that meet the quotas, so that the smallest
selection probability of any volunteer is as large as possible (maximin), then draw one panel
from that distribution with the recorded seed.

**Types.** Volunteers with the same answers for every quota stratum are interchangeable for the
quotas. A panel is described by its *composition*: how many volunteers of each type it has.
Any distribution over individual panels can be averaged over the permutations inside each type
without breaking a quota or lowering the smallest probability, so the optimum is reached by a
distribution over compositions, with the members of each type then drawn uniformly. Everybody
of a type has the same probability, ``E[seats of the type] / volunteers of the type``. This
keeps the optimisation problems small (hundreds of integer variables rather than thousands of
binary ones) and is why a 40-seat panel from 5,000 volunteers takes seconds.

**Column generation** (algorithm version ``ALGORITHM_VERSION``):

1. *Coverage.* Integer programs (HiGHS via `scipy.optimize.milp`) find panels that include
   types not yet in any panel found, until every type is in one; a type that no panel meeting
   the quotas can include is "unseatable" (probability 0, reported, left out of the minimum).
2. *Master LP* (HiGHS via `scipy.optimize.linprog`) over the panels found: maximise ``z``
   subject to ``sum_P lambda_P * c_Pt / n_t >= z`` for every type t, ``sum lambda = 1``. Its
   dual prices ``y_t`` say which types are short.
3. *Pricing ILP*: the panel meeting the quotas that maximises ``sum_t y_t * c_t / n_t``. By LP
   duality that maximum is an upper bound on the best achievable minimum; if it is above the
   master's ``z`` the panel is added and the master solved again, otherwise ``z`` is optimal.
   The loop stops when the bounds are within ``TOLERANCE`` (or after `max_iterations`, with
   the gap reported).
4. *Lottery.* ``random.Random(seed)``: one uniform number picks a panel by the cumulative
   weights in the recorded order, then for each type in canonical order the given number of its
   volunteers (sorted by id) are sampled. The distribution is recorded with the draw, so the
   lottery re-runs from the record and the seed alone; HiGHS runs single-threaded on the
   canonical inputs, so the distribution itself is also recomputed identically.

Leximin (then maximising the second-smallest probability, and so on) is not implemented: the
maximin optimum already equalises the least-chosen types, which is what the quotas make unequal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import highspy
import numpy as np

from kuulu.panels.sortition import (
    Infeasible,
    Problem,
    Quota,
    Relaxation,
    Selection,
    Volunteer,
    canonical_inputs,
    check_ids,
    check_quotas,
    count_selected,
    feasibility,
    input_hash,
)

ALGORITHM_VERSION = "kuulu-maximin-1"
TOLERANCE = 1e-6  # relative gap between the bounds on the smallest probability
MAX_ITERATIONS = 2000
SMOOTHING = 0.8
NEIGHBOURS = 3


@dataclass(frozen=True)
class Progress:
    """Reported while the distribution is computed: the phase ("cover" or "improve"), the
    panels found so far and the bounds on the smallest probability."""

    phase: str
    panels: int
    lower: float
    upper: float
    iteration: int


@dataclass
class _Model:
    strata: list[str]
    types: list[tuple[str, ...]]
    members: list[list[str]]  # volunteer ids of each type, sorted
    sizes: np.ndarray  # volunteers per type
    quota_types: list[np.ndarray]  # for each quota, the types with its value
    mins: np.ndarray
    maxes: np.ndarray
    seats: int

    def rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The seats row and the quota rows in HiGHS's row-wise form: lower, upper, starts,
        indices, values (the columns are the types)."""
        n = len(self.types)
        groups = [np.arange(n), *self.quota_types]
        starts = np.cumsum([0] + [len(g) for g in groups[:-1]]).astype(np.int32)
        indices = np.concatenate(groups).astype(np.int32)
        lower = np.concatenate([[self.seats], self.mins]).astype(float)
        upper = np.concatenate([[self.seats], self.maxes]).astype(float)
        return lower, upper, starts, indices, np.ones(len(indices))

    def upper_counts(self) -> np.ndarray:
        return np.minimum(self.sizes, self.seats)


def _model(volunteers: list[Volunteer], quotas: list[Quota], seats: int) -> _Model:
    strata = sorted({q.stratum for q in quotas})
    by_type: dict[tuple[str, ...], list[str]] = {}
    for v in volunteers:
        key = tuple(v.features.get(s) or "" for s in strata)
        by_type.setdefault(key, []).append(v.id)
    types = sorted(by_type)
    members = [sorted(by_type[t]) for t in types]
    position = {s: i for i, s in enumerate(strata)}
    quota_types = [
        np.array([ti for ti, t in enumerate(types) if t[position[q.stratum]] == q.value], int)
        for q in quotas
    ]
    return _Model(
        strata=strata,
        types=types,
        members=members,
        sizes=np.array([len(m) for m in members], dtype=float),
        quota_types=quota_types,
        mins=np.array([q.min for q in quotas], dtype=float),
        maxes=np.array([q.max for q in quotas], dtype=float),
        seats=seats,
    )


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    return h


def _int32(values: Iterable[int]) -> np.ndarray:
    return np.asarray(list(values) if not isinstance(values, np.ndarray) else values, np.int32)


class _Pricer:
    """The integer program over panel compositions, built once; each call changes only the
    objective. Returns the best composition for the weights, the objective and HiGHS's bound."""

    def __init__(self, model: _Model) -> None:
        n = len(model.types)
        self.n = n
        self.upper = model.upper_counts()
        self.h = h = _highs()
        # The model is small and already tight: presolving it at every call costs more
        # (about a quarter of the run) than it saves.
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_rel_gap", 1e-7)
        h.setOptionValue("mip_abs_gap", 0.0)
        h.addCols(
            n,
            np.zeros(n),
            np.zeros(n),
            model.upper_counts(),
            0,
            _int32([0] * n),
            _int32([]),
            np.zeros(0),
        )
        h.changeColsIntegrality(n, _int32(range(n)), np.array([highspy.HighsVarType.kInteger] * n))
        lower, upper, starts, indices, values = model.rows()
        h.addRows(len(lower), lower, upper, len(indices), starts, indices, values)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def best(
        self, weights: np.ndarray, gap: float = 1e-7, upper: np.ndarray | None = None
    ) -> tuple[float, float, np.ndarray] | None:
        """`gap`: the relative optimality gap HiGHS may stop at (the bound stays valid);
        `upper`: other upper bounds on the counts for this call."""
        self.h.setOptionValue("mip_rel_gap", gap)
        self.h.changeColsBounds(
            self.n,
            _int32(range(self.n)),
            np.zeros(self.n),
            self.upper if upper is None else upper,
        )
        self.h.changeColsCost(self.n, _int32(range(self.n)), np.asarray(weights, float))
        self.h.run()
        status = self.h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        counts = np.rint(np.array(self.h.getSolution().col_value)).astype(int)
        info = self.h.getInfo()
        value = float(np.asarray(weights, float) @ counts)
        bound = max(value, float(info.mip_dual_bound))
        return value, bound, counts


def _best_panel(model: _Model, weights: np.ndarray) -> tuple[float, np.ndarray] | None:
    found = _Pricer(model).best(weights)
    return None if found is None else (found[0], found[2])


class _Master:
    """The master LP, kept between iterations so each new panel is a column added to a
    warm-started simplex: maximise z with sum_P lambda_P c_Pt / n_t - z >= 0 for every
    active type and sum_P lambda_P = 1."""

    def __init__(self, model: _Model, active: np.ndarray) -> None:
        self.model = model
        self.active = active
        self.row_of = {int(t): i for i, t in enumerate(active)}
        m = len(active)
        self.h = h = _highs()
        h.addCols(
            1, np.array([1.0]), np.zeros(1), np.ones(1), 0, _int32([0]), _int32([]), np.zeros(0)
        )
        lower = np.concatenate([np.zeros(m), [1.0]])
        upper = np.concatenate([np.full(m, highspy.kHighsInf), [1.0]])
        starts = _int32([*range(m), m])
        h.addRows(m + 1, lower, upper, m, starts, _int32([0] * m), np.full(m, -1.0))
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.columns = 0

    def add(self, counts: np.ndarray) -> None:
        rows, values = [], []
        for t in np.flatnonzero(counts):
            if int(t) in self.row_of:
                rows.append(self.row_of[int(t)])
                values.append(counts[t] / self.model.sizes[t])
        rows.append(len(self.active))
        values.append(1.0)
        self.h.addCol(0.0, 0.0, highspy.kHighsInf, len(rows), _int32(rows), np.array(values))
        self.columns += 1

    def solve(self) -> tuple[np.ndarray, float, np.ndarray]:
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # pragma: no cover
            raise RuntimeError("The master LP failed.")
        solution = self.h.getSolution()
        x = np.array(solution.col_value)
        duals = np.maximum(-np.array(solution.row_dual)[: len(self.active)], 0.0)
        total = duals.sum()
        duals = duals / total if total > 0 else np.full(len(self.active), 1 / len(self.active))
        return x[1:], float(x[0]), duals


def _simple_checks(
    volunteers: list[Volunteer], quotas: list[Quota], seats: int
) -> tuple[list[Problem], list]:
    return feasibility(volunteers, quotas, seats)


def infeasibility(
    volunteers: Iterable[Volunteer], quotas: Iterable[Quota], seats: int
) -> Infeasible | None:
    """None when a panel meeting every quota exists; otherwise the problems (named stratum
    values and their shortfalls) with the smallest quota changes that would make it possible."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    check_quotas(ordered_quotas, seats)
    model = _model(ordered_volunteers, ordered_quotas, seats)
    if _best_panel(model, np.zeros(len(model.types))) is not None:
        return None
    problems, shortages = _simple_checks(ordered_volunteers, ordered_quotas, seats)
    if not problems:
        problems = [Problem("combination")]
    return Infeasible(problems, shortages, _relaxations(model, ordered_quotas))


def suggest_relaxations(
    volunteers: Iterable[Volunteer], quotas: Iterable[Quota], seats: int
) -> list[Relaxation]:
    """The smallest total change to the quotas' minimums and maximums (in seats) that makes a
    panel possible: lower minimums and raise maximums only. Empty when the quotas can already be
    met, or when no change to the quotas helps (fewer volunteers than seats)."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    check_quotas(ordered_quotas, seats)
    return _relaxations(_model(ordered_volunteers, ordered_quotas, seats), ordered_quotas)


def _relaxations(model: _Model, quotas: list[Quota]) -> list[Relaxation]:
    n_types, n_quotas = len(model.types), len(quotas)
    if n_quotas == 0 or model.sizes.sum() < model.seats:
        return []
    # Variables: type counts, then how much each minimum is lowered, then each maximum raised;
    # minimise the total change. Rows: seats; count + lowered >= min; count - raised <= max.
    h = _highs()
    size = n_types + 2 * n_quotas
    cost = np.concatenate([np.zeros(n_types), np.ones(2 * n_quotas)])
    upper = np.concatenate([model.upper_counts(), model.mins, np.full(n_quotas, model.seats)])
    h.addCols(size, cost, np.zeros(size), upper, 0, _int32([0] * size), _int32([]), np.zeros(0))
    h.changeColsIntegrality(
        size, _int32(range(size)), np.array([highspy.HighsVarType.kInteger] * size)
    )
    inf = highspy.kHighsInf
    h.addRow(model.seats, model.seats, n_types, _int32(range(n_types)), np.ones(n_types))
    for qi, group in enumerate(model.quota_types):
        h.addRow(
            model.mins[qi],
            inf,
            len(group) + 1,
            _int32([*group, n_types + qi]),
            np.ones(len(group) + 1),
        )
        h.addRow(
            -inf,
            model.maxes[qi],
            len(group) + 1,
            _int32([*group, n_types + n_quotas + qi]),
            np.concatenate([np.ones(len(group)), [-1.0]]),
        )
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return []
    x = np.rint(np.array(h.getSolution().col_value)).astype(int)
    lowered, raised = x[n_types : n_types + n_quotas], x[n_types + n_quotas :]
    return [
        Relaxation(q.stratum, q.value, q.min, q.max, q.min - int(lo), q.max + int(hi))
        for q, lo, hi in zip(quotas, lowered, raised, strict=True)
        if lo or hi
    ]


@dataclass(frozen=True)
class Distribution:
    """A distribution over panel compositions and what it gives each volunteer."""

    strata: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    members: tuple[tuple[str, ...], ...]
    panels: tuple[tuple[float, tuple[tuple[int, int], ...]], ...]  # (weight, ((type, count)))
    type_probabilities: tuple[float, ...]
    min_probability: float
    upper_bound: float
    iterations: int
    unseatable: tuple[str, ...]

    def probabilities(self) -> dict[str, float]:
        return {
            volunteer: p
            for ids, p in zip(self.members, self.type_probabilities, strict=True)
            for volunteer in ids
        }

    def as_json(self) -> dict:
        """What the draw record keeps: enough to re-run the lottery without any solver."""
        return {
            "strata": list(self.strata),
            "types": [list(t) for t in self.types],
            "panels": [[w, [list(tc) for tc in counts]] for w, counts in self.panels],
            "min_probability": self.min_probability,
            "upper_bound": self.upper_bound,
            "iterations": self.iterations,
        }


def maximin(
    volunteers: Iterable[Volunteer],
    quotas: Iterable[Quota],
    seats: int,
    *,
    progress: Callable[[Progress], None] | None = None,
    max_iterations: int = MAX_ITERATIONS,
) -> Distribution:
    """The maximin distribution over panels meeting the quotas. Raises `Infeasible` (with
    named shortfalls and suggested relaxations) when no panel meets them."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    check_quotas(ordered_quotas, seats)
    check_ids(ordered_volunteers)
    problems, shortages = _simple_checks(ordered_volunteers, ordered_quotas, seats)
    model = _model(ordered_volunteers, ordered_quotas, seats)
    if problems:
        raise Infeasible(problems, shortages, _relaxations(model, ordered_quotas))
    report = progress or (lambda _p: None)
    n_types = len(model.types)
    pricer = _Pricer(model)
    panels: list[np.ndarray] = []
    seen: set[bytes] = set()

    def add(counts: np.ndarray) -> bool:
        key = counts.tobytes()
        if key in seen:
            return False
        seen.add(key)
        panels.append(counts)
        return True

    # 1. Coverage: panels until every type that can be seated is in one. First with at most one
    # volunteer of each type, so each panel brings in as many new types as it can; when no such
    # panel helps any more, without that cap.
    if pricer.best(np.zeros(n_types)) is None:
        raise Infeasible([Problem("combination")], (), _relaxations(model, ordered_quotas))
    covered = np.zeros(n_types, dtype=bool)
    capped = True
    while not covered.all():
        found = None
        if capped:
            found = pricer.best(np.where(covered, 0.0, 1.0), upper=np.minimum(pricer.upper, 1))
            if found is None or found[0] <= 0:
                capped, found = False, None
        if found is None:
            found = pricer.best(np.where(covered, 0.0, 1.0 / model.sizes))
        if found is None or found[0] <= 0:
            break  # no panel meeting the quotas can include the remaining types
        add(found[2])
        covered |= found[2] > 0
        report(Progress("cover", len(panels), 0.0, 1.0, 0))
    active = np.flatnonzero(covered)
    unseatable = tuple(
        volunteer for t in np.flatnonzero(~covered) for volunteer in model.members[t]
    )

    # 2.-3. Column generation on a warm-started master, with the dual prices smoothed towards
    # the prices that gave the best bound so far (Wentges smoothing: fewer iterations).
    master = _Master(model, active)
    quota_matrix = np.zeros((len(model.quota_types), n_types))
    for qi, group in enumerate(model.quota_types):
        quota_matrix[qi, group] = 1.0
    for counts in panels:
        master.add(counts)
    lower, upper, iteration = 0.0, 1.0, 0
    center: np.ndarray | None = None

    def price(duals: np.ndarray) -> tuple[float, float, np.ndarray]:
        prices = np.zeros(n_types)
        prices[active] = duals / model.sizes[active]
        # Far from the optimum any improving panel will do; the bound stays valid.
        gap = min(0.05, max(1e-7, (upper - lower) / upper / 4))
        found = pricer.best(prices, gap=gap)
        if found is None:  # pragma: no cover - a panel was found above
            raise RuntimeError("The pricing problem failed.")
        return found

    def gain(duals: np.ndarray, counts: np.ndarray) -> float:
        return float(duals @ (counts[active] / model.sizes[active]))

    while True:
        iteration += 1
        weights, lower, duals = master.solve()
        tries = [duals] if center is None else [SMOOTHING * center + (1 - SMOOTHING) * duals, duals]
        improved = False
        for prices in tries:
            _value, bound, counts = price(prices)
            if bound < upper:
                upper, center = bound, prices
            if gain(duals, counts) > lower * (1 + 1e-9) and add(counts):
                master.add(counts)
                improved = True
                for neighbour in _neighbours(model, quota_matrix, counts, duals, active, lower):
                    if add(neighbour):
                        master.add(neighbour)
                break
        report(Progress("improve", len(panels), lower, upper, iteration))
        if not improved or upper - lower <= TOLERANCE * upper or iteration >= max_iterations:
            break

    # The distribution: the master's weights, without the panels it does not use.
    chosen = [(float(w), p) for w, p in zip(weights, panels, strict=True) if w > 1e-9]
    total = sum(w for w, _p in chosen)
    distribution = [(w / total, p) for w, p in chosen]
    expected = sum(w * p for w, p in distribution)
    type_probabilities = expected / model.sizes
    seatable = type_probabilities[active]
    return Distribution(
        strata=tuple(model.strata),
        types=tuple(model.types),
        members=tuple(tuple(m) for m in model.members),
        panels=tuple(
            (w, tuple((int(t), int(p[t])) for t in np.flatnonzero(p))) for w, p in distribution
        ),
        type_probabilities=tuple(float(x) for x in type_probabilities),
        min_probability=float(seatable.min()) if len(seatable) else 0.0,
        upper_bound=float(max(upper, lower)),
        iterations=iteration,
        unseatable=unseatable,
    )


def _neighbours(
    model: _Model,
    quota_matrix: np.ndarray,
    counts: np.ndarray,
    duals: np.ndarray,
    active: np.ndarray,
    lower: float,
) -> list[np.ndarray]:
    """More columns at almost no cost: panels one swap away from `counts` (one volunteer of a
    type out, one of another type in) that still meet every quota and would raise the master's
    minimum. At most `NEIGHBOURS`, the best first, each bringing in a different type."""
    if NEIGHBOURS == 0:
        return []
    n_types = len(model.types)
    weights = np.zeros(n_types)
    weights[active] = duals / model.sizes[active]
    base = float(weights @ counts)
    have = quota_matrix @ counts
    room = counts < model.upper_counts()
    candidates: list[tuple[float, int, int]] = []
    for out in np.flatnonzero(counts):
        change = quota_matrix - quota_matrix[:, [out]]
        after = have[:, None] + change
        fits = np.all((after >= model.mins[:, None]) & (after <= model.maxes[:, None]), axis=0)
        fits &= room
        fits[out] = False
        values = base - weights[out] + weights
        for into in np.flatnonzero(fits & (values > lower * (1 + 1e-9))):
            candidates.append((float(values[into]), int(out), int(into)))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    result, used = [], set()
    for _value, out, into in candidates:
        if into in used:
            continue
        used.add(into)
        neighbour = counts.copy()
        neighbour[out] -= 1
        neighbour[into] += 1
        result.append(neighbour)
        if len(result) >= NEIGHBOURS:
            break
    return result


def lottery(distribution: dict, members: list[list[str]], seed: int) -> list[str]:
    """Draw one panel from a recorded distribution (`Distribution.as_json()`) with the seed:
    a panel by its weight, then each type's seats among its volunteers (ids sorted)."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible draw needs a seeded generator
    point = rng.random()
    panels = distribution["panels"]
    cumulative = 0.0
    chosen = panels[-1][1]
    for weight, counts in panels:
        cumulative += weight
        if point < cumulative:
            chosen = counts
            break
    selected: list[str] = []
    for type_index, count in sorted((int(t), int(c)) for t, c in chosen):
        selected += rng.sample(members[type_index], count)
    return sorted(selected)


def probabilities_of(distribution: dict, members: list[list[str]]) -> dict[str, float]:
    """Each volunteer's selection probability under a recorded distribution."""
    expected = [0.0] * len(members)
    for weight, counts in distribution["panels"]:
        for t, c in counts:
            expected[int(t)] += weight * int(c)
    return {volunteer: expected[t] / len(ids) for t, ids in enumerate(members) for volunteer in ids}


def members_of_types(distribution: dict, volunteers: Iterable[Volunteer]) -> list[list[str]]:
    """The volunteer ids (sorted) of each recorded type, from the volunteers as they are now."""
    strata = distribution["strata"]
    index = {tuple(t): i for i, t in enumerate(distribution["types"])}
    members: list[list[str]] = [[] for _ in distribution["types"]]
    for v in sorted(volunteers, key=lambda v: v.id):
        key = tuple(v.features.get(s) or "" for s in strata)
        if key in index:
            members[index[key]].append(v.id)
    return members


def select_maximin(
    volunteers: Iterable[Volunteer],
    quotas: Iterable[Quota],
    seats: int,
    seed: int,
    *,
    progress: Callable[[Progress], None] | None = None,
    distribution: Distribution | None = None,
) -> Selection:
    """Compute the maximin distribution (or take one already computed) and draw from it."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    if distribution is None:
        distribution = maximin(ordered_volunteers, ordered_quotas, seats, progress=progress)
    recorded = distribution.as_json()
    chosen = set(lottery(recorded, [list(m) for m in distribution.members], seed))
    picked = [v for v in ordered_volunteers if v.id in chosen]
    return Selection(
        selected=tuple(v.id for v in picked),
        counts=count_selected(picked, ordered_quotas),
        seed=seed,
        seats=seats,
        input_hash=input_hash(ordered_volunteers, ordered_quotas, seats, ALGORITHM_VERSION),
        algorithm=ALGORITHM_VERSION,
        probabilities=distribution.probabilities(),
        min_probability=distribution.min_probability,
        distribution=recorded,
    )


def check_distribution(
    distribution: dict, volunteers: Iterable[Volunteer], quotas: Iterable[Quota], seats: int
) -> list[str]:
    """Problems with a recorded distribution (empty when sound): weights sum to 1, every panel
    has `seats` seats, no more of a type than it has volunteers, and meets every quota."""
    ordered_volunteers, ordered_quotas = canonical_inputs(volunteers, quotas, seats)
    members = members_of_types(distribution, ordered_volunteers)
    strata = distribution["strata"]
    types = distribution["types"]
    problems = []
    if abs(sum(w for w, _c in distribution["panels"]) - 1.0) > 1e-6:
        problems.append("The weights of the panels do not add up to 1.")
    for number, (_weight, counts) in enumerate(distribution["panels"], start=1):
        if sum(c for _t, c in counts) != seats:
            problems.append(f"Panel {number} does not have {seats} seats.")
        if any(c > len(members[t]) for t, c in counts):
            problems.append(f"Panel {number} has more of a type than volunteered.")
        for q in ordered_quotas:
            position = strata.index(q.stratum)
            have = sum(c for t, c in counts if types[t][position] == q.value)
            if not q.min <= have <= q.max:
                problems.append(f"Panel {number} breaks the quota of {q.stratum} = {q.value}.")
    return problems
