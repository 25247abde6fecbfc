"""Read-only API for organisations, searchable by name whatever the spelling."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.lib.openapi import EMAIL_OR_BLANK
from hamafza.lib.persian import search_terms
from hamafza.orgs.models import Organization
from hamafza.participation.access import CONTACT_PRIVATE_KINDS, contact_organization_ids
from hamafza.places.api import RegionRefSerializer


class OrganizationRefSerializer(serializers.ModelSerializer):
    """An organisation named inside another object."""

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name"]


class OrganizationSerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    email = serializers.SerializerMethodField(
        help_text=_(
            "Empty for an NGO, charity or industry unless the reader is an administrator, a secretariat, "
            "one of its users or an agency with a live pledge from it."
        )
    )
    phone = serializers.SerializerMethodField(help_text=_("Empty on the same terms as the e-mail."))

    class Meta:
        model = Organization
        fields = ["id", "name", "short_name", "kind", "sector", "region", "email", "phone", "is_active"]

    def _shown(self, organization: Organization) -> bool:
        if organization.kind not in CONTACT_PRIVATE_KINDS:
            return True
        if "contact_ids" not in self.context:  # once per response, not per organisation
            request = self.context.get("request")
            user = getattr(request, "user", None)
            self.context["contact_ids"] = (
                contact_organization_ids(user) if user and user.is_authenticated else set()
            )
        allowed = self.context["contact_ids"]
        return allowed is None or organization.pk in allowed

    @extend_schema_field(EMAIL_OR_BLANK)
    def get_email(self, organization: Organization) -> str:
        return organization.email if self._shown(organization) else ""

    @extend_schema_field({"type": "string", "maxLength": 30})
    def get_phone(self, organization: Organization) -> str:
        return organization.phone if self._shown(organization) else ""


def filter_search_text(queryset, value: str, field: str = "search_text"):
    """Every term of the query, folded like the stored search text (ی/ي, ک/ك, ZWNJ, digits)."""
    for term in search_terms(value):
        queryset = queryset.filter(**{f"{field}__contains": term})
    return queryset


class OrganizationFilter(api_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search by name"))
    region = IntegerFilter(field_name="region_id")

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
