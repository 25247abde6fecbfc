"""Every page of the pledges (hamafza/participation/views/pledges.py) × every role of the cast.

The objects: `pledge` (donor's, pledged to police's approved_need), `offer` (donor's, from the public page),
`general` (donor's, for a category and region, no need yet), `delivered` (donor's, delivered to the need
by the donor with a file, awaiting police's verification), `verified` (verified by police).
"""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.participation.models import Pledge, PledgeEvidence
from hamafza.participation.services import pledges as services
from hamafza.participation.services.common import UploadedFile

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "secretary",
    "officer",
    "other_officer",
    "viewer",
    "outsider",
    "donor_user",
    "other_donor_user",
]
PDF = UploadedFile("delivery.pdf", b"%PDF-1.4\n%delivery\n")

EVERYONE = dict.fromkeys(ROLES, 200)
NOBODY_ELSE = dict.fromkeys(ROLES, 404)
# the pledge to police's need: the body's people, police (the receiving agency) and the donor
SEES = {**NOBODY_ELSE, "admin": 200, "secretary": 200, "officer": 200, "viewer": 200, "donor_user": 200}
CREATES = {
    **NOBODY_ELSE,
    "admin": 200,
    "secretary": 200,
    "donor_user": 200,
    "other_donor_user": 200,
    "viewer": 403,
}
# POSTs whose form is refused: the user reaches the action and is sent back to the pledge
SECRETARIAT_POST = {**NOBODY_ELSE, "admin": 302, "secretary": 302, "viewer": 403, "donor_user": 403}
# a general pledge or an offer is not the agency's business yet: it does not see it
SECRETARIAT_POST_ON_LIVE = {**SECRETARIAT_POST, "officer": 403}
CANCEL_POST = {**SECRETARIAT_POST_ON_LIVE, "donor_user": 302}
DELIVER_POST = {**CANCEL_POST, "officer": 302}
VERIFY_POST = {
    **NOBODY_ELSE,
    "officer": 302,
    "admin": 403,
    "secretary": 403,
    "viewer": 403,
    "donor_user": 403,
}

PAGES = {
    # name: (method, url name, which object's pk, data, expected by role)
    "pledge_list": ("get", "participation:pledge_list", None, None, EVERYONE),
    "totals": ("get", "participation:totals", None, None, EVERYONE),
    "pledge_create": ("get", "participation:pledge_create", None, None, CREATES),
    "pledge_detail": ("get", "participation:pledge_detail", "pledge", None, SEES),
    "pledge_accept": ("post", "participation:pledge_accept", "offer", {"need": "x"}, SECRETARIAT_POST),
    "pledge_decline": ("post", "participation:pledge_decline", "offer", {"reason": ""}, SECRETARIAT_POST),
    "pledge_match": ("post", "participation:pledge_match", "offer", {"donor": ""}, SECRETARIAT_POST),
    "pledge_link": ("post", "participation:pledge_link", "general", {"need": ""}, SECRETARIAT_POST),
    "pledge_cancel": ("post", "participation:pledge_cancel", "pledge", {"reason": ""}, CANCEL_POST),
    "pledge_deliver": ("post", "participation:pledge_deliver", "pledge", {"value": ""}, DELIVER_POST),
    "pledge_verify": ("post", "participation:pledge_verify", "delivered", {"value": "x"}, VERIFY_POST),
    "pledge_reject": ("post", "participation:pledge_reject", "delivered", {"reason": ""}, VERIFY_POST),
    "pledge_evidence": ("get", "participation:pledge_evidence", "evidence", None, SEES),
    "pledge_receipt": ("get", "participation:pledge_receipt", "verified", None, SEES),
    "pledge_certificate": ("get", "participation:pledge_certificate", "verified", None, SEES),
}


@pytest.fixture
def world(pledge, donor, other_donor, body, approved_need, secretary, officer, donor_user, neighbourhood):
    def new(**kwargs):
        return services.record_pledge(by=secretary, donor=donor, body=body, kind="money", **kwargs)

    delivered = services.record_delivery(
        new(value=10_000_000, need=approved_need), by=donor_user, value=10_000_000, files=[PDF]
    )
    verified = services.record_delivery(
        new(value=20_000_000, need=approved_need), by=officer, value=20_000_000, files=[PDF]
    )
    return {
        "pledge": pledge,
        "offer": services.make_offer(donor=donor, body=body, value=5_000_000, kind="money"),
        "general": new(value=30_000_000, category="vehicle", region=neighbourhood),
        "delivered": delivered,
        "verified": verified,
        "evidence": PledgeEvidence.objects.get(pledge=delivered),
    }


