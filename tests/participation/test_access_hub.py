"""The participation hub: every signed-in role reaches it and sees counts of what it may see only."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "participation:hub"


def test_signed_out_visitor_is_sent_to_log_in():
    response = Client().get(reverse(URL))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role, proposed",
    [("admin", 1), ("secretary", 1), ("viewer", 1), ("officer", 1), ("other_officer", 0), ("outsider", 0)],
)
def test_counts_only_what_the_user_sees(request, client_for, need, role, proposed):
    response = client_for(request.getfixturevalue(role)).get(reverse(URL))
    assert response.status_code == 200
    assert response.context["needs"]["proposed"] == proposed


def test_donor_counts_its_own_pledges_only(client_for, pledge, other_donor_user, donor_user):
    assert client_for(donor_user).get(reverse(URL)).context["pledges"]["live"] == 1
    assert client_for(other_donor_user).get(reverse(URL)).context["pledges"]["live"] == 0


def test_matching_link_only_for_the_secretariat(client_for, secretary, viewer):
    matching = reverse("participation:matching")
    assert matching in client_for(secretary).get(reverse(URL)).content.decode()
    assert matching not in client_for(viewer).get(reverse(URL)).content.decode()
