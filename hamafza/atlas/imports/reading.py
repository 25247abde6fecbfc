"""Reading a CSV (polars) or Excel (python-calamine) file into chunks of trimmed string columns."""

import codecs
import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
from django.utils.translation import gettext as _

from hamafza.atlas.imports.reasons import ImportRefused
from hamafza.lib.persian import search_key
from hamafza.lib.uploads import ZIP_BOMB_MESSAGE, UploadRejected, check_zip

# What an incidents workbook may unpack to (check_zip's ratio check applies too).
XLSX_MAX_UNCOMPRESSED = 1024**3

CSV_BLOCK_BYTES = 12 * 1024 * 1024  # about 200,000 rows of a typical incident file
EXCEL_CHUNK_ROWS = 200_000

FIELDS = ("date", "category", "lat", "lon", "code", "id")
_HEADER_ALIASES = {
    "date": ["تاریخ", "تاریخ وقوع", "تاریخ رویداد", "date", "occurred_on", "occurred on"],
    "category": ["نوع", "نوع آسیب", "نوع رویداد", "دسته", "category", "type"],
    "lat": ["عرض جغرافیایی", "عرض", "lat", "latitude"],
    "lon": ["طول جغرافیایی", "طول", "lon", "lng", "long", "longitude"],
    "code": ["کد محله", "محله", "neighbourhood", "neighborhood", "neighbourhood code", "neighbourhood_code"],
    "id": ["شناسه", "id"],
}
HEADERS = {
    search_key(alias).replace(" ", ""): name for name, aliases in _HEADER_ALIASES.items() for alias in aliases
}

_DIGITS_FROM = list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫")
_DIGITS_TO = list("01234567890123456789.")


@dataclass
class Chunk:
    frame: pl.DataFrame  # the FIELDS present in the file, as trimmed strings (null when empty)
    lines: np.ndarray  # the line (CSV) or sheet row (Excel) of each row, for error reports
    # The number of cells of each row that has more than the header has columns (0 for the others):
    # such a row is refused with its line, since its values may have slipped a column.
    extra: np.ndarray | None = None


def _refuse_columns(fields: dict[str, int]) -> None:
    if "date" not in fields:
        raise ImportRefused("columns", _("The file has no date column (تاریخ / date)."))
    if "category" not in fields:
        raise ImportRefused("columns", _("The file has no category column (نوع / category)."))
    if "code" not in fields and not ("lat" in fields and "lon" in fields):
        raise ImportRefused(
            "columns",
            _(
                "The file needs latitude and longitude columns (عرض جغرافیایی, طول جغرافیایی) "
                "or a neighbourhood code column (کد محله)."
            ),
        )


def header_fields(names: list[str]) -> dict[str, int]:
    """Which column holds which field, from the header's names (the first of duplicates wins)."""
    fields: dict[str, int] = {}
    for position, name in enumerate(names):
        known = HEADERS.get(search_key(str(name or "")).replace(" ", ""))
        if known and known not in fields:
            fields[known] = position
    _refuse_columns(fields)
    return fields


def _clean(frame: pl.DataFrame) -> pl.DataFrame:
    """Trim, fold Persian/Arabic digits, empty → null."""
    return frame.with_columns(
        pl.all().str.strip_chars().str.replace_many(_DIGITS_FROM, _DIGITS_TO).replace("", None)
    )


def _csv_encoding(head: bytes) -> str:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1256"  # Windows Persian, what older Excel versions save as CSV
    return "utf-8"


def _cut(block: bytes) -> int:
    """The end of the last complete record in a block: after a newline outside quotes."""
    end = block.rfind(b"\n")
    while end >= 0 and block.count(b'"', 0, end) % 2:
        end = block.rfind(b"\n", 0, end)
    return end + 1


@dataclass(frozen=True)
class CsvHeader:
    encoding: str
    end: int  # the offset of the first data line
    separator: str
    names: list[str]


def csv_header(head: bytes) -> CsvHeader:
    """The header line of a CSV file from its first bytes: encoding, separator and column names."""
    encoding = _csv_encoding(head)
    bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    end = head.find(b"\n")
    if end < 0 and len(head) >= 64 * 1024:
        raise ImportRefused("content", _("The file could not be read as CSV or Excel."))
    end = len(head) if end < 0 else end + 1
    text = head[bom:end].decode(encoding, errors="replace").strip("\r\n")
    if not text.strip():
        raise ImportRefused("empty", _("The file has no rows."))
    separator = max([",", ";", "\t", "|"], key=text.count)
    return CsvHeader(encoding, end, separator, next(csv.reader([text], delimiter=separator)))


def _irregular(body: bytes, separator: str, width: int) -> bool:
    """Whether a block of UTF-8 CSV has quotes or a line with more separators than the header's."""
    if b'"' in body:
        return True
    data = np.frombuffer(body, dtype=np.uint8)
    separators = np.flatnonzero(data == ord(separator))
    if separators.size == 0:
        return False
    newlines = np.flatnonzero(data == ord("\n"))
    per_line = np.bincount(np.searchsorted(newlines, separators))
    return bool(per_line.max() > width - 1)


