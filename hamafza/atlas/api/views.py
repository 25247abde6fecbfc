"""Read-only endpoints of the atlas under /api/atlas/: harm categories, indicators, the summary table
(neighbourhood × month × category counts), an indicator's values for a level and period, hot spots and
the priority ranking. Every signed-in user reads the atlas, as on the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from hamafza.atlas.api.serializers import (
    HarmCategorySerializer,
    IncidentSummarySerializer,
    IndicatorSerializer,
)
from hamafza.atlas.models import HarmCategory, IncidentSummary, Indicator
from hamafza.atlas.services import queries
from hamafza.atlas.services.queries import MapQuery, QueryError
from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.places.models import Region


class HarmCategoryFilter(api_filters.FilterSet):
    class Meta:
        model = HarmCategory
        fields = ["is_crime", "is_active", "parent"]


class HarmCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The kinds of social harm and crime the atlas counts."""

    queryset = HarmCategory.objects.all()
    serializer_class = HarmCategorySerializer
    filterset_class = HarmCategoryFilter
    ordering_fields = ["order", "name", "code"]
    ordering = ["order", "name", "pk"]


class IndicatorFilter(api_filters.FilterSet):
    category = django_filters.CharFilter(field_name="category__code", label=_("Harm category (code)"))

    class Meta:
        model = Indicator
        fields = ["category", "kind", "source", "is_active", "owner"]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """What is measured per neighbourhood and month: counts, and rates over a denominator."""

    queryset = Indicator.objects.select_related("category")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["code", "name"]
    ordering = ["category__order", "name", "pk"]


class IncidentSummaryFilter(api_filters.FilterSet):
    region = IntegerFilter(field_name="region_id")
    category = django_filters.CharFilter(field_name="category__code", label=_("Harm category (code)"))
    month_from = IntegerFilter(field_name="month", lookup_expr="gte", label=_("From month (YYYYMM)"))
    month_to = IntegerFilter(field_name="month", lookup_expr="lte", label=_("To month (YYYYMM)"))
    area = IntegerFilter(method="in_area", label=_("Neighbourhoods inside this region"))

    class Meta:
        model = IncidentSummary
        fields = ["region", "month", "category"]

    def in_area(self, queryset, name, value):
        inside = queries.RegionTree.load().neighbourhoods(int(value))
        return queryset.filter(region_id__in=inside)


class IncidentSummaryViewSet(viewsets.ReadOnlyModelViewSet):
    """Incidents counted per neighbourhood, Jalali month (YYYYMM) and category: the atlas's summary table."""

    queryset = IncidentSummary.objects.select_related("category")
    serializer_class = IncidentSummarySerializer
    filterset_class = IncidentSummaryFilter
    ordering_fields = ["month", "region", "count"]
    ordering = ["month", "region_id", "category_id", "pk"]


MAP_PARAMETERS = [
    OpenApiParameter(
        "indicator", OpenApiTypes.STR, description=_("Indicator code (the first active one if left out)")
    ),
    OpenApiParameter(
        "level", OpenApiTypes.STR, enum=list(queries.LEVELS), description=_("Level of the regions")
    ),
    OpenApiParameter(
        "month", OpenApiTypes.INT, description=_("Last month of the period, YYYYMM (the latest by default)")
    ),
    OpenApiParameter("start", OpenApiTypes.INT, description=_("First month of the period, YYYYMM")),
    OpenApiParameter(
        "span", OpenApiTypes.INT, enum=list(queries.SPANS), description=_("Months in the period")
    ),
    OpenApiParameter("area", OpenApiTypes.INT, description=_("Only regions inside this one")),
]


def _query(request) -> MapQuery:
    try:
        return MapQuery.from_params(request.query_params)
    except QueryError as error:
        raise serializers.ValidationError({"detail": str(error)}) from None


