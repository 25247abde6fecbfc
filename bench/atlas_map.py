"""Server time of the atlas map's data and of a neighbourhood profile on summary tables at scale.

`.venv/bin/python -m bench.atlas_map [--rebuild] [--requests 50] [--warmups 5]`

The data set lives in its own PostgreSQL database (BENCH_ATLAS_MAP_URL, by default
postgres://postgres@127.0.0.1:5432/hamafza_bench_atlas_map): a city of 25 districts × 80 = 2,000
synthetic neighbourhoods (square boundaries on a grid), their residents for 1403, 25 harm categories
with a count and a rate (per 10,000 residents) indicator each, and a dense summary of 12 Jalali months
(Farvardin–Esfand 1403) × 25 categories × 2,000 neighbourhoods = 600,000 IncidentSummary rows, written
straight into the table with COPY as the imports would leave it. A marker table lets later runs reuse it.

Each request goes in-process through django.test.Client as a logged-in user, DEBUG off: warm-ups, then
the timed requests (the whole Django request: session, middleware, queries, classification, JSON or
HTML), then one more to count its queries. Figures go to the terminal and to bench/out/atlas_map.json.
"""

import argparse
import io
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

from bench.common import prepare_data_set, setup_django_env, timed, write_marker

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench_atlas_map"
OUT = Path(__file__).resolve().parent / "out" / "atlas_map.json"
TARGET_P95_MS = 100.0
VERSION = 1
SEED = 1403
MARKER = "bench_atlas_map_marker"
DISTRICTS, PER_DISTRICT = 25, 80
CATEGORIES = 25
YEAR = 1403
MONTHS = [YEAR * 100 + m for m in range(1, 13)]
CELL = 0.005  # degrees: a neighbourhood is a square of about 500 m
COLUMNS = 50  # the grid is 50 × 40 cells


def _setup() -> str:
    return setup_django_env(os.environ.get("BENCH_ATLAS_MAP_URL", DEFAULT_URL), "atlas map")


def _square(column: int, row: int) -> dict:
    x, y = 51.0 + column * CELL, 35.5 + row * CELL
    ring = [[x, y], [x + CELL, y], [x + CELL, y + CELL], [x, y + CELL], [x, y]]
    return {"type": "Polygon", "coordinates": [[[round(a, 6), round(b, 6)] for a, b in ring]]}