def _request(client: Client, world: dict, page: str):
    method, name, obj, data, _expected = PAGES[page]
    url = reverse(name, args=[world[obj].pk] if obj else [])
    return getattr(client, method)(url, data or {})


def test_every_page_is_in_the_matrix():
    from hamafza.participation.urls import urlpatterns
    from hamafza.participation.views import pledges

    assert {p.name for p in urlpatterns if p.callback.__module__ == pledges.__name__} == set(PAGES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_access_matrix(request, client_for, world, page, role):
    response = _request(client_for(request.getfixturevalue(role)), world, page)
    assert response.status_code == PAGES[page][4][role]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client, world, page):
    response = _request(client, world, page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login") + "?next=")


def test_action_pages_refuse_get(client_for, world, secretary):
    client = client_for(secretary)
    for name in ("pledge_accept", "pledge_decline", "pledge_cancel", "pledge_deliver"):
        assert client.get(reverse(f"participation:{name}", args=[world["pledge"].pk])).status_code == 405


def test_refused_posts_change_nothing(request, client_for, world, approved_need):
    valid = {
        "pledge_accept": {"need": ""},
        "pledge_decline": {"reason": "نه"},
        "pledge_link": {"need": approved_need.pk},
        "pledge_cancel": {"reason": "انصراف"},
        "pledge_deliver": {"value": "1000"},
        "pledge_verify": {"value": ""},
        "pledge_reject": {"reason": "نرسید"},
    }
    before = dict(Pledge.objects.values_list("pk", "state"))
    for role in ROLES:
        for page, data in valid.items():
            expected = PAGES[page][4][role]
            if expected in (403, 404):
                method, name, obj, _data, _expected = PAGES[page]
                response = client_for(request.getfixturevalue(role)).post(
                    reverse(name, args=[world[obj].pk]), data
                )
                assert response.status_code == expected
    assert dict(Pledge.objects.values_list("pk", "state")) == before


def test_lists_show_each_user_only_its_pledges(
    client_for, world, donor_user, other_donor_user, officer, outsider
):
    def listed(user):
        return {p.pk for p in client_for(user).get(reverse("participation:pledge_list")).context["page"]}

    everything = set(Pledge.objects.values_list("pk", flat=True))
    assert listed(donor_user) == everything
    assert listed(other_donor_user) == set()
    assert listed(outsider) == set()
    # police: the live pledges to its need, not the offer nor the general pledge
    assert listed(officer) == everything - {world["offer"].pk, world["general"].pk}


@pytest.fixture
def anonymous_pledge(other_donor, body, approved_need, secretary, other_donor_user):
    pledge = services.record_pledge(
        by=secretary, donor=other_donor, body=body, value=7_000_000, kind="money", need=approved_need
    )
    return services.record_delivery(pledge, by=other_donor_user, value=7_000_000, files=[PDF])


@pytest.mark.parametrize(
    ("role", "named"),
    [("officer", False), ("viewer", False), ("secretary", True), ("admin", True), ("other_donor_user", True)],
)
def test_anonymous_donor_named_only_to_secretariat_admin_and_itself(
    request, client_for, anonymous_pledge, other_donor, role, named
):
    client = client_for(request.getfixturevalue(role))
    detail = client.get(reverse("participation:pledge_detail", args=[anonymous_pledge.pk])).content.decode()
    listing = client.get(reverse("participation:pledge_list")).content.decode()
    for html in (detail, listing):
        assert (other_donor.name in html) is named
    # the donor delivered it itself: its account name is not shown in the timeline either
    assert ("other_donor_user" in detail) is named


def test_agency_filter_by_need_and_state(client_for, world, secretary, approved_need):
    client = client_for(secretary)
    response = client.get(reverse("participation:pledge_list"), {"state": "delivered"})
    assert [p.pk for p in response.context["page"]] == [world["delivered"].pk]
    response = client.get(reverse("participation:pledge_list"), {"need": approved_need.pk, "kind": "money"})
    assert {p.pk for p in response.context["page"]} == {
        world[k].pk for k in ("pledge", "delivered", "verified")
    }
