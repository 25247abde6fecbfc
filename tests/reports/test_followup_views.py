from io import BytesIO
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from hamafza.lib.jalali import format_jalali
from hamafza.reports.followup import default_period
from tests.reports.pdftext import missing_words, pdf_pages


def url(body):
    return reverse("reports:followup", args=[body.pk])


def params(scenario, fmt):
    return {"start": format_jalali(scenario.start), "end": format_jalali(scenario.end), "format": fmt}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 200),
        ("viewer", 200),
        ("admin", 200),
        ("officer", 403),
        ("other_officer", 403),
        ("outsider", 404),
    ],
)
def test_access_to_the_form(request, client_for, body, resolution, who, status):
    response = client_for(request.getfixturevalue(who)).get(url(body))
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("officer", 403), ("outsider", 404)])
def test_no_file_for_those_without_access(request, client_for, scenario, who, status):
    response = client_for(request.getfixturevalue(who)).get(url(scenario.body), params(scenario, "pdf"))
    assert response.status_code == status
    assert response.get("Content-Disposition") is None


def test_anonymous_is_sent_to_log_in(client, body):
    response = client.get(url(body))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_form_offers_the_current_season(client_for, secretary, body, today):
    response = client_for(secretary).get(url(body))
    start, end = default_period(today)
    html = response.content.decode()
    assert f'value="{format_jalali(start)}"' in html and f'value="{format_jalali(end)}"' in html
    assert 'name="format"' in html


@pytest.mark.parametrize("who", ["secretary", "viewer"])
def test_pdf_download(request, client_for, scenario, who):
    response = client_for(request.getfixturevalue(who)).get(url(scenario.body), params(scenario, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="followup-')
    assert disposition.isascii()
    assert f"filename*=UTF-8''{quote('گزارش پیگیری - ' + scenario.body.name, safe='')}" in disposition
    text = "\n".join(pdf_pages(response.content))
    assert missing_words(scenario.body.name, text) == []


def test_xlsx_download(client_for, secretary, scenario):
    response = client_for(secretary).get(url(scenario.body), params(scenario, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["خلاصه", "مصوبات", "دستگاه‌ها"]
    assert workbook["مصوبات"].max_row == 1 + 9


def test_ascii_and_arabic_digits_are_accepted(client_for, secretary, scenario):
    query = {
        "start": format_jalali(scenario.start, persian_digits=False),
        "end": "١٤٠٩/١٢/٢٩",
        "format": "xlsx",
    }
    assert client_for(secretary).get(url(scenario.body), query).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"start": "1403/13/01", "end": "1403/03/31", "format": "pdf"},
        {"start": "1403/03/31", "end": "1403/01/01", "format": "pdf"},
        {"start": "1403/01/01", "end": "1403/03/31", "format": "docx"},
        {"start": "", "end": "1403/03/31", "format": "pdf"},
    ],
)
def test_bad_input_shows_the_form_again(client_for, secretary, body, query):
    response = client_for(secretary).get(url(body), query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert 'class="errorlist' in response.content.decode()


def test_body_dashboard_links_to_the_report(client_for, secretary, body):
    response = client_for(secretary).get(reverse("meetings:body", args=[body.pk]))
    assert f'href="{url(body)}"' in response.content.decode()
