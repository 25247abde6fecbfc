"""Read-only API for regions: the list leaves boundaries out; ask for them, or for one region's GeoJSON."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.places.models import Region

WITH_BOUNDARY = OpenApiParameter(
    "with_boundary",
    OpenApiTypes.BOOL,
    description=_("Include each region's GeoJSON boundary (left out by default: boundaries are large)."),
)


def wants_boundary(request) -> bool:
    return request.query_params.get("with_boundary", "").strip().lower() in {"1", "true", "yes", "on"}


class RegionRefSerializer(serializers.ModelSerializer):
    """A region named inside another object."""

    class Meta:
        model = Region
        fields = ["id", "name", "kind"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "name_en", "kind", "parent", "code", "population", "households", "is_target"]


class RegionWithBoundarySerializer(RegionSerializer):
    boundary = serializers.JSONField(read_only=True, allow_null=True, help_text=_("GeoJSON geometry"))

    class Meta(RegionSerializer.Meta):
        fields = [*RegionSerializer.Meta.fields, "boundary"]


class RegionFilter(api_filters.FilterSet):
    parent = IntegerFilter(field_name="parent_id")
    is_root = django_filters.BooleanFilter(
        field_name="parent", lookup_expr="isnull", label=_("Top level only")
    )

    class Meta:
        model = Region
        fields = ["kind", "parent", "is_target", "code"]


@extend_schema_view(
    list=extend_schema(parameters=[WITH_BOUNDARY]),
    retrieve=extend_schema(parameters=[WITH_BOUNDARY]),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Province › county › city or district › neighbourhood. Reference data: every signed-in user reads it."""

    filterset_class = RegionFilter
    ordering_fields = ["name", "code", "population"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        queryset = Region.objects.all()
        if self.action != "geojson" and not wants_boundary(self.request):
            queryset = queryset.without_boundaries()
        return queryset

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or not wants_boundary(self.request):
            return RegionSerializer
        return RegionWithBoundarySerializer

    @extend_schema(
        responses=inline_serializer(
            "RegionFeature",
            {
                "type": serializers.CharField(),
                "id": serializers.IntegerField(),
                "geometry": serializers.JSONField(allow_null=True),
                "properties": serializers.DictField(),
            },
        ),
    )
    @action(detail=True, filter_backends=[])
    def geojson(self, request, pk=None):
        """The region as a GeoJSON Feature: its boundary and its main properties."""
        region = self.get_object()
        properties = RegionSerializer(region).data
        properties.pop("id")
        return Response(
            {"type": "Feature", "id": region.pk, "geometry": region.boundary, "properties": properties}
        )
