"""`python -m bench.matching`: allocating 5,000 pledges to 10,000 needs (the issue-5 size) by the linear
program on classes of hamafza.lib.matching against the greedy baseline: time, value met, feasibility,
peak memory.

Peak memory is given twice: the peak of Python allocations during the class program (tracemalloc; numpy
reports to it, HiGHS's own C++ memory does not), and the process's peak RSS after it (before the million
compatible pairs that greedy needs are built). `--pairwise` also solves the pair-by-pair program (one
variable per compatible pair, minutes and about a gigabyte) and checks that both reach the same value.
"""

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from hamafza.lib.matching import AllocationResult, allocate, allocate_by_class, greedy

NEEDS, PLEDGES, CATEGORIES, REGIONS = 10_000, 5_000, 10, 40
ANYWHERE = -1


def make(seed: int = 1403) -> dict:
    """Needs and pledges in categories and regions; a pledge fits the needs of its category in its
    region, or in any region for one pledge in five (a donor who gives wherever it is needed)."""
    rng = np.random.default_rng(seed)
    need_cat = rng.integers(0, CATEGORIES, NEEDS)
    need_region = rng.integers(0, REGIONS, NEEDS)
    need_amount = rng.integers(1, 100, NEEDS).astype(float)
    need_weight = rng.gamma(2.0, 1.0, NEEDS)
    pledge_cat = rng.integers(0, CATEGORIES, PLEDGES)
    pledge_region = np.where(rng.random(PLEDGES) < 0.2, ANYWHERE, rng.integers(0, REGIONS, PLEDGES))
    pledge_amount = rng.integers(1, 250, PLEDGES).astype(float)
    return {
        "supply": pledge_amount,
        "pledge_classes": list(zip(pledge_cat.tolist(), pledge_region.tolist(), strict=True)),
        "demand": need_amount,
        "weight": need_weight,
        "need_classes": list(zip(need_cat.tolist(), need_region.tolist(), strict=True)),
    }


def fits(pledge_class: tuple[int, int], need_class: tuple[int, int]) -> bool:
    return pledge_class[0] == need_class[0] and pledge_class[1] in (ANYWHERE, need_class[1])


def pairs_of(data: dict) -> np.ndarray:
    """Every compatible (pledge, need) pair, grouped through the classes (what greedy and the pairwise
    program take)."""
    needs_of: dict[tuple[int, int], list[int]] = {}
    needs_of_cat: dict[int, list[int]] = {}
    for n, (cat, region) in enumerate(data["need_classes"]):
        needs_of.setdefault((cat, region), []).append(n)
        needs_of_cat.setdefault(cat, []).append(n)
    pairs = []
    for p, (cat, region) in enumerate(data["pledge_classes"]):
        targets = needs_of_cat.get(cat, []) if region == ANYWHERE else needs_of.get((cat, region), [])
        pairs.extend((p, n) for n in targets)
    return np.array(pairs, dtype=np.int64)


def check_feasible(result: AllocationResult, data: dict) -> None:
    """No pledge gives more than it offered, no need gets more than it lacks, every amount goes to a
    compatible pair; exits with a message otherwise."""
    given = np.zeros(len(data["supply"]))
    received = np.zeros(len(data["demand"]))
    for a in result.allocations:
        if not fits(data["pledge_classes"][a.pledge], data["need_classes"][a.need]):
            sys.exit(f"incompatible line: pledge {a.pledge} → need {a.need}")
        if a.amount <= 0 or a.amount != round(a.amount):
            sys.exit(f"amount not a positive integer: {a}")
        given[a.pledge] += a.amount
        received[a.need] += a.amount
    if (given > data["supply"] + 1e-6).any() or (received > data["demand"] + 1e-6).any():
        sys.exit("a pledge or a need is exceeded")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.split("\n")[0])
    parser.add_argument("--pairwise", action="store_true", help="also solve pair by pair and compare")
    args = parser.parse_args(argv)

    data = make()
    classes = (len(set(data["pledge_classes"])), len(set(data["need_classes"])))
    tracemalloc.start()
    started = time.perf_counter()
    best = allocate_by_class(
        data["supply"], data["pledge_classes"], data["demand"], data["weight"], data["need_classes"], fits
    )
    lp_seconds = time.perf_counter() - started
    _, lp_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after_lp = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    check_feasible(best, data)

    pairs = pairs_of(data)
    print(
        f"{PLEDGES:,} pledges ({classes[0]} classes), {NEEDS:,} needs ({classes[1]} classes), "
        f"{len(pairs):,} compatible pairs"
    )
    started = time.perf_counter()
    base = greedy(data["supply"], data["demand"], data["weight"], pairs)
    greedy_seconds = time.perf_counter() - started
    check_feasible(base, data)

    print(
        f"linear program on classes: {lp_seconds:.2f} s, value met {best.value:,.0f} ({best.status}), "
        f"{len(best.allocations):,} lines, {sum(a.amount for a in best.allocations):,.0f} units given"
    )
    print(
        f"greedy baseline: {greedy_seconds:.2f} s, value met {base.value:,.0f}, "
        f"{sum(a.amount for a in base.allocations):,.0f} units given"
    )
    print(f"the program meets {100 * (best.value / base.value - 1):.1f}% more value; both feasible")
    print(
        f"peak memory: {lp_peak / 2**20:.0f} MB of Python allocations in the class program; "
        f"process peak RSS {rss_after_lp:.0f} MB after it"
    )
    if args.pairwise:
        started = time.perf_counter()
        check = allocate(data["supply"], data["demand"], data["weight"], pairs)
        print(f"pairwise program: {time.perf_counter() - started:.1f} s, value met {check.value:,.0f}")
        if abs(check.value - best.value) > 1e-6 * max(1.0, check.value):
            sys.exit("the class program and the pairwise program disagree")
        print("the class program reaches the pairwise optimum")
    return 0


if __name__ == "__main__":
    sys.exit(main())
