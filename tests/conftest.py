"""The cast every test shares: one province, a body and its organisations, and a user for every role.

- admin: system administrator
- secretary: the body's secretariat (governor's office)
- officer: officer of the police, lead on `resolution`
- other_officer: officer of welfare, a member of the body and supporting on `resolution`
- viewer: reads the body's work (a BodyRole viewer from an organisation outside the body)
- outsider: officer of an organisation in another province that has nothing to do with the body
"""

import datetime as dt

import pytest
from django.test import Client

from hamafza.accounts.models import BodyRole, User
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

PASSWORD = "pass-for-tests-123"


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "fa"
    # The rate limits' counters (hamafza.ops.ratelimit) live in the cache: each test starts with none.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def today():
    return services.today()


@pytest.fixture
def province(db):
    return Region.objects.create(name="تهران", name_en="Tehran", kind="province", code="IR-23")


@pytest.fixture
def other_province(db):
    return Region.objects.create(name="فارس", name_en="Fars", kind="province", code="IR-07")


@pytest.fixture
def city(province):
    county = Region.objects.create(name="شهرستان تهران", kind="county", code="IR-23-tehran", parent=province)
    return Region.objects.create(name="تهران", kind="city", code="IR-23-tehran-city", parent=county)


@pytest.fixture
def neighbourhood(city):
    return Region.objects.create(
        name="محله نمونه", kind="neighbourhood", code="N-1", parent=city, population=12000, is_target=True
    )


def _org(name, region, kind="agency", sector="other"):
    return Organization.objects.create(name=name, region=region, kind=kind, sector=sector)


@pytest.fixture
def governorate(province):
    return _org("استانداری تهران", province, sector="governorate")


@pytest.fixture
def police(province):
    return _org("فرماندهی انتظامی استان", province, sector="police")


@pytest.fixture
def welfare(province):
    return _org("اداره کل بهزیستی", province, sector="welfare")


@pytest.fixture
def education(province):
    return _org("اداره کل آموزش و پرورش", province, sector="education")


@pytest.fixture
def inspection(province):
    return _org("اداره کل بازرسی", province)


@pytest.fixture
def outsider_org(other_province):
    return _org("خیریه دوردست", other_province, kind="charity", sector="relief")


@pytest.fixture
def body(province, governorate, police, welfare, education):
    b = Body.objects.create(
        name="کارگروه اجتماعی استان", kind="working_group", region=province, secretariat=governorate
    )
    b.members.set([governorate, police, welfare, education])
    return b


def _user(username, organization=None, *, officer=False, superuser=False):
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        organization=organization,
        is_officer=officer,
        is_superuser=superuser,
        is_staff=superuser,
        email=f"{username}@example.org",
        first_name=username.capitalize(),
    )


@pytest.fixture
def admin(db):
    return _user("admin", superuser=True)


@pytest.fixture
def secretary(body, governorate):
    user = _user("secretary", governorate)
    BodyRole.objects.create(user=user, body=body, kind=BodyRole.Kind.SECRETARIAT)
    return user


@pytest.fixture
def officer(police):
    return _user("officer", police, officer=True)


@pytest.fixture
def other_officer(welfare):
    return _user("other_officer", welfare, officer=True)


@pytest.fixture
def viewer(body, inspection):
    user = _user("viewer", inspection)
    BodyRole.objects.create(user=user, body=body, kind=BodyRole.Kind.VIEWER)
    return user


@pytest.fixture
def outsider(outsider_org):
    return _user("outsider", outsider_org, officer=True)


@pytest.fixture
def meeting(body, secretary, today):
    return services.create_meeting(
        body,
        by=secretary,
        number=7,
        held_on=today - dt.timedelta(days=30),
        place="سالن شهدای گمنام",
        chair="معاون سیاسی، امنیتی و اجتماعی استانداری",
        attendees="بهزیستی\nآموزش و پرورش",
    )


@pytest.fixture
def resolution(meeting, secretary, police, welfare, today):
    spec = services.ResolutionSpec(
        number="1",
        text="پیشگیری از آسیب‌های اجتماعی در محلات هدف",
        assignments=[
            services.AssignmentSpec(
                police, role=Assignment.Role.LEAD, deadline=today + dt.timedelta(days=20)
            ),
            services.AssignmentSpec(
                welfare, role=Assignment.Role.SUPPORTING, deadline=today + dt.timedelta(days=20)
            ),
        ],
        topics=["اعتیاد"],
    )
    return services.create_resolution(meeting, by=secretary, spec=spec)


@pytest.fixture
def lead(resolution):
    return resolution.assignments.get(role=Assignment.Role.LEAD)


@pytest.fixture
def supporting(resolution):
    return resolution.assignments.get(role=Assignment.Role.SUPPORTING)


@pytest.fixture
def client_for():
    """A logged-in test client for a user of the cast."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
