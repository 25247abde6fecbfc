"""The benchmark's PostgreSQL database, handled directly with psycopg before Django starts."""

import os
import sys

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hamafza_bench"


def database_url() -> str:
    """DATABASE_URL, or the default bench database; it must be PostgreSQL."""
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"The dashboard benchmark needs PostgreSQL; DATABASE_URL is {url.split(':', 1)[0]}.")
    return url


def safe(url: str) -> str:
    """The URL without its password, for messages."""
    info = conninfo_to_dict(url)
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname')}"


def _name(url: str) -> str:
    return conninfo_to_dict(url)["dbname"]


def _admin(url: str) -> psycopg.Connection:
    return psycopg.connect(make_conninfo(url, dbname="postgres", connect_timeout=3), autocommit=True)


def ensure_database(url: str) -> None:
    """Create the database if it is missing; leave the process with a clear message if no server answers."""
    try:
        admin = _admin(url)
    except psycopg.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"SKIPPED: no PostgreSQL server answers at {safe(url)} ({first_line}).")
        sys.exit(0)
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [_name(url)]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{_name(url)}"')


def recreate_database(url: str) -> None:
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{_name(url)}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{_name(url)}"')


def read_marker(url: str) -> dict | None:
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('bench_marker')").fetchone()[0] is None:
            return None
        row = conn.execute(
            "SELECT version, seed, made_on, seconds, resolutions, reports FROM bench_marker"
        ).fetchone()
    if row is None:
        return None
    return dict(zip(["version", "seed", "made_on", "seconds", "resolutions", "reports"], row, strict=True))


def holds_data(url: str) -> bool:
    """Whether the database has meetings in it (so is not ours to drop)."""
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('meetings_meeting')").fetchone()[0] is None:
            return False
        return conn.execute("SELECT EXISTS (SELECT 1 FROM meetings_meeting)").fetchone()[0]
