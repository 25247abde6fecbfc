"""A list as Word and Excel users expect it, in a browser (issue 10): the secretariat sorts a body's
resolutions by a click on a column's header (and back), filters them by topic and due range, downloads
the Excel file of exactly those rows and reads it; the page still fits a phone."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def resolutions(meeting, secretary, police, welfare, education, today):
    """Five resolutions due in 25, 5, 45, 15, 35 days; 1, 3 and 5 on «اعتیاد», 2 and 4 on «طلاق»."""
    made = []
    for index, (lead, days) in enumerate(
        [(police, 25), (welfare, 5), (education, 45), (police, 15), (welfare, 35)]
    ):
        spec = services.ResolutionSpec(
            number=str(index + 1),
            text=f"مصوبه {index + 1}: برنامه پیشگیری از آسیب‌های اجتماعی در محلات هدف",
            assignments=[
                services.AssignmentSpec(
                    lead, role=Assignment.Role.LEAD, deadline=today + dt.timedelta(days=days)
                )
            ],
            topics=["اعتیاد" if index % 2 == 0 else "طلاق"],
        )
        made.append(services.create_resolution(meeting, by=secretary, spec=spec))
    return made


def _numbers(page) -> list[str]:
    return page.locator("#resolutions tbody tr td.num:first-child").all_inner_texts()


def test_sort_filter_and_export_a_list(
    page, page_problems, shoot, live_server, secretary, body, resolutions, today, tmp_path
):
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/{body.pk}/resolutions/")
    expect(page.locator("#resolutions tbody tr")).to_have_count(5)

    # a click on «سررسید» sorts by it, the soonest first; a second click turns the order round
    header = page.locator("#resolutions thead a.sort", has_text="سررسید")
    with page.expect_navigation():
        header.click()
    assert _numbers(page) == ["۲", "۴", "۱", "۵", "۳"]
    expect(page.locator("#resolutions thead th[aria-sort=ascending]")).to_contain_text("▲")
    with page.expect_navigation():
        page.locator("#resolutions thead a.sort", has_text="سررسید").click()
    assert _numbers(page) == ["۳", "۵", "۱", "۴", "۲"]
    expect(page.locator("#resolutions thead th[aria-sort=descending]")).to_contain_text("▼")

    # filtered by topic and a due range typed as Jalali dates; the order is kept
    page.select_option("#list-filters select[name=topic]", label="اعتیاد")
    page.fill("#list-filters input[name=due_from]", format_jalali(today + dt.timedelta(days=30)))
    page.fill("#list-filters input[name=due_to]", format_jalali(today + dt.timedelta(days=50)))
    page.keyboard.press("Escape")  # the date picker
    with page.expect_navigation():
        page.click("#list-filters button[type=submit]")
    assert _numbers(page) == ["۳", "۵"]
    expect(page.locator("#list-count")).to_contain_text("۲ مصوبه")
    shoot("21-list-filters-export")

    with page.expect_download() as downloaded:
        page.click("#list-export")
    download = downloaded.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / "list.xlsx"
    download.save_as(path)
    sheet = load_workbook(path).active
    assert sheet.sheet_view.rightToLeft and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    headers = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[headers.index("شماره")] for row in rows] == [3, 5]
    due = [row[headers.index("سررسید (تاریخ اکسل)")] for row in rows]
    assert [value.date() for value in due] == [today + dt.timedelta(days=45), today + dt.timedelta(days=35)]
    assert [row[headers.index("سررسید")] for row in rows] == [
        format_jalali(today + dt.timedelta(days=45)),
        format_jalali(today + dt.timedelta(days=35)),
    ]

    # a date that cannot be read is said in Persian beside its field, and the page still works
    page.fill("#list-filters input[name=due_from]", "۱۴۰۲/۱۳/۴۰")
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.click("#list-filters button[type=submit]")
    expect(page.locator("#filter-due_from .errorlist")).to_contain_text("هجری شمسی")

    # on a phone the filters and the table stay inside the screen, on every list
    page.set_viewport_size({"width": 390, "height": 844})
    for path in [
        "",
        "/reviews/?sort=-percent",
        "/participation/needs/?sort=cost",
        "/participation/pledges/?sort=value",
        "/search/?q=آسیب&sort=meeting",
    ]:
        if path:
            page.goto(f"{live_server.url}{path}")
        expect(page.locator("#list-export")).to_have_count(1)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner + 1, path
    assert page_problems == []
