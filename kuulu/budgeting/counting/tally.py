"""Turn an election's ballots into per-project scores and supporter arrays (no Django)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .model import ORDINAL_VOTE_TYPE, Election, is_approval_vote_type


@dataclass(frozen=True)
class Tally:
    """The election in index form: project ``j`` is ``ids[j]``.

    ``support_idx[j]`` are the indices of the ballots that support project ``j`` and
    ``support_points[j]`` the points each gave (1 for an approval).
    """

    ids: tuple[str, ...]
    costs: np.ndarray
    scores: np.ndarray
    votes: np.ndarray
    support_idx: tuple[np.ndarray, ...]
    support_points: tuple[np.ndarray, ...]
    n_voters: int
    uses_points: bool
    id_rank: np.ndarray
    """Position of each project in lexicographic order of its id: the tie-break."""


def tally(election: Election) -> Tally:
    """Index the election; raise ``ValueError`` for ballots naming projects not on the ballot."""
    if election.vote_type == ORDINAL_VOTE_TYPE:
        msg = "ordinal ballots cannot be counted by greedy or Equal Shares"
        raise ValueError(msg)
    ids = tuple(project.id for project in election.projects)
    if len(set(ids)) != len(ids):
        msg = "project ids must be unique"
        raise ValueError(msg)
    index = {pid: j for j, pid in enumerate(ids)}
    uses_points = not is_approval_vote_type(election.vote_type)
    rows: list[list[int]] = [[] for _ in ids]
    points: list[list[int]] = [[] for _ in ids]
    for voter, ballot in enumerate(election.ballots):
        if ballot.points is not None:
            items = [(pid, value) for pid, value in ballot.points.items() if value > 0]
        else:
            items = [(pid, 1) for pid in dict.fromkeys(ballot.approvals)]
        for pid, value in items:
            j = index.get(pid)
            if j is None:
                msg = f"a ballot names project {pid!r}, which is not on the ballot"
                raise ValueError(msg)
            rows[j].append(voter)
            points[j].append(value)
    support_idx = tuple(np.asarray(r, dtype=np.int64) for r in rows)
    support_points = tuple(np.asarray(p, dtype=np.float64) for p in points)
    scores = np.asarray([int(sum(p)) for p in points], dtype=np.int64)
    votes = np.asarray([len(r) for r in rows], dtype=np.int64)
    costs = np.asarray([project.cost for project in election.projects], dtype=np.int64)
    order = sorted(range(len(ids)), key=lambda j: ids[j])
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[order] = np.arange(len(ids))
    return Tally(
        ids=ids,
        costs=costs,
        scores=scores,
        votes=votes,
        support_idx=support_idx,
        support_points=support_points,
        n_voters=len(election.ballots),
        uses_points=uses_points,
        id_rank=id_rank,
    )


def greedy_order(t: Tally, candidates: list[int]) -> list[int]:
    """Candidates by score, highest first; ties to the lexicographically smaller id."""
    return sorted(candidates, key=lambda j: (-int(t.scores[j]), int(t.id_rank[j])))
