"""Allocation of pledges to needs: as much priority-weighted value met as the pledges allow.

A transportation problem: pledge i may give to need j only where they are compatible (category, region);
x[i, j] ≥ 0 is the amount given; no pledge gives more than it offered, no need receives more than it
lacks; maximise Σ weight[j] · x[i, j]. Solved as a linear program with scipy's HiGHS; with integer
amounts its optimum is integral (the constraint matrix is totally unimodular). `greedy` is the baseline
a person would follow: the most important need first, from whichever compatible pledge has most left.

`allocate` builds one variable per compatible pair: a million pairs at the issue's size. In the product
compatibility goes by class (a pledge's category and region against a need's), pledges of one class are
interchangeable and needs of one class differ only in weight, so `allocate_by_class` solves the same
problem as a network on classes — x[pledge class → need class] for the compatible class pairs and
z[need] ≤ lacking per need, Σ_c x[p, c] ≤ supply of p, Σ_p x[p, c] = Σ_{j ∈ c} z[j], maximise
Σ weight[j] · z[j] — and splits the class flows back onto pledges and needs. Same optimum, exactly;
`allocate` stays as the check.
"""

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
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


def class_pairs(
    pledge_classes: Sequence[Hashable],
    need_classes: Sequence[Hashable],
    fits: Callable[[Hashable, Hashable], bool],
) -> list[tuple[int, int]]:
    """The (pledge, need) pairs that the classes make compatible: what `allocate` takes."""
    return [
        (p, n) for p, pc in enumerate(pledge_classes) for n, nc in enumerate(need_classes) if fits(pc, nc)
    ]


def _index(classes: Sequence[Hashable]) -> tuple[list[Hashable], np.ndarray]:
    """The distinct classes in order of first appearance, and each item's class number."""
    numbers: dict[Hashable, int] = {}
    of = np.fromiter(
        (numbers.setdefault(c, len(numbers)) for c in classes), dtype=np.int64, count=len(classes)
    )
    return list(numbers), of


def _is_integral(*arrays: np.ndarray) -> bool:
    return all(np.array_equal(a, np.round(a)) for a in arrays)


