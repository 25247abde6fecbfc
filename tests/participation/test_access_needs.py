"""Every page of the needs (hamafza/participation/views/needs.py) × every role, on a need of the police."""

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.participation.models import Need

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "officer", "other_officer", "viewer", "outsider", "donor_user"]

EVERYONE = dict.fromkeys(ROLES, 200)
# The police's need: its agency and the body's readers see it; welfare, outsiders and donors get 404.
SEES_NEED = {
    "admin": 200,
    "secretary": 200,
    "officer": 200,
    "viewer": 200,
    "other_officer": 404,
    "outsider": 404,
    "donor_user": 404,
}
EDITS_PROPOSED = {**SEES_NEED, "viewer": 403}
# Proposing: every member agency's officer and the secretariat; the viewer reads only; others know nothing.
PROPOSES = {**EVERYONE, "viewer": 403, "outsider": 404, "donor_user": 404}
SECRETARIAT_POST = {
    "admin": 302,
    "secretary": 302,
    "officer": 403,
    "viewer": 403,
    "other_officer": 404,
    "outsider": 404,
    "donor_user": 404,
}
WITHDRAW_POST = {**SECRETARIAT_POST, "officer": 302}
# Recomputing works on a body: who does not read the body does not learn of it.
BODY_POST = {**SECRETARIAT_POST, "officer": 404}

PAGES = {
    # name: (method, url name, whose pk, data, expected by role)
    "need_list": ("get", "participation:need_list", None, None, EVERYONE),
    "need_create": ("get", "participation:need_create", None, None, PROPOSES),
    "need_detail": ("get", "participation:need_detail", "need", None, SEES_NEED),
    "need_edit": ("get", "participation:need_edit", "need", None, EDITS_PROPOSED),
    "need_approve": ("post", "participation:need_approve", "need", {}, SECRETARIAT_POST),
    "need_reject": ("post", "participation:need_reject", "need", {"reason": "x"}, SECRETARIAT_POST),
    "need_withdraw": ("post", "participation:need_withdraw", "need", {"reason": "x"}, WITHDRAW_POST),
    "need_priority": (
        "post",
        "participation:need_priority",
        "need",
        {"priority": "80", "reason": "x"},
        SECRETARIAT_POST,
    ),
    "need_mark_met": (
        "post",
        "participation:need_mark_met",
        "approved_need",
        {"note": "x"},
        SECRETARIAT_POST,
    ),
    "need_recompute": ("post", "participation:need_recompute", "body", {}, BODY_POST),
}


@pytest.fixture
def world(admin, secretary, officer, other_officer, viewer, outsider, donor_user, body, need):
    approved = Need.objects.create(
        body=body,
        organization=need.organization,
        region=need.region,
        category="equipment",
        title="بی‌سیم",
        justification="ارتباط گشت‌ها",
        estimated_cost=90_000_000,
        state=Need.State.APPROVED,
    )
    return {"need": need, "approved_need": approved, "body": body}


def _request(client: Client, world: dict, page: str):
    method, name, obj, data, _expected = PAGES[page]
    url = reverse(name, args=[world[obj].pk] if obj else [])
    return getattr(client, method)(url, data or {})


def test_every_page_is_in_the_matrix():
    from hamafza.participation.urls import urlpatterns
    from hamafza.participation.views import needs

    names = {p.name for p in urlpatterns if p.callback.__module__ == needs.__name__}
    assert names == {name.split(":")[1] for _m, name, *_rest in PAGES.values()}


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


def test_refused_posts_change_nothing(
    client_for, world, officer, other_officer, viewer, outsider, donor_user
):
    for user in (officer, other_officer, viewer, outsider, donor_user):
        client = client_for(user)
        for page in ("need_approve", "need_reject", "need_priority", "need_mark_met"):
            _request(client, world, page)
    for user in (other_officer, viewer, outsider, donor_user):
        _request(client_for(user), world, "need_withdraw")
    need, approved = (Need.objects.get(pk=world[k].pk) for k in ("need", "approved_need"))
    assert (need.state, need.priority_override) == (Need.State.PROPOSED, None)
    assert approved.state == Need.State.APPROVED


def test_the_agency_may_not_edit_once_approved(client_for, world, officer, secretary):
    assert (
        client_for(officer)
        .get(reverse("participation:need_edit", args=[world["approved_need"].pk]))
        .status_code
        == 403
    )
    assert (
        client_for(secretary)
        .get(reverse("participation:need_edit", args=[world["approved_need"].pk]))
        .status_code
        == 200
    )


@pytest.mark.parametrize("role", ["other_officer", "outsider", "donor_user"])
def test_the_list_shows_nothing_of_others(request, client_for, world, role):
    page = client_for(request.getfixturevalue(role)).get(reverse("participation:need_list")).content.decode()
    assert world["need"].title not in page and world["approved_need"].title not in page


@pytest.mark.parametrize("role", ["admin", "secretary", "officer", "viewer"])
def test_the_list_shows_the_need_to_its_readers(request, client_for, world, role):
    page = client_for(request.getfixturevalue(role)).get(reverse("participation:need_list")).content.decode()
    assert world["need"].title in page
