"""An administrator finds a donor by mobile, opens what is linked to them and erases it after typing the
name (issue 12); the pages fit a 390 px screen and show the mobile masked in the list."""

import pytest
from playwright.sync_api import expect

from hamafza.participation.models import Donor
from tests.browser.test_follow_up_flow import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_administrator_finds_and_erases_a_donor_on_a_phone(
    page, page_problems, shoot, live_server, admin, body
):
    donor = Donor.objects.create(name="علی رضایی", body=body, mobile="09121234567", national_id="0499370899")
    page.set_viewport_size(PHONE)
    log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/accounts/privacy/")
    page.fill("#id_q", "۰۹۱۲۱۲۳۴۵۶۷")
    with page.expect_navigation():
        page.click("#privacy-search button[type=submit]")
    expect(page.locator("#people")).to_contain_text("۰۹۱۲***۴۵۶۷")
    expect(page.locator("#people")).not_to_contain_text("۰۹۱۲۱۲۳۴۵۶۷")
    assert fits(page)
    with page.expect_navigation():
        page.click("#people a")
    expect(page.locator("#linked")).to_be_visible()
    assert fits(page)
    shoot("privacy-person-phone")
    page.fill("#id_confirm", "علی رضایی")
    with page.expect_navigation():
        page.click("#erase-form button[type=submit]")
    expect(page.locator("#person-name")).to_contain_text("حذف‌شده به درخواست")
    expect(page.locator("#erase-form")).to_have_count(0)
    assert fits(page)
    donor.refresh_from_db()
    assert (donor.mobile, donor.national_id) == ("", "")
    assert page_problems == []
