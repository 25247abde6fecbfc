import datetime as dt
from io import BytesIO

import openpyxl
import pytest

from hamafza.lib.jalali import format_jalali
from hamafza.reports import render
from tests.reports.conftest import TEXTS


@pytest.fixture
def workbook(scenario):
    content = render.render(scenario.body, scenario.start, scenario.end, "xlsx", today=scenario.today)
    return openpyxl.load_workbook(BytesIO(content))


def rows_of(ws):
    header = [cell.value for cell in ws[1]]
    return [dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_are_right_to_left_with_a_frozen_styled_header(workbook):
    assert workbook.sheetnames == ["خلاصه", "مصوبات", "دستگاه‌ها"]
    for ws in workbook:
        assert ws.sheet_view.rightToLeft is True
        assert ws.freeze_panes == "A2"
        assert all(cell.font.bold for cell in ws[1])
        assert ws.column_dimensions["A"].width > 5


def test_summary_sheet(workbook, scenario):
    ws = workbook["خلاصه"]
    values = [tuple(row) for row in ws.iter_rows(min_row=1, max_row=7, values_only=True)]
    assert values == [
        ("وضعیت", "تعداد"),
        ("دارای تأخیر", 2),
        ("در حال انجام", 1),
        ("شروع‌نشده", 1),
        ("انجام‌شده", 2),
        ("لغوشده", 1),
        ("جمع", 7),
    ]
    labelled = {row[0]: row[1] for row in ws.iter_rows(min_row=9, values_only=True) if row[0]}
    assert labelled["نهاد"] == scenario.body.name
    assert (labelled["از"], labelled["تا"]) == (format_jalali(scenario.start), format_jalali(scenario.end))


def test_one_row_per_resolution_and_responsible_organisation(workbook, scenario):
    rows = rows_of(workbook["مصوبات"])
    summary = [(r["ردیف"], r["متن مصوبه"], r["دستگاه"], r["نقش"], r["وضعیت"], r["روز تأخیر"]) for r in rows]
    police, welfare, education = "فرماندهی انتظامی استان", "اداره کل بهزیستی", "اداره کل آموزش و پرورش"
    assert summary == [
        (1, TEXTS["overdue_10"], police, "مسئول اصلی", "دارای تأخیر", 10),
        (1, TEXTS["overdue_10"], education, "همکار", "دارای تأخیر", 10),
        (2, TEXTS["overdue_3"], welfare, "مسئول اصلی", "دارای تأخیر", 3),
        (3, TEXTS["resolution"], police, "مسئول اصلی", "شروع‌نشده", None),
        (3, TEXTS["resolution"], welfare, "همکار", "شروع‌نشده", None),
        (4, TEXTS["done_on_time"], police, "مسئول اصلی", "انجام‌شده", None),
        (5, TEXTS["done_late"], police, "مسئول اصلی", "انجام‌شده", None),
        (6, TEXTS["in_review"], police, "مسئول اصلی", "در حال انجام", None),
        (7, TEXTS["cancelled"], police, "مسئول اصلی", "لغوشده", None),
    ]
    meeting = scenario.resolutions["resolution"].meeting
    first = rows[0]
    assert first["تاریخ جلسه"] == format_jalali(meeting.held_on)  # text, Persian digits
    assert first["تاریخ جلسه"][0] == "۱"
    assert first["تاریخ جلسه (میلادی)"] == dt.datetime.combine(meeting.held_on, dt.time())
    assert (first["جلسه"], first["شماره مصوبه"]) == ("۷", "۲")
    assert first["سررسید"] == format_jalali(scenario.today - dt.timedelta(days=10))
    assert (first["پیشرفت"], first["آخرین گزارش"]) == (None, "هنوز گزارشی نداده است")
    supporting = rows[4]
    assert supporting["پیشرفت"] == pytest.approx(0.3)  # a number, shown as a percent
    assert workbook["مصوبات"].cell(row=6, column=13).number_format == "0%"
    assert (supporting["تاریخ گزارش"], supporting["بررسی دبیرخانه"], supporting["آخرین گزارش"]) == (
        format_jalali(scenario.today),
        "پذیرفته شده",
        "جلسات آموزش خانواده برگزار شد",
    )
    assert rows[7]["بررسی دبیرخانه"] == "در انتظار بررسی"
    assert rows[8]["دلیل لغو"] == "نبود اعتبار"


def test_on_time_rates_hand_computed(workbook):
    """See tests/reports/test_followup_data.py::test_rates_hand_computed for the arithmetic."""
    rows = {r["دستگاه"]: r for r in rows_of(workbook["دستگاه‌ها"])}
    police = rows["فرماندهی انتظامی استان"]
    assert (
        police["تکالیف"],
        police["انجام‌شده"],
        police["سررسیده"],
        police["انجام به‌موقع"],
        police["دارای تأخیر"],
    ) == (5, 2, 3, 1, 1)
    assert police["نرخ انجام به‌موقع"] == pytest.approx(1 / 3)
    assert rows["اداره کل بهزیستی"]["نرخ انجام به‌موقع"] == 0
    assert rows["اداره کل آموزش و پرورش"]["تکالیف"] == 1
    assert set(rows) == {"فرماندهی انتظامی استان", "اداره کل بهزیستی", "اداره کل آموزش و پرورش"}
    assert workbook["دستگاه‌ها"].cell(row=2, column=7).number_format == "0%"


def test_an_organisation_with_nothing_due_has_no_rate(body, resolution, today):
    # Only the shared resolution, both assignments due in 20 days: nothing came due, so the cell is empty.
    content = render.render(body, today - dt.timedelta(days=90), today, "xlsx", today=today)
    rows = rows_of(openpyxl.load_workbook(BytesIO(content))["دستگاه‌ها"])
    assert [(r["دستگاه"], r["سررسیده"], r["نرخ انجام به‌موقع"]) for r in rows] == [
        ("اداره کل بهزیستی", 0, None),
        ("فرماندهی انتظامی استان", 0, None),
    ]
