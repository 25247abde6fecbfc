"""Server time of a priority-ranking request: TOPSIS over 6 indicators for a city of 2,000 neighbourhoods.

`.venv/bin/python -m bench.atlas_ranking [--rebuild] [--requests 50] [--warmups 5]`

The data set lives in its own PostgreSQL database (BENCH_RANKING_URL, by default
postgres://postgres@127.0.0.1:5432/hamafza_bench_ranking): one city of 20 districts × 100
neighbourhoods, 12 Jalali months (Farvardin–Esfand 1403) of summary rows for four incident-counted
indicators (two counts, two rates per 10,000 residents) and monthly values of two reported
indicators, written straight into IncidentSummary and IndicatorValue as the imports would leave them.
A marker table lets later runs reuse it.

The ranking page (/atlas/ranking/ with the area, period, six indicators, direct weights and TOPSIS)
is requested in-process through django.test.Client as a logged-in system administrator (who also gets
the save form), DEBUG off: warm-ups, then the timed requests (whole Django request: middleware,
form, the three summary queries, TOPSIS, the first page of 100 rows), then one more to count its
queries. The service alone (compute_ranking) is timed the same way. Figures go to the terminal and
to bench/out/atlas_ranking.json.
"""

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

from bench.common import prepare_data_set, setup_django_env, timed, write_marker

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench_ranking"
OUT = Path(__file__).resolve().parent / "out" / "atlas_ranking.json"
TARGET_P95_MS = 100.0
VERSION = 1
SEED = 1403
MARKER = "bench_ranking_marker"
DISTRICTS, PER_DISTRICT = 20, 100
YEAR = 1403
MONTHS = [YEAR * 100 + m for m in range(1, 13)]
CITY_CODE = "BENCH-CITY"


def _setup() -> str:
    return setup_django_env(os.environ.get("BENCH_RANKING_URL", DEFAULT_URL), "ranking")


