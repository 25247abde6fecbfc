"""The neighbourhood's capacities by service on its atlas profile (the coverage rule, one neighbourhood)."""

import pytest
from django.urls import reverse

from hamafza.participation.models import ServiceKind
from hamafza.participation.services.capacity import save_capacity
from hamafza.participation.services.coverage import BELOW, GAP, MEETS
from hamafza.participation.services.taxonomy import load_services

pytestmark = pytest.mark.django_db


def test_profile_lists_capacities_by_service(
    client_for,
    outsider,
    police,
    welfare,
    officer,
    other_officer,
    province,
    city,
    neighbourhood,
    other_neighbourhood,
):
    load_services()
    services = {s.code: s for s in ServiceKind.objects.all()}
    # 30 hours on the city: 18 for the target's 12,000 residents, 12 for the other's 8,000.
    save_capacity(police, by=officer, service=services["counselling"], region=city, amount=30)
    save_capacity(welfare, by=other_officer, service=services["counselling"], region=neighbourhood, amount=6)
    # 20 treatment places on the province, all of whose residents live in these two neighbourhoods: 12 here.
    save_capacity(welfare, by=other_officer, service=services["treatment"], region=province, amount=20)
    # the other neighbourhood's library is not this one's
    save_capacity(
        welfare, by=other_officer, service=services["library_fixed"], region=other_neighbourhood, amount=9
    )

    response = client_for(outsider).get(reverse("atlas:profile", args=[neighbourhood.pk]))
    assert response.status_code == 200
    rows = {row["service"].id: row for row in response.context["capacities"]}
    assert len(rows) == ServiceKind.objects.count()
    counselling = rows[services["counselling"].pk]
    assert (counselling["status"], counselling["rate"], counselling["total"]) == (MEETS, "۲", "۲۴")
    assert counselling["agencies"] == [(police.name, "۱۸"), (welfare.name, "۶")]
    treatment = rows[services["treatment"].pk]
    assert (treatment["status"], treatment["rate"], treatment["total"]) == (MEETS, "۱", "۱۲")
    assert rows[services["library_fixed"].pk]["status"] == GAP

    html = response.content.decode()
    assert 'id="capacities"' in html
    assert f'data-service="{services["counselling"].pk}" data-status="{MEETS}"' in html

    other = client_for(outsider).get(reverse("atlas:profile", args=[other_neighbourhood.pk]))
    other_rows = {row["service"].id: row for row in other.context["capacities"]}
    assert other_rows[services["counselling"].pk]["status"] == BELOW  # 12 hours for 8,000: 1.5
    assert other_rows[services["library_fixed"].pk]["total"] == "۹"
