"""The needs and the pledges as lists Word and Excel users expect (issue 10): sorted by a column, filtered
by organisation and a Jalali date range, exported to a right-to-left Excel sheet of exactly those rows;
an agency's export holds only what its page shows, an anonymous donor stays anonymous in the file."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from hamafza.lib.jalali import format_jalali
from hamafza.participation.models import Need, Pledge

pytestmark = pytest.mark.django_db

NEEDS = "/participation/needs/"
PLEDGES = "/participation/pledges/"


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    return sheet


def _column(sheet, header):
    index = [cell.value for cell in sheet[1]].index(header)
    return [row[index] for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def needs(need, body, welfare, neighbourhood, officer, today):
    """The police's need (500m rials, needed in 90 days) and welfare's (80m, in 20 days)."""
    other = Need.objects.create(
        body=body,
        organization=welfare,
        region=neighbourhood,
        category="equipment",
        title="تجهیزات مرکز مشاوره",
        justification="مرکز مشاوره خانواده",
        estimated_cost=80_000_000,
        deadline=today + dt.timedelta(days=20),
        created_by=officer,
    )
    return need, other


def test_needs_sort_filter_and_export(client_for, secretary, needs, welfare, today):
    police_need, welfare_need = needs
    client = client_for(secretary)
    page = client.get(NEEDS, {"sort": "cost"}).content.decode()
    assert page.index(welfare_need.title) < page.index(police_need.title)
    page = client.get(NEEDS, {"sort": "-cost"}).content.decode()
    assert page.index(police_need.title) < page.index(welfare_need.title)
    sheet = _sheet(client.get(NEEDS, {"sort": "cost", "format": "xlsx"}))
    assert _column(sheet, "نیاز") == [welfare_need.title, police_need.title]
    assert _column(sheet, "هزینه برآوردی (ریال)") == [80_000_000, 500_000_000]
    needed_by = _column(sheet, "موردنیاز تا تاریخ (تاریخ اکسل)")
    assert [value.date() for value in needed_by] == [welfare_need.deadline, police_need.deadline]
    assert _column(sheet, "موردنیاز تا تاریخ") == [
        format_jalali(welfare_need.deadline),
        format_jalali(police_need.deadline),
    ]
    # by organisation, and by a Jalali range of the date needed
    sheet = _sheet(client.get(NEEDS, {"organization": welfare.pk, "format": "xlsx"}))
    assert _column(sheet, "نیاز") == [welfare_need.title]
    until = format_jalali(today + dt.timedelta(days=30))
    assert _column(_sheet(client.get(NEEDS, {"due_to": until, "format": "xlsx"})), "نیاز") == [
        welfare_need.title
    ]


def test_a_bad_date_in_the_needs_filter_is_said_in_persian(client_for, secretary, needs):
    response = client_for(secretary).get(NEEDS, {"due_from": "۱۴۰۲/۱۳/۴۰"})
    assert response.status_code == 200
    assert "تاریخ را به هجری شمسی وارد کنید" in response.content.decode()


def test_an_agency_exports_only_its_own_needs(client_for, officer, other_officer, needs):
    police_need, welfare_need = needs
    assert _column(_sheet(client_for(officer).get(NEEDS, {"format": "xlsx"})), "نیاز") == [police_need.title]
    assert _column(_sheet(client_for(other_officer).get(NEEDS, {"format": "xlsx"})), "نیاز") == [
        welfare_need.title
    ]


@pytest.fixture
def pledges(pledge, other_donor, body, approved_need, secretary):
    second = Pledge.objects.create(
        donor=other_donor, body=body, kind=Pledge.Kind.MONEY, value=50_000_000, created_by=secretary
    )
    return pledge, second


def test_pledges_sort_filter_and_export(client_for, secretary, officer, pledges, police, today):
    first, second = pledges
    client = client_for(secretary)
    sheet = _sheet(client.get(PLEDGES, {"sort": "value", "format": "xlsx"}))
    assert _column(sheet, "شماره") == [second.pk, first.pk]
    assert _column(sheet, "ارزش (ریال)") == [50_000_000, 200_000_000]
    assert _column(sheet, "تاریخ تعهد") == [format_jalali(today)] * 2
    # only the pledge to a need of the police
    sheet = _sheet(client.get(PLEDGES, {"organization": police.pk, "format": "xlsx"}))
    assert _column(sheet, "شماره") == [first.pk]
    yesterday = format_jalali(today - dt.timedelta(days=1))
    assert _column(_sheet(client.get(PLEDGES, {"due_to": yesterday, "format": "xlsx"})), "شماره") == []


def test_an_anonymous_donor_stays_anonymous_in_the_export(client_for, viewer, secretary, pledges):
    first, second = pledges  # the second donor is anonymous
    donors = _column(_sheet(client_for(viewer).get(PLEDGES, {"sort": "number", "format": "xlsx"})), "خیّر")
    assert second.donor.name not in donors
    donors = _column(_sheet(client_for(secretary).get(PLEDGES, {"sort": "number", "format": "xlsx"})), "خیّر")
    assert second.donor.name in donors


def test_an_agency_exports_only_the_pledges_to_its_needs(client_for, officer, other_officer, pledges):
    first, _second = pledges
    assert _column(_sheet(client_for(officer).get(PLEDGES, {"format": "xlsx"})), "شماره") == [first.pk]
    assert _column(_sheet(client_for(other_officer).get(PLEDGES, {"format": "xlsx"})), "شماره") == []
