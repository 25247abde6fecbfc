import itertools
import random

import pytest

from hamafza.lib.matching import allocate, greedy


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
