"""Minutes imported from a Word file in a real browser: read, one responsible corrected, confirmed, and the
resolutions are on the body's dashboard."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from hamafza.meetings.models import Meeting
from tests.browser.test_follow_up_flow import fa, log_in, state_counts

pytestmark = pytest.mark.browser

RESOLUTIONS = [
    ("۱", "شناسایی خانواده‌های نیازمند حمایت در محلات هدف", "اداره کل بهزیستی"),
    ("۲", "برگزاری کلاس‌های مهارت زندگی برای دانش‌آموزان دوره متوسطه", "فرماندهی انتظامی استان"),
    ("۳", "افزایش گشت‌های پیشگیرانه در پارک‌های محله", "فرماندهی انتظامی استان"),
]


def minutes_docx(path) -> None:
    """A Word file as secretariats write them: a heading, the date, and a table of resolutions."""
    document = Document()
    document.add_paragraph("صورتجلسه دوازدهمین جلسه کارگروه اجتماعی استان")
    document.add_paragraph("تاریخ جلسه: ۱۴۰۳/۰۸/۱۵")
    document.add_paragraph("مصوبات:")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ["ردیف", "مصوبه", "مسئول پیگیری"], strict=True):
        cell.text = text
    for row in RESOLUTIONS:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def test_secretariat_imports_word_minutes(
    page, live_server, page_problems, shoot, tmp_path, body, secretary, police, welfare, education
):
    docx = tmp_path / "صورتجلسه-۱۲.docx"
    minutes_docx(docx)
    log_in(page, live_server, secretary)
    page.goto(f"{live_server.url}/bodies/{body.pk}/")
    before = state_counts(page)
    with page.expect_navigation():
        page.get_by_role("link", name=fa("Import minutes")).click()
    page.set_input_files("#id_file", str(docx))
    with page.expect_navigation():
        page.click("#import-form button[type=submit]")

    # The draft beside its source: three resolutions, each matched to the organisation it names.
    expect(page.locator(".draft-item")).to_have_count(3)
    expect(page.locator("#source mark")).to_have_count(3)
    expect(page.locator("#id_m-held_on")).to_have_value("۱۴۰۳/۰۸/۱۵")
    expect(page.locator("#id_r1-resp_0 option:checked")).to_have_text(police.name)
    # The second one is the education office's: correct it.
    page.select_option("#id_r1-resp_0", str(education.pk))
    page.locator("#id_r1-text").focus()
    expect(page.locator("#src-1")).to_have_class("active")
    shoot("06-minutes-import")
    with page.expect_navigation():
        page.get_by_role("button", name=fa("Confirm and create the meeting")).click()

    meeting = Meeting.objects.get(body=body, number=12)
    assert [
        (r.text, r.assignments.get(role="lead").organization_id)
        for r in meeting.resolutions.order_by("position")
    ] == [(RESOLUTIONS[0][1], welfare.pk), (RESOLUTIONS[1][1], education.pk), (RESOLUTIONS[2][1], police.pk)]

    page.goto(f"{live_server.url}/bodies/{body.pk}/")
    after = state_counts(page)
    assert after["not_started"] == before["not_started"] + 3
    with page.expect_navigation():
        page.get_by_role("link", name=fa("All resolutions")).click()
    for _number, text, _org in RESOLUTIONS:
        expect(page.locator("#resolutions")).to_contain_text(text)
    expect(page.locator("#resolutions")).to_contain_text(education.name)
    # Resolution numbers are shown in Persian digits.
    numbers = page.locator("#resolutions tbody tr td.num:first-child").all_inner_texts()
    assert {"۱", "۲", "۳"} <= set(numbers)
    assert page_problems == []
