"""Excel imports of NGO lists and donor lists, with an answer per row.

`preview_ngos` / `preview_donors` read an .xlsx file (openpyxl, read-only) and check every row the way the
registry services do, without saving: a row is new (to import), already registered (matched by its
national or legal ID, or by its name and region: skipped, so importing a file again adds nothing) or
refused with its reasons. `import_ngos` / `import_donors` save the new rows through the services in one
transaction. Headers are found by their meaning, whatever the spelling (ی/ي, ZWNJ, spaces).
"""

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, override

from hamafza.atlas.models import HarmCategory
from hamafza.lib.jalali import JalaliDateError, parse_jalali
from hamafza.lib.persian import search_key, to_ascii_digits
from hamafza.lib.uploads import UploadRejected, sniff
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import Donor, NeedCategory, NgoProfile
from hamafza.participation.services import registry
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


NGO_COLUMNS = [
    Column("name", "نام سمن", ("نام", "نام تشکل", "نام سازمان", "نام موسسه", "عنوان"), required=True),
    Column("region", "منطقه", ("استان", "شهرستان", "شهر", "منطقه فعالیت", "محدوده"), required=True),
    Column("registration_number", "شماره ثبت", ("شماره مجوز", "شماره ثبت یا مجوز", "شماره پروانه")),
    Column("licence_authority", "مرجع صدور مجوز", ("مرجع صدور", "صادرکننده مجوز", "مرجع ثبت")),
    Column("licence_expires", "تاریخ انقضای مجوز", ("انقضای مجوز", "اعتبار مجوز تا", "تاریخ انقضا")),
    Column("legal_id", "شناسه ملی", ("شناسه ملی سمن", "شناسه")),
    Column("fields", "زمینه‌های فعالیت", ("زمینه فعالیت", "حوزه فعالیت", "حوزه‌های فعالیت")),
    Column("regions_served", "مناطق تحت پوشش", ("محلات تحت پوشش", "مناطق خدمت", "محلات")),
    Column("members_count", "تعداد اعضا", ("اعضا", "تعداد عضو")),
    Column("contact_name", "نام رابط", ("رابط", "نام مسئول", "مسئول")),
    Column("contact_mobile", "موبایل رابط", ("تلفن همراه رابط", "همراه رابط", "موبایل")),
    Column("email", "پست الکترونیک", ("ایمیل", "رایانامه")),
    Column("phone", "تلفن", ("تلفن ثابت", "شماره تلفن")),
]

DONOR_COLUMNS = [
    Column("kind", "نوع", ("نوع خیر", "نوع خیّر", "شخصیت")),
    Column("name", "نام", ("نام و نام خانوادگی", "نام خیر", "نام خیّر", "عنوان"), required=True),
    Column("national_id", "کد ملی", ("کدملی", "شماره ملی")),
    Column("legal_id", "شناسه ملی", ("شناسه",)),
    Column("mobile", "تلفن همراه", ("موبایل", "شماره همراه", "همراه")),
    Column("email", "پست الکترونیک", ("ایمیل", "رایانامه")),
    Column("postal_code", "کد پستی", ("کدپستی",)),
    Column("address", "نشانی", ("آدرس",)),
    Column("region", "منطقه", ("محل", "شهر", "شهرستان")),
    Column("interests", "زمینه‌های مورد علاقه", ("زمینه علاقه", "نوع کمک", "زمینه‌های کمک")),
    Column("interest_regions", "مناطق مورد علاقه", ("محلات مورد علاقه",)),
    Column("prior_giving", "کمک‌های پیشین (ریال)", ("کمک‌های پیشین", "کمک های قبلی", "مبلغ کمک‌ها")),
    Column("anonymous", "ناشناس", ("ناشناس بماند", "بی‌نام")),
    Column("consent", "رضایت به نگهداری اطلاعات", ("رضایت", "رضایت دارد")),
    Column("note", "یادداشت", ("توضیحات", "ملاحظات")),
]

DONOR_KINDS = {
    Donor.Kind.PERSON: ("شخص", "حقیقی", "فرد", "شخص حقیقی", "person"),
    Donor.Kind.CHARITY: ("خیریه", "موسسه خیریه", "مؤسسه خیریه", "حقوقی", "موسسه", "charity"),
    Donor.Kind.INDUSTRY: ("صنعت", "صنایع", "واحد صنعتی", "شرکت", "کارخانه", "industry"),
}