def _read_block(
    body: bytes, separator: str, width: int, first_line: int
) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """A block of CSV records (UTF-8) read by Python's csv module: the first `width` cells of each
    record, the line each starts on, and the cell count of those with more than `width` (else 0)."""
    reader = csv.reader(io.StringIO(body.decode("utf-8", errors="replace"), newline=""), delimiter=separator)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    extra: list[int] = []
    start = 1
    try:
        for record in reader:
            if record:  # a blank line is no row, as for polars
                lines.append(first_line + start - 1)
                long = len(record) > width and any(cell.strip() for cell in record[width:])
                extra.append(len(record) if long else 0)
                for position in range(width):
                    columns[position].append(record[position] if position < len(record) else None)
            start = reader.line_num + 1
    except csv.Error as error:
        raise ImportRefused(
            "content",
            _("Line %(line)s could not be read as CSV (check its quotation marks).")
            % {"line": first_line + start - 1},
        ) from error
    frame = pl.DataFrame(
        {f"c{position}": values for position, values in enumerate(columns)},
        schema={f"c{position}": pl.String for position in range(width)},
    )
    return frame, np.array(lines, dtype=np.int64), np.array(extra, dtype=np.int64)


def read_csv(path: Path, *, block_bytes: int = CSV_BLOCK_BYTES) -> tuple[list[str], Iterator[Chunk]]:
    """The fields the header names, and the file's rows in chunks of about `block_bytes`."""
    with open(path, "rb") as handle:
        header = csv_header(handle.read(64 * 1024))
    encoding, header_end, separator = header.encoding, header.end, header.separator
    fields = header_fields(header.names)
    schema = {f"c{i}": pl.String for i in range(len(header.names))}

    def chunks() -> Iterator[Chunk]:
        with open(path, "rb") as handle:
            handle.seek(header_end)
            line, rest = 2, b""
            while True:
                data = handle.read(block_bytes)
                block = rest + data
                if not block:
                    return
                end = len(block) if not data else _cut(block)
                if end == 0:  # one record longer than a block: read more
                    rest = block
                    continue
                body, rest = block[:end], block[end:]
                if encoding != "utf-8":
                    body = body.decode(encoding, errors="replace").encode("utf-8")
                frame = None
                if not _irregular(body, separator, len(header.names)):
                    try:
                        frame = pl.read_csv(
                            body,
                            has_header=False,
                            schema=schema,
                            separator=separator,
                            truncate_ragged_lines=True,
                            raise_if_empty=False,
                        )
                    except pl.exceptions.PolarsError:
                        frame = None  # a first row shorter than the header, say
                if frame is not None:
                    lines, extra = np.arange(line, line + frame.height), None
                else:
                    # Quotes, or rows longer than the header (which polars would cut short without a
                    # word): the block through Python's csv reader, which tells which rows are long.
                    frame, lines, extra = _read_block(body, separator, len(header.names), line)
                selected = frame.select(
                    [pl.col(f"c{position}").alias(name) for name, position in fields.items()]
                )
                yield Chunk(_clean(selected), lines, extra)
                line += body.count(b"\n")

    return list(fields), chunks()


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(source: Path | Any, *, chunk_rows: int = EXCEL_CHUNK_ROWS) -> tuple[list[str], Iterator[Chunk]]:
    """The fields the header (the first non-empty row of the first sheet) names, and the rows in chunks.

    `source` is a path or an open binary file.
    """
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, Path):
            with open(source, "rb") as opened:
                check_zip(opened, max_uncompressed=XLSX_MAX_UNCOMPRESSED)
        else:
            check_zip(source, max_uncompressed=XLSX_MAX_UNCOMPRESSED)
    except UploadRejected as error:
        if error.code == "zip_bomb":
            raise ImportRefused("zip_bomb", str(ZIP_BOMB_MESSAGE)) from None
        raise ImportRefused("content", _("The file could not be read as CSV or Excel.")) from None
    try:
        if isinstance(source, Path):
            workbook = CalamineWorkbook.from_path(str(source))
        else:
            workbook = CalamineWorkbook.from_filelike(source)
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.iter_rows()
        line = (sheet.start or (0, 0))[0]  # calamine counts rows from 0, a spreadsheet from 1
    except Exception as error:  # calamine raises its own error types for broken workbooks
        raise ImportRefused("content", _("The file could not be read as CSV or Excel.")) from error
    header = None
    for values in rows:
        line += 1
        if any(_cell_text(value) is not None for value in values):
            header = values
            break
    if header is None:
        raise ImportRefused("empty", _("The file has no rows."))
    fields = header_fields([_cell_text(value) or "" for value in header])
    names = list(fields)

    def chunk(buffer: list[list[Any]], start: int) -> Chunk:
        columns = {
            name: [_cell_text(row[fields[name]]) if fields[name] < len(row) else None for row in buffer]
            for name in names
        }
        frame = pl.DataFrame(columns, schema={name: pl.String for name in names})
        return Chunk(_clean(frame), np.arange(start, start + len(buffer)))

    def chunks() -> Iterator[Chunk]:
        buffer: list[list[Any]] = []
        start = line + 1
        for values in rows:
            buffer.append(values)
            if len(buffer) == chunk_rows:
                yield chunk(buffer, start)
                start += len(buffer)
                buffer = []
        if buffer:
            yield chunk(buffer, start)

    return names, chunks()
