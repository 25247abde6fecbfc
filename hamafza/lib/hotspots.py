"""Getis-Ord Gi* hot spots: analytic z-scores, conditional permutation pseudo p-values, FDR.

Pure numpy/scipy, no Django. Spatial weights are scipy.sparse matrices: W[i, j] > 0 when j is a
neighbour of i (from `distance_band_weights` here or `hamafza.lib.contiguity.queen_neighbours`).

The statistic and its moments are those of esda's `G_Local(y, w, transform=..., star=True)`
(esda 2.9), checked against it to 1e-9 in tests/atlas/test_hotspots.py:

- star: the focal unit is in its own neighbourhood with the weight of its largest neighbour weight
  (1 for binary W), as esda fills the diagonal of a binary W;
- transform "B" sets every weight to 1; "R" divides each row by its sum (esda's default). The
  analytic variance in esda (and here) is the Getis-Ord formula for *binary* weights, so only "B"
  gives the classic Gi* z-score that is standard normal under the null (Getis & Ord 1992, Ord &
  Getis 1995, as ArcGIS reports it). With "R" the same formula understates the spread by about
  sqrt(k + 1), which is why "B" is our default. Permutation p-values do not depend on the transform
  (scaling a row scales the statistic and all its permuted values alike).

Permutation inference is esda's conditional randomisation: for each unit its value stays put and its
k neighbours are replaced by k other units drawn at random without replacement. As in esda, one
table of `permutations` × max(k) draws from the n - 1 "other" positions is shared by all units; a
draw of position i for unit i stands for unit n - 1 (a bijection onto the other units, so each unit's
reference distribution is exact). With equal neighbour weights in a row (binary or row-standardised
W), a unit's permuted statistics are then a prefix sum shared by all units of the same cardinality
plus a correction for the rare draws that hit the unit itself, so counting how many permuted values
reach the observed one is a binary search: O(n log P + P k) instead of esda's O(n P k).

The pseudo p-value is esda's "directed" one: with `larger` = the number of permuted statistics >= the
observed one, folded to the nearer tail (`larger = P - larger` when fewer than half are >= it), p =
(larger + 1) / (P + 1). Like esda's p_norm it is one-sided toward the side where the observation lies;
the classification doubles it to a two-sided p (capped at 1), corrects the two-sided p-values with
Benjamini-Hochberg, and calls a unit a hot (cold) spot at 90/95/99% confidence when its FDR-adjusted
p-value is at most 0.10/0.05/0.01 and its statistic is above (below) expectation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike
from scipy import stats
from scipy.spatial import cKDTree

DEFAULT_ALPHA: tuple[float, ...] = (0.10, 0.05, 0.01)
# Budget of (units × permutations × neighbours) elements per block when weights differ within a row.
_BLOCK = 2_000_000


@dataclass(frozen=True)
class HotspotResult:
    gi: np.ndarray  # Gi* statistic: weighted neighbourhood sum (focal unit included) / sum of values
    expected: np.ndarray  # E[Gi*] under the null
    z: np.ndarray  # analytic z-score; NaN where there is no test (island or constant values)
    p_norm: np.ndarray  # one-sided normal p-value of |z| (esda's p_norm)
    p_sim: np.ndarray | None  # one-sided pseudo p-value (esda's p_sim); None without permutations
    p_value: np.ndarray  # two-sided p-value the classification uses: 2 * (p_sim or p_norm), at most 1
    q_value: np.ndarray  # Benjamini-Hochberg adjusted p_value
    classes: np.ndarray  # int8: +3/+2/+1 hot spot at 99/95/90%, -3/-2/-1 cold spot, 0 neither
    neighbours: np.ndarray  # number of neighbours of each unit, focal unit not counted
    permutations: int
    alpha: tuple[float, ...]

    @property
    def hot(self) -> np.ndarray:
        return self.classes > 0

    @property
    def cold(self) -> np.ndarray:
        return self.classes < 0


def distance_band_weights(points: ArrayLike, threshold: float) -> sp.csr_matrix:
    """Binary weights: units whose points are at most `threshold` apart (Euclidean) are neighbours.

    `points` is an (n, 2) array in a projected system (metres), not longitude/latitude: the distance
    is planar. The matrix is symmetric with a zero diagonal, like libpysal's DistanceBand(binary=True).
    """
    xy = np.asarray(points, dtype=float)
    if xy.ndim != 2 or not np.all(np.isfinite(xy)):
        raise ValueError("Points must be an (n, 2) array of finite coordinates.")
    if threshold <= 0:
        raise ValueError("The distance band must be positive.")
    n = xy.shape[0]
    pairs = cKDTree(xy).query_pairs(r=threshold, output_type="ndarray")
    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    return sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n, n))


def benjamini_hochberg(p_values: ArrayLike) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values); NaN entries are not tests and stay NaN.

    q_(i) = min over j >= i of p_(j) * m / j for the p-values sorted ascending, capped at 1; a unit is
    significant at FDR level a exactly when q <= a (the step-up procedure of Benjamini & Hochberg 1995).
    """
    p = np.asarray(p_values, dtype=float)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(~np.isnan(p))
    m = tested.size
    if m == 0:
        return q
    order = tested[np.argsort(p[tested], kind="stable")]
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