CATEGORY_WORDS = {
    NeedCategory.BUILDING: ("ساختمان", "ساخت", "عمرانی"),
    NeedCategory.EQUIPMENT: ("تجهیزات", "تجهیز"),
    NeedCategory.VEHICLE: ("خودرو", "وسیله نقلیه"),
    NeedCategory.CASH: ("نقدی", "وجه نقد", "پول"),
    NeedCategory.SERVICES: ("خدمات", "پرداخت هزینه خدمات", "هزینه خدمات"),
    NeedCategory.INFORMATION: ("اطلاعات", "اطلاع‌رسانی", "اطلاعاتی"),
    NeedCategory.SUPPORTIVE: ("حمایتی", "حمایت"),
    NeedCategory.SUPERVISORY: ("نظارتی", "نظارت"),
    NeedCategory.VOLUNTEERING: ("داوطلبانه", "داوطلبی", "مشارکت داوطلبانه"),
}

YES = {"بله", "آری", "اری", "هست", "دارد", "بلی", "yes", "y", "true", "1", "x", "✓", "✔"}
NO = {"خیر", "نه", "ندارد", "نیست", "no", "n", "false", "0", "-"}

_SEPARATORS = re.compile(r"[،,;؛\n/|]+")


def _key(text) -> str:
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
    except UploadRejected:
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
            names.setdefault(_key(alias), column.key)
    required = {column.key for column in columns if column.required}
    for index, row in enumerate(table[:HEADER_ROWS]):
        found: dict[str, int] = {}
        ignored = []
        for position, value in enumerate(row):
            if value in (None, ""):
                continue
            key = names.get(_key(value))
            if key and key not in found:
                found[key] = position
            else:
                ignored.append(str(value))
        if required <= set(found):
            return index, found, ignored
    return -1, {}, []


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _display(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    return _text(value)


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


def _date(value, errors: list, message) -> dt.date | None:
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
    key = search_key(_text(value))
    if key in YES:
        return True
    if key in NO:
        return False
    errors.append(message)
    return False


class _Regions:
    """Regions found by code or by name (any spelling); a name shared by several regions is ambiguous."""

    def __init__(self):
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.without_boundaries().only("pk", "name", "code", "kind"):
            self.by_code[_key(region.code)] = region
            self.by_name.setdefault(_key(region.name), []).append(region)

    def find(self, text: str, errors: list) -> Region | None:
        key = _key(text)
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


def _start(kind: str, data: bytes, filename: str, columns: list[Column]):
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


def _finish(preview: Preview) -> Preview:
    if not preview.error and preview.rows and not preview.new_rows and not preview.existing_rows:
        preview.error = gettext(
            "No row of the file can be imported; correct the rows below and send it again."
        )
    return preview


def _service_errors(error: ParticipationError, skip: set[str] = frozenset()) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(m) for name, messages in error.message_dict.items() if name not in skip for m in messages]
    return [str(m) for m in error.messages]


def _duplicate(seen: dict, keys: list, row: Row) -> None:
    for key in keys:
        if key in seen:
            row.errors.append(gettext("Repeats row %(line)s of the file.") % {"line": seen[key]})
            return
    for key in keys:
        seen[key] = row.line


# NGOs


def _categories() -> dict[str, HarmCategory]:
    found = {}
    for category in HarmCategory.objects.filter(is_active=True):
        for name in (category.code, category.name, category.name_en):
            if name:
                found.setdefault(_key(name), category)
    return found


