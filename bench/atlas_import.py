"""Import of a large incident file into PostgreSQL, and a full rebuild of the summary table.

`.venv/bin/python -m bench.atlas_import [--rows N] [--regenerate]`

A CSV of N incidents (default 10,000,000) over Tehran District 21's 25 neighbourhoods is generated
once into bench/out/ (git-ignored; reused when present) by a child process, so its memory does not
count. The bench database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/hamafza_bench_atlas)
is dropped and recreated on every run, so the import starts from an empty incident table. Measured:
the whole `submit_incident_file` (SHA-256, copy into media, parse, place, insert, summary upkeep)
in rows per second, the process's peak RSS, then `rebuild_summary()`. Targets from issue 4 on a
2-core machine: ≥ 250,000 rows/s with < 2 GB peak memory; rebuild ≤ 20 s.

The file: 80% of rows carry coordinates (uniform over the district, those outside every
neighbourhood kept as 0.5% refusals), 20% only a neighbourhood code; dates over Jalali 1403 in the
forms people type (1403/02/15, 1403-2-15, Persian digits, Gregorian 2024-05-04); categories as codes,
Persian or English names; and 0.1% broken dates.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench_atlas"
DEFAULT_ROWS = 10_000_000
SEED = 4
TARGET_ROWS_PER_S = 250_000
TARGET_PEAK_MB = 2048
TARGET_REBUILD_S = 20.0


def csv_path(rows: int) -> Path:
    return OUT / f"atlas_incidents_{rows}.csv"


def generate(rows: int, path: Path) -> None:
    """Write the incident file in chunks of a million rows (numpy + polars, fixed seed)."""
    import numpy as np
    import polars as pl
    import shapely
    from shapely.geometry import shape

    from hamafza.atlas.services.taxonomy import DEFAULT_CATEGORIES
    from hamafza.lib.geo import NeighbourhoodIndex
    from hamafza.places.services import DATA_DIR

    features = json.loads((DATA_DIR / "district21_neighbourhoods.geojson").read_text())["features"]
    polygons = [shape(feature["geometry"]) for feature in features]
    codes = np.array([feature["properties"]["code"] for feature in features])
    index = NeighbourhoodIndex(list(enumerate(polygons)))
    minx, miny, maxx, maxy = shapely.total_bounds(polygons)
    labels = np.array(
        [label for code, name, name_en, _crime in DEFAULT_CATEGORIES for label in (code, name, name_en)]
    )
    first_day = np.datetime64("2024-03-20")  # 1403/01/01
    from hamafza.atlas.imports import jalali_month_starts

    starts = jalali_month_starts()
    rng = np.random.default_rng(SEED)
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    tmp = path.with_suffix(".part")
    with open(tmp, "wb") as handle:
        handle.write("تاریخ,نوع,عرض جغرافیایی,طول جغرافیایی,کد محله\n".encode())
        for start in range(0, rows, 1_000_000):
            n = min(1_000_000, rows - start)
            lon = rng.uniform(minx, maxx, n).round(6)
            lat = rng.uniform(miny, maxy, n).round(6)
            region = index.locate(lon, lat)
            by_code = rng.random(n) < 0.2
            outside = region < 0
            # Rows by code need a neighbourhood; a point outside every one stays as a refusal (~0.5%).
            keep_outside = outside & (rng.random(n) < 0.02)
            region = np.where(outside, rng.integers(0, len(codes), n), region)
            inside_again = outside & ~keep_outside & ~by_code
            centroids = np.array([polygon.representative_point().coords[0] for polygon in polygons])
            jitter = rng.normal(0, 0.0005, (2, int(inside_again.sum())))
            lon[inside_again], lat[inside_again] = (centroids[region[inside_again]].T + jitter).round(6)
            day = rng.integers(0, 365, n)
            date = first_day + day.astype("timedelta64[D]")
            position = (
                np.searchsorted(starts, (date - np.datetime64("1970-01-01")).astype(int), side="right") - 1
            )
            jy, jm = 1300 + position // 12, position % 12 + 1
            jd = (date - np.datetime64("1970-01-01")).astype(int) - starts[position] + 1
            form = rng.random(n)
            frame = pl.DataFrame(
                {
                    "y": jy, "m": jm, "d": jd, "iso": np.datetime_as_string(date, unit="D"), "form": form,
                    "category": labels[rng.integers(0, len(labels), n)],
                    "lat": np.where(by_code, np.nan, lat), "lon": np.where(by_code, np.nan, lon),
                    "code": pl.Series(np.where(by_code, codes[region], "")).replace("", None),
                }
            )  # fmt: skip
            jalali_slash = pl.format(
                "{}/{}/{}",
                "y",
                pl.col("m").cast(pl.String).str.zfill(2),
                pl.col("d").cast(pl.String).str.zfill(2),
            )
            frame = frame.with_columns(
                pl.when(pl.col("form") < 0.001)
                .then(pl.lit("1403/13/45"))
                .when(pl.col("form") < 0.60)
                .then(jalali_slash)
                .when(pl.col("form") < 0.80)
                .then(pl.format("{}-{}-{}", "y", "m", "d"))
                .when(pl.col("form") < 0.85)
                .then(jalali_slash.map_elements(lambda text: text.translate(persian), return_dtype=pl.String))
                .otherwise(pl.col("iso"))
                .alias("date"),
                pl.col("lat").fill_nan(None),
                pl.col("lon").fill_nan(None),
            )  # fmt: skip
            frame.select("date", "category", "lat", "lon", "code").write_csv(handle, include_header=False)
    tmp.rename(path)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(rows: int, *, repeat_rows: bool) -> int:
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from hamafza.accounts.models import User
    from hamafza.atlas.models import Incident, IncidentSummary
    from hamafza.atlas.services.incidents import submit_incident_file
    from hamafza.atlas.services.summary import rebuild_summary
    from hamafza.atlas.services.taxonomy import ensure_taxonomy
    from hamafza.places.services import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    ensure_taxonomy()
    user = User.objects.create_superuser("bench", "bench@localhost", "bench-not-secret")
    path = csv_path(rows)
    size_mb = path.stat().st_size / 1024**2
    rss_before = _rss_mb()

    started = time.perf_counter()
    with open(path, "rb") as handle:
        submission = submit_incident_file(File(handle, name=path.name), by=user, inline=True)
    seconds = time.perf_counter() - started
    batch = submission.batch
    peak = _rss_mb()

    started = time.perf_counter()
    with open(path, "rb") as handle:
        again = submit_incident_file(File(handle, name=path.name), by=user, inline=True)
    repeat_seconds = time.perf_counter() - started

    repeat = None
    if repeat_rows:
        # The same rows in another file (English header, so another SHA-256): every row is read, keyed
        # and found in the table; nothing is added.
        other = OUT / "atlas_incidents_again.csv"
        with open(path, "rb") as source, open(other, "wb") as target:
            source.readline()
            target.write(b"date,category,lat,lon,neighbourhood\n")
            shutil.copyfileobj(source, target, 16 * 1024**2)
        started = time.perf_counter()
        with open(other, "rb") as handle:
            repeat = submit_incident_file(File(handle, name=other.name), by=user, inline=True).batch
        repeat_rows_seconds = time.perf_counter() - started
        other.unlink()

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE atlas_incident")
    incremental = sorted(IncidentSummary.objects.values_list("region_id", "month", "category_id", "count"))
    started = time.perf_counter()
    summary_rows = rebuild_summary()
    rebuild_seconds = time.perf_counter() - started
    rebuilt = sorted(IncidentSummary.objects.values_list("region_id", "month", "category_id", "count"))
    incidents = Incident.objects.count()

    figures = {
        "rows": batch.rows_done,
        "file_mb": round(size_mb, 1),
        "imported": batch.rows_imported,
        "refused": batch.rows_done - batch.rows_imported - batch.rows_skipped,
        "import_seconds": round(seconds, 2),
        "rows_per_second": round(batch.rows_done / seconds),
        "peak_rss_mb": round(peak),
        "rss_before_import_mb": round(rss_before),
        "repeat_file_seconds": round(repeat_seconds, 2),
        "repeat_recognised": again.already_imported,
        "same_rows_other_file": None
        if repeat is None
        else {
            "seconds": round(repeat_rows_seconds, 2),
            "rows_per_second": round(repeat.rows_done / repeat_rows_seconds),
            "imported": repeat.rows_imported,
            "skipped": repeat.rows_skipped,
        },
        "rebuild_seconds": round(rebuild_seconds, 2),
        "summary_rows": summary_rows,
        "summary_matches_rebuild": incremental == rebuilt,
        "summary_total_matches_incidents": sum(row[3] for row in rebuilt) == incidents == batch.rows_imported,
        "status": batch.status,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}",
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "atlas_import.json").write_text(json.dumps(figures, indent=2))
    print(
        f"import: {figures['rows']:,} rows ({size_mb:.0f} MB) in {seconds:.1f} s = "
        f"{figures['rows_per_second']:,} rows/s (target ≥ {TARGET_ROWS_PER_S:,}); "
        f"{figures['imported']:,} imported, {figures['refused']:,} refused"
    )
    print(
        f"peak RSS: {figures['peak_rss_mb']:,} MB (target < {TARGET_PEAK_MB:,}; {rss_before:.0f} MB before)"
    )
    print(f"same file again: recognised={again.already_imported} in {repeat_seconds:.2f} s")
    if repeat is not None:
        print(
            f"same rows in another file: {repeat.rows_done:,} rows in {repeat_rows_seconds:.1f} s = "
            f"{figures['same_rows_other_file']['rows_per_second']:,} rows/s; "
            f"{repeat.rows_imported:,} imported, {repeat.rows_skipped:,} already there"
        )
    print(
        f"rebuild_summary: {rebuild_seconds:.2f} s for {summary_rows:,} rows (target ≤ {TARGET_REBUILD_S:.0f} s)"
    )
    print(
        f"checks: incremental summary == rebuild: {figures['summary_matches_rebuild']}; "
        f"summary total == incidents == imported: {figures['summary_total_matches_incidents']}"
    )
    ok = (
        figures["summary_matches_rebuild"]
        and figures["summary_total_matches_incidents"]
        and batch.status == "done"
        and (repeat is None or repeat.rows_imported == 0)
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.atlas_import", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=DEFAULT_ROWS, help="rows in the file (default 10,000,000)"
    )
    parser.add_argument("--regenerate", action="store_true", help="write the file again even if present")
    parser.add_argument(
        "--no-repeat", action="store_true", help="skip importing the same rows again from another file"
    )
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault(
        "COUNSELING_FERNET_KEY", "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMzJieXQ="
    )  # settings require one with DEBUG off
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    os.environ.setdefault("MEDIA_ROOT", str(OUT / "atlas_media"))
    warnings.filterwarnings("ignore", message="No directory at")

    path = csv_path(args.rows)
    if args.generate_only:
        import django

        django.setup()
        generate(args.rows, path)
        return 0
    from bench import pg

    url = pg.database_url()
    pg.ensure_database(url)
    if pg.holds_data(url):
        sys.exit(f"{pg.safe(url)} holds meetings: refusing to drop it.")
    pg.recreate_database(url)
    OUT.mkdir(exist_ok=True)
    if args.regenerate or not path.exists():
        print(
            f"Generating {args.rows:,} incidents into {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path} …"
        )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "bench.atlas_import", "--rows", str(args.rows), "--generate-only"],
            check=True,
        )
        print(f"  {time.perf_counter() - started:.0f} s")
    shutil.rmtree(OUT / "atlas_media", ignore_errors=True)
    try:
        return run(args.rows, repeat_rows=not args.no_repeat)
    finally:
        shutil.rmtree(OUT / "atlas_media", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
