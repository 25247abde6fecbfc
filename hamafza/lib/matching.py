"""Allocation of pledges to needs: as much priority-weighted value met as the pledges allow.

A transportation problem: pledge i may give to need j only where they are compatible (category, region);
x[i, j] ≥ 0 is the amount given; no pledge gives more than it offered, no need receives more than it
lacks; maximise Σ weight[j] · x[i, j]. Solved as a linear program with scipy's HiGHS; with integer
amounts its optimum is integral (the constraint matrix is totally unimodular). `greedy` is the baseline
a person would follow: the most important need first, from whichever compatible pledge has most left.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import linprog


@dataclass(frozen=True)
class Allocation:
    pledge: int  # index into the pledges
    need: int  # index into the needs
    amount: float


@dataclass
class AllocationResult:
    allocations: list[Allocation]
    value: float  # Σ weight · amount
    status: str  # "optimal", or the solver's message


def _edges(compatible: np.ndarray | list) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.asarray(compatible, dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def allocate(
    pledge_amounts: np.ndarray | list,
    need_amounts: np.ndarray | list,
    weights: np.ndarray | list,
    compatible: np.ndarray | list,
) -> AllocationResult:
    """`compatible` lists the (pledge, need) pairs that may be matched. Returns the optimal allocation."""
    supply = np.asarray(pledge_amounts, dtype=float)
    demand = np.asarray(need_amounts, dtype=float)
    weight = np.asarray(weights, dtype=float)
    if (supply < 0).any() or (demand < 0).any() or (weight < 0).any():
        raise ValueError("amounts and weights must not be negative")
    pledge_of, need_of = _edges(compatible)
    edges = len(pledge_of)
    if edges == 0:
        return AllocationResult([], 0.0, "optimal")
    columns = np.arange(edges)
    rows = sparse.vstack(
        [
            sparse.csr_matrix((np.ones(edges), (pledge_of, columns)), shape=(len(supply), edges)),
            sparse.csr_matrix((np.ones(edges), (need_of, columns)), shape=(len(demand), edges)),
        ]
    ).tocsr()
    bounds = np.concatenate([supply, demand])
    result = linprog(-weight[need_of], A_ub=rows, b_ub=bounds, bounds=(0, None), method="highs")
    if result.status != 0:
        return AllocationResult([], 0.0, result.message)
    amounts = np.where(result.x > 1e-9, result.x, 0.0)
    allocations = [
        Allocation(int(pledge_of[k]), int(need_of[k]), float(amounts[k])) for k in np.flatnonzero(amounts)
    ]
    return AllocationResult(allocations, float(weight[need_of] @ amounts), "optimal")


def greedy(
    pledge_amounts: np.ndarray | list,
    need_amounts: np.ndarray | list,
    weights: np.ndarray | list,
    compatible: np.ndarray | list,
) -> AllocationResult:
    """The baseline: needs by weight (highest first), each filled from its compatible pledges, the one
    with most left first."""
    left = np.asarray(pledge_amounts, dtype=float).copy()
    demand = np.asarray(need_amounts, dtype=float)
    weight = np.asarray(weights, dtype=float)
    pledge_of, need_of = _edges(compatible)
    by_need: dict[int, list[int]] = {}
    for p, n in zip(pledge_of.tolist(), need_of.tolist(), strict=True):
        by_need.setdefault(n, []).append(p)
    allocations, value = [], 0.0
    for need in sorted(by_need, key=lambda n: (-weight[n], n)):
        wanted = demand[need]
        for pledge in sorted(by_need[need], key=lambda p: (-left[p], p)):
            if wanted <= 0:
                break
            amount = min(wanted, left[pledge])
            if amount > 0:
                left[pledge] -= amount
                wanted -= amount
                allocations.append(Allocation(pledge, need, float(amount)))
                value += weight[need] * amount
    return AllocationResult(allocations, float(value), "greedy")