def preview_ngos(data: bytes, filename: str) -> Preview:
    """Check a file of NGOs; nothing is saved."""
    preview, rows = _start("ngo", data, filename, NGO_COLUMNS)
    if not rows:
        return preview
    regions = _Regions()
    categories = _categories()
    legal_ids = set(NgoProfile.objects.exclude(legal_id="").values_list("legal_id", flat=True))
    names = {
        (_key(name), region_id)
        for name, region_id in Organization.objects.values_list("name", "region_id").iterator()
    }
    seen: dict = {}
    for row, raw in rows:
        errors = row.errors
        name = _text(raw.get("name"))
        if not name:
            errors.append(gettext("The name is missing."))
        region_text = _text(raw.get("region"))
        region = regions.find(region_text, errors) if region_text else None
        if not region_text:
            errors.append(gettext("The region is missing."))
        fields = []
        for part in _SEPARATORS.split(_text(raw.get("fields"))):
            if part.strip():
                category = categories.get(_key(part))
                if category is None:
                    errors.append(gettext("Unknown field of activity «%(name)s».") % {"name": part.strip()})
                elif category not in fields:
                    fields.append(category)
        profile = registry.NgoProfileData(
            registration_number=_text(raw.get("registration_number")),
            licence_authority=_text(raw.get("licence_authority")),
            licence_expires=_date(
                raw.get("licence_expires"),
                errors,
                gettext("Write the licence expiry as a Jalali date such as ۱۴۰۴/۰۶/۳۱."),
            ),
            legal_id=_text(raw.get("legal_id")),
            fields=fields,
            regions_served=regions.find_many(_text(raw.get("regions_served")), errors),
            members_count=_number(
                raw.get("members_count"), errors, gettext("The number of members is a whole number.")
            ),
        )
        contact_name = _text(raw.get("contact_name"))
        contact_mobile = _text(raw.get("contact_mobile"))
        try:
            legal_id = registry.clean_identifier("legal_id", profile.legal_id)
        except ParticipationError:
            legal_id = ""
        existing = (legal_id and legal_id in legal_ids) or (
            region is not None and (_key(name), region.pk) in names
        )
        if name and region is not None:
            _duplicate(
                seen, [("name", _key(name), region.pk)] + ([("legal", legal_id)] if legal_id else []), row
            )
        if existing and not errors:
            row.existing = True
        elif not existing:
            try:
                _, profile, _contact = registry.check_new_ngo(
                    name, region, profile, contact=(contact_name, contact_mobile)
                )
            except ParticipationError as error:
                errors.extend(
                    m
                    for m in _service_errors(
                        error, skip={"name", "region"} if not name or not region else set()
                    )
                    if m not in errors
                )
        row.data = {
            "name": name,
            "region": region,
            "profile": profile,
            "contact": (contact_name, contact_mobile),
            "email": _text(raw.get("email")),
            "phone": _text(raw.get("phone")),
        }
        preview.rows.append(row)
    return _finish(preview)


def import_ngos(preview: Preview, *, by) -> list[Organization]:
    """Register the new NGOs of a checked file, all or none."""
    if not preview.ok:
        raise ImportRefused(preview.error or gettext("The file has no new rows to import."))
    created = []
    with transaction.atomic():
        for row in preview.new_rows:
            data = row.data
            created.append(
                registry.register_ngo(
                    by=by,
                    name=data["name"],
                    region=data["region"],
                    profile=data["profile"],
                    email=data["email"],
                    phone=data["phone"],
                    contact=data["contact"],
                )
            )
    return created


# Donors


def _donor_kind(text: str, legal_id: str, errors: list) -> str:
    if not text:
        return Donor.Kind.CHARITY if legal_id else Donor.Kind.PERSON
    key = _key(text)
    for kind, words in DONOR_KINDS.items():
        if key in {_key(word) for word in words}:
            return kind
    errors.append(gettext("Unknown kind of donor «%(value)s»: write شخص, خیریه or صنعت.") % {"value": text})
    return Donor.Kind.PERSON


def _category_names() -> dict[str, str]:
    found = {}
    for value, words in CATEGORY_WORDS.items():
        label = NeedCategory(value).label
        with override("fa"):
            persian = str(label)
        with override("en"):
            english = str(label)
        for word in (value, persian, english, *words):
            found.setdefault(_key(word), value)
    return found


