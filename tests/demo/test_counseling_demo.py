"""The counselling demo: Tehran's stations with three years of cases near seed 003's figures (about 70% of
the cases closed reconciled), the tallies and the atlas rate built; a second run changes nothing."""

import time

import pytest
from django.db import transaction
from django.http import HttpRequest
from django.test import Client, override_settings

from hamafza.accounts.models import User
from hamafza.atlas.models import IndicatorValue
from hamafza.counseling.demo import load_counseling_demo
from hamafza.counseling.models import Case, Centre
from hamafza.counseling.services import figures, tallies
from hamafza.demo import PASSWORD, load_demo
from hamafza.lib.jalali import jalali_month


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    isolated = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), isolated:
        with transaction.atomic():
            load_demo()
            started = time.perf_counter()
            result = load_counseling_demo()
            result.seconds = time.perf_counter() - started
            yield result
            transaction.set_rollback(True)


def test_three_years_of_cases_about_70_percent_reconciled(demo, db):
    assert demo.loaded is True
    assert Centre.objects.count() >= 6
    assert Case.objects.count() > 5000
    province = Centre.objects.first().province_id
    end = jalali_month(Case.objects.latest("opened_on").opened_on)
    start = end - 200  # two years back
    data = figures.province(province, start, end)
    assert 65 <= data.total.now.rate <= 75
    assert data.total.now.median_days is not None
    assert IndicatorValue.objects.filter(indicator__code=tallies.ATLAS_INDICATOR).exists()


def test_a_second_run_changes_nothing(demo, db):
    before = Case.objects.count()
    assert load_counseling_demo().loaded is False
    assert Case.objects.count() == before


def test_the_demo_counsellor_reads_the_station_cases(demo, db):
    client = Client()
    # django-axes checks every sign-in against a request, as the login page gives it one
    assert client.login(request=HttpRequest(), username="counsellor", password=PASSWORD)
    user = User.objects.get(username="counsellor")
    case = Case.objects.filter(station=user.organization).first()
    assert client.get(f"/counseling/cases/{case.pk}/").status_code == 200
    assert client.get("/counseling/").status_code == 200
