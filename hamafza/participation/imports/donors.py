"""Excel import of donor lists into a body's registry: each row checked as the registry services would
(new, already registered by its national or legal ID or its name, or refused with its reasons), then
the new ones saved in one transaction."""

from django.db import transaction
from django.utils.translation import gettext, override

from hamafza.meetings.models import Body
from hamafza.participation.imports.common import (
    _SEPARATORS,
    Column,
    ImportRefused,
    Preview,
    RegionFinder,
    _number,
    _yes_no,
    cell_text,
    finish_preview,
    mark_duplicate,
    match_key,
    service_errors,
    start_preview,
    template_workbook,
)
from hamafza.participation.models import Donor, NeedCategory
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError

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


# Donors


def _donor_kind(text: str, legal_id: str, errors: list) -> str:
    if not text:
        return Donor.Kind.CHARITY if legal_id else Donor.Kind.PERSON
    key = match_key(text)
    for kind, words in DONOR_KINDS.items():
        if key in {match_key(word) for word in words}:
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
            found.setdefault(match_key(word), value)
    return found


def preview_donors(data: bytes, filename: str, *, body: Body) -> Preview:
    """Check a file of donors to register with `body`; nothing is saved."""
    preview, rows = start_preview("donor", data, filename, DONOR_COLUMNS)
    if not rows:
        return preview
    regions = RegionFinder()
    category_names = _category_names()
    registered = Donor.objects.filter(body=body)
    national_ids = set(registered.exclude(national_id="").values_list("national_id", flat=True))
    legal_ids = set(registered.exclude(legal_id="").values_list("legal_id", flat=True))
    names = {(match_key(name), region_id) for name, region_id in registered.values_list("name", "region_id")}
    seen: dict = {}
    for row, raw in rows:
        errors = row.errors
        name = cell_text(raw.get("name"))
        if not name:
            errors.append(gettext("The name is missing."))
        legal_text = cell_text(raw.get("legal_id"))
        kind = _donor_kind(cell_text(raw.get("kind")), legal_text, errors)
        region_text = cell_text(raw.get("region"))
        region = regions.find(region_text, errors) if region_text else None
        interests = []
        for part in _SEPARATORS.split(cell_text(raw.get("interests"))):
            if part.strip():
                value = category_names.get(match_key(part))
                if value is None:
                    errors.append(gettext("Unknown category of need «%(name)s».") % {"name": part.strip()})
                elif value not in interests:
                    interests.append(value)
        donor = registry.DonorData(
            kind=kind,
            name=name,
            national_id=cell_text(raw.get("national_id")),
            legal_id=legal_text,
            mobile=cell_text(raw.get("mobile")),
            email=cell_text(raw.get("email")),
            postal_code=cell_text(raw.get("postal_code")),
            address=cell_text(raw.get("address")),
            region=region,
            interest_categories=interests,
            interest_regions=regions.find_many(cell_text(raw.get("interest_regions")), errors),
            prior_giving=_number(
                raw.get("prior_giving"), errors, gettext("Past giving is an amount in rials, a whole number.")
            )
            or 0,
            is_anonymous=_yes_no(raw.get("anonymous"), errors, gettext("Write بله or خیر under «ناشناس».")),
            consent=_yes_no(
                raw.get("consent"), errors, gettext("Write بله or خیر under «رضایت به نگهداری اطلاعات».")
            ),
            note=cell_text(raw.get("note")),
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
            not ids and name and (match_key(name), region.pk if region else None) in names
        )
        if name:
            keys = [(kind_of_id, value) for kind_of_id, value, _known in ids]
            mark_duplicate(seen, keys or [("name", match_key(name), region.pk if region else None)], row)
        if existing and not errors:
            row.existing = True
        elif not existing:
            try:
                donor = registry.check_donor(donor, body=body)
            except ParticipationError as error:
                errors.extend(
                    m for m in service_errors(error, skip={"name"} if not name else set()) if m not in errors
                )
        row.data = {"donor": donor}
        preview.rows.append(row)
    return finish_preview(preview)


def import_donors(preview: Preview, *, by, body: Body) -> list[Donor]:
    """Register the new donors of a checked file with `body`, all or none."""
    if not preview.ok:
        raise ImportRefused(preview.error or gettext("The file has no new rows to import."))
    with transaction.atomic():
        return [registry.register_donor(body, by=by, data=row.data["donor"]) for row in preview.new_rows]


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
