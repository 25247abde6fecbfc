"""The registries: NGOs (سمن) with their profile and contact people, donors (خیرین) and industries, and the
recognitions donors received. Identifiers are checked here, with a message per field, so the forms, the
Excel imports and the API give the same answers."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import User
from hamafza.audit import services as audit
from hamafza.lib import identifiers
from hamafza.lib.persian import search_key, tidy
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation import access
from hamafza.participation.models import Contact, Donor, NeedCategory, NgoProfile, Pledge, Recognition
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region

AUDIT_ACTIONS = {
    "ngo.register": _("NGO registered"),
    "ngo.profile": _("NGO profile saved"),
    "ngo.contact_add": _("Contact person added"),
    "ngo.contact_remove": _("Contact person removed"),
    "donor.register": _("Donor registered"),
    "donor.update": _("Donor updated"),
    "donor.recognition": _("Recognition recorded"),
    "donor.account": _("Sign-in account given to a donor"),
}

# What a bad identifier is called in a message, per identifier and per InvalidIdentifier code.
IDENTIFIER_MESSAGES = {
    ("national_id", "format"): _("A national ID (کد ملی) has ten digits."),
    ("national_id", "checksum"): _("This national ID is not valid: its check digit does not match."),
    ("legal_id", "format"): _("A legal entity national ID (شناسه ملی) has eleven digits."),
    ("legal_id", "checksum"): _(
        "This legal entity national ID is not valid: its check digit does not match."
    ),
    ("mobile", "format"): _("Enter an Iranian mobile number such as ۰۹۱۲۱۲۳۴۵۶۷."),
    ("postal_code", "format"): _(
        "A postal code has ten digits, with no 0 or 2 among the first five (such as ۱۴۳۷۶۱۳۸۹۱)."
    ),
}

_CLEANERS: dict[str, Callable[[str], str]] = {
    "national_id": identifiers.clean_national_id,
    "legal_id": identifiers.clean_legal_id,
    "mobile": identifiers.clean_mobile,
    "postal_code": identifiers.clean_postal_code,
}


def clean_identifier(kind: str, value) -> str:
    """The canonical form of an identifier ('' when empty); ParticipationError with the reason otherwise."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        return _CLEANERS[kind](text)
    except identifiers.InvalidIdentifier as error:
        raise ParticipationError(IDENTIFIER_MESSAGES[(kind, error.code)], code=error.code) from None


class _Errors:
    """Gathers the errors of several fields so that a form shows all of them at once."""

    def __init__(self):
        self.by_field: dict[str, list] = {}

    def add(self, name: str, message) -> None:
        self.by_field.setdefault(name, []).append(message)

    def identifier(self, name: str, kind: str, value) -> str:
        try:
            return clean_identifier(kind, value)
        except ParticipationError as error:
            self.add(name, error.messages[0])
            return ""

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ParticipationError(self.by_field)


def can_register_ngo(user: User) -> bool:
    """A system administrator or the secretariat of any body."""
    return user.is_system_admin or bool(access.secretariat_body_ids(user))


def _text(value) -> str:
    return tidy(str(value or ""))


# NGOs


@dataclass
class NgoProfileData:
    registration_number: str = ""
    licence_authority: str = ""
    licence_expires: dt.date | None = None
    legal_id: str = ""
    fields: list = field(default_factory=list)  # atlas HarmCategory rows
    regions_served: list = field(default_factory=list)  # places Region rows
    members_count: int | None = None
    founded_on: dt.date | None = None


PROFILE_FIELDS = [
    "registration_number",
    "licence_authority",
    "licence_expires",
    "legal_id",
    "members_count",
    "founded_on",
]


