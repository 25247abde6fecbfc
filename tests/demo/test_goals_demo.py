"""The annual goals demo: the national programme of 1402 and 1403, two provinces' adoptions with their own
targets and a goal of their own, reports accepted and returned, reviews, goals carried into 1403; all
through the services, and a second run changes nothing."""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from hamafza.accounts.models import User
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.audit.models import AuditEntry
from hamafza.demo import load_demo
from hamafza.goals.demo import USERS, load_goals_demo
from hamafza.goals.models import Goal, Measure, Programme, QuarterReport, YearEndReview
from hamafza.orgs.models import Organization


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    isolated = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
        },
    )
    with django_db_blocker.unblock(), isolated:
        with transaction.atomic():
            load_demo()
            ensure_taxonomy(owners={"welfare": Organization.objects.get(name="اداره کل بهزیستی استان تهران")})
            yield load_goals_demo()
            transaction.set_rollback(True)


def test_the_programmes_of_1402_and_1403(demo, db):
    assert demo.loaded is True
    national = Programme.objects.filter(adopts=None, organization__parent=None)
    assert sorted(national.values_list("year", flat=True)) == [1402, 1403]
    for programme in national:
        adoptions = programme.adoptions.all()
        assert adoptions.count() == 2 and all(a.state == "active" for a in adoptions)
        assert {a.organization.region.code for a in adoptions} == {"IR-23", "IR-07"}
    tehran_1402 = Programme.objects.get(year=1402, organization__region__code="IR-23", adopts__isnull=False)
    own = tehran_1402.goals.filter(adopted_from=None)
    assert own.count() == 1 and own.get().measures.get().source == "resolutions"
    # Own targets: the provinces' differ from the national ones.
    first = tehran_1402.goals.get(number=1).measures.get()
    assert (first.baseline, first.target) != (first.adopted_from.baseline, first.adopted_from.target)


def test_every_kind_of_measure_has_a_value(demo, db):
    for source in ("manual", "atlas", "resolutions"):
        assert Measure.objects.filter(source=source, value__isnull=False).exists(), source


def test_reports_accepted_returned_and_waiting(demo, db):
    states = set(QuarterReport.objects.values_list("state", flat=True))
    assert states == {"accepted", "returned", "submitted"}
    assert QuarterReport.objects.filter(state="returned").values("measure", "quarter").distinct().count() == 3
    assert QuarterReport.objects.exclude(files=None).count() == QuarterReport.objects.count()


def test_reviews_of_1402_and_goals_carried_into_1403(demo, db):
    reviews_1402 = YearEndReview.objects.filter(goal__programme__year=1402)
    assert set(reviews_1402.values_list("state", flat=True)) == {"accepted"}
    assert reviews_1402.count() == Goal.objects.filter(programme__year=1402).count()
    assert AuditEntry.objects.filter(action="year_review.return").count() == 1
    carried = Goal.objects.filter(programme__year=1403).exclude(carried_from=None)
    assert carried.filter(programme__adopts=None).count() == 4  # the national four
    tehran = Goal.objects.filter(
        programme__year=1403, programme__organization__region__code="IR-23", programme__adopts__isnull=False
    )
    assert tehran.exclude(carried_from=None).count() == 3
    # Each carried national goal is in Tehran's 1403 once, linked to both its past and the national goal.
    assert tehran.exclude(adopted_from=None).count() == 5
    assert set(YearEndReview.objects.filter(goal__programme__year=1403).values_list("state", flat=True)) == {
        "submitted",
        "draft",
    }


def test_the_demo_users_sign_in_and_read_their_pages(demo, db):
    for username in USERS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        assert client.get("/goals/").status_code == 200
        for programme in Programme.objects.all():
            response = client.get(f"/goals/programmes/{programme.pk}/")
            assert response.status_code in (200, 404)
    fars = User.objects.get(username="goals-fars")
    tehran = Programme.objects.get(year=1402, organization__region__code="IR-23", adopts__isnull=False)
    client = Client()
    client.force_login(fars)
    assert client.get(f"/goals/programmes/{tehran.pk}/").status_code == 404


def test_second_run_changes_nothing(demo, db):
    before = (Programme.objects.count(), QuarterReport.objects.count(), AuditEntry.objects.count())
    assert load_goals_demo().loaded is False
    assert (Programme.objects.count(), QuarterReport.objects.count(), AuditEntry.objects.count()) == before
