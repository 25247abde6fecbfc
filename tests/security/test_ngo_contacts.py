"""An NGO's e-mail, phone and contact people (issue 12's review: shown to every signed-in user, private
donors included). Now only administrators, a body's secretariat, the NGO's own users and an agency with a
live pledge from the NGO see them; everyone else reads the NGO without them — on its page, in the API and
in the exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hamafza.lib.persian import to_persian_digits
from hamafza.participation.models import Capacity, Contact, Donor, Pledge, ServiceKind

pytestmark = pytest.mark.django_db

SECRETS = ["ngo-office@example.org", "02133334444", "زهرا محمدی", "09351112233", "zahra@example.org"]
SEEING = ["admin", "secretary", "ngo_officer", "officer"]
NOT_SEEING = ["viewer", "other_officer", "outsider", "donor_user"]


@pytest.fixture
def ngo_with_contacts(ngo, ngo_profile, body):
    ngo.email, ngo.phone = SECRETS[0], SECRETS[1]
    ngo.save()
    Contact.objects.create(
        organization=ngo, name=SECRETS[2], role="مدیرعامل", mobile=SECRETS[3], email=SECRETS[4]
    )
    return ngo


@pytest.fixture
def partnership(ngo_with_contacts, body, approved_need, secretary):
    """The NGO, as a donor, pledged to the police's need: the police's users see its contacts."""
    donor = Donor.objects.create(
        kind=Donor.Kind.CHARITY, name="انجمن", body=body, organization=ngo_with_contacts
    )
    return Pledge.objects.create(
        donor=donor,
        body=body,
        need=approved_need,
        kind=Pledge.Kind.MONEY,
        value=1_000_000,
        created_by=secretary,
    )


def _shown(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text or to_persian_digits(secret) in text]


@pytest.mark.parametrize("role", SEEING + NOT_SEEING)
def test_the_ngo_page_shows_contacts_only_to_those_who_need_them(role, request, client_for, partnership):
    ngo = partnership.donor.organization
    response = client_for(request.getfixturevalue(role)).get(
        reverse("participation:ngo_detail", args=[ngo.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert ngo.name in page  # the NGO itself stays readable
    assert _shown(page) == (SECRETS if role in SEEING else [])


@pytest.mark.parametrize("role", SEEING + NOT_SEEING)
def test_the_organizations_api_shows_contacts_only_to_those_who_need_them(
    role, request, client_for, partnership
):
    ngo = partnership.donor.organization
    client = client_for(request.getfixturevalue(role))
    detail = client.get(f"/api/organizations/{ngo.pk}/").json()
    listed = [
        row for row in client.get("/api/organizations/?kind=ngo").json()["results"] if row["id"] == ngo.pk
    ]
    for row in (detail, *listed):
        expected = (SECRETS[0], SECRETS[1]) if role in SEEING else ("", "")
        assert (row["email"], row["phone"]) == expected
    assert len(listed) == 1


def test_an_agencys_contacts_stay_public(client_for, viewer, police):
    police.email, police.phone = "police@example.org", "110"
    police.save()
    row = client_for(viewer).get(f"/api/organizations/{police.pk}/").json()
    assert (row["email"], row["phone"]) == ("police@example.org", "110")


def test_a_pledge_that_ended_gives_no_access(client_for, officer, partnership):
    partnership.state = Pledge.State.CANCELLED
    partnership.save()
    ngo = partnership.donor.organization
    page = client_for(officer).get(reverse("participation:ngo_detail", args=[ngo.pk])).content.decode()
    assert _shown(page) == []
    assert client_for(officer).get(f"/api/organizations/{ngo.pk}/").json()["email"] == ""


@pytest.mark.parametrize("role", NOT_SEEING)
def test_exports_carry_no_contacts(role, request, client_for, partnership, neighbourhood):
    ngo = partnership.donor.organization
    service = ServiceKind.objects.create(
        code="test-library", name="کتابخانه", name_en="Library", unit="places"
    )
    Capacity.objects.create(organization=ngo, service=service, region=neighbourhood, amount=1)
    response = client_for(request.getfixturevalue(role)).get(reverse("participation:capacity_export"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    cells = " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )
    assert ngo.name in cells
    assert _shown(cells) == []
