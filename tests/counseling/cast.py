"""The counselling cast (fixtures): the national police social deputy, the Tehran provincial command with a
county command and two stations, the Fars command with one station; a user for every role.

- counsellor: a counsellor of station A (Tehran), records its cases
- counsellor_b: a counsellor of station B (Tehran, same county): 404 on station A's cases
- clerk: a user of station A without a role: station A's figures, not its cases
- reviewer: the Tehran social deputy's reviewer (a reviewer role on the provincial command): every Tehran
  station's cases
- deputy: a user of the national deputy: every figure, no case (numbers only above the province)
- fars_counsellor: a counsellor in Fars: 404 on everything of Tehran
- admin (shared cast): figures, never cases
"""

import datetime as dt

import pytest

from hamafza.counseling.models import CounselingRole
from hamafza.counseling.services import cases as case_services
from hamafza.counseling.services import units
from hamafza.orgs.models import Organization
from hamafza.places.models import Region
from tests.conftest import _user


def _org(name, region, parent=None):
    return Organization.objects.create(name=name, region=region, sector="police", parent=parent)


@pytest.fixture
def kinds(db):
    return {kind.code: kind for kind in case_services.ensure_kinds()}


@pytest.fixture
def county(city):
    return city.parent


@pytest.fixture
def fars_neighbourhood(other_province):
    county = Region.objects.create(
        name="شهرستان شیراز", kind="county", code="IR-07-shiraz", parent=other_province
    )
    city = Region.objects.create(name="شیراز", kind="city", code="IR-07-shiraz-city", parent=county)
    return Region.objects.create(
        name="محله ارم", kind="neighbourhood", code="N-F1", parent=city, population=9000
    )


@pytest.fixture
def deputy_org(province):
    return _org("معاونت اجتماعی فراجا", province)


@pytest.fixture
def tehran_command(province, deputy_org):
    return _org("فرماندهی انتظامی استان تهران", province, deputy_org)


@pytest.fixture
def county_command(county, tehran_command):
    return _org("فرماندهی انتظامی شهرستان تهران", county, tehran_command)


@pytest.fixture
def station_a(neighbourhood, county_command):
    station = _org("کلانتری ۱۰۱ تهران", neighbourhood, county_command)
    units.open_centre(station)
    return station


@pytest.fixture
def station_b(city, county_command, neighbourhood):
    station = _org("کلانتری ۱۰۲ تهران", city, county_command)
    units.open_centre(station)
    return station


@pytest.fixture
def fars_station(fars_neighbourhood, deputy_org):
    command = _org("فرماندهی انتظامی استان فارس", fars_neighbourhood.parent.parent.parent, deputy_org)
    station = _org("کلانتری ۱۱ شیراز", fars_neighbourhood, command)
    units.open_centre(station)
    return station


def _role(user, organization, kind):
    CounselingRole.objects.create(user=user, organization=organization, kind=kind)
    return user


@pytest.fixture
def counsellor(station_a):
    return _role(_user("counsellor", station_a), station_a, CounselingRole.Kind.COUNSELLOR)


@pytest.fixture
def counsellor_b(station_b):
    return _role(_user("counsellor_b", station_b), station_b, CounselingRole.Kind.COUNSELLOR)


@pytest.fixture
def clerk(station_a):
    return _user("clerk", station_a)


@pytest.fixture
def reviewer(tehran_command, station_a, station_b):
    return _role(_user("reviewer", tehran_command), tehran_command, CounselingRole.Kind.REVIEWER)


@pytest.fixture
def deputy(deputy_org, station_a, station_b, fars_station):
    return _user("deputy", deputy_org, officer=True)


@pytest.fixture
def fars_counsellor(fars_station):
    return _role(_user("fars_counsellor", fars_station), fars_station, CounselingRole.Kind.COUNSELLOR)


def days_ago(today, n):
    return today - dt.timedelta(days=n)


@pytest.fixture
def case(station_a, counsellor, kinds, today):
    """An open case of station A, opened five days ago, with a named complainant and an unnamed respondent."""
    return case_services.open_case(
        station_a,
        by=counsellor,
        opened_on=days_ago(today, 5),
        channel="complaint",
        kind=kinds["neighbours"],
        summary="اختلاف بر سر پارکینگ",
        parties=[
            case_services.PartyData(
                role="complainant",
                sex="female",
                age_band="30-44",
                name="مریم رضایی",
                national_id="0012345679",
            ),
            case_services.PartyData(role="respondent", sex="male", age_band="45-59"),
        ],
    )