class _StarWeights(NamedTuple):
    base: sp.csr_matrix  # neighbour weights, diagonal removed (all ones under "B")
    self_base: np.ndarray  # the focal unit's own weight on the same scale
    scale: np.ndarray  # per-row factor of the transform: 1 under "B", 1 / row sum under "R"
    equal: np.ndarray  # True where all neighbour weights of the row are equal


def _star_weights(W: sp.spmatrix | sp.sparray, transform: str) -> _StarWeights:
    """esda's Gi* weights: self weight = the row's largest weight (1 for binary), then the transform."""
    if transform not in ("B", "R"):
        raise ValueError('transform must be "B" (binary) or "R" (row-standardised).')
    base = sp.csr_matrix(W, dtype=float, copy=True)
    if base.nnz and (not np.all(np.isfinite(base.data)) or base.data.min() < 0):
        raise ValueError("Weights must be finite and non-negative.")
    base.setdiag(0)
    base.eliminate_zeros()
    base.sort_indices()
    n = base.shape[0]
    has = np.diff(base.indptr) > 0
    starts = base.indptr[:-1][has]
    row_max = np.zeros(n)
    row_min = np.zeros(n)
    if starts.size:
        row_max[has] = np.maximum.reduceat(base.data, starts)
        row_min[has] = np.minimum.reduceat(base.data, starts)
    if transform == "B":
        base.data[:] = 1.0
        return _StarWeights(base, np.ones(n), np.ones(n), np.ones(n, dtype=bool))
    self_base = np.where(has, row_max, 1.0)
    scale = 1.0 / (np.asarray(base.sum(axis=1)).ravel() + self_base)
    return _StarWeights(base, self_base, scale, row_max == row_min)


def _draws(rng: np.random.Generator, n_other: int, k: int, permutations: int) -> np.ndarray:
    """`permutations` ordered samples of k distinct positions in [0, n_other), uniformly at random.

    Sequential sampling: the t-th pick is uniform over the n_other - t positions not yet taken,
    found by stepping over the earlier picks in ascending order.
    """
    draws = np.empty((permutations, k), dtype=np.int64)
    for t in range(k):
        pick = rng.integers(0, n_other - t, size=permutations)
        if t:
            for taken in np.sort(draws[:, :t], axis=1).T:
                pick += pick >= taken
        draws[:, t] = pick
    return draws


