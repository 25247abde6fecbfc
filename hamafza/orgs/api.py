"""Read-only API for organisations, searchable by name whatever the spelling."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from hamafza.lib.persian import search_terms
from hamafza.orgs.models import Organization
from hamafza.places.api import RegionRefSerializer


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organisation named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "sector", "region", "email", "phone", "is_active"]


def filter_search_text(queryset, value: str, field: str = "search_text"):
    """Every term of the query, folded like the stored search text (ی/ي, ک/ك, ZWNJ, digits)."""
    for term in search_terms(value):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name"))
    region = django_filters.NumberFilter(field_name="region_id")

    class Meta:
        model = Organization
        fields = ["kind", "sector", "region", "is_active"]

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value)


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Agencies, NGOs, charities, industries, universities. Reference data: every signed-in user reads it."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "kind", "sector"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return Organization.objects.select_related("region").defer("region__boundary")