def _clean_profile(data: NgoProfileData, errors: _Errors, *, organization_id: int | None) -> NgoProfileData:
    cleaned = NgoProfileData(
        registration_number=_text(data.registration_number),
        licence_authority=_text(data.licence_authority),
        licence_expires=data.licence_expires,
        legal_id=errors.identifier("legal_id", "legal_id", data.legal_id),
        fields=list(data.fields),
        regions_served=list(data.regions_served),
        members_count=data.members_count,
        founded_on=data.founded_on,
    )
    if not cleaned.registration_number:
        errors.add("registration_number", _("Enter the registration or licence number."))
    if not cleaned.licence_authority:
        errors.add("licence_authority", _("Enter the authority that issued the licence."))
    if cleaned.members_count is not None and cleaned.members_count < 0:
        errors.add("members_count", _("The number of members cannot be negative."))
    if cleaned.founded_on and cleaned.founded_on > timezone.localdate():
        errors.add("founded_on", _("The founding date cannot be in the future."))
    if cleaned.legal_id:
        taken = NgoProfile.objects.filter(legal_id=cleaned.legal_id)
        if organization_id is not None:
            taken = taken.exclude(organization_id=organization_id)
        if taken.exists():
            errors.add("legal_id", _("Another NGO is registered with this legal entity national ID."))
    return cleaned


def _profile_snapshot(profile: NgoProfile | None) -> dict:
    if profile is None or profile.pk is None:
        return {}
    values = audit.snapshot(profile, PROFILE_FIELDS)
    values["fields"] = sorted(profile.fields.values_list("pk", flat=True))
    values["regions_served"] = sorted(profile.regions_served.values_list("pk", flat=True))
    return values


def _write_profile(profile: NgoProfile, data: NgoProfileData) -> None:
    for name in PROFILE_FIELDS:
        setattr(profile, name, getattr(data, name))
    profile.save()
    profile.fields.set(data.fields)
    profile.regions_served.set(data.regions_served)


def check_new_ngo(
    name: str, region: Region | None, profile: NgoProfileData, *, contact: tuple[str, str] = ("", "")
) -> tuple[str, NgoProfileData, tuple[str, str]]:
    """The cleaned name, profile and first contact of an NGO to register; ParticipationError per field."""
    errors = _Errors()
    name = _text(name)
    if not name:
        errors.add("name", _("Enter the NGO's name."))
    elif region is not None and organization_named(name, region) is not None:
        errors.add("name", _("An organisation with this name is already registered in this region."))
    if region is None:
        errors.add("region", _("Choose the region the NGO serves."))
    cleaned = _clean_profile(profile, errors, organization_id=None)
    contact_name = _text(contact[0])
    contact_mobile = errors.identifier("contact_mobile", "mobile", contact[1])
    if contact_mobile and not contact_name:
        errors.add("contact_name", _("Enter the name of the contact person whose mobile is given."))
    errors.raise_if_any()
    return name, cleaned, (contact_name, contact_mobile)


@transaction.atomic
def register_ngo(
    *,
    by: User,
    name: str,
    region: Region,
    profile: NgoProfileData,
    short_name: str = "",
    email: str = "",
    phone: str = "",
    contact: tuple[str, str] = ("", ""),
) -> Organization:
    """A new NGO in the directory: its Organization (kind NGO), its registry profile and, when given, its
    first contact person (name, mobile)."""
    if not can_register_ngo(by):
        raise PermissionDenied(gettext("Only a body's secretariat or an administrator may register an NGO."))
    name, cleaned, (contact_name, contact_mobile) = check_new_ngo(name, region, profile, contact=contact)
    organization = Organization.objects.create(
        name=name,
        short_name=_text(short_name),
        kind=Organization.Kind.NGO,
        sector=Organization.Sector.RELIEF,
        region=region,
        email=(email or "").strip(),
        phone=(phone or "").strip(),
    )
    ngo_profile = NgoProfile(organization=organization)
    _write_profile(ngo_profile, cleaned)
    changes = {"name": name, "region": region.pk, **_profile_snapshot(ngo_profile)}
    if contact_name:
        Contact.objects.create(
            organization=organization, name=contact_name, mobile=contact_mobile, is_primary=True
        )
        changes["contact"] = [contact_name, contact_mobile]
    audit.record(actor=by, action="ngo.register", obj=organization, changes=changes)
    return organization