def preview_donors(data: bytes, filename: str, *, body: Body) -> Preview:
    """Check a file of donors to register with `body`; nothing is saved."""
    preview, rows = _start("donor", data, filename, DONOR_COLUMNS)
    if not rows:
        return preview
    regions = _Regions()
    category_names = _category_names()
    registered = Donor.objects.filter(body=body)
    national_ids = set(registered.exclude(national_id="").values_list("national_id", flat=True))
    legal_ids = set(registered.exclude(legal_id="").values_list("legal_id", flat=True))
    names = {(_key(name), region_id) for name, region_id in registered.values_list("name", "region_id")}
    seen: dict = {}
    for row, raw in rows:
        errors = row.errors
        name = _text(raw.get("name"))
        if not name:
            errors.append(gettext("The name is missing."))
        legal_text = _text(raw.get("legal_id"))
        kind = _donor_kind(_text(raw.get("kind")), legal_text, errors)
        region_text = _text(raw.get("region"))
        region = regions.find(region_text, errors) if region_text else None
        interests = []
        for part in _SEPARATORS.split(_text(raw.get("interests"))):
            if part.strip():
                value = category_names.get(_key(part))
                if value is None:
                    errors.append(gettext("Unknown category of need «%(name)s».") % {"name": part.strip()})
                elif value not in interests:
                    interests.append(value)
        donor = registry.DonorData(
            kind=kind,
            name=name,
            national_id=_text(raw.get("national_id")),
            legal_id=legal_text,
            mobile=_text(raw.get("mobile")),
            email=_text(raw.get("email")),
            postal_code=_text(raw.get("postal_code")),
            address=_text(raw.get("address")),
            region=region,
            interest_categories=interests,
            interest_regions=regions.find_many(_text(raw.get("interest_regions")), errors),
            prior_giving=_number(
                raw.get("prior_giving"), errors, gettext("Past giving is an amount in rials, a whole number.")
            )
            or 0,
            is_anonymous=_yes_no(raw.get("anonymous"), errors, gettext("Write بله or خیر under «ناشناس».")),
            consent=_yes_no(
                raw.get("consent"), errors, gettext("Write بله or خیر under «رضایت به نگهداری اطلاعات».")
            ),
            note=_text(raw.get("note")),
        )
        ids = []
        for kind_of_id, known in (("national_id", national_ids), ("legal_id", legal_ids)):
            try:
                value = registry.clean_identifier(kind_of_id, getattr(donor, kind_of_id))
            except ParticipationError:
                value = ""
            if value:
                ids.append((kind_of_id, value, value in known))
        existing = any(known for _kind, _value, known in ids) or (
            not ids and name and (_key(name), region.pk if region else None) in names
        )
        if name:
            keys = [(kind_of_id, value) for kind_of_id, value, _known in ids]
            _duplicate(seen, keys or [("name", _key(name), region.pk if region else None)], row)
        if existing and not errors:
            row.existing = True
        elif not existing:
            try:
                donor = registry.check_donor(donor, body=body)
            except ParticipationError as error:
                errors.extend(
                    m for m in _service_errors(error, skip={"name"} if not name else set()) if m not in errors
                )
        row.data = {"donor": donor}
        preview.rows.append(row)
    return _finish(preview)


def import_donors(preview: Preview, *, by, body: Body) -> list[Donor]:
    """Register the new donors of a checked file with `body`, all or none."""
    if not preview.ok:
        raise ImportRefused(preview.error or gettext("The file has no new rows to import."))
    with transaction.atomic():
        return [registry.register_donor(body, by=by, data=row.data["donor"]) for row in preview.new_rows]


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
    workbook.save(buffer)
    return buffer.getvalue()


def ngo_template() -> bytes:
    with override("fa"):
        notes = [
            gettext("One NGO per row. Columns marked * are required."),
            gettext("Region: the code or name of a province, county, city or neighbourhood."),
            gettext("Licence expiry: a Jalali date such as ۱۴۰۴/۰۶/۳۱."),
            gettext("Fields of activity and regions served: several, separated by «،»."),
            gettext("Fields of activity: %(names)s")
            % {
                "names": "، ".join(HarmCategory.objects.filter(is_active=True).values_list("name", flat=True))
            },
            gettext("An NGO already registered (same legal ID, or same name and region) is skipped."),
        ]
    return template_workbook(NGO_COLUMNS, notes)


def donor_template() -> bytes:
    with override("fa"):
        notes = [
            gettext("One donor per row. Columns marked * are required."),
            gettext("Kind: شخص (a person), خیریه (a charitable institution) or صنعت (an industry)."),
            gettext("A person needs the consent column set to بله; their national ID is checked."),
            gettext("Categories of interest: %(names)s")
            % {"names": "، ".join(words[0] for words in CATEGORY_WORDS.values())},
            gettext("Anonymous: بله keeps the donor's name from everyone but the secretariat."),
            gettext(
                "A donor already registered (same national or legal ID, or same name and region) is skipped."
            ),
        ]
    return template_workbook(DONOR_COLUMNS, notes)


PREVIEWS: dict[str, Callable] = {"ngo": preview_ngos, "donor": preview_donors}
