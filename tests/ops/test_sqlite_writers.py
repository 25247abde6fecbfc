"""`make run`'s SQLite holds ten writers at once: WAL, IMMEDIATE transactions and a busy timeout.

tests/ops/sqlite_writer.py runs in a process of its own on Django's real settings pointed (DATABASE_URL)
at a temporary database file: ten threads, each with its own connection, start writing together, first
read-then-write transactions on a shared counter, then the follow-up's services (a resolution, its
report, the acceptance). None may meet "database is locked", and the counter must come out exact (no
lost update). The control runs the same writers in DEFERRED transactions (Django's default) and must
fail, so the test can tell the difference.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hamafza import settings as project_settings

ROOT = Path(__file__).resolve().parents[2]
WRITERS, ROUNDS, EACH = 10, 60, 3

pytestmark = pytest.mark.skipif(
    project_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the SQLite default of make run; the PostgreSQL run of the suite has no SQLite file to try",
)


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("sqlite")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "SQLITE_", "TASKS_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'hamafza.sqlite3'}",
        CONTROL_DATABASE=str(folder / "control.sqlite3"),
        DJANGO_SETTINGS_MODULE="hamafza.settings",
    )
    done = subprocess.run(
        [sys.executable, "-m", "tests.ops.sqlite_writer", str(WRITERS), str(ROUNDS), str(EACH)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["file"] = folder / "hamafza.sqlite3"
    return result


def test_the_file_database_is_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(run):
    assert run["schema"] == {"journal_mode": "wal"}
    assert {r["journal_mode"] for r in run["raw"]} == {"wal"}
    # WAL is a property of the file: a plain connection sees it too.
    with sqlite3.connect(run["file"]) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert run["settings"]["transaction_mode"] == "IMMEDIATE"
    assert run["settings"]["timeout"] >= 5


def test_ten_read_then_write_writers_meet_no_lock_and_lose_no_update(run):
    assert [r["errors"] for r in run["raw"]] == [[]] * WRITERS
    assert sum(r["done"] for r in run["raw"]) == WRITERS * ROUNDS
    # Every read-then-write saw the counter as the one before it left it.
    assert run["raw_counted"] == {"total": WRITERS * ROUNDS, "rows": WRITERS * ROUNDS * 5}


def test_ten_writers_through_the_follow_up_services_meet_no_lock(run):
    assert [r["errors"] for r in run["services"]] == [[]] * WRITERS
    assert sum(r["done"] for r in run["services"]) == WRITERS * EACH
    assert run["resolutions"] == run["accepted"] == WRITERS * EACH


def test_control_deferred_transactions_do_meet_the_lock(run):
    """The same read-then-write writers in Django's default DEFERRED mode: SQLite refuses some at once."""
    errors = [e for r in run["control"] for e in r["errors"]]
    assert errors
    assert all("database is locked" in e for e in errors)
