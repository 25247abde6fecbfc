"""Issue 10, defect 15: a donor lands on its own record, and the hub's figures read as figures."""

import pytest
from django.urls import reverse

from hamafza.participation.models import Pledge

pytestmark = pytest.mark.django_db


def test_a_donor_lands_on_its_own_record_not_an_empty_list_of_bodies(client_for, donor, donor_user):
    client = client_for(donor_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("participation:donor_detail", args=[donor.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert donor.name in page.content.decode()


def test_a_secretary_still_lands_on_the_bodies(client_for, secretary, donor):
    assert client_for(secretary).get("/")["Location"] == reverse("meetings:bodies")


def test_the_hub_figures_are_styled_and_rials_grouped(client_for, secretary, pledge):
    Pledge.objects.filter(pk=pledge.pk).update(state=Pledge.State.VERIFIED, delivered_value=12_500_000)
    page = client_for(secretary).get(reverse("participation:hub")).content.decode()
    kpis = page.split('class="kpis"')[1].split("</div>\n<div")[0]
    assert '<b class="n">۱۲٬۵۰۰٬۰۰۰</b><span class="l">' in kpis
    assert kpis.count('class="n"') == 6 and kpis.count('class="l"') == 6
