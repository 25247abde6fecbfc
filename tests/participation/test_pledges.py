"""Pledge services: every state change and refusal, the need they meet, audit entries and notifications.

Cast (tests/participation/conftest.py): `pledge` is the donor's 200,000,000-rial pledge to approved_need
(500,000,000 rials, police's); the officer is police's, so the receiving agency's.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied
from PIL import Image

from hamafza.accounts.models import Notification
from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Need, Pledge, PledgeEvidence
from hamafza.participation.services import pledges as services
from hamafza.participation.services.common import ParticipationError, UploadedFile

pytestmark = pytest.mark.django_db

PDF = UploadedFile("receipt.pdf", b"%PDF-1.4\n%evidence\n")


def png() -> UploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, format="PNG")
    return UploadedFile("photo.png", buffer.getvalue())


def actions(pledge) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="participation.pledge", object_id=pledge.pk)
        .order_by("id")
        .values_list("action", flat=True)
    )


def notified(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


@pytest.fixture
def general(donor, body, secretary, neighbourhood):
    """A pledge for vehicles in the neighbourhood, not yet for a need."""
    return services.record_pledge(
        by=secretary,
        donor=donor,
        body=body,
        value=100_000_000,
        kind="money",
        category="vehicle",
        region=neighbourhood,
    )


# Recording


def test_secretariat_records_a_pledge_for_a_need(
    donor, body, approved_need, secretary, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.record_pledge(
            by=secretary, donor=donor, body=body, value=300_000_000, kind="money", need=approved_need
        )
    assert (pledge.state, pledge.source, pledge.created_by) == ("pledged", "secretariat", secretary)
    assert (pledge.category, pledge.region_id) == ("vehicle", approved_need.region_id)
    assert actions(pledge) == ["pledge.create"]
    # the police (the need's agency) are told; the secretariat recorded it itself
    assert len(notified(officer)) == 1 and notified(secretary) == []


def test_donor_user_records_its_own_pledge(
    donor, donor_user, body, approved_need, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.record_pledge(
            by=donor_user, donor=donor, body=body, value=50_000_000, kind="goods", need=approved_need
        )
    assert pledge.source == Pledge.Source.DONOR
    assert len(notified(secretary)) == 1


@pytest.mark.parametrize("who", ["other_donor_user", "officer", "viewer", "outsider"])
def test_others_may_not_record_a_pledge_for_the_donor(request, who, donor, body):
    with pytest.raises(PermissionDenied):
        services.record_pledge(by=request.getfixturevalue(who), donor=donor, body=body, value=1, kind="money")
    assert not Pledge.objects.exists()


def test_pledge_refusals(donor, body, need, approved_need, secretary, other_donor, neighbourhood):
    def attempt(**kwargs):
        args = {"by": secretary, "donor": donor, "body": body, "value": 10, "kind": "money"} | kwargs
        with pytest.raises(ParticipationError) as error:
            services.record_pledge(**args)
        return error.value.code

    assert attempt(value=0) == "value"
    assert attempt(kind="land") == "kind"
    assert attempt(kind="time") == "hours"
    assert attempt(category="nonsense") == "category"
    proposed = Need.objects.create(
        body=body, region=neighbourhood, category="cash", title="x", justification="y", estimated_cost=10
    )
    assert attempt(need=proposed) == "closed"
    # more than the need lacks: 500,000,000
    assert attempt(need=approved_need, value=500_000_001) == "too_much"
    assert not Pledge.objects.exists()


def test_need_room_counts_live_pledges_but_not_cancelled_ones(donor, body, approved_need, secretary, pledge):
    # 500m − 200m pledged
    assert services.need_room(approved_need) == 300_000_000
    with pytest.raises(ParticipationError) as error:
        services.record_pledge(
            by=secretary, donor=donor, body=body, value=300_000_001, kind="money", need=approved_need
        )
    assert error.value.code == "too_much"
    services.cancel_pledge(pledge, by=secretary, reason="انصراف")
    assert services.need_room(approved_need) == 500_000_000


def test_time_pledge_carries_hours(donor, body, secretary):
    pledge = services.record_pledge(
        by=secretary, donor=donor, body=body, value=5_000_000, kind="time", hours=40
    )
    assert pledge.hours == 40


def test_need_of_another_body_is_refused(donor, body, approved_need, secretary, province, governorate):
    from hamafza.meetings.models import Body

    other = Body.objects.create(name="شورای دیگر", kind="council", region=province, secretariat=governorate)
    approved_need.body = other
    approved_need.save()
    with pytest.raises(ParticipationError) as error:
        services.record_pledge(
            by=secretary, donor=donor, body=body, value=1, kind="money", need=approved_need
        )
    assert error.value.code == "need_body"


# Offers from the public page


def test_offer_accepted_and_linked(
    donor, body, approved_need, secretary, officer, donor_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.make_offer(
            donor=donor, body=body, value=80_000_000, kind="money", category="vehicle"
        )
    assert (offer.state, offer.source, offer.created_by) == ("offered", "public", None)
    assert len(notified(secretary)) == 1
    assert notified(officer) == []
    with django_capture_on_commit_callbacks(execute=True):
        offer = services.accept_offer(offer, by=secretary, need=approved_need)
    assert (offer.state, offer.need) == ("pledged", approved_need)
    assert len(notified(donor_user)) == 1 and len(notified(officer)) == 1
    assert actions(offer) == ["pledge.offer", "pledge.accept"]


def test_offer_declined_with_a_reason(donor, body, secretary, officer):
    offer = services.make_offer(donor=donor, body=body, value=1_000, kind="goods")
    with pytest.raises(ParticipationError):
        services.decline_offer(offer, by=secretary, reason=" ")
    with pytest.raises(PermissionDenied):
        services.decline_offer(offer, by=officer, reason="نه")
    offer = services.decline_offer(offer, by=secretary, reason="خارج از اولویت")
    assert (offer.state, offer.state_note) == ("declined", "خارج از اولویت")
    with pytest.raises(ParticipationError):
        services.accept_offer(offer, by=secretary)


def test_only_the_secretariat_accepts_offers(donor, body, donor_user, viewer, officer):
    offer = services.make_offer(donor=donor, body=body, value=1_000, kind="money")
    for user in (donor_user, viewer, officer):
        with pytest.raises(PermissionDenied):
            services.accept_offer(offer, by=user)
    assert Pledge.objects.get().state == "offered"


# Linking a general pledge


def test_general_pledge_linked_to_a_need(
    general, approved_need, secretary, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.link_pledge(general, by=secretary, need=approved_need)
    assert pledge.need == approved_need
    assert len(notified(officer)) == 1
    with pytest.raises(ParticipationError) as error:
        services.link_pledge(pledge, by=secretary, need=approved_need)
    assert error.value.code == "linked"


def test_link_refuses_another_category_or_region(general, approved_need, secretary, other_neighbourhood):
    approved_need.category = "equipment"
    approved_need.save()
    with pytest.raises(ParticipationError) as error:
        services.link_pledge(general, by=secretary, need=approved_need)
    assert error.value.code == "category"
    approved_need.category, approved_need.region = "vehicle", other_neighbourhood
    approved_need.save()
    with pytest.raises(ParticipationError) as error:
        services.link_pledge(general, by=secretary, need=approved_need)
    assert error.value.code == "region"
    assert Pledge.objects.get(pk=general.pk).need is None


def test_link_accepts_a_need_inside_the_pledged_region(donor, body, secretary, approved_need, city):
    pledge = services.record_pledge(by=secretary, donor=donor, body=body, value=10, kind="money", region=city)
    assert services.link_pledge(pledge, by=secretary, need=approved_need).need == approved_need


# Cancelling


def test_donor_cancels_before_delivery_but_not_after(pledge, donor_user, other_donor_user, officer):
    with pytest.raises(PermissionDenied):
        services.cancel_pledge(pledge, by=other_donor_user, reason="x")
    services.record_delivery(pledge, by=donor_user, value=200_000_000)
    with pytest.raises(ParticipationError) as error:
        services.cancel_pledge(pledge, by=donor_user, reason="پشیمانی")
    assert error.value.code == "state"


def test_cancel_needs_a_reason(pledge, secretary):
    with pytest.raises(ParticipationError):
        services.cancel_pledge(pledge, by=secretary, reason="")
    pledge = services.cancel_pledge(pledge, by=secretary, reason="اهداکننده منصرف شد")
    assert pledge.state == "cancelled"


# Delivery and verification


def test_donor_delivers_and_the_agency_verifies_with_evidence(
    pledge, donor_user, officer, secretary, approved_need, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.record_delivery(pledge, by=donor_user, value=200_000_000, note="تحویل شد")
    assert (pledge.state, pledge.delivered_value, pledge.delivered_by) == (
        "delivered",
        200_000_000,
        donor_user,
    )
    assert len(notified(officer)) == 1
    # without evidence the agency cannot verify
    with pytest.raises(ParticipationError) as error:
        services.verify_delivery(pledge, by=officer)
    assert error.value.code == "evidence"
    assert Pledge.objects.get(pk=pledge.pk).state == "delivered"
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.verify_delivery(pledge, by=officer, files=[png()])
    assert (pledge.state, pledge.verified_by) == ("verified", officer)
    assert pledge.certificate_number.startswith(f"{pledge.body_id}-")
    assert len(notified(donor_user)) == 1
    need = Need.objects.get(pk=approved_need.pk)
    assert (need.state, need.value_met) == ("partly_met", 200_000_000)
    assert actions(pledge) == ["pledge.deliver", "pledge.verify"]


def test_agency_records_a_partial_delivery_verified_at_once(pledge, officer, approved_need):
    with pytest.raises(ParticipationError) as error:
        services.record_delivery(pledge, by=officer, value=150_000_000)
    assert error.value.code == "evidence"
    assert Pledge.objects.get(pk=pledge.pk).state == "pledged" and not PledgeEvidence.objects.exists()
    pledge = services.record_delivery(pledge, by=officer, value=150_000_000, files=[PDF])
    assert (pledge.state, pledge.delivered_value, pledge.is_partial) == ("verified", 150_000_000, True)
    assert Need.objects.get(pk=approved_need.pk).value_met == 150_000_000


def test_need_met_when_verified_pledges_cover_its_cost(
    donor, body, approved_need, secretary, officer, pledge
):
    second = services.record_pledge(
        by=secretary, donor=donor, body=body, value=300_000_000, kind="money", need=approved_need
    )
    services.record_delivery(pledge, by=officer, value=200_000_000, files=[PDF])
    assert Need.objects.get(pk=approved_need.pk).state == "partly_met"
    services.record_delivery(second, by=officer, value=300_000_000, files=[PDF])
    need = Need.objects.get(pk=approved_need.pk)
    assert (need.state, need.value_met) == ("met", 500_000_000)


def test_delivery_above_the_pledge_is_refused(pledge, donor_user):
    with pytest.raises(ParticipationError) as error:
        services.record_delivery(pledge, by=donor_user, value=200_000_001)
    assert error.value.code == "too_much"
    with pytest.raises(ParticipationError):
        services.record_delivery(pledge, by=donor_user, value=0)
    assert Pledge.objects.get(pk=pledge.pk).state == "pledged"


def test_verification_cannot_raise_the_value_above_the_pledge(pledge, donor_user, officer):
    services.record_delivery(pledge, by=donor_user, value=100_000_000, files=[PDF])
    with pytest.raises(ParticipationError) as error:
        services.verify_delivery(pledge, by=officer, value=250_000_000)
    assert error.value.code == "too_much"
    pledge = services.verify_delivery(pledge, by=officer, value=90_000_000)
    assert (pledge.state, pledge.delivered_value) == ("verified", 90_000_000)


def test_wrong_file_type_refused_and_nothing_saved(pledge, officer, donor_user):
    fake = UploadedFile("photo.png", b"not a picture at all")
    with pytest.raises(ParticipationError):
        services.record_delivery(pledge, by=donor_user, value=10, files=[PDF, fake])
    with pytest.raises(ParticipationError):
        services.record_delivery(pledge, by=officer, value=10, files=[UploadedFile("run.exe", b"MZ\x90")])
    pledge.refresh_from_db()
    assert (pledge.state, pledge.delivered_value) == ("pledged", 0)
    assert not PledgeEvidence.objects.exists()


def test_general_pledge_must_be_linked_before_delivery(general, donor_user):
    with pytest.raises(ParticipationError) as error:
        services.record_delivery(general, by=donor_user, value=10)
    assert error.value.code == "no_need"


@pytest.mark.parametrize("who", ["secretary", "admin", "other_officer", "viewer", "donor_user"])
def test_only_the_receiving_agency_verifies(request, who, pledge, donor_user):
    services.record_delivery(pledge, by=donor_user, value=10, files=[PDF])
    with pytest.raises(PermissionDenied):
        services.verify_delivery(pledge, by=request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        services.reject_delivery(pledge, by=request.getfixturevalue(who), reason="x")
    assert Pledge.objects.get(pk=pledge.pk).state == "delivered"


def test_secretariat_delivery_waits_for_the_agency(pledge, secretary):
    pledge = services.record_delivery(pledge, by=secretary, value=10, files=[PDF])
    assert pledge.state == "delivered"


def test_rejected_delivery_returns_to_pledged_and_its_files_no_longer_count(
    pledge, donor_user, officer, approved_need, django_capture_on_commit_callbacks
):
    services.record_delivery(pledge, by=donor_user, value=200_000_000, files=[PDF])
    with pytest.raises(ParticipationError):
        services.reject_delivery(pledge, by=officer, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        pledge = services.reject_delivery(pledge, by=officer, reason="خودرو تحویل نشد")
    assert (pledge.state, pledge.delivered_value, pledge.delivered_at) == ("pledged", 0, None)
    assert len(notified(donor_user)) == 1
    assert list(pledge.evidence.values_list("is_current", flat=True)) == [False]
    services.record_delivery(pledge, by=donor_user, value=200_000_000)
    with pytest.raises(ParticipationError) as error:
        services.verify_delivery(pledge, by=officer)
    assert error.value.code == "evidence"
    assert Need.objects.get(pk=approved_need.pk).value_met == 0


def test_neighbourhood_need_without_agency_is_verified_by_the_secretariat(
    donor, body, approved_need, secretary, officer
):
    approved_need.organization = None
    approved_need.save()
    pledge = services.record_pledge(
        by=secretary, donor=donor, body=body, value=10, kind="money", need=approved_need
    )
    with pytest.raises(PermissionDenied):
        services.verify_delivery(pledge, by=officer)
    pledge = services.record_delivery(pledge, by=secretary, value=10, files=[PDF])
    assert pledge.state == "verified"


def test_no_delivery_twice_and_no_verification_before_delivery(pledge, officer):
    with pytest.raises(ParticipationError):
        services.verify_delivery(pledge, by=officer, files=[PDF])
    services.record_delivery(pledge, by=officer, value=10, files=[PDF])
    with pytest.raises(ParticipationError):
        services.record_delivery(pledge, by=officer, value=10, files=[PDF])


def test_certificate_numbers_follow_each_other_within_the_body(
    donor, body, approved_need, secretary, officer
):
    numbers = []
    for _ in range(3):
        pledge = services.record_pledge(
            by=secretary, donor=donor, body=body, value=10, kind="money", need=approved_need
        )
        numbers.append(services.record_delivery(pledge, by=officer, value=10, files=[PDF]).certificate_number)
    prefix = numbers[0].rsplit("-", 1)[0]
    year = int(prefix.split("-")[1])
    assert 1400 <= year <= 1500  # a Jalali year
    assert numbers == [f"{prefix}-0001", f"{prefix}-0002", f"{prefix}-0003"]


def test_audit_entry_does_not_name_the_donor(other_donor, body, secretary):
    pledge = services.record_pledge(by=secretary, donor=other_donor, body=body, value=10, kind="money")
    entry = AuditEntry.objects.get(object_type="participation.pledge", object_id=pledge.pk)
    assert other_donor.name not in entry.object_repr
    assert other_donor.name not in str(entry.changes)


def test_audit_actions_are_named():
    from hamafza.audit.labels import ACTIONS

    for action in ("pledge.create", "pledge.offer", "pledge.verify", "pledge.reject"):
        assert action in services.AUDIT_ACTIONS
        assert action in ACTIONS
