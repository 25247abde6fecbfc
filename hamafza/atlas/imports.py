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
"""

import codecs
import contextlib
import csv
import datetime as dt
import functools
import hashlib
import io
import queue
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jdatetime
import numpy as np
import polars as pl
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hamafza.atlas.models import DataBatch, HarmCategory
from hamafza.audit.services import record
from hamafza.lib.geo import NeighbourhoodIndex
from hamafza.lib.persian import search_key
from hamafza.places.models import Region

CSV_BLOCK_BYTES = 12 * 1024 * 1024  # about 200,000 rows of a typical incident file
EXCEL_CHUNK_ROWS = 200_000
MAX_STORED_ERRORS = 1000  # the rest are counted, not listed
DEFAULT_MAX_BYTES = 2 * 1024**3
DEFAULT_INLINE_BYTES = 1024**2
EXTENSIONS = (".csv", ".xlsx")

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
_DATE = r"^(\d{1,4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[\sT].*)?$"

JALALI_FIRST_YEAR, JALALI_END_YEAR = 1300, 1500  # the lookup table covers 1300/01/01 … 1499/12/end
EPOCH = dt.date(1970, 1, 1)

# Why a row was refused. The messages are built when the error is stored (in the site's language).
OK = 0
REASONS = {
    1: "missing_date",
    2: "bad_date",
    3: "date_out_of_range",
    4: "missing_category",
    5: "unknown_category",
    6: "missing_place",
    7: "bad_coordinates",
    8: "outside",
    9: "unknown_neighbourhood",
    10: "outside_area",
}
_CODE = {name: number for number, name in REASONS.items()}


def reason_text(code: str, value: str) -> str:
    messages = {
        "missing_date": _("The date is empty."),
        "bad_date": _("«%(value)s» is not a date (write 1403/02/15 or 2024-05-04)."),
        "date_out_of_range": _("The date «%(value)s» is outside the years the atlas covers."),
        "missing_category": _("The category is empty."),
        "unknown_category": _("Unknown category «%(value)s»."),
        "missing_place": _("The row has neither coordinates nor a neighbourhood code."),
        "bad_coordinates": _("«%(value)s» is not a latitude and longitude."),
        "outside": _("The point %(value)s is outside every neighbourhood."),
        "unknown_neighbourhood": _("Unknown neighbourhood code «%(value)s»."),
        "outside_area": _("The neighbourhood «%(value)s» is outside your area."),
    }
    return messages[code] % {"value": value}


def error_text(entry: dict) -> str:
    """A failed row's reason in the page's language: rebuilt from its code and value where the entry
    keeps them; the text stored at import time otherwise (a refusal of the whole file)."""
    if entry.get("code") in _CODE and "value" in entry:
        return reason_text(entry["code"], entry["value"])
    return entry.get("reason", "")


class ImportRefused(Exception):
    """The whole file is refused (type, size, content, columns); nothing was written."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Submission:
    batch: DataBatch
    # The same file (by SHA-256) was imported before, or is being imported: nothing was done.
    already_imported: bool


# --- Who may import, and where ------------------------------------------------------------------


def can_import_incidents(user) -> bool:
    """A system administrator, or the secretariat of any body (for the neighbourhoods of its region)."""
    from hamafza.accounts.models import BodyRole

    if not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    return BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).exists()


def importable_neighbourhood_ids(user) -> set[int]:
    """The neighbourhoods a user may import incidents for: all for an administrator, else those under
    the regions of the bodies whose secretariat the user is."""
    from hamafza.accounts.models import BodyRole

    rows = list(Region.objects.values_list("pk", "parent_id", "kind"))
    neighbourhoods = {pk for pk, _parent, kind in rows if kind == Region.Kind.NEIGHBOURHOOD}
    if user.is_system_admin:
        return neighbourhoods
    roots = set(
        BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list(
            "body__region_id", flat=True
        )
    )
    parent = {pk: parent_id for pk, parent_id, _kind in rows}
    allowed = set()
    for pk in neighbourhoods:
        node = pk
        while node is not None:
            if node in roots:
                allowed.add(pk)
                break
            node = parent.get(node)
    return allowed


# --- Dates, column by column ----------------------------------------------------------------------


