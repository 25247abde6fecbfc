import itertools
import random

import numpy as np
import pytest

from hamafza.lib.matching import allocate, allocate_by_class, class_pairs, greedy


def totals(result, pledges, needs):
    given = [0.0] * pledges
    received = [0.0] * needs
    for a in result.allocations:
        given[a.pledge] += a.amount
        received[a.need] += a.amount
    return given, received


def test_a_hand_checked_case_where_greedy_is_not_best():
    # Pledge 0 (10) fits needs 0 and 1; pledge 1 (10) fits need 0 only. Need 0 (weight 3) lacks 10,
    # need 1 (weight 2) lacks 10. Greedy fills need 0 from pledge 0 (the larger first on a tie: the lower
    # index) and leaves need 1 empty: 30. The optimum gives pledge 1 to need 0 and pledge 0 to need 1: 50.
    args = ([10, 10], [10, 10], [3, 2], [(0, 0), (0, 1), (1, 0)])
    best = allocate(*args)
    assert best.value == pytest.approx(50)
    assert sorted((a.pledge, a.need, a.amount) for a in best.allocations) == [(0, 1, 10.0), (1, 0, 10.0)]
    assert greedy(*args).value == pytest.approx(30)


def brute_force(supply, demand, weight, compatible) -> float:
    """The best value over every integer allocation (integer data has an integral optimum)."""
    best = 0.0
    ranges = [range(min(supply[p], demand[n]) + 1) for p, n in compatible]
    for amounts in itertools.product(*ranges):
        given = [0] * len(supply)
        received = [0] * len(demand)
        for (p, n), x in zip(compatible, amounts, strict=True):
            given[p] += x
            received[n] += x
        if all(g <= s for g, s in zip(given, supply, strict=True)) and all(
            r <= d for r, d in zip(received, demand, strict=True)
        ):
            best = max(best, sum(weight[n] * x for (p, n), x in zip(compatible, amounts, strict=True)))
    return best


@pytest.mark.parametrize("seed", range(25))
def test_no_better_allocation_exists_and_no_limit_is_exceeded(seed):
    rng = random.Random(seed)
    pledges, needs = rng.randint(1, 3), rng.randint(1, 3)
    supply = [rng.randint(0, 3) for _ in range(pledges)]
    demand = [rng.randint(0, 3) for _ in range(needs)]
    weight = [rng.randint(1, 5) for _ in range(needs)]
    pairs = [(p, n) for p in range(pledges) for n in range(needs) if rng.random() < 0.7][:5]
    result = allocate(supply, demand, weight, pairs)
    given, received = totals(result, pledges, needs)
    assert all(g <= s + 1e-9 for g, s in zip(given, supply, strict=True))
    assert all(r <= d + 1e-9 for r, d in zip(received, demand, strict=True))
    assert all((a.pledge, a.need) in pairs for a in result.allocations)
    assert result.value == pytest.approx(brute_force(supply, demand, weight, pairs))
    assert result.value >= greedy(supply, demand, weight, pairs).value - 1e-9


def test_refuses_negative_input_and_handles_no_pairs():
    with pytest.raises(ValueError):
        allocate([-1], [1], [1], [(0, 0)])
    assert allocate([5], [5], [1], []).value == 0


# The program on classes. A class here is (category, region); a pledge's region None fits anywhere, and
# region r fits the needs of r and of its children (r * 10 + k), as a province holds its counties.


def fits(pledge_class, need_class):
    category, region = pledge_class
    if category is not None and category != need_class[0]:
        return False
    return region is None or need_class[1] in (region, region * 10, region * 10 + 1)


def random_case(rng, pledges, needs, most=30):
    pledge_classes = [
        (rng.choice([None, "a", "b"]), rng.choice([None, 1, 2, 10, 11])) for _ in range(pledges)
    ]
    need_classes = [(rng.choice(["a", "b"]), rng.choice([1, 2, 10, 11, 20])) for _ in range(needs)]
    supply = [rng.randint(0, most) for _ in range(pledges)]
    demand = [rng.randint(0, most) for _ in range(needs)]
    weight = [rng.randint(1, 9) for _ in range(needs)]
    return supply, pledge_classes, demand, weight, need_classes


def check_within_limits(result, supply, pledge_classes, demand, need_classes):
    given, received = totals(result, len(supply), len(demand))
    assert all(g <= s for g, s in zip(given, supply, strict=True))
    assert all(r <= d for r, d in zip(received, demand, strict=True))
    for a in result.allocations:
        assert fits(pledge_classes[a.pledge], need_classes[a.need])
        assert a.amount > 0
        assert a.amount == int(a.amount)  # integral amounts, never 9.999…


