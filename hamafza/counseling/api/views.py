"""The counselling API: the cases a user reads (never the parties' names or national IDs), and the
figures by area, with the pages' access rules (404 outside the user's reach)."""

import django_filters
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from hamafza.atlas.services.queries import valid_month
from hamafza.counseling.access import Viewer
from hamafza.counseling.api import serializers as s
from hamafza.counseling.models import Case
from hamafza.counseling.services import figures
from hamafza.counseling.services.common import today
from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.lib.jalali import jalali_month


class CaseFilter(api_filters.FilterSet):
    station = IntegerFilter(field_name="station_id")
    kind = IntegerFilter(field_name="kind_id")
    opened_after = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte")
    opened_before = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["station", "kind", "outcome", "channel", "opened_after", "opened_before"]


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Counselling cases of the stations whose cases the user reads (the station's counsellors, the
    province's reviewers). Parties appear as role, sex and age band only."""

    queryset = Case.objects.none()
    serializer_class = s.CaseSerializer
    filterset_class = CaseFilter
    ordering_fields = ["opened_on", "id"]
    ordering = ["-opened_on", "-id"]

    def get_queryset(self):
        cases = Viewer(self.request.user).cases()
        if self.action == "retrieve":
            cases = cases.prefetch_related("parties", "sessions")
        return cases

    def get_serializer_class(self):
        return s.CaseDetailSerializer if self.action == "retrieve" else s.CaseSerializer


LEVELS = ("national", "province", "county", "station")


class FiguresView(APIView):
    """Cases opened, closed and reconciled, the reconciliation rate and the median days to close, for the
    country (by province), a province (by county and station), a county (by station) or a station; by
    month and kind; each against the same months of the year before. Numbers only."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "level",
                OpenApiTypes.STR,
                enum=list(LEVELS),
                description="national, province, county or station",
            ),
            OpenApiParameter(
                "unit",
                OpenApiTypes.INT,
                description="The province's or county's region id, or the station's organisation id",
            ),
            OpenApiParameter("from", OpenApiTypes.INT, description="First Jalali month, YYYYMM"),
            OpenApiParameter("to", OpenApiTypes.INT, description="Last Jalali month, YYYYMM"),
        ],
        responses=s.FiguresSerializer,
    )
    def get(self, request):
        viewer = Viewer(request.user)
        level = request.query_params.get("level", "national")
        unit = request.query_params.get("unit", "")
        if level not in LEVELS or (level != "national" and not unit.isdigit()):
            raise Http404
        unit_id = int(unit) if level != "national" else None
        end = _month(request.query_params.get("to")) or jalali_month(today())
        start = _month(request.query_params.get("from")) or (end // 100) * 100 + 1
        start, end = min(start, end), max(start, end)
        if level == "station":
            if not viewer.reads_figures(unit_id):
                raise Http404
            data = figures.station(unit_id, start, end)
        else:
            if not viewer.reads_area(level, unit_id):
                raise Http404
            data = getattr(figures, level)(*([unit_id] if unit_id else []), start, end)
        payload = {
            "level": level,
            "unit": unit_id,
            "start": start,
            "end": end,
            "total": data.total,
            "units": data.units,
            "stations": data.stations,
            "months": data.months,
            "kinds": data.kinds,
        }
        return Response(s.FiguresSerializer(payload).data)


def _month(value: str | None) -> int | None:
    if value and value.isdigit() and valid_month(int(value)):
        return int(value)
    return None