@functools.cache
def jalali_month_starts() -> np.ndarray:
    """Days since 1970-01-01 of the first day of each Jalali month from 1300/01 to 1500/01 (inclusive)."""
    starts = [
        (jdatetime.date(year, month, 1).togregorian() - EPOCH).days
        for year in range(JALALI_FIRST_YEAR, JALALI_END_YEAR)
        for month in range(1, 13)
    ]
    starts.append((jdatetime.date(JALALI_END_YEAR, 1, 1).togregorian() - EPOCH).days)
    return np.asarray(starts, dtype=np.int64)


def convert_dates(texts: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dates as typed → (days since 1970-01-01, Jalali month YYYYMM, reason code 0 or 1–3 per value).

    Digits may be Persian, Arabic or ASCII; a year below 1700 is Jalali (two digits mean 13xx/14xx
    as in hamafza.lib.jalali), any other Gregorian. A time after the date is ignored.
    """
    parts = texts.str.extract_groups(_DATE)
    year = parts.struct.field("1").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    month = parts.struct.field("2").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    day = parts.struct.field("3").cast(pl.Int64, strict=False).fill_null(-1).to_numpy()
    missing = texts.is_null().to_numpy()
    reason = np.where(missing, _CODE["missing_date"], OK).astype(np.int8)
    matched = year >= 0
    reason[~missing & ~matched] = _CODE["bad_date"]
    year = np.where(
        (year >= 0) & (year < 50), year + 1400, np.where((year >= 50) & (year < 100), year + 1300, year)
    )
    starts = jalali_month_starts()
    days = np.zeros(len(texts), dtype=np.int64)

    jalali = matched & (year < 1700)
    month_ok = (month >= 1) & (month <= 12)
    in_table = jalali & month_ok & (year >= JALALI_FIRST_YEAR) & (year < JALALI_END_YEAR)
    index = np.where(in_table, (year - JALALI_FIRST_YEAR) * 12 + month - 1, 0)
    length = starts[index + 1] - starts[index]
    valid_j = in_table & (day >= 1) & (day <= length)
    days = np.where(valid_j, starts[index] + day - 1, days)
    reason[jalali & ~month_ok] = _CODE["bad_date"]
    reason[jalali & month_ok & ~in_table] = _CODE["date_out_of_range"]
    reason[in_table & ~valid_j] = _CODE["bad_date"]

    gregorian = matched & (year >= 1700)
    g_ok = gregorian & month_ok & (year <= 9999)
    months_since = np.where(g_ok, (year - 1970) * 12 + month - 1, 0)
    first = months_since.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    after = (months_since + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    valid_g = g_ok & (day >= 1) & (day <= after - first)
    days = np.where(valid_g, first + day - 1, days)
    reason[gregorian & ~valid_g] = _CODE["bad_date"]
    # A Gregorian date outside the Jalali table cannot be given its month.
    out_of_table = valid_g & ((days < starts[0]) | (days >= starts[-1]))
    reason[out_of_table] = _CODE["date_out_of_range"]

    position = np.clip(np.searchsorted(starts, days, side="right") - 1, 0, len(starts) - 2)
    jalali_month = (JALALI_FIRST_YEAR + position // 12) * 100 + position % 12 + 1
    return days, jalali_month, reason


# --- Natural keys ---------------------------------------------------------------------------------

_C1 = np.uint64(0xBF58476D1CE4E5B9)
_C2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SEED_ROW = np.uint64(0x68616D61667A6131)  # "hamafza1"
_SEED_ID = np.uint64(0x68616D61667A6149)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of uint64 that spreads every input bit."""
    with np.errstate(over="ignore"):
        x = (x ^ (x >> np.uint64(30))) * _C1
        x = (x ^ (x >> np.uint64(27))) * _C2
        return x ^ (x >> np.uint64(31))


def _combine(h: np.ndarray, value: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        return _mix(h ^ (value.astype(np.uint64) + _GOLDEN + (h << np.uint64(6)) + (h >> np.uint64(2))))


def _float_bits(values: np.ndarray) -> np.ndarray:
    values = np.where(np.isnan(values), np.nan, values + 0.0)  # one NaN, and -0.0 → 0.0
    return values.astype(np.float64).view(np.uint64)


def _id_keys(ids: pl.Series) -> np.ndarray:
    """Keys from the file's id column: plain integers arithmetically, anything else through BLAKE2b."""
    as_int = ids.cast(pl.Int64, strict=False)
    plain = ids.str.contains(r"^(?:0|[1-9]\d{0,17})$").fill_null(False)
    keys = _combine(np.full(len(ids), _SEED_ID), as_int.fill_null(0).to_numpy())
    other = np.flatnonzero(~plain.to_numpy())
    if other.size:
        texts = ids.gather(other).to_list()
        keys[other] = np.fromiter(
            (
                int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
                for text in texts
            ),
            dtype=np.uint64,
            count=len(texts),
        )
    return keys


class Occurrences:
    """How many times each row tuple was seen earlier in the file, across chunks.

    A sorted array of the tuple hashes seen so far with their counts (12 bytes per distinct tuple), so a
    file of ten million rows needs about 120 MB here rather than a Python dict of ten million ints.
    """

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.counts = np.empty(0, dtype=np.uint32)

    def number(self, hashes: np.ndarray) -> np.ndarray:
        """The occurrence number (0, 1, 2, …) of each hash, in file order, and remember them."""
        order = np.argsort(hashes, kind="stable")
        unique, first, counts = np.unique(hashes[order], return_index=True, return_counts=True)
        position = np.searchsorted(self.keys, unique)
        before = np.zeros(len(unique), dtype=np.int64)
        known = np.zeros(len(unique), dtype=bool)
        if len(self.keys):
            clipped = np.minimum(position, len(self.keys) - 1)
            known = self.keys[clipped] == unique
            before[known] = self.counts[clipped[known]]
            self.counts[clipped[known]] += counts[known].astype(np.uint32)
        group = np.repeat(np.arange(len(unique)), counts)
        result = np.empty(len(hashes), dtype=np.int64)
        result[order] = np.arange(len(hashes)) - first[group] + before[group]
        self.keys = np.insert(self.keys, position[~known], unique[~known])
        self.counts = np.insert(self.counts, position[~known], counts[~known].astype(np.uint32))
        return result


# --- Reading files into chunks of string columns --------------------------------------------------


@dataclass
class Chunk:
    frame: pl.DataFrame  # the FIELDS present in the file, as trimmed strings (null when empty)
    lines: np.ndarray  # the line (CSV) or sheet row (Excel) of each row, for error reports


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
                frame = pl.read_csv(
                    body,
                    has_header=False,
                    schema=schema,
                    separator=separator,
                    truncate_ragged_lines=True,
                    raise_if_empty=False,
                )
                selected = frame.select(
                    [pl.col(f"c{position}").alias(name) for name, position in fields.items()]
                )
                yield Chunk(_clean(selected), np.arange(line, line + selected.height))
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


# --- From strings to placed, keyed rows ------------------------------------------------------------


@dataclass
class Context:
    """What the rows are matched against, read from the database once per import."""

    categories: dict[str, int]  # label_key of a code, Persian or English name → category id
    codes: dict[str, int]  # label_key of a neighbourhood code (or unambiguous name) → region id
    allowed: set[int]  # the neighbourhoods the uploader may import for
    index: NeighbourhoodIndex
    has_id: bool = False
    occurrences: Occurrences = field(default_factory=Occurrences)


def load_context(user) -> Context:
    categories: dict[str, int] = {}
    for pk, code, name, name_en in HarmCategory.objects.values_list("pk", "code", "name", "name_en"):
        for label in (name_en, name, code):  # a code wins over a name that happens to equal it
            if label:
                categories[label_key(label)] = pk
    neighbourhoods = list(
        Region.objects.neighbourhoods().values_list("pk", "code", "name", "boundary").order_by("pk")
    )
    names: dict[str, list[int]] = {}
    for pk, _code, name, _boundary in neighbourhoods:
        names.setdefault(label_key(name), []).append(pk)
    codes = {key: pks[0] for key, pks in names.items() if len(pks) == 1}
    codes.update({label_key(code): pk for pk, code, _name, _boundary in neighbourhoods})
    allowed = importable_neighbourhood_ids(user)
    index = NeighbourhoodIndex(
        [(pk, boundary) for pk, _code, _name, boundary in neighbourhoods if pk in allowed and boundary]
    )
    return Context(categories=categories, codes=codes, allowed=allowed, index=index)


@dataclass
class Prepared:
    rows: pl.DataFrame  # natural_key, occurred_on, month, category_id, region_id, lat, lon
    seen: int  # rows read (blank lines not counted)
    valid: int  # rows that passed every check (`rows` less the repeats of an id within the chunk)
    errors: list[tuple[int, str, str]]  # (line, reason code, offending value), at most `limit`
    failed: int


def label_key(text: str) -> str:
    """How a category or neighbourhood is matched: search_key (ی/ک, digits, case, ZWNJ) without spaces, so
    «کودک‌آزاری», «كودك آزاري» and «کودکآزاری» are one category."""
    return search_key(text).replace(" ", "")


def _map(values: pl.Series, table: dict[str, int]) -> np.ndarray:
    """Each value's id in `table` by its label_key (-1 when unknown), computed once per distinct value."""
    unique = values.drop_nulls().unique()
    mapping = {value: table.get(label_key(value), -1) for value in unique.to_list()}
    return values.replace_strict(mapping, default=-1, return_dtype=pl.Int64).to_numpy()


def prepare(chunk: Chunk, context: Context, *, error_limit: int) -> Prepared:
    frame, lines = chunk.frame, chunk.lines
    blank = frame.select(pl.all_horizontal(pl.all().is_null())).to_series().to_numpy()
    if blank.any():
        frame, lines = frame.filter(~pl.Series(blank)), lines[~blank]
    n = frame.height
    column = {
        name: (frame[name] if name in frame.columns else pl.Series(name, [None] * n, pl.String))
        for name in FIELDS
    }

    days, month, reason = convert_dates(column["date"])

    category = _map(column["category"], context.categories)
    no_category = column["category"].is_null().to_numpy()
    reason = np.where((reason == OK) & no_category, _CODE["missing_category"], reason)
    reason = np.where((reason == OK) & (category < 0), _CODE["unknown_category"], reason)

    lat = column["lat"].cast(pl.Float64, strict=False).to_numpy()
    lon = column["lon"].cast(pl.Float64, strict=False).to_numpy()
    lat_text, lon_text = column["lat"].is_not_null().to_numpy(), column["lon"].is_not_null().to_numpy()
    has_code = column["code"].is_not_null().to_numpy()
    code_region = _map(column["code"], context.codes)
    bad_number = (lat_text & np.isnan(lat)) | (lon_text & np.isnan(lon))
    coordinates = lat_text & lon_text & ~bad_number & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    typed_coordinates = lat_text | lon_text
    region = np.where(has_code, code_region, -1)
    by_point = ~has_code & coordinates & (reason == OK)
    if by_point.any():
        region[by_point] = context.index.locate(lon[by_point], lat[by_point])
    place_reason = np.select(
        [
            has_code & (code_region < 0),
            has_code & ~np.isin(code_region, list(context.allowed)),
            ~has_code & ~typed_coordinates,
            ~has_code & ~coordinates,
            ~has_code & (region < 0),
        ],
        [
            _CODE["unknown_neighbourhood"],
            _CODE["outside_area"],
            _CODE["missing_place"],
            _CODE["bad_coordinates"],
            _CODE["outside"],
        ],
        OK,
    )
    reason = np.where(reason == OK, place_reason, reason).astype(np.int8)

    good = reason == OK
    failed = int(n - good.sum())
    errors = []
    if failed and error_limit > 0:
        for position in np.flatnonzero(~good)[:error_limit]:
            code = REASONS[int(reason[position])]
            errors.append((int(lines[position]), code, _offending(code, column, int(position))))

    # Natural keys of the good rows.
    index = np.flatnonzero(good)
    lat_g = np.where(coordinates, lat, np.nan)[index]
    lon_g = np.where(coordinates, lon, np.nan)[index]
    if context.has_id and column["id"].null_count() < n:
        ids = column["id"].gather(index)
        keys = _id_keys(ids.fill_null(""))
    else:
        h = np.full(index.size, _SEED_ROW)
        h = _combine(h, days[index])
        h = _combine(h, category[index])
        h = _combine(h, _float_bits(lat_g))
        h = _combine(h, _float_bits(lon_g))
        h = _combine(h, np.where(has_code, code_region, 0)[index])
        keys = _combine(h, context.occurrences.number(h))
    rows = (
        pl.DataFrame(
            {
                "natural_key": keys.view(np.int64),
                "occurred_on": days[index].astype("datetime64[D]"),
                "month": month[index],
                "category_id": category[index],
                "region_id": region[index],
                "lat": lat_g,
                "lon": lon_g,
            }
        )
        .with_columns(pl.col("lat", "lon").fill_nan(None))
        # An id repeated within the chunk: the first row stands (a repeat in a later chunk meets the
        # key in the table). Sorted, so neighbouring keys go to neighbouring index pages.
        .unique(subset="natural_key", keep="first", maintain_order=True)
        .sort("natural_key")
    )
    return Prepared(rows=rows, seen=n, valid=int(index.size), errors=errors, failed=failed)


def _offending(code: str, column: dict[str, pl.Series], position: int) -> str:
    if code in ("bad_date", "date_out_of_range"):
        return column["date"][position] or ""
    if code == "unknown_category":
        return column["category"][position] or ""
    if code in ("unknown_neighbourhood", "outside_area"):
        return column["code"][position] or ""
    if code in ("bad_coordinates", "outside"):
        return f"{column['lat'][position] or ''}، {column['lon'][position] or ''}"
    return ""


# --- Writing a chunk --------------------------------------------------------------------------------

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


# --- The import of a batch -------------------------------------------------------------------------


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


# --- Receiving a file -----------------------------------------------------------------------------


def _check_content(upload, extension: str, head: bytes) -> None:
    refused = ImportRefused("content", _("The file could not be read as CSV or Excel."))
    if extension == ".xlsx":
        upload.seek(0)
        try:
            names = zipfile.ZipFile(upload).namelist()
        except zipfile.BadZipFile:
            raise refused from None
        if "xl/workbook.xml" not in names:
            raise refused
        return
    if b"\x00" in head or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise refused


def _check_header(upload, extension: str, head: bytes) -> None:
    """Refuse a file whose header lacks a needed column before anything is stored."""
    if extension == ".xlsx":
        upload.seek(0)
        read_xlsx(upload)
    else:
        header_fields(csv_header(head).names)


def submit_incident_file(upload, *, by, organization=None, inline: bool | None = None) -> Submission:
    """Receive a file of incidents from `by`: refuse it, recognise it, or store it and import it.

    `upload` is a Django File (an UploadedFile from a form, or File(open(path, "rb"))). Refusals raise
    ImportRefused (Persian message in .message) and write nothing; PermissionDenied when `by` may not
    import. A file already imported (same SHA-256) gives back its batch with already_imported=True.
    Small files (≤ ATLAS_IMPORT_INLINE_BYTES) are imported before this returns unless inline=False;
    bigger ones are handed to import_incidents_task once the transaction commits.
    """
    if not can_import_incidents(by):
        raise PermissionDenied(
            _("Only system administrators and the secretariat of a body may import incidents.")
        )
    name = Path(upload.name or "").name
    extension = Path(name).suffix.lower()
    if extension not in EXTENSIONS:
        raise ImportRefused("type", _("Only CSV and Excel (.xlsx) files can be imported."))
    limit = getattr(settings, "ATLAS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    if upload.size > limit:
        raise ImportRefused(
            "size", _("The file is larger than %(size)s megabytes.") % {"size": max(limit // 1024**2, 1)}
        )
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for piece in upload.chunks():
        if not head:
            head = piece[:65536]
        digest.update(piece)
    if not head:
        raise ImportRefused("empty", _("The file has no rows."))
    _check_content(upload, extension, head)
    _check_header(upload, extension, head)
    sha256 = digest.hexdigest()

    existing = (
        DataBatch.objects.filter(kind=DataBatch.Kind.INCIDENTS, sha256=sha256)
        .exclude(status=DataBatch.Status.FAILED)
        .order_by("-uploaded_at")
        .first()
    )
    if existing is not None:
        return Submission(batch=existing, already_imported=True)

    batch = DataBatch(
        kind=DataBatch.Kind.INCIDENTS,
        organization=organization or getattr(by, "organization", None),
        uploaded_by=by,
        file_name=name[:255],
        sha256=sha256,
    )
    upload.seek(0)
    batch.file.save(f"{sha256[:20]}{extension}", upload, save=False)
    batch.save()
    record(
        actor=by, action="atlas.incidents_uploaded", obj=batch, changes={"file_name": name, "sha256": sha256}
    )
    if inline is None:
        inline = upload.size <= getattr(settings, "ATLAS_IMPORT_INLINE_BYTES", DEFAULT_INLINE_BYTES)
    if inline:
        batch = run_import(batch.pk)
    else:
        from hamafza.atlas.tasks import import_incidents_task

        batch_id = batch.pk
        transaction.on_commit(lambda: import_incidents_task.enqueue(batch_id))
    return Submission(batch=batch, already_imported=False)