def generate() -> float:
    """Regions, categories, indicators, denominators and the summary rows; returns the seconds taken."""
    from django.db import connection, transaction

    from hamafza.accounts.models import User
    from hamafza.atlas.models import HarmCategory, Indicator, RegionYear
    from hamafza.places.models import Region

    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        province = Region.objects.create(name="استان نمونه", kind="province", code="BM-P")
        county = Region.objects.create(name="شهرستان نمونه", kind="county", code="BM-C", parent=province)
        city = Region.objects.create(name="شهر نمونه", kind="city", code="BM-CITY", parent=county)
        districts = Region.objects.bulk_create(
            Region(name=f"منطقه {d + 1}", kind="district", code=f"BM-D{d + 1:02d}", parent=city)
            for d in range(DISTRICTS)
        )
        # District d holds a block of 10 × 8 cells of the 50 × 40 grid.
        hoods = []
        for d, district in enumerate(districts):
            block_column, block_row = (d % 5) * 10, (d // 5) * 8
            for n in range(PER_DISTRICT):
                column, row = block_column + n % 10, block_row + n // 10
                hoods.append(
                    Region(
                        name=f"محله {d + 1}-{n + 1}",
                        kind="neighbourhood",
                        code=f"BM-N{d + 1:02d}-{n + 1:03d}",
                        parent=district,
                        population=rng.randint(3_000, 40_000),
                        households=rng.randint(1_000, 12_000),
                        boundary=_square(column, row),
                        is_target=rng.random() < 0.05,
                    )
                )
        Region.objects.bulk_create(hoods, batch_size=1000)
        hoods = list(
            Region.objects.filter(kind="neighbourhood")
            .order_by("code")
            .values_list("pk", "population", "boundary")
        )
        RegionYear.objects.bulk_create(
            (RegionYear(region_id=pk, year=YEAR, population=population) for pk, population, _b in hoods),
            batch_size=2000,
        )
        categories = []
        for c in range(CATEGORIES):
            category = HarmCategory.objects.create(
                code=f"bench_{c:02d}", name=f"آسیب {c + 1}", name_en=f"Harm {c + 1}", order=c
            )
            categories.append(category)
            Indicator.objects.create(
                code=f"bench_{c:02d}_count", name=f"تعداد آسیب {c + 1}", category=category, source="incidents"
            )
            Indicator.objects.create(
                code=f"bench_{c:02d}_rate",
                name=f"آسیب {c + 1} در هر ۱۰٬۰۰۰ نفر",
                category=category,
                source="incidents",
                kind="rate",
                denominator="population",
                per=10_000,
            )
        # A dense summary: every neighbourhood × month × category, with clustered intensity (a few hot
        # centres per category) so that maps and hot spots look like something.
        out = io.StringIO()
        for category in categories:
            centres = [(rng.uniform(0, 50), rng.uniform(0, 40)) for _ in range(3)]
            for pk, population, boundary in hoods:
                x0, y0 = boundary["coordinates"][0][0]
                column, row = (x0 - 51.0) / CELL, (y0 - 35.5) / CELL
                heat = sum(math.exp(-((column - cx) ** 2 + (row - cy) ** 2) / 30) for cx, cy in centres)
                intensity = (0.5 + 6 * heat) * population / 10_000
                for month in MONTHS:
                    count = max(0, round(rng.gauss(intensity, math.sqrt(intensity) + 0.5)))
                    out.write(f"{pk}\t{month}\t{category.pk}\t{count}\n")
        out.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(
                "COPY atlas_incidentsummary (region_id, month, category_id, count) FROM STDIN"
            ) as copy:
                while chunk := out.read(1 << 20):
                    copy.write(chunk)
        User.objects.create_user("bench-reader", "bench@example.org", "not-used-bench-only")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        write_marker(cursor, MARKER, VERSION, SEED, seconds)
        cursor.execute("VACUUM ANALYZE")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.atlas_map", description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set")
    parser.add_argument("--requests", type=int, default=50, help="timed requests (default 50)")
    parser.add_argument("--warmups", type=int, default=5, help="untimed requests first (default 5)")
    args = parser.parse_args()
    url = _setup()

    mark = prepare_data_set(
        url, marker=MARKER, version=VERSION, seed=SEED, rebuild=args.rebuild, generate=generate
    )
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hamafza.accounts.models import User
    from hamafza.atlas.models import IncidentSummary
    from hamafza.places.models import Region

    client = Client()
    client.force_login(User.objects.get(username="bench-reader"))
    hood = Region.objects.get(code="BM-N13-045")
    last = MONTHS[-1]
    requests = [
        (
            "map data: 2,000 neighbourhoods, rate, quantiles",
            f"/atlas/data/?indicator=bench_07_rate&level=neighbourhood&month={last}",
        ),
        (
            "map data: 2,000 neighbourhoods, 12 months, Jenks",
            f"/atlas/data/?indicator=bench_07_count&level=neighbourhood&month={last}&span=12&method=jenks",
        ),
        ("map data: 25 districts, rate", f"/atlas/data/?indicator=bench_07_rate&level=district&month={last}"),
        ("neighbourhood profile (50 indicators)", f"/atlas/regions/{hood.pk}/?month={last}"),
        ("boundaries: 2,000 neighbourhoods (cached)", "/atlas/boundaries/neighbourhood/"),
        (
            "hot spots: 2,000 neighbourhoods, 999 permutations",
            f"/atlas/hotspots/?indicator=bench_07_rate&level=neighbourhood&month={last}",
        ),
    ]

    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"Warning: the machine is busy (load {load_before:.1f}); the times will be high and noisy.")
    figures = {}
    for label, path in requests:

        def call(path=path):
            response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            return response

        timing = timed(call, args.requests, args.warmups)
        with CaptureQueriesContext(connection) as captured:
            response = call()
        timing.update({"url": path, "queries": len(captured), "bytes": len(response.content)})
        figures[label] = timing

    # The slow tail of the heavier requests is Python's full garbage collection (a process of Django,
    # numpy, scipy and shapely holds ~170,000 objects; a full pass takes tens of milliseconds and comes
    # every few requests). Servers usually call gc.freeze() once the application is loaded; the same
    # requests are measured again after it, to show what that changes.
    import gc

    gc.collect()
    gc.freeze()
    for label, path in requests[:4]:

        def call(path=path):
            return client.get(path)

        frozen = timed(call, args.requests, args.warmups)
        figures[label]["after_gc_freeze"] = {"median_ms": frozen["median_ms"], "p95_ms": frozen["p95_ms"]}
    gc.unfreeze()

    data = {
        "generated_on": str(mark["made_on"]),
        "generation_seconds": round(mark["seconds"], 1),
        "neighbourhoods": Region.objects.filter(kind="neighbourhood").count(),
        "incident_summary_rows": IncidentSummary.objects.count(),
        "months": len(MONTHS),
        "categories": CATEGORIES,
    }
    print(
        f"Data set: {data['neighbourhoods']:,} neighbourhoods in {DISTRICTS} districts, {CATEGORIES} categories, "
        f"{data['months']} months; {data['incident_summary_rows']:,} summary rows"
    )
    print(f"\n{'request':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'KB':>7} {'p95 frozen':>11}")
    for label, timing in figures.items():
        frozen = timing.get("after_gc_freeze", {}).get("p95_ms")
        print(
            f"{label:<52} {timing['median_ms']:>10.1f} {timing['p95_ms']:>8.1f} {timing['queries']:>8} "
            f"{timing['bytes'] / 1024:>7.0f} {'' if frozen is None else f'{frozen:.1f}':>11}"
        )
    print(
        "(p95 frozen: the same requests after gc.freeze(), as a server would call it after loading the app)"
    )
    targeted = [label for label in figures if label.startswith(("map data", "neighbourhood profile"))]
    met = all(figures[label]["p95_ms"] <= TARGET_P95_MS for label in targeted)
    print(
        f"Target p95 ≤ {TARGET_P95_MS:.0f} ms for the map data and the profile: {'met' if met else 'MISSED'}"
    )
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "data": data,
                "requests": figures,
                "target_p95_ms": TARGET_P95_MS,
                "target_met": met,
                "machine": {
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "load_before": round(load_before, 2),
                },
            },
            ensure_ascii=False,
            indent=2,
        )
    )
    print(f"Figures written to {OUT.relative_to(Path.cwd()) if OUT.is_relative_to(Path.cwd()) else OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
