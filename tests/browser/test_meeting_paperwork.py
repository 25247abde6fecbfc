"""A meeting's paperwork in a browser: the secretariat downloads the minutes (Word) and the lead
organisation's notification letter (PDF and Word) from the meeting page, and the officer of a supporting
organisation finds only its own letter there. The letter's first page is drawn (pypdfium2, which
pdfplumber brings) for the README's screenshot."""

import datetime as dt
import io
from pathlib import Path

import docx
import pypdfium2
import pytest
from playwright.sync_api import expect

from hamafza.lib.jalali import format_jalali
from hamafza.meetings import services
from hamafza.meetings.models import Assignment
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_follow_up_flow import log_in, log_out
from tests.reports.pdftext import missing_words, pdf_pages

pytestmark = pytest.mark.browser


def download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    path = info.value.path()
    return Path(path).read_bytes()


def draw_first_page(content: bytes, name: str) -> Path:
    """The PDF's first page as a PNG of 1,240 pixels' width, beside the other screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = pypdfium2.PdfDocument(content)
    try:
        first = pdf[0]
        image = first.render(scale=1240 / first.get_width()).to_pil()
        path = SCREENSHOTS / f"{name}.png"
        image.save(path)
        return path
    finally:
        pdf.close()


def test_the_secretariat_downloads_the_minutes_and_the_letters(
    page, page_problems, live_server, secretary, other_officer, meeting, lead, supporting, today
):
    police, welfare = lead.organization, supporting.organization
    services.create_resolution(
        meeting,
        by=secretary,
        spec=services.ResolutionSpec(
            number="2",
            text="برگزاری دوره‌های آموزش مهارت‌های زندگی برای خانواده‌های محلات هدف با همکاری سرای محله",
            assignments=[
                services.AssignmentSpec(welfare, deadline=today + dt.timedelta(days=60)),
                services.AssignmentSpec(
                    police,
                    role=Assignment.Role.SUPPORTING,
                    recurrence=Assignment.Recurrence.PERIODIC,
                    interval=3,
                ),
            ],
        ),
    )
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("#paperwork")).to_contain_text("اسناد جلسه")
    expect(page.locator("#notice-links > div")).to_have_count(2)

    minutes = docx.Document(io.BytesIO(download(page, "#minutes-links a:text('Word')")))
    assert minutes.tables[1].rows[1].cells[1].text == "پیشگیری از آسیب‌های اجتماعی در محلات هدف"
    assert "دبیرخانه کارگروه اجتماعی استان" in minutes.sections[0].header.tables[0].cell(0, 0).text

    letter = download(page, f"#notice-links [data-organization='{police.pk}'] a:text('PDF')")
    text = "\n".join(pdf_pages(letter))
    assert missing_words("ابلاغیه", text) == []
    assert missing_words("به: فرماندهی انتظامی استان", text) == []
    assert missing_words("پیشگیری از آسیب‌های اجتماعی در محلات هدف", text) == []
    assert format_jalali(lead.deadline) in text
    assert draw_first_page(letter, "19-notification-letter").stat().st_size > 10_000

    word = docx.Document(
        io.BytesIO(download(page, f"#notice-links [data-organization='{police.pk}'] a:text('Word')"))
    )
    assert word.tables[0].rows[1].cells[0].text == "مصوبه ۱ جلسه ۷"
    assert [cell.text for cell in word.tables[0].rows[2].cells][2:] == [
        "همکار (مسئول اصلی: اداره کل بهزیستی)",
        "هر ۳ ماه یک‌بار",
    ]

    log_out(page)
    log_in(page, live_server, other_officer)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.locator("#notice-links > div")).to_have_count(1)
    expect(page.locator("#notice-links")).to_contain_text(welfare.name)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the links wrap, nothing scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    own = docx.Document(
        io.BytesIO(download(page, f"#notice-links [data-organization='{welfare.pk}'] a:text('Word')"))
    )
    assert own.tables[0].rows[1].cells[2].text == "همکار (مسئول اصلی: فرماندهی انتظامی استان)"
    assert page_problems == []
