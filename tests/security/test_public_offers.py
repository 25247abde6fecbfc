"""Findings of the security review about the public page's offers (issue 12): an anonymous visitor's
typed name and e-mail stay with the secretariat, and an offer never changes or claims an existing donor."""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Donor, Pledge
from hamafza.participation.services import pledges
from hamafza.participation.services.public import make_public_offer

pytestmark = pytest.mark.django_db

TYPED_NAME = "زهرا احمدی‌نژاد"
TYPED_EMAIL = "zahra.secret@example.org"


def _anonymous_offer(need, **extra):
    data = dict(
        name=TYPED_NAME,
        mobile="09351112233",
        email=TYPED_EMAIL,
        anonymous=True,
        kind="money",
        value=10_000_000,
    )
    data.update(extra)
    return make_public_offer(need, **data)


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_an_anonymous_donors_typed_name_and_email_are_not_in_the_pledge_history(
    request, client_for, approved_need, secretary, role
):
    pledge = _anonymous_offer(approved_need)
    pledges.accept_offer(pledge, by=secretary)
    html = client_for(request.getfixturevalue(role)).get(
        reverse("participation:pledge_detail", args=[pledge.pk])
    )
    assert html.status_code == 200
    text = html.content.decode()
    assert TYPED_NAME not in text and TYPED_EMAIL not in text
    assert "09351112233" not in text


def test_the_secretariat_still_reads_what_the_visitor_typed(client_for, approved_need, secretary):
    pledge = _anonymous_offer(approved_need)
    text = (
        client_for(secretary).get(reverse("participation:pledge_detail", args=[pledge.pk])).content.decode()
    )
    assert TYPED_NAME in text and TYPED_EMAIL in text


def test_a_named_donors_typed_email_is_for_the_secretariat_only(
    client_for, approved_need, secretary, officer
):
    pledge = _anonymous_offer(approved_need, anonymous=False)
    pledges.accept_offer(pledge, by=secretary)
    text = client_for(officer).get(reverse("participation:pledge_detail", args=[pledge.pk])).content.decode()
    assert TYPED_EMAIL not in text


def test_an_offer_with_an_existing_donors_mobile_neither_changes_nor_claims_it(approved_need, donor):
    before = {f.name: getattr(donor, f.name) for f in Donor._meta.concrete_fields}
    pledge = make_public_offer(
        approved_need, name="کسی دیگر", mobile=donor.mobile, anonymous=True, kind="money", value=1_000_000
    )
    donor.refresh_from_db()
    assert {f.name: getattr(donor, f.name) for f in Donor._meta.concrete_fields} == before
    assert not donor.is_anonymous
    assert pledge.donor_id != donor.pk
    assert not Pledge.objects.filter(donor=donor, source=Pledge.Source.PUBLIC).exists()
    # nothing the visitor typed reaches the registered donor's pages
    assert pledge.donor.name == "کسی دیگر"


def test_an_offer_with_an_existing_donors_national_id_does_not_claim_it(approved_need, donor):
    pledge = make_public_offer(
        approved_need,
        name="کسی دیگر",
        mobile="09130000000",
        national_id=donor.national_id,
        kind="money",
        value=1_000_000,
    )
    assert pledge.donor_id != donor.pk
    assert pledge.donor.national_id == ""  # the registered donor keeps its national ID alone
    typed = AuditEntry.objects.get(action="pledge.public_offer", object_id=pledge.pk)
    assert typed.changes["typed_national_id"] == [None, donor.national_id]


def test_the_secretariat_matches_the_offer_to_the_registered_donor(
    client_for, approved_need, donor, secretary, officer
):
    pledge = make_public_offer(approved_need, name="علی", mobile=donor.mobile, kind="money", value=1_000_000)
    provisional = pledge.donor
    page = client_for(secretary).get(reverse("participation:pledge_detail", args=[pledge.pk]))
    assert donor.name in page.content.decode()  # the suggested match
    url = reverse("participation:pledge_match", args=[pledge.pk])
    # nobody else may match
    assert client_for(officer).post(url, {"donor": donor.pk}).status_code in (403, 404)
    pledge.refresh_from_db()
    assert pledge.donor_id == provisional.pk
    response = client_for(secretary).post(url, {"donor": donor.pk})
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert pledge.donor_id == donor.pk
    assert not Donor.objects.filter(pk=provisional.pk).exists()  # the provisional record had only this offer
    assert AuditEntry.objects.filter(action="pledge.match", object_id=pledge.pk).exists()


def test_the_secretariat_may_only_match_to_a_donor_with_the_same_mobile_or_national_id(
    client_for, approved_need, donor, other_donor, secretary
):
    pledge = make_public_offer(approved_need, name="علی", mobile=donor.mobile, kind="money", value=1_000_000)
    response = client_for(secretary).post(
        reverse("participation:pledge_match", args=[pledge.pk]), {"donor": other_donor.pk}
    )
    assert response.status_code in (302, 400, 404)
    pledge.refresh_from_db()
    assert pledge.donor_id not in (donor.pk, other_donor.pk)


def test_the_per_mobile_cap_counts_every_record_with_that_mobile(approved_need):
    from hamafza.participation.services.common import ParticipationError
    from hamafza.participation.services.public import MAX_WAITING_PER_MOBILE

    for _i in range(MAX_WAITING_PER_MOBILE):
        make_public_offer(approved_need, name="الف", mobile="09351112233", kind="money", value=1_000)
    with pytest.raises(ParticipationError):
        make_public_offer(approved_need, name="ب", mobile="09351112233", kind="money", value=1_000)


def test_anonymous_history_through_the_web_page_is_not_leaked(client_for, approved_need, secretary, officer):
    response = Client().post(
        reverse("participation:public_offer", args=[approved_need.pk]),
        {
            "name": TYPED_NAME,
            "mobile": "09351112233",
            "email": TYPED_EMAIL,
            "anonymous": "on",
            "kind": "money",
            "value": "1000000",
            "consent": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get(source=Pledge.Source.PUBLIC)
    pledges.accept_offer(pledge, by=secretary)
    text = client_for(officer).get(reverse("participation:pledge_detail", args=[pledge.pk])).content.decode()
    assert TYPED_NAME not in text and TYPED_EMAIL not in text
