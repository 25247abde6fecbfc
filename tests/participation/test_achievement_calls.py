"""Calls for achievements reports: the body's secretariat asks NGOs (by default its NGO members) for their
reports of a period by a deadline; the NGOs asked are told, answer once each, and the call shows who has
not answered and who is overdue. Every state change audited, every refusal leaves things as they were."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hamafza.accounts.models import Notification, User
from hamafza.audit.models import AuditEntry
from hamafza.lib.jalali import format_jalali
from hamafza.meetings.models import Body
from hamafza.orgs.models import Organization
from hamafza.participation.models import AchievementCall, AchievementReport
from hamafza.participation.services import achievements
from hamafza.participation.services.common import ParticipationError
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _ngo(name, region, username=None):
    org = Organization.objects.create(name=name, region=region, kind="ngo", sector="relief")
    user = None
    if username:
        user = User.objects.create_user(
            username=username, password=PASSWORD, organization=org, is_officer=True, email=f"{username}@x.org"
        )
    return org, user


@pytest.fixture
def member_ngo(body, ngo):
    """The NGO of the cast, made a member of the body."""
    body.members.add(ngo)
    return ngo


@pytest.fixture
def second(province, body):
    """A second NGO member of the body, with its officer."""
    org, user = _ngo("جمعیت امداد محله", province, "second_officer")
    body.members.add(org)
    return org, user


@pytest.fixture
def stranger(province):
    """An NGO of the province that is not a member of the body, with its officer."""
    return _ngo("کانون جوانان", province, "stranger_officer")


@pytest.fixture
def other_body(province, governorate):
    return Body.objects.create(name="شورای تأمین", kind="council", region=province, secretariat=governorate)


def _open(body, by, today, **overrides):
    values = {
        "title": "گزارش عملکرد نیمه اول",
        "period_start": today - dt.timedelta(days=180),
        "period_end": today - dt.timedelta(days=1),
        "deadline": today + dt.timedelta(days=20),
        "note": "فعالیت‌ها و شمار بهره‌مندان",
    }
    values.update(overrides)
    return achievements.open_call(body, by=by, **values)


@pytest.fixture
def call(body, secretary, member_ngo, second, today):
    return _open(body, secretary, today)


def _answer(call, ngo, user, today, **overrides):
    values = {
        "period_start": call.period_start,
        "period_end": call.period_end,
        "activities": "۸ کارگاه مهارت زندگی",
        "beneficiaries": 120,
        "call": call,
    }
    values.update(overrides)
    return achievements.submit_achievement(ngo, by=user, **values)


def _messages(error) -> dict:
    with translation.override("en"):
        return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}


def _plain(error) -> list[str]:
    with translation.override("en"):
        return [str(m) for m in error.messages]


# Opening and closing


def test_open_call_asks_the_body_ngo_members_by_default(call, body, member_ngo, second, stranger, secretary):
    assert call.body == body and call.created_by == secretary and not call.is_closed
    assert set(call.ngos.all()) == {member_ngo, second[0]}
    entry = AuditEntry.objects.get(action="achievement_call.open")
    assert entry.body_id == body.pk and entry.object_id == call.pk
    assert entry.changes["ngos"] == sorted([member_ngo.pk, second[0].pk])
    assert entry.changes["title"] == "گزارش عملکرد نیمه اول" and entry.changes["is_closed"] is False


def test_open_call_with_chosen_ngos(body, secretary, member_ngo, stranger, today):
    call = _open(body, secretary, today, ngos=[stranger[0]])
    assert list(call.ngos.all()) == [stranger[0]]


def test_inactive_ngo_members_are_not_asked_by_default(body, secretary, member_ngo, second, today):
    second[0].is_active = False
    second[0].save()
    call = _open(body, secretary, today)
    assert list(call.ngos.all()) == [member_ngo]


def test_open_call_refusals_save_nothing(body, secretary, viewer, officer, ngo_officer, police, ngo, today):
    with pytest.raises(ParticipationError) as caught:
        _open(
            body,
            secretary,
            today,
            title=" ",
            period_end=today - dt.timedelta(days=200),
            deadline=today - dt.timedelta(days=1),
            ngos=[ngo],
        )
    assert _messages(caught.value) == {
        "title": ["Give the call a title."],
        "period_end": ["The period cannot end before it starts."],
        "deadline": ["The deadline cannot be in the past."],
    }
    with pytest.raises(ParticipationError) as caught:
        _open(body, secretary, today, ngos=[ngo, police])
    assert _messages(caught.value) == {"ngos": ["Only NGOs are asked for achievements reports."]}
    with pytest.raises(ParticipationError) as caught:  # the body has no NGO member and none was chosen
        _open(body, secretary, today)
    assert _messages(caught.value) == {
        "ngos": ["The body has no NGO among its members: choose the NGOs to ask."]
    }
    with pytest.raises(ParticipationError) as caught:
        _open(body, secretary, today, period_start=None, deadline=None, ngos=[ngo])
    assert _messages(caught.value) == {
        "period_start": ["Enter the first day of the period."],
        "deadline": ["Enter the deadline of the reports."],
    }
    for user in (viewer, officer, ngo_officer):
        with pytest.raises(PermissionDenied):
            _open(body, user, today, ngos=[ngo])
    assert not AchievementCall.objects.exists() and not AuditEntry.objects.exists()


def test_deadline_today_is_accepted(body, secretary, ngo, today):
    assert _open(body, secretary, today, deadline=today, ngos=[ngo]).deadline == today


def test_an_administrator_opens_a_call(body, admin, ngo, today):
    assert _open(body, admin, today, ngos=[ngo]).created_by == admin


def test_notifications_go_to_the_officers_of_the_ngos_asked_only(
    body,
    secretary,
    member_ngo,
    ngo_officer,
    second,
    stranger,
    officer,
    today,
    django_capture_on_commit_callbacks,
):
    clerk = User.objects.create_user(username="ngo_clerk", password=PASSWORD, organization=member_ngo)
    with django_capture_on_commit_callbacks(execute=True):
        call = _open(body, secretary, today)
    url = reverse("participation:achievement_call", args=[call.pk])
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "ngo_officer",
        "second_officer",
    }
    assert not Notification.objects.filter(user__in=[clerk, stranger[1], officer, secretary]).exists()
    notice = Notification.objects.get(user=ngo_officer)
    assert notice.url == url and body.name in notice.title and call.title in notice.body


def test_close_call(call, secretary, viewer, ngo_officer, body):
    for user in (viewer, ngo_officer):
        with pytest.raises(PermissionDenied):
            achievements.close_call(call, by=user)
    call.refresh_from_db()
    assert not call.is_closed
    achievements.close_call(call, by=secretary)
    call.refresh_from_db()
    assert call.is_closed and call.closed_by == secretary and call.closed_at is not None
    entry = AuditEntry.objects.get(action="achievement_call.close")
    assert entry.changes == {"is_closed": [False, True]} and entry.body_id == body.pk
    with pytest.raises(ParticipationError) as caught:
        achievements.close_call(call, by=secretary)
    assert _plain(caught.value) == ["This call is already closed."]
    assert AuditEntry.objects.filter(action="achievement_call.close").count() == 1


# Answering


def test_answer_goes_to_the_call_body(call, member_ngo, ngo_officer, other_body, today):
    report = _answer(call, member_ngo, ngo_officer, today, body=other_body)
    assert report.call == call and report.body == call.body and report.state == "submitted"
    assert list(call.reports.all()) == [report]
    assert AuditEntry.objects.get(action="achievement.submit").body_id == call.body_id


def test_answer_refusals(call, stranger, member_ngo, ngo_officer, secretary, officer, today):
    with pytest.raises(ParticipationError) as caught:
        _answer(call, stranger[0], stranger[1], today)
    assert _plain(caught.value) == ["Your NGO was not asked in this call."]
    with pytest.raises(PermissionDenied):  # not an officer of the NGO
        _answer(call, member_ngo, officer, today)
    with pytest.raises(ParticipationError):  # the content rules still hold
        _answer(call, member_ngo, ngo_officer, today, activities=" ")
    assert not AchievementReport.objects.exists()
    _answer(call, member_ngo, ngo_officer, today)
    with pytest.raises(ParticipationError) as caught:
        _answer(call, member_ngo, ngo_officer, today)
    assert _plain(caught.value) == ["Your NGO has already answered this call."]
    achievements.accept_achievement(call.reports.get(), by=secretary, score=4)
    with pytest.raises(ParticipationError):
        _answer(call, member_ngo, ngo_officer, today)
    assert AchievementReport.objects.count() == 1


def test_a_closed_call_takes_no_answer(call, member_ngo, ngo_officer, secretary, today):
    achievements.close_call(call, by=secretary)
    with pytest.raises(ParticipationError) as caught:
        _answer(call, member_ngo, ngo_officer, today)
    assert _plain(caught.value) == ["This call is closed: it takes no more reports."]
    assert not AchievementReport.objects.exists()


def test_a_returned_answer_is_resubmitted_not_duplicated(call, member_ngo, ngo_officer, secretary, today):
    report = _answer(call, member_ngo, ngo_officer, today)
    achievements.return_achievement(report, by=secretary, note="مستندات را بفرستید")
    again = _answer(call, member_ngo, ngo_officer, today, beneficiaries=95)
    assert again.pk == report.pk and AchievementReport.objects.count() == 1
    report.refresh_from_db()
    assert (report.state, report.beneficiaries) == ("submitted", 95)
    changes = AuditEntry.objects.get(action="achievement.resubmit").changes
    assert changes["state"] == ["returned", "submitted"] and changes["beneficiaries"] == [120, 95]


def test_a_returned_answer_is_not_corrected_once_the_call_is_closed(
    call, member_ngo, ngo_officer, secretary, today
):
    report = _answer(call, member_ngo, ngo_officer, today)
    achievements.return_achievement(report, by=secretary, note="اصلاح کنید")
    achievements.close_call(call, by=secretary)
    with pytest.raises(ParticipationError):
        achievements.resubmit_achievement(
            report,
            by=ngo_officer,
            period_start=report.period_start,
            period_end=report.period_end,
            activities="اصلاح‌شده",
            beneficiaries=1,
        )
    report.refresh_from_db()
    assert report.state == "returned"


def test_a_report_without_a_call_still_needs_a_body(member_ngo, ngo_officer, today):
    with pytest.raises(ParticipationError) as caught:
        achievements.submit_achievement(
            member_ngo,
            by=ngo_officer,
            period_start=today - dt.timedelta(days=10),
            period_end=today,
            activities="x",
            beneficiaries=1,
        )
    assert _messages(caught.value) == {"body": ["Choose the body the report is sent to."]}


# The call's answers


@pytest.fixture
def answered(call, member_ngo, ngo_officer, second, province, body, secretary, today):
    """Four NGOs asked: the cast's NGO accepted, the second awaiting review, a third returned, a fourth
    silent."""
    third, third_officer = _ngo("انجمن سلامت", province, "third_officer")
    fourth, _user = _ngo("خانه مهر", province)
    call.ngos.add(third, fourth)
    achievements.accept_achievement(_answer(call, member_ngo, ngo_officer, today), by=secretary, score=5)
    _answer(call, second[0], second[1], today)
    achievements.return_achievement(_answer(call, third, third_officer, today), by=secretary, note="ناقص")
    return {"accepted": member_ngo, "submitted": second[0], "returned": third, "silent": fourth}


def _states(rows) -> dict:
    return {row["ngo"].name: (row["state"], row["overdue"]) for row in rows}


def test_call_answers_before_and_after_the_deadline(call, answered, today):
    rows = achievements.call_answers(call)
    assert _states(rows) == {
        "انجمن حامیان کودکان": ("accepted", False),
        "جمعیت امداد محله": ("submitted", False),
        "انجمن سلامت": ("returned", False),
        "خانه مهر": ("unanswered", False),
    }
    AchievementCall.objects.filter(pk=call.pk).update(deadline=today - dt.timedelta(days=1))
    call.refresh_from_db()
    rows = achievements.call_answers(call)
    assert [row["ngo"].name for row in rows if row["overdue"]] == ["خانه مهر"]
    assert achievements.answer_counts(rows) == {
        "asked": 4,
        "unanswered": 1,
        "overdue": 1,
        "submitted": 1,
        "accepted": 1,
        "returned": 1,
    }
    assert _states(achievements.call_answers(call, organization_id=answered["returned"].pk)) == {
        "انجمن سلامت": ("returned", False)
    }


def test_call_page_for_the_secretariat(client_for, secretary, call, answered, today):
    AchievementCall.objects.filter(pk=call.pk).update(deadline=today - dt.timedelta(days=2))
    url = reverse("participation:achievement_call", args=[call.pk])
    response = client_for(secretary).get(url)
    assert response.status_code == 200
    assert _states(response.context["rows"]) == {
        "انجمن حامیان کودکان": ("accepted", False),
        "جمعیت امداد محله": ("submitted", False),
        "انجمن سلامت": ("returned", False),
        "خانه مهر": ("unanswered", True),
    }
    assert response.context["counts"]["overdue"] == 1 and response.context["counts"]["asked"] == 4
    assert response.context["can_close"] and not response.context["can_answer"]
    html = response.content.decode()
    assert f'data-ngo="{answered["silent"].pk}" data-state="unanswered" class="overdue"' in html
    assert f'data-ngo="{answered["accepted"].pk}" data-state="accepted">' in html
    overdue = client_for(secretary).get(url, {"state": "overdue"})
    assert [row["ngo"] for row in overdue.context["rows"]] == [answered["silent"]]
    returned = client_for(secretary).get(url, {"state": "returned"})
    assert [row["ngo"] for row in returned.context["rows"]] == [answered["returned"]]


def test_call_page_for_an_ngo_shows_its_own_row_and_the_answer_button(
    client_for, call, member_ngo, ngo_officer, second, today
):
    url = reverse("participation:achievement_call", args=[call.pk])
    _answer(call, second[0], second[1], today)
    response = client_for(ngo_officer).get(url)
    assert [row["ngo"] for row in response.context["rows"]] == [member_ngo]
    assert not response.context["sees_all"] and not response.context["can_close"]
    answer_url = reverse("participation:achievement_submit") + f"?call={call.pk}"
    assert response.context["can_answer"] and answer_url in response.content.decode()
    assert second[0].name not in response.content.decode()
    report = _answer(call, member_ngo, ngo_officer, today)
    response = client_for(ngo_officer).get(url)
    assert not response.context["can_answer"] and not response.context["can_correct"]
    assert response.context["rows"][0]["report"] == report


def test_answering_through_the_page(client_for, call, member_ngo, ngo_officer, other_body, secretary):
    client = client_for(ngo_officer)
    url = reverse("participation:achievement_submit") + f"?call={call.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["body"] == call.body_id and form.fields["body"].disabled
    assert (form.initial["period_start"], form.initial["period_end"]) == (call.period_start, call.period_end)
    response = client.post(
        url,
        {
            "body": other_body.pk,  # a disabled field: the call's body is kept
            "period_start": format_jalali(call.period_start),
            "period_end": format_jalali(call.period_end),
            "activities": "۳ دوره آموزش خانواده",
            "beneficiaries": "۶۰",
        },
    )
    report = AchievementReport.objects.get()
    assert response["Location"] == reverse("participation:achievement_detail", args=[report.pk])
    assert (report.call, report.body, report.beneficiaries) == (call, call.body, 60)
    assert (report.period_start, report.period_end) == (call.period_start, call.period_end)
    detail = client.get(response["Location"]).content.decode()
    assert reverse("participation:achievement_call", args=[call.pk]) in detail
    # Answered: the page sends the NGO back to the call; returned: to the correction of its report.
    assert client.get(url)["Location"] == reverse("participation:achievement_call", args=[call.pk])
    achievements.return_achievement(report, by=secretary, note="اصلاح کنید")
    assert client.get(url)["Location"] == reverse("participation:achievement_edit", args=[report.pk])
    assert AchievementReport.objects.count() == 1


def test_answer_page_refusals(client_for, call, member_ngo, ngo_officer, stranger, secretary, body, today):
    url = reverse("participation:achievement_submit")
    assert client_for(stranger[1]).get(url, {"call": call.pk}).status_code == 404
    assert client_for(ngo_officer).get(url, {"call": "abc"}).status_code == 404
    other_call = _open(body, secretary, today, ngos=[stranger[0]])
    assert client_for(ngo_officer).get(url, {"call": other_call.pk}).status_code == 404
    achievements.close_call(call, by=secretary)
    response = client_for(ngo_officer).post(
        f"{url}?call={call.pk}",
        {"period_start": "۱۴۰۳/۰۱/۰۱", "period_end": "۱۴۰۳/۰۲/۰۱", "activities": "x", "beneficiaries": "1"},
    )
    assert response["Location"] == reverse("participation:achievement_call", args=[call.pk])
    assert not AchievementReport.objects.exists()


# Creating, closing and listing through the pages


def test_create_page_preselects_the_body_ngo_members(
    client_for, secretary, body, member_ngo, second, stranger
):
    response = client_for(secretary).get(reverse("participation:achievement_call_create"))
    form = response.context["form"]
    assert form.initial["body"] == body.pk
    assert sorted(form.initial["ngos"]) == sorted([member_ngo.pk, second[0].pk])
    html = response.content.decode()
    assert f'value="{member_ngo.pk}"' in html and f'value="{stranger[0].pk}"' in html


def test_create_page_opens_a_call(client_for, secretary, body, member_ngo, stranger, today):
    url = reverse("participation:achievement_call_create")
    data = {
        "body": body.pk,
        "title": "فراخوان گزارش سالانه",
        "period_start": "۱۴۰۲/۰۱/۰۱",
        "period_end": "۱۴۰۲/۱۲/۲۹",
        "deadline": "۱۴۰۲/۰۱/۰۱",  # in the past: refused on the form
        "ngos": [stranger[0].pk],
    }
    response = client_for(secretary).post(url, data)
    assert response.status_code == 200 and "deadline" in response.context["form"].errors
    assert not AchievementCall.objects.exists()
    data["deadline"] = format_jalali(today + dt.timedelta(days=10))
    response = client_for(secretary).post(url, data)
    call = AchievementCall.objects.get()
    assert response["Location"] == reverse("participation:achievement_call", args=[call.pk])
    assert list(call.ngos.all()) == [stranger[0]] and call.deadline == today + dt.timedelta(days=10)
    del data["ngos"]  # none chosen: the body's NGO members
    client_for(secretary).post(url, data)
    assert list(AchievementCall.objects.order_by("-pk").first().ngos.all()) == [member_ngo]


def test_create_page_for_an_administrator_preselects_the_chosen_body(
    client_for, admin, body, other_body, member_ngo
):
    url = reverse("participation:achievement_call_create")
    response = client_for(admin).get(url)
    assert "ngos" not in response.context["form"].initial
    response = client_for(admin).get(url, {"body": body.pk})
    assert response.context["form"].initial["ngos"] == [member_ngo.pk]


def test_close_page(client_for, secretary, call):
    response = client_for(secretary).post(reverse("participation:achievement_call_close", args=[call.pk]))
    assert response["Location"] == reverse("participation:achievement_call", args=[call.pk])
    call.refresh_from_db()
    assert call.is_closed
    client_for(secretary).post(reverse("participation:achievement_call_close", args=[call.pk]))
    assert AuditEntry.objects.filter(action="achievement_call.close").count() == 1
    response = client_for(secretary).get(reverse("participation:achievement_call", args=[call.pk]))
    assert not response.context["can_close"]


def test_calls_list(client_for, secretary, viewer, ngo_officer, stranger, call, member_ngo, second, today):
    _answer(call, member_ngo, ngo_officer, today)
    rows = client_for(secretary).get(reverse("participation:achievement_calls")).context["rows"]
    assert [(row["call"], row["asked"], row["answered"], row["overdue"]) for row in rows] == [(call, 2, 1, 0)]
    AchievementCall.objects.filter(pk=call.pk).update(deadline=today - dt.timedelta(days=1))
    rows = client_for(viewer).get(reverse("participation:achievement_calls")).context["rows"]
    assert [(row["asked"], row["answered"], row["overdue"], row["sees_all"]) for row in rows] == [
        (2, 1, 1, True)
    ]
    rows = client_for(ngo_officer).get(reverse("participation:achievement_calls")).context["rows"]
    assert [(row["call"], row["sees_all"], row["own"].state) for row in rows] == [(call, False, "submitted")]
    assert list(client_for(stranger[1]).get(reverse("participation:achievement_calls")).context["rows"]) == []
    closed = client_for(secretary).get(reverse("participation:achievement_calls"), {"status": "closed"})
    assert closed.context["rows"] == []


def test_calls_list_queries_do_not_grow_with_the_calls(client_for, secretary, body, member_ngo, today):
    client = client_for(secretary)
    url = reverse("participation:achievement_calls")
    _open(body, secretary, today, ngos=[member_ngo])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _n in range(3):
        _open(body, secretary, today, ngos=[member_ngo])
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url).context["rows"]) == 4
    assert len(four) == len(one)


def test_achievements_list_links_to_the_calls(client_for, ngo_officer):
    html = client_for(ngo_officer).get(reverse("participation:achievement_list")).content.decode()
    assert reverse("participation:achievement_calls") in html
