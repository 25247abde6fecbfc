"""Two-factor sign-in in Chromium on a 390 px phone (issue 12): a secretariat turns it on from the account
page (the QR code drawn, the secret read off the page as an authenticator app would, the code typed in
Persian digits, ten backup codes), logs out, and logs in again with the password and then the code.

Run alone with `.venv/bin/python -m pytest -q -m browser tests/browser/test_two_factor.py`.
"""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from hamafza.lib.persian import to_persian_digits
from tests.browser.test_follow_up_flow import log_in, log_out
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_turn_on_two_factor_and_log_in_with_the_code(
    transactional_db, live_server, page, page_problems, shoot, secretary
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/accounts/password/")
    page.click("#account-two-factor a")
    expect(page.locator("#two-factor-off")).to_be_visible()
    with page.expect_navigation():
        page.click("#two-factor-off button[type=submit]")
    expect(page.locator("#two-factor-qr svg")).to_be_visible()
    assert fits(page)
    shoot("two-factor-setup")
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret)
    page.fill("#two-factor-confirm #id_code", to_persian_digits(f"{totp(key):06d}"))
    with page.expect_navigation():
        page.click("#two-factor-confirm button[type=submit]")
    expect(page.locator("#backup-codes li")).to_have_count(10)
    assert fits(page)
    page.click("text=نگه داشتم")
    expect(page.locator("#two-factor-on")).to_be_visible()
    assert fits(page)

    log_out(page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", secretary.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    expect(page.locator("#two-factor-verify")).to_be_visible()
    assert fits(page)
    shoot("two-factor-login")
    # the code of the next 30 seconds (the one that confirmed is not accepted twice)
    page.fill("#id_code", f"{totp(key, drift=1):06d}")
    with page.expect_navigation():
        page.click("#two-factor-verify button[type=submit]")
    expect(page.locator("header .who")).to_contain_text(secretary.get_full_name())
    assert page_problems == []
