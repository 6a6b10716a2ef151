"""Votes in, vote matrix out: last vote wins, rows in order of first appearance."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class Votes:
    """Votes in the order they were cast. Agree = +1, disagree = -1, pass = 0."""

    participant: np.ndarray  # int64 participant ids
    statement: np.ndarray  # int64 statement ids
    value: np.ndarray  # int8 in {-1, 0, 1}
    moderated_out: frozenset[int] = field(default_factory=frozenset)  # rejected or meta
    meta: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def from_rows(
        cls,
        rows: list[tuple[int, int, int]],
        *,
        moderated_out: frozenset[int] = frozenset(),
        meta: frozenset[int] = frozenset(),
    ) -> Votes:
        array = np.asarray(rows, dtype=np.int64).reshape(-1, 3)
        return cls(
            participant=array[:, 0],
            statement=array[:, 1],
            value=array[:, 2].astype(np.int8),
            moderated_out=moderated_out | meta,
            meta=meta,
        )


@dataclass(frozen=True)
class VoteMatrix:
    """Participants x statements. `values` holds +1/-1/0 at every voted cell (passes are
    explicit zeros); `observed` has 1 at the same cells. Statements are in id order."""

    participant_ids: np.ndarray
    statement_ids: np.ndarray
    values: sparse.csr_matrix
    observed: sparse.csr_matrix
    moderated_out: np.ndarray  # bool per column
    meta: np.ndarray  # bool per column

    @property
    def shape(self) -> tuple[int, int]:
        return self.values.shape

    @property
    def n_votes(self) -> int:
        return int(self.observed.nnz)


def build_matrix(votes: Votes) -> VoteMatrix:
    """Keep each participant's last vote per statement. Rows follow first appearance."""
    n = len(votes.value)
    if n == 0:
        empty = sparse.csr_matrix((0, 0), dtype=np.float64)
        none = np.empty(0, np.int64)
        return VoteMatrix(none, none, empty, empty, np.empty(0, bool), np.empty(0, bool))
    if not np.isin(votes.value, (AGREE, DISAGREE, PASS)).all():
        raise ValueError("A vote must be 1 (agree), -1 (disagree) or 0 (pass).")
    unique_participants, first_seen, inverse = np.unique(
        votes.participant, return_index=True, return_inverse=True
    )
    order = np.argsort(first_seen, kind="stable")
    participant_ids = unique_participants[order]
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    rows = rank[inverse]
    statement_ids, cols = np.unique(votes.statement, return_inverse=True)

    # Last vote wins: a stable sort by cell keeps the casting order within a cell; keep the last.
    key = rows * len(statement_ids) + cols
    sort = np.argsort(key, kind="stable")
    key_sorted = key[sort]
    last = np.ones(n, bool)
    last[:-1] = key_sorted[1:] != key_sorted[:-1]
    keep = sort[last]
    r, c, v = rows[keep], cols[keep], votes.value[keep].astype(np.float64)
    shape = (len(participant_ids), len(statement_ids))
    # Cells are already sorted row by row and column by column: build CSR directly.
    indptr = np.zeros(shape[0] + 1, np.int64)
    np.cumsum(np.bincount(r, minlength=shape[0]), out=indptr[1:])
    values = sparse.csr_matrix((v, c, indptr), shape=shape)  # passes stay as explicit zeros
    observed = sparse.csr_matrix((np.ones_like(v), c, indptr), shape=shape)
    moderated_out = np.isin(statement_ids, np.fromiter(votes.moderated_out, np.int64))
    meta = np.isin(statement_ids, np.fromiter(votes.meta, np.int64))
    return VoteMatrix(participant_ids, statement_ids, values, observed, moderated_out, meta)
