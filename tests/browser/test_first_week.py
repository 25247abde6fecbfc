"""Issue 10, the defects a newcomer met in the first week, each seen again in a real browser.

Each test failed before its fix. Run alone with `.venv/bin/python -m pytest -q -n 0 tests/browser/test_first_week.py`.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from tests.browser.test_follow_up_flow import log_in

pytestmark = pytest.mark.browser


def test_body_list_counts_each_resolution_once(
    transactional_db, live_server, page, page_problems, body, secretary, resolution, police, today
):
    """Defect 1: a body with three meetings and one open resolution read «۳ جلسه · ۳ مصوبه در دست اقدام»."""
    for number in (8, 9):
        services.create_meeting(body, by=secretary, number=number, held_on=today - dt.timedelta(days=number))
    second = services.ResolutionSpec(
        number="2",
        text="گزارش ماهانه",
        assignments=[services.AssignmentSpec(police, role=Assignment.Role.LEAD, deadline=today)],
    )
    services.create_resolution(resolution.meeting, by=secretary, spec=second)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/")
    card = page.locator(".card", has_text=body.name)
    expect(card).to_contain_text("۳ جلسه · ۲ مصوبه در دست اقدام · ۰ انجام‌شده")
    assert page_problems == []


TYPED = "لطفاً خیّرین محله ½ هزینه را بپردازند"


def test_text_is_kept_as_typed(transactional_db, live_server, page, page_problems, secretary, resolution):
    """Defect 9: «لطفاً» was stored as «لطفا», «خیّرین» as «خیرین» and «½» as «1⁄2»."""
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/resolutions/{resolution.pk}/edit/")
    # Pasted from Word with a right-to-left mark and blanks around it: those alone are dropped.
    page.fill("#id_text", f"  \u200f{TYPED}\n")
    with page.expect_navigation():
        page.locator("#id_text").evaluate("el => el.form.requestSubmit()")
    resolution.refresh_from_db()
    assert resolution.text == TYPED
    expect(page.locator("main")).to_contain_text(TYPED)
    # The search key is still folded: «لطفا خیرین» finds the resolution.
    page.goto(f"{live_server.url}/search/?q=لطفا خیرین")
    expect(page.locator("main")).to_contain_text("خیّرین")
    assert page_problems == []


def _submit(page, selector="#id_held_on"):
    with page.expect_navigation():
        page.locator(selector).evaluate("el => el.form.requestSubmit()")


def test_date_fields_read_what_people_type(
    transactional_db, live_server, page, page_problems, body, secretary
):
    """Defect 3: «2026-12-01» became «۱ اسفند ۲۰۲۶», «1500/01/01» was taken, «۱۳ آذر ۱۴۰۵» was refused."""
    log_in(page, live_server, secretary)
    new = f"{live_server.url}/bodies/{body.pk}/meetings/new/"
    page.goto(new)
    page.fill("#id_number", "۲۰")
    page.fill("#id_held_on", "1500/01/01")
    _submit(page)
    error = page.locator("form").get_by_text("پذیرفتنی نیست")
    expect(error).to_contain_text("۱۵۰۰")
    assert not any(ch in "0123456789" for ch in error.inner_text()), "the message has Latin digits"
    assert body.meetings.count() == 0
    # A Gregorian ISO date, as Excel writes it: read as such and shown back as the Jalali date.
    page.fill("#id_number", "بیست")  # not a number: the form comes back with the date converted
    page.fill("#id_held_on", "2026-12-01")
    _submit(page)
    expect(page.locator("#id_held_on")).to_have_value("۱۴۰۵/۰۹/۱۰")
    page.fill("#id_number", "۲۰")
    _submit(page)
    assert body.meetings.get(number=20).held_on == dt.date(2026, 12, 1)
    # A Jalali date with the month's name, in Persian digits, as the minutes write it.
    page.goto(new)
    page.fill("#id_number", "۲۱")
    page.fill("#id_held_on", "۱۳ آذر ۱۴۰۵")
    _submit(page)
    assert body.meetings.get(number=21).held_on == dt.date(2026, 12, 4)
    assert page_problems == []


def test_minutes_of_a_recorded_session_warn_and_refuse(
    transactional_db, live_server, page, page_problems, tmp_path, body, secretary, police, welfare, education
):
    """Defect 2: confirming minutes whose session number was already recorded gave a server error, and
    the draft gave no warning that this session (same number or same date) was recorded."""
    from hamafza.lib.jalali import parse_jalali
    from tests.browser.test_minutes_import_flow import minutes_docx

    twelve = services.create_meeting(body, by=secretary, number=12, held_on=parse_jalali("1403/08/01"))
    same_day = services.create_meeting(body, by=secretary, number=3, held_on=parse_jalali("1403/08/15"))
    docx = tmp_path / "صورتجلسه-۱۲.docx"
    minutes_docx(docx)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/{body.pk}/import/")
    page.set_input_files("#id_file", str(docx))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")
    warning = page.locator("#recorded-sessions")
    expect(warning).to_contain_text("جلسه ۱۲")
    expect(warning).to_contain_text("جلسه ۳")
    expect(warning.locator(f"a[href='/meetings/{twelve.pk}/']")).to_have_count(1)
    expect(warning.locator(f"a[href='/meetings/{same_day.pk}/']")).to_have_count(1)
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    expect(page.locator(".flash.error").first).to_contain_text("۱۲")
    assert body.meetings.count() == 2
    # Corrected to a new number, the minutes are confirmed.
    page.fill("#id_m-number", "۱۳")
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    assert body.meetings.get(number=13).resolutions.count() == 3
    assert page_problems == []
