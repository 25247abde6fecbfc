"""The follow-up's lists as Word and Excel users expect them (issue 10): a body's resolutions, an
organisation's assignments and the review queue sort by their columns, filter by organisation, state,
due range and topic, and export exactly the rows shown to a right-to-left Excel sheet, under the
pages' own access rules."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")
    return load_workbook(BytesIO(response.content)).active


def _column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    index = headers.index(header)
    return [row[index].value for row in sheet.iter_rows(min_row=2)]


@pytest.fixture
def many(make_resolutions, resolution):
    """The cast's resolution 1 (police lead, due in 20 days, topic «اعتیاد») and 100…104 (police lead,
    due in 10 − n%20 days, topics «موضوع n%3»)."""
    return [resolution, *make_resolutions(5)]


def _numbers(page):
    """The resolutions' numbers in the order the page shows them."""
    import re

    return re.findall(r'<tr><td class="num">([^<]+)</td>', page)


# ------------------------------------------------------------------------------- a body's resolutions


def test_resolutions_sort_by_a_column_both_ways(client_for, secretary, body, many):
    url = reverse("meetings:body_resolutions", args=[body.pk])
    client = client_for(secretary)
    ascending = _numbers(client.get(url, {"sort": "due"}).content.decode())
    # 104 is due in 6 days, 100 in 10, resolution 1 in 20
    assert ascending == ["۱۰۴", "۱۰۳", "۱۰۲", "۱۰۱", "۱۰۰", "۱"]
    page = client.get(url, {"sort": "-due", "state": "not_started"}).content.decode()
    assert _numbers(page) == ["۱", "۱۰۰", "۱۰۱", "۱۰۲", "۱۰۳", "۱۰۴"]
    # the active header shows its arrow and links to the other direction, keeping the filter
    assert 'aria-sort="descending"' in page and "▼" in page
    assert 'href="?sort=due&amp;state=not_started"' in page


def test_resolutions_filter_by_topic_organisation_and_due_range(
    client_for, secretary, body, many, welfare, today
):
    url = reverse("meetings:body_resolutions", args=[body.pk])
    client = client_for(secretary)
    topic = many[1].topics.get()  # «موضوع ۱» of resolution 100: 100 and 103
    assert sorted(_numbers(client.get(url, {"topic": topic.pk}).content.decode())) == ["۱۰۰", "۱۰۳"]
    # welfare supports every resolution
    assert len(_numbers(client.get(url, {"organization": welfare.pk}).content.decode())) == 6
    due_from = format_jalali(today + dt.timedelta(days=8))
    due_to = format_jalali(today + dt.timedelta(days=20))
    page = client.get(url, {"due_from": due_from, "due_to": due_to, "sort": "number"}).content.decode()
    assert sorted(_numbers(page)) == ["۱", "۱۰۰", "۱۰۱", "۱۰۲"]


