"""Forms of the capacity inventory and the coverage matrix."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamafza.lib import limits
from hamafza.lib.forms import LimitedTextField, PersianDecimalField, PersianIntegerField
from hamafza.orgs.models import Organization
from hamafza.participation.models import Capacity, ServiceKind
from hamafza.participation.services.coverage import AREA_KINDS
from hamafza.places.models import Region


class RegionChoiceField(forms.ModelChoiceField):
    """A region named with its kind: the province and the city of Tehran share a name."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


def subtree_ids(root_id: int) -> list[int]:
    """The region and every region under it (one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Region.objects.order_by().values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, stack = [], [root_id]
    while stack:
        node = stack.pop()
        found.append(node)
        stack.extend(children.get(node, ()))
    return found


def _regions():
    return Region.objects.without_boundaries().order_by("kind", "name")


class CapacityForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organization"), queryset=Organization.objects.filter(is_active=True).order_by("name")
    )
    service = forms.ModelChoiceField(label=_("Service"), queryset=ServiceKind.objects.none())
    region = RegionChoiceField(
        label=_("Where"),
        queryset=Region.objects.none(),
        help_text=_(
            "A neighbourhood, or a larger region when the service is for all of it; the coverage matrix "
            "spreads a larger region's capacity over its neighbourhoods by population."
        ),
    )
    amount = PersianDecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        help_text=_("In the service's unit: places, hours a week, staff, sites or square metres."),
    )
    staff = PersianIntegerField(label=_("Staff"), required=False)
    hours_per_week = PersianIntegerField(label=_("Hours a week"), required=False)
    place = forms.CharField(label=_("Place / address"), max_length=250, required=False)
    note = LimitedTextField(
        max_length=limits.NOTE, label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, capacity: Capacity | None = None, **kwargs):
        if capacity is not None:
            kwargs.setdefault(
                "initial",
                {
                    "organization": capacity.organization_id,
                    "service": capacity.service_id,
                    "region": capacity.region_id,
                    "amount": capacity.amount,
                    "staff": capacity.staff,
                    "hours_per_week": capacity.hours_per_week,
                    "place": capacity.place,
                    "note": capacity.note,
                },
            )
        super().__init__(*args, **kwargs)
        services = Q(is_active=True)
        if capacity is not None:
            services |= Q(pk=capacity.service_id)
        self.fields["service"].queryset = ServiceKind.objects.filter(services)
        self.fields["service"].label_from_instance = lambda s: f"{s.name} ({s.get_unit_display()})"
        if capacity is not None or not user.is_system_admin:
            # The organisation of a capacity never changes; an officer records only their own.
            del self.fields["organization"]
            organization = capacity.organization if capacity is not None else user.organization
            self.fields["region"].queryset = _regions().filter(pk__in=subtree_ids(organization.region_id))
        else:
            self.fields["region"].queryset = _regions()


class CapacityFilterForm(forms.Form):
    """The inventory's filters, read from the query string."""

    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.filter(pk__in=Capacity.objects.values("organization")).order_by("name"),
        required=False,
    )
    service = forms.ModelChoiceField(label=_("Service"), queryset=ServiceKind.objects.all(), required=False)
    region = RegionChoiceField(
        label=_("Region"),
        queryset=_regions().filter(Q(kind__in=AREA_KINDS) | Q(pk__in=Capacity.objects.values("region"))),
        required=False,
        help_text=_("Capacities recorded on the region or on any region under it."),
    )
