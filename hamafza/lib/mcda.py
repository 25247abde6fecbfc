"""Multi-criteria decision analysis for the priority ranking: AHP weights, TOPSIS, weighted sum.

Pure numpy, no Django. A decision matrix has one row per alternative (neighbourhood) and one column
per criterion (indicator). `benefit[j]` is True when a higher value of criterion j ranks an
alternative higher. For the priority of neighbourhoods a harm indicator is a "benefit" criterion in
this sense: more addiction or theft means a higher priority for action. Set it False only for
indicators where a lower value means more need (e.g. school enrolment, number of services).

Rank 1 is the highest score; equal scores share the lowest rank of the group (1, 2, 2, 4).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

# Saaty's random consistency index by matrix order n = 1..15 (Saaty, "The Analytic Hierarchy
# Process", 1980; the table repeated in Saaty & Vargas, "Models, Methods, Concepts & Applications of
# the AHP", 2012, ch. 1). RI[n - 1] is the mean CI of random reciprocal matrices of order n.
RANDOM_INDEX: tuple[float, ...] = (
    0.0,
    0.0,
    0.58,
    0.90,
    1.12,
    1.24,
    1.32,
    1.41,
    1.45,
    1.49,
    1.51,
    1.48,
    1.56,
    1.57,
    1.59,
)
# Saaty's threshold: judgments with a consistency ratio above it should be revised.
CR_THRESHOLD = 0.1


class AhpResult(NamedTuple):
    weights: np.ndarray  # sums to 1
    lambda_max: float  # principal eigenvalue (>= n for a positive reciprocal matrix)
    ci: float  # consistency index (lambda_max - n) / (n - 1)
    ri: float  # Saaty's random index for this n
    cr: float  # consistency ratio ci / ri; 0 for n <= 2

    @property
    def acceptable(self) -> bool:
        return self.cr <= CR_THRESHOLD


class TopsisResult(NamedTuple):
    scores: np.ndarray  # closeness coefficient in [0, 1], higher ranks first
    ranks: np.ndarray  # 1 = best, ties share the minimum rank
    d_plus: np.ndarray  # distance to the ideal alternative
    d_minus: np.ndarray  # distance to the anti-ideal alternative
    contributions: np.ndarray  # (alternatives, criteria); 0.5 + row sum == score (see topsis)


class WeightedSumResult(NamedTuple):
    scores: np.ndarray  # in [0, 1]
    ranks: np.ndarray
    contributions: np.ndarray  # (alternatives, criteria); row sum == score


def check_reciprocal(matrix: ArrayLike, *, rtol: float = 0.05) -> np.ndarray:
    """Return `matrix` as a float array if it is a positive reciprocal square matrix, else raise ValueError.

    `a[i, j] * a[j, i]` must be 1 within `rtol`, so that reciprocals typed to two decimals pass
    (0.33 for 1/3, 0.11 for 1/9) while a judgment entered the wrong way round (3 and 3) does not; the
    diagonal must be 1.
    """
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise ValueError("A pairwise comparison matrix must be square and non-empty.")
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise ValueError("Pairwise comparisons must be positive numbers.")
    if not np.allclose(np.diag(a), 1.0, rtol=0, atol=rtol):
        raise ValueError("The diagonal of a pairwise comparison matrix must be 1.")
    bad = np.abs(a * a.T - 1.0) > rtol
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise ValueError(
            f"Comparison ({i}, {j}) = {a[i, j]:g} is not the reciprocal of ({j}, {i}) = {a[j, i]:g}."
        )
    return a


def reciprocal_matrix(upper: ArrayLike, n: int) -> np.ndarray:
    """Build the n×n reciprocal matrix from the n(n-1)/2 judgments above the diagonal, row by row.

    `upper` lists a[0,1], a[0,2], …, a[0,n-1], a[1,2], …; each says how many times more important
    criterion i is than criterion j.
    """
    values = np.asarray(upper, dtype=float).ravel()
    if values.size != n * (n - 1) // 2:
        raise ValueError(f"{n} criteria need {n * (n - 1) // 2} comparisons, got {values.size}.")
    a = np.ones((n, n))
    rows, cols = np.triu_indices(n, k=1)
    a[rows, cols] = values
    a[cols, rows] = 1.0 / values
    return check_reciprocal(a)


def ahp_weights(matrix: ArrayLike, *, method: str = "eigenvector") -> AhpResult:
    """Priority weights of a pairwise comparison matrix and Saaty's consistency ratio.

    `method="eigenvector"` (the reference, Saaty 1980) takes the principal right eigenvector;
    `method="geometric_mean"` the normalised row geometric means (Crawford & Williams 1985), with
    lambda_max estimated as mean((A w) / w). The two agree exactly on consistent matrices. Whether a
    ratio above CR_THRESHOLD is refused is the caller's decision.
    """
    a = check_reciprocal(matrix)
    n = a.shape[0]
    if n > len(RANDOM_INDEX):
        raise ValueError(f"AHP is limited to {len(RANDOM_INDEX)} criteria (Saaty's random index table).")
    if method == "eigenvector":
        eigenvalues, eigenvectors = np.linalg.eig(a)
        k = int(np.argmax(eigenvalues.real))
        lambda_max = float(eigenvalues[k].real)
        vector = np.abs(eigenvectors[:, k].real)  # Perron vector: one sign, real
    elif method == "geometric_mean":
        vector = np.exp(np.log(a).mean(axis=1))
        lambda_max = float(np.mean((a @ vector) / vector))
    else:
        raise ValueError(f"Unknown AHP method {method!r}.")
    weights = vector / vector.sum()
    ri = RANDOM_INDEX[n - 1]
    if n <= 2:  # every 1×1 and 2×2 reciprocal matrix is consistent
        return AhpResult(weights, float(n), 0.0, ri, 0.0)
    ci = max(0.0, (lambda_max - n) / (n - 1))  # lambda_max >= n; clip rounding below it
    return AhpResult(weights, lambda_max, ci, ri, ci / ri)


def _check_decision(matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike) -> tuple[np.ndarray, ...]:
    x = np.asarray(matrix, dtype=float)
    if x.ndim != 2 or x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError("The decision matrix must have at least one alternative and one criterion.")
    if not np.all(np.isfinite(x)):
        raise ValueError("The decision matrix has missing or infinite values.")
    w = np.asarray(weights, dtype=float).ravel()
    b = np.asarray(benefit, dtype=bool).ravel()
    if w.size != x.shape[1] or b.size != x.shape[1]:
        raise ValueError("There must be one weight and one direction per criterion.")
    if not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("Weights must be non-negative and not all zero.")
    return x, w / w.sum(), b


def rank_descending(scores: ArrayLike, *, decimals: int = 12) -> np.ndarray:
    """Competition ranks, 1 for the highest score; scores equal to `decimals` places share the lowest rank."""
    s = np.round(np.asarray(scores, dtype=float), decimals)
    order = np.sort(s)[::-1]
    # rank = 1 + number of strictly greater scores
    return (np.searchsorted(-order, -s, side="left") + 1).astype(int)


def topsis(matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike) -> TopsisResult:
    """TOPSIS (Hwang & Yoon 1981): closeness to the ideal alternative.

    Columns are vector-normalised (x / ||x||; a column of zeros stays zero and so plays no part),
    weighted (weights are rescaled to sum to 1), and compared with the ideal (best value of each
    column: max where benefit, min otherwise) and the anti-ideal. The score is
    d_minus / (d_plus + d_minus); when every alternative is the same on every criterion both
    distances are 0 and every score is 0.5.

    Contributions: since (d- - d+) / (d- + d+) = (d-² - d+²) / (d- + d+)², the score splits exactly
    into 0.5 plus one term per criterion,
        contribution[i, j] = ((v_ij - anti_j)² - (v_ij - ideal_j)²) / (2 (d+_i + d-_i)²),
    positive where alternative i is nearer the ideal than the anti-ideal on criterion j (it pushes
    the alternative up), negative where nearer the anti-ideal; score = 0.5 + contributions.sum(1).
    """
    x, w, b = _check_decision(matrix, weights, benefit)
    norms = np.sqrt((x * x).sum(axis=0))
    r = np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)
    v = r * w
    ideal = np.where(b, v.max(axis=0), v.min(axis=0))
    anti = np.where(b, v.min(axis=0), v.max(axis=0))
    sq_plus = (v - ideal) ** 2
    sq_minus = (v - anti) ** 2
    d_plus = np.sqrt(sq_plus.sum(axis=1))
    d_minus = np.sqrt(sq_minus.sum(axis=1))
    total = d_plus + d_minus
    scores = np.divide(d_minus, total, out=np.full_like(total, 0.5), where=total > 0)
    denominator = 2.0 * total[:, None] ** 2
    contributions = np.divide(sq_minus - sq_plus, denominator, out=np.zeros_like(v), where=denominator > 0)
    return TopsisResult(scores, rank_descending(scores), d_plus, d_minus, contributions)


def weighted_sum(
    matrix: ArrayLike, weights: ArrayLike, benefit: ArrayLike, normalise: str = "minmax"
) -> WeightedSumResult:
    """Simple additive weighting of normalised criteria; contributions[i, j] = w_j * n_ij sum to the score.

    `normalise="minmax"`: (x - min) / (max - min) for a benefit criterion, (max - x) / (max - min)
    otherwise, so the best alternative on a criterion gets 1 and the worst 0 (a constant column gives
    0 to all). `normalise="max"`: x / max, or 1 - x / max where lower is better; needs x >= 0 and keeps
    ratios between values (a column of zeros gives 0).
    """
    x, w, b = _check_decision(matrix, weights, benefit)
    if normalise == "minmax":
        low, high = x.min(axis=0), x.max(axis=0)
        span = high - low
        up = np.divide(x - low, span, out=np.zeros_like(x), where=span > 0)
        down = np.divide(high - x, span, out=np.zeros_like(x), where=span > 0)
        n = np.where(b, up, down)
    elif normalise == "max":
        if np.any(x < 0):
            raise ValueError("Max normalisation needs non-negative values.")
        high = x.max(axis=0)
        ratio = np.divide(x, high, out=np.zeros_like(x), where=high > 0)
        n = np.where(b, ratio, np.where(high > 0, 1.0 - ratio, 0.0))
    else:
        raise ValueError(f"Unknown normalisation {normalise!r}.")
    contributions = n * w
    scores = contributions.sum(axis=1)
    return WeightedSumResult(scores, rank_descending(scores), contributions)
