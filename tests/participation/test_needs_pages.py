"""The needs pages through the HTTP client: the list's filters, search, totals and query count; a need's
page; proposing, editing and the secretariat's decisions."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from hamafza.lib.jalali import format_jalali
from hamafza.participation.models import Need, Pledge
from hamafza.participation.services import needs as services

pytestmark = pytest.mark.django_db

LIST = "/participation/needs/"


def _need(body, organization, region, title, **extra):
    fields = {
        "category": "vehicle",
        "justification": "دلیل",
        "estimated_cost": 100_000_000,
        "state": Need.State.APPROVED,
        **extra,
    }
    return Need.objects.create(body=body, organization=organization, region=region, title=title, **fields)


def _titles(response) -> list[str]:
    """The titles of the list's rows, in order."""
    html = response.content.decode()
    table = html[html.index('id="needs"') :]
    return re.findall(r'href="/participation/needs/\d+/">([^<]+)</a>', table)


@pytest.fixture
def many(body, police, welfare, neighbourhood, other_neighbourhood, city):
    return {
        "car": _need(body, police, neighbourhood, "خودروی گشت", priority_computed=60, value_met=40_000_000),
        "counsellor": _need(
            body,
            welfare,
            other_neighbourhood,
            "مشاور مدرسه",
            category="volunteering",
            priority_computed=80,
            estimated_cost=30_000_000,
        ),
        "camera": _need(
            body,
            police,
            city,
            "دوربین‌های پارک",
            category="equipment",
            priority_computed=20,
            priority_override=90,
        ),
        "old": _need(
            body, None, neighbourhood, "نیاز پیشنهادی", state=Need.State.PROPOSED, priority_computed=99
        ),
    }


def test_list_sorted_by_priority_with_the_override_first(client_for, secretary, many):
    response = client_for(secretary).get(LIST)
    assert _titles(response) == ["نیاز پیشنهادی", "دوربین‌های پارک", "مشاور مدرسه", "خودروی گشت"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"state": "proposed"}, ["نیاز پیشنهادی"]),
        ({"category": "material"}, ["نیاز پیشنهادی", "دوربین‌های پارک", "خودروی گشت"]),
        ({"category": "non_material"}, ["مشاور مدرسه"]),
        ({"category": "equipment"}, ["دوربین‌های پارک"]),
        ({"state": "approved", "category": "material"}, ["دوربین‌های پارک", "خودروی گشت"]),
        # Arabic ي and ك, no ZWNJ: still found.
        ({"q": "دوربينهاي"}, ["دوربین‌های پارک"]),
        ({"q": "مشاور مدرسه"}, ["مشاور مدرسه"]),
        ({"q": "موشک"}, []),
    ],
)
def test_list_filters(client_for, secretary, many, query, titles):
    assert _titles(client_for(secretary).get(LIST, query)) == titles


def test_region_filter_takes_the_region_and_what_lies_in_it(client_for, secretary, many, neighbourhood, city):
    client = client_for(secretary)
    assert _titles(client.get(LIST, {"region": neighbourhood.pk})) == ["نیاز پیشنهادی", "خودروی گشت"]
    assert len(_titles(client.get(LIST, {"region": city.pk}))) == 4


def test_body_filter(client_for, admin, many, body, province, governorate):
    from hamafza.meetings.models import Body

    other = Body.objects.create(
        name="شورای تأمین", kind="working_group", region=province, secretariat=governorate
    )
    _need(other, None, many["car"].region, "نیاز شورای تأمین")
    client = client_for(admin)
    assert _titles(client.get(LIST, {"body": other.pk})) == ["نیاز شورای تأمین"]
    assert "نیاز شورای تأمین" not in _titles(client.get(LIST, {"body": body.pk}))
    # A bad filter value is ignored, not an error.
    assert len(_titles(client.get(LIST, {"body": "x", "state": "approved"}))) == 4


def test_list_totals(client_for, secretary, many):
    html = client_for(secretary).get(LIST, {"state": "approved"}).content.decode()
    totals = html[html.index('id="need-totals"') : html.index('id="needs"')]
    # Three approved needs: 100,000,000 × 2 + 30,000,000 estimated; 40,000,000 met.
    assert "۲۳۰٬۰۰۰٬۰۰۰" in totals or "۲۳۰,۰۰۰,۰۰۰" in totals
    assert "۴۰٬۰۰۰٬۰۰۰" in totals or "۴۰,۰۰۰,۰۰۰" in totals
    assert '<span class="n">۳</span>' in totals


def test_the_agency_lists_only_its_needs(client_for, officer, other_officer, many):
    assert _titles(client_for(officer).get(LIST)) == ["دوربین‌های پارک", "خودروی گشت"]
    assert _titles(client_for(other_officer).get(LIST)) == ["مشاور مدرسه"]