def test_a_bad_date_is_a_persian_message_not_an_error(client_for, secretary, body, many):
    url = reverse("meetings:body_resolutions", args=[body.pk])
    response = client_for(secretary).get(url, {"due_from": "۱۴۰۲/۱۳/۴۰", "organization": "x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "تاریخ را به هجری شمسی وارد کنید، مانند ۱۴۰۲/۰۷/۲۹" in page
    assert len(_numbers(page)) == 6  # the refused filters are not applied
    response = client_for(secretary).get(url, {"due_from": "1402/08/01", "due_to": "1402/07/01"})
    assert response.status_code == 200
    assert "پایان بازه پیش از آغاز آن است" in response.content.decode()


def test_the_export_is_the_filtered_sorted_rows_in_a_right_to_left_sheet(
    client_for, secretary, body, many, meeting, today
):
    url = reverse("meetings:body_resolutions", args=[body.pk])
    topic = many[1].topics.get()
    sheet = _sheet(client_for(secretary).get(url, {"topic": topic.pk, "sort": "-due", "format": "xlsx"}))
    assert sheet.sheet_view.rightToLeft
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert _column(sheet, "شماره") == [100, 103]  # numbers as numbers, the page's order
    assert _column(sheet, "جلسه") == [7, 7]
    held = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("تاریخ جلسه (تاریخ اکسل)") + 1)
    assert held.is_date and held.value.date() == meeting.held_on
    assert _column(sheet, "تاریخ جلسه") == [format_jalali(meeting.held_on)] * 2
    assert _column(sheet, "سررسید") == [
        format_jalali(many[1].assignments.get(role="lead").deadline),
        format_jalali(many[4].assignments.get(role="lead").deadline),
    ]
    assert _column(sheet, "موضوعات") == [topic.name, topic.name]


def test_the_exports_read_a_fixed_number_of_queries(
    client_for, secretary, officer, body, police, make_resolutions, resolution
):
    """Each export reads its rows and their relations in a fixed number of queries, not one per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = {
        secretary: [
            (reverse("meetings:body_resolutions", args=[body.pk]), {}),
            (reverse("meetings:search"), {"q": "آسیب"}),
        ],
        officer: [(reverse("meetings:organization", args=[police.pk]), {})],
    }
    counts = []
    for count in (2, 10):
        make_resolutions(count, start=100 + len(counts) * 10)
        queries = []
        for user, pages in urls.items():
            client = client_for(user)
            for url, params in pages:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url, {**params, "format": "xlsx"})
                assert response["Content-Type"].startswith("application/vnd.openxmlformats")
                queries.append(len(captured))

        counts.append(queries)
    assert counts[0] == counts[1]


@pytest.mark.parametrize("who", ["outsider"])
def test_another_organisation_gets_no_export(request, client_for, body, many, who):
    url = reverse("meetings:body_resolutions", args=[body.pk])
    assert client_for(request.getfixturevalue(who)).get(url, {"format": "xlsx"}).status_code == 404


# ------------------------------------------------------------------------------- an organisation's work


def test_an_organisation_filters_and_exports_its_assignments(
    client_for, officer, police, many, body, today, report_on
):
    report_on(many[0].assignments.get(organization=police))  # resolution 1 goes under review
    url = reverse("meetings:organization", args=[police.pk])
    client = client_for(officer)
    page = client.get(url, {"state": "in_review"}).content.decode()
    assert page.count('href="/assignments/') == 1
    sheet = _sheet(client.get(url, {"sort": "-progress", "body": body.pk, "format": "xlsx"}))
    assert sheet.sheet_view.rightToLeft and sheet.print_title_rows == "$1:$1"
    assert sorted(_column(sheet, "شماره")) == [1, 100, 101, 102, 103, 104]
    assert set(_column(sheet, "پیشرفت")) == {0}
    deadline = _column(sheet, "مهلت (تاریخ اکسل)")
    assert all(isinstance(value, dt.datetime) for value in deadline)
    sheet = _sheet(client.get(url, {"state": "in_review", "format": "xlsx"}))
    assert _column(sheet, "شماره") == [1] and _column(sheet, "وضعیت") == ["در انتظار بررسی"]


def test_assignments_sort_by_due(client_for, officer, police, many):
    url = reverse("meetings:organization", args=[police.pk])
    page = client_for(officer).get(url, {"sort": "due"}).content.decode()
    first, last = many[5].assignments.get(organization=police), many[0].assignments.get(organization=police)
    assert page.index(f'href="/assignments/{first.pk}/"') < page.index(f'href="/assignments/{last.pk}/"')


@pytest.mark.parametrize("who", ["other_officer", "outsider", "viewer"])
def test_another_organisations_assignments_are_not_exported(request, client_for, police, many, who):
    url = reverse("meetings:organization", args=[police.pk])
    assert client_for(request.getfixturevalue(who)).get(url, {"format": "xlsx"}).status_code == 404


# ------------------------------------------------------------------------------- the review queue


@pytest.fixture
def waiting(officer, other_officer, lead, supporting):
    first = services.submit_progress(supporting, by=other_officer, percent=30, note="=جلسات آموزش خانواده")
    second = services.submit_progress(lead, by=officer, percent=50, note="گشت‌های محله‌ای آغاز شد")
    return first, second


def test_the_queue_sorts_filters_and_exports(client_for, secretary, waiting, police, welfare):
    first, second = waiting
    url = reverse("meetings:review_queue")
    client = client_for(secretary)
    page = client.get(url, {"sort": "-percent"}).content.decode()
    assert page.index(f'id="report-{second.pk}"') < page.index(f'id="report-{first.pk}"')
    sheet = _sheet(client.get(url, {"format": "xlsx"}))
    assert _column(sheet, "دستگاه") == [welfare.name, police.name]  # the oldest first
    assert _column(sheet, "پیشرفت") == [0.3, 0.5]
    assert _column(sheet, "گزارش")[0] == "=جلسات آموزش خانواده"  # text, never a formula
    assert sheet.cell(row=2, column=[c.value for c in sheet[1]].index("گزارش") + 1).data_type == "s"
    sheet = _sheet(client.get(url, {"organization": police.pk, "format": "xlsx"}))
    assert _column(sheet, "دستگاه") == [police.name]


@pytest.mark.parametrize("who", ["officer", "viewer", "outsider"])
def test_only_a_secretariat_exports_the_queue(request, client_for, waiting, who):
    url = reverse("meetings:review_queue")
    assert client_for(request.getfixturevalue(who)).get(url, {"format": "xlsx"}).status_code == 404


# ------------------------------------------------------------------------------- search results


def test_search_results_sort_filter_by_topic_and_export(client_for, secretary, many, body):
    url = reverse("meetings:search")
    client = client_for(secretary)
    topic = many[1].topics.get()
    page = client.get(url, {"q": "آسیب", "topic": topic.pk, "sort": "-meeting"}).content.decode()
    assert _numbers_in_search(page) == ["۱۰۳", "۱۰۰"]
    assert 'aria-sort="descending"' in page
    sheet = _sheet(client.get(url, {"q": "آسیب", "topic": topic.pk, "sort": "meeting", "format": "xlsx"}))
    assert sheet.sheet_view.rightToLeft and sheet.print_title_rows == "$1:$1"
    assert _column(sheet, "شماره") == [100, 103]
    assert _column(sheet, "نهاد") == [body.name, body.name]
    assert _column(sheet, "مسئول اصلی") == [many[1].assignments.get(role="lead").organization.name] * 2


def test_search_exports_only_what_the_user_sees(client_for, outsider, many):
    sheet = _sheet(client_for(outsider).get(reverse("meetings:search"), {"q": "آسیب", "format": "xlsx"}))
    assert sheet.max_row == 1  # the header alone


def _numbers_in_search(page):
    import re

    table = page[page.index('id="search-resolutions"') :]
    return re.findall(r'href="/resolutions/\d+/">([^.<]+)\.', table)
