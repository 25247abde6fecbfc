import copy
import datetime as dt
import re

import pytest

from hamafza.lib.jalali import format_jalali
from hamafza.lib.persian import to_persian_digits
from hamafza.reports import followup, pdf, render
from tests.reports.conftest import TEXTS, add_resolution
from tests.reports.pdftext import embedded_fonts, fonts, missing_words, pdf_pages, position, visual


@pytest.fixture
def pdf_bytes(scenario):
    return render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today)


def test_is_a_pdf_with_the_body_the_period_and_every_resolution(pdf_bytes, scenario):
    assert pdf_bytes.startswith(b"%PDF-")
    text = "\n".join(pdf_pages(pdf_bytes))
    assert missing_words(scenario.body.name, text) == []
    assert missing_words("گزارش پیگیری مصوبات", text) == []
    for key in (
        "resolution",
        "overdue_10",
        "overdue_3",
        "done_on_time",
        "done_late",
        "in_review",
        "cancelled",
    ):
        assert missing_words(TEXTS[key], text) == [], key
    assert missing_words(TEXTS["later"], text) != [], "a resolution passed after the period is left out"
    # Jalali dates in Persian digits: the period, the session, today's reports and the overdue deadline.
    meeting = scenario.resolutions["resolution"].meeting
    for day in (scenario.start, scenario.end, meeting.held_on, scenario.today - dt.timedelta(days=10)):
        assert format_jalali(day) in text
        assert format_jalali(day).startswith(("۱۳", "۱۴"))
    assert format_jalali(scenario.start, persian_digits=False) not in text
    # Narratives, review states, the days late and the cancel reason.
    for words in (
        "جلسات آموزش خانواده برگزار شد",
        "پذیرفته شده",
        "در انتظار بررسی",
        "نبود اعتبار",
        "روز تأخیر",
    ):
        assert missing_words(words, text) == [], words
    assert "۳۰٪" in text and "۱۰۰٪" in text


def test_overdue_resolutions_come_first(pdf_bytes):
    text = "\n".join(pdf_pages(pdf_bytes))
    order = ["overdue_10", "overdue_3", "resolution", "done_on_time", "done_late", "in_review", "cancelled"]
    positions = [position(TEXTS[key], text) for key in order]
    assert positions == sorted(positions)


def test_fonts_are_the_embedded_vazirmatn(pdf_bytes):
    assert fonts(pdf_bytes) == {"Vazirmatn", "Vazirmatn-Bold"}
    assert embedded_fonts(pdf_bytes) == {"Vazirmatn": ["FontFile2"], "Vazirmatn-Bold": ["FontFile2"]}


def test_pages_are_numbered_and_the_table_header_repeats(scenario, secretary, police):
    meeting = scenario.resolutions["resolution"].meeting
    for number in range(20, 45):
        add_resolution(
            meeting,
            secretary,
            number,
            f"مصوبه شماره {number} درباره پیشگیری",
            [(police, "lead", scenario.today)],
        )
    pages = pdf_pages(render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today))
    assert len(pages) >= 3
    total = to_persian_digits(str(len(pages)))
    for number, text in enumerate(pages, start=1):
        # «صفحه ۲ از ۳», read in visual order
        assert f"{total} {visual('از')} {to_persian_digits(str(number))} {visual('صفحه')}" in text
    header = "دستگاه‌های مسئول و آخرین گزارش آنها"
    assert missing_words(header, pages[0]) == []
    assert missing_words(header, pages[1]) == []


def test_template_has_no_missing_variables(scenario, settings):
    # A copy, assigned whole: mutating settings.TEMPLATES in place would outlive this test (the settings
    # fixture restores assignments only) and mark every later page of the same worker «MISSING[…]».
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"
    settings.TEMPLATES = templates
    from django.utils import translation

    with translation.override("fa"):
        html = pdf.render_html(
            followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
        )
    assert "MISSING[" not in html
    assert "None" not in html
    assert 'dir="rtl"' in html


def test_only_local_fonts_can_be_fetched():
    font = pdf.font_dir() / "Vazirmatn-Regular.ttf"
    fetched = pdf.local_fonts_only(font.resolve().as_uri())
    with fetched["file_obj"] as data:
        assert data.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    for url in (
        "https://fonts.googleapis.com/css2?family=Vazirmatn",
        "http://127.0.0.1/x.css",
        "file:///etc/passwd",
        (pdf.font_dir() / ".." / ".." / "package.json").resolve().as_uri(),
        "data:text/css,body{}",
    ):
        with pytest.raises(pdf.RefusedURL):
            pdf.local_fonts_only(url)


def test_markup_in_names_cannot_break_the_page(scenario):
    scenario.body.name = 'کارگروه "ویژه" </style><b>'
    scenario.body.save()
    content = render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today)
    assert missing_words("کارگروه", "\n".join(pdf_pages(content))) == []


