"""What the NGO and donor imports share: reading an .xlsx file (openpyxl, read-only), finding the
header row by meaning whatever the spelling (ی/ي, ZWNJ, spaces), reading cells as text, numbers, Jalali
dates and yes/no, the preview's rows, and the template workbook."""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import search_key, to_ascii_digits
from hamafza.lib.spreadsheets import save_workbook
from hamafza.lib.uploads import ZIP_BOMB_MESSAGE, UploadRejected, sniff
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
HEADER_ROWS = 10
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Persian header written in the template
    aliases: tuple[str, ...] = ()
    required: bool = False


YES = {"بله", "آری", "اری", "هست", "دارد", "بلی", "yes", "y", "true", "1", "x", "✓", "✔"}
NO = {"خیر", "نه", "ندارد", "نیست", "no", "n", "false", "0", "-"}

_SEPARATORS = re.compile(r"[،,;؛\n/|]+")


def match_key(text) -> str:
    """A header or a word folded for matching: spelling, ZWNJ, spaces and punctuation do not count."""
    return re.sub(r"[^\w]", "", search_key(str(text or "")))


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    existing: bool = False
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return not self.errors and not self.existing


@dataclass
class Preview:
    kind: str  # "ngo" or "donor"
    filename: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    error: str = ""
    missing_columns: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def new_rows(self) -> list[Row]:
        return [row for row in self.rows if row.is_new]

    @property
    def refused_rows(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def existing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.existing and not row.errors]

    @property
    def ok(self) -> bool:
        """Something can be imported: the file was read and at least one row is new and valid."""
        return not self.error and bool(self.new_rows)


class ImportRefused(Exception):
    """The file is refused as a whole; the message is for the user."""


# Reading the file


def _cell(value) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


def read_sheet(data: bytes, filename: str) -> list[list[Any]]:
    """The cells of the first sheet of an .xlsx file; ImportRefused for anything else."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(gettext("The file is larger than 2 MB."))
    try:
        sniffed = sniff(filename, data, max_bytes=MAX_BYTES)
    except UploadRejected as error:
        if error.code == "zip_bomb":
            raise ImportRefused(str(ZIP_BOMB_MESSAGE)) from None
        sniffed = None
    if sniffed is None or sniffed.extension != "xlsx":
        raise ImportRefused(gettext("The file «%(name)s» is not an Excel (.xlsx) file.") % {"name": filename})
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append([_cell(value) for value in row])
                if len(rows) > MAX_ROWS + HEADER_ROWS:
                    raise ImportRefused(
                        gettext("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
                    )
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused(
            gettext("The file «%(name)s» could not be read as an Excel workbook.") % {"name": filename}
        ) from None
    return rows


def _find_header(table: list[list[Any]], columns: list[Column]) -> tuple[int, dict[str, int], list[str]]:
    """The header row (index), the column index of each known column, and the headers not understood."""
    names = {}
    for column in columns:
        for alias in (column.header, *column.aliases):
            names.setdefault(match_key(alias), column.key)
    required = {column.key for column in columns if column.required}
    for index, row in enumerate(table[:HEADER_ROWS]):
        found: dict[str, int] = {}
        ignored = []
        for position, value in enumerate(row):
            if value in (None, ""):
                continue
            key = names.get(match_key(value))
            if key and key not in found:
                found[key] = position
            else:
                ignored.append(str(value))
        if required <= set(found):
            return index, found, ignored
    return -1, {}, []


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _display(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return cell_text(value)


def _number(value, errors: list, message) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            errors.append(message)
            return None
        return int(value)
    text = re.sub(r"[\s,٬،]", "", to_ascii_digits(str(value)))
    if not text.isdigit():
        errors.append(message)
        return None
    return int(text)


def cell_date(value, errors: list, message) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_jalali(str(value))
    except JalaliDateError:
        errors.append(message)
        return None


def _yes_no(value, errors: list, message) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    key = search_key(cell_text(value))
    if key in YES:
        return True
    if key in NO:
        return False
    errors.append(message)
    return False


class RegionFinder:
    """Regions found by code or by name (any spelling); a name shared by several regions is ambiguous."""

    def __init__(self):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.without_boundaries().only("pk", "name", "code", "kind"):
            self.by_code[match_key(region.code)] = region
            self.by_name.setdefault(match_key(region.name), []).append(region)

    def find(self, text: str, errors: list) -> Region | None:
        key = match_key(text)
        if key in self.by_code:
            return self.by_code[key]
        found = self.by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            errors.append(
                gettext("Several regions are called «%(name)s»; write its code (%(codes)s).")
                % {"name": text, "codes": "، ".join(sorted(region.code for region in found))}
            )
        else:
            errors.append(gettext("Unknown region «%(name)s».") % {"name": text})
        return None

    def find_many(self, text: str, errors: list) -> list[Region]:
        return [
            region
            for part in _SEPARATORS.split(text)
            if part.strip() and (region := self.find(part.strip(), errors)) is not None
        ]


def _rows(table: list[list[Any]], header_index: int, found: dict[str, int], columns: list[Column]):
    for index in range(header_index + 1, len(table)):
        cells = table[index]
        raw = {key: (cells[position] if position < len(cells) else None) for key, position in found.items()}
        if all(value in (None, "") for value in raw.values()):
            continue
        yield Row(line=index + 1, values={c.key: _display(raw.get(c.key)) for c in columns}), raw


def start_preview(kind: str, data: bytes, filename: str, columns: list[Column]):
    preview = Preview(kind=kind, filename=filename, columns=columns)
    try:
        table = read_sheet(data, filename)
    except ImportRefused as error:
        preview.error = str(error)
        return preview, []
    header_index, found, ignored = _find_header(table, columns)
    if header_index < 0:
        preview.missing_columns = [c.header for c in columns if c.required]
        preview.error = gettext("The header row was not found: the file needs the columns %(columns)s.") % {
            "columns": "، ".join(f"«{name}»" for name in preview.missing_columns)
        }
        return preview, []
    preview.ignored_headers = ignored
    rows = list(_rows(table, header_index, found, columns))
    if not rows:
        preview.error = gettext("The file has no rows under its header.")
    return preview, rows


def finish_preview(preview: Preview) -> Preview:
    if not preview.error and preview.rows and not preview.new_rows and not preview.existing_rows:
        preview.error = gettext(
            "No row of the file can be imported; correct the rows below and send it again."
        )
    return preview


def service_errors(error: ParticipationError, skip: set[str] = frozenset()) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for name, messages in error.message_dict.items() if name not in skip for m in messages]
    return [str(m) for m in error.messages]


def mark_duplicate(seen: dict, keys: list, row: Row) -> None:
    for key in keys:
        if key in seen:
            row.errors.append(gettext("Repeats row %(line)s of the file.") % {"line": seen[key]})
            return
    for key in keys:
        seen[key] = row.line


# Templates


def template_workbook(columns: list[Column], notes: list[str]) -> bytes:
    """An empty .xlsx with the Persian headers, right to left, and a sheet of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "فهرست"
    sheet.sheet_view.rightToLeft = True
    sheet.append([column.header + (" *" if column.required else "") for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, _column in enumerate(columns):
        sheet.column_dimensions[sheet.cell(row=1, column=index + 1).column_letter].width = 22
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("راهنما")
    guide.sheet_view.rightToLeft = True
    guide.column_dimensions["A"].width = 100
    for note in notes:
        guide.append([note])
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
