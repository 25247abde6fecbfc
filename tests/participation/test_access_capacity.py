"""Every page of the capacities (hamafza/participation/views/capacity.py) × every role of the cast.

Capacities and coverage are readable by every signed-in user, the outsider included (an officer of an
organisation in another province, who records its own organisation's capacities); a capacity is changed
only by its organisation's officers and administrators: anyone of another organisation gets a 404, a user
of the same organisation who is not an officer a 403. Signed-out visitors are sent to the login page.
"""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.accounts.models import User
from hamafza.participation.models import Capacity, ServiceKind
from hamafza.participation.services.capacity import save_capacity
from hamafza.participation.services.taxonomy import load_services
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "officer", "police_clerk", "other_officer", "viewer", "outsider"]

READ = dict.fromkeys(ROLES, 200)
# Recording a capacity: administrators and any organisation's officers (for their own organisation).
ADD = {**READ, "secretary": 403, "police_clerk": 403, "viewer": 403}
# The police's capacity.
EDIT = {
    "admin": 200,
    "officer": 200,
    "police_clerk": 403,
    "secretary": 404,
    "other_officer": 404,
    "viewer": 404,
    "outsider": 404,
}
REMOVE = {**EDIT, "admin": 302, "officer": 302}

PAGES = {
    # name: (method, url name, with the capacity's pk, query, expected by role)
    "list": ("get", "participation:capacity_list", False, {}, READ),
    "export": ("get", "participation:capacity_export", False, {}, READ),
    "coverage": ("get", "participation:coverage", False, {}, READ),
    "coverage_all": ("get", "participation:coverage", False, {"rows": "all"}, READ),
    "coverage_xlsx": ("get", "participation:coverage_export", False, {"format": "xlsx"}, READ),
    "coverage_csv": ("get", "participation:coverage_export", False, {"format": "csv"}, READ),
    "add": ("get", "participation:capacity_add", False, {}, ADD),
    "edit": ("get", "participation:capacity_edit", True, {}, EDIT),
    "remove": ("post", "participation:capacity_remove", True, {}, REMOVE),
}


@pytest.fixture
def police_clerk(police):
    return User.objects.create_user(username="police_clerk", password=PASSWORD, organization=police)


@pytest.fixture
def capacity(police, officer, neighbourhood):
    load_services()
    return save_capacity(
        police,
        by=officer,
        service=ServiceKind.objects.get(code="counselling"),
        region=neighbourhood,
        amount=20,
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGES))
def test_page_access(page, role, request, capacity, client_for, other_neighbourhood):
    method, name, with_pk, query, expected = PAGES[page]
    user = request.getfixturevalue(role)
    url = reverse(name, args=[capacity.pk] if with_pk else [])
    client = client_for(user)
    response = client.post(url, query) if method == "post" else client.get(url, query)
    assert response.status_code == expected[role], f"{page} as {role}"
    removed = not Capacity.objects.filter(pk=capacity.pk).exists()
    assert removed == (page == "remove" and expected[role] == 302)


@pytest.mark.parametrize("page", list(PAGES))
def test_signed_out_visitors_go_to_the_login_page(page, capacity):
    method, name, with_pk, query, _expected = PAGES[page]
    url = reverse(name, args=[capacity.pk] if with_pk else [])
    response = getattr(Client(), method)(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Capacity.objects.filter(pk=capacity.pk).exists()


def test_changing_someone_elses_capacity_changes_nothing(capacity, client_for, other_officer, police_clerk):
    data = {"service": capacity.service_id, "region": capacity.region_id, "amount": "999"}
    url = reverse("participation:capacity_edit", args=[capacity.pk])
    assert client_for(other_officer).post(url, data).status_code == 404
    assert client_for(police_clerk).post(url, data).status_code == 403
    assert client_for(police_clerk).post(reverse("participation:capacity_add"), data).status_code == 403
    capacity.refresh_from_db()
    assert capacity.amount == 20
    assert Capacity.objects.count() == 1


def test_removing_takes_a_post(capacity, client_for, officer):
    url = reverse("participation:capacity_remove", args=[capacity.pk])
    assert client_for(officer).get(url).status_code == 405
    assert (
        client_for(officer).get(reverse("participation:capacity_edit", args=[capacity.pk + 999])).status_code
        == 404
    )


def test_unknown_export_format_is_not_found(client_for, viewer):
    assert (
        client_for(viewer).get(reverse("participation:coverage_export"), {"format": "pdf"}).status_code == 404
    )
