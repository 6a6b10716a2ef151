"""Representative statements per group, consensus and group-informed consensus.

Formulas follow ../shared/reference/polis-algorithm.md sections 1.10 to 1.14.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z_90 = 1.2816


def prop_test(successes: np.ndarray, trials: np.ndarray) -> np.ndarray:
    """One-proportion z-like statistic with a pseudo-count: 2*sqrt(n+1)*((s+1)/(n+1) - 0.5)."""
    return 2 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def two_prop_test(s1: np.ndarray, s2: np.ndarray, n1: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-proportion z statistic with +1 on every count; 0 where the pooled share is 1."""
    s1, s2, n1, n2 = (np.asarray(x, dtype=np.float64) + 1 for x in (s1, s2, n1, n2))
    p1, p2 = s1 / n1, s2 / n2
    pooled = (s1 + s2) / (n1 + n2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.where(pooled >= 1, 0.0, z)


def significant(z: np.ndarray | float) -> np.ndarray | bool:
    return z > Z_90


@dataclass(frozen=True)
class Tally:
    """Counts per statement: agree, disagree, seen (agree + disagree + pass)."""

    agree: np.ndarray
    disagree: np.ndarray
    seen: np.ndarray


@dataclass(frozen=True)
class RepStatement:
    statement_index: int
    direction: str  # "agree" or "disagree"
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool = False

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


def representative(
    group: Tally, rest: Tally, moderated_out: np.ndarray, *, limit: int = 5
) -> list[RepStatement]:
    na, nd, ns = group.agree, group.disagree, group.seen
    ra_n, rd_n, rs_n = rest.agree, rest.disagree, rest.seen
    pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
    pat, pdt = prop_test(na, ns), prop_test(nd, ns)
    ra = pa / ((ra_n + 1) / (rs_n + 2))
    rd = pd / ((rd_n + 1) / (rs_n + 2))
    rat, rdt = two_prop_test(na, ra_n, ns, rs_n), two_prop_test(nd, rd_n, ns, rs_n)

    def finalise(j: int) -> RepStatement:
        agree = rat[j] > rdt[j]
        return RepStatement(
            statement_index=j,
            direction="agree" if agree else "disagree",
            n_success=int(na[j] if agree else nd[j]),
            n_trials=int(ns[j]),
            p_success=float(pa[j] if agree else pd[j]),
            p_test=float(pat[j] if agree else pdt[j]),
            repness=float(ra[j] if agree else rd[j]),
            repness_test=float(rat[j] if agree else rdt[j]),
        )

    sufficient: list[RepStatement] = []
    best: int | None = None
    best_agree: int | None = None
    for j in range(len(na)):
        if moderated_out[j]:
            continue
        if (significant(rat[j]) and significant(pat[j])) or (
            significant(rdt[j]) and significant(pdt[j])
        ):
            sufficient.append(finalise(j))
        elif not sufficient and (best is None or max(rat[j], rdt[j]) > max(rat[best], rdt[best])):
            best = j
        if na[j] == 0 and nd[j] == 0:
            continue
        if best_agree is not None and ra[best_agree] > 1:
            if (
                ra[j] * rat[j] * pa[j] * pat[j]
                > ra[best_agree] * rat[best_agree] * pa[best_agree] * pat[best_agree]
            ):
                best_agree = j
        elif best_agree is not None:
            if pa[j] * pat[j] > pa[best_agree] * pat[best_agree]:
                best_agree = j
        elif significant(pat[j]) or (ra[j] > 1 and pa[j] > 0.5):
            best_agree = j

    def as_best_agree(j: int) -> RepStatement:
        return RepStatement(
            statement_index=j,
            direction="agree",
            n_success=int(na[j]),
            n_trials=int(ns[j]),
            p_success=float(pa[j]),
            p_test=float(pat[j]),
            repness=float(ra[j]),
            repness_test=float(rat[j]),
            best_agree=True,
        )

    if not sufficient:
        if best_agree is not None:
            return [as_best_agree(best_agree)]
        return [finalise(best)] if best is not None else []
    chosen = sorted(
        (r for r in sufficient if r.statement_index != best_agree),
        key=lambda r: r.metric,
        reverse=True,
    )
    if best_agree is not None:
        chosen.insert(0, as_best_agree(best_agree))
    chosen = chosen[:limit]
    return [r for r in chosen if r.direction == "agree"] + [
        r for r in chosen if r.direction == "disagree"
    ]


@dataclass(frozen=True)
class Consensus:
    agree: list[tuple[int, float]]  # (statement index, share agreeing with pseudo-count)
    disagree: list[tuple[int, float]]


def consensus(everyone: Tally, moderated_out: np.ndarray, *, limit: int = 5) -> Consensus:
    pa = (everyone.agree + 1) / (everyone.seen + 2)
    pd = (everyone.disagree + 1) / (everyone.seen + 2)
    pat, pdt = prop_test(everyone.agree, everyone.seen), prop_test(everyone.disagree, everyone.seen)

    def pick(p: np.ndarray, t: np.ndarray) -> list[tuple[int, float]]:
        ok = np.flatnonzero((p > 0.5) & significant(t) & ~moderated_out)
        ranked = ok[np.argsort(-(p[ok] * t[ok]), kind="stable")][:limit]
        return [(int(j), float(p[j])) for j in ranked]

    return Consensus(agree=pick(pa, pat), disagree=pick(pd, pdt))


def group_informed_consensus(groups: list[Tally]) -> np.ndarray:
    """Product over groups of (agree + 1) / (seen + 2)."""
    result = np.ones_like(groups[0].agree, dtype=np.float64) if groups else np.empty(0)
    for tally in groups:
        result = result * (tally.agree + 1) / (tally.seen + 2)
    return result


def priorities(groups: list[Tally], extremity: np.ndarray, meta: np.ndarray) -> np.ndarray:
    """Routing weight for choosing the next statement; meta statements get 49."""
    if groups:
        a = sum(t.agree for t in groups)
        d = sum(t.disagree for t in groups)
        s = sum(t.seen for t in groups)
    else:
        a = d = s = np.zeros_like(extremity)
    passes = s - a - d
    importance = (1 - (passes + 1) / (s + 2)) * (extremity + 1) * (a + 1) / (s + 2)
    priority = (importance * (1 + 8 * 2.0 ** (-s / 5))) ** 2
    return np.where(meta, 49.0, priority)
