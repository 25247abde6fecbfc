"""The participation demo: every state of a need and a pledge is there to try, through the services."""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from hamafza.accounts.models import User
from hamafza.atlas.services.taxonomy import ensure_taxonomy
from hamafza.audit.models import AuditEntry
from hamafza.demo import load_demo
from hamafza.participation import access
from hamafza.participation.demo import DONOR_USERNAME, load_participation_demo
from hamafza.participation.models import (
    AchievementCall,
    AchievementReport,
    AllocationProposal,
    Capacity,
    Donor,
    Need,
    NgoProfile,
    Pledge,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    isolated = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), isolated:
        with transaction.atomic():
            load_demo()
            ensure_taxonomy()
            yield load_participation_demo()
            transaction.set_rollback(True)


def test_first_run_loads_everything(demo, db):
    assert demo.loaded is True
    assert demo.counts == {
        "donors": Donor.objects.count(),
        "capacities": Capacity.objects.count(),
        "needs": Need.objects.count(),
        "pledges": Pledge.objects.count(),
    }
    assert Capacity.objects.count() >= 20


def test_needs_and_pledges_in_every_state(demo, db):
    assert set(Need.objects.values_list("state", flat=True)) == set(Need.State.values)
    assert set(Pledge.objects.values_list("state", flat=True)) >= {
        Pledge.State.OFFERED,
        Pledge.State.PLEDGED,
        Pledge.State.DELIVERED,
        Pledge.State.VERIFIED,
    }
    met = Need.objects.get(state=Need.State.MET)
    assert met.value_met >= met.estimated_cost
    assert all(p.certificate_number for p in Pledge.objects.filter(state=Pledge.State.VERIFIED))


def test_registries_and_the_matching_proposal(demo, db):
    assert NgoProfile.objects.count() == 3
    assert sum(p.licence_expired() for p in NgoProfile.objects.all()) == 1
    assert set(AchievementReport.objects.values_list("state", flat=True)) == {"accepted", "submitted"}
    call = AchievementCall.objects.get()
    assert call.ngos.count() == 3 and call.reports.count() == 2  # one NGO has not answered yet
    assert Donor.objects.filter(is_anonymous=True).exists()
    assert Donor.objects.filter(recognitions__isnull=False).distinct().count() == 3
    proposal = AllocationProposal.objects.get()
    assert proposal.lines.exists() and proposal.value >= proposal.greedy_value


def test_the_donor_signs_in_and_sees_only_its_pledges(demo, db):
    donor_user = User.objects.get(username=DONOR_USERNAME)
    own = set(access.pledges_for_user(donor_user))
    assert own and all(p.donor.user_id == donor_user.pk for p in own)
    client = Client()
    client.force_login(donor_user)
    assert client.get("/participation/pledges/").status_code == 200


def test_everything_went_through_the_services(demo, db):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"need.approve", "donor.register", "capacity.add", "matching.propose"} <= actions


def test_second_run_changes_nothing(demo, db):
    before = (Need.objects.count(), Pledge.objects.count(), AuditEntry.objects.count())
    assert load_participation_demo().loaded is False
    assert (Need.objects.count(), Pledge.objects.count(), AuditEntry.objects.count()) == before
