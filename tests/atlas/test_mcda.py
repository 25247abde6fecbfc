"""AHP weights and consistency ratio against the literature; TOPSIS and weighted sum against hand arithmetic."""

import math

import numpy as np
import pytest

from hamafza.lib.mcda import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    ahp_weights,
    check_reciprocal,
    rank_descending,
    reciprocal_matrix,
    topsis,
    weighted_sum,
)

# Saaty, T. L. (1990). How to make a decision: The analytic hierarchy process. European Journal of
# Operational Research 48(1), 9–26. The house example: the eight criteria (size of house,
# transportation, neighbourhood, age of house, yard space, modern facilities, general condition,
# financing) compared pairwise.
SAATY_1990_HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# Same paper: the three houses A, B, C compared on "size of house".
SAATY_1990_HOUSE_SIZE = [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]]
# Saaty, T. L. (2008). Decision making with the analytic hierarchy process. International Journal of
# Services Sciences 1(1), 83–98. "Which drink is consumed more in the U.S.?" (coffee, wine, tea,
# beer, sodas, milk, water).
SAATY_2008_DRINKS = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]


def test_ahp_saaty_1990_house_criteria_is_refused_as_inconsistent():
    """Saaty (1990), table of the eight criteria: priorities .173 .054 .188 .018 .031 .036 .167 .333,
    lambda_max = 9.669, CI = 0.238, CR = 0.169 (> 0.1: the paper asks for the judgments to be revisited)."""
    result = ahp_weights(SAATY_1990_HOUSE_CRITERIA)
    assert np.round(result.weights, 3).tolist() == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert round(result.lambda_max, 3) == 9.669
    assert round(result.ci, 3) == 0.238
    assert result.ri == 1.41
    assert round(result.cr, 3) == 0.169
    assert not result.acceptable


def test_ahp_saaty_1990_house_size():
    """Saaty (1990), houses compared on size: A .754, B .181, C .065; lambda_max = 3.136, CI = 0.068,
    CR = 0.117."""
    result = ahp_weights(SAATY_1990_HOUSE_SIZE)
    assert np.round(result.weights, 3).tolist() == [0.754, 0.181, 0.065]
    assert round(result.lambda_max, 3) == 3.136
    assert round(result.ci, 3) == 0.068
    assert round(result.cr, 3) == 0.117
    assert result.cr > CR_THRESHOLD


def test_ahp_saaty_2008_drinks_is_acceptable():
    """Saaty (2008), table 3: derived consumption .177 .019 .042 .116 .190 .129 .327 (actual:
    .180 .010 .040 .120 .180 .140 .330). lambda_max = 7.177 and CR = 0.022 (with RI = 1.32) follow
    from the matrix; the paper prints the priorities only."""
    result = ahp_weights(SAATY_2008_DRINKS)
    assert np.round(result.weights, 3).tolist() == [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert round(result.lambda_max, 3) == 7.177
    assert round(result.cr, 3) == 0.022
    assert result.acceptable
    assert math.isclose(result.weights.sum(), 1.0)


def test_ahp_geometric_mean_is_close_to_the_eigenvector_and_exact_when_consistent():
    drinks = ahp_weights(SAATY_2008_DRINKS, method="geometric_mean")
    assert np.abs(drinks.weights - ahp_weights(SAATY_2008_DRINKS).weights).max() < 0.01
    assert 0 < drinks.cr < CR_THRESHOLD
    w = np.array([0.5, 0.3, 0.2])
    consistent = w[:, None] / w[None, :]
    for method in ("eigenvector", "geometric_mean"):
        result = ahp_weights(consistent, method=method)
        assert np.allclose(result.weights, w)
        assert math.isclose(result.lambda_max, 3.0)
        assert result.cr == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="method"):
        ahp_weights(consistent, method="power")


def test_ahp_orders_one_and_two_are_always_consistent():
    assert ahp_weights([[1]]) == (pytest.approx([1.0]), 1.0, 0.0, 0.0, 0.0)
    two = ahp_weights([[1, 3], [1 / 3, 1]])
    assert np.allclose(two.weights, [0.75, 0.25])
    assert (two.lambda_max, two.ci, two.ri, two.cr) == (2.0, 0.0, 0.0, 0.0)


