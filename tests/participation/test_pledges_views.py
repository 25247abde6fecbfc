"""The pledge pages through the HTTP client: creating, delivering with files, verifying, the forms each
role is offered and the timeline."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hamafza.participation.models import Need, Pledge, PledgeEvidence
from hamafza.participation.services import pledges as services

pytestmark = pytest.mark.django_db


def png_upload(name="photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def detail(pledge):
    return reverse("participation:pledge_detail", args=[pledge.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_secretariat_creates_a_pledge_for_a_need(client_for, secretary, donor, approved_need):
    response = client_for(secretary).post(
        reverse("participation:pledge_create"),
        {
            "donor": donor.pk,
            "need": approved_need.pk,
            "kind": "money",
            "value": "۱۲۰۰۰۰۰۰۰",
            "description": "کمک",
        },
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(pledge)
    assert (pledge.donor, pledge.need, pledge.value, pledge.source) == (
        donor,
        approved_need,
        120_000_000,
        "secretariat",
    )


def test_donor_user_creates_its_own_pledge_and_cannot_choose_another_donor(
    client_for, donor_user, donor, other_donor, approved_need
):
    client = client_for(donor_user)
    form = client.get(reverse("participation:pledge_create")).context["form"]
    assert list(form.fields["donor"].queryset) == [donor]
    response = client.post(
        reverse("participation:pledge_create"),
        {"donor": other_donor.pk, "kind": "money", "value": "1000"},
    )
    assert response.status_code == 200 and not Pledge.objects.exists()
    response = client.post(
        reverse("participation:pledge_create"),
        {"donor": donor.pk, "kind": "time", "value": "1000", "hours": "۱۲", "need": approved_need.pk},
    )
    pledge = Pledge.objects.get()
    assert (pledge.source, pledge.hours) == ("donor", 12)


def test_create_shows_the_rule_that_refused_it(client_for, secretary, donor, approved_need):
    response = client_for(secretary).post(
        reverse("participation:pledge_create"),
        {"donor": donor.pk, "need": approved_need.pk, "kind": "money", "value": "600000000"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Pledge.objects.exists()


def test_donor_delivers_with_a_file_and_police_verifies(
    client_for, pledge, donor_user, officer, approved_need
):
    response = client_for(donor_user).post(
        reverse("participation:pledge_deliver", args=[pledge.pk]),
        {"value": "۱۵۰۰۰۰۰۰۰", "note": "تحویل در کلانتری", "files": [png_upload()]},
    )
    assert response.status_code == 302
    pledge.refresh_from_db()
    assert (pledge.state, pledge.delivered_value) == ("delivered", 150_000_000)
    assert PledgeEvidence.objects.get().original_name == "photo.png"
    page = client_for(officer).get(detail(pledge))
    assert page.context["can_verify"] and b'id="verify-form"' in page.content
    client_for(officer).post(reverse("participation:pledge_verify", args=[pledge.pk]), {"value": ""})
    pledge.refresh_from_db()
    assert pledge.state == "verified"
    assert Need.objects.get(pk=approved_need.pk).state == "partly_met"


def test_wrong_file_type_through_the_page_saves_nothing(client_for, pledge, officer):
    fake = SimpleUploadedFile("photo.png", b"this is no picture", content_type="image/png")
    response = client_for(officer).post(
        reverse("participation:pledge_deliver", args=[pledge.pk]),
        {"value": "1000", "files": [png_upload(), fake]},
        follow=True,
    )
    assert response.status_code == 200 and messages_of(response)
    pledge.refresh_from_db()
    assert (pledge.state, pledge.delivered_value) == ("pledged", 0)
    assert not PledgeEvidence.objects.exists()


def test_agency_delivery_without_evidence_is_refused(client_for, pledge, officer):
    response = client_for(officer).post(
        reverse("participation:pledge_deliver", args=[pledge.pk]), {"value": "1000"}, follow=True
    )
    assert messages_of(response)
    assert Pledge.objects.get(pk=pledge.pk).state == "pledged"


def test_forms_offered_to_each_role(client_for, pledge, secretary, officer, viewer, donor_user):
    def forms(user):
        html = client_for(user).get(detail(pledge)).content.decode()
        return {
            f
            for f in ("deliver-form", "cancel-form", "verify-form", "link-form", "accept-form")
            if f'id="{f}"' in html
        }

    assert forms(secretary) == {"deliver-form", "cancel-form"}
    assert forms(donor_user) == {"deliver-form", "cancel-form"}
    assert forms(officer) == {"deliver-form"}
    assert forms(viewer) == set()


def test_offer_page_offers_accept_and_decline_to_the_secretariat(
    client_for, donor, body, secretary, approved_need
):
    offer = services.make_offer(donor=donor, body=body, value=1000, kind="money")
    page = client_for(secretary).get(detail(offer)).content.decode()
    assert 'id="accept-form"' in page and 'id="decline-form"' in page
    client_for(secretary).post(
        reverse("participation:pledge_accept", args=[offer.pk]), {"need": approved_need.pk}
    )
    offer.refresh_from_db()
    assert (offer.state, offer.need) == ("pledged", approved_need)


def test_general_pledge_linked_through_the_page(
    client_for, donor, body, secretary, approved_need, neighbourhood
):
    general = services.record_pledge(
        by=secretary, donor=donor, body=body, value=1000, kind="money", region=neighbourhood
    )
    assert 'id="link-form"' in client_for(secretary).get(detail(general)).content.decode()
    client_for(secretary).post(
        reverse("participation:pledge_link", args=[general.pk]), {"need": approved_need.pk}
    )
    assert Pledge.objects.get(pk=general.pk).need == approved_need


def test_timeline_and_evidence_download(client_for, pledge, officer, secretary):
    client_for(officer).post(
        reverse("participation:pledge_deliver", args=[pledge.pk]),
        {"value": "200000000", "files": [png_upload("handover.png")]},
    )
    response = client_for(secretary).get(detail(pledge))
    assert [entry.action for entry, _who, _changes in response.context["timeline"]] == ["pledge.verify"]
    assert "handover.png" in response.content.decode()
    evidence = PledgeEvidence.objects.get()
    download = client_for(secretary).get(reverse("participation:pledge_evidence", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_cancel_through_the_page_needs_a_reason(client_for, pledge, donor_user):
    client = client_for(donor_user)
    client.post(reverse("participation:pledge_cancel", args=[pledge.pk]), {"reason": ""})
    assert Pledge.objects.get(pk=pledge.pk).state == "pledged"
    client.post(reverse("participation:pledge_cancel", args=[pledge.pk]), {"reason": "منصرف شدم"})
    assert Pledge.objects.get(pk=pledge.pk).state == "cancelled"


def test_list_queries_do_not_grow_with_the_pledges(
    client_for, secretary, donor, other_donor, body, approved_need, django_assert_num_queries
):
    client = client_for(secretary)
    for count in (2, 6):
        while Pledge.objects.count() < count:
            for d in (donor, other_donor):
                services.record_pledge(
                    by=secretary, donor=d, body=body, value=10, kind="money", need=approved_need
                )
        # * session, user, the user's body roles (scope)
        # * count and page of pledges, joined with donor, body, need and its agency
        # * secretariat roles and the donors whose names the user may see (anonymity)
        # * body roles and secretariat roles again (the bodies filter and the pledge button)
        # * base page: unread notifications, the user's organisation, the bodies of the filter
        # * the organisations of the filter (hamafza/lib/listing.py)
        with django_assert_num_queries(13):
            response = client.get(reverse("participation:pledge_list"))
        assert len(response.context["rows"]) == count


def test_donor_contact_is_for_the_secretariat_only(client_for, pledge, secretary, officer, viewer):
    url = reverse("participation:pledge_detail", args=[pledge.pk])
    donor_page = reverse("participation:donor_detail", args=[pledge.donor_id])
    secretariat = client_for(secretary).get(url).content.decode()
    assert donor_page in secretariat and 'id="donor-mobile"' in secretariat
    agency = client_for(officer).get(url).content.decode()
    assert (
        donor_page not in agency and 'id="donor-mobile"' not in agency and pledge.donor.mobile not in agency
    )
    reader = client_for(viewer).get(url).content.decode()
    assert donor_page in reader and 'id="donor-mobile"' not in reader
