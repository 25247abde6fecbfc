"""Indicator values as agencies report them: entered in a table or uploaded as Excel/CSV, checked and
shown before saving, and saved so that a period sent again replaces what was there (never doubles).
Also the denominators (residents, households, pupils per neighbourhood and year) and rates.

Who may enter values: the officers of the indicator's owner organisation, and system administrators.
The neighbourhoods an indicator is reported for (its «area») are those under the owner's region.

Checks, made before anything is saved (`ValuesPreview`):
- refused: an unknown neighbourhood code or name (or one outside the area), a missing, unreadable or
  future month, a value that is not a number, a negative value, and the same neighbourhood and month
  twice in one file;
- warned: neighbourhoods of the area with no value for a month of the upload, and a value far outside
  the neighbourhood's own history. «Far outside» means, over the neighbourhood's values of the twelve
  months before (at least three of them): more than 3 scaled median absolute deviations from their
  median (|v − median| > 3 × 1.4826 × MAD, a robust three-sigma), or more than three times their
  maximum. Warnings do not stop the save; the person confirms.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamafza.atlas.models import DataBatch, Indicator, IndicatorValue, RegionYear
from hamafza.audit.services import record
from hamafza.lib.jalali import MONTHS_EN, MONTHS_FA, to_jalali
from hamafza.lib.persian import search_key, to_ascii_digits, to_persian_digits
from hamafza.lib.uploads import ZIP_BOMB_MESSAGE, UploadRejected, check_zip
from hamafza.places.models import Region

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
HISTORY_MONTHS = 12
MIN_HISTORY = 3
MAD_LIMIT = 3.0
MAD_SCALE = 1.4826  # makes the MAD estimate the standard deviation of normally distributed values
MAX_RATIO = 3.0
AUDIT_DETAIL_LIMIT = 500  # per-neighbourhood changes kept in the audit entry up to this many


# --- Months -----------------------------------------------------------------------------------------------


def month_index(month: int) -> int:
    return (month // 100) * 12 + month % 100 - 1


def month_from_index(index: int) -> int:
    year, month = divmod(index, 12)
    return year * 100 + month + 1


def current_month(today: dt.date | None = None) -> int:
    j = to_jalali(today or timezone.localdate())
    return j.year * 100 + j.month


def recent_months(count: int = 12, today: dt.date | None = None) -> list[int]:
    """The last `count` Jalali months, the current one first."""
    last = month_index(current_month(today))
    return [month_from_index(last - offset) for offset in range(count)]


def month_label(month: int, *, persian: bool = True) -> str:
    """140302 → «اردیبهشت ۱۴۰۳» (or «Ordibehesht 1403»)."""
    year, number = divmod(month, 100)
    if persian:
        return f"{MONTHS_FA[number - 1]} {to_persian_digits(str(year))}"
    return f"{MONTHS_EN[number - 1]} {year}"


_MONTH_NAMES = {search_key(name): number for number, name in enumerate(MONTHS_FA, start=1)}
_MONTH_NAMES.update({name.lower(): number for number, name in enumerate(MONTHS_EN, start=1)})
_YEAR_MONTH = re.compile(r"^(\d{2}|\d{4})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*\d{1,2})?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})$")


def _year(value: int) -> int:
    return value + (1400 if value < 50 else 1300) if value < 100 else value


def _valid(year: int, month: int) -> int | None:
    if 1300 <= year <= 1500 and 1 <= month <= 12:
        return year * 100 + month
    return None


def parse_month(value: Any) -> int | None:
    """A Jalali month as YYYYMM from «۱۴۰۳/۰۲», «1403-2», 140302, «اردیبهشت ۱۴۰۳»; None when unreadable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != int(value):
            return None
        value = str(int(value))
    text = search_key(str(value))
    if match := _COMPACT.match(text):
        return _valid(int(match[1]), int(match[2]))
    if match := _YEAR_MONTH.match(text):
        return _valid(_year(int(match[1])), int(match[2]))
    words = text.replace("/", " ").replace("-", " ").split()
    if len(words) == 2:
        for name, year in (words, reversed(words)):
            if name in _MONTH_NAMES and year.isdigit():
                return _valid(_year(int(year)), _MONTH_NAMES[name])
    return None


