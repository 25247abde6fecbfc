"""Incident import: a CSV or Excel file of events → placed in neighbourhoods → Incident rows, with the
summary table (neighbourhood × month × category) kept current by the same statement.

The file's columns (Persian or English headers): تاریخ/date, نوع/category, عرض جغرافیایی/lat,
طول جغرافیایی/lon, کد محله/neighbourhood, and an optional شناسه/id. A row is placed by its
neighbourhood code when it has one, else by its coordinates (hamafza.lib.geo.NeighbourhoodIndex).
Dates are Jalali when their year is below 1700 (۱۴۰۳/۰۲/۱۵, 1403-2-15, ٠٣/٢/١٥), Gregorian otherwise.

Every row gets a natural key, a signed 64-bit hash: of the file's id when the file has an id column,
else of (date, category, latitude, longitude, neighbourhood code, and how many identical rows came
before it in the file). Importing a file again therefore adds nothing, and a second file that overlaps
the first adds only its new rows; the file's SHA-256 recognises an exact repeat before any work.

Everything is done column by column (polars, numpy, shapely), never row by row in Python, and the
rows go to the database in chunks of about 200,000, each in its own transaction with the batch's
progress: on PostgreSQL the chunk's keys already in the table are found with one indexed probe, the
new rows are COPied straight into the table and their counts upserted into the summary
(INSERT … ON CONFLICT DO UPDATE SET count = count + EXCLUDED.count); on SQLite they pass through a
temporary table and INSERT OR IGNORE. Parsing the next chunk overlaps with the database writing the
current one.

The package's modules, in the order a file goes through them: reading (CSV and Excel into chunks of
strings), dates, keys and preparing (placed, keyed rows), storing (COPY / INSERT OR IGNORE and the
summary), running (a batch chunk by chunk); access says who may import, reasons why a row or a file is
refused. Everything other code uses is importable from here. Receiving a file (the checks, the stored
batch, inline or in the background) is the service hamafza.atlas.services.incidents, which enqueues
hamafza.atlas.tasks.import_incidents_task; the task runs `run_import` from here, and nothing here
imports either of them.
"""

from hamafza.atlas.imports.access import can_import_incidents, importable_neighbourhood_ids
from hamafza.atlas.imports.dates import (
    EPOCH,
    JALALI_END_YEAR,
    JALALI_FIRST_YEAR,
    convert_dates,
    jalali_month_starts,
)
from hamafza.atlas.imports.keys import Occurrences
from hamafza.atlas.imports.preparing import Context, Prepared, label_key, load_context, prepare
from hamafza.atlas.imports.reading import (
    CSV_BLOCK_BYTES,
    EXCEL_CHUNK_ROWS,
    FIELDS,
    HEADERS,
    Chunk,
    CsvHeader,
    csv_header,
    header_fields,
    read_csv,
    read_xlsx,
)
from hamafza.atlas.imports.reasons import OK, REASONS, ImportRefused, error_text, reason_text
from hamafza.atlas.imports.running import MAX_STORED_ERRORS, open_table, run_import
from hamafza.atlas.imports.storing import PG_WRITERS, WRITE_ATTEMPTS, write_chunk, write_rows

__all__ = [
    "CSV_BLOCK_BYTES",
    "EPOCH",
    "EXCEL_CHUNK_ROWS",
    "FIELDS",
    "HEADERS",
    "JALALI_END_YEAR",
    "JALALI_FIRST_YEAR",
    "MAX_STORED_ERRORS",
    "OK",
    "PG_WRITERS",
    "REASONS",
    "WRITE_ATTEMPTS",
    "Chunk",
    "Context",
    "CsvHeader",
    "ImportRefused",
    "Occurrences",
    "Prepared",
    "can_import_incidents",
    "convert_dates",
    "csv_header",
    "error_text",
    "header_fields",
    "importable_neighbourhood_ids",
    "jalali_month_starts",
    "label_key",
    "load_context",
    "open_table",
    "prepare",
    "read_csv",
    "read_xlsx",
    "reason_text",
    "run_import",
    "write_chunk",
    "write_rows",
]
