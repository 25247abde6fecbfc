"""Notifications in a real browser, as an agency's officer: a new duty arrives named by its body and
session («مصوبه ۱ جلسه ۷ …»), counted in the header and marked «تازه»; opening it leads to the duty and
marks it read, and the list and the header say so."""

import pytest
from playwright.sync_api import expect

from hamafza.accounts.models import Notification
from hamafza.lib.persian import to_persian_digits
from tests.browser.test_follow_up_flow import fa, log_in

pytestmark = pytest.mark.browser


def test_a_new_duty_is_named_by_its_session_and_read_when_opened(
    page, live_server, page_problems, officer, lead, resolution
):
    # Recording the resolution told the lead organisation's officers (the services' notification).
    notification = Notification.objects.get(user=officer, url=f"/assignments/{lead.pk}/")
    unread = Notification.objects.filter(user=officer, read_at=None).count()
    session = to_persian_digits(str(resolution.meeting.number))
    number = to_persian_digits(str(resolution.number))
    assert f"{number} جلسه {session}" in notification.title
    assert resolution.body.name in notification.title

    log_in(page, live_server, officer)
    badge = page.locator("header .badge")
    expect(badge).to_have_text(to_persian_digits(str(unread)))
    with page.expect_navigation():
        page.get_by_role("link", name=fa("Notifications")).first.click()
    expect(page.locator("tr.unread")).to_have_count(unread)
    row = page.locator("tr.unread").filter(has=page.locator(f"a[href$='/notifications/{notification.pk}/']"))
    expect(row).to_contain_text(fa("New"))
    expect(row).to_contain_text(f"{number} جلسه {session}")

    with page.expect_navigation():
        row.get_by_role("link").click()
    assert page.url.endswith(f"/assignments/{lead.pk}/")
    expect(page.locator("h1")).to_be_visible()
    notification.refresh_from_db()
    assert notification.read_at is not None
    if unread == 1:
        expect(page.locator("header .badge")).to_have_count(0)
    else:
        expect(page.locator("header .badge")).to_have_text(to_persian_digits(str(unread - 1)))

    page.goto(f"{live_server.url}/accounts/notifications/")
    expect(page.locator("tr.unread")).to_have_count(unread - 1)
    expect(page.locator("tr:not(.unread)").filter(has_text=f"{number} جلسه {session}")).to_have_count(1)
    assert page_problems == []