def _larger_equal_weights(
    y: np.ndarray,
    lag: np.ndarray,
    units: np.ndarray,
    card: np.ndarray,
    draws: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For rows with equal neighbour weights: count permuted neighbour sums >= the observed sum.

    `lag` is the observed unweighted sum of neighbour values; the permuted sum of unit i in
    permutation p is prefix[p, k_i - 1] + (y[n-1] - y[i]) if i is among draws[p, :k_i], else
    prefix[p, k_i - 1], where prefix[p, c - 1] is the sum of the first c drawn values.
    Returns (count >=, count <) per unit of `units`.
    """
    n = y.size
    permutations = draws.shape[0]
    prefix = np.cumsum(y[draws], axis=1)
    ge = np.empty(units.size, dtype=np.int64)
    for c in np.unique(card[units]):
        members = units[card[units] == c]
        column = np.sort(prefix[:, c - 1])
        ge[np.searchsorted(units, members)] = permutations - np.searchsorted(
            column, lag[members], side="left"
        )
    # draws that hit the unit itself: position i stands for unit n - 1
    p_idx, k_idx = (a.ravel() for a in np.indices(draws.shape))
    hit = draws.ravel()
    in_set = np.zeros(n, dtype=bool)
    in_set[units] = True
    keep = in_set[hit] & (k_idx < card[hit])
    p_idx, hit = p_idx[keep], hit[keep]
    before = prefix[p_idx, card[hit] - 1]
    after = before + (y[n - 1] - y[hit])
    change = (after >= lag[hit]).astype(np.int64) - (before >= lag[hit])
    np.add.at(ge, np.searchsorted(units, hit), change)
    return ge, permutations - ge


def _larger_general(
    y: np.ndarray, w: sp.csr_matrix, units: np.ndarray, draws: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose neighbour weights differ: weighted sums of the drawn values, in blocks.

    Drawn values are paired with the neighbours in column order. Returns (count >=, count <).
    """
    n = y.size
    permutations = draws.shape[0]
    card = np.diff(w.indptr)
    lag = w @ y
    ge = np.empty(units.size, dtype=np.int64)
    for c in np.unique(card[units]):
        positions = np.flatnonzero(card[units] == c)
        members = units[positions]
        d = draws[:, :c]
        step = max(1, _BLOCK // (permutations * c))
        for s in range(0, members.size, step):
            block = members[s : s + step]
            starts = w.indptr[block]
            weights = w.data[starts[:, None] + np.arange(c)]  # (b, c)
            idx = np.where(d[None] == block[:, None, None], n - 1, d[None])  # (b, P, c)
            sims = np.einsum("bpc,bc->bp", y[idx], weights)
            ge[positions[s : s + step]] = (sims >= lag[block, None]).sum(axis=1)
    return ge, permutations - ge


def _permutation_p(
    y: np.ndarray, weights: _StarWeights, testable: np.ndarray, permutations: int, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """esda's directed pseudo p-values and the tail each unit lies in (+1 upper, -1 lower, 0 untested).

    The self term and the row factor of the transform are the same in the observed and the permuted
    statistics of a unit, so the comparisons use the neighbour sums on the weights' own scale: with
    integer counts and binary weights they are exact, and ties are real ties.
    """
    n = y.size
    base = weights.base
    card = np.diff(base.indptr)
    p_sim = np.full(n, np.nan)
    direction = np.zeros(n, dtype=np.int8)
    units = np.flatnonzero(testable)
    if not units.size:
        return p_sim, direction
    draws = _draws(np.random.default_rng(seed), n - 1, int(card[units].max()), permutations)
    fast, slow = units[weights.equal[units]], units[~weights.equal[units]]
    counts = []
    if fast.size:
        plain = sp.csr_matrix((np.ones(base.nnz), base.indices, base.indptr), shape=base.shape) @ y
        counts.append((fast, *_larger_equal_weights(y, plain, fast, card, draws)))
    if slow.size:
        counts.append((slow, *_larger_general(y, base, slow, draws)))
    for rows, ge, lt in counts:
        lower = lt < ge  # most permuted values reach the observation: it lies in the lower tail
        p_sim[rows] = (np.where(lower, lt, ge) + 1.0) / (permutations + 1.0)
        direction[rows] = np.where(lower, -1, 1)
    return p_sim, direction


def getis_ord_gi_star(
    values: ArrayLike,
    W: sp.spmatrix | sp.sparray,
    permutations: int = 999,
    seed: int | None = None,
    alpha: tuple[float, ...] = DEFAULT_ALPHA,
    transform: str = "B",
) -> HotspotResult:
    """Gi* of non-negative `values` (one per row of W) with analytic and permutation inference.

    `permutations=0` skips the permutations: the classification then uses the normal p-values.
    `seed` makes the permutations reproducible. `alpha` lists the FDR levels of the classes in
    increasing strictness; the class of a unit is the number of levels its q-value meets, signed.
    Units without neighbours, and all units when the values do not vary, get NaN z and p-values and
    class 0: there is nothing to test.
    """
    y = np.asarray(values, dtype=float).ravel()
    n = y.size
    if W.shape != (n, n):
        raise ValueError(f"The weights matrix is {W.shape}, expected ({n}, {n}).")
    if not np.all(np.isfinite(y)) or np.any(y < 0):
        raise ValueError("Gi* needs finite, non-negative values (counts or rates).")
    if permutations < 0:
        raise ValueError("permutations must be >= 0.")
    levels = tuple(sorted(alpha, reverse=True))
    if not levels or not all(0 < level < 1 for level in levels):
        raise ValueError("alpha must list significance levels between 0 and 1.")
    weights = _star_weights(W, transform)
    card = np.diff(weights.base.indptr)

    total = y.sum()
    lag = weights.scale * (weights.base @ y)  # neighbours only
    self_w = weights.scale * weights.self_base
    mean = total / n if n else 0.0
    variance = (y * y).sum() / n - mean * mean if n else 0.0
    testable = (card > 0) & (variance > 0) & (n > 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        gi = (lag + self_w * y) / total
        weight_sum = weights.scale * (np.asarray(weights.base.sum(axis=1)).ravel() + weights.self_base)
        expected = weight_sum / n
        var_g = weight_sum * (n - weight_sum) / (n - 1) / n**2 * variance / mean**2
        z = np.where(testable, (gi - expected) / np.sqrt(var_g), np.nan)
    p_norm = np.where(testable, stats.norm.sf(np.abs(z)), np.nan)

    if permutations:
        p_sim, direction = _permutation_p(y, weights, testable, permutations, seed)
        p_one = p_sim
    else:
        p_sim = None
        direction = np.nan_to_num(np.sign(z)).astype(np.int8)
        p_one = p_norm
    p_value = np.minimum(2.0 * p_one, 1.0)
    q_value = benjamini_hochberg(p_value)
    met = np.zeros(n, dtype=np.int8)
    for level in levels:
        met += np.nan_to_num(q_value, nan=2.0) <= level
    classes = (met * direction).astype(np.int8)
    return HotspotResult(
        gi=gi,
        expected=expected,
        z=z,
        p_norm=p_norm,
        p_sim=p_sim,
        p_value=p_value,
        q_value=q_value,
        classes=classes,
        neighbours=card,
        permutations=permutations,
        alpha=levels,
    )
