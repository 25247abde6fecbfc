"""`python -m bench.matching`: allocating 5,000 pledges to 10,000 needs (the issue-5 size), by the linear
program of hamafza.lib.matching against the greedy baseline: time, value met, peak memory."""

import resource
import sys
import time

import numpy as np

from hamafza.lib.matching import allocate, greedy

NEEDS, PLEDGES, CATEGORIES, REGIONS = 10_000, 5_000, 10, 40


def make(seed: int = 1403):
    """Needs and pledges in categories and regions; a pledge fits the needs of its category in its
    region, or in any region for one pledge in five (a donor who gives wherever it is needed)."""
    rng = np.random.default_rng(seed)
    need_cat = rng.integers(0, CATEGORIES, NEEDS)
    need_region = rng.integers(0, REGIONS, NEEDS)
    need_amount = rng.integers(1, 100, NEEDS).astype(float)
    need_weight = rng.gamma(2.0, 1.0, NEEDS)
    pledge_cat = rng.integers(0, CATEGORIES, PLEDGES)
    pledge_region = np.where(rng.random(PLEDGES) < 0.2, -1, rng.integers(0, REGIONS, PLEDGES))
    pledge_amount = rng.integers(1, 250, PLEDGES).astype(float)
    pairs = []
    by_group: dict[tuple[int, int], list[int]] = {}
    for n in range(NEEDS):
        by_group.setdefault((int(need_cat[n]), int(need_region[n])), []).append(n)
    by_cat: dict[int, list[int]] = {}
    for n in range(NEEDS):
        by_cat.setdefault(int(need_cat[n]), []).append(n)
    for p in range(PLEDGES):
        targets = (
            by_cat[int(pledge_cat[p])]
            if pledge_region[p] < 0
            else by_group.get((int(pledge_cat[p]), int(pledge_region[p])), [])
        )
        pairs.extend((p, n) for n in targets)
    return pledge_amount, need_amount, need_weight, np.array(pairs, dtype=np.int64)


def main() -> int:
    supply, demand, weight, pairs = make()
    print(f"{PLEDGES:,} pledges, {NEEDS:,} needs, {len(pairs):,} compatible pairs")
    started = time.perf_counter()
    best = allocate(supply, demand, weight, pairs)
    lp_seconds = time.perf_counter() - started
    started = time.perf_counter()
    base = greedy(supply, demand, weight, pairs)
    greedy_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"linear program: {lp_seconds:.2f} s, value met {best.value:,.0f} ({best.status})")
    print(f"greedy baseline: {greedy_seconds:.2f} s, value met {base.value:,.0f}")
    print(
        f"the program meets {100 * (best.value / base.value - 1):.1f}% more value; peak memory {peak:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
