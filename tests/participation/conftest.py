"""The participation cast, on top of tests/conftest.py's province, body and users.

- neighbourhood (target, 12,000 residents) and other_neighbourhood (not a target), both in the city
- ngo: an NGO of the province with an officer `ngo_officer` and a profile
- donor: a person registered with the body, signed in as `donor_user`; other_donor / other_donor_user
- need: proposed by the police (officer's organisation) for `neighbourhood`; approved_need: the same, approved
- pledge: donor's pledge of 200,000,000 rials to approved_need
"""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.accounts.models import User
from hamafza.orgs.models import Organization
from hamafza.participation.models import Donor, Need, NgoProfile, Pledge
from hamafza.places.models import Region
from tests.conftest import PASSWORD


@pytest.fixture
def other_neighbourhood(city):
    return Region.objects.create(
        name="محله دیگر", kind="neighbourhood", code="N-2", parent=city, population=8000, is_target=False
    )


@pytest.fixture
def ngo(province):
    return Organization.objects.create(
        name="انجمن حامیان کودکان", region=province, kind="ngo", sector="relief"
    )


@pytest.fixture
def ngo_profile(ngo, today):
    return NgoProfile.objects.create(
        organization=ngo,
        registration_number="۱۲۳۴",
        licence_authority="وزارت کشور",
        licence_expires=today + dt.timedelta(days=365),
        members_count=40,
    )


@pytest.fixture
def ngo_officer(ngo):
    return User.objects.create_user(
        username="ngo_officer", password=PASSWORD, organization=ngo, is_officer=True, email="ngo@example.org"
    )


def _donor_user(username):
    return User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.org")


@pytest.fixture
def donor_user(db):
    return _donor_user("donor_user")


@pytest.fixture
def other_donor_user(db):
    return _donor_user("other_donor_user")


@pytest.fixture
def donor(body, donor_user, neighbourhood):
    d = Donor.objects.create(
        kind=Donor.Kind.PERSON,
        name="علی رضایی",
        body=body,
        user=donor_user,
        national_id="0499370899",
        mobile="09121234567",
        interest_categories=["equipment", "vehicle"],
        consent_at=timezone.now(),
    )
    d.interest_regions.add(neighbourhood)
    return d


@pytest.fixture
def other_donor(body, other_donor_user):
    return Donor.objects.create(
        kind=Donor.Kind.PERSON, name="مریم کاظمی", body=body, user=other_donor_user, is_anonymous=True
    )


@pytest.fixture
def need(body, police, officer, neighbourhood, today):
    return Need.objects.create(
        body=body,
        organization=police,
        region=neighbourhood,
        category="vehicle",
        title="خودروی گشت برای کلانتری",
        justification="گشت‌زنی شبانه در محله هدف",
        estimated_cost=500_000_000,
        deadline=today + dt.timedelta(days=90),
        urgency=Need.Urgency.HIGH,
        created_by=officer,
    )


@pytest.fixture
def approved_need(need, secretary):
    need.state = Need.State.APPROVED
    need.approved_by = secretary
    need.approved_at = timezone.now()
    need.save()
    return need


@pytest.fixture
def pledge(donor, body, approved_need, secretary):
    return Pledge.objects.create(
        donor=donor,
        body=body,
        need=approved_need,
        kind=Pledge.Kind.MONEY,
        value=200_000_000,
        created_by=secretary,
    )
