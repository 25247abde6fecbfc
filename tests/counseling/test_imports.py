"""Monthly statistics from Excel: template, preview with row errors, one transaction, a repeated file adds
nothing, and the rows count in the figures like recorded cases. Real .xlsx files."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from hamafza.atlas.services.queries import month_add
from hamafza.counseling.models import MonthlyStatistic, StatisticsBatch
from hamafza.counseling.services import figures
from hamafza.lib.jalali import jalali_month
from hamafza.lib.persian import to_persian_digits

pytestmark = pytest.mark.django_db

HEADERS = [
    "کلانتری",
    "ماه",
    "نوع اختلاف",
    "پرونده‌های تشکیل‌شده",
    "ختم به صلح و سازش",
    "سازش نسبی",
    "ارجاع به مرجع قضایی",
    "استرداد شکایت",
]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _file(data, name="stats.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture
def month(today):
    return month_add(jalali_month(today), -1)


def _label(month):
    return to_persian_digits(f"{month // 100}/{month % 100:02d}")


def test_the_template_has_the_headers(client_for, reviewer):
    response = client_for(reviewer).get("/counseling/statistics/template.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value.rstrip(" *") for cell in sheet[1]] == HEADERS


def test_upload_preview_confirm_and_a_repeated_file(
    client_for, reviewer, station_a, station_b, kinds, month, province
):
    client = client_for(reviewer)
    data = _xlsx(
        [
            [station_a.name, _label(month), "خانوادگی", 10, 7, 1, 1, 1],
            [station_b.name, month, "همسایگان", "۵", "۳", "", 1, 0],
        ]
    )
    page = client.post("/counseling/statistics/", {"file": _file(data)}).content.decode()
    assert 'id="confirm"' in page
    assert not MonthlyStatistic.objects.exists()
    client.post("/counseling/statistics/confirm/")
    assert MonthlyStatistic.objects.count() == 2
    data_now = figures.province(province.pk, month, month).total.now
    assert (data_now.opened, data_now.closed, data_now.reconciled) == (15, 14, 10)
    # The same file again adds nothing.
    client.post("/counseling/statistics/", {"file": _file(data)})
    response = client.post("/counseling/statistics/confirm/", follow=True)
    assert MonthlyStatistic.objects.count() == 2 and StatisticsBatch.objects.count() == 1
    assert "flash info" in response.content.decode()
    assert figures.province(province.pk, month, month).total.now.opened == 15


def test_a_file_with_a_wrong_row_saves_nothing(client_for, reviewer, station_a, kinds, month, fars_station):
    client = client_for(reviewer)
    data = _xlsx(
        [
            [station_a.name, month, "خانوادگی", 10, 7, 1, 1, 1],
            [station_a.name, month, "نوع ناموجود", 1, 1, 0, 0, 0],
            [fars_station.name, month, "خانوادگی", 1, 1, 0, 0, 0],
            [station_a.name, month_add(month, 2), "خانوادگی", 1, 1, 0, 0, 0],
            [station_a.name, month, "خانوادگی", 3, 1, 0, 0, 0],
        ]
    )
    page = client.post("/counseling/statistics/", {"file": _file(data)}).content.decode()
    assert 'id="confirm"' not in page
    assert "نوع ناموجود" in page and fars_station.name in page
    client.post("/counseling/statistics/confirm/")
    assert not MonthlyStatistic.objects.exists()


def test_a_file_that_is_not_excel_is_refused(client_for, reviewer):
    page = client_for(reviewer).post("/counseling/statistics/", {"file": _file(b"not a workbook", "x.xlsx")})
    assert "flash error" in page.content.decode()


def test_only_those_who_read_cases_upload(client_for, deputy, clerk):
    for user in (deputy, clerk):
        assert client_for(user).get("/counseling/statistics/").status_code == 404
