"""Denominators (residents, households, pupils per neighbourhood and Jalali year) uploaded from an Excel
or CSV file: read, checked and shown before anything changes, then applied through
`values.set_denominators`, which writes and audits only what differs.

Who may: whoever `values.can_set_denominators` allows for a neighbourhood (system administrators, and
the secretariat of a body whose region holds it). A row for any other neighbourhood is refused.

Columns, found by a header row among the first ten rows (Persian or English, spelling folded): the
neighbourhood code (کد محله) or name (محله), the year (سال), and any of population (جمعیت), households
(خانوار) and pupils (دانش‌آموز). An empty number leaves the saved one as it is. Rows with errors are
listed and skipped; the good rows are applied together, in one transaction.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamafza.atlas.models import RegionYear
from hamafza.atlas.services.values import DENOMINATOR_FIELDS, set_denominators
from hamafza.lib.persian import search_key, to_ascii_digits, to_persian_digits
from hamafza.lib.uploads import ZIP_BOMB_MESSAGE, UploadRejected, check_zip
from hamafza.places.models import Region

MAX_ROWS = 20_000
MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds
FIRST_YEAR, LAST_YEAR = 1300, 1500
HEADER_ROWS = 10

HEADERS = {
    "code": ["کد محله", "کد", "code", "neighbourhood code", "neighborhood code", "region code"],
    "name": [
        "محله",
        "نام محله",
        "name",
        "neighbourhood",
        "neighborhood",
        "neighbourhood name",
        "neighborhood name",
    ],
    "year": ["سال", "سال شمسی", "year", "jalali year"],
    "population": ["جمعیت", "جمعیت ساکن", "ساکنان", "تعداد ساکنان", "population", "residents"],
    "households": ["خانوار", "خانوارها", "تعداد خانوار", "households", "household"],
    "pupils": ["دانش آموز", "دانش آموزان", "تعداد دانش آموزان", "pupils", "students"],
}


def header_key(text: Any) -> str:
    """A header folded so that spelling, spaces, ZWNJ, punctuation and a unit in brackets do not matter."""
    folded = search_key(str(text or ""))
    folded = re.sub(r"\(.*?\)|\[.*?\]", "", folded)
    return re.sub(r"[\W_]+", "", folded)


_HEADER_KEYS = {header_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}


class RefusedFile(Exception):
    """The file as a whole is refused; nothing is read from it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Who may, and where -------------------------------------------------------------------------------------