@pytest.mark.parametrize("seed", range(60))
def test_the_class_program_reaches_the_pairwise_optimum(seed):
    rng = random.Random(seed)
    supply, pledge_classes, demand, weight, need_classes = random_case(
        rng, rng.randint(1, 25), rng.randint(1, 40)
    )
    result = allocate_by_class(supply, pledge_classes, demand, weight, need_classes, fits)
    pairs = class_pairs(pledge_classes, need_classes, fits)
    assert result.status == "optimal"
    assert result.value == pytest.approx(allocate(supply, demand, weight, pairs).value)
    assert result.value >= greedy(supply, demand, weight, pairs).value
    check_within_limits(result, supply, pledge_classes, demand, need_classes)
    assert result.value == pytest.approx(sum(weight[a.need] * a.amount for a in result.allocations))


@pytest.mark.parametrize("seed", range(25))
def test_the_class_program_matches_brute_force_on_tiny_cases(seed):
    rng = random.Random(1000 + seed)
    supply, pledge_classes, demand, weight, need_classes = random_case(
        rng, rng.randint(1, 3), rng.randint(1, 3), 3
    )
    pairs = class_pairs(pledge_classes, need_classes, fits)[:5]
    # Keep the brute force small: only the classes whose pairs survive the cut stay compatible.
    allowed = set(pairs)
    pledge_classes = [(i, c) for i, c in enumerate(pledge_classes)]
    need_classes = [(j, c) for j, c in enumerate(need_classes)]

    def fits_cut(pledge_class, need_class):
        return (pledge_class[0], need_class[0]) in allowed

    result = allocate_by_class(supply, pledge_classes, demand, weight, need_classes, fits_cut)
    assert result.value == pytest.approx(brute_force(supply, demand, weight, pairs))
    given, received = totals(result, len(supply), len(demand))
    assert all(g <= s for g, s in zip(given, supply, strict=True))
    assert all(r <= d for r, d in zip(received, demand, strict=True))
    assert all((a.pledge, a.need) in allowed for a in result.allocations)


def test_the_class_program_on_the_hand_checked_case():
    # As above, in classes: pledge 0 may give to any category, pledge 1 only to "road". Need 0 (road,
    # weight 3) and need 1 (school, weight 2) lack 10 each. Greedy: 30; the program: 50.
    pledge_classes = [(None, None), ("road", None)]
    need_classes = [("road", 1), ("school", 1)]
    result = allocate_by_class([10, 10], pledge_classes, [10, 10], [3, 2], need_classes, fits)
    assert result.value == pytest.approx(50)
    assert sorted((a.pledge, a.need, a.amount) for a in result.allocations) == [(0, 1, 10.0), (1, 0, 10.0)]
    pairs = class_pairs(pledge_classes, need_classes, fits)
    assert pairs == [(0, 0), (0, 1), (1, 0)]
    assert greedy([10, 10], [10, 10], [3, 2], pairs).value == pytest.approx(30)


def test_interchangeable_pledges_are_split_over_needs_of_one_class():
    # Three pledges of one class (7, 5, 4 = 16) and three needs of one class lacking 6, 6, 6 with weights
    # 1, 5, 3: the two weightiest needs get 6 each, the lightest the remaining 4.
    result = allocate_by_class([7, 5, 4], [("a", None)] * 3, [6, 6, 6], [1, 5, 3], [("a", 1)] * 3, fits)
    received = totals(result, 3, 3)[1]
    assert received == [4.0, 6.0, 6.0]
    assert result.value == pytest.approx(4 * 1 + 6 * 5 + 6 * 3)
    check_within_limits(result, [7, 5, 4], [("a", None)] * 3, [6, 6, 6], [("a", 1)] * 3)


def test_the_class_program_refuses_bad_input_and_handles_nothing_to_match():
    with pytest.raises(ValueError):
        allocate_by_class([-1], ["p"], [1], [1], ["n"], lambda p, n: True)
    with pytest.raises(ValueError):
        allocate_by_class([1], ["p"], [1], [1, 2], ["n"], lambda p, n: True)
    assert allocate_by_class([5], ["p"], [5], [1], ["n"], lambda p, n: False).allocations == []
    assert allocate_by_class([], [], [5], [1], ["n"], lambda p, n: True).value == 0
    assert allocate_by_class([5], ["p"], [], [], [], lambda p, n: True).value == 0


def test_fitting_lists_give_the_same_optimum_as_asking_fits():
    rng = np.random.default_rng(7)
    for _ in range(20):
        pledge_classes = [int(c) for c in rng.integers(0, 4, 8)]
        need_classes = [int(c) for c in rng.integers(0, 5, 12)]
        table = {(p, n): bool(rng.random() < 0.5) for p in range(4) for n in range(5)}
        supply, demand = rng.integers(0, 30, 8), rng.integers(0, 20, 12)
        weights = rng.integers(1, 9, 12)
        asked = allocate_by_class(
            supply, pledge_classes, demand, weights, need_classes, lambda p, n, table=table: table[p, n]
        )
        listed = allocate_by_class(
            supply,
            pledge_classes,
            demand,
            weights,
            need_classes,
            fitting=lambda p, table=table: [n for n in range(5) if table[p, n]],
        )
        assert listed.value == pytest.approx(asked.value)
    with pytest.raises(ValueError):
        allocate_by_class([1], [0], [1], [1], [0])
