"""The secretariat's review queue in a browser: the count on the bodies page, the queue filtered by
organisation, a report accepted in place and another returned with a comment."""

import pytest
from playwright.sync_api import expect

from hamafza.meetings import services
from hamafza.meetings.models import ProgressReport
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser


def test_the_secretariat_decides_from_the_queue(
    page, page_problems, shoot, live_server, secretary, officer, other_officer, lead, supporting, police
):
    first = services.submit_progress(
        supporting, by=other_officer, percent=30, note="جلسات آموزش خانواده برگزار شد"
    )
    second = services.submit_progress(lead, by=officer, percent=50, note="گشت‌های محله‌ای در سه محله آغاز شد")
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/")
    expect(page.locator("#review-count")).to_contain_text("۲ گزارش پیشرفت در انتظار تصمیم شماست")
    with page.expect_navigation():
        page.click("#review-count a")
    items = page.locator("article.queue-item")
    expect(items).to_have_count(2)
    expect(items.first).to_have_attribute("id", f"report-{first.pk}")  # the oldest first
    expect(items.first).to_contain_text("مصوبه ۱ جلسه ۷")
    shoot("17-review-queue")

    page.select_option("#list-filters select[name=organization]", str(police.pk))
    with page.expect_navigation():
        page.click("#list-filters button")
    expect(items).to_have_count(1)
    with page.expect_navigation():
        page.locator(f"#report-{second.pk} button[value=accepted]").click()
    expect(page.locator(".flash")).to_contain_text("پذیرفته شد")
    expect(page.locator("#list-filters select[name=organization]")).to_have_value(str(police.pk))
    expect(items).to_have_count(0)

    page.goto(f"{live_server.url}/reviews/")
    page.fill(f"#report-{first.pk} textarea[name=comment]", "مستندات پیوست نشده است")
    with page.expect_navigation():
        page.locator(f"#report-{first.pk} button[value=returned]").click()
    expect(page.locator("article.queue-item")).to_have_count(0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ProgressReport.Status.RETURNED, ProgressReport.Status.ACCEPTED)
    assert first.review_comment == "مستندات پیوست نشده است"
    assert page_problems == []
