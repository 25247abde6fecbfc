"""The public pages from every side: anyone reaches the list and an approved open need, signed in or not;
every other need is a 404 to everyone, an administrator included; the offer is a POST only."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin", "secretary", "officer", "other_officer", "viewer", "outsider", "donor_user"]


@pytest.fixture
def client_as(request, client_for):
    def make(role):
        return Client() if role == "anonymous" else client_for(request.getfixturevalue(role))

    return make


@pytest.fixture
def proposed(body, police, neighbourhood):
    from hamafza.participation.models import Need

    return Need.objects.create(
        body=body,
        organization=police,
        region=neighbourhood,
        category="equipment",
        title="نیاز هنوز تأییدنشده",
        justification="-",
        estimated_cost=1_000,
    )


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client_as, role, approved_need, proposed):
    client = client_as(role)
    expected = [
        ("participation:public", [], "get", 200),
        ("participation:public_need", [approved_need.pk], "get", 200),
        ("participation:public_need", [proposed.pk], "get", 404),
        ("participation:public_offer", [approved_need.pk], "get", 405),
        ("participation:public_offer", [proposed.pk], "post", 404),
        ("participation:public_thanks", [], "get", 302),  # nothing to thank for: back to the list
    ]
    for name, args, method, status in expected:
        response = getattr(client, method)(reverse(name, args=args))
        assert response.status_code == status, (name, args, method)
    listed = {n.pk for n in client.get(reverse("participation:public")).context["page"].object_list}
    assert listed == {approved_need.pk}
