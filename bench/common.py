"""What the PostgreSQL benchmarks share: settings for a measured run, the marker that lets a generated
data set be reused, and the timing of repeated requests."""

import math
import os
import statistics
import sys
import time
import warnings


def setup_django_env(url: str, name: str) -> str:
    """Point Django at the bench database, as in production (DEBUG off, quiet logs)."""
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"The {name} benchmark needs PostgreSQL.")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault(
        "COUNSELING_FERNET_KEY", "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMzJieXQ="
    )  # settings require one with DEBUG off
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files not collected
    return url


def read_marker(url: str, table: str) -> dict | None:
    """The marker of a generated data set (version, seed, when, how long), or None."""
    import psycopg

    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone()[0] is None:
            return None
        row = conn.execute(f"SELECT version, seed, made_on, seconds FROM {table}").fetchone()
    return None if row is None else dict(zip(["version", "seed", "made_on", "seconds"], row, strict=True))


def write_marker(cursor, table: str, version: int, seed: int, seconds: float) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(f"CREATE TABLE {table} (version int, seed int, made_on timestamptz, seconds float)")
    cursor.execute(f"INSERT INTO {table} VALUES (%s, %s, now(), %s)", [version, seed, seconds])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def timed(call, requests: int, warmups: int, *, before=None) -> dict:
    """Call `call` `warmups` times untimed, run `before` (if any), then time `requests` calls (ms)."""
    for _ in range(warmups):
        call()
    if before is not None:
        before()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return {
        "requests": requests,
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
    }


def prepare_data_set(url: str, *, marker: str, version: int, seed: int, rebuild: bool, generate) -> dict:
    """Create the bench database if missing, start Django on it and migrate; regenerate the data set
    (`generate()`, which writes the marker) unless one of this version and seed is there already."""
    from bench import pg

    pg.ensure_database(url)
    mark = read_marker(url, marker)
    fresh = rebuild or mark is None or mark["version"] != version or mark["seed"] != seed
    if fresh:
        pg.recreate_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if fresh:
        print("Generating the data set…")
        generate()
        return read_marker(url, marker)
    print(f"Reusing the data set generated on {mark['made_on']} (--rebuild to regenerate).")
    return mark
