"""Excel import of NGO lists: each row checked as the registry services would (new, already registered
by its legal ID or its name and region, or refused with its reasons), then the new ones saved in one
transaction."""

from django.db import transaction
from django.utils.translation import gettext, override

from hamafza.atlas.models import HarmCategory
from hamafza.orgs.models import Organization
from hamafza.participation.imports.common import (
    _SEPARATORS,
    Column,
    ImportRefused,
    Preview,
    RegionFinder,
    _number,
    cell_date,
    cell_text,
    finish_preview,
    mark_duplicate,
    match_key,
    service_errors,
    start_preview,
    template_workbook,
)
from hamafza.participation.models import NgoProfile
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError

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


# NGOs


def _categories() -> dict[str, HarmCategory]:
    found = {}
    for category in HarmCategory.objects.filter(is_active=True):
        for name in (category.code, category.name, category.name_en):
            if name:
                found.setdefault(match_key(name), category)
    return found


def preview_ngos(data: bytes, filename: str) -> Preview:
    """Check a file of NGOs; nothing is saved."""
    preview, rows = start_preview("ngo", data, filename, NGO_COLUMNS)
    if not rows:
        return preview
    regions = RegionFinder()
    categories = _categories()
    legal_ids = set(NgoProfile.objects.exclude(legal_id="").values_list("legal_id", flat=True))
    names = {
        (match_key(name), region_id)
        for name, region_id in Organization.objects.values_list("name", "region_id").iterator()
    }
    seen: dict = {}
    for row, raw in rows:
        errors = row.errors
        name = cell_text(raw.get("name"))
        if not name:
            errors.append(gettext("The name is missing."))
        region_text = cell_text(raw.get("region"))
        region = regions.find(region_text, errors) if region_text else None
        if not region_text:
            errors.append(gettext("The region is missing."))
        fields = []
        for part in _SEPARATORS.split(cell_text(raw.get("fields"))):
            if part.strip():
                category = categories.get(match_key(part))
                if category is None:
                    errors.append(gettext("Unknown field of activity «%(name)s».") % {"name": part.strip()})
                elif category not in fields:
                    fields.append(category)
        profile = registry.NgoProfileData(
            registration_number=cell_text(raw.get("registration_number")),
            licence_authority=cell_text(raw.get("licence_authority")),
            licence_expires=cell_date(
                raw.get("licence_expires"),
                errors,
                gettext("Write the licence expiry as a Jalali date such as ۱۴۰۴/۰۶/۳۱."),
            ),
            legal_id=cell_text(raw.get("legal_id")),
            fields=fields,
            regions_served=regions.find_many(cell_text(raw.get("regions_served")), errors),
            members_count=_number(
                raw.get("members_count"), errors, gettext("The number of members is a whole number.")
            ),
        )
        contact_name = cell_text(raw.get("contact_name"))
        contact_mobile = cell_text(raw.get("contact_mobile"))
        try:
            legal_id = registry.clean_identifier("legal_id", profile.legal_id)
        except ParticipationError:
            legal_id = ""
        existing = (legal_id and legal_id in legal_ids) or (
            region is not None and (match_key(name), region.pk) in names
        )
        if name and region is not None:
            mark_duplicate(
                seen,
                [("name", match_key(name), region.pk)] + ([("legal", legal_id)] if legal_id else []),
                row,
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
                    for m in service_errors(
                        error, skip={"name", "region"} if not name or not region else set()
                    )
                    if m not in errors
                )
        row.data = {
            "name": name,
            "region": region,
            "profile": profile,
            "contact": (contact_name, contact_mobile),
            "email": cell_text(raw.get("email")),
            "phone": cell_text(raw.get("phone")),
        }
        preview.rows.append(row)
    return finish_preview(preview)


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
