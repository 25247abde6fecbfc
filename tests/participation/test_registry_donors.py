"""Donors: registering and updating (identifiers, consent, uniqueness per body), recognitions, past
contributions, and who sees an anonymous donor's name and a donor's personal data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from hamafza.audit.models import AuditEntry
from hamafza.meetings.models import Body
from hamafza.participation.models import Donor, Pledge, Recognition
from hamafza.participation.services import registry
from hamafza.participation.services.common import ParticipationError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """The refusals are compared with their English msgids (Persian is checked by the catalogue)."""
    with translation.override("en"):
        yield


NATIONAL_ID = "2914177763"
LEGAL_ID = "12415868348"


def _data(**overrides) -> registry.DonorData:
    values = {"kind": Donor.Kind.PERSON, "name": "حسن صالحی", "consent": True}
    values.update(overrides)
    return registry.DonorData(**values)


def _errors(call) -> dict:
    with pytest.raises(ParticipationError) as caught:
        call()
    with translation.override("en"):
        return {name: [str(m) for m in messages] for name, messages in caught.value.message_dict.items()}


def test_secretariat_registers_a_person_with_cleaned_identifiers_and_consent_time(
    secretary, body, neighbourhood
):
    donor = registry.register_donor(
        body,
        by=secretary,
        data=_data(
            national_id="۲۹۱۴۱۷۷۷۶۳",
            mobile="۰۹۱۲-۱۲۳-۴۵۶۷",
            postal_code="۱۴۳۷۶ ۱۳۸۹۱",
            interest_categories=["equipment", "cash", "equipment"],
            interest_regions=[neighbourhood],
            prior_giving=5_000_000,
        ),
    )
    assert (donor.national_id, donor.mobile, donor.postal_code) == (NATIONAL_ID, "09121234567", "1437613891")
    assert donor.interest_categories == ["equipment", "cash"]
    assert donor.consent_at is not None
    assert list(donor.interest_regions.all()) == [neighbourhood]
    entry = AuditEntry.objects.get(action="donor.register")
    assert entry.body_id == body.pk and entry.changes["national_id"] == NATIONAL_ID


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("national_id", "2914177764", "This national ID is not valid: its check digit does not match."),
        ("national_id", "12345", "A national ID (کد ملی) has ten digits."),
        ("mobile", "02188776655", "Enter an Iranian mobile number such as ۰۹۱۲۱۲۳۴۵۶۷."),
        (
            "postal_code",
            "1234567890",
            "A postal code has ten digits, with no 0 or 2 among the first five (such as ۱۴۳۷۶۱۳۸۹۱).",
        ),
    ],
)
def test_each_bad_identifier_of_a_person_is_explained(secretary, body, field, value, message):
    errors = _errors(lambda: registry.register_donor(body, by=secretary, data=_data(**{field: value})))
    assert errors == {field: [message]}
    assert not Donor.objects.exists()


def test_bad_legal_id_of_an_institution_is_explained(secretary, body):
    data = _data(kind=Donor.Kind.INDUSTRY, name="فولاد مبارکه", legal_id="12415868340", consent=False)
    assert _errors(lambda: registry.register_donor(body, by=secretary, data=data)) == {
        "legal_id": ["This legal entity national ID is not valid: its check digit does not match."]
    }
    data.legal_id = LEGAL_ID
    industry = registry.register_donor(body, by=secretary, data=data)
    assert industry.legal_id == LEGAL_ID and industry.consent_at is None  # consent is asked of persons


def test_a_person_needs_consent_and_ids_must_fit_the_kind(secretary, body):
    errors = _errors(
        lambda: registry.register_donor(body, by=secretary, data=_data(consent=False, legal_id=LEGAL_ID))
    )
    assert errors == {
        "consent": ["A person's data is kept only with their consent; record that the donor agreed to it."],
        "legal_id": ["A person has a national ID, not a legal entity national ID."],
    }
    errors = _errors(
        lambda: registry.register_donor(
            body, by=secretary, data=_data(kind=Donor.Kind.CHARITY, national_id=NATIONAL_ID)
        )
    )
    assert errors == {"national_id": ["An institution has a legal entity national ID, not a national ID."]}


def test_national_id_is_unique_per_body(secretary, admin, body, donor, province, governorate):
    errors = _errors(
        lambda: registry.register_donor(body, by=secretary, data=_data(national_id=donor.national_id))
    )
    assert errors == {"national_id": ["A donor with this national ID is already registered with this body."]}
    other_body = Body.objects.create(
        name="قرارگاه اجتماعی", kind="headquarters", region=province, secretariat=governorate
    )
    assert registry.register_donor(other_body, by=admin, data=_data(national_id=donor.national_id)).pk


def test_only_the_bodys_secretariat_manages_donors(officer, viewer, donor_user, body, donor):
    for user in (officer, viewer, donor_user):
        with pytest.raises(PermissionDenied):
            registry.register_donor(body, by=user, data=_data())
        with pytest.raises(PermissionDenied):
            registry.update_donor(donor, by=user, data=_data())
        with pytest.raises(PermissionDenied):
            registry.add_recognition(donor, by=user, date=dt.date(2024, 1, 1), title="لوح")
    assert not AuditEntry.objects.exists()


def test_update_is_audited_with_the_changes_and_keeps_the_consent_time(secretary, donor):
    consented = donor.consent_at
    registry.update_donor(
        donor, by=secretary, data=_data(name="علی رضایی", national_id=donor.national_id, is_anonymous=True)
    )
    donor.refresh_from_db()
    assert donor.is_anonymous and donor.consent_at == consented and donor.mobile == ""
    changes = AuditEntry.objects.get(action="donor.update").changes
    assert changes["is_anonymous"] == [False, True]
    assert changes["mobile"] == ["09121234567", ""]
    assert "consent_at" not in changes


def test_recognitions_are_recorded_and_refused_in_the_future(secretary, donor, today):
    recognition = registry.add_recognition(
        donor, by=secretary, date=today, title="لوح سپاس در جشنواره خیرین", given_by="استاندار"
    )
    assert recognition.recorded_by == secretary
    assert AuditEntry.objects.get(action="donor.recognition").changes["title"] == "لوح سپاس در جشنواره خیرین"
    errors = _errors(
        lambda: registry.add_recognition(donor, by=secretary, date=today + dt.timedelta(days=2), title="")
    )
    assert errors == {
        "title": ["Enter what the recognition was."],
        "date": ["A recognition is recorded after it was given; the date is in the future."],
    }
    assert Recognition.objects.count() == 1


def test_past_contributions_add_verified_pledges_to_prior_giving(donor, pledge, approved_need, secretary):
    donor.prior_giving = 30_000_000
    donor.save()
    Pledge.objects.create(
        donor=donor,
        body=donor.body,
        need=approved_need,
        value=70_000_000,
        delivered_value=60_000_000,
        state=Pledge.State.VERIFIED,
    )
    Pledge.objects.create(
        donor=donor,
        body=donor.body,
        need=approved_need,
        value=10_000_000,
        delivered_value=10_000_000,
        state=Pledge.State.DELIVERED,
    )
    assert registry.past_contributions(donor) == {
        "prior": 30_000_000,
        "verified": 60_000_000,
        "total": 90_000_000,
    }


# Anonymity and privacy


def test_anonymous_name_is_shown_to_the_secretariat_and_the_donor_only(
    secretary, admin, viewer, officer, donor_user, other_donor, other_donor_user
):
    assert registry.donor_display_name(secretary, other_donor) == "مریم کاظمی"
    assert registry.donor_display_name(admin, other_donor) == "مریم کاظمی"
    assert registry.donor_display_name(other_donor_user, other_donor) == "مریم کاظمی"
    with translation.override("fa"):
        hidden = translation.gettext("Anonymous donor")
        for user in (viewer, officer, donor_user):
            assert registry.donor_display_name(user, other_donor) == hidden


def _list(client, **params) -> list[str]:
    response = client.get(reverse("participation:donor_list"), params)
    assert response.status_code == 200
    return [row["name"] for row in response.context["rows"]]


def test_donor_list_by_role(client_for, secretary, viewer, donor_user, outsider, officer, donor, other_donor):
    with translation.override("fa"):
        hidden = translation.gettext("Anonymous donor")
    assert _list(client_for(secretary)) == ["علی رضایی", "مریم کاظمی"]
    assert _list(client_for(viewer)) == ["علی رضایی", hidden]
    assert _list(client_for(donor_user)) == ["علی رضایی"]
    assert _list(client_for(outsider)) == []
    assert _list(client_for(officer)) == []


def test_search_never_reveals_an_anonymous_donor_or_personal_data(
    client_for, secretary, viewer, donor, other_donor
):
    assert _list(client_for(secretary), q="مريم") == ["مریم کاظمی"]
    assert _list(client_for(viewer), q="مريم") == []
    assert _list(client_for(secretary), q="۰۹۱۲۱۲۳۴۵۶۷") == ["علی رضایی"]
    assert _list(client_for(viewer), q="09121234567") == []
    assert _list(client_for(viewer), q="رضايي") == ["علی رضایی"]


def test_donor_page_hides_personal_data_and_anonymous_name_from_viewers(
    client_for, viewer, secretary, other_donor, donor
):
    other_donor.mobile = "09127654321"
    other_donor.save()
    page = (
        client_for(viewer).get(reverse("participation:donor_detail", args=[other_donor.pk])).content.decode()
    )
    assert "مریم کاظمی" not in page and "09127654321" not in page and "۰۹۱۲۷۶۵۴۳۲۱" not in page
    page = (
        client_for(secretary)
        .get(reverse("participation:donor_detail", args=[other_donor.pk]))
        .content.decode()
    )
    assert "مریم کاظمی" in page and "۰۹۱۲۷۶۵۴۳۲۱" in page
    response = client_for(viewer).get(reverse("participation:donor_detail", args=[donor.pk]))
    assert "علی رضایی" in response.content.decode() and not response.context["personal"]


def test_donor_user_sees_only_its_own_record(client_for, donor_user, donor, other_donor):
    client = client_for(donor_user)
    assert client.get(reverse("participation:donor_detail", args=[donor.pk])).status_code == 200
    assert client.get(reverse("participation:donor_detail", args=[other_donor.pk])).status_code == 404


# Pages


def test_create_page_registers_and_puts_identifier_errors_on_their_fields(client_for, secretary, body):
    client = client_for(secretary)
    url = reverse("participation:donor_create")
    data = {
        "body": body.pk,
        "kind": "person",
        "name": "نرگس نوری",
        "national_id": "2914177764",
        "consent": "on",
    }
    response = client.post(url, data)
    with translation.override("fa"):
        expected = translation.gettext("This national ID is not valid: its check digit does not match.")
    assert response.context["form"].errors["national_id"] == [expected]
    data["national_id"] = NATIONAL_ID
    response = client.post(url, data)
    donor = Donor.objects.get(name="نرگس نوری")
    assert response["Location"] == reverse("participation:donor_detail", args=[donor.pk])


def test_edit_and_recognition_pages(client_for, secretary, donor):
    client = client_for(secretary)
    response = client.post(
        reverse("participation:donor_edit", args=[donor.pk]),
        {
            "kind": "person",
            "name": "علی رضایی",
            "national_id": donor.national_id,
            "prior_giving": "۱۰۰۰",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    donor.refresh_from_db()
    assert donor.prior_giving == 1000
    url = reverse("participation:donor_recognition_add", args=[donor.pk])
    response = client.post(url, {"date": "۱۴۰۳/۰۱/۰۱", "title": ""})
    assert response.status_code == 200 and "title" in response.context["recognition_form"].errors
    client.post(url, {"date": "۱۴۰۳/۰۱/۰۱", "title": "تقدیرنامه"})
    assert donor.recognitions.get().date == dt.date(2024, 3, 20)
