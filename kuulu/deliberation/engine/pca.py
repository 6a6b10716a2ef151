"""Two-component PCA of the mean-imputed vote matrix and Polis's sparsity-aware projection.

Mean imputation makes every missing cell equal to its column mean, so after centring the matrix
is exactly as sparse as the votes: C[i, j] = v_ij - mean_j on voted cells, 0 elsewhere. We never
build the dense matrix; the top right singular vectors of C are found by subspace iteration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import ArpackError, ArpackNoConvergence, svds

from kuulu.deliberation.engine.votes import VoteMatrix


@dataclass(frozen=True)
class Pca:
    center: np.ndarray  # per statement
    components: np.ndarray  # (n_components, n_statements)
    participant_xy: np.ndarray  # (n_participants, 2)
    statement_xy: np.ndarray  # (n_statements, 2), the virtual "agree only" participant
    extremity: np.ndarray  # per statement, norm of statement_xy


def centred_matrix(matrix: VoteMatrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Centre the rating matrix. Moderated-out columns are zero for everyone (Polis zeroes them)."""
    _n_rows, n_cols = matrix.shape
    counts = np.asarray(matrix.observed.sum(axis=0)).ravel()
    sums = np.asarray(matrix.values.sum(axis=0)).ravel()
    center = np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)
    center[matrix.moderated_out] = 0.0
    centred = matrix.values.copy()
    centred.data = centred.data - center[centred.indices]
    centred.data[matrix.moderated_out[centred.indices]] = 0.0
    return centred, center


def top_components(
    centred: sparse.csr_matrix, *, n_components: int = 2, seed: int = 0
) -> np.ndarray:
    """Top right singular vectors of `centred` (what Polis's power iteration converges to),
    by ARPACK (scipy's svds) from a seeded start vector, so a seed gives the same result.
    Each vector's sign is fixed so that its largest-magnitude entry is positive."""
    n_rows, n_cols = centred.shape
    k = min(n_components, n_rows, n_cols)
    components = np.zeros((n_components, n_cols))
    if k == 0 or not np.any(centred.data):
        return components  # no variance at all (e.g. everyone voted alike): no directions
    start = np.random.default_rng(seed).uniform(0.5, 1.5, size=min(n_rows, n_cols))
    try:
        if k < min(n_rows, n_cols):
            _, values, vt = svds(centred, k=k, v0=start, tol=1e-10, maxiter=5000)
        else:  # svds needs k < min(shape); tiny matrices go through a dense SVD
            _, values, vt = np.linalg.svd(centred.toarray(), full_matrices=False)
            values, vt = values[:k], vt[:k]
    except (ArpackError, ArpackNoConvergence):
        # Rank-deficient corner cases: fall back to plain subspace iteration.
        values, vt = _subspace_iteration(centred, k, seed)
    order = np.argsort(values)[::-1]
    vt = vt[order]
    for row in vt:
        pivot = np.argmax(np.abs(row))
        if row[pivot] < 0:
            row *= -1
    components[:k] = vt
    return components


def _subspace_iteration(
    centred: sparse.csr_matrix, k: int, seed: int, iterations: int = 300
) -> tuple[np.ndarray, np.ndarray]:
    """Block power iteration on C^T C, ordered by Rayleigh-Ritz in the converged subspace."""
    n_cols = centred.shape[1]
    basis = np.linalg.qr(np.random.default_rng(seed).uniform(-1, 1, size=(n_cols, k)))[0]
    transposed = centred.T.tocsr()
    for _ in range(iterations):
        basis = np.linalg.qr(transposed @ (centred @ basis))[0]
    projected = centred @ basis
    values, vectors = np.linalg.eigh(projected.T @ projected)
    order = np.argsort(values)[::-1]
    return np.sqrt(np.maximum(values[order], 0)), (basis @ vectors[:, order]).T


def project(matrix: VoteMatrix, *, seed: int = 0) -> Pca:
    centred, center = centred_matrix(matrix)
    components = top_components(centred, seed=seed)
    _n_rows, n_cols = matrix.shape
    # Polis counts moderated-out columns as voted for every participant (they hold 0, not nil).
    n_modout = int(matrix.moderated_out.sum())
    voted = np.asarray(matrix.observed.sum(axis=1)).ravel()
    voted_or_zeroed = (
        voted - np.asarray(matrix.observed[:, matrix.moderated_out].sum(axis=1)).ravel() + n_modout
    )
    scale = np.sqrt(n_cols / np.maximum(voted_or_zeroed, 1))
    participant_xy = np.asarray(centred @ components.T) * scale[:, None]
    statement_xy = ((1.0 - center)[:, None] * components.T) * np.sqrt(n_cols)
    return Pca(
        center=center,
        components=components,
        participant_xy=participant_xy,
        statement_xy=statement_xy,
        extremity=np.linalg.norm(statement_xy, axis=1),
    )
