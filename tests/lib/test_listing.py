"""The shared list mechanism (hamafza/lib/listing.py): sort parameters, headers that keep the query,
and the Excel sheet (right to left, print settings, Jalali text beside a real date, real numbers)."""

import datetime as dt
from io import BytesIO

from django.http import QueryDict
from django.utils import translation
from openpyxl import load_workbook

from hamafza.lib.listing import Column, ExportColumn, Sort, query_with, workbook, xlsx_response

COLUMNS = [Column("name", "نام", ("name",)), Column("due", "موعد", ("due_on",)), Column("state", "وضعیت")]


def test_query_with_keeps_the_other_parameters_and_drops_the_page():
    params = QueryDict("state=overdue&organization=3&page=4")
    assert query_with(params, sort="-due", page=None) == "?state=overdue&organization=3&sort=-due"


def test_an_unknown_or_unsortable_column_falls_back_to_the_default():
    assert Sort(QueryDict("sort=-due"), COLUMNS).value == "-due"
    assert Sort(QueryDict("sort=password"), COLUMNS, "name").value == "name"
    assert Sort(QueryDict("sort=state"), COLUMNS).value == ""  # a column without an order
    assert Sort(QueryDict("sort=-;drop table"), COLUMNS).value == ""


def test_headers_toggle_the_direction_and_show_which_is_active():
    headers = Sort(QueryDict("sort=due&state=done&page=2"), COLUMNS).headers()
    name, due, state = headers
    assert name.url == "?sort=name&state=done" and not name.active
    assert due.url == "?sort=-due&state=done" and due.active and due.aria_sort == "ascending"
    assert state.url == ""  # not sortable: no link
    due = Sort(QueryDict("sort=-due"), COLUMNS).headers()[1]
    assert due.url == "?sort=due" and due.descending and due.aria_sort == "descending"


def _book(rows, language="fa"):
    columns = [
        ExportColumn("شماره", lambda r: r[0], "number", 8),
        ExportColumn("متن", lambda r: r[1], "text", 50),
        ExportColumn("موعد", lambda r: r[2], "date"),
        ExportColumn("پیشرفت", lambda r: r[3], "percent"),
    ]
    with translation.override(language):
        response = xlsx_response("فهرست", columns, rows, today=dt.date(2026, 12, 1), slug="list", key=7)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="list-7-2026-12-01.xlsx"' in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def test_the_sheet_reads_right_to_left_and_prints_as_a_table():
    sheet = _book([("12", '=HYPERLINK("http://x")', dt.date(2023, 10, 21), 40)])
    assert sheet.sheet_view.rightToLeft
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert [c.value for c in sheet[1]] == ["شماره", "متن", "موعد", "موعد (تاریخ اکسل)", "پیشرفت"]
    assert all(c.font.bold for c in sheet[1])
    number, text, jalali, real, percent = sheet[2]
    assert number.value == 12 and number.data_type == "n"
    assert text.value == '=HYPERLINK("http://x")' and text.data_type == "s"  # never a formula
    assert jalali.value == "۱۴۰۲/۰۷/۲۹"
    assert real.is_date and real.value.date() == dt.date(2023, 10, 21)
    assert percent.value == 0.4 and percent.number_format == "0%"


def test_an_english_sheet_reads_left_to_right_with_latin_digits():
    sheet = _book([("7a", "x", None, None)], language="en")
    assert not sheet.sheet_view.rightToLeft
    number, _text, jalali, real, percent = sheet[2]
    assert number.value == "7a"  # a number as written that is not a number stays text
    assert jalali.value is None and real.value is None and percent.value is None


def test_an_empty_list_is_a_header_alone():
    columns = [ExportColumn("a", lambda r: r)]
    sheet = workbook("x", columns, [])
    assert sheet.active.max_row == 1
