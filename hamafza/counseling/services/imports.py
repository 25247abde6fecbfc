"""Monthly statistics uploaded from Excel by stations that keep their cases elsewhere: a template, a
preview with each row's errors, then one transaction; a repeated file adds nothing.

Reuses the participation imports' helpers (header matching by meaning, the preview's rows, the template
workbook); the sheet is read with python-calamine, as the atlas's imports do, so that a file of 100,000
rows is read in seconds. Rows are keyed (station, month, kind): a row equal to what is stored is counted
as already there; a different one replaces it.
"""

import hashlib
import io
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.translation import gettext as _

from hamafza.audit.services import record
from hamafza.counseling.models import Centre, DisputeKind, MonthlyStatistic, StatisticsBatch
from hamafza.counseling.services import tallies
from hamafza.counseling.services.common import today
from hamafza.counseling.services.statistics import FIELDS
from hamafza.lib.jalali import jalali_month
from hamafza.lib.persian import to_ascii_digits
from hamafza.lib.uploads import UploadRejected, sniff
from hamafza.orgs.models import Organization
from hamafza.participation.imports.common import Column, Row, match_key, template_workbook

MAX_BYTES = 30 * 1024 * 1024
MAX_ROWS = 200_000

COLUMNS = [
    Column("station", "کلانتری", ("نام کلانتری", "station"), required=True),
    Column("month", "ماه", ("ماه شمسی", "month"), required=True),
    Column("kind", "نوع اختلاف", ("kind",), required=True),
    Column("opened", "پرونده‌های تشکیل‌شده", ("تشکیل شده", "opened"), required=True),
    Column("reconciled", "ختم به صلح و سازش", ("صلح و سازش", "reconciled"), required=True),
    Column("partly", "سازش نسبی", ("partly",)),
    Column("referred", "ارجاع به مرجع قضایی", ("ارجاع", "referred")),
    Column("withdrawn", "استرداد شکایت", ("استرداد", "withdrawn")),
]
NOTES = [
    "هر سطر: آمار یک کلانتری در یک ماه برای یک نوع اختلاف.",
    "کلانتری: نام کامل کلانتری چنان‌که در هم‌افزا ثبت شده است.",
    "ماه: ماه شمسی مانند ۱۴۰۳/۰۷ یا ۱۴۰۳۰۷.",
    "نوع اختلاف: یکی از انواع فهرست هم‌افزا (خانوادگی، زوجین، همسایگان، …).",
    "ستون‌های شمارشی عدد صحیح نامنفی‌اند؛ خانه خالی صفر شمرده می‌شود.",
    "بارگذاری دوباره همان فایل چیزی نمی‌افزاید؛ سطری با اعداد تازه جای سطر پیشین را می‌گیرد.",
]


class ImportRefused(Exception):
    """The file is refused as a whole; the message is for the user."""


def template() -> bytes:
    return template_workbook(COLUMNS, NOTES)