def generate() -> float:
    """Regions, taxonomy, denominators, summary rows and reported values; returns the seconds taken."""
    from django.db import connection, transaction

    from hamafza.accounts.models import User
    from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator, IndicatorValue, RegionYear
    from hamafza.places.models import Region

    started = time.perf_counter()
    rng = random.Random(SEED)
    with transaction.atomic():
        province = Region.objects.create(name="استان نمونه", kind="province", code="BENCH-P")
        county = Region.objects.create(name="شهرستان نمونه", kind="county", code="BENCH-C", parent=province)
        city = Region.objects.create(name="شهر نمونه", kind="city", code=CITY_CODE, parent=county)
        districts = Region.objects.bulk_create(
            Region(name=f"منطقه {d + 1}", kind="district", code=f"BENCH-D{d + 1:02d}", parent=city)
            for d in range(DISTRICTS)
        )
        Region.objects.bulk_create(
            (
                Region(
                    name=f"محله {d + 1}-{n + 1}",
                    kind="neighbourhood",
                    code=f"BENCH-N{d + 1:02d}-{n + 1:03d}",
                    parent=district,
                    population=rng.randint(3_000, 40_000),
                    households=rng.randint(1_000, 12_000),
                )
                for d, district in enumerate(districts)
                for n in range(PER_DISTRICT)
            ),
            batch_size=1000,
        )
        hoods = list(
            Region.objects.filter(kind="neighbourhood").values_list("pk", "population", "households")
        )
        RegionYear.objects.bulk_create(
            (RegionYear(region_id=pk, year=YEAR, population=pop, households=hh) for pk, pop, hh in hoods),
            batch_size=2000,
        )
        specs = [
            ("theft", "سرقت", "incidents", "count", ""),
            ("assault", "نزاع و درگیری", "incidents", "count", ""),
            ("addiction", "اعتیاد", "incidents", "rate", "population"),
            ("domestic_violence", "خشونت خانگی", "incidents", "rate", "households"),
            ("school_dropout", "ترک تحصیل", "reported", "count", ""),
            ("divorce", "طلاق", "reported", "count", ""),
        ]
        indicators = []
        for order, (code, name, source, kind, denominator) in enumerate(specs):
            category = HarmCategory.objects.create(code=code, name=name, name_en=code, order=order)
            indicators.append(
                Indicator.objects.create(
                    code=f"{code}_{kind}",
                    name=f"{name} ({'نرخ' if kind == 'rate' else 'تعداد'})",
                    category=category,
                    source=source,
                    kind=kind,
                    denominator=denominator,
                )
            )
        # Some neighbourhoods are far worse than others (a lognormal intensity per neighbourhood and
        # category); a month without incidents has no summary row, as the imports leave it.
        summaries, values = [], []
        for pk, population, _households in hoods:
            for indicator in indicators:
                intensity = rng.lognormvariate(0, 0.8) * population / 10_000
                for month in MONTHS:
                    count = max(0, round(rng.gauss(intensity * 3, intensity + 1)))
                    if indicator.source == "incidents":
                        if count:
                            summaries.append(
                                IncidentSummary(
                                    region_id=pk, month=month, category_id=indicator.category_id, count=count
                                )
                            )
                    else:
                        values.append(
                            IndicatorValue(indicator=indicator, region_id=pk, month=month, value=count)
                        )
        IncidentSummary.objects.bulk_create(summaries, batch_size=5000)
        IndicatorValue.objects.bulk_create(values, batch_size=5000)
        User.objects.create_superuser("bench-admin", "bench@example.org", "not-used-bench-only")
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        write_marker(cursor, MARKER, VERSION, SEED, seconds)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.atlas_ranking", description=__doc__.split("\n")[0])
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
    from django.urls import reverse

    from hamafza.accounts.models import User
    from hamafza.atlas.models import IncidentSummary, Indicator, IndicatorValue
    from hamafza.atlas.services import ranking
    from hamafza.places.models import Region

    city = Region.objects.get(code=CITY_CODE)
    indicators = list(
        Indicator.objects.filter(
            category__code__in=[
                "theft",
                "assault",
                "addiction",
                "domestic_violence",
                "school_dropout",
                "divorce",
            ]
        )
    )
    neighbourhoods = ranking.area_neighbourhoods(city).count()
    query = {
        "area": city.pk,
        "period_start": str(MONTHS[0]),
        "period_end": str(MONTHS[-1]),
        "indicators": [i.pk for i in indicators],
        "weighting": "direct",
        "method": "topsis",
        **{f"w_{i.pk}": str(n + 1) for n, i in enumerate(indicators)},
    }
    client = Client()
    client.force_login(User.objects.get(username="bench-admin"))
    page_url = reverse("atlas:ranking")

    def page():
        response = client.get(page_url, query)
        if response.status_code != 200:
            raise RuntimeError(f"{page_url} answered {response.status_code}")
        return response

    criteria = [(indicator, n + 1) for n, indicator in enumerate(indicators)]

    def service():
        return ranking.compute_ranking(city, MONTHS[0], MONTHS[-1], criteria, "topsis")

    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"Warning: the machine is busy (load {load_before:.1f}); the times will be high and noisy.")
    page_figures = timed(page, args.requests, args.warmups, before=gc.freeze)
    with CaptureQueriesContext(connection) as queries:
        response = page()
    result = service()
    page_figures.update({"queries": len(queries), "html_bytes": len(response.content)})
    service_figures = timed(service, args.requests, args.warmups, before=gc.freeze)

    data = {
        "generated_on": str(mark["made_on"]),
        "generation_seconds": round(mark["seconds"], 1),
        "neighbourhoods": neighbourhoods,
        "indicators": len(indicators),
        "months": len(MONTHS),
        "incident_summary_rows": IncidentSummary.objects.count(),
        "indicator_value_rows": IndicatorValue.objects.count(),
        "ranked": len(result.rows),
    }
    print(
        f"Data set: a city of {data['neighbourhoods']:,} neighbourhoods, {data['indicators']} indicators, "
        f"{data['months']} months; {data['incident_summary_rows']:,} summary rows, "
        f"{data['indicator_value_rows']:,} reported values; {data['ranked']:,} neighbourhoods ranked"
    )
    print(f"\n{'request':<44} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    print(
        f"{'ranking page (TOPSIS, 6 indicators)':<44} {page_figures['median_ms']:>10.1f} "
        f"{page_figures['p95_ms']:>8.1f} {page_figures['queries']:>8}"
    )
    print(
        f"{'compute_ranking alone':<44} {service_figures['median_ms']:>10.1f} "
        f"{service_figures['p95_ms']:>8.1f}"
    )
    met = page_figures["p95_ms"] <= TARGET_P95_MS
    print(f"Target p95 ≤ {TARGET_P95_MS:.0f} ms: {'met' if met else 'MISSED'}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(
        json.dumps(
            {
                "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_before": round(load_before, 2),
                "target_p95_ms": TARGET_P95_MS,
                "dataset": data,
                "ranking_page": page_figures,
                "compute_ranking": service_figures,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"Written to {OUT}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
