"""Writing prepared rows and their summary counts: COPY on PostgreSQL (on parallel writers for big
files), a temporary table and INSERT OR IGNORE on SQLite."""

import io
import queue
import threading
from collections.abc import Iterator

import polars as pl
from django.db import IntegrityError, connection, transaction

from hamafza.atlas.imports.preparing import Prepared

# Writers per import on PostgreSQL for a file of more than one chunk: the server spends one core per
# connection, and one connection leaves the second core of a 2-core machine half idle.
PG_WRITERS = 2
WRITE_ATTEMPTS = 5

_PG_EXISTING = "SELECT natural_key FROM atlas_incident WHERE natural_key = ANY(%s::bigint[])"
_PG_COPY = (
    "COPY atlas_incident (natural_key, occurred_on, month, category_id, region_id, lat, lon, batch_id) "
    "FROM STDIN (FORMAT csv)"
)
_PG_SUMMARY = """
INSERT INTO atlas_incidentsummary (region_id, month, category_id, count)
SELECT * FROM unnest(%s::bigint[], %s::integer[], %s::bigint[], %s::integer[])
ON CONFLICT (region_id, month, category_id) DO UPDATE SET count = atlas_incidentsummary.count + EXCLUDED.count
"""

_SQLITE_LOAD_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS atlas_incident_load (
    natural_key INTEGER PRIMARY KEY, occurred_on TEXT, month INTEGER, category_id INTEGER,
    region_id INTEGER, lat REAL, lon REAL
)"""


def _copy_in(raw, rows: pl.DataFrame, batch_id: int) -> None:
    buffer = io.BytesIO()
    rows.with_columns(pl.lit(batch_id, dtype=pl.Int64).alias("batch_id")).write_csv(
        buffer, include_header=False
    )
    with connection.wrap_database_errors, raw.copy(_PG_COPY) as copy:
        copy.write(buffer.getbuffer())


def _write_postgresql(rows: pl.DataFrame, batch_id: int) -> int:
    """COPY the rows straight into the table; if some key is already there, find which with one probe
    and COPY the others. Then add what went in to the summary.

    COPY first because a file of new incidents is the common case and the probe is then wasted: on a
    table of ten million rows it cost as much as the COPY itself (0.9 s for 250,000 keys). A file that
    repeats rows fails its first COPY at the first repeat (rows are sorted by key), which costs little.
    COPY writes the heap in multi-row batches, faster than INSERT … SELECT … ON CONFLICT from a
    temporary table. Another writer may insert one of the keys between the probe and the second COPY:
    it then fails with a unique violation and `write_chunk` runs the chunk again. The summary rows are
    upserted in key order, so two writers lock them in the same order and cannot deadlock.
    """
    with connection.cursor() as cursor:
        raw = cursor.cursor
        try:
            with transaction.atomic():
                _copy_in(raw, rows, batch_id)
        except IntegrityError:
            keys = "{" + ",".join(map(str, rows["natural_key"].to_list())) + "}"
            raw.execute(_PG_EXISTING, [keys])
            existing = [key for (key,) in raw.fetchall()]
            rows = rows.filter(~pl.col("natural_key").is_in(existing))
            if rows.is_empty():
                return 0
            _copy_in(raw, rows, batch_id)
        counts = (
            rows.group_by("region_id", "month", "category_id").len().sort("region_id", "month", "category_id")
        )
        raw.execute(_PG_SUMMARY, [counts[name].to_list() for name in counts.columns])
        return rows.height


def _write_sqlite(rows: pl.DataFrame, batch_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE_LOAD_TABLE)
        cursor.execute("DELETE FROM temp.atlas_incident_load")
        # An id repeated within the file: the first row wins, as ON CONFLICT does on PostgreSQL.
        cursor.executemany(
            "INSERT OR IGNORE INTO temp.atlas_incident_load VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows.with_columns(pl.col("occurred_on").cast(pl.String)).iter_rows(),
        )
        cursor.execute(
            "DELETE FROM temp.atlas_incident_load WHERE natural_key IN (SELECT natural_key FROM atlas_incident)"
        )
        cursor.execute(
            "INSERT INTO atlas_incident (natural_key, occurred_on, month, category_id, region_id, lat, lon, batch_id) "
            "SELECT natural_key, occurred_on, month, category_id, region_id, lat, lon, %s FROM temp.atlas_incident_load",
            [batch_id],
        )
        inserted = cursor.rowcount
        cursor.execute(
            "INSERT INTO atlas_incidentsummary (region_id, month, category_id, count) "
            "SELECT region_id, month, category_id, count(*) FROM temp.atlas_incident_load WHERE true "
            "GROUP BY region_id, month, category_id "
            "ON CONFLICT (region_id, month, category_id) DO UPDATE SET count = count + excluded.count"
        )
        return inserted


def write_rows(rows: pl.DataFrame, batch_id: int) -> int:
    """Insert the rows whose key is new and add them to the summary; the number inserted."""
    if rows.is_empty():
        return 0
    if connection.vendor == "postgresql":
        return _write_postgresql(rows, batch_id)
    return _write_sqlite(rows, batch_id)


def write_chunk(rows: pl.DataFrame, batch_id: int, *, progress=None) -> int:
    """`write_rows` in a transaction of its own (with `progress()` in it), again if another writer
    inserted one of the chunk's keys meanwhile."""
    for attempt in range(WRITE_ATTEMPTS):
        try:
            with transaction.atomic():
                inserted = write_rows(rows, batch_id)
                if progress is not None:
                    progress(inserted)
                return inserted
        except IntegrityError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _parallel_writes(
    items: Iterator[Prepared], batch_id: int, writers: int
) -> Iterator[tuple[Prepared, int]]:
    """Write the chunks on `writers` threads, each with its own database connection (and transaction
    per chunk); yield (chunk, rows inserted) in the order the chunks come."""
    work: queue.Queue = queue.Queue()
    finished: queue.Queue = queue.Queue()

    def writer() -> None:
        try:
            while (job := work.get()) is not None:
                number, item = job
                try:
                    finished.put((number, item, write_chunk(item.rows, batch_id), None))
                except BaseException as error:  # handed to the coordinating thread
                    finished.put((number, item, 0, error))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=writer, name=f"atlas-import-write-{n}") for n in range(writers)]
    for thread in threads:
        thread.start()
    pending: dict[int, tuple[Prepared, int]] = {}
    sent = received = next_out = 0
    try:
        for item in items:
            work.put((sent, item))
            sent += 1
            while sent - received >= writers:
                number, done_item, inserted, error = finished.get()
                received += 1
                if error is not None:
                    raise error
                pending[number] = (done_item, inserted)
                while next_out in pending:
                    yield pending.pop(next_out)
                    next_out += 1
        while received < sent:
            number, done_item, inserted, error = finished.get()
            received += 1
            if error is not None:
                raise error
            pending[number] = (done_item, inserted)
        while next_out in pending:
            yield pending.pop(next_out)
            next_out += 1
    finally:
        for _thread in threads:
            work.put(None)
        for thread in threads:
            thread.join()