@dataclass
class Preview:
    filename: str
    sha256: str
    rows: list[Row] = field(default_factory=list)
    error: str = ""
    repeated: bool = False

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_new]

    @property
    def refused_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def existing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.existing and not row.errors]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(data: bytes, filename: str) -> list[list]:
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 30 MB."))
    try:
        sniffed = sniff(filename, data, max_bytes=MAX_BYTES)
    except UploadRejected:
        sniffed = None
    if sniffed is None or sniffed.extension != "xlsx":
        raise ImportRefused(_("The file «%(name)s» is not an Excel (.xlsx) file.") % {"name": filename})
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception:  # calamine raises its own error types for broken workbooks
        raise ImportRefused(
            _("The file «%(name)s» could not be read as an Excel workbook.") % {"name": filename}
        ) from None
    if len(rows) > MAX_ROWS + 10:
        raise ImportRefused(_("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS})
    return rows


def _header(table: list[list]) -> tuple[int, dict[str, int]]:
    wanted = {
        match_key(alias): column.key for column in COLUMNS for alias in (column.header, *column.aliases)
    }
    for index, cells in enumerate(table[:10]):
        found = {}
        for position, cell in enumerate(cells):
            key = wanted.get(match_key(_text(cell).rstrip("*").strip()))
            if key and key not in found:
                found[key] = position
        if all(column.key in found for column in COLUMNS if column.required):
            return index, found
    return -1, {}


def _month(text: str) -> int | None:
    digits = to_ascii_digits(text).replace("/", "").replace("-", "").replace(" ", "")
    if len(digits) == 5 and digits.isdigit():  # 1403/7
        digits = digits[:4] + "0" + digits[4]
    if len(digits) == 6 and digits.isdigit():
        year, month = int(digits[:4]), int(digits[4:])
        if 1300 <= year <= 1500 and 1 <= month <= 12:
            return year * 100 + month
    return None


def _count(text: str) -> int | None:
    """A whole number of cases (an empty cell is 0), or None."""
    text = to_ascii_digits(text).replace(",", "").replace("٬", "")
    if text == "":
        return 0
    return int(text) if text.isdigit() else None


class _Memo(dict):
    """A function of a cell's text, computed once per distinct text."""

    def __init__(self, function) -> None:
        super().__init__()
        self.function = function

    def __call__(self, text: str):
        try:
            return self[text]
        except KeyError:
            found = self[text] = self.function(text)
            return found


def preview(data: bytes, filename: str, *, stations: set[int]) -> Preview:
    """Read the file and check every row; `stations` are those the uploader may report for."""
    result = Preview(filename=filename, sha256=hashlib.sha256(data).hexdigest())
    try:
        table = _table(data, filename)
    except ImportRefused as error:
        result.error = str(error)
        return result
    header, found = _header(table)
    if header < 0:
        names = "، ".join(f"«{c.header}»" for c in COLUMNS if c.required)
        result.error = _("The header row was not found: the file needs the columns %(columns)s.") % {
            "columns": names
        }
        return result
    centres = dict(
        Organization.objects.filter(pk__in=Centre.objects.values("station_id")).values_list("name", "pk")
    )
    by_name = {match_key(name): pk for name, pk in centres.items()}
    kinds: dict[str, int] = {}
    for pk, code, name in DisputeKind.objects.values_list("pk", "code", "name"):
        kinds[match_key(name)] = kinds[match_key(code)] = pk
    current = jalali_month(today())
    seen: dict[tuple[int, int, int], int] = {}
    # A sheet repeats few distinct names, months and numbers: each is folded or parsed once.
    station_of = _Memo(lambda text: by_name.get(match_key(text)))
    kind_of = _Memo(lambda text: kinds.get(match_key(text)))
    month_of = _Memo(_month)
    count_of = _Memo(_count)
    for index in range(header + 1, len(table)):
        cells = table[index]
        values = {
            c.key: _text(cells[found[c.key]]) if c.key in found and found[c.key] < len(cells) else ""
            for c in COLUMNS
        }
        if not any(values.values()):
            continue
        row = Row(line=index + 1, values=values)
        station = station_of(values["station"])
        if station is None:
            row.errors.append(_("No counselling centre is named «%(name)s».") % {"name": values["station"]})
        elif station not in stations:
            row.errors.append(
                _("You may not report the statistics of «%(name)s».") % {"name": values["station"]}
            )
        month = month_of(values["month"])
        if month is None:
            row.errors.append(
                _("«%(value)s» is not a Jalali month such as ۱۴۰۳/۰۷.") % {"value": values["month"]}
            )
        elif month > current:
            row.errors.append(_("A month in the future cannot be reported."))
        kind = kind_of(values["kind"])
        if kind is None:
            row.errors.append(
                _("«%(value)s» is not a kind of dispute of the list.") % {"value": values["kind"]}
            )
        counts = {}
        for name in FIELDS:
            count = count_of(values[name])
            if count is not None:
                counts[name] = count
            else:
                row.errors.append(_("«%(value)s» is not a whole number of cases.") % {"value": values[name]})
        if not row.errors and station is not None and month is not None and kind is not None:
            key = (station, month, kind)
            if key in seen:
                row.errors.append(_("Repeats row %(line)s of the file.") % {"line": seen[key]})
            else:
                seen[key] = row.line
                row.data = {"station": station, "month": month, "kind": kind, **counts}
        result.rows.append(row)
    if not result.rows:
        result.error = _("The file has no rows under its header.")
        return result
    _mark_existing(result)
    result.repeated = StatisticsBatch.objects.filter(sha256=result.sha256).exists()
    return result


def _mark_existing(result: Preview) -> None:
    """Rows whose counts are already stored, as they are, are not written again."""
    good = [row for row in result.rows if row.data]
    stations = {row.data["station"] for row in good}
    months = {row.data["month"] for row in good}
    stored = {
        (station, month, kind): tuple(values)
        for station, month, kind, *values in MonthlyStatistic.objects.filter(
            station_id__in=stations, month__in=months
        ).values_list("station_id", "month", "kind_id", *FIELDS)
    }
    for row in good:
        key = (row.data["station"], row.data["month"], row.data["kind"])
        if stored.get(key) == tuple(row.data[name] for name in FIELDS):
            row.existing = True


_UPDATED = (*FIELDS, "entered_by_id", "batch_id")


def _upsert(rows: list[Row], *, by, batch: StatisticsBatch) -> None:
    """Insert the rows, or update the stored row of the same (station, month, kind): one INSERT … ON
    CONFLICT DO UPDATE (the same statement on PostgreSQL and SQLite) sent for every row at once."""
    table = MonthlyStatistic._meta.db_table
    columns = ("station_id", "month", "kind_id", *_UPDATED)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT (station_id, month, kind_id) DO UPDATE SET "
        + ", ".join(f"{name} = excluded.{name}" for name in _UPDATED)
    )
    user = by.pk if by is not None else None
    values = [
        (
            row.data["station"],
            row.data["month"],
            row.data["kind"],
            *(row.data[name] for name in FIELDS),
            user,
            batch.pk,
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(sql, values)  # SQLite runs the statement per row in C, quickly
            return
        # PostgreSQL: one statement per 20,000 rows, each column sent as one array (unnest).
        arrays = ", ".join(["%s::bigint[]"] * len(columns))
        head, tail = sql.split(f"VALUES ({', '.join(['%s'] * len(columns))})")
        for start in range(0, len(values), 20_000):
            chunk = values[start : start + 20_000]
            cursor.execute(
                f"{head}SELECT * FROM unnest({arrays}){tail}",
                [list(column) for column in zip(*chunk, strict=True)],
            )


@dataclass
class Applied:
    written: int
    unchanged: int
    refused: int
    batch: StatisticsBatch | None


@transaction.atomic
def apply(data: bytes, filename: str, *, by, stations: set[int]) -> Applied:
    """Check the file again and write its new and changed rows in one transaction (nothing when any
    check fails before writing). New and changed rows are written as one bulk upsert (INSERT … ON CONFLICT
    on the (station, month, kind) key); the tallies of the (station, month) pairs touched are then
    recomputed set-based in SQL (services.tallies.refresh)."""
    result = preview(data, filename, stations=stations)
    if result.error:
        raise ImportRefused(result.error)
    if result.refused_rows:
        raise ImportRefused(
            _("%(count)s rows of the file have errors; correct them and send it again.")
            % {"count": len(result.refused_rows)}
        )
    rows = result.new_rows
    if not rows:
        return Applied(0, len(result.existing_rows), len(result.refused_rows), None)
    batch = StatisticsBatch.objects.create(
        file_name=filename[:255], sha256=result.sha256, uploaded_by=by, rows_written=len(rows)
    )
    pairs = {(row.data["station"], row.data["month"]) for row in rows}
    _upsert(rows, by=by, batch=batch)
    record(
        actor=by,
        action="counseling_statistic.import",
        obj=batch,
        changes={"rows": len(rows), "file": filename},
    )
    tallies.refresh(pairs)
    return Applied(len(rows), len(result.existing_rows), len(result.refused_rows), batch)