def test_random_index_table():
    assert len(RANDOM_INDEX) == 15
    assert RANDOM_INDEX[:10] == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    with pytest.raises(ValueError, match="15 criteria"):
        ahp_weights(np.ones((16, 16)))


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2], [0.5, 1], [1, 1]], "square"),
        ([[1, 0], [0, 1]], "positive"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, np.nan], [1, 1]], "positive"),
        ([[2, 2], [0.5, 1]], "diagonal"),
        ([[1, 3], [3, 1]], r"\(0, 1\) = 3 is not the reciprocal of \(1, 0\) = 3"),
    ],
)
def test_check_reciprocal_refuses(matrix, message):
    with pytest.raises(ValueError, match=message):
        check_reciprocal(matrix)


def test_check_reciprocal_accepts_rounded_reciprocals():
    assert check_reciprocal([[1, 3], [0.33, 1]]).tolist() == [[1, 3], [0.33, 1]]
    assert check_reciprocal([[1, 0.11], [9, 1]]).tolist() == [[1, 0.11], [9, 1]]


def test_reciprocal_matrix_from_the_upper_triangle():
    matrix = reciprocal_matrix([6, 8, 4], 3)
    assert np.allclose(matrix, SAATY_1990_HOUSE_SIZE)
    with pytest.raises(ValueError, match="3 criteria need 3 comparisons, got 2"):
        reciprocal_matrix([6, 8], 3)


# TOPSIS by hand. Three neighbourhoods, three indicators; the first two are harms (higher = more
# priority, benefit True), the third is lower-is-worse (benefit False). Weights 0.5, 0.3, 0.2.
#   column norms: sqrt(3²+4²+0²) = 5, sqrt(1²+2²+2²) = 3, sqrt(6²+0²+8²) = 10
#   normalised:   [.6 .8 0], [1/3 2/3 2/3], [.6 0 .8]
#   weighted v:   [.3 .4 0], [.1 .2 .2],    [.12 0 .16]
#   ideal = (.4, .2, 0)   anti-ideal = (0, .1, .16)
#   A1 (.3 .1 .12): d+² = .01 + .01 + .0144 = .0344   d-² = .09 + 0 + .0016 = .0916
#   A2 (.4 .2 0):   d+² = 0                            d-² = .16 + .01 + .0256 = .1956
#   A3 (0 .2 .16):  d+² = .16 + 0 + .0256 = .1856      d-² = 0 + .01 + 0 = .01
#   C = d- / (d+ + d-):  A1 .620, A2 1.000, A3 .188  →  ranks 2, 1, 3
HAND_MATRIX = [[3, 1, 6], [4, 2, 0], [0, 2, 8]]
HAND_WEIGHTS = [0.5, 0.3, 0.2]
HAND_BENEFIT = [True, True, False]


def test_topsis_hand_computed():
    result = topsis(HAND_MATRIX, HAND_WEIGHTS, HAND_BENEFIT)
    d_plus = [math.sqrt(0.0344), 0.0, math.sqrt(0.1856)]
    d_minus = [math.sqrt(0.0916), math.sqrt(0.1956), math.sqrt(0.01)]
    assert np.allclose(result.d_plus, d_plus)
    assert np.allclose(result.d_minus, d_minus)
    assert np.allclose(result.scores, [m / (p + m) for p, m in zip(d_plus, d_minus, strict=True)])
    assert np.round(result.scores, 3).tolist() == [0.620, 1.000, 0.188]
    assert result.ranks.tolist() == [2, 1, 3]


def test_topsis_contributions_explain_the_score():
    result = topsis(HAND_MATRIX, HAND_WEIGHTS, HAND_BENEFIT)
    assert np.allclose(0.5 + result.contributions.sum(axis=1), result.scores)
    # A1, indicator 1: ((.3 - 0)² - (.3 - .4)²) / (2 (d+ + d-)²) pushes it up; indicator 3 pulls it down
    total = math.sqrt(0.0344) + math.sqrt(0.0916)
    assert result.contributions[0, 0] == pytest.approx((0.09 - 0.01) / (2 * total**2))
    assert result.contributions[0, 2] == pytest.approx((0.0016 - 0.0144) / (2 * total**2))
    # A2 is the ideal on every indicator: all its contributions are positive
    assert (result.contributions[1] > 0).all()


