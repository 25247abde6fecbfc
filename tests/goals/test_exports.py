"""The year-end review package as real PDF and Excel files, per organisation and per province, and the
scorecard workbook: Persian, right to left, Jalali dates, the reviews' words as written."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hamafza.lib.persian import to_persian_digits
from tests.participation.test_certificates import has_persian, pdf_text

pytestmark = pytest.mark.django_db


def test_the_package_of_an_organisation_as_pdf(client_for, world, national_owner, tehran_programme, year):
    response = client_for(national_owner).get(
        reverse("goals:programme_package", args=[tehran_programme.pk, "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert has_persian(text, "کمبود مشاور")  # the weaknesses, as Tehran wrote them
    assert has_persian(text, "جذب مشاور داوطلب")  # the proposal
    assert to_persian_digits(str(year)) in text or to_persian_digits(str(year))[::-1] in text


def test_the_package_as_excel_reads_right_to_left(client_for, world, tehran_officer, tehran_programme):
    response = client_for(tehran_officer).get(
        reverse("goals:programme_package", args=[tehran_programme.pk, "xlsx"])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert [sheet.title for sheet in workbook] == ["خلاصه", "هدف‌ها و سنجه‌ها", "آسیب‌شناسی پایان سال"]
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook)
    summary = list(workbook["خلاصه"].iter_rows(min_row=2, values_only=True))
    assert summary[0][:4] == (
        tehran_programme.organization.name,
        tehran_programme.title,
        tehran_programme.year,
        2,
    )
    measures = list(workbook["هدف‌ها و سنجه‌ها"].iter_rows(min_row=2, values_only=True))
    first = measures[0]
    assert (first[1], first[4], first[8], first[10]) == (1, "جلسات آموزش خانواده", 40, 190)  # value, achieved
    reviews = list(workbook["آسیب‌شناسی پایان سال"].iter_rows(min_row=2, values_only=True))
    assert reviews[0][4:9] == ("۱۹۰ جلسه", "همکاری آموزش و پرورش", "کمبود مشاور", "بودجه", "جذب مشاور داوطلب")
    assert reviews[1][3] == "نوشته نشده"


def test_the_province_package_gathers_the_provinces_programmes(
    client_for, world, national_owner, year, province, tehran, tehran_programme, city
):
    from hamafza.goals.services import programmes as services
    from hamafza.goals.services.programmes import MeasureSpec
    from hamafza.orgs.models import Organization
    from tests.conftest import _user

    county = Organization.objects.create(
        name="فرماندهی انتظامی شهرستان تهران", region=city.parent, parent=tehran
    )
    officer = _user("county_officer", county, officer=True)
    tehran_programme.refresh_from_db()  # activated by `world`
    adoption = services.adopt_programme(tehran_programme, by=officer)
    own = services.add_goal(adoption, by=officer, title="هدف ویژه شهرستان")
    services.add_measure(
        own, by=officer, spec=MeasureSpec(name="نشست", source="manual", baseline=0, target=3)
    )
    url = reverse("goals:province_package", args=[year, province.pk, "xlsx"])
    workbook = load_workbook(io.BytesIO(client_for(national_owner).get(url).content))
    organisations = [row[0] for row in workbook["خلاصه"].iter_rows(min_row=2, values_only=True)]
    assert organisations == [county.name, tehran.name]  # the county's too; not the national programme


def test_the_scorecard_ranks_by_goals_met(
    client_for, world, national_owner, national_programme, tehran_programme, fars_programme, reviewer
):
    from hamafza.goals.services import reports

    fars_measure = fars_programme.goals.get(number=1).measures.get()
    fars_officer = fars_programme.organization.users.get()
    reports.accept_report(
        reports.submit_report(fars_measure, by=fars_officer, quarter=4, value=200, narrative="۲۰۰ جلسه"),
        by=reviewer,
    )
    url = reverse("goals:scorecard", args=[national_programme.pk])
    page = client_for(national_owner).get(url).content.decode()
    assert page.index(f'data-organization="{fars_programme.organization_id}"') < page.index(
        f'data-organization="{tehran_programme.organization_id}"'
    )
    workbook = load_workbook(io.BytesIO(client_for(national_owner).get(url + "?format=xlsx").content))
    rows = list(workbook.active.iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[1], row[4]) for row in rows] == [
        (1, fars_programme.organization.name, 1),
        (2, tehran_programme.organization.name, 0),
    ]
    assert workbook.active.sheet_view.rightToLeft