class IndicatorValuesView(APIView):
    """An indicator's value per region of a level over a period, from the summary and value tables
    (rates: numerators and denominators summed over the neighbourhoods, then divided)."""

    @extend_schema(
        parameters=MAP_PARAMETERS,
        responses=inline_serializer(
            "AtlasIndicatorValues",
            {
                "indicator": serializers.CharField(),
                "level": serializers.CharField(),
                "start": serializers.IntegerField(allow_null=True),
                "end": serializers.IntegerField(allow_null=True),
                "values": inline_serializer(
                    "AtlasRegionValue",
                    {
                        "region": serializers.IntegerField(),
                        "code": serializers.CharField(),
                        "name": serializers.CharField(),
                        "value": serializers.FloatField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        query = _query(request)
        values = query.values()
        names = Region.objects.filter(pk__in=list(values)).values_list("pk", "code", "name")
        rows = [
            {"region": pk, "code": code, "name": name, "value": values[pk]}
            for pk, code, name in sorted(names, key=lambda row: row[1])
        ]
        return Response(
            {
                "indicator": query.indicator.code,
                "level": query.level,
                "start": query.start,
                "end": query.end,
                "values": rows,
            }
        )


class HotspotsView(APIView):
    """Hot and cold spots of an indicator over a level's regions and a period: Getis-Ord Gi* with queen
    contiguity of the boundaries, 999 seeded permutations, Benjamini–Hochberg FDR; classes at 90/95/99%."""

    @extend_schema(
        parameters=MAP_PARAMETERS,
        responses=inline_serializer(
            "AtlasHotspots",
            {
                "indicator": serializers.CharField(),
                "level": serializers.CharField(),
                "start": serializers.IntegerField(allow_null=True),
                "end": serializers.IntegerField(allow_null=True),
                "regions": inline_serializer(
                    "AtlasHotspot",
                    {
                        "region": serializers.IntegerField(),
                        "z": serializers.FloatField(allow_null=True),
                        "p": serializers.FloatField(allow_null=True),
                        "q": serializers.FloatField(allow_null=True),
                        "class": serializers.CharField(allow_null=True),
                    },
                    many=True,
                ),
            },
        ),
    )
    def get(self, request):
        query = _query(request)
        found = {"regions": {}}
        if query.end is not None:
            found = queries.hot_spots(
                query.indicator,
                query.level,
                query.start,
                query.end,
                query.area_id,
                categories=query.categories,
            )
        rows = [
            {"region": int(pk), "z": row["z"], "p": row["p"], "q": row["q"], "class": row["class"]}
            for pk, row in found["regions"].items()
        ]
        return Response(
            {
                "indicator": query.indicator.code,
                "level": query.level,
                "start": query.start,
                "end": query.end,
                "regions": sorted(rows, key=lambda row: row["region"]),
            }
        )


class RankingView(APIView):
    """The priority ranking of an area's neighbourhoods, with the same parameters as the ranking page
    (area, period, indicators with weights or AHP comparisons, method)."""

    @extend_schema(
        responses={200: OpenApiResponse(description="criteria, rows by rank, unranked"), 400: None}
    )
    def get(self, request):
        from hamafza.atlas.forms.ranking import RankingForm
        from hamafza.atlas.services import ranking

        form = RankingForm(request.query_params)
        if not form.is_valid():
            return Response({"errors": form.errors.get_json_data()}, status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        try:
            result = ranking.compute_ranking(
                data["area"], data["period_start"], data["period_end"], data["criteria"], data["method"]
            )
        except ranking.RankingError as error:
            return Response(
                {"detail": error.messages[0], "code": error.code}, status=status.HTTP_400_BAD_REQUEST
            )
        return Response(
            {
                "area": result.area.pk,
                "period_start": result.period_start,
                "period_end": result.period_end,
                "method": result.method,
                "consistency_ratio": form.consistency_ratio,
                "criteria": [{"indicator": c.indicator.code, "weight": c.weight} for c in result.criteria],
                "rows": [
                    {
                        "region": row.region_id,
                        "name": row.name,
                        "code": row.code,
                        "rank": row.rank,
                        "score": row.score,
                        "values": row.values,
                        "contributions": row.contributions,
                    }
                    for row in result.rows
                ],
                "unranked": [
                    {"region": u.region_id, "name": u.name, "missing": [i.code for i in u.missing]}
                    for u in result.unranked
                ],
            }
        )