def parse_month_number(value: Any) -> int | None:
    """A month of the year, 1–12, as a number or a name."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if value == int(value) and 1 <= value <= 12 else None
    text = search_key(str(value or ""))
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTH_NAMES.get(text)


def parse_number(value: Any) -> float | None:
    """A number typed with Persian or ASCII digits, «٬» or «,» between thousands, «٫» or «.» as the
    decimal point; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = to_ascii_digits(str(value or "")).strip()
    text = text.replace("٬", "").replace(",", "").replace(" ", "").replace("٫", ".")
    text = text.replace("\u2212", "-").replace("\u200e", "").replace("\u200f", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


# --- Who may, and where ------------------------------------------------------------------------------------


def can_enter_values(user, indicator: Indicator) -> bool:
    """A system administrator, or an officer of the organisation that owns this reported indicator."""
    if not user.is_authenticated or not user.is_active:
        return False
    if indicator.source != Indicator.Source.REPORTED:
        return False
    if user.is_system_admin:
        return True
    return bool(user.is_officer and indicator.owner_id and user.organization_id == indicator.owner_id)


def indicators_for(user):
    """The reported indicators this user may enter values for."""
    indicators = Indicator.objects.filter(source=Indicator.Source.REPORTED, is_active=True).select_related(
        "category", "owner"
    )
    if user.is_system_admin:
        return indicators
    if not user.is_officer or not user.organization_id:
        return indicators.none()
    return indicators.filter(owner_id=user.organization_id)


def _check_permission(user, indicator: Indicator) -> None:
    if indicator.source != Indicator.Source.REPORTED:
        raise ValidationError(_("This indicator is counted from incidents; its values are not entered."))
    if not can_enter_values(user, indicator):
        raise PermissionDenied(
            _("Only the officers of the organisation that reports this indicator may enter its values.")
        )


def area_of(indicator: Indicator) -> Region | None:
    """The region whose neighbourhoods the indicator is reported for: its owner's; None for everywhere."""
    return indicator.owner.region if indicator.owner_id else None


def area_neighbourhoods(area: Region | None) -> list[Region]:
    """The neighbourhoods under a region (or all of them), without their boundaries, by name."""
    neighbourhoods = Region.objects.neighbourhoods().without_boundaries()
    if area is None:
        return list(neighbourhoods.order_by("name", "code"))
    if area.kind == Region.Kind.NEIGHBOURHOOD:
        return [area]
    ids, frontier = set(), [area.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return list(neighbourhoods.filter(pk__in=ids).order_by("name", "code"))


# --- The preview ------------------------------------------------------------------------------------------


@dataclass
class Issue:
    line: int | None  # the file's line (as Excel numbers rows); None for the file as a whole
    message: str


@dataclass
class PreviewRow:
    line: int | None
    code: str
    name: str
    month: int | None
    value: float | None
    region_id: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return month_label(self.month) if self.month else ""


@dataclass
class ValuesPreview:
    """What would be saved, with everything refused (errors) and everything to confirm (warnings)."""

    indicator: Indicator
    area: Region | None
    neighbourhoods: list[Region]
    rows: list[PreviewRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    missing: dict[int, list[Region]] = field(default_factory=dict)
    filename: str = ""
    data: bytes = b""
    replaced: int = 0  # values already saved for these months, which a save would replace

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> list[Issue]:
        issues = [Issue(None, message) for message in self.file_errors]
        return issues + [Issue(row.line, message) for row in self.rows for message in row.errors]

    @property
    def warnings(self) -> list[Issue]:
        issues = [
            Issue(
                None,
                ngettext(
                    "%(month)s: no value for %(count)s neighbourhood of the area: %(names)s",
                    "%(month)s: no value for %(count)s neighbourhoods of the area: %(names)s",
                    len(regions),
                )
                % {
                    "month": month_label(month),
                    "count": to_persian_digits(len(regions)),
                    "names": "، ".join(region.name for region in regions),
                },
            )
            for month, regions in sorted(self.missing.items())
        ]
        return issues + [Issue(row.line, message) for row in self.rows for message in row.warnings]

    @property
    def months(self) -> list[int]:
        return sorted({row.month for row in self.rows if row.month})

    @property
    def sha256(self) -> str:
        if self.data:
            return hashlib.sha256(self.data).hexdigest()
        payload = json.dumps(
            sorted((row.region_id, row.month, row.value) for row in self.rows), separators=(",", ":")
        )
        return hashlib.sha256(payload.encode()).hexdigest()


def _region_lookup(neighbourhoods: list[Region]) -> tuple[dict[str, Region], dict[str, list[Region]]]:
    by_code = {search_key(region.code): region for region in neighbourhoods}
    by_name: dict[str, list[Region]] = {}
    for region in neighbourhoods:
        by_name.setdefault(search_key(region.name), []).append(region)
    return by_code, by_name


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


def _check(
    indicator: Indicator, rows: list[PreviewRow], *, today: dt.date | None = None, **extra
) -> ValuesPreview:
    """Match each row's neighbourhood, then check values, duplicates, missing neighbourhoods and history."""
    area = area_of(indicator)
    neighbourhoods = area_neighbourhoods(area)
    preview = ValuesPreview(indicator=indicator, area=area, neighbourhoods=neighbourhoods, rows=rows, **extra)
    by_code, by_name = _region_lookup(neighbourhoods)
    this_month = current_month(today)
    seen: dict[tuple[int, int], int | None] = {}
    for row in rows:
        if row.code:
            region = by_code.get(search_key(row.code))
            if region is None:
                row.errors.append(
                    _("Unknown neighbourhood code «%(code)s»: no neighbourhood of the area has it.")
                    % {"code": row.code}
                )
        elif row.name:
            matches = by_name.get(search_key(row.name), [])
            region = matches[0] if len(matches) == 1 else None
            if not matches:
                row.errors.append(
                    _("Unknown neighbourhood «%(name)s»: no neighbourhood of the area has this name.")
                    % {"name": row.name}
                )
            elif len(matches) > 1:
                row.errors.append(
                    _("More than one neighbourhood is named «%(name)s»; give its code.") % {"name": row.name}
                )
        else:
            region = None
            row.errors.append(_("The row names no neighbourhood."))
        if region is not None:
            row.region_id = region.pk
            row.code, row.name = region.code, region.name
        if row.month is None:
            row.errors.append(_("The month is missing or unreadable (write it as ۱۴۰۳/۰۲ or 140302)."))
        elif row.month > this_month:
            row.errors.append(
                _("%(month)s has not come yet; values are entered after the month.")
                % {"month": month_label(row.month)}
            )
        if row.value is None:
            row.errors.append(_("The value is missing or not a number."))
        elif row.value < 0:
            row.errors.append(_("A value cannot be negative."))
        if row.region_id and row.month:
            key = (row.region_id, row.month)
            if key in seen:
                row.errors.append(
                    _("%(name)s has a second value for %(month)s (first on line %(line)s).")
                    % {
                        "name": row.name,
                        "month": month_label(row.month),
                        "line": to_persian_digits(seen[key] or "—"),
                    }
                )
            else:
                seen[key] = row.line
    months = sorted({row.month for row in rows if row.month and not row.errors})
    given = {(row.region_id, row.month) for row in rows if row.region_id and row.month}
    preview.missing = {
        month: missing
        for month in months
        if (missing := [region for region in neighbourhoods if (region.pk, month) not in given])
    }
    _check_history(preview, months)
    return preview


def _check_history(preview: ValuesPreview, months: list[int]) -> None:
    """Warn about values far outside their neighbourhood's last twelve months (see the module's doc)."""
    if not months:
        return
    area_ids = [region.pk for region in preview.neighbourhoods]
    first = month_from_index(month_index(months[0]) - HISTORY_MONTHS)
    saved = IndicatorValue.objects.filter(
        indicator=preview.indicator, region_id__in=area_ids, month__gte=first, month__lte=months[-1]
    ).values_list("region_id", "month", "value")
    known: dict[tuple[int, int], float] = {}
    replaced = 0
    for region_id, month, value in saved:
        if month in months:
            replaced += 1
        else:
            known[(region_id, month)] = value
    preview.replaced = replaced
    for row in preview.rows:
        if row.region_id and row.month and row.value is not None and not row.errors:
            known[(row.region_id, row.month)] = row.value
    for row in preview.rows:
        if row.errors or row.region_id is None or row.month is None or row.value is None:
            continue
        index = month_index(row.month)
        history = [
            known[key]
            for offset in range(1, HISTORY_MONTHS + 1)
            if (key := (row.region_id, month_from_index(index - offset))) in known
        ]
        if len(history) < MIN_HISTORY:
            continue
        median = statistics.median(history)
        mad = statistics.median(abs(value - median) for value in history)
        highest = max(history)
        outside_mad = mad > 0 and abs(row.value - median) > MAD_LIMIT * MAD_SCALE * mad
        above_max = highest > 0 and row.value > MAX_RATIO * highest
        if outside_mad or above_max:
            row.warnings.append(
                _(
                    "%(value)s is far from this neighbourhood's past %(count)s months "
                    "(median %(median)s, highest %(highest)s); check it before saving."
                )
                % {
                    "value": _number(row.value),
                    "count": to_persian_digits(len(history)),
                    "median": _number(median),
                    "highest": _number(highest),
                }
            )


def _number(value: float) -> str:
    text = str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")
    return to_persian_digits(text)


# --- Entering values in a table ---------------------------------------------------------------------------


def check_entries(
    indicator: Indicator, *, by, month: int, values: Mapping[int, Any], today: dt.date | None = None
) -> ValuesPreview:
    """Check one month's values typed in the table ({region id: number or text}); blanks are left out."""
    _check_permission(by, indicator)
    neighbourhoods = {region.pk: region for region in area_neighbourhoods(area_of(indicator))}
    rows = []
    for region_id, raw in values.items():
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        region = neighbourhoods.get(int(region_id))
        value = parse_number(raw)
        row = PreviewRow(
            line=None,
            code=region.code if region else str(region_id),
            name=region.name if region else "",
            month=month,
            value=value,
        )
        if value is None:
            row.errors.append(_("«%(text)s» is not a number.") % {"text": raw})
            row.value = 0.0  # keeps «missing value» from being reported a second time
        rows.append(row)
    return _check(indicator, rows, today=today)


def enter_values(
    indicator: Indicator, *, by, month: int, values: Mapping[int, Any], today: dt.date | None = None
) -> DataBatch:
    """Save one month's values of the area: they replace that month's values. Raises ValidationError
    when anything is refused; warnings are the caller's to show (see `check_entries`)."""
    preview = check_entries(indicator, by=by, month=month, values=values, today=today)
    if not preview.rows:
        raise ValidationError(_("No value was entered."))
    return save_values(preview, by=by, months=[month])


# --- Uploading a file -------------------------------------------------------------------------------------

HEADERS = {
    "code": ["کد محله", "کد", "code", "neighbourhood code", "neighborhood code", "region code"],
    "name": ["محله", "نام محله", "name", "neighbourhood", "neighborhood", "neighbourhood name"],
    "month": ["ماه", "دوره", "month", "period", "سال و ماه", "سال/ماه", "تاریخ"],
    "year": ["سال", "year"],
    "value": ["مقدار", "value", "تعداد", "count", "عدد"],
}
_HEADER_KEYS = {search_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}


class UnreadableFile(ValueError):
    pass


class ZipBombFile(UnreadableFile):
    """An Excel file that would unpack to far more than its size: refused unread."""


def read_table(data: bytes, filename: str) -> list[list[Any]]:
    """The cells of the first sheet of an Excel file (xlsx, xls, ods) or the rows of a CSV file."""
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        from python_calamine import CalamineWorkbook

        if data[:4] == b"PK\x03\x04":
            try:
                check_zip(data)
            except UploadRejected as error:
                raise (ZipBombFile if error.code == "zip_bomb" else UnreadableFile)(error.code) from error
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except Exception as error:  # calamine raises its own kinds for every broken file
            raise UnreadableFile(str(error)) from error
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(filename)
    if "\x00" in text:
        raise UnreadableFile(filename)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _header(table: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first ten) naming a value column and a neighbourhood column."""
    for index, row in enumerate(table[:10]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            name = _HEADER_KEYS.get(search_key(_cell_text(cell)))
            if name and name not in columns:
                columns[name] = position
        if "value" in columns and ("code" in columns or "name" in columns):
            return index, columns
    return None


def upload_values(
    indicator: Indicator,
    *,
    by,
    data: bytes,
    filename: str,
    month: int | None = None,
    today: dt.date | None = None,
) -> ValuesPreview:
    """Read an Excel or CSV file of values and check it; nothing is saved (see `save_values`).

    Columns, found by their header in the first ten rows: the neighbourhood code (کد محله) or name
    (محله), the month (ماه: «۱۴۰۳/۰۲», 140302, «اردیبهشت ۱۴۰۳») or a year (سال) and a month (ماه)
    column, and the value (مقدار). Without a month column every row is of `month`.
    """
    _check_permission(by, indicator)
    extra = {"filename": filename, "data": data}
    if len(data) > MAX_UPLOAD_BYTES:
        return _file_error(indicator, _("The file is larger than 2 MB."), **extra)
    try:
        table = read_table(data, filename)
    except ZipBombFile:
        return _file_error(indicator, str(ZIP_BOMB_MESSAGE), **extra)
    except UnreadableFile:
        return _file_error(
            indicator, _("The file could not be read; send an Excel (xlsx) or CSV file."), **extra
        )
    found = _header(table)
    if found is None:
        return _file_error(
            indicator,
            _(
                "No header row was found: the file needs a neighbourhood code (کد محله) or name (محله) "
                "column and a value (مقدار) column."
            ),
            **extra,
        )
    header_index, columns = found
    if "month" not in columns and month is None:
        return _file_error(
            indicator, _("The file has no month (ماه) column; choose the month of its values."), **extra
        )

    def cell(row: list[Any], name: str) -> Any:
        position = columns.get(name)
        return row[position] if position is not None and position < len(row) else None

    rows = []
    for offset, raw in enumerate(table[header_index + 1 :], start=header_index + 2):
        if all(_cell_text(value) == "" for value in raw):
            continue
        if "month" not in columns:
            row_month = month
        elif "year" in columns:
            year, number = parse_number(cell(raw, "year")), parse_month_number(cell(raw, "month"))
            row_month = _valid(_year(int(year)), number) if year and year == int(year) and number else None
        else:
            row_month = parse_month(cell(raw, "month"))
        value_text = _cell_text(cell(raw, "value"))
        row = PreviewRow(
            line=offset,
            code=to_ascii_digits(_cell_text(cell(raw, "code"))),
            name=_cell_text(cell(raw, "name")),
            month=row_month,
            value=parse_number(cell(raw, "value")),
        )
        if row.value is None and value_text:
            row.errors.append(_("«%(text)s» is not a number.") % {"text": value_text})
            row.value = 0.0
        rows.append(row)
    if not rows:
        return _file_error(indicator, _("The file has no rows of values."), **extra)
    return _check(indicator, rows, today=today, **extra)


def _file_error(indicator: Indicator, message: str, **extra) -> ValuesPreview:
    area = area_of(indicator)
    return ValuesPreview(indicator=indicator, area=area, neighbourhoods=[], file_errors=[message], **extra)


# --- Saving -----------------------------------------------------------------------------------------------


@transaction.atomic
def save_values(preview: ValuesPreview, *, by, months: Iterable[int] | None = None) -> DataBatch:
    """Save a checked preview: for each of its months, the indicator's values in the area are replaced
    by the preview's, in one transaction, with one audit entry. Refused when the preview has errors."""
    indicator = Indicator.objects.select_for_update().get(pk=preview.indicator.pk)
    _check_permission(by, indicator)
    if not preview.ok:
        raise ValidationError(_("The values have errors; correct them and send them again."))
    months = sorted(set(months or []) | set(preview.months))
    if not months:
        raise ValidationError(_("No value was entered."))
    area_ids = [region.pk for region in area_neighbourhoods(area_of(indicator))]
    existing = IndicatorValue.objects.filter(indicator=indicator, month__in=months, region_id__in=area_ids)
    before = {
        (region_id, month): value
        for region_id, month, value in existing.values_list("region_id", "month", "value")
    }
    batch = DataBatch.objects.create(
        kind=DataBatch.Kind.VALUES,
        organization=indicator.owner,
        uploaded_by=by,
        file_name=preview.filename[:255],
        sha256=preview.sha256,
        status=DataBatch.Status.DONE,
        rows_total=len(preview.rows),
        rows_done=len(preview.rows),
        rows_imported=len(preview.rows),
        finished_at=timezone.now(),
    )
    if preview.data:
        batch.file.save(preview.filename or "values", ContentFile(preview.data), save=True)
    existing.delete()
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                indicator=indicator, region_id=row.region_id, month=row.month, value=row.value, batch=batch
            )
            for row in preview.rows
        ],
        batch_size=500,
    )
    after = {(row.region_id, row.month): row.value for row in preview.rows}
    codes = dict(Region.objects.filter(pk__in={key[0] for key in before | after}).values_list("pk", "code"))
    changed = {
        f"{codes[key[0]]}/{key[1]}": [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }
    changes: dict[str, Any] = {
        "months": months,
        "batch": batch.pk,
        "file": preview.filename,
        "saved": len(after),
        "replaced": len(before),
    }
    if len(changed) <= AUDIT_DETAIL_LIMIT:
        changes["values"] = changed
    else:
        changes["changed"] = len(changed)
    record(actor=by, action="indicator.values", obj=indicator, changes=changes)
    return batch


# --- Denominators and rates -------------------------------------------------------------------------------

DENOMINATOR_FIELDS = ["population", "households", "pupils"]


def can_set_denominators(user, region: Region) -> bool:
    """System administrators, and the secretariat of a body whose region holds this one (as for targets)."""
    from hamafza.places.services import can_mark_target

    return bool(user.is_authenticated and user.is_active and can_mark_target(user, region))


@transaction.atomic
def set_denominators(
    region: Region,
    year: int,
    *,
    by,
    population: int | None = None,
    households: int | None = None,
    pupils: int | None = None,
) -> RegionYear:
    """Set a neighbourhood's residents, households and pupils in a Jalali year; None leaves one as it is.
    Writes (and audits) only what changes."""
    if not can_set_denominators(by, region):
        raise PermissionDenied(_("Only the secretariat of a body of this region may set its denominators."))
    if region.kind != Region.Kind.NEIGHBOURHOOD:
        raise ValidationError(_("Denominators are kept for neighbourhoods."))
    if not 1300 <= year <= 1500:
        raise ValidationError(_("The year must be a Jalali year such as ۱۴۰۳."))
    given = {"population": population, "households": households, "pupils": pupils}
    if any(value is not None and value < 0 for value in given.values()):
        raise ValidationError(_("A denominator cannot be negative."))
    row, created = RegionYear.objects.select_for_update().get_or_create(region=region, year=year)
    changes = {
        name: [getattr(row, name), value]
        for name, value in given.items()
        if value is not None and getattr(row, name) != value
    }
    if changes:
        for name, (_old, value) in changes.items():
            setattr(row, name, value)
        row.save(update_fields=list(changes))
    if changes or created:
        record(actor=by, action="regionyear.set", obj=region, changes={"year": year, **changes})
    return row


def rate(
    value: float | None, indicator: Indicator, denominators: RegionYear | Mapping[str, Any] | None
) -> float | None:
    """The indicator's value as a rate: value ÷ denominator × per (e.g. per 10,000 residents).

    A count indicator's value comes back as it is. None when the value, or the denominator the indicator
    needs, is missing or zero.
    """
    if value is None:
        return None
    if indicator.kind != Indicator.Kind.RATE:
        return float(value)
    if denominators is None or not indicator.denominator:
        return None
    if isinstance(denominators, Mapping):
        base = denominators.get(indicator.denominator)
    else:
        base = getattr(denominators, indicator.denominator, None)
    if not base:
        return None
    return float(value) / float(base) * indicator.per
