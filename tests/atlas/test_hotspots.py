"""Getis-Ord Gi*: z-scores against esda to 1e-9, pseudo p-values against esda and a brute-force loop, FDR."""

import json
import warnings
from pathlib import Path

import libpysal
import numpy as np
import pytest
import scipy.sparse as sp
from esda.getisord import G_Local
from shapely.geometry import shape

from hamafza.lib.contiguity import queen_neighbours
from hamafza.lib.hotspots import (
    _draws,
    benjamini_hochberg,
    distance_band_weights,
    getis_ord_gi_star,
)

GEOJSON = Path(__file__).resolve().parents[2] / "hamafza/places/data/district21_neighbourhoods.geojson"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::UserWarning")


def esda_gi_star(y, W, **kwargs):
    """esda's reference on the same weights (a libpysal W built from our sparse matrix)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(
            y, libpysal.weights.WSP(sp.csr_matrix(W)).to_W(silence_warnings=True), star=True, **kwargs
        )


@pytest.fixture(scope="module")
def district():
    """The 25 demo neighbourhoods, their queen contiguity, and clustered counts: a hot centre in the
    west (around T21-06), a cold one in the east, Poisson noise."""
    features = json.loads(GEOJSON.read_text())["features"]
    polygons = [shape(f["geometry"]) for f in features]
    centres = np.array([[p.centroid.x, p.centroid.y] for p in polygons])
    west = centres[np.argmin(centres[:, 0])]
    east = centres[np.argmax(centres[:, 0])]
    to_west = np.hypot(*(centres - west).T)
    to_east = np.hypot(*(centres - east).T)
    noise = np.random.default_rng(21).poisson(3, len(polygons))
    y = np.round(40 * np.exp(-((to_west / 0.02) ** 2)) + 10 - 8 * np.exp(-((to_east / 0.02) ** 2)) + noise)
    return queen_neighbours(polygons), y


def lattice(rows, cols):
    return libpysal.weights.lat2W(rows, cols, rook=False).sparse.tocsr()


def planted(rows=15, cols=15, seed=4):
    """Poisson(4) counts with a hot 3×3 block (Poisson(20)) at rows/cols 3–5 and a 3×3 block of zeros
    at rows/cols 10–12 in a background raised to Poisson(8) around it."""
    rng = np.random.default_rng(seed)
    y = rng.poisson(4, (rows, cols)).astype(float)
    y[8:15, 8:15] = rng.poisson(8, (7, 7))
    y[3:6, 3:6] = rng.poisson(20, (3, 3))
    y[10:13, 10:13] = 0
    return y.ravel()


@pytest.mark.parametrize("transform", ["B", "R"])
def test_z_scores_equal_esda_on_a_lattice(transform):
    W = lattice(12, 12)
    y = np.random.default_rng(1).gamma(2.0, 1.0, 144) + np.repeat([0, 3], 72)
    ours = getis_ord_gi_star(y, W, permutations=0, transform=transform)
    ref = esda_gi_star(y, W, transform=transform, permutations=0)
    np.testing.assert_allclose(ours.z, ref.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.p_norm, ref.p_norm, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.gi, ref.Gs, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.expected, ref.EGs, rtol=0, atol=1e-12)
    assert ours.p_sim is None


@pytest.mark.parametrize("transform", ["B", "R"])
def test_z_scores_equal_esda_on_the_demo_neighbourhoods(district, transform):
    W, y = district
    ours = getis_ord_gi_star(y, W, permutations=0, transform=transform)
    ref = esda_gi_star(y, W, transform=transform, permutations=0)
    np.testing.assert_allclose(ours.z, ref.Zs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.p_norm, ref.p_norm, rtol=0, atol=1e-9)


def test_z_scores_equal_esda_with_unequal_weights():
    """A distance band with inverse-distance weights, row-standardised: esda's self weight is the row
    maximum; the general (weighted) permutation path is taken."""
    rng = np.random.default_rng(5)
    points = rng.uniform(0, 100, (60, 2))
    band = distance_band_weights(points, 25).tocoo()
    distance = np.hypot(*(points[band.row] - points[band.col]).T)
    W = sp.csr_matrix((1 / distance, (band.row, band.col)), shape=band.shape)
    y = rng.gamma(2.0, 2.0, 60) + (points[:, 0] < 30) * 4
    ours = getis_ord_gi_star(y, W, permutations=0, transform="R")
    ref = esda_gi_star(y, W, transform="R", permutations=0)
    np.testing.assert_allclose(ours.z, ref.Zs, rtol=0, atol=1e-9)


def reference_p_sim(y, W, permutations, seed):
    """A plain loop: unit i keeps its value, its k neighbours are replaced by the first k draws of
    each permutation (position i standing for unit n - 1), paired with the neighbours in column
    order; the self term and the row factor of the transform are the same on both sides."""
    W = sp.csr_matrix(W)
    n = len(y)
    card = np.diff(W.indptr)
    draws = _draws(np.random.default_rng(seed), n - 1, card.max(), permutations)
    p = np.empty(n)
    for i in range(n):
        columns = W.indices[W.indptr[i] : W.indptr[i + 1]]
        weights = W.data[W.indptr[i] : W.indptr[i + 1]]
        observed = sum(w * y[j] for w, j in zip(weights, columns, strict=True))
        larger = 0
        for row in draws:
            others = [n - 1 if d == i else d for d in row[: card[i]]]
            larger += sum(w * y[j] for w, j in zip(weights, others, strict=True)) >= observed
        if permutations - larger < larger:
            larger = permutations - larger
        p[i] = (larger + 1) / (permutations + 1)
    return p


def test_pseudo_p_values_equal_a_plain_loop_with_the_same_draws():
    """Small n, so draws often hit the unit itself; integer counts, so ties happen and count as >=."""
    W = lattice(4, 4)
    y = np.random.default_rng(2).poisson(3, 16).astype(float)
    ours = getis_ord_gi_star(y, W, permutations=199, seed=11)
    np.testing.assert_array_equal(ours.p_sim, reference_p_sim(y, W, 199, 11))
    # row-standardised: same p-values
    np.testing.assert_array_equal(
        getis_ord_gi_star(y, W, permutations=199, seed=11, transform="R").p_sim, ours.p_sim
    )


def test_pseudo_p_values_with_unequal_weights_equal_a_plain_loop():
    rng = np.random.default_rng(3)
    W = lattice(4, 5)
    W.data = rng.choice([0.5, 1.0, 2.0], W.nnz)  # dyadic weights: exact sums, real ties
    y = rng.poisson(3, 20).astype(float)
    ours = getis_ord_gi_star(y, W, permutations=199, seed=7, transform="R")
    np.testing.assert_array_equal(ours.p_sim, reference_p_sim(y, W, 199, 7))


def classes_at_95(p_sim, z):
    q = benjamini_hochberg(np.minimum(2 * p_sim, 1.0))
    return (np.sign(z) * (q <= 0.05)).astype(int)


def test_pseudo_p_values_agree_with_esda_on_the_demo_neighbourhoods(district):
    W, y = district
    ours = getis_ord_gi_star(y, W, permutations=9999, seed=1)
    ref = esda_gi_star(y, W, transform="B", permutations=9999, seed=12345, n_jobs=1)
    # different draws: the two estimates of each p-value differ by sampling error only
    assert np.abs(ours.p_sim - ref.p_sim).max() < 0.02
    ours_95 = np.sign(ours.classes) * (np.abs(ours.classes) >= 2)
    agreement = (ours_95 == classes_at_95(ref.p_sim, ref.Zs)).mean()
    assert agreement >= 0.95
    codes = [f["properties"]["code"] for f in json.loads(GEOJSON.read_text())["features"]]
    hot = {codes[i] for i in np.flatnonzero(ours.classes > 0)}
    cold = {codes[i] for i in np.flatnonzero(ours.classes < 0)}
    assert {"T21-06", "T21-07"} <= hot
    assert {"T21-14", "T21-19"} <= cold


def test_pseudo_p_values_agree_with_esda_on_a_lattice_and_find_the_planted_spots():
    W = lattice(15, 15)
    y = planted()
    ours = getis_ord_gi_star(y, W, permutations=9999, seed=3)
    ref = esda_gi_star(y, W, transform="B", permutations=9999, seed=54321, n_jobs=1)
    assert np.abs(ours.p_sim - ref.p_sim).max() < 0.02
    ours_95 = np.sign(ours.classes) * (np.abs(ours.classes) >= 2)
    assert (ours_95 == classes_at_95(ref.p_sim, ref.Zs)).mean() >= 0.95
    grid = ours.classes.reshape(15, 15)
    # the centre of each planted block, whose whole neighbourhood is in the block, at 99%
    assert (grid[4, 4], grid[11, 11]) == (3, -3)
    # the hot block's middle row and column (6 of 9 neighbours hot) at 95% or more
    assert (grid[3:6, 4] >= 2).all() and (grid[4, 3:6] >= 2).all()
    assert (grid[:8, :8] >= 0).all()  # no cold spot around the hot block
    assert (grid[8:, 8:] <= 0).all()  # no hot spot around the cold one
    assert (grid[:8, 8:] == 0).all()  # the plain background quadrant has no spot at all


def test_hot_and_cold_are_classified_by_the_fdr_adjusted_p_values(district):
    W, y = district
    result = getis_ord_gi_star(y, W, permutations=999, seed=5)
    np.testing.assert_array_equal(result.p_value, np.minimum(2 * result.p_sim, 1))
    np.testing.assert_array_equal(result.q_value, benjamini_hochberg(result.p_value))
    magnitude = (result.q_value <= 0.10).astype(int) + (result.q_value <= 0.05) + (result.q_value <= 0.01)
    np.testing.assert_array_equal(np.abs(result.classes), magnitude)
    assert (np.sign(result.classes[result.classes != 0]) == np.sign(result.z[result.classes != 0])).all()
    assert result.alpha == (0.10, 0.05, 0.01)
    assert result.hot.tolist() == (result.classes > 0).tolist()
    assert set(np.round(result.p_sim * 1000).astype(int)) <= set(range(1, 501))
    # without permutations the normal p-values are used
    analytic = getis_ord_gi_star(y, W, permutations=0)
    np.testing.assert_allclose(analytic.p_value, np.minimum(2 * analytic.p_norm, 1))


def test_the_same_seed_gives_the_same_p_values(district):
    W, y = district
    first = getis_ord_gi_star(y, W, permutations=499, seed=9)
    again = getis_ord_gi_star(y, W, permutations=499, seed=9)
    other = getis_ord_gi_star(y, W, permutations=499, seed=10)
    np.testing.assert_array_equal(first.p_sim, again.p_sim)
    assert not np.array_equal(first.p_sim, other.p_sim)


def test_islands_and_constant_values_are_not_tested():
    W = sp.csr_matrix(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]], dtype=float))
    result = getis_ord_gi_star([1.0, 5.0, 2.0, 9.0], W, permutations=99, seed=1)
    assert result.neighbours.tolist() == [1, 2, 1, 0]
    assert np.isnan(result.z[3]) and np.isnan(result.p_sim[3]) and np.isnan(result.q_value[3])
    assert not np.isnan(result.z[:3]).any()
    assert result.classes[3] == 0
    flat = getis_ord_gi_star([4.0, 4.0, 4.0, 4.0], W, permutations=99, seed=1)
    assert np.isnan(flat.z).all() and np.isnan(flat.p_sim).all()
    assert flat.classes.tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([1.0, -1.0, 2.0], {}, "non-negative"),
        ([1.0, np.nan, 2.0], {}, "non-negative"),
        ([1.0, 2.0], {}, r"\(3, 3\), expected \(2, 2\)"),
        ([1.0, 2.0, 3.0], {"transform": "V"}, "transform"),
        ([1.0, 2.0, 3.0], {"permutations": -1}, "permutations"),
        ([1.0, 2.0, 3.0], {"alpha": (0.05, 1.5)}, "alpha"),
    ],
)
def test_gi_star_validation(values, kwargs, message):
    W = lattice(1, 3)
    with pytest.raises(ValueError, match=message):
        getis_ord_gi_star(values, W, **kwargs)


def test_benjamini_hochberg_by_hand():
    """p sorted: .005 .01 .03 .04 .20 (m = 5) → p·m/rank: .025 .025 .05 .05 .20, already monotone;
    the NaN is no test and does not count in m."""
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.005, np.nan, 0.20])
    np.testing.assert_allclose(q[[0, 1, 2, 3, 5]], [0.025, 0.05, 0.05, 0.025, 0.20])
    assert np.isnan(q[4])
    # step-up: .04·3/1 = .12, .041·3/2 = .0615, .042·3/3 = .042 → the minimum from the top down
    np.testing.assert_allclose(benjamini_hochberg([0.04, 0.041, 0.042]), [0.042, 0.042, 0.042])
    np.testing.assert_allclose(benjamini_hochberg([0.9, 0.8]), [0.9, 0.9])
    assert benjamini_hochberg([]).size == 0


def test_distance_band_weights_equal_libpysal():
    points = np.random.default_rng(8).uniform(0, 1000, (150, 2))
    ours = distance_band_weights(points, 120.0)
    ref = libpysal.weights.DistanceBand(points, threshold=120.0, binary=True, silence_warnings=True)
    assert (ours != ref.sparse).nnz == 0
    assert ours.diagonal().sum() == 0
    assert (ours != ours.T).nnz == 0
    with pytest.raises(ValueError, match="positive"):
        distance_band_weights(points, 0)
