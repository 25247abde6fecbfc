"""Every page of the calls for achievements reports × every role of the cast.

The list is open to every signed-in user (empty for those outside); a call is seen by its body's
secretariat and viewers and by the users of the NGOs asked; only the secretariat (or an administrator)
opens and closes calls; whoever is outside gets 404 and never the data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hamafza.audit.models import AuditEntry
from hamafza.participation.models import AchievementCall
from hamafza.participation.services import achievements

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretary", "officer", "other_officer", "viewer", "outsider", "ngo_officer", "donor_user"]


def by_role(default, **overrides) -> dict:
    return {**dict.fromkeys(ROLES, default), **overrides}


EVERYONE = by_role(200)
SEES_CALL = by_role(404, admin=200, secretary=200, viewer=200, ngo_officer=200)
OPENS = by_role(404, admin=200, secretary=200, viewer=403)
CLOSES = by_role(404, admin=302, secretary=302, viewer=403, ngo_officer=403)
ANSWERS = by_role(404, ngo_officer=200)

PAGES = {
    # name: (method, url name, with the call's pk, query string, data, expected by role)
    "achievement_calls": ("get", "participation:achievement_calls", False, "", None, EVERYONE),
    "achievement_call": ("get", "participation:achievement_call", True, "", None, SEES_CALL),
    "achievement_call_create": ("get", "participation:achievement_call_create", False, "", None, OPENS),
    "achievement_call_close": ("post", "participation:achievement_call_close", True, "", {}, CLOSES),
    "answer": ("get", "participation:achievement_submit", False, "?call={pk}", None, ANSWERS),
}


@pytest.fixture
def call(body, secretary, ngo, ngo_officer, today):
    return achievements.open_call(
        body,
        by=secretary,
        title="گزارش عملکرد",
        period_start=today - dt.timedelta(days=90),
        period_end=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=10),
        ngos=[ngo],
    )


def _url(page, call) -> str:
    _method, name, with_pk, query, _data, _expected = PAGES[page]
    return reverse(name, args=[call.pk] if with_pk else []) + query.format(pk=call.pk)


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize("page, role", CASES, ids=[f"{page}-{role}" for page, role in CASES])
def test_page_by_role(request, client_for, call, page, role):
    method, _name, _pk, _query, data, expected = PAGES[page]
    client = client_for(request.getfixturevalue(role))
    url = _url(page, call)
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[role]


@pytest.mark.parametrize("page", list(PAGES))
def test_signed_out_visitor_is_sent_to_log_in(call, page):
    method, _name, _pk, _query, data, _expected = PAGES[page]
    url = _url(page, call)
    response = Client().post(url, data) if method == "post" else Client().get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["officer", "other_officer", "outsider", "donor_user"])
def test_outsider_lists_are_empty(request, client_for, call, role):
    response = client_for(request.getfixturevalue(role)).get(reverse("participation:achievement_calls"))
    assert response.context["rows"] == [] and call.title not in response.content.decode()


def test_refused_posts_change_nothing(client_for, call, viewer, ngo_officer, outsider):
    url = reverse("participation:achievement_call_close", args=[call.pk])
    for user in (viewer, ngo_officer, outsider):
        client_for(user).post(url)
    call.refresh_from_db()
    assert not call.is_closed
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["achievement_call.open"]
    assert AchievementCall.objects.count() == 1