def organization_named(name: str, region: Region) -> Organization | None:
    """The organisation of this name in this region, whatever the spelling (ی/ي, ZWNJ, digits)."""
    key = search_key(name)
    for organization in Organization.objects.filter(region=region):
        if search_key(organization.name) == key:
            return organization
    return None


@transaction.atomic
def save_ngo_profile(
    organization: Organization,
    *,
    by: User,
    profile: NgoProfileData,
    email: str | None = None,
    phone: str | None = None,
) -> NgoProfile:
    """Create or update an NGO's profile: by its own officers or an administrator."""
    if not access.can_edit_organization_profile(by, organization.pk):
        raise PermissionDenied(gettext("Only the NGO's officers or an administrator may edit its profile."))
    if organization.kind != Organization.Kind.NGO:
        raise ParticipationError(_("Only an NGO has a registry profile."))
    errors = _Errors()
    cleaned = _clean_profile(profile, errors, organization_id=organization.pk)
    errors.raise_if_any()
    ngo_profile = NgoProfile.objects.filter(organization=organization).first() or NgoProfile(
        organization=organization
    )
    before = _profile_snapshot(ngo_profile)
    org_before = audit.snapshot(organization, ["email", "phone"])
    _write_profile(ngo_profile, cleaned)
    if email is not None or phone is not None:
        organization.email = (email if email is not None else organization.email).strip()
        organization.phone = (phone if phone is not None else organization.phone).strip()
        organization.save(update_fields=["email", "phone"])
    changes = audit.diff(before, _profile_snapshot(ngo_profile))
    changes.update(audit.diff(org_before, audit.snapshot(organization, ["email", "phone"])))
    audit.record(actor=by, action="ngo.profile", obj=ngo_profile, changes=changes)
    return ngo_profile


@transaction.atomic
def add_contact(
    organization: Organization,
    *,
    by: User,
    name: str,
    role: str = "",
    mobile: str = "",
    email: str = "",
    is_primary: bool = False,
) -> Contact:
    if not access.can_edit_organization_profile(by, organization.pk):
        raise PermissionDenied(gettext("Only the organisation's officers or an administrator may do this."))
    errors = _Errors()
    name = _text(name)
    if not name:
        errors.add("name", _("Enter the contact person's name."))
    mobile = errors.identifier("mobile", "mobile", mobile)
    errors.raise_if_any()
    if is_primary:
        organization.contacts.filter(is_primary=True).update(is_primary=False)
    contact = Contact.objects.create(
        organization=organization,
        name=name,
        role=_text(role),
        mobile=mobile,
        email=(email or "").strip(),
        is_primary=is_primary,
    )
    audit.record(
        actor=by,
        action="ngo.contact_add",
        obj=contact,
        changes={"organization": organization.pk, "name": name, "role": contact.role, "mobile": mobile},
    )
    return contact


@transaction.atomic
def remove_contact(contact: Contact, *, by: User) -> None:
    if not access.can_edit_organization_profile(by, contact.organization_id):
        raise PermissionDenied(gettext("Only the organisation's officers or an administrator may do this."))
    audit.record(
        actor=by,
        action="ngo.contact_remove",
        obj=contact,
        changes={"organization": contact.organization_id, "name": [contact.name, None]},
    )
    contact.delete()


# Donors


@dataclass
class DonorData:
    kind: str = Donor.Kind.PERSON
    name: str = ""
    national_id: str = ""
    legal_id: str = ""
    mobile: str = ""
    email: str = ""
    postal_code: str = ""
    address: str = ""
    region: Region | None = None
    organization: Organization | None = None
    interest_categories: list[str] = field(default_factory=list)
    interest_regions: list = field(default_factory=list)
    prior_giving: int = 0
    is_anonymous: bool = False
    consent: bool = False
    may_contact: bool = True
    note: str = ""