def allocate_by_class(
    pledge_amounts: np.ndarray | list,
    pledge_classes: Sequence[Hashable],
    need_amounts: np.ndarray | list,
    weights: np.ndarray | list,
    need_classes: Sequence[Hashable],
    fits: Callable[[Hashable, Hashable], bool] | None = None,
    *,
    fitting: Callable[[Hashable], Iterable[Hashable]] | None = None,
) -> AllocationResult:
    """The optimal allocation when pledge i may give to need j exactly where
    `fits(pledge_classes[i], need_classes[j])`; `fits` is asked once per pair of distinct classes.
    Where the caller knows them, `fitting(pledge_class)` may list the need classes a pledge class fits
    instead, which spares asking `fits` of every pair (thousands × thousands in a big body).

    The same optimum as `allocate` on `class_pairs(...)`. With integer amounts every amount given is an
    integer (the class network's matrix is totally unimodular; the dual simplex returns a vertex).
    """
    supply = np.asarray(pledge_amounts, dtype=float)
    demand = np.asarray(need_amounts, dtype=float)
    weight = np.asarray(weights, dtype=float)
    if (supply < 0).any() or (demand < 0).any() or (weight < 0).any():
        raise ValueError("amounts and weights must not be negative")
    if len(pledge_classes) != len(supply) or len(need_classes) != len(demand) or len(weight) != len(demand):
        raise ValueError("one class per pledge, one class and one weight per need")
    pledge_kinds, pledge_class_of = _index(pledge_classes)
    need_kinds, need_class_of = _index(need_classes)
    if fitting is not None:
        need_number = {kind: c for c, kind in enumerate(need_kinds)}
        flows = sorted(
            {
                (p, need_number[ck])
                for p, pk in enumerate(pledge_kinds)
                for ck in fitting(pk)
                if ck in need_number
            }
        )
    elif fits is not None:
        flows = [
            (p, c) for p, pk in enumerate(pledge_kinds) for c, ck in enumerate(need_kinds) if fits(pk, ck)
        ]
    else:
        raise ValueError("say which classes fit: `fits` or `fitting`")
    if not flows or len(demand) == 0:
        return AllocationResult([], 0.0, "optimal")
    flow_from = np.array([p for p, _ in flows], dtype=np.int64)
    flow_to = np.array([c for _, c in flows], dtype=np.int64)
    n_flows, n_needs = len(flows), len(demand)
    n_pledge_kinds, n_need_kinds = len(pledge_kinds), len(need_kinds)
    class_supply = np.bincount(pledge_class_of, weights=supply, minlength=n_pledge_kinds)
    # Columns: the class flows x, then one z per need. Rows: pledge classes (≤ supply), then need
    # classes (flows in − Σ z = 0).
    a_ub = sparse.csr_matrix(
        (np.ones(n_flows), (flow_from, np.arange(n_flows))), shape=(n_pledge_kinds, n_flows + n_needs)
    )
    a_eq = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_flows), -np.ones(n_needs)]),
            (np.concatenate([flow_to, need_class_of]), np.arange(n_flows + n_needs)),
        ),
        shape=(n_need_kinds, n_flows + n_needs),
    )
    cost = np.concatenate([np.zeros(n_flows), -weight])
    bounds = np.column_stack(
        [np.zeros(n_flows + n_needs), np.concatenate([np.full(n_flows, np.inf), demand])]
    )
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=class_supply,
        A_eq=a_eq,
        b_eq=np.zeros(n_need_kinds),
        bounds=bounds,
        method="highs-ds",
    )
    if result.status != 0:
        return AllocationResult([], 0.0, result.message)
    flow, met = result.x[:n_flows], result.x[n_flows:]
    integral = _is_integral(supply, demand)
    if integral:
        flow, met = np.round(flow), np.round(met)
    tolerance = 0.0 if integral else 1e-9
    allocations = _split(
        flow, flow_from, flow_to, met, supply, pledge_class_of, need_class_of, weight, tolerance
    )
    value = sum(weight[a.need] * a.amount for a in allocations)
    return AllocationResult(allocations, float(value), "optimal")


def _split(
    flow: np.ndarray,
    flow_from: np.ndarray,
    flow_to: np.ndarray,
    met: np.ndarray,
    supply: np.ndarray,
    pledge_class_of: np.ndarray,
    need_class_of: np.ndarray,
    weight: np.ndarray,
    tolerance: float,
) -> list[Allocation]:
    """Turn class flows into pledge → need amounts: each pledge class is a queue of its pledges (what
    each has left), each need class a queue of its needs (what each receives, the weightiest first);
    a flow takes from the front of both queues until it is used up."""
    pledge_queues: dict[int, deque] = {}
    for i in np.flatnonzero(supply > tolerance):
        pledge_queues.setdefault(int(pledge_class_of[i]), deque()).append([int(i), float(supply[i])])
    need_queues: dict[int, deque] = {}
    for j in sorted(np.flatnonzero(met > tolerance), key=lambda j: (-weight[j], j)):
        need_queues.setdefault(int(need_class_of[j]), deque()).append([int(j), float(met[j])])
    allocations: list[Allocation] = []
    for k in np.flatnonzero(flow > tolerance):
        left = float(flow[k])
        pledges, needs = pledge_queues[int(flow_from[k])], need_queues[int(flow_to[k])]
        while left > tolerance and pledges and needs:
            pledge, need = pledges[0], needs[0]
            amount = min(left, pledge[1], need[1])
            allocations.append(Allocation(pledge[0], need[0], amount))
            left -= amount
            pledge[1] -= amount
            need[1] -= amount
            if pledge[1] <= tolerance:
                pledges.popleft()
            if need[1] <= tolerance:
                needs.popleft()
    return allocations
