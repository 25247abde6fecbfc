"""Choosing regions in a form: a plain <select multiple> that hamafza/static/hamafza/picker.js turns into a
type-ahead with chips (issue 10: a resolution's target regions were a 505-line list).

Without the script the select works as it is; each option says where the region lies («فرحزاد —
منطقه ۲، تهران»), so that two regions of one name are told apart. With it, the options' data attributes
give the picker the name, the place it lies in, and the name's search key (`persian.search_key`), so that
«ري» finds «ری» and «نعمت‌آباد» «نعمت آباد».
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamafza.lib.forms import PickerSelectMultiple
from hamafza.lib.persian import search_key
from hamafza.places.models import Region

# A resolution targets a county, a city or district, or neighbourhoods; a province is the body's own.
TARGET_KINDS = ["county", "city", "district", "neighbourhood"]


def where(region: Region) -> str:
    """The region's parent and grandparent, nearest first: «منطقه ۲۱، تهران» («» for a province)."""
    parent = region.parent
    if parent is None:
        return ""
    grandparent = parent.parent  # select_related loads two levels; a third would be a query per option
    return f"{parent.name}، {grandparent.name}" if grandparent is not None else parent.name


class RegionPicker(PickerSelectMultiple):
    """The picker over regions, its options carrying each region's name, where it lies and search key."""

    def __init__(self, attrs=None):
        super().__init__(
            {"data-picker": "regions", **(attrs or {})},
            placeholder=_("Type part of a region's name"),
            empty=_("No region of that name"),
            chosen=_("Chosen regions"),
        )

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        region = getattr(value, "instance", None)
        if isinstance(region, Region):
            place = where(region)
            option["attrs"].update(
                {
                    "data-name": region.name,
                    "data-where": place,
                    "data-key": search_key(f"{region.name} {place}"),
                    "data-name-key": search_key(region.name),
                }
            )
        return option


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Regions of the given kinds, each labelled with where it lies; the picker's widget."""

    widget = RegionPicker

    def __init__(self, *, kinds=TARGET_KINDS, **kwargs):
        # Parent and grandparent come in the same query, without anyone's boundary (GeoJSON, megabytes).
        queryset = (
            Region.objects.filter(kind__in=kinds)
            .select_related("parent__parent")
            .defer("boundary", "parent__boundary", "parent__parent__boundary")
            .order_by("name", "pk")
        )
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj: Region) -> str:
        place = where(obj)
        return f"{obj.name} — {place}" if place else obj.name
