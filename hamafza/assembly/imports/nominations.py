"""Nominations from an Excel list, as the provinces send them: the same machinery as the NGO and donor
lists of participation (hamafza.participation.imports: a template with Persian headers and a guide
sheet, headers found whatever their spelling, a preview that answers every row, one transaction, a
second import of the same file adding nothing).

Each row names an NGO and who nominated it. An NGO the registry knows (by its legal ID, or its name in
its region) is nominated as it is; an unknown one is registered through the registry's own service when
the row carries its licence (number and authority), and refused otherwise. A row whose NGO is already
nominated to the assembly is skipped.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, override

from hamafza.assembly.models import Assembly, Nomination
from hamafza.assembly.services import nominations
from hamafza.assembly.services.common import AssemblyError
from hamafza.orgs.models import Organization
from hamafza.participation.imports import common as base
from hamafza.participation.imports.ngos import NGO_COLUMNS
from hamafza.participation.models import NgoProfile
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError

_NGO_KEYS = (
    "name",
    "region",
    "legal_id",
    "registration_number",
    "licence_authority",
    "licence_expires",
    "contact_name",
    "contact_mobile",
)

COLUMNS = [column for column in NGO_COLUMNS if column.key in _NGO_KEYS] + [
    base.Column(
        "nominating_region",
        "استان یا شهرستان معرفی‌کننده",
        ("استان معرفی کننده", "شهرستان معرفی کننده", "معرفی کننده", "استان معرف"),
        required=True,
    ),
    base.Column("nominated_by", "مرجع معرفی", ("اداره معرفی کننده", "دستگاه معرفی کننده", "معرف")),
    base.Column("nominated_on", "تاریخ معرفی", ("تاریخ نامه", "تاریخ"), required=True),
    base.Column("letter_number", "شماره نامه معرفی", ("شماره نامه", "شماره معرفی نامه")),
    base.Column("note", "یادداشت", ("توضیحات", "ملاحظات")),
]


def _existing_ngo(name: str, region, legal_id: str, by_legal: dict, by_name: dict) -> Organization | None:
    if legal_id and legal_id in by_legal:
        return by_legal[legal_id]
    if region is not None:
        return by_name.get((base.match_key(name), region.pk))
    return None


def preview(assembly: Assembly, data: bytes, filename: str) -> base.Preview:
    """Check a file of nominations to `assembly`; nothing is saved."""
    result, rows = base.start_preview("nomination", data, filename, COLUMNS)
    if not rows:
        return result
    regions = base.RegionFinder()
    by_legal = {
        legal_id: organization
        for legal_id, organization in (
            (p.legal_id, p.organization)
            for p in NgoProfile.objects.exclude(legal_id="").select_related("organization")
        )
    }
    by_name = {
        (base.match_key(org.name), org.region_id): org
        for org in Organization.objects.filter(kind=Organization.Kind.NGO)
    }
    nominated = set(assembly.nominations.values_list("organization_id", flat=True))
    today = timezone.localdate()
    seen: dict = {}
    for row, raw in rows:
        errors = row.errors
        name = base.cell_text(raw.get("name"))
        if not name:
            errors.append(gettext("The name is missing."))
        region_text = base.cell_text(raw.get("region"))
        region = regions.find(region_text, errors) if region_text else None
        if not region_text:
            errors.append(gettext("The region is missing."))
        try:
            legal_id = registry.clean_identifier("legal_id", base.cell_text(raw.get("legal_id")))
        except ParticipationError as error:
            errors.extend(error.messages)
            legal_id = ""
        nominating_text = base.cell_text(raw.get("nominating_region"))
        nominating = regions.find(nominating_text, errors) if nominating_text else None
        if not nominating_text:
            errors.append(gettext("The nominating province or county is missing."))
        elif nominating is not None and nominating.kind not in ("province", "county"):
            errors.append(gettext("«%(name)s» is not a province or a county.") % {"name": nominating_text})
        nominated_on = base.cell_date(
            raw.get("nominated_on"),
            errors,
            gettext("Write the date of nomination as a Jalali date such as ۱۴۰۴/۰۶/۳۱."),
        )
        if nominated_on is None and not raw.get("nominated_on"):
            errors.append(gettext("The date of nomination is missing."))
        elif nominated_on is not None and nominated_on > today:
            errors.append(gettext("The nomination cannot be dated in the future."))
        organization = _existing_ngo(name, region, legal_id, by_legal, by_name) if name else None
        profile = registry.NgoProfileData(
            registration_number=base.cell_text(raw.get("registration_number")),
            licence_authority=base.cell_text(raw.get("licence_authority")),
            licence_expires=base.cell_date(
                raw.get("licence_expires"),
                errors,
                gettext("Write the licence expiry as a Jalali date such as ۱۴۰۴/۰۶/۳۱."),
            ),
            legal_id=legal_id,
        )
        contact = (base.cell_text(raw.get("contact_name")), base.cell_text(raw.get("contact_mobile")))
        if name and region is not None:
            base.mark_duplicate(
                seen,
                [("name", base.match_key(name), region.pk)] + ([("legal", legal_id)] if legal_id else []),
                row,
            )
        if organization is not None and organization.pk in nominated:
            if not errors:
                row.existing = True
        elif organization is None and name and region is not None:
            try:
                registry.check_new_ngo(name, region, profile, contact=contact)
            except ParticipationError as error:
                errors.extend(m for m in base.service_errors(error) if m not in errors)
        row.data = {
            "name": name,
            "region": region,
            "organization": organization,
            "profile": profile,
            "contact": contact,
            "nomination": nominations.NominationData(
                organization=organization,
                region=nominating,
                nominated_on=nominated_on,
                nominated_by=base.cell_text(raw.get("nominated_by")),
                letter_number=base.cell_text(raw.get("letter_number")),
                note=base.cell_text(raw.get("note")),
            ),
        }
        result.rows.append(row)
    return base.finish_preview(result)


def import_nominations(assembly: Assembly, result: base.Preview, *, by) -> list[Nomination]:
    """Record the new nominations of a checked file (registering the NGOs the registry lacks), all or
    none."""
    if not result.ok:
        raise base.ImportRefused(result.error or gettext("The file has no new rows to import."))
    created = []
    with transaction.atomic():
        for row in result.new_rows:
            data = row.data
            organization = data["organization"]
            if organization is None:
                organization = registry.register_ngo(
                    by=by,
                    name=data["name"],
                    region=data["region"],
                    profile=data["profile"],
                    contact=data["contact"],
                )
            nomination = data["nomination"]
            nomination.organization = organization
            try:
                created.append(nominations.nominate(assembly, by=by, data=nomination))
            except AssemblyError as error:
                raise base.ImportRefused(
                    gettext("Row %(line)s: %(reason)s")
                    % {"line": row.line, "reason": " ".join(error.messages)}
                ) from None
    return created


def template() -> bytes:
    with override("fa"):
        notes = [
            gettext("One nominated NGO per row. Columns marked * are required."),
            gettext(
                "Region: the code or name of the province, county, city or neighbourhood the NGO serves."
            ),
            gettext("The nominating province or county: its name or code, as in «فارس» or «شهرستان شیراز»."),
            gettext("Date of nomination and licence expiry: Jalali dates such as ۱۴۰۴/۰۶/۳۱."),
            gettext(
                "An NGO not yet in the registry is registered from its row: give its licence number and issuing authority."
            ),
            gettext(
                "An NGO already nominated to this assembly is skipped, so the same file imported twice adds nothing."
            ),
        ]
    return base.template_workbook(COLUMNS, notes)
