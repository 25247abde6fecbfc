"""Counselling cases: opened, their parties and sessions recorded, closed with an outcome and a date.

Every change keeps the figures' tallies of the station's months current (services.tallies) and is
audited. Dates are checked against the case: no session before it was opened, nothing in the future.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hamafza.audit.services import record
from hamafza.counseling.models import Case, CaseSession, Centre, DisputeKind, Outcome, Party
from hamafza.counseling.services import tallies
from hamafza.counseling.services.common import CounselingError, today
from hamafza.counseling.services.privacy import seal
from hamafza.lib.identifiers import InvalidIdentifier, clean_national_id
from hamafza.lib.jalali import jalali_month, to_jalali

DEFAULT_KINDS = [
    ("family", "خانوادگی"),
    ("spouses", "زوجین"),
    ("neighbours", "همسایگان"),
    ("landlord_tenant", "موجر و مستأجر"),
    ("financial", "مالی"),
    ("workplace", "محیط کار"),
    ("minor_assault", "نزاع و ضرب و جرح جزئی"),
    ("cyberspace", "فضای مجازی"),
    ("other", "سایر"),
]


def ensure_kinds() -> list[DisputeKind]:
    """The default kinds of dispute that are missing, added; an administrator's edits stay."""
    existing = set(DisputeKind.objects.values_list("code", flat=True))
    DisputeKind.objects.bulk_create(
        [
            DisputeKind(code=code, name=name, order=order)
            for order, (code, name) in enumerate(DEFAULT_KINDS, start=1)
            if code not in existing
        ]
    )
    return list(DisputeKind.objects.all())


@dataclass
class PartyData:
    role: str
    sex: str = Party.Sex.UNKNOWN
    age_band: str = Party.AgeBand.UNKNOWN
    name: str = ""
    national_id: str = ""


def _check_date(value: dt.date, label: str) -> None:
    if value > today():
        raise CounselingError(_("%(what)s cannot be in the future.") % {"what": label}, code="future")


def _next_number(station_id: int, opened_on: dt.date) -> str:
    """«1403-0042»: the Jalali year and the next free sequence of the station's cases of that year."""
    year = to_jalali(opened_on).year
    prefix = f"{year}-"
    numbers = Case.objects.filter(station_id=station_id, number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = max((int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()), default=0)
    return f"{prefix}{last + 1:04d}"


def _party(case: Case, data: PartyData) -> Party:
    national_id = ""
    if data.national_id.strip():
        try:
            national_id = clean_national_id(data.national_id)
        except InvalidIdentifier:
            raise CounselingError(
                _("The national ID %(value)s is not valid: ten digits with a correct check digit.")
                % {"value": data.national_id.strip()},
                code="national_id",
            ) from None
    return Party(
        case=case,
        role=data.role,
        sex=data.sex or Party.Sex.UNKNOWN,
        age_band=data.age_band or Party.AgeBand.UNKNOWN,
        name_token=seal(data.name),
        national_id_token=seal(national_id),
    )


@transaction.atomic
def open_case(
    station,
    *,
    by,
    opened_on: dt.date,
    channel: str,
    kind: DisputeKind,
    number: str = "",
    harm_category=None,
    summary: str = "",
    parties: list[PartyData] | None = None,
) -> Case:
    centre = Centre.objects.filter(station=station, is_active=True).first()
    if centre is None:
        raise CounselingError(_("This station has no counselling centre."), code="no_centre")
    _check_date(opened_on, _("The date opened"))
    number = (number or "").strip() or _next_number(station.pk, opened_on)
    if Case.objects.filter(station=station, number=number).exists():
        raise CounselingError(
            _("The station already has a case numbered %(number)s.") % {"number": number}, code="number"
        )
    case = Case(
        station=station,
        number=number,
        opened_on=opened_on,
        channel=channel,
        kind=kind,
        harm_category=harm_category,
        summary=(summary or "").strip(),
        opened_by=by,
        opened_month=jalali_month(opened_on),
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise CounselingError(
            _("The station already has a case numbered %(number)s.") % {"number": number}, code="number"
        ) from None
    Party.objects.bulk_create([_party(case, data) for data in parties or []])
    record(
        actor=by,
        action="counseling_case.open",
        obj=case,
        changes={"station": station, "kind": kind, "channel": channel, "opened_on": opened_on},
    )
    tallies.refresh([(station.pk, case.opened_month)])
    return case


@transaction.atomic
def add_party(case: Case, data: PartyData, *, by) -> Party:
    party = _party(case, data)
    party.save()
    record(actor=by, action="counseling_party.add", obj=case, changes={"role": data.role})
    return party


@transaction.atomic
def record_session(
    case: Case, *, by, held_on: dt.date, duration_minutes: int, notes: str = "", counsellor=None
) -> CaseSession:
    if not case.is_open:
        raise CounselingError(_("The case is closed: no session can be added."), code="closed")
    _check_date(held_on, _("The session's date"))
    if held_on < case.opened_on:
        raise CounselingError(_("A session cannot be held before the case was opened."), code="before_open")
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > 600:
        raise CounselingError(_("A session lasts between 1 and 600 minutes."), code="duration")
    session = CaseSession.objects.create(
        case=case,
        held_on=held_on,
        counsellor=counsellor or by,
        duration_minutes=duration_minutes,
        notes=(notes or "").strip(),
    )
    record(
        actor=by,
        action="counseling_session.add",
        obj=case,
        changes={"held_on": held_on, "duration_minutes": duration_minutes},
    )
    return session


@transaction.atomic
def close_case(case: Case, *, by, outcome: str, closed_on: dt.date | None) -> Case:
    """Close the case with its outcome and date; both are required, and the date is neither before the
    case was opened nor in the future."""
    if not case.is_open:
        raise CounselingError(_("The case is already closed."), code="closed")
    if not outcome or outcome == Outcome.OPEN or outcome not in Outcome.values:
        raise CounselingError(_("Choose the outcome the case closes with."), code="outcome")
    if closed_on is None:
        raise CounselingError(_("Enter the date the case closed."), code="closed_on")
    _check_date(closed_on, _("The date closed"))
    if closed_on < case.opened_on:
        raise CounselingError(_("A case cannot close before it was opened."), code="before_open")
    case.outcome = outcome
    case.closed_on = closed_on
    case.closed_month = jalali_month(closed_on)
    case.days_to_close = (closed_on - case.opened_on).days
    case.save(update_fields=["outcome", "closed_on", "closed_month", "days_to_close"])
    record(
        actor=by,
        action="counseling_case.close",
        obj=case,
        changes={"outcome": outcome, "closed_on": closed_on},
    )
    tallies.refresh([(case.station_id, case.closed_month)])
    return case


@transaction.atomic
def update_case(
    case: Case, *, by, kind: DisputeKind, channel: str, harm_category=None, summary: str = ""
) -> Case:
    before = {"kind": case.kind_id, "channel": case.channel, "harm_category": case.harm_category_id}
    months = [case.opened_month, case.closed_month or 0]
    case.kind, case.channel, case.harm_category = kind, channel, harm_category
    case.summary = (summary or "").strip()
    case.save(update_fields=["kind", "channel", "harm_category", "summary"])
    after = {"kind": case.kind_id, "channel": case.channel, "harm_category": case.harm_category_id}
    record(
        actor=by,
        action="counseling_case.update",
        obj=case,
        changes={key: [before[key], value] for key, value in after.items() if before[key] != value},
    )
    if before["kind"] != kind.pk:
        tallies.refresh([(case.station_id, month) for month in months if month])
    return case