def test_english_report_reads_left_to_right(scenario):
    from django.utils import translation

    with translation.override("en"):
        html = pdf.render_html(
            followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
        )
    assert 'dir="ltr"' in html and "counter(page, decimal)" in html
    content = render.render(
        scenario.body, scenario.start, scenario.end, "pdf", language="en", today=scenario.today
    )
    text = "\n".join(pdf_pages(content))
    assert "Follow-up report of resolutions" in text
    assert format_jalali(scenario.end, persian_digits=False) in text


def copied(content: bytes) -> str:
    """The text as a reader copies it out of the PDF: each line's glyphs, taken in visual order, put back
    in logical order by the Unicode bidi algorithm (what a PDF viewer does on copy)."""
    from bidi import get_display

    lines = "\n".join(pdf_pages(content)).splitlines()
    return "\n".join(get_display(line, base_dir="R") for line in lines)


def test_lam_alef_copies_out_as_written(scenario, secretary, police):
    """The «لا» ligature is one glyph; its text must come out «لا», not «ال» («محلات», not «محالت»)."""
    meeting = scenario.resolutions["resolution"].meeting
    add_resolution(
        meeting, secretary, 30, "اطلاعات لازم بلافاصله ارسال شود", [(police, "lead", scenario.today)]
    )
    text = copied(render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today))
    for word in ("محلات", "اطلاعات", "لازم", "بلافاصله"):
        assert word in text, word
    assert "محالت" not in text and "الزم" not in text


def _many(scenario, secretary, police, count):
    meeting = scenario.resolutions["resolution"].meeting
    for number in range(100, 100 + count):
        add_resolution(
            meeting,
            secretary,
            number,
            f"مصوبه بلند شماره {number} درباره اطلاعات لازم برای پیشگیری از آسیب در محلات " * 6,
            [(police, "lead", scenario.today)],
        )


def test_a_long_report_is_laid_out_in_parts_and_reads_as_one(scenario, secretary, police, settings):
    """From PARALLEL_FROM resolutions on, the report is laid out in parts by several processes and
    joined: every page numbered «صفحه k از n» of the whole, the footers kept, «لا» copied out as
    written, and every word of the report as laid out in one piece."""
    _many(scenario, secretary, police, pdf.PARALLEL_FROM)
    settings.REPORT_PDF_WORKERS = 2
    joined = render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today)
    settings.REPORT_PDF_WORKERS = 1
    whole = render.render(scenario.body, scenario.start, scenario.end, "pdf", today=scenario.today)
    assert b"pypdf" in joined and b"pypdf" not in whole  # joined from parts; laid out in one piece

    pages = pdf_pages(joined)
    assert len(pages) >= 4
    total = to_persian_digits(str(len(pages)))
    for number, text in enumerate(pages, start=1):
        assert f"{total} {visual('از')} {to_persian_digits(str(number))} {visual('صفحه')}" in text, number
        assert missing_words(scenario.body.name, text) == [], number  # the body's name in every footer
    text = "\n".join(pages)
    for key in ("overdue_10", "resolution", "done_late", "cancelled"):
        assert missing_words(TEXTS[key], text) == [], key
    # Every word of the report laid out in one piece (but the time it was made: a minute may turn between).
    clock = re.compile("^[۰-۹]{2}:[۰-۹]{2}$")
    words = {w for w in " ".join(pdf_pages(whole)).split() if not clock.match(w)}
    assert words <= set(" ".join(pages).split()) | {visual(w) for w in ("از", "صفحه")}
    copy = copied(joined)
    assert "اطلاعات" in copy and "محلات" in copy and "محالت" not in copy
    assert len(joined) < 2 * len(whole), "the parts' fonts and pages are joined, not bloated"


def test_the_parts_share_the_rows_in_order_and_number_them_on():
    class Row:
        def __init__(self, size):
            self.resolution = type("R", (), {"text": "ا" * size})()
            self.responsibles = []

    rows = [Row(size) for size in (900, 100, 100, 100, 800, 300, 300, 300, 200, 100)]
    runs = pdf.split_rows(rows, 3)
    assert [row for run in runs for row in run] == rows
    assert len(runs) == 3 and all(runs)
    weights = [sum(len(r.resolution.text) for r in run) for run in runs]
    assert max(weights) <= 1300
    assert pdf.split_rows(rows[:1], 4) == [rows[:1]]
    assert pdf.split_rows([], 2) == [[]]


def test_a_later_part_numbers_its_rows_on_from_the_earlier_ones(scenario):
    from django.utils import translation

    report = followup.gather(scenario.body, scenario.start, scenario.end, today=scenario.today)
    with translation.override("fa"):
        html = pdf.render_html(
            report, rows=report.rows[2:], offset=2, first=False, last=False, numbered=False
        )
        numbers = pdf.render_html(report, blank_pages=3)
    row_numbers = re.findall(r'<tr class="[a-z_]+">\s*<td class="num">([۰-۹]+)</td>', html)
    assert row_numbers == [to_persian_digits(str(n)) for n in range(3, len(report.rows) + 1)]
    assert report.body.name not in html.split("<body>")[1]  # no heading in a later part
    assert "counter(pages" not in html  # its pages are numbered when the parts are joined
    assert numbers.count('class="blank"') == 2 and "counter(pages" in numbers