def test_pagination_keeps_the_filters(client_for, secretary, body, police, neighbourhood):
    for i in range(55):
        _need(body, police, neighbourhood, f"نیاز {i}", priority_computed=i)
    client = client_for(secretary)
    first = client.get(LIST, {"state": "approved"})
    assert len(_titles(first)) == 50
    assert 'href="?state=approved&amp;page=2"' in first.content.decode()
    second = client.get(LIST, {"state": "approved", "page": 2})
    assert len(_titles(second)) == 5


def test_list_query_count(client_for, secretary, body, police, neighbourhood, django_assert_num_queries):
    for i in range(30):
        _need(body, police, neighbourhood, f"نیاز {i}")
    client = client_for(secretary)
    # * the session, * the user
    # * the user's bodies (needs_for_user), * the filter's regions, * the filter's bodies,
    # * the filter's organisations
    # * the user's secretariat bodies (the recompute buttons, proposing)
    # * the totals (count, estimated cost, value met), * the paginator's count
    # * may the user propose (one EXISTS), * the page of needs with body, agency and region
    # * base.html: unread notifications, the user's organisation
    with django_assert_num_queries(13):
        response = client.get(LIST, {"state": "approved", "q": "نیاز"})
    assert len(_titles(response)) == 30


# --- a need's page --------------------------------------------------------------------------------------


def test_need_page_shows_the_breakdown_and_the_override(
    client_for, secretary, officer, body, police, neighbourhood
):
    need = services.propose_need(
        by=officer,
        body=body,
        organization=police,
        region=neighbourhood,
        category="vehicle",
        title="خودروی گشت",
        justification="گشت شبانه",
        estimated_cost=500_000_000,
        urgency=Need.Urgency.HIGH,
    )
    services.set_priority(need, by=secretary, priority=90, reason="دستور شورای تأمین")
    with translation.override("fa"):
        html = client_for(officer).get(f"/participation/needs/{need.pk}/").content.decode()
        said = translation.gettext(
            "No saved atlas assessment ranks this place; it is (or holds) a target neighbourhood."
        )
    breakdown = html[html.index('id="priority-parts"') :]
    assert said in breakdown
    assert "۵۰٫۰" in breakdown or "۵۰.۰" in breakdown  # the rank's points: 1 × 0.5 × 100
    assert "۷۶٫۵" in breakdown or "۷۶.۵" in breakdown  # the computed priority
    assert "دستور شورای تأمین" in html[html.index('id="priority-override"') :]
    # The agency reads but does not decide.
    assert 'id="need-decisions"' in html  # it may withdraw its own need
    assert "need_approve" not in html and f"/participation/needs/{need.pk}/approve/" not in html


def test_need_page_history_and_pledges(
    client_for, secretary, officer, approved_need, donor, other_donor, body
):
    Pledge.objects.create(donor=donor, body=body, need=approved_need, value=100_000_000)
    Pledge.objects.create(donor=other_donor, body=body, need=approved_need, value=50_000_000)
    services.set_priority(approved_need, by=secretary, priority=70, reason="فوری")
    url = f"/participation/needs/{approved_need.pk}/"
    for_secretary = client_for(secretary).get(url).content.decode()
    pledges = for_secretary[
        for_secretary.index('id="need-pledges"') : for_secretary.index('id="need-history"')
    ]
    assert donor.name in pledges and other_donor.name in pledges
    from hamafza.audit.labels import action_label

    with translation.override("fa"):
        label = action_label("need.priority.set")
        page = client_for(officer).get(url).content.decode()
    assert escape(label) in page[page.index('id="need-history"') :]
    # The anonymous donor's name is hidden from the agency.
    pledges = page[page.index('id="need-pledges"') : page.index('id="need-history"')]
    assert donor.name in pledges and other_donor.name not in pledges
    with translation.override("fa"):
        assert translation.gettext("Anonymous donor") in pledges


# --- proposing and editing ------------------------------------------------------------------------------


def _form(body, police, neighbourhood, today, **extra):
    return {
        "body": body.pk,
        "organization": police.pk,
        "region": neighbourhood.pk,
        "category": "vehicle",
        "title": "موتورسیکلت گشت",
        "justification": "گشت در کوچه‌های باریک",
        "quantity": "2",
        "unit": "دستگاه",
        "estimated_cost": "۳۰۰۰۰۰۰۰۰",
        "deadline": format_jalali(today + dt.timedelta(days=40)),
        "urgency": "3",
        **extra,
    }


