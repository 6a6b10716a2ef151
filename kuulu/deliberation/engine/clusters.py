"""k-means as Polis runs it: first distinct rows as initial centres, empty clusters dropped,
converged when no centre moves 0.01; weighted k-means for groups; silhouette to choose k."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

CONVERGED = 0.01


@dataclass(frozen=True)
class Clustering:
    centres: np.ndarray  # (k, 2)
    labels: np.ndarray  # cluster index per point
    sizes: np.ndarray  # points (or weight) per cluster


def first_distinct(points: np.ndarray, k: int) -> np.ndarray:
    """The first k distinct rows, in row order."""
    _, first = np.unique(points, axis=0, return_index=True)
    return points[np.sort(first)[:k]]


def nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest centre (Euclidean) for each point; ties go to the lower index."""
    if len(centres) <= 8:
        distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        return distances.argmin(axis=1)
    _, labels = cKDTree(centres).query(points, k=1)
    return np.asarray(labels, dtype=np.int64)


def kmeans(
    points: np.ndarray,
    k: int,
    *,
    weights: np.ndarray | None = None,
    max_iter: int = 100,
    initial: np.ndarray | None = None,
) -> Clustering:
    """Lloyd's algorithm. Clusters that lose all their points are dropped (so k may shrink)."""
    if len(points) == 0:
        return Clustering(np.empty((0, 2)), np.empty(0, np.int64), np.empty(0))
    weights = np.ones(len(points)) if weights is None else weights
    centres = first_distinct(points, k) if initial is None else initial
    labels = nearest(points, centres)
    for _ in range(max_iter):
        used = np.unique(labels)
        remap = np.full(len(centres), -1)
        remap[used] = np.arange(len(used))
        labels = remap[labels]
        mass = np.bincount(labels, weights=weights, minlength=len(used))
        new = (
            np.column_stack(
                [
                    np.bincount(labels, weights=weights * points[:, d], minlength=len(used))
                    for d in range(points.shape[1])
                ]
            )
            / mass[:, None]
        )
        moved = len(used) != len(centres) or np.any(
            np.linalg.norm(new - centres[used], axis=1) >= CONVERGED
        )
        centres = new
        labels = nearest(points, centres)
        if not moved:
            break
    used = np.unique(labels)
    remap = np.full(len(centres), -1)
    remap[used] = np.arange(len(used))
    labels = remap[labels]
    centres = centres[used]
    return Clustering(centres, labels, np.bincount(labels, weights=weights, minlength=len(used)))


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over points (unweighted); a point alone in its cluster scores 0."""
    n = len(points)
    if n < 2 or len(np.unique(labels)) < 2:
        return 0.0
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    clusters = np.unique(labels)
    scores = np.zeros(n)
    for i in range(n):
        own = labels == labels[i]
        if own.sum() <= 1:
            continue
        a = distances[i, own].sum() / (own.sum() - 1)
        b = min(distances[i, labels == c].mean() for c in clusters if c != labels[i])
        denominator = max(a, b)
        scores[i] = 0.0 if denominator == 0 else (b - a) / denominator
    return float(scores.mean())


def weighted_silhouette(points: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> float:
    """Mean silhouette over participants, with each base cluster standing for its members at its
    centre: a point of weight w counts w times, and its w - 1 companions sit at distance 0.
    O(n_base^2), like the unweighted score, but a base cluster of one fringe participant no
    longer weighs as much as one of forty (which made extra small groups win)."""
    n = len(points)
    if n < 2 or len(np.unique(labels)) < 2:
        return 0.0
    w = np.asarray(weights, dtype=np.float64)
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    clusters = np.unique(labels)
    member = labels[None, :] == clusters[:, None]  # (n_clusters, n)
    mass = (member * w).sum(axis=1)
    sums = distances @ (member * w).T  # (n, n_clusters): weighted distance to each group
    own = np.searchsorted(clusters, labels)
    own_mass = mass[own] - 1.0  # the point's companions, itself excluded
    a = np.divide(sums[np.arange(n), own], own_mass, out=np.zeros(n), where=own_mass > 0)
    means = sums / mass[None, :]
    means[np.arange(n), own] = np.inf
    b = means.min(axis=1)
    denominator = np.maximum(a, b)
    scores = np.divide(b - a, denominator, out=np.zeros(n), where=denominator > 0)
    scores[own_mass <= 0] = 0.0
    return float((scores * w).sum() / w.sum())


def max_group_k(n_base: int, *, max_k: int = 5) -> int:
    return min(max_k, 2 + n_base // 12)


def inertia(points: np.ndarray, weights: np.ndarray, clustering: Clustering) -> float:
    return float(
        (weights * ((points - clustering.centres[clustering.labels]) ** 2).sum(axis=1)).sum()
    )


def plus_plus_init(
    points: np.ndarray, k: int, weights: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """k-means++ seeding (weighted), from a seeded generator."""
    chosen = [int(rng.choice(len(points), p=weights / weights.sum()))]
    for _ in range(1, k):
        d2 = ((points[:, None, :] - points[chosen][None, :, :]) ** 2).sum(axis=2).min(
            axis=1
        ) * weights
        if d2.sum() == 0:
            break
        chosen.append(int(rng.choice(len(points), p=d2 / d2.sum())))
    return points[chosen]


def group_kmeans(
    points: np.ndarray,
    k: int,
    weights: np.ndarray,
    *,
    seed: int = 0,
    restarts: int = 8,
    max_iter: int = 20,
) -> Clustering:
    """Weighted k-means for opinion groups. Polis starts only from the first k distinct points
    and relies on warm starts between runs; a single run from that start can stall with two
    centres in one opinion group. We also try seeded k-means++ starts and keep the clustering
    with the least weighted within-group distance, so one run gives the stable answer."""
    best = kmeans(points, k, weights=weights, max_iter=max_iter)
    best_inertia = inertia(points, weights, best)
    rng = np.random.default_rng(seed)
    for _ in range(restarts):
        start = plus_plus_init(points, k, weights, rng)
        candidate = kmeans(points, k, weights=weights, max_iter=max_iter, initial=start)
        score = inertia(points, weights, candidate)
        if len(candidate.centres) == k and score < best_inertia - 1e-12:
            best, best_inertia = candidate, score
    return best
