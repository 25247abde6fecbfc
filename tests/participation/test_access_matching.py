"""Every matching page × every role of the cast.

The secretariat of the body (and a system administrator) runs matching. A body's viewer reads its work
but may not run matching: 403 on the matching page and on a need's donor ranking. A proposal is the
secretariat's working draft (nobody is told before a line is confirmed), so everyone else — viewers
included — gets 404 on a proposal and on its lines, as on a minutes import. The police officer sees the
police's need but not who might give to it: 403; whoever does not see the need: 404.
"""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.participation.models import AllocationLine, AllocationProposal, Pledge
from hamafza.participation.services import matching as services

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "viewer", "officer", "other_officer", "outsider", "donor_user"]

NOBODY_ELSE = {"viewer": 404, "officer": 404, "other_officer": 404, "outsider": 404, "donor_user": 404}
DONORS = {"admin": 200, "secretary": 200, **NOBODY_ELSE, "viewer": 403, "officer": 403}
HOME = {"admin": 200, "secretary": 200, **NOBODY_ELSE, "viewer": 403}
HOME_POST = {**HOME, "admin": 302, "secretary": 302}
DRAFT = {"admin": 200, "secretary": 200, **NOBODY_ELSE}
DRAFT_POST = {"admin": 302, "secretary": 302, **NOBODY_ELSE}

PAGES = {
    # name: (method, url name, which object's pk, data, expected by role)
    "need_donors": ("get", "participation:need_donors", "need", None, DONORS),
    "matching": ("get", "participation:matching", None, None, HOME),
    "matching_post": ("post", "participation:matching", None, {"body": ""}, HOME_POST),
    "proposal": ("get", "participation:proposal", "proposal", None, DRAFT),
    "proposal_confirm_all": ("post", "participation:proposal_confirm_all", "proposal", None, DRAFT_POST),
    "proposal_close": ("post", "participation:proposal_close", "proposal", None, DRAFT_POST),
    "line_confirm": ("post", "participation:line_confirm", "line", None, DRAFT_POST),
    "line_reject": ("post", "participation:line_reject", "line", None, DRAFT_POST),
}


@pytest.fixture
def world(body, approved_need, donor, other_donor, secretary):
    approved_need.priority_override = 70
    approved_need.save()
    Pledge.objects.create(donor=other_donor, body=body, value=300_000_000, created_by=secretary)
    proposal = services.propose_allocation(body, by=secretary)
    return {"need": approved_need, "proposal": proposal, "line": proposal.lines.get()}


def _request(client: Client, world: dict, page: str):
    method, name, obj, data, _expected = PAGES[page]
    url = reverse(name, args=[world[obj].pk] if obj else [])
    return getattr(client, method)(url, data or {})


def test_every_page_is_in_the_matrix():
    from hamafza.participation.urls import urlpatterns
    from hamafza.participation.views import matching

    names = {f"participation:{p.name}" for p in urlpatterns if p.callback.__module__ == matching.__name__}
    assert names == {name for _m, name, *_rest in PAGES.values()}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_access_matrix(request, client_for, world, page, role):
    response = _request(client_for(request.getfixturevalue(role)), world, page)
    assert response.status_code == PAGES[page][4][role]
    if response.status_code in (403, 404):
        html = response.content.decode()
        assert world["need"].title not in html
        assert "مریم کاظمی" not in html  # the anonymous donor of the general pledge


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client, world, page):
    response = _request(client, world, page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login") + "?next=")


def test_refused_posts_change_nothing(
    client_for, world, viewer, officer, other_officer, outsider, donor_user
):
    for user in (viewer, officer, other_officer, outsider, donor_user):
        for page in ("line_confirm", "proposal_confirm_all", "line_reject", "proposal_close"):
            _request(client_for(user), world, page)
        client_for(user).post(reverse("participation:matching"), {"body": world["need"].body_id})
    assert AllocationProposal.objects.get().state == AllocationProposal.State.PROPOSED
    assert AllocationLine.objects.get().state == AllocationLine.State.PROPOSED
    assert not Pledge.objects.filter(source=Pledge.Source.MATCHING).exists()
