"""Issue 10, defect 6: a Decimal quantity is shown as a Persian number with grouping and no trailing zeros
(«۱۰», «۱٬۲۵۰», «۲٫۵»), never in scientific notation («۱E+۱»), on every page and paper that shows one."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hamafza.participation.exports import pledges as certificates
from hamafza.participation.models import Pledge
from hamafza.participation.services import needs as need_services
from hamafza.participation.services import pledges as services
from tests.participation.test_certificates import PDF, pdf_text

pytestmark = pytest.mark.django_db

CASES = [("10", "۱۰"), ("1250", "۱٬۲۵۰"), ("2.5", "۲٫۵")]


def _quantity_row(html: str) -> str:
    start = html.index('id="need-quantity"')
    return html[start : html.index("</tr>", start)]


@pytest.mark.parametrize(("typed", "shown"), CASES)
def test_need_page_shows_the_quantity_as_a_persian_number(client_for, officer, need, typed, shown):
    need.quantity = Decimal(typed)
    need.unit = "تخت"
    need.save()
    need.refresh_from_db()  # as stored: Decimal("10.00")
    row = _quantity_row(client_for(officer).get(f"/participation/needs/{need.pk}/").content.decode())
    assert f"{shown} تخت" in row
    assert "E" not in row and "." not in row


@pytest.mark.parametrize(("typed", "shown"), CASES)
def test_pledge_page_and_receipt_show_the_quantity_as_a_persian_number(
    client_for, secretary, officer, donor, body, approved_need, typed, shown
):
    pledge = services.record_pledge(
        by=secretary,
        donor=donor,
        body=body,
        value=1000,
        kind="goods",
        need=approved_need,
        quantity=Decimal(typed),
    )
    pledge = Pledge.objects.get(pk=pledge.pk)
    html = (
        client_for(secretary).get(reverse("participation:pledge_detail", args=[pledge.pk])).content.decode()
    )
    assert f"{shown}</dd>" in html or f"{shown} " in html
    assert "E+" not in html
    pledge = services.record_delivery(pledge, by=officer, value=1000, files=[PDF])
    text = pdf_text(certificates.receipt_pdf(pledge))
    assert shown in text and "E+" not in text


def test_need_history_shows_the_changed_quantity_as_a_persian_number(client_for, officer, need):
    need_services.update_need(need, by=officer, quantity=Decimal("1250"), unit="تخت")
    html = client_for(officer).get(f"/participation/needs/{need.pk}/").content.decode()
    history = html[html.index('id="need-history"') :]
    assert "۱٬۲۵۰" in history and "1250" not in history and "۱۲۵۰٫۰۰" not in history
