"""Totals of pledges per donor, need, region and category, checked by hand.

The pledges (rials):
- p1: donor (named) 200m to approved_need (vehicle, neighbourhood), 150m delivered and verified
- p2: donor 100m general, equipment in the city
- p3: other_donor (anonymous) 50m to approved_need, delivered, awaiting verification
- parent: other_donor 60m general (any category) in the neighbourhood, 40m of it given by matching to
  approved_need as `part` — the parent counts 20m, the part 40m
- cancelled (999) and offered (777) pledges count nowhere
"""

import pytest
from django.urls import reverse

from hamafza.participation.models import Pledge
from hamafza.participation.services import pledges as services
from hamafza.participation.services import totals
from hamafza.participation.services.common import UploadedFile

pytestmark = pytest.mark.django_db

M = 1_000_000
PDF = UploadedFile("receipt.pdf", b"%PDF-1.4\n%evidence\n")


@pytest.fixture
def world(donor, other_donor, body, approved_need, secretary, officer, donor_user, neighbourhood, city):
    def pledge(**kwargs):
        return services.record_pledge(by=secretary, body=body, kind="money", **kwargs)

    p1 = pledge(donor=donor, value=200 * M, need=approved_need)
    services.record_delivery(p1, by=officer, value=150 * M, files=[PDF])
    pledge(donor=donor, value=100 * M, category="equipment", region=city)
    p3 = pledge(donor=other_donor, value=50 * M, need=approved_need)
    services.record_delivery(p3, by=secretary, value=50 * M)
    parent = pledge(donor=other_donor, value=60 * M, region=neighbourhood)
    Pledge.objects.create(
        donor=other_donor,
        body=body,
        need=approved_need,
        parent=parent,
        category="vehicle",
        region=neighbourhood,
        value=40 * M,
        source=Pledge.Source.MATCHING,
    )
    cancelled = pledge(donor=donor, value=999, need=approved_need)
    services.cancel_pledge(cancelled, by=secretary, reason="انصراف")
    services.make_offer(donor=donor, body=body, value=777, kind="money")


def table(rows) -> dict:
    return {r.label: (r.pledged, r.delivered, r.verified, r.count) for r in rows}


def test_totals_for_the_secretariat(world, secretary, approved_need):
    t = totals.compute(secretary)
    assert (t.overall.pledged, t.overall.delivered, t.overall.verified, t.overall.count) == (
        410 * M,
        200 * M,
        150 * M,
        5,
    )
    assert table(t.donors) == {
        "علی رضایی": (300 * M, 150 * M, 150 * M, 2),
        "مریم کاظمی": (110 * M, 50 * M, 0, 3),
    }
    assert table(t.needs) == {
        approved_need.title: (290 * M, 200 * M, 150 * M, 3),
        "Not yet for a need": (120 * M, 0, 0, 2),
    }
    assert table(t.regions) == {"محله نمونه": (310 * M, 200 * M, 150 * M, 4), "تهران": (100 * M, 0, 0, 1)}
    assert table(t.categories) == {
        "Vehicle": (290 * M, 200 * M, 150 * M, 3),
        "Equipment": (100 * M, 0, 0, 1),
        "Any category": (20 * M, 0, 0, 1),
    }


@pytest.fixture(autouse=True)
def _english(settings):
    """Labels compared in English (the catalogue is compiled by the lead)."""
    settings.LANGUAGE_CODE = "en"


def test_viewer_sees_anonymous_donors_gathered(world, viewer):
    t = totals.compute(viewer)
    assert table(t.donors) == {
        "علی رضایی": (300 * M, 150 * M, 150 * M, 2),
        "Anonymous donors": (110 * M, 50 * M, 0, 3),
    }
    assert t.overall.pledged == 410 * M


def test_agency_sees_only_the_pledges_to_its_needs(world, officer):
    t = totals.compute(officer)
    assert (t.overall.pledged, t.overall.delivered, t.overall.verified) == (290 * M, 200 * M, 150 * M)
    assert table(t.donors) == {
        "علی رضایی": (200 * M, 150 * M, 150 * M, 1),
        "Anonymous donors": (90 * M, 50 * M, 0, 2),
    }


def test_donor_sees_only_its_own(world, donor_user, other_donor_user):
    assert table(totals.compute(donor_user).donors) == {"علی رضایی": (300 * M, 150 * M, 150 * M, 2)}
    # the anonymous donor sees its own name
    assert table(totals.compute(other_donor_user).donors) == {"مریم کاظمی": (110 * M, 50 * M, 0, 3)}


@pytest.mark.parametrize("role", ["outsider", "other_officer"])
def test_outsiders_see_nothing(request, world, role):
    t = totals.compute(request.getfixturevalue(role))
    assert (t.overall.count, t.donors, t.needs) == (0, [], [])


def test_totals_page_hides_anonymous_names(client_for, world, viewer, secretary, officer):
    page = client_for(viewer).get(reverse("participation:totals")).content.decode()
    assert "علی رضایی" in page and "مریم کاظمی" not in page and "Anonymous donors" in page
    page = client_for(officer).get(reverse("participation:totals")).content.decode()
    assert "مریم کاظمی" not in page
    page = client_for(secretary).get(reverse("participation:totals")).content.decode()
    assert "مریم کاظمی" in page
    assert "410,000,000" in page  # the overall pledged value, with separators in English


def test_totals_page_filters_by_body(client_for, world, secretary, body):
    response = client_for(secretary).get(reverse("participation:totals"), {"body": body.pk + 1000})
    assert response.context["totals"].overall.count == 0
    response = client_for(secretary).get(reverse("participation:totals"), {"body": body.pk})
    assert response.context["totals"].overall.count == 5
