"""The station's monthly and the province's quarterly reports: real PDF and Excel files, numbers only (no
name or national ID), 404 outside the user's reach."""

import io

import pytest
from openpyxl import load_workbook

from hamafza.lib.jalali import jalali_month
from tests.participation.test_certificates import has_persian, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(case, counsellor, today):
    from hamafza.counseling.services import cases

    cases.close_case(case, by=counsellor, outcome="reconciled", closed_on=today)
    return case


def test_the_station_monthly_report(client_for, closed, station_a, counsellor, today, tmp_path):
    month = jalali_month(today)
    base = f"/counseling/figures/stations/{station_a.pk}/report-{month // 100}-{month % 100}"
    response = client_for(counsellor).get(base + ".pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert has_persian(text, "تهران") and has_persian(text, "گزارش ماهانه مرکز مشاوره")
    assert "0012345679" not in text and "۰۰۱۲۳۴۵۶۷۹" not in text
    workbook = load_workbook(io.BytesIO(client_for(counsellor).get(base + ".xlsx").content))
    summary = workbook.worksheets[0]
    assert summary.sheet_view.rightToLeft
    assert [cell.value for cell in summary[4]][1:4] == [1, 1, 1]
    cells = [str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not any("مریم" in cell or "0012345679" in cell for cell in cells)


def test_the_province_quarterly_report(
    client_for, closed, province, reviewer, deputy, fars_counsellor, clerk, today
):
    month = jalali_month(today)
    quarter = ((month % 100) - 1) // 3 + 1
    url = f"/counseling/figures/provinces/{province.pk}/report-{month // 100}-q{quarter}"
    for user in (reviewer, deputy):
        assert client_for(user).get(url + ".pdf").content.startswith(b"%PDF")
        workbook = load_workbook(io.BytesIO(client_for(user).get(url + ".xlsx").content))
        assert workbook.worksheets[0].cell(row=4, column=4).value == 1
        assert len(workbook.worksheets) == 5
    for user in (fars_counsellor, clerk):
        assert client_for(user).get(url + ".pdf").status_code == 404
        assert client_for(user).get(url + ".xlsx").status_code == 404