def test_officer_proposes_through_the_form(
    client_for, officer, secretary, body, police, neighbourhood, today
):
    response = client_for(officer).post(
        reverse("participation:need_create"), _form(body, police, neighbourhood, today)
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/participation/needs/{need.pk}/"
    assert (need.estimated_cost, need.deadline, need.quantity, need.created_by) == (
        300_000_000,
        today + dt.timedelta(days=40),
        2,
        officer,
    )
    assert need.priority_computed > 0


def test_the_form_shows_the_services_refusal(
    client_for, officer, body, police, welfare, neighbourhood, today
):
    client = client_for(officer)
    past = _form(body, police, neighbourhood, today, deadline=format_jalali(today - dt.timedelta(days=2)))
    response = client.post(reverse("participation:need_create"), past)
    assert response.status_code == 200 and not Need.objects.exists()
    with translation.override("fa"):
        assert (
            translation.gettext("The date it is needed by has already passed.") in response.content.decode()
        )
    # Another agency is not among the officer's choices.
    response = client.post(reverse("participation:need_create"), _form(body, welfare, neighbourhood, today))
    assert response.status_code == 200 and not Need.objects.exists()


def test_secretariat_proposes_a_neighbourhoods_need(
    client_for, secretary, body, police, neighbourhood, today
):
    data = _form(body, police, neighbourhood, today, organization="")
    response = client_for(secretary).post(reverse("participation:need_create"), data)
    assert response.status_code == 302
    assert Need.objects.get().organization is None


def test_edit_through_the_form(client_for, officer, need, today):
    url = reverse("participation:need_edit", args=[need.pk])
    page = client_for(officer).get(url).content.decode()
    assert need.title in page and 'name="organization"' not in page
    data = {
        "region": need.region_id,
        "category": "equipment",
        "title": "بی‌سیم",
        "justification": need.justification,
        "quantity": "1",
        "estimated_cost": "۴۰۰۰۰۰۰۰",
        "deadline": format_jalali(need.deadline),
        "urgency": "2",
    }
    assert client_for(officer).post(url, data).status_code == 302
    need.refresh_from_db()
    assert (need.title, need.category, need.estimated_cost, need.urgency) == (
        "بی‌سیم",
        "equipment",
        40_000_000,
        2,
    )


# --- the secretariat's decisions ------------------------------------------------------------------------


def _post(client, name, need, data=None):
    return client.post(reverse(f"participation:{name}", args=[need.pk]), data or {}, follow=True)


def test_decisions_through_the_pages(client_for, secretary, need):
    client = client_for(secretary)
    _post(client, "need_approve", need, {"note": "تأیید شد"})
    need.refresh_from_db()
    assert need.state == Need.State.APPROVED
    _post(client, "need_priority", need, {"priority": "۸۵", "reason": "دستور استاندار"})
    need.refresh_from_db()
    assert (need.priority_override, need.priority_reason) == (85, "دستور استاندار")
    _post(client, "need_priority", need, {"clear": "1"})
    need.refresh_from_db()
    assert need.priority_override is None
    _post(client, "need_mark_met", need, {"note": "اهدای خودرو توسط شهرداری"})
    need.refresh_from_db()
    assert (need.state, need.met_by_hand) == (Need.State.MET, True)


def test_refusals_come_back_as_messages(client_for, secretary, need):
    client = client_for(secretary)
    response = _post(client, "need_reject", need, {"reason": ""})
    with translation.override("fa"):
        assert translation.gettext("Say why the need is not approved.") in response.content.decode()
    response = _post(client, "need_priority", need, {"priority": "۱۵۰", "reason": "x"})
    with translation.override("fa"):
        assert translation.gettext("The priority must be between 0 and 100.") in response.content.decode()
    need.refresh_from_db()
    assert (need.state, need.priority_override) == (Need.State.PROPOSED, None)


def test_reject_and_withdraw_through_the_pages(client_for, secretary, officer, need, approved_need):
    # `need` and `approved_need` are the same row; make a second proposal to turn down.
    other = Need.objects.create(
        body=need.body,
        organization=need.organization,
        region=need.region,
        category="cash",
        title="هزینه تعمیر",
        justification="x",
        estimated_cost=10_000_000,
    )
    _post(client_for(secretary), "need_reject", other, {"reason": "تکراری"})
    _post(client_for(officer), "need_withdraw", approved_need, {"reason": "تأمین از بودجه داخلی"})
    assert Need.objects.get(pk=other.pk).state == Need.State.REJECTED
    assert Need.objects.get(pk=approved_need.pk).state == Need.State.WITHDRAWN


def test_recompute_through_the_page(client_for, secretary, body, need):
    response = client_for(secretary).post(reverse("participation:need_recompute", args=[body.pk]))
    assert response.status_code == 302 and response.headers["Location"] == f"{LIST}?body={body.pk}"
    need.refresh_from_db()
    assert need.priority_computed > 0 and need.priority_parts


def test_the_agency_sees_only_live_pledges_on_its_need(
    client_for, officer, secretary, approved_need, donor, body
):
    Pledge.objects.create(
        donor=donor, body=body, need=approved_need, value=77_000_000, state=Pledge.State.OFFERED
    )
    Pledge.objects.create(donor=donor, body=body, need=approved_need, value=66_000_000)
    url = f"/participation/needs/{approved_need.pk}/"

    def amounts(user):
        html = client_for(user).get(url).content.decode()
        return html[html.index('id="need-pledges"') : html.index('id="need-history"')]

    assert "۶۶٬۰۰۰٬۰۰۰" in amounts(officer) and "۷۷٬۰۰۰٬۰۰۰" not in amounts(officer)
    assert "۶۶٬۰۰۰٬۰۰۰" in amounts(secretary) and "۷۷٬۰۰۰٬۰۰۰" in amounts(secretary)
