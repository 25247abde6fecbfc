"""Capacities: an organisation's officers record what their organisation offers, where and how much; a
system administrator may record any organisation's."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamafza.audit import services as audit
from hamafza.orgs.models import Organization
from hamafza.participation.access import can_edit_capacities
from hamafza.participation.models import Capacity, ServiceKind
from hamafza.participation.services.common import ParticipationError
from hamafza.places.models import Region

AUDIT_ACTIONS = {
    "capacity.add": gettext_lazy("Capacity recorded"),
    "capacity.change": gettext_lazy("Capacity changed"),
    "capacity.remove": gettext_lazy("Capacity removed"),
}

MAX_AMOUNT = Decimal(10) ** 10  # the field holds 12 digits, 2 after the point
FIELDS = ["service", "region", "amount", "staff", "hours_per_week", "place", "note"]


def _within(region: Region, area_id: int) -> bool:
    """Whether the region is the area or lies under it."""
    node: Region | None = region
    while node is not None:
        if node.pk == area_id:
            return True
        node = node.parent
    return False


def _count(value, label) -> int | None:
    if value in (None, ""):
        return None
    if int(value) < 0:
        raise ParticipationError(
            _("%(field)s cannot be negative.") % {"field": label}, code="capacity_negative"
        )
    return int(value)


@transaction.atomic
def save_capacity(
    organization: Organization,
    *,
    by,
    capacity: Capacity | None = None,
    service: ServiceKind,
    region: Region,
    amount,
    staff: int | None = None,
    hours_per_week: int | None = None,
    place: str = "",
    note: str = "",
) -> Capacity:
    """Record a new capacity of the organisation, or change `capacity` (which must be the organisation's).

    Refused: a user who is not the organisation's officer (nor an administrator), a negative amount,
    staff or hours, a region outside the region the organisation serves, a service withdrawn from the
    inventory, and a second capacity of the same service on the same region.
    """
    if not can_edit_capacities(by, organization.pk) or (
        capacity is not None and capacity.organization_id != organization.pk
    ):
        raise ParticipationError(
            _("Only the organisation's officers may record its capacities."), code="capacity_not_allowed"
        )
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite():
        raise ParticipationError(_("Enter the amount as a number."), code="capacity_amount")
    if amount < 0:
        raise ParticipationError(_("The amount cannot be negative."), code="capacity_negative")
    if amount >= MAX_AMOUNT:
        raise ParticipationError(_("The amount is too large."), code="capacity_amount")
    amount = amount.quantize(Decimal("0.01"))
    staff = _count(staff, _("Staff"))
    hours_per_week = _count(hours_per_week, _("Hours a week"))
    if not _within(region, organization.region_id):
        raise ParticipationError(
            _("%(region)s is outside the region %(organization)s serves (%(served)s).")
            % {"region": region.name, "organization": organization.name, "served": organization.region.name},
            code="capacity_region",
        )
    if not service.is_active and (capacity is None or capacity.service_id != service.pk):
        raise ParticipationError(
            _("The service «%(service)s» is no longer in the inventory.") % {"service": service.name},
            code="capacity_service",
        )
    twin = Capacity.objects.filter(organization=organization, service=service, region=region)
    if capacity is not None:
        twin = twin.exclude(pk=capacity.pk)
    if twin.exists():
        raise ParticipationError(
            _("%(organization)s already has a capacity of «%(service)s» in %(region)s; change that one.")
            % {"organization": organization.name, "service": service.name, "region": region.name},
            code="capacity_duplicate",
        )

    before = audit.snapshot(capacity, FIELDS) if capacity is not None else {}
    if capacity is None:
        capacity = Capacity(organization=organization)
    capacity.service, capacity.region, capacity.amount = service, region, amount
    capacity.staff, capacity.hours_per_week = staff, hours_per_week
    capacity.place, capacity.note = place.strip(), note.strip()
    capacity.updated_by = by
    capacity.save()
    after = audit.snapshot(capacity, FIELDS)
    audit.record(
        actor=by,
        action="capacity.change" if before else "capacity.add",
        obj=capacity,
        changes=audit.diff(before, after),
    )
    return capacity


@transaction.atomic
def remove_capacity(capacity: Capacity, *, by) -> None:
    """Remove a capacity of the user's organisation (or, for an administrator, of any)."""
    if not can_edit_capacities(by, capacity.organization_id):
        raise ParticipationError(
            _("Only the organisation's officers may record its capacities."), code="capacity_not_allowed"
        )
    before = audit.snapshot(capacity, ["organization", *FIELDS])
    audit.record(
        actor=by,
        action="capacity.remove",
        obj=capacity,
        changes={name: [value, None] for name, value in before.items()},
    )
    capacity.delete()