DONOR_FIELDS = [
    "kind",
    "name",
    "organization",
    "national_id",
    "legal_id",
    "mobile",
    "email",
    "postal_code",
    "address",
    "region",
    "interest_categories",
    "prior_giving",
    "is_anonymous",
    "consent_at",
    "may_contact",
    "note",
    "is_active",
]


def _require_manager(user: User, body_id: int) -> None:
    if not access.can_manage_participation(user, body_id):
        raise PermissionDenied(gettext("Only the body's secretariat may manage its donors."))


def check_donor(data: DonorData, *, body: Body, donor_id: int | None = None) -> DonorData:
    """The cleaned data of a donor to register with `body` (or to update); ParticipationError per field."""
    errors = _Errors()
    cleaned = DonorData(
        kind=data.kind,
        name=_text(data.name),
        national_id=errors.identifier("national_id", "national_id", data.national_id),
        legal_id=errors.identifier("legal_id", "legal_id", data.legal_id),
        mobile=errors.identifier("mobile", "mobile", data.mobile),
        email=(data.email or "").strip(),
        postal_code=errors.identifier("postal_code", "postal_code", data.postal_code),
        address=_text(data.address),
        region=data.region,
        organization=data.organization,
        interest_categories=[],
        interest_regions=list(data.interest_regions),
        prior_giving=data.prior_giving or 0,
        is_anonymous=bool(data.is_anonymous),
        consent=bool(data.consent),
        may_contact=bool(data.may_contact),
        note=_text(data.note),
    )
    if cleaned.kind not in Donor.Kind.values:
        errors.add(
            "kind", _("Choose whether the donor is a person, a charitable institution or an industry.")
        )
    if not cleaned.name:
        errors.add("name", _("Enter the donor's name."))
    person = cleaned.kind == Donor.Kind.PERSON
    if person and cleaned.legal_id:
        errors.add("legal_id", _("A person has a national ID, not a legal entity national ID."))
    if not person and cleaned.national_id:
        errors.add("national_id", _("An institution has a legal entity national ID, not a national ID."))
    if person and not cleaned.consent:
        errors.add(
            "consent",
            _("A person's data is kept only with their consent; record that the donor agreed to it."),
        )
    if cleaned.prior_giving < 0:
        errors.add("prior_giving", _("Past giving cannot be negative."))
    for category in data.interest_categories or []:
        if category not in NeedCategory.values:
            errors.add("interest_categories", _("Unknown category of need: %(value)s") % {"value": category})
        elif category not in cleaned.interest_categories:
            cleaned.interest_categories.append(category)
    others = Donor.objects.filter(body=body)
    if donor_id is not None:
        others = others.exclude(pk=donor_id)
    if cleaned.national_id and others.filter(national_id=cleaned.national_id).exists():
        errors.add("national_id", _("A donor with this national ID is already registered with this body."))
    if cleaned.legal_id and others.filter(legal_id=cleaned.legal_id).exists():
        errors.add(
            "legal_id",
            _("A donor with this legal entity national ID is already registered with this body."),
        )
    errors.raise_if_any()
    return cleaned


def _donor_snapshot(donor: Donor) -> dict:
    values = audit.snapshot(donor, DONOR_FIELDS)
    values["interest_regions"] = sorted(donor.interest_regions.values_list("pk", flat=True))
    return values


def _write_donor(donor: Donor, data: DonorData) -> None:
    for name in DONOR_FIELDS:
        if name in ("consent_at", "is_active"):
            continue
        setattr(donor, name, getattr(data, name))
    if data.consent and donor.consent_at is None:
        donor.consent_at = timezone.now()
    if not data.consent:
        donor.consent_at = None
    donor.save()
    donor.interest_regions.set(data.interest_regions)