def test_topsis_zero_column_ties_and_identical_alternatives():
    with_zeros = topsis([row + [0] for row in HAND_MATRIX], HAND_WEIGHTS + [0.0], HAND_BENEFIT + [True])
    assert np.allclose(with_zeros.scores, topsis(HAND_MATRIX, HAND_WEIGHTS, HAND_BENEFIT).scores)
    # a zero column with weight: all alternatives equal on it, it changes nothing but the weights
    zero_weighted = topsis([[1, 0], [2, 0], [3, 0]], [1, 1], [True, True])
    assert np.allclose(zero_weighted.scores, [0.0, 0.5, 1.0])
    tied = topsis([[1, 5], [3, 2], [1, 5], [0, 0]], [1, 1], [True, True])
    assert tied.scores[0] == tied.scores[2]
    assert tied.ranks.tolist() == [2, 1, 2, 4]
    same = topsis([[2, 3], [2, 3], [2, 3]], [1, 2], [True, False])
    assert same.scores.tolist() == [0.5, 0.5, 0.5]
    assert same.ranks.tolist() == [1, 1, 1]
    assert (same.contributions == 0).all()


def test_weighted_sum_hand_computed():
    """Min-max: col 1 (3,4,0) → (.75, 1, 0); col 2 (1,2,2) → (0, 1, 1); col 3 lower-is-worse
    (6,0,8) → ((8-6)/8, 1, 0) = (.25, 1, 0). Scores: .5·.75 + .3·0 + .2·.25 = .425; 1; .3."""
    result = weighted_sum(HAND_MATRIX, HAND_WEIGHTS, HAND_BENEFIT)
    assert np.allclose(result.scores, [0.425, 1.0, 0.3])
    assert np.allclose(result.contributions, [[0.375, 0, 0.05], [0.5, 0.3, 0.2], [0, 0.3, 0]])
    assert np.allclose(result.contributions.sum(axis=1), result.scores)
    assert result.ranks.tolist() == [2, 1, 3]


def test_weighted_sum_max_normalisation_and_unnormalised_weights():
    """Max: col 1 → (.75, 1, 0); col 2 → (.5, 1, 1); col 3 → 1 - x/8 = (.25, 1, 0). Weights 5:3:2."""
    result = weighted_sum(HAND_MATRIX, [5, 3, 2], HAND_BENEFIT, normalise="max")
    assert np.allclose(result.scores, [0.375 + 0.15 + 0.05, 1.0, 0.3])
    assert result.ranks.tolist() == [2, 1, 3]
    with pytest.raises(ValueError, match="non-negative values"):
        weighted_sum([[-1, 2], [1, 2]], [1, 1], [True, True], normalise="max")
    with pytest.raises(ValueError, match="Unknown normalisation"):
        weighted_sum(HAND_MATRIX, HAND_WEIGHTS, HAND_BENEFIT, normalise="z")


def test_weighted_sum_constant_column_and_ties():
    result = weighted_sum([[1, 7], [2, 7], [1, 7]], [0.5, 0.5], [True, True])
    assert np.allclose(result.scores, [0.0, 0.5, 0.0])
    assert result.ranks.tolist() == [2, 1, 2]


def test_a_higher_harm_ranks_higher():
    harm = [[10.0], [30.0], [20.0]]
    assert topsis(harm, [1], [True]).ranks.tolist() == [3, 1, 2]
    assert weighted_sum(harm, [1], [True]).ranks.tolist() == [3, 1, 2]
    assert topsis(harm, [1], [False]).ranks.tolist() == [1, 3, 2]


@pytest.mark.parametrize(
    ("matrix", "weights", "benefit", "message"),
    [
        ([[1, np.nan]], [1, 1], [True, True], "missing"),
        ([[1, 2]], [1], [True, True], "one weight"),
        ([[1, 2]], [1, -1], [True, True], "non-negative"),
        ([[1, 2]], [0, 0], [True, True], "non-negative"),
        (np.empty((0, 2)), [1, 1], [True, True], "at least one"),
    ],
)
def test_decision_matrix_validation(matrix, weights, benefit, message):
    with pytest.raises(ValueError, match=message):
        topsis(matrix, weights, benefit)
    with pytest.raises(ValueError, match=message):
        weighted_sum(matrix, weights, benefit)


def test_rank_descending_gives_ties_the_lowest_rank():
    assert rank_descending([0.2, 0.9, 0.2, 0.5, 0.9]).tolist() == [4, 1, 4, 3, 1]
    assert rank_descending([0.1 + 0.2, 0.3]).tolist() == [1, 1]  # equal to 12 decimals
