"""The whole pipeline: matrix, PCA, base clusters, groups, repness, consensus, priorities."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from kuulu.deliberation.engine import clusters as km
from kuulu.deliberation.engine.pca import Pca, project
from kuulu.deliberation.engine.repness import (
    Consensus,
    RepStatement,
    Tally,
    consensus,
    group_informed_consensus,
    priorities,
    representative,
)
from kuulu.deliberation.engine.votes import VoteMatrix, Votes, build_matrix

BASE_K = 100
MIN_VOTES = 7
GREEDY_N = 15
K_BUFFER = 4


@dataclass(frozen=True)
class EngineState:
    """What carries over between runs: in-conversation participants are sticky, and the shown
    number of groups changes only after a new best k has won K_BUFFER runs in a row."""

    in_conv: frozenset[int] = frozenset()
    shown_k: int | None = None
    candidate_k: int | None = None
    candidate_runs: int = 0


@dataclass(frozen=True)
class Analysis:
    matrix: VoteMatrix
    pca: Pca
    in_conv: np.ndarray  # bool per row
    base_labels: np.ndarray  # base cluster per in-conv row (-1 for others)
    base_centres: np.ndarray
    group_of_base: np.ndarray
    group_labels: np.ndarray  # group per row, -1 when not in a group
    k: int
    silhouettes: dict[int, float]
    group_tallies: list[Tally]
    representative: list[list[RepStatement]]
    consensus: Consensus
    gac: np.ndarray
    priority: np.ndarray
    state: EngineState
    seconds: dict[str, float] = field(default_factory=dict)

    def groups_by_participant(self) -> dict[int, int]:
        return {
            int(pid): int(g)
            for pid, g in zip(self.matrix.participant_ids, self.group_labels, strict=True)
            if g >= 0
        }


def choose_in_conv(matrix: VoteMatrix, previous: frozenset[int]) -> np.ndarray:
    counts = np.asarray(matrix.observed.sum(axis=1)).ravel()
    threshold = min(MIN_VOTES, matrix.shape[1])
    chosen = (counts >= threshold) | np.isin(
        matrix.participant_ids, np.fromiter(previous, np.int64, len(previous))
    )
    if chosen.sum() < GREEDY_N:
        rest = np.flatnonzero(~chosen & (counts > 0))
        top = rest[np.argsort(-counts[rest], kind="stable")][: GREEDY_N - int(chosen.sum())]
        chosen[top] = True
    return chosen


def tally(
    rows: np.ndarray, matrix: VoteMatrix, agree: sparse.csr_matrix, disagree: sparse.csr_matrix
) -> Tally:
    """Counts over the given rows (a boolean mask)."""
    weights = rows.astype(np.float64)
    return Tally(
        agree=agree.T @ weights,
        disagree=disagree.T @ weights,
        seen=matrix.observed.T @ weights,
    )


def smooth_k(best_k: int, state: EngineState) -> tuple[int, EngineState]:
    if state.shown_k is None or state.shown_k == best_k:
        return best_k, EngineState(shown_k=best_k)
    runs = state.candidate_runs + 1 if state.candidate_k == best_k else 1
    if runs >= K_BUFFER:
        return best_k, EngineState(shown_k=best_k)
    return state.shown_k, EngineState(
        shown_k=state.shown_k, candidate_k=best_k, candidate_runs=runs
    )


def analyse(votes: Votes, *, seed: int = 0, state: EngineState | None = None) -> Analysis:
    state = state or EngineState()
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 6)
        clock = now

    matrix = build_matrix(votes)
    lap("matrix")
    pca = project(matrix, seed=seed)
    lap("pca")

    in_conv = choose_in_conv(matrix, state.in_conv)
    points = pca.participant_xy[in_conv]
    base = km.kmeans(points, BASE_K)
    base_labels = np.full(matrix.shape[0], -1)
    base_labels[in_conv] = base.labels
    lap("base_clusters")

    silhouettes: dict[int, float] = {}
    options: dict[int, np.ndarray] = {}
    n_base = len(base.centres)
    if n_base >= 2 and len(np.unique(base.centres, axis=0)) >= 2:
        for k in range(2, km.max_group_k(n_base) + 1):
            grouping = km.group_kmeans(base.centres, k, base.sizes, seed=seed)
            silhouettes[k] = km.weighted_silhouette(base.centres, grouping.labels, base.sizes)
            options[k] = grouping.labels
    if options:
        best_k = max(sorted(options), key=lambda k: silhouettes[k])
        shown_k, next_state = smooth_k(best_k, state)
        if shown_k not in options:  # the shown k is no longer possible: show the best, reset
            shown_k, next_state = best_k, EngineState(shown_k=best_k)
        group_of_base = options[shown_k]
        k = len(np.unique(group_of_base))
    else:
        group_of_base = np.zeros(n_base, np.int64)
        k = 1 if n_base else 0
        next_state = EngineState()
    group_labels = np.full(matrix.shape[0], -1)
    group_labels[in_conv] = group_of_base[base.labels] if n_base else -1
    lap("group_clusters")

    agree = (matrix.values > 0).astype(np.float64).tocsr()
    disagree = (matrix.values < 0).astype(np.float64).tocsr()
    tallies = [tally(group_labels == g, matrix, agree, disagree) for g in range(k)]
    in_groups = tally(group_labels >= 0, matrix, agree, disagree)
    reps = []
    for g in range(k):
        rest = Tally(
            agree=in_groups.agree - tallies[g].agree,
            disagree=in_groups.disagree - tallies[g].disagree,
            seen=in_groups.seen - tallies[g].seen,
        )
        reps.append(representative(tallies[g], rest, matrix.moderated_out))
    lap("repness")
    everyone = tally(np.ones(matrix.shape[0], bool), matrix, agree, disagree)
    agreement = consensus(everyone, matrix.moderated_out)
    gac = group_informed_consensus(tallies) if tallies else np.zeros(matrix.shape[1])
    priority = priorities(tallies, pca.extremity, matrix.meta)
    lap("consensus")

    next_state = EngineState(
        in_conv=frozenset(int(p) for p in matrix.participant_ids[in_conv]),
        shown_k=next_state.shown_k,
        candidate_k=next_state.candidate_k,
        candidate_runs=next_state.candidate_runs,
    )
    return Analysis(
        matrix=matrix,
        pca=pca,
        in_conv=in_conv,
        base_labels=base_labels,
        base_centres=base.centres,
        group_of_base=group_of_base,
        group_labels=group_labels,
        k=k,
        silhouettes=silhouettes,
        group_tallies=tallies,
        representative=reps,
        consensus=agreement,
        gac=gac,
        priority=priority,
        state=next_state,
        seconds=seconds,
    )