def reachable_ids(user) -> set[int] | None:
    """The ids of the neighbourhoods whose denominators this user may set; None means every one."""
    from hamafza.accounts.models import BodyRole

    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_system_admin:
        return None
    frontier = set(
        BodyRole.objects.filter(user=user, kind=BodyRole.Kind.SECRETARIAT).values_list(
            "body__region_id", flat=True
        )
    )
    ids = set(frontier)
    while frontier:
        frontier = set(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return set(Region.objects.neighbourhoods().filter(pk__in=ids).values_list("pk", flat=True))


def may_upload(user) -> bool:
    """Whether there is any neighbourhood whose denominators this user may set."""
    reach = reachable_ids(user)
    return reach is None or bool(reach)


def neighbourhoods_for(user) -> list[Region]:
    """The neighbourhoods this user may set denominators for, by name, without their boundaries."""
    reach = reachable_ids(user)
    neighbourhoods = Region.objects.neighbourhoods().without_boundaries().order_by("name", "code")
    if reach is not None:
        neighbourhoods = neighbourhoods.filter(pk__in=reach)
    return list(neighbourhoods)


# --- Reading cells --------------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


_SEPARATORS = str.maketrans({"٬": "", ",": "", "،": "", "'": "", " ": "", "\u00a0": "", "\u202f": ""})
# «12.000» is refused: it may mean twelve thousand written with a European separator.
_WHOLE = re.compile(r"^-?\d+(?:\.(?:0{1,2}|0{4,}))?$")


def parse_count(value: Any) -> tuple[int | None, str | None]:
    """A count typed with any digits and thousands separators: (number, None), (None, None) when empty,
    or (None, reason) when it is not a whole number of zero or more."""
    text = cell_text(value)
    if text == "":
        return None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        folded = to_ascii_digits(search_key(text)).translate(_SEPARATORS).replace("٫", ".")
        folded = folded.replace("\u2212", "-")
        if not _WHOLE.match(folded):
            return None, _("«%(text)s» is not a whole number.") % {"text": text}
        number = int(folded.split(".")[0])
    if number != int(number):
        return None, _("«%(text)s» is not a whole number.") % {"text": text}
    if number < 0:
        return None, _("A denominator cannot be negative.")
    if number > MAX_COUNT:
        return None, _("«%(text)s» is too large.") % {"text": text}
    return int(number), None


def parse_year(value: Any) -> tuple[int | None, str | None]:
    """A Jalali year, 1300–1500, in any digits."""
    text = cell_text(value)
    if text == "":
        return None, _("The year is missing.")
    folded = to_ascii_digits(search_key(text))
    if re.fullmatch(r"\d{4}(?:\.0*)?", folded) and FIRST_YEAR <= int(folded[:4]) <= LAST_YEAR:
        return int(folded[:4]), None
    return None, _("«%(text)s» is not a Jalali year between ۱۳۰۰ and ۱۵۰۰.") % {"text": text}


def too_big() -> str:
    from hamafza.templatetags_builtins import filesize

    return _("The file is larger than %(size)s.") % {"size": filesize(settings.UPLOAD_MAX_BYTES)}


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The rows of the first sheet of an .xlsx file or of a UTF-8 .csv file; RefusedFile otherwise."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise RefusedFile(too_big())
    suffix = PurePath(filename or "").suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(data)
    if suffix == ".csv":
        return _read_csv(data)
    raise RefusedFile(_("Send an Excel (xlsx) or CSV file."))


def _too_many() -> RefusedFile:
    return RefusedFile(
        _("The file has more than %(count)s rows; split it into smaller files.")
        % {"count": to_persian_digits(MAX_ROWS)}
    )


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    unreadable = RefusedFile(_("The Excel file could not be read; save it again as xlsx."))
    if not data.startswith(b"PK\x03\x04"):
        raise unreadable
    try:
        check_zip(data)
    except UploadRejected as error:
        raise (RefusedFile(str(ZIP_BOMB_MESSAGE)) if error.code == "zip_bomb" else unreadable) from None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, key errors) for broken files
        raise unreadable from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every row there is
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + HEADER_ROWS:
                raise _too_many()
        return rows
    except RefusedFile:
        raise
    except Exception as error:
        raise unreadable from error
    finally:
        workbook.close()


