"""A person donor given a sign-in account sees its own pledges; the rules of giving one."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Donor
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.services.registry import link_donor_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_donor(body):
    return Donor.objects.create(kind=Donor.Kind.PERSON, name="سارا نیک‌دل", body=body)


def test_secretariat_gives_an_account_and_the_donor_sees_its_pledges(client_for, secretary, fresh_donor):
    account = User.objects.create_user(username="sara", password="x-12345678")
    link_donor_user(fresh_donor, by=secretary, user=account)
    fresh_donor.refresh_from_db()
    assert fresh_donor.user == account
    assert AuditEntry.objects.filter(action="donor.account", object_id=fresh_donor.pk).count() == 1
    response = client_for(account).get(reverse("participation:donor_detail", args=[fresh_donor.pk]))
    assert response.status_code == 200


def test_refusals(secretary, officer, viewer, fresh_donor, donor, donor_user):
    with pytest.raises(ParticipationError):
        link_donor_user(fresh_donor, by=secretary, user=officer)  # an organisation's account
    with pytest.raises(ParticipationError):
        link_donor_user(fresh_donor, by=secretary, user=donor_user)  # already donor's
    account = User.objects.create_user(username="sara", password="x-12345678")
    with pytest.raises(PermissionDenied):
        link_donor_user(fresh_donor, by=viewer, user=account)
    fresh_donor.refresh_from_db()
    assert fresh_donor.user is None
