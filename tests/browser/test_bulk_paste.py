"""A table of resolutions copied from Excel, pasted into a meeting in a real browser: the preview flags the
organisation it does not know, the secretariat chooses it, confirms, and the resolutions are on the
meeting's page; then two of their deadlines are changed at once."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from hamafza.lib.jalali import format_jalali
from hamafza.meetings.models import Assignment
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser

EXCEL = (Path(__file__).resolve().parents[1] / "data" / "pasted" / "excel-resolutions.tsv").read_text(
    encoding="utf-8"
)


def test_secretariat_pastes_a_table_corrects_a_row_and_confirms(
    page, page_problems, shoot, live_server, secretary, meeting, police, welfare
):
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="چسباندن جدول مصوبات").click()
    page.fill("#id_pasted", EXCEL)
    with page.expect_navigation():
        page.click("#read-table")
    expect(page.locator("#preview-title")).to_contain_text("۴ ردیف خوانده شد")
    rows = page.locator(".paste-row")
    expect(rows).to_have_count(4)
    expect(page.locator(".paste-row.flagged")).to_have_count(1)
    flagged = page.locator("#row-3")
    expect(flagged).to_contain_text("«شهرداری منطقه ۲۲» در میان دستگاه‌ها یافت نشد")
    expect(page.locator("#id_row-0-lead")).to_have_value(str(police.pk))
    expect(page.locator("#id_row-0-deadline")).to_have_value("۱۴۰۵/۰۹/۱۳")
    expect(page.locator("#id_row-0-text")).to_have_value(
        "ساماندهی معتادان متجاهر در محلات هدف منطقه ۲۱\nبا همکاری ستاد مبارزه با مواد مخدر"
    )
    page.set_viewport_size({"width": 1280, "height": 1250})  # the four rows in one picture
    page.locator("#preview-title").evaluate("title => title.scrollIntoView()")
    shoot("20-resolution-table-preview")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not meeting.resolutions.exists()  # nothing saved before the confirmation

    page.select_option("#id_row-3-lead", str(welfare.pk))
    page.fill("#id_row-3-deadline", "۱۴۰۵/۱۰/۳۰")
    page.press("#id_row-3-deadline", "Enter")  # Enter in a row's box sends nothing: no re-reading
    assert not meeting.resolutions.exists()
    with page.expect_navigation():
        page.dblclick("#confirm-table")  # a double click saves once
    expect(page.locator(".flash")).to_contain_text("۴ مصوبه ثبت شد")
    table = page.locator("#resolutions")
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table).to_contain_text("استقرار پایگاه‌های سیار مشاوره در بوستان‌ها")
    expect(table).to_contain_text("اداره کل بهزیستی")
    assert list(meeting.resolutions.order_by("position").values_list("number", flat=True)) == [
        "1",
        "2",
        "3",
        "4",
    ]
    fourth = meeting.resolutions.get(number="4").assignments.get(role=Assignment.Role.LEAD)
    assert (fourth.organization_id, format_jalali(fourth.deadline)) == (welfare.pk, "۱۴۰۵/۱۰/۳۰")

    # Two deadlines moved at once.
    with page.expect_navigation():
        page.get_by_role("link", name="تغییر گروهی مسئولیت‌های پیگیری").click()
    leads = list(Assignment.objects.filter(resolution__meeting=meeting, role="lead").order_by("pk")[:2])
    for assignment in leads:
        page.check(f"#assignment-{assignment.pk}")
    page.fill("#id_deadline", "۱۴۰۶/۰۱/۱۵")
    with page.expect_navigation():
        page.click("#batch-save")
    expect(page.locator(".flash")).to_contain_text("۲ مسئولیت پیگیری تغییر کرد")
    for assignment in leads:
        assignment.refresh_from_db()
        assert format_jalali(assignment.deadline) == "۱۴۰۶/۰۱/۱۵"
    assert page_problems == []


def test_the_preview_and_the_batch_page_fit_a_phone_and_speak_persian(
    page, page_problems, live_server, secretary, meeting, resolution
):
    from tests.browser.test_crawl import PHONE, _problems_in_text

    log_in(page, live_server, secretary)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/resolutions/paste/")
    page.fill("#id_pasted", EXCEL)
    with page.expect_navigation():
        page.click("#read-table")
    expect(page.locator(".paste-row")).to_have_count(4)
    expect(page.locator(".paste-row.flagged")).to_have_count(2)  # number 1 is taken by the cast's resolution
    for url in [page.url, f"{live_server.url}/meetings/{meeting.pk}/assignments/"]:
        if url != page.url:
            page.goto(url)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner + 1, url
        assert _problems_in_text(page.evaluate("document.body.innerText")) == []
    assert page_problems == []
