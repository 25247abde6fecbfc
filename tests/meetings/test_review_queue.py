"""The review queue (issue 10, «What Word and Excel users expect»): the secretariat sees how many progress
reports await its decision, lists them oldest first, filters them, and accepts or returns each in place."""

import pytest
from django.urls import reverse

from hamafza.meetings import services
from hamafza.meetings.models import ProgressReport

QUEUE = reverse("meetings:review_queue")


@pytest.fixture
def waiting(officer, other_officer, lead, supporting):
    first = services.submit_progress(
        supporting, by=other_officer, percent=30, note="جلسات آموزش خانواده برگزار شد"
    )
    second = services.submit_progress(lead, by=officer, percent=50, note="گشت‌های محله‌ای آغاز شد")
    return first, second


def test_the_bodies_page_says_how_many_await_a_decision(client_for, secretary, waiting):
    page = client_for(secretary).get(reverse("meetings:bodies")).content.decode()
    assert "۲ گزارش پیشرفت در انتظار تصمیم شماست" in page
    assert QUEUE in page


def test_no_count_for_those_who_do_not_review(client_for, officer, waiting):
    page = client_for(officer).get(reverse("meetings:bodies")).content.decode()
    assert QUEUE not in page


def test_the_queue_lists_the_oldest_first_with_body_and_session(client_for, secretary, waiting):
    first, second = waiting
    page = client_for(secretary).get(QUEUE).content.decode()
    assert page.index(f'id="report-{first.pk}"') < page.index(f'id="report-{second.pk}"')
    assert "مصوبه ۱ جلسه ۷" in page and "کارگروه اجتماعی استان" in page


def test_the_queue_filters_by_organisation_and_body(client_for, secretary, waiting, police, body):
    first, second = waiting
    client = client_for(secretary)
    page = client.get(QUEUE, {"organization": police.pk}).content.decode()
    assert f'id="report-{second.pk}"' in page and f'id="report-{first.pk}"' not in page
    page = client.get(QUEUE, {"body": body.pk, "organization": "x"}).content.decode()
    assert f'id="report-{second.pk}"' in page and f'id="report-{first.pk}"' in page


def test_accept_and_return_in_place(client_for, secretary, waiting):
    first, second = waiting
    client = client_for(secretary)
    back = f"{QUEUE}?organization={second.assignment.organization_id}"
    response = client.post(
        reverse("meetings:report_review", args=[second.pk]),
        {"decision": "accepted", "comment": "", "next": back},
    )
    assert response.status_code == 302 and response["Location"] == back
    response = client.post(
        reverse("meetings:report_review", args=[first.pk]),
        {"decision": "returned", "comment": "مستندات پیوست نشده است", "next": QUEUE},
    )
    assert response["Location"] == QUEUE
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, first.status) == (ProgressReport.Status.ACCEPTED, ProgressReport.Status.RETURNED)
    assert first.review_comment == "مستندات پیوست نشده است"
    assert "در انتظار تصمیم"
    assert f'id="report-{first.pk}"' not in client.get(QUEUE).content.decode()


def test_a_foreign_next_is_not_followed(client_for, secretary, waiting):
    first, _ = waiting
    response = client_for(secretary).post(
        reverse("meetings:report_review", args=[first.pk]),
        {"decision": "accepted", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("meetings:resolution", args=[first.assignment.resolution_id])


@pytest.mark.parametrize("who", ["officer", "viewer", "outsider"])
def test_only_a_secretariat_has_a_queue(request, client_for, waiting, who):
    assert client_for(request.getfixturevalue(who)).get(QUEUE).status_code == 404