@transaction.atomic
def register_donor(body: Body, *, by: User, data: DonorData) -> Donor:
    """A new donor registered with `body` by its secretariat."""
    _require_manager(by, body.pk)
    cleaned = check_donor(data, body=body, donor_id=None)
    donor = Donor(body=body)
    _write_donor(donor, cleaned)
    audit.record(
        actor=by, action="donor.register", obj=donor, changes=_donor_snapshot(donor), body_id=body.pk
    )
    return donor


@transaction.atomic
def update_donor(donor: Donor, *, by: User, data: DonorData) -> Donor:
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    _require_manager(by, donor.body_id)
    cleaned = check_donor(data, body=donor.body, donor_id=donor.pk)
    before = _donor_snapshot(donor)
    _write_donor(donor, cleaned)
    changes = audit.diff(before, _donor_snapshot(donor))
    if changes:
        audit.record(actor=by, action="donor.update", obj=donor, changes=changes, body_id=donor.body_id)
    return donor


@transaction.atomic
def link_donor_user(donor: Donor, *, by: User, user: User) -> Donor:
    """Give a person donor a sign-in account, through which it sees its own pledges and makes new ones.
    The account must belong to no organisation and to no other donor."""
    donor = Donor.objects.select_for_update().get(pk=donor.pk)
    _require_manager(by, donor.body_id)
    if user.organization_id is not None:
        raise ParticipationError(_("This account belongs to an organisation; a donor's account may not."))
    if Donor.objects.filter(user=user).exclude(pk=donor.pk).exists():
        raise ParticipationError(_("This account is already another donor's."))
    before = {"user": donor.user}
    donor.user = user
    donor.save(update_fields=["user"])
    audit.record(
        actor=by,
        action="donor.account",
        obj=donor,
        changes=audit.diff(before, {"user": user}),
        body_id=donor.body_id,
    )
    return donor


@transaction.atomic
def add_recognition(
    donor: Donor, *, by: User, date: dt.date, title: str, given_by: str = "", note: str = ""
) -> Recognition:
    """A recognition (تجلیل) the donor received: a ceremony, a letter of thanks, a plaque."""
    _require_manager(by, donor.body_id)
    errors = _Errors()
    title = _text(title)
    if not title:
        errors.add("title", _("Enter what the recognition was."))
    if date is None:
        errors.add("date", _("Enter the date of the recognition."))
    elif date > timezone.localdate():
        errors.add("date", _("A recognition is recorded after it was given; the date is in the future."))
    errors.raise_if_any()
    recognition = Recognition.objects.create(
        donor=donor, date=date, title=title, given_by=_text(given_by), note=_text(note), recorded_by=by
    )
    audit.record(
        actor=by,
        action="donor.recognition",
        obj=recognition,
        changes={
            "donor": donor.pk,
            "date": date.isoformat(),
            "title": title,
            "given_by": recognition.given_by,
        },
        body_id=donor.body_id,
    )
    return recognition


# Reads


def verified_giving(donor_ids: Iterable[int]) -> dict[int, int]:
    """Value delivered and verified through Hamafza, per donor."""
    rows = (
        Pledge.objects.filter(donor_id__in=list(donor_ids), state=Pledge.State.VERIFIED)
        .values("donor_id")
        .annotate(total=Sum("delivered_value"))
    )
    return {row["donor_id"]: row["total"] or 0 for row in rows}


def past_contributions(donor: Donor) -> dict[str, int]:
    """Giving recorded before Hamafza, giving verified here, and their sum."""
    verified = verified_giving([donor.pk]).get(donor.pk, 0)
    return {"prior": donor.prior_giving, "verified": verified, "total": donor.prior_giving + verified}


def donor_display_name(user: User, donor: Donor) -> str:
    """The donor's name, or «خیّر ناشناس» for whoever may not know who an anonymous donor is."""
    if access.may_see_donor_name(user, donor):
        return donor.name
    return gettext("Anonymous donor")
