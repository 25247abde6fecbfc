"""A counsellor's case in a browser, on a desk and on a phone: open a case with a party whose name is
kept encrypted, record a session, close it reconciled; the station's figures count it; the case page and
the figures fit a 390 px screen; the name is shown only on its logged page."""

import pytest
from playwright.sync_api import expect

from hamafza.audit.models import AuditEntry
from hamafza.counseling.models import Case
from hamafza.lib.jalali import format_jalali
from tests.browser.test_follow_up_flow import log_in
from tests.counseling.cast import *  # noqa: F403 (the counselling cast)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_counsellor_opens_records_and_closes_a_case(
    page, page_problems, shoot, live_server, browser, counsellor, station_a, kinds, today
):
    log_in(page, live_server, counsellor)
    page.goto(f"{live_server.url}/counseling/")
    with page.expect_navigation():
        page.click("#open-case")
    page.fill("#id_opened_on", format_jalali(today))
    page.select_option("#id_channel", "walk_in")
    page.select_option("#id_kind", str(kinds["neighbours"].pk))
    page.fill("#id_summary", "اختلاف دو همسایه بر سر پارکینگ مشترک")
    page.select_option("#id_party-0-role", index=1)
    page.fill("#id_party-0-name", "رضا احمدی")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    case = Case.objects.get(station=station_a)
    assert page.url.endswith(f"/counseling/cases/{case.pk}/")
    # Lists and the case page never show the name; the database holds a token, not the name.
    expect(page.locator("body")).not_to_contain_text("رضا احمدی")
    expect(page.locator("#parties")).to_contain_text("ثبت‌شده (رمزنگاری‌شده)")
    assert "رضا احمدی" not in str(list(case.parties.values_list("name_token", flat=True)))

    page.fill("#session-form [name=held_on]", format_jalali(today))
    page.fill("#session-form [name=duration_minutes]", "۴۵")
    page.fill("#session-form [name=notes]", "دو طرف برای جلسه دوم توافق کردند")
    with page.expect_navigation():
        page.click("#session-form button[type=submit]")
    expect(page.locator("#sessions")).to_contain_text("۴۵")

    page.select_option("#close-form [name=outcome]", "reconciled")
    page.fill("#close-form [name=closed_on]", format_jalali(today))
    with page.expect_navigation():
        page.click("#close-form button[type=submit]")
    expect(page.locator("#outcome")).to_contain_text("صلح و سازش")
    shoot("18-counseling-case")

    # The name, on its own page, and the read is logged.
    with page.expect_navigation():
        page.click("#show-personal")
    expect(page.locator("body")).to_contain_text("رضا احمدی")
    assert AuditEntry.objects.filter(action="counseling_case.read_personal").count() == 1

    page.goto(f"{live_server.url}/counseling/figures/stations/{station_a.pk}/")
    expect(page.locator("body")).to_contain_text("۱۰۰٪")

    # On a phone: the case and the figures fit the screen.
    phone = browser.new_context(viewport=PHONE, locale="fa-IR", timezone_id="Asia/Tehran", is_mobile=True)
    mobile = phone.new_page()
    log_in(mobile, live_server, counsellor)
    for url in (
        f"/counseling/cases/{case.pk}/",
        f"/counseling/figures/stations/{station_a.pk}/",
        "/counseling/",
    ):
        mobile.goto(live_server.url + url)
        assert fits(mobile), url
    phone.close()
    assert page_problems == []
