"""Synthetic conversations with planted opinion groups, and the adjusted Rand index."""

from __future__ import annotations

from math import comb

import numpy as np

from kuulu.deliberation.engine import Votes


def planted(
    n_participants: int,
    n_statements: int,
    *,
    groups: int = 3,
    density: float = 0.4,
    noise: float = 0.05,
    consensus: int = 3,
    seed: int = 1,
    design: str = "blocks",
) -> tuple[Votes, np.ndarray, np.ndarray]:
    """Each group agrees or disagrees with each statement; the first `consensus` statements are
    agreed by everyone. Returns votes, true group per participant, and the consensus ids."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, groups, n_participants)
    stance = rng.choice([-1, 1], size=(groups, n_statements))
    # Make groups clearly different: each group has its own block of statements it agrees with.
    block = n_statements // groups
    for g in range(groups):
        stance[:, g * block : (g + 1) * block] = -1
        stance[g, g * block : (g + 1) * block] = 1
    if design == "axes":  # four groups as the corners of two independent yes/no axes
        half = n_statements // 2
        axis_one = np.array([1, 1, -1, -1])[:groups]
        axis_two = np.array([1, -1, 1, -1])[:groups]
        stance[:, :half] = axis_one[:, None]
        stance[:, half:] = axis_two[:, None]
    stance[:, :consensus] = 1
    mask = rng.random((n_participants, n_statements)) < density
    mask[:, :consensus] |= rng.random((n_participants, consensus)) < 0.9
    p, s = np.nonzero(mask)
    v = stance[truth[p], s]
    v = np.where(rng.random(len(v)) < noise, -v, v)
    order = rng.permutation(len(v))
    votes = Votes(p[order].astype(np.int64), s[order].astype(np.int64), v[order].astype(np.int8))
    return votes, truth, np.arange(consensus)


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1), np.int64)
    np.add.at(table, (ai, bi), 1)
    pairs = sum(comb(int(x), 2) for x in table.ravel())
    rows = sum(comb(int(x), 2) for x in table.sum(axis=1))
    cols = sum(comb(int(x), 2) for x in table.sum(axis=0))
    total = comb(len(a), 2)
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    return 1.0 if maximum == expected else (pairs - expected) / (maximum - expected)