def _read_csv(data: bytes) -> list[list[Any]]:
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in data:
        raise RefusedFile(_("This is not a CSV text file; send an Excel (xlsx) or CSV file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RefusedFile(
            _("The CSV file is not in UTF-8; save it as «CSV UTF-8» and send it again.")
        ) from error
    first = next((line for line in text.splitlines() if line.strip()), "")
    # The header has no thousands separators, so its most frequent separator is the file's.
    delimiter = max(",;\t", key=first.count)
    rows = []
    for row in csv.reader(io.StringIO(text), delimiter=delimiter):
        rows.append(row)
        if len(rows) > MAX_ROWS + HEADER_ROWS:
            raise _too_many()
    return rows


def find_header(table: list[list[Any]]) -> tuple[int, dict[str, int]]:
    """The first row (of the first ten) naming a neighbourhood column, a year column and a number column."""
    for index, row in enumerate(table[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            name = _HEADER_KEYS.get(header_key(cell))
            if name and name not in columns:
                columns[name] = position
        has_place = "code" in columns or "name" in columns
        if has_place and "year" in columns and any(name in columns for name in DENOMINATOR_FIELDS):
            return index, columns
    raise RefusedFile(
        _(
            "No header row was found: the file needs a neighbourhood code (کد محله) or name (محله) column, "
            "a year (سال) column and a population (جمعیت), households (خانوار) or pupils (دانش‌آموز) column."
        )
    )


# --- The preview ----------------------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    code: str
    name: str
    year: int | None
    given: dict[str, int | None]
    region_id: int | None = None
    old: dict[str, int | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.errors and all(value is None for value in self.given.values())

    @property
    def changes(self) -> dict[str, tuple[int | None, int]]:
        """{field: (saved, new)} for the numbers this row would change."""
        return {
            name: (self.old.get(name), value)
            for name, value in self.given.items()
            if value is not None and self.old.get(name) != value
        }

    @property
    def columns(self) -> list[tuple[int | None, int | None, bool]]:
        """(saved, after, changed) for population, households and pupils, in that order."""
        result = []
        for name in DENOMINATOR_FIELDS:
            saved, new = self.old.get(name), self.given.get(name)
            after = saved if new is None else new
            result.append((saved, after, new is not None and new != saved))
        return result


@dataclass
class DenominatorsPreview:
    filename: str
    digest: str
    rows: list[Row]

    @property
    def refused(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if not row.errors and not row.is_empty]

    @property
    def to_change(self) -> list[Row]:
        return [row for row in self.good if row.changes]

    @property
    def unchanged(self) -> list[Row]:
        return [row for row in self.good if not row.changes]

    @property
    def empty(self) -> list[Row]:
        return [row for row in self.rows if row.is_empty]

    def pending(self) -> list[list[int | None]]:
        """The good rows, small enough for the session: [line, region id, year, population, households,
        pupils]."""
        return [
            [row.line, row.region_id, row.year, *(row.given[name] for name in DENOMINATOR_FIELDS)]
            for row in self.good
        ]


class NoValidRow(RefusedFile):
    """Every row is refused or gives no number; the preview says why, row by row."""

    def __init__(self, preview: DenominatorsPreview):
        super().__init__(_("No row of the file can be applied; nothing was changed."))
        self.preview = preview


def check_file(user, data: bytes, filename: str) -> DenominatorsPreview:
    """Read and check a file of denominators; nothing is saved. RefusedFile when the file as a whole is
    refused (wrong type, too big, unreadable, no header, no valid row)."""
    table = read_table(data, filename)
    header_index, columns = find_header(table)

    def cell(raw: list[Any], name: str) -> Any:
        position = columns.get(name)
        return raw[position] if position is not None and position < len(raw) else None

    rows = []
    for line, raw in enumerate(table[header_index + 1 :], start=header_index + 2):
        if all(cell_text(value) == "" for value in raw):
            continue
        year, year_error = parse_year(cell(raw, "year"))
        row = Row(
            line=line,
            code=to_ascii_digits(cell_text(cell(raw, "code"))),
            name=cell_text(cell(raw, "name")),
            year=year,
            given={},
        )
        for name in DENOMINATOR_FIELDS:
            row.given[name], error = parse_count(cell(raw, name))
            if error:
                row.errors.append(error)
        if year_error:
            row.errors.insert(0, year_error)
        rows.append(row)
    if not rows:
        raise RefusedFile(_("The file has no rows under its header."))
    _match(user, rows)
    _duplicates(rows)
    _load_saved(rows)
    preview = DenominatorsPreview(filename=filename, digest=hashlib.sha256(data).hexdigest(), rows=rows)
    if not preview.good:
        raise NoValidRow(preview)
    return preview


def _match(user, rows: list[Row]) -> None:
    """Find each row's neighbourhood by code, or by name when there is no code, among those in reach."""
    reach = reachable_ids(user)
    regions = list(Region.objects.values_list("pk", "code", "name", "kind"))
    by_code = {search_key(code): (pk, code, name, kind) for pk, code, name, kind in regions}
    by_name: dict[str, list[tuple[int, str, str, str]]] = {}
    for region in regions:
        by_name.setdefault(search_key(region[2]), []).append(region)
    neighbourhood = Region.Kind.NEIGHBOURHOOD
    outside = _("%(place)s is outside your area: you may not set its denominators.")
    for row in rows:
        if row.code:
            found = by_code.get(search_key(row.code))
            place = f"«{row.code}»"
            if found is None:
                row.errors.append(_("Unknown neighbourhood code «%(code)s».") % {"code": row.code})
            elif found[3] != neighbourhood:
                row.errors.append(_("%(place)s is not a neighbourhood.") % {"place": place})
            elif reach is not None and found[0] not in reach:
                row.errors.append(outside % {"place": place})
            else:
                row.region_id, row.code, row.name = found[0], found[1], found[2]
        elif row.name:
            place = f"«{row.name}»"
            candidates = by_name.get(search_key(row.name), [])
            neighbourhoods = [region for region in candidates if region[3] == neighbourhood]
            within = [region for region in neighbourhoods if reach is None or region[0] in reach]
            if not candidates:
                row.errors.append(_("Unknown neighbourhood «%(name)s».") % {"name": row.name})
            elif not neighbourhoods:
                row.errors.append(_("%(place)s is not a neighbourhood.") % {"place": place})
            elif not within:
                row.errors.append(outside % {"place": place})
            elif len(within) > 1:
                row.errors.append(
                    _("More than one neighbourhood is named «%(name)s»; give its code.") % {"name": row.name}
                )
            else:
                row.region_id, row.code, row.name = within[0][0], within[0][1], within[0][2]
        else:
            row.errors.append(_("The row names no neighbourhood."))


def _duplicates(rows: list[Row]) -> None:
    """Refuse every row of a neighbourhood and year given more than once: which one is meant is unclear."""
    lines: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        if row.region_id and row.year:
            lines.setdefault((row.region_id, row.year), []).append(row.line)
    for row in rows:
        same = lines.get((row.region_id, row.year), []) if row.region_id and row.year else []
        if len(same) > 1:
            row.errors.append(
                _("%(name)s has more than one row for %(year)s (lines %(lines)s).")
                % {
                    "name": row.name,
                    "year": to_persian_digits(row.year),
                    "lines": to_persian_digits("، ".join(str(line) for line in same)),
                }
            )


def _load_saved(rows: list[Row]) -> None:
    matched = [row for row in rows if row.region_id and row.year and not row.errors]
    saved = {
        (item["region_id"], item["year"]): item
        for item in RegionYear.objects.filter(
            region_id__in={row.region_id for row in matched}, year__in={row.year for row in matched}
        ).values("region_id", "year", *DENOMINATOR_FIELDS)
    }
    for row in matched:
        item = saved.get((row.region_id, row.year), {})
        row.old = {name: item.get(name) for name in DENOMINATOR_FIELDS}


# --- Applying -----------------------------------------------------------------------------------------------


class StalePending(Exception):
    """What was kept from the preview no longer holds (reach, neighbourhood or numbers)."""


def apply(user, pending: list[list[int | None]]) -> int:
    """Apply the good rows kept from a preview, in one transaction, through `set_denominators` (which
    checks `can_set_denominators` again and audits each change). Everything is checked again first; StalePending when anything fails, and then
    nothing changes. Returns the number of neighbourhood-years that changed."""
    if not pending:
        raise StalePending
    reach = reachable_ids(user)
    ids = set()
    for item in pending:
        if len(item) != 3 + len(DENOMINATOR_FIELDS):
            raise StalePending
        _line, region_id, year, *numbers = item
        if not isinstance(region_id, int) or not isinstance(year, int):
            raise StalePending
        if reach is not None and region_id not in reach:
            raise StalePending
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise StalePending
        if any(n is not None and (not isinstance(n, int) or not 0 <= n <= MAX_COUNT) for n in numbers):
            raise StalePending
        ids.add(region_id)
    # The chain of parents comes along, so the permission check walks it without a query per level.
    regions = (
        Region.objects.neighbourhoods()
        .select_related("parent__parent__parent__parent")
        .defer(
            "boundary",
            "parent__boundary",
            "parent__parent__boundary",
            "parent__parent__parent__boundary",
            "parent__parent__parent__parent__boundary",
        )
    )
    regions = {region.pk: region for region in regions.filter(pk__in=ids)}
    if len(regions) != len(ids):
        raise StalePending
    changed = 0
    try:
        with transaction.atomic():
            saved = {
                (item.region_id, item.year): item
                for item in RegionYear.objects.select_for_update().filter(
                    region_id__in=ids, year__in={item[2] for item in pending}
                )
            }
            for _line, region_id, year, *numbers in pending:
                region = regions[region_id]
                given = dict(zip(DENOMINATOR_FIELDS, numbers, strict=True))
                before = saved.get((region_id, year))
                if any(
                    value is not None and getattr(before, name, None) != value
                    for name, value in given.items()
                ):
                    changed += 1
                set_denominators(region, year, by=user, **given)
    except (PermissionDenied, ValidationError) as error:
        raise StalePending from error
    return changed
