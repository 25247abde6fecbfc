"""The counselling demo: Tehran province's police stations with their counselling centres and three years
of cases near the figures of seed 003 (about 70% of the cases closed end in reconciliation).

Fast to load: cases, parties and sessions go in with bulk inserts, then the tallies and the atlas
indicator are rebuilt once (tallies.rebuild). A second run changes nothing.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from hamafza.accounts.models import User
from hamafza.atlas.services.queries import RegionTree
from hamafza.counseling.models import Case, CaseSession, Centre, CounselingRole, Party
from hamafza.counseling.services import tallies, units
from hamafza.counseling.services.cases import ensure_kinds
from hamafza.counseling.services.common import today
from hamafza.counseling.services.privacy import seal
from hamafza.demo import PASSWORD
from hamafza.lib.jalali import jalali_month, to_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from hamafza.places.services import TEHRAN_PROVINCE

NATIONAL = ("فرماندهی انتظامی جمهوری اسلامی ایران (فراجا)", "ستاد فراجا")
PROVINCIAL = ("فرماندهی انتظامی استان تهران", "انتظامی تهران")
STATIONS_PER_COUNTY = 3
COUNTIES = 4
CASES_PER_MONTH = (20, 45)  # per station, drawn once per station
# Outcomes of the cases closed, after seed 003: about 70% reconciled.
OUTCOMES = [("reconciled", 0.70), ("partly", 0.08), ("referred", 0.14), ("withdrawn", 0.08)]
KIND_WEIGHTS = {
    "family": 18,
    "spouses": 20,
    "neighbours": 15,
    "landlord_tenant": 10,
    "financial": 14,
    "workplace": 5,
    "minor_assault": 9,
    "cyberspace": 6,
    "other": 3,
}
CHANNELS = [("complaint", 55), ("prosecutor", 15), ("council", 12), ("walk_in", 18)]
# username: (first name, last name, role, station index or None for the provincial command)
USERS = {
    "counsellor": ("فاطمه", "کریمی", CounselingRole.Kind.COUNSELLOR, 0),
    "counsellor2": ("حسین", "مرادی", CounselingRole.Kind.COUNSELLOR, 1),
    "counsel-reviewer": ("زهرا", "اکبری", CounselingRole.Kind.REVIEWER, None),
}
STATION_NAME = "کلانتری {number} {county}"


@dataclass
class CounselingDemo:
    loaded: bool
    counts: dict[str, int] = field(default_factory=dict)


def counts() -> dict[str, int]:
    return {
        "centres": Centre.objects.count(),
        "cases": Case.objects.count(),
        "sessions": CaseSession.objects.count(),
    }


def load_counseling_demo(*, seed: int = 1403) -> CounselingDemo:
    if Case.objects.filter(station__counseling_centre__isnull=False, number__endswith="-D0001").exists():
        return CounselingDemo(loaded=False, counts=counts())
    with transaction.atomic():
        _Loader(random.Random(seed)).run()
    return CounselingDemo(loaded=True, counts=counts())


def _org(name: str, short: str, region: Region, parent: Organization | None) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        name=name, region=region, defaults={"short_name": short, "sector": Organization.Sector.POLICE}
    )
    if parent is not None and organization.parent_id is None:
        Organization.objects.filter(pk=organization.pk).update(parent=parent)
        organization.parent = parent
    return organization


def _pick(rng: random.Random, weighted):
    items = list(weighted.items()) if isinstance(weighted, dict) else weighted
    return rng.choices([key for key, _w in items], weights=[w for _k, w in items])[0]


class _Loader:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def run(self) -> None:
        kinds = {kind.code: kind for kind in ensure_kinds()}
        province = Region.objects.without_boundaries().get(code=TEHRAN_PROVINCE)
        national = _org(*NATIONAL, province, None)
        command = _org(*PROVINCIAL, province, national)
        tree = RegionTree.load()
        # Counties with neighbourhoods first: their stations carry the rate onto the atlas's map.
        counties = sorted(
            Region.objects.without_boundaries().filter(parent=province, kind=Region.Kind.COUNTY),
            key=lambda county: (not tree.neighbourhoods(county.pk), county.pk),
        )[:COUNTIES]
        stations: list[Organization] = []
        number = 100
        for county in counties:
            county_command = _org(f"فرماندهی انتظامی {county.name}", county.name, county, command)
            places = tree.neighbourhoods(county.pk)[:STATIONS_PER_COUNTY]
            for index in range(STATIONS_PER_COUNTY):
                number += 1
                region_id = places[index] if index < len(places) else county.pk
                station = _org(
                    STATION_NAME.format(number=to_persian_digits(number), county=county.name),
                    f"کلانتری {to_persian_digits(number)}",
                    Region.objects.without_boundaries().get(pk=region_id),
                    county_command,
                )
                units.open_centre(station)
                stations.append(station)
        self.users(stations, command)
        self.cases(stations, kinds)
        tallies.rebuild()

    def users(self, stations: list[Organization], command: Organization) -> None:
        password = make_password(PASSWORD)
        for username, (first, last, kind, index) in USERS.items():
            organization = command if index is None else stations[index]
            user, _created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "organization": organization,
                    "password": password,
                    "email": f"{username}@example.org",
                },
            )
            CounselingRole.objects.get_or_create(user=user, organization=organization, kind=kind)

    def cases(self, stations: list[Organization], kinds) -> None:
        rng = self.rng
        end = today()
        start = end - dt.timedelta(days=3 * 365)
        counsellors = {
            station.pk: user for station in stations for user in User.objects.filter(organization=station)[:1]
        }
        fallback = User.objects.filter(username="counsel-reviewer").first()
        outcomes = dict(OUTCOMES)
        cases: list[Case] = []
        for station in stations:
            per_month = rng.randint(*CASES_PER_MONTH)
            total = int(per_month * 36)
            sequence: dict[int, int] = {}
            days = sorted(
                start + dt.timedelta(days=rng.randrange((end - start).days + 1)) for _ in range(total)
            )
            for opened in days:
                year = to_jalali(opened).year
                sequence[year] = sequence.get(year, 0) + 1
                lasting = int(rng.expovariate(1 / 18)) + 1
                closed_on = opened + dt.timedelta(days=lasting)
                is_open = closed_on > end or (end - opened).days < 10 and rng.random() < 0.6
                outcome = "open" if is_open else _pick(rng, outcomes)
                cases.append(
                    Case(
                        station=station,
                        number=f"{year}-D{sequence[year]:04d}",
                        opened_on=opened,
                        channel=_pick(rng, CHANNELS),
                        kind=kinds[_pick(rng, KIND_WEIGHTS)],
                        outcome=outcome,
                        closed_on=None if is_open else closed_on,
                        opened_by=counsellors.get(station.pk, fallback),
                        opened_month=jalali_month(opened),
                        closed_month=None if is_open else jalali_month(closed_on),
                        days_to_close=None if is_open else lasting,
                    )
                )
        Case.objects.bulk_create(cases, batch_size=2000)
        saved = list(
            Case.objects.filter(number__contains="-D").values_list(
                "pk", "station_id", "opened_on", "closed_on"
            )
        )
        parties, sessions = [], []
        named = seal("نام نمونه"), seal("0012345679")
        for index, (pk, station_id, opened, closed) in enumerate(saved):
            for role in ("complainant", "respondent"):
                parties.append(
                    Party(
                        case_id=pk,
                        role=role,
                        sex=rng.choice(["female", "male"]),
                        age_band=rng.choice(["18-29", "30-44", "45-59", "60+"]),
                        # A few cases carry a name and national ID (the same demo token: encrypting is slow).
                        name_token=named[0] if index % 50 == 0 and role == "complainant" else "",
                        national_id_token=named[1] if index % 50 == 0 and role == "complainant" else "",
                    )
                )
            counsellor = counsellors.get(station_id, fallback)
            last = closed or end
            for number in range(rng.randint(1, 3)):
                held = min(opened + dt.timedelta(days=number * 5), last)
                sessions.append(
                    CaseSession(
                        case_id=pk,
                        held_on=held,
                        counsellor=counsellor,
                        duration_minutes=rng.choice([30, 45, 60, 90]),
                    )
                )
        Party.objects.bulk_create(parties, batch_size=5000)
        CaseSession.objects.bulk_create(sessions, batch_size=5000)
