"""The assembly cast, on top of tests/conftest.py's province, body (the convening body) and users.

- assembly: the body's NGO assembly; its secretariat is `secretary`
- four member NGOs in good standing, A B C D, each with a representative (`rep_a` …) and A with a
  substitute `sub_a` and an officer `officer_a`; `expired`: a member whose licence expired before the
  election day, with its representative `rep_expired`; `stranger_ngo`: an NGO of the province that is
  not a member, with its officer `stranger`
- supervisors `sup1`, `sup2` and tellers `teller1`, `teller2` (users of the inspection office)
- election: 2 seats, up to 2 choices, 1 substitute, in draft, voting window from an hour ago to in two
  hours; `voting` is the same election with A B C standing and voting open
- other_body, other_secretary: another body and its secretariat, with nothing to do with the assembly
"""

import datetime as dt

import pytest
from django.utils import timezone

from hamafza.accounts.models import BodyRole, User
from hamafza.assembly.models import Assembly, Member, Official
from hamafza.assembly.services import elections as election_services
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import NgoProfile
from tests.conftest import PASSWORD


def make_user(username, organization=None, *, officer=False) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        organization=organization,
        is_officer=officer,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
        last_name="Tester",
    )


def make_ngo(name, region, *, expires) -> Organization:
    ngo = Organization.objects.create(name=name, region=region, kind="ngo", sector="welfare")
    NgoProfile.objects.create(
        organization=ngo, registration_number="12", licence_authority="وزارت کشور", licence_expires=expires
    )
    return ngo


@pytest.fixture
def assembly(body, secretary):
    return Assembly.objects.create(
        body=body,
        name="مجمع نهادهای مردمی همکار",
        letterhead="قوه قضاییه\nمعاونت اجتماعی و پیشگیری از وقوع جرم",
        letter_prefix="م‌ن",
        signatory_name="سید بهرام احمدی",
        signatory_title="مدیرکل مشارکت‌های مردمی و سرمایه‌های اجتماعی",
        created_by=secretary,
    )


@pytest.fixture
def ngos(province, today):
    names = {
        "a": "انجمن حامیان کودکان",
        "b": "جمعیت امداد دانشجویی",
        "c": "کانون زنان کارآفرین",
        "d": "انجمن پیشگیری از اعتیاد",
    }
    return {
        key: make_ngo(name, province, expires=today + dt.timedelta(days=400)) for key, name in names.items()
    }


@pytest.fixture
def members(assembly, ngos, today):
    found = {}
    for key, ngo in ngos.items():
        rep = make_user(f"rep_{key}", ngo)
        found[key] = Member.objects.create(
            assembly=assembly, organization=ngo, representative=rep, joined_on=today
        )
    return found


@pytest.fixture
def rep_a(members):
    return members["a"].representative


@pytest.fixture
def rep_b(members):
    return members["b"].representative


@pytest.fixture
def rep_c(members):
    return members["c"].representative


@pytest.fixture
def rep_d(members):
    return members["d"].representative


@pytest.fixture
def sub_a(members, ngos):
    user = make_user("sub_a", ngos["a"])
    members["a"].substitute = user
    members["a"].save()
    return user


@pytest.fixture
def officer_a(ngos):
    return make_user("officer_a", ngos["a"], officer=True)


@pytest.fixture
def expired(assembly, province, today):
    ngo = make_ngo("انجمن با مجوز منقضی", province, expires=today - dt.timedelta(days=3))
    rep = make_user("rep_expired", ngo)
    return Member.objects.create(assembly=assembly, organization=ngo, representative=rep, joined_on=today)


@pytest.fixture
def rep_expired(expired):
    return expired.representative


@pytest.fixture
def stranger_ngo(province, today):
    return make_ngo("سمن غیرعضو", province, expires=today + dt.timedelta(days=400))


@pytest.fixture
def stranger(stranger_ngo):
    return make_user("stranger", stranger_ngo, officer=True)


@pytest.fixture
def officials_org(inspection):
    return inspection


@pytest.fixture
def sup1(inspection):
    return make_user("sup1", inspection)


@pytest.fixture
def sup2(inspection):
    return make_user("sup2", inspection)


@pytest.fixture
def teller1(inspection):
    return make_user("teller1", inspection)


@pytest.fixture
def teller2(inspection):
    return make_user("teller2", inspection)


@pytest.fixture
def other_body(other_province, outsider_org):
    return Body.objects.create(
        name="شورای دیگر", kind="council", region=other_province, secretariat=outsider_org
    )


@pytest.fixture
def other_secretary(other_body, outsider_org):
    user = make_user("other_secretary", outsider_org)
    BodyRole.objects.create(user=user, body=other_body, kind=BodyRole.Kind.SECRETARIAT)
    return user


def window(hours_before=1, hours_after=2):
    now = timezone.now()
    return now - dt.timedelta(hours=hours_before), now + dt.timedelta(hours=hours_after)


@pytest.fixture
def election(assembly, secretary, sup1, sup2, teller1, teller2):
    starts, ends = window()
    created = election_services.create_election(
        assembly,
        by=secretary,
        data=election_services.ElectionData(
            title="انتخابات اعضای هیئت‌رئیسه مجمع",
            seats=2,
            max_choices=2,
            substitutes=1,
            voting_starts_at=starts,
            voting_ends_at=ends,
        ),
    )
    for user, role in ((sup1, "supervisor"), (sup2, "supervisor"), (teller1, "teller"), (teller2, "teller")):
        election_services.add_official(created, by=secretary, user=user, role=role)
    return created


def stand_all(election, members, secretary, keys=("a", "b", "c")):
    return {
        key: election_services.stand(election, members[key], by=secretary, programme=f"برنامه {key}")
        for key in keys
    }


@pytest.fixture
def candidates(election, members, secretary):
    election_services.open_candidacy(election, by=secretary)
    return stand_all(election, members, secretary)


@pytest.fixture
def voting(election, candidates, secretary):
    election_services.close_candidacy(election, by=secretary)
    election_services.open_voting(election, by=secretary)
    election.refresh_from_db()
    return election


def official_roles():
    return {role for role, _label in Official.Role.choices}
