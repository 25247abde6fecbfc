"""The capacity inventory: default services, the save and remove services with their refusals, the
inventory page with its filters and totals, and its Excel export."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hamafza.accounts.models import User
from hamafza.audit.models import AuditEntry
from hamafza.participation.models import Capacity, ServiceKind
from hamafza.participation.services.capacity import AUDIT_ACTIONS, remove_capacity, save_capacity
from hamafza.participation.services.common import ParticipationError
from hamafza.participation.services.taxonomy import DEFAULT_SERVICES, load_services
from hamafza.places.models import Region
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(db):
    load_services()
    return {s.code: s for s in ServiceKind.objects.all()}


@pytest.fixture
def police_clerk(police):
    """A user of the police who is not an officer."""
    return User.objects.create_user(username="police_clerk", password=PASSWORD, organization=police)


@pytest.fixture
def capacity(police, officer, services, neighbourhood):
    return save_capacity(
        police, by=officer, service=services["counselling"], region=neighbourhood, amount=20, staff=2
    )


def refused(call, msgid, **kwargs):
    with translation.override("en"), pytest.raises(ParticipationError) as error:
        call(**kwargs)
    assert error.value.messages == [msgid]


# --- the default services -----------------------------------------------------------------------------


def test_load_services_is_idempotent_and_keeps_adjusted_norms(db):
    assert load_services() == len(DEFAULT_SERVICES)
    assert ServiceKind.objects.count() == len(DEFAULT_SERVICES) >= 10
    counselling = ServiceKind.objects.get(code="counselling")
    assert (counselling.name, counselling.name_en, counselling.unit) == ("مشاوره", "Counselling", "hours")
    assert counselling.norm_per_1000 == Decimal("2")
    assert ServiceKind.objects.get(code="teachers_sent").norm_per_1000 is None
    codes = set(ServiceKind.objects.values_list("code", flat=True))
    assert {"library_fixed", "library_mobile", "sports_space", "treatment", "legal_aid"} <= codes
    counselling.norm_per_1000 = Decimal("3")
    counselling.save()
    ServiceKind.objects.filter(code="legal_aid").delete()

    assert load_services() == 1  # only the missing one comes back
    assert ServiceKind.objects.count() == len(DEFAULT_SERVICES)
    assert ServiceKind.objects.get(code="counselling").norm_per_1000 == Decimal("3")


def test_load_services_command(db):
    out = io.StringIO()
    call_command("load_services", stdout=out)
    assert f"{len(DEFAULT_SERVICES)} created" in out.getvalue()
    call_command("load_services", stdout=out)
    assert "0 created" in out.getvalue()
    assert ServiceKind.objects.count() == len(DEFAULT_SERVICES)


# --- the services --------------------------------------------------------------------------------------


def test_officer_records_changes_and_removes_a_capacity(police, officer, services, neighbourhood, city):
    capacity = save_capacity(
        police,
        by=officer,
        service=services["counselling"],
        region=neighbourhood,
        amount="12.5",
        staff=2,
        hours_per_week=30,
        place=" کلانتری ۱۴۵ ",
    )
    capacity.refresh_from_db()
    assert (capacity.organization, capacity.amount, capacity.staff, capacity.hours_per_week) == (
        police,
        Decimal("12.50"),
        2,
        30,
    )
    assert (capacity.place, capacity.updated_by) == ("کلانتری ۱۴۵", officer)
    added = AuditEntry.objects.get(action="capacity.add")
    assert (added.actor, added.object_id) == (officer, capacity.pk)
    assert added.changes["amount"] == [None, "12.50"]
    assert added.changes["region"] == [None, {"id": neighbourhood.pk, "repr": neighbourhood.name}]

    save_capacity(
        police,
        by=officer,
        capacity=capacity,
        service=services["counselling"],
        region=city,
        amount=40,
        staff=2,
    )
    capacity.refresh_from_db()
    assert (capacity.region, capacity.amount, capacity.hours_per_week, capacity.place) == (
        city,
        Decimal("40.00"),
        None,
        "",
    )
    changed = AuditEntry.objects.get(action="capacity.change")
    assert set(changed.changes) == {"region", "amount", "hours_per_week", "place"}
    assert changed.changes["amount"] == ["12.50", "40.00"]

    remove_capacity(capacity, by=officer)
    assert not Capacity.objects.exists()
    removed = AuditEntry.objects.get(action="capacity.remove")
    assert (removed.object_id, removed.changes["organization"][0]["id"]) == (changed.object_id, police.pk)
    assert set(AUDIT_ACTIONS) == {"capacity.add", "capacity.change", "capacity.remove"}


def test_administrator_edits_any_organisations_capacity(capacity, police, admin, services, neighbourhood):
    save_capacity(
        police, by=admin, capacity=capacity, service=services["counselling"], region=neighbourhood, amount=5
    )
    capacity.refresh_from_db()
    assert (capacity.amount, capacity.updated_by) == (Decimal("5.00"), admin)
    remove_capacity(capacity, by=admin)
    assert not Capacity.objects.exists()


def test_refusals(capacity, police, welfare, officer, other_officer, police_clerk, services, neighbourhood):
    counselling = services["counselling"]
    base = {"service": counselling, "region": neighbourhood}
    refused(
        save_capacity, "The amount cannot be negative.", organization=police, by=officer, **base, amount=-1
    )
    refused(
        save_capacity, "Enter the amount as a number.", organization=police, by=officer, **base, amount="x"
    )
    refused(
        save_capacity, "Enter the amount as a number.", organization=police, by=officer, **base, amount="NaN"
    )
    refused(save_capacity, "The amount is too large.", organization=police, by=officer, **base, amount=10**10)
    refused(
        save_capacity,
        "Staff cannot be negative.",
        organization=police,
        by=officer,
        capacity=capacity,
        **base,
        amount=1,
        staff=-2,
    )
    only_officers = "Only the organisation's officers may record its capacities."
    # another organisation's capacity, through its own organisation or slipped under the user's
    refused(
        save_capacity,
        only_officers,
        organization=police,
        by=other_officer,
        capacity=capacity,
        **base,
        amount=1,
    )
    refused(
        save_capacity,
        only_officers,
        organization=welfare,
        by=other_officer,
        capacity=capacity,
        **base,
        amount=1,
    )
    refused(save_capacity, only_officers, organization=police, by=police_clerk, **base, amount=1)
    refused(remove_capacity, only_officers, capacity=capacity, by=other_officer)
    refused(remove_capacity, only_officers, capacity=capacity, by=police_clerk)
    refused(
        save_capacity,
        f"{police.name} already has a capacity of «{counselling.name}» in {neighbourhood.name}; change that one.",
        organization=police,
        by=officer,
        **base,
        amount=3,
    )
    counselling.is_active = False
    counselling.save()
    refused(
        save_capacity,
        f"The service «{counselling.name}» is no longer in the inventory.",
        organization=welfare,
        by=other_officer,
        **base,
        amount=3,
    )
    # a capacity already on a withdrawn service may still be corrected
    save_capacity(police, by=officer, capacity=capacity, **base, amount=7)

    capacity.refresh_from_db()
    assert capacity.amount == Decimal("7.00")
    assert Capacity.objects.count() == 1
    assert (
        AuditEntry.objects.filter(action__startswith="capacity.").count() == 2
    )  # the add and the last change


def test_a_capacity_lies_in_the_region_the_organisation_serves(
    outsider, outsider_org, services, neighbourhood
):
    refused(
        save_capacity,
        f"{neighbourhood.name} is outside the region {outsider_org.name} serves ({outsider_org.region.name}).",
        organization=outsider_org,
        by=outsider,
        service=services["legal_aid"],
        region=neighbourhood,
        amount=4,
    )
    shiraz = Region.objects.create(name="شیراز", kind="city", code="IR-07-SHZ", parent=outsider_org.region)
    save_capacity(outsider_org, by=outsider, service=services["legal_aid"], region=shiraz, amount=4)
    assert Capacity.objects.get().region == shiraz


# --- the pages -----------------------------------------------------------------------------------------


@pytest.fixture
def inventory(capacity, welfare, other_officer, services, city, other_neighbourhood):
    """police: 20 hours of counselling in the target neighbourhood; welfare: 10 hours on the city and 40
    treatment places in the other neighbourhood."""
    save_capacity(welfare, by=other_officer, service=services["counselling"], region=city, amount=10)
    save_capacity(
        welfare, by=other_officer, service=services["treatment"], region=other_neighbourhood, amount=40
    )
    return capacity


def _rows(response):
    return [(c.organization.name, c.service.code, c.region.name, c.amount) for c in response.context["page"]]


def test_inventory_lists_filters_and_totals(
    inventory, client_for, viewer, police, welfare, services, city, neighbourhood
):
    client = client_for(viewer)
    url = reverse("participation:capacity_list")
    response = client.get(url)
    assert response.status_code == 200
    assert _rows(response) == [
        (welfare.name, "counselling", city.name, Decimal("10.00")),
        (welfare.name, "treatment", "محله دیگر", Decimal("40.00")),
        (police.name, "counselling", neighbourhood.name, Decimal("20.00")),
    ]
    totals = {
        t["service__name"]: (t["total"], t["rows"], t["organizations"]) for t in response.context["totals"]
    }
    assert totals == {
        services["counselling"].name: (Decimal("30.00"), 2, 2),
        services["treatment"].name: (Decimal("40.00"), 1, 1),
    }
    assert [t["total_text"] for t in response.context["totals"]] == ["۳۰", "۴۰"]
    assert not response.context["may_add"]  # a viewer is nobody's officer

    assert [r[0] for r in _rows(client.get(url, {"organization": police.pk}))] == [police.name]
    assert [r[1] for r in _rows(client.get(url, {"service": services["treatment"].pk}))] == ["treatment"]
    # a region filter takes what is recorded on the region and under it
    assert len(_rows(client.get(url, {"region": city.pk}))) == 3
    assert _rows(client.get(url, {"region": neighbourhood.pk})) == [
        (police.name, "counselling", neighbourhood.name, Decimal("20.00"))
    ]
    filtered = client.get(url, {"service": services["counselling"].pk})
    assert [t["total"] for t in filtered.context["totals"]] == [Decimal("30.00")]


def test_inventory_shows_edit_links_only_for_the_users_own(inventory, client_for, officer, admin):
    html = client_for(officer).get(reverse("participation:capacity_list")).content.decode()
    assert html.count("/edit/") == 1
    assert reverse("participation:capacity_edit", args=[inventory.pk]) in html
    assert 'id="add-capacity"' in html
    assert client_for(admin).get(reverse("participation:capacity_list")).content.decode().count("/edit/") == 3


def test_inventory_export_is_a_right_to_left_workbook(inventory, client_for, viewer, police, neighbourhood):
    response = client_for(viewer).get(reverse("participation:capacity_export"), {"organization": police.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.sheet_view.rightToLeft is True
    rows = list(ws.iter_rows(values_only=True))
    with translation.override("fa"):
        assert rows[0][0] == translation.gettext("Organization")
        unit, kind = translation.gettext("hours a week"), translation.gettext("Neighbourhood")
    assert rows[1:] == [(police.name, "مشاوره", unit, neighbourhood.name, kind, 20, 2, None, None, None)]


def test_add_and_edit_through_the_pages(client_for, officer, police, services, neighbourhood, city):
    client = client_for(officer)
    form = client.get(reverse("participation:capacity_add"))
    assert "organization" not in form.context["form"].fields  # an officer records for their own
    regions = set(form.context["form"].fields["region"].queryset.values_list("pk", flat=True))
    assert {neighbourhood.pk, city.pk, police.region_id} <= regions
    data = {
        "service": services["library_fixed"].pk,
        "region": neighbourhood.pk,
        "amount": "۱۲٫۵",
        "staff": "۲",
    }
    response = client.post(reverse("participation:capacity_add"), data)
    assert response.status_code == 302
    capacity = Capacity.objects.get()
    assert (capacity.organization, capacity.amount, capacity.staff) == (police, Decimal("12.50"), 2)

    edit = reverse("participation:capacity_edit", args=[capacity.pk])
    assert client.get(edit).context["form"].initial["amount"] == Decimal("12.50")
    response = client.post(edit, {**data, "amount": "-3"})
    assert response.status_code == 200
    with translation.override("fa"):
        assert response.context["form"].non_field_errors() == [
            translation.gettext("The amount cannot be negative.")
        ]
    capacity.refresh_from_db()
    assert capacity.amount == Decimal("12.50")

    assert client.post(edit, {**data, "amount": "30"}).status_code == 302
    capacity.refresh_from_db()
    assert capacity.amount == Decimal("30.00")

    assert client.post(reverse("participation:capacity_remove", args=[capacity.pk])).status_code == 302
    assert not Capacity.objects.exists()


def test_administrator_chooses_the_organisation(client_for, admin, welfare, services, neighbourhood):
    client = client_for(admin)
    data = {
        "organization": welfare.pk,
        "service": services["legal_aid"].pk,
        "region": neighbourhood.pk,
        "amount": "6",
    }
    assert client.post(reverse("participation:capacity_add"), data).status_code == 302
    assert Capacity.objects.get().organization == welfare


def test_refusal_shows_on_the_form(capacity, client_for, officer, services, neighbourhood):
    data = {"service": services["counselling"].pk, "region": neighbourhood.pk, "amount": "5"}
    response = client_for(officer).post(reverse("participation:capacity_add"), data)
    assert response.status_code == 200
    with translation.override("fa"):
        message = translation.gettext(
            "%(organization)s already has a capacity of «%(service)s» in %(region)s; change that one."
        ) % {"organization": capacity.organization.name, "service": "مشاوره", "region": neighbourhood.name}
    assert response.context["form"].non_field_errors() == [message]
    assert Capacity.objects.count() == 1
