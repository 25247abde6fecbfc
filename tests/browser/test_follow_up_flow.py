"""The follow-up as people do it, in a real browser: an officer reports, the secretariat accepts.

Run alone with `.venv/bin/python -m pytest -q -m browser`. The screenshots land in docs/screenshots/.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from hamafza.lib.persian import to_ascii_digits
from hamafza.meetings.models import Assignment, ProgressReport
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

PERSIAN_LETTERS = re.compile(r"[\u0600-\u06FF]")


def fa(message: str) -> str:
    """The Persian text the page shows for an English msgid; it must really be translated."""
    with translation.override("fa"):
        text = translation.gettext(message)
    assert PERSIAN_LETTERS.search(text), f"{message!r} has no Persian translation"
    return text


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    expect(page.locator("header .who")).to_contain_text(user.get_full_name())


def log_out(page) -> None:
    toggle = page.locator("header .menu-toggle")
    if toggle.is_visible():  # a narrow screen: the header's menu is folded behind its button
        toggle.click()
    with page.expect_navigation():
        page.click("header form[action$='/logout/'] button")
    expect(page.locator("#id_username")).to_be_visible()


def state_counts(page) -> dict[str, int]:
    """The body dashboard's #state-counts, read off the page as a person reads it (Persian digits)."""
    counts = {}
    for kpi in page.locator("#state-counts [data-state]").all():
        counts[kpi.get_attribute("data-state")] = int(to_ascii_digits(kpi.locator(".n").inner_text().strip()))
    return counts


def assert_vazirmatn_and_charts(page, counts: dict[str, int]) -> None:
    """The page is set in Vazirmatn, and both charts are drawn; the pie shows the non-zero state counts."""
    loaded = page.evaluate(
        """async () => { await document.fonts.ready;
            return [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Vazirmatn' && f.status === 'loaded').length; }"""
    )
    assert loaded > 0, "Vazirmatn was not loaded"
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("Vazirmatn")
    for chart in ("#chart-states", "#chart-trend"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    pie = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-states')).getOption().series[0].data.map(d => d.value)"
    )
    assert pie == [n for n in counts.values() if n]


def test_officer_reports_and_secretariat_accepts(
    transactional_db,
    live_server,
    page,
    page_problems,
    shoot,
    tmp_path,
    body,
    secretary,
    officer,
    resolution,
    lead,
):
    from weasyprint import HTML

    evidence = tmp_path / "گزارش-پلیس.pdf"
    HTML(
        string="<html dir='rtl'><body><h1>گزارش اقدامات پلیس</h1><p>جلسات آموزشی در محلات هدف</p></body></html>"
    ).write_pdf(evidence)
    narrative = "برگزاری ۱۲ جلسه آموزشی پیشگیری از اعتیاد در محلات هدف با حضور ۴۰۰ نفر"

    # The officer of the police: home is the organisation's dashboard.
    log_in(page, live_server, officer)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    with page.expect_navigation():
        page.click(f"nav.mainnav a:text-is('{fa('My organization')}')")
    expect(page.locator("h1")).to_have_text(officer.organization.name)
    row = page.locator("#assignments tbody tr").filter(has_text=resolution.text)
    expect(row).to_have_count(1)
    shoot("01-officer-dashboard")

    with page.expect_navigation():
        row.locator("a").first.click()
    form = page.locator("#progress-form")
    expect(form).to_be_visible()
    form.locator("[name=percent]").fill("")
    form.locator("[name=percent]").press_sequentially("۱۰۰")
    form.locator("[name=note]").fill(narrative)
    form.locator("input[type=file][name=files]").set_input_files(str(evidence))
    shoot("02-report-form")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    expect(page.locator(".flash.success")).to_have_text(fa("Your report was sent to the secretariat."))
    expect(page.locator("h1 .state.in_review")).to_have_text(fa("Under review"))
    report_row = page.locator("#reports tbody tr").first
    expect(report_row).to_contain_text(narrative)
    expect(report_row).to_contain_text(evidence.name)
    expect(report_row.locator(".state.submitted")).to_have_text(fa("Awaiting review"))
    expect(report_row.locator("td.num").nth(1)).to_have_text("۱۰۰٪")
    report = ProgressReport.objects.get(assignment=lead)
    assert (report.percent, report.narrative, report.status) == (
        100,
        narrative,
        ProgressReport.Status.SUBMITTED,
    )
    assert [e.original_name for e in report.evidence.all()] == [evidence.name]
    log_out(page)

    # The secretariat: bodies, the body dashboard, the resolution, the report.
    log_in(page, live_server, secretary)
    with page.expect_navigation():
        page.click(f"a:text-is('{body.name}')")
    expect(page.locator("#state-counts")).to_be_visible()
    before = state_counts(page)
    assert before == {"not_started": 0, "in_progress": 1, "overdue": 0, "done": 0, "cancelled": 0}
    assert_vazirmatn_and_charts(page, before)

    with page.expect_navigation():
        page.click(f"a.btn:text-is('{fa('All resolutions')}')")
    with page.expect_navigation():
        page.locator("#resolutions").get_by_role("link", name=resolution.text).click()
    expect(page.locator("#resolution-text")).to_have_text(resolution.text)
    with page.expect_navigation():
        page.locator("#timeline li.submitted a", has_text=fa("view")).click()
    expect(page.locator("#report-percent")).to_have_text("۱۰۰٪")
    expect(page.locator("#review-form")).to_be_visible()
    shoot("03-secretariat-review")
    page.fill("#id_comment", "گزارش کامل است؛ تأیید شد.")
    with page.expect_navigation():
        page.click("#review-form button[value=accepted]")

    expect(page.locator(".flash.success")).to_have_text(fa("The report was accepted."))
    expect(page.locator("h1 .state.done")).to_have_text(fa("Done"))
    expect(page.locator("#timeline li.accepted")).to_have_count(1)
    lead.refresh_from_db()
    assert (lead.status, lead.progress) == (Assignment.Status.DONE, 100)

    with page.expect_navigation():
        page.click(f"nav.crumbs a:text-is('{body.name}')")
    after = state_counts(page)
    assert after == {**before, "in_progress": before["in_progress"] - 1, "done": before["done"] + 1}
    assert_vazirmatn_and_charts(page, after)
    shoot("04-body-dashboard")

    assert page_problems == []


def test_language_switch_to_english_turns_the_page_ltr(
    transactional_db, live_server, page, page_problems, shoot, officer, resolution
):
    log_in(page, live_server, officer)
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "fa")
    dashboard_url = page.url

    with page.expect_navigation():
        page.click(".langswitch button[value=en]")
    expect(html).to_have_attribute("dir", "ltr")
    expect(html).to_have_attribute("lang", "en")
    assert page.url == dashboard_url
    expect(page.locator("nav.mainnav")).to_contain_text("My organization")
    assert page.evaluate("getComputedStyle(document.body).direction") == "ltr"
    shoot("05-english")

    with page.expect_navigation():
        page.click(".langswitch button[value=fa]")
    expect(html).to_have_attribute("dir", "rtl")
    assert page_problems == []
