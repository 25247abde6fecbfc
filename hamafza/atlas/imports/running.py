"""The import of a stored batch: chunks parsed in a second thread, written chunk by chunk with the
batch's progress, and the audit record at the end."""

import contextlib
import functools
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.atlas.imports.preparing import Context, Prepared, load_context, prepare
from hamafza.atlas.imports.reading import CSV_BLOCK_BYTES, EXCEL_CHUNK_ROWS, Chunk, read_csv, read_xlsx
from hamafza.atlas.imports.reasons import ImportRefused, reason_text
from hamafza.atlas.imports.storing import PG_WRITERS, _parallel_writes, write_chunk
from hamafza.atlas.models import DataBatch
from hamafza.audit.services import record

MAX_STORED_ERRORS = 1000  # the rest are counted, not listed
# The tunables (CSV_BLOCK_BYTES, EXCEL_CHUNK_ROWS, MAX_STORED_ERRORS, PG_WRITERS) are read from this
# module when an import runs, so that setting hamafza.atlas.imports.running.CSV_BLOCK_BYTES (as tests
# do) changes how a file is read.


def open_table(path: Path) -> tuple[list[str], Iterator[Chunk]]:
    """The fields a file's header names, and its rows in chunks (refused when the header lacks some)."""
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, chunk_rows=EXCEL_CHUNK_ROWS)
    return read_csv(path, block_bytes=CSV_BLOCK_BYTES)


def _estimate_rows(path: Path) -> int:
    if path.suffix.lower() == ".xlsx":
        return 0
    lines = 0
    with open(path, "rb") as handle:
        while block := handle.read(8 * 1024 * 1024):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


def _prepared(chunks: Iterator[Chunk], context: Context, limit: list[int]) -> Iterator[Prepared]:
    """The file's chunks prepared in a second thread, so parsing overlaps with the database's work.

    The thread never touches the database (Django connections are per thread); polars, numpy and
    shapely release the GIL for their heavy parts.
    """
    results: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()
    done = object()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                results.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for chunk in chunks:
                item = prepare(chunk, context, error_limit=limit[0])
                limit[0] -= len(item.errors)
                if not offer(item):
                    return
            offer(done)
        except BaseException as error:  # handed to the consumer, which raises it
            offer(error)

    worker = threading.Thread(target=produce, name="atlas-import-parse", daemon=True)
    worker.start()
    try:
        while (item := results.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def run_import(batch_id: int) -> DataBatch:
    """Import a stored batch's file; used by the background task, the command and small uploads.

    Chunks are committed one by one with the batch's progress (rows_done), so a page can poll it; an
    interrupted import can be run again and continues where the keys say it stopped.
    """
    batch = DataBatch.objects.get(pk=batch_id)
    if batch.status == DataBatch.Status.DONE:
        return batch
    with translation.override(settings.LANGUAGE_CODE):
        path = Path(batch.file.path)
        batch.status = DataBatch.Status.RUNNING
        batch.rows_total = _estimate_rows(path)
        batch.rows_done = batch.rows_imported = batch.rows_skipped = 0
        batch.errors = []
        batch.save(
            update_fields=["status", "rows_total", "rows_done", "rows_imported", "rows_skipped", "errors"]
        )
        try:
            _import(batch, path)
        except ImportRefused as refusal:
            _fail(batch, refusal.code, refusal.message)
            return batch
        except Exception:
            _fail(batch, "failed", _("The import stopped because of an internal error."))
            raise
    return batch


def _import(batch: DataBatch, path: Path) -> None:
    names, chunks = open_table(path)
    context = load_context(batch.uploaded_by)
    context.has_id = "id" in names
    limit = [MAX_STORED_ERRORS]
    failed = 0
    fields = ["rows_total", "rows_done", "rows_imported", "rows_skipped", "errors"]

    def count(item: Prepared, inserted: int) -> None:
        nonlocal failed
        batch.rows_done += item.seen
        batch.rows_imported += inserted
        batch.rows_skipped += item.valid - inserted
        batch.errors.extend(
            {"line": line, "code": code, "value": value, "reason": reason_text(code, value)}
            for line, code, value in item.errors
        )
        failed += item.failed
        batch.rows_total = max(batch.rows_total, batch.rows_done)
        batch.save(update_fields=fields)

    with contextlib.closing(_prepared(chunks, context, limit)) as items:
        parallel = (
            connection.vendor == "postgresql"
            and PG_WRITERS > 1
            and path.stat().st_size > CSV_BLOCK_BYTES
            # Other connections would not see what the caller's transaction has not committed yet.
            and not connection.in_atomic_block
        )
        if parallel:
            # Each chunk commits on its writer's connection; its progress is saved here after that.
            for item, inserted in _parallel_writes(items, batch.pk, PG_WRITERS):
                count(item, inserted)
        else:
            # The progress is saved in the chunk's own transaction.
            for item in items:
                write_chunk(item.rows, batch.pk, progress=functools.partial(count, item))
    batch.rows_total = batch.rows_done
    batch.status = DataBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["rows_total", "status", "finished_at"])
    record(
        actor=batch.uploaded_by,
        action="atlas.incidents_imported",
        obj=batch,
        changes={
            "rows": batch.rows_done,
            "imported": batch.rows_imported,
            "skipped": batch.rows_skipped,
            "failed": failed,
        },
    )


def _fail(batch: DataBatch, code: str, message: str) -> None:
    batch.status = DataBatch.Status.FAILED
    batch.finished_at = timezone.now()
    batch.errors = [*batch.errors, {"line": None, "code": code, "reason": message}]
    batch.save(update_fields=["status", "finished_at", "errors"])
