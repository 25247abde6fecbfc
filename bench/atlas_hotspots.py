"""`python -m bench.atlas_hotspots`: Gi* with 999 permutations on 10,000 units, ours against esda.

The input is a 100×100 lattice with queen contiguity (each cell a unit) holding Poisson(5) counts,
with a planted hot 10×10 block (Poisson(9)) and a cold one (Poisson(2)). Both implementations get
the same values and the same weights (esda a libpysal W built from our sparse matrix, outside the
timing) with binary weights and star=True. Each is timed whole (weights transform, statistic,
permutations, p-values; ours also FDR and classes) as the median of several runs, on one core for
ours; esda (with keep_simulations=False, its fastest setting) is timed with n_jobs=1 and with its
default n_jobs=-1 (joblib processes on every core;
numba is not installed here, so esda's inner loops run in Python, as they do in production). Peak
memory is the peak of Python allocations during one run (tracemalloc; numpy reports to it).
Figures go to the terminal and to bench/out/atlas_hotspots.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

from hamafza.lib.hotspots import benjamini_hochberg, distance_band_weights, getis_ord_gi_star

OUT = Path(__file__).resolve().parent / "out" / "atlas_hotspots.json"
SIDE = 100
PERMUTATIONS = 999


def lattice_input(side: int = SIDE, seed: int = 2024):
    rng = np.random.default_rng(seed)
    y = rng.poisson(5, (side, side)).astype(float)
    y[20:30, 60:70] = rng.poisson(9, (10, 10))
    y[70:80, 15:25] = rng.poisson(2, (10, 10))
    rows, cols = np.divmod(np.arange(side * side), side)
    # queen contiguity on a unit grid: the 8 cells within sqrt(2)
    W = distance_band_weights(np.column_stack([rows, cols]), 1.5)
    return y.ravel(), W


def timed(function, runs: int) -> tuple[float, list[float], object]:
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def peak_mb(function) -> float:
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.atlas_hotspots", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs of ours (default 7; esda gets 3)")
    args = parser.parse_args(argv)

    y, W = lattice_input()
    n = y.size
    seeds = iter(range(10**6))

    def ours():
        return getis_ord_gi_star(y, W, permutations=PERMUTATIONS, seed=next(seeds))

    ours()  # warm-up: first-call imports
    ours_median, ours_times, result = timed(ours, args.runs)
    ours_peak = peak_mb(ours)
    grid = result.classes.reshape(SIDE, SIDE)
    report = {
        "units": n,
        "neighbour_pairs": int(W.nnz),
        "permutations": PERMUTATIONS,
        "load_average": os.getloadavg()[0],
        "ours": {
            "median_s": ours_median,
            "runs_s": ours_times,
            "peak_mb": ours_peak,
            "hot_units": int((result.classes > 0).sum()),
            "cold_units": int((result.classes < 0).sum()),
            "planted_hot_block_found": float((grid[21:29, 61:69] > 0).mean()),
            "planted_cold_block_found": float((grid[71:79, 16:24] < 0).mean()),
        },
    }
    print(
        f"Gi* on {n:,} units ({W.nnz:,} neighbour pairs), {PERMUTATIONS} permutations"
        f" (load average {report['load_average']:.2f})"
    )
    print(f"ours: median {ours_median * 1000:.1f} ms over {args.runs} runs, peak {ours_peak:.0f} MB")
    print(
        f"      {report['ours']['hot_units']} hot and {report['ours']['cold_units']} cold units (FDR, 90%+); "
        f"inner planted blocks found: hot {report['ours']['planted_hot_block_found']:.0%}, "
        f"cold {report['ours']['planted_cold_block_found']:.0%}"
    )

    try:
        import libpysal
        from esda.getisord import G_Local
    except ImportError:
        print("esda: SKIPPED (esda and libpysal are test-only dependencies: pip install -e '.[dev]')")
        _write(report)
        return 0

    w = libpysal.weights.WSP(W).to_W(silence_warnings=True)

    def esda_options(n_jobs: int) -> dict:
        # keep_simulations=False is esda's fastest setting: it does not store the 10,000 × 999 draws
        return {"n_jobs": n_jobs, "seed": next(seeds), "keep_simulations": False}

    esda_results = {}
    for n_jobs in (1, -1):

        def esda(n_jobs=n_jobs):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return G_Local(
                    y, w, transform="B", star=True, permutations=PERMUTATIONS, **esda_options(n_jobs)
                )

        esda()  # warm-up (and for n_jobs=-1, starting the worker processes)
        median, times, ref = timed(esda, 3)
        esda_results[n_jobs] = (median, times, ref)
    esda_peak = peak_mb(
        lambda: G_Local(y, w, transform="B", star=True, permutations=PERMUTATIONS, **esda_options(1))
    )

    ref = esda_results[1][2]
    z_diff = float(np.abs(ref.Zs - result.z).max())
    q = benjamini_hochberg(np.minimum(2 * ref.p_sim, 1))
    esda_95 = (np.sign(ref.Zs) * (q <= 0.05)).astype(int)
    ours_95 = np.sign(result.classes) * (np.abs(result.classes) >= 2)
    agreement = float((esda_95 == ours_95).mean())
    report["esda"] = {
        "version": _version("esda"),
        "n_jobs_1": {"median_s": esda_results[1][0], "runs_s": esda_results[1][1], "peak_mb": esda_peak},
        "n_jobs_all": {
            "median_s": esda_results[-1][0],
            "runs_s": esda_results[-1][1],
            "cores": os.cpu_count(),
        },
    }
    report["ratio_esda_1_over_ours"] = esda_results[1][0] / ours_median
    report["ratio_esda_all_over_ours"] = esda_results[-1][0] / ours_median
    report["max_abs_z_difference"] = z_diff
    report["classification_95_agreement"] = agreement
    print(
        f"esda {report['esda']['version']}, n_jobs=1:  median {esda_results[1][0] * 1000:.0f} ms, peak {esda_peak:.0f} MB"
        f"  → ours is {report['ratio_esda_1_over_ours']:.0f}× faster"
    )
    print(
        f"esda, n_jobs=-1 ({os.cpu_count()} cores): median {esda_results[-1][0] * 1000:.0f} ms"
        f"  → ours is {report['ratio_esda_all_over_ours']:.0f}× faster"
    )
    print(
        f"same input: max |z - esda z| = {z_diff:.1e}; hot/cold at 95% (FDR) agree on {agreement:.1%} of units"
    )
    _write(report)
    if z_diff > 1e-9:
        print("FAILED: z-scores differ from esda's", file=sys.stderr)
        return 1
    return 0


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def _write(report: dict) -> None:
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2))
    print(f"figures written to {OUT.relative_to(OUT.parents[2])}")


if __name__ == "__main__":
    sys.exit(main())
