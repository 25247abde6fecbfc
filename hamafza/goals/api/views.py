"""The annual goals API views."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from hamafza.goals.access import Viewer
from hamafza.goals.api import serializers as s
from hamafza.goals.models import Programme, QuarterReport, YearEndReview
from hamafza.goals.services import overview
from hamafza.goals.services import reports as report_services
from hamafza.goals.services.common import GoalsError
from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.meetings.api.base import ServiceErrorsMixin

REFUSED = OpenApiResponse(
    description=gettext_lazy("The rules do not allow this change now; `detail` says why.")
)
NOT_FOUND = OpenApiResponse(description=gettext_lazy("No such object within your scope."))


class GoalsErrorsMixin(ServiceErrorsMixin):
    def handle_exception(self, exc):
        if isinstance(exc, GoalsError):
            return Response(
                {"detail": " ".join(exc.messages), "code": getattr(exc, "code", None) or "invalid"},
                status=400,
            )
        return super().handle_exception(exc)

    @property
    def scope(self) -> Viewer:
        if not hasattr(self, "_scope"):
            self._scope = Viewer(self.request.user)
        return self._scope


class ProgrammeFilter(api_filters.FilterSet):
    organization = IntegerFilter(field_name="organization_id")
    adopts = IntegerFilter(field_name="adopts_id")

    class Meta:
        model = Programme
        fields = ["year", "organization", "state", "adopts"]


class ProgrammeViewSet(GoalsErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Annual programmes the user reads: its organisation's, those above and below it, and those of the
    organisations it has a role over. A programme shows its goals, each measure's latest value and state."""

    queryset = Programme.objects.none()
    serializer_class = s.ProgrammeSerializer
    filterset_class = ProgrammeFilter
    ordering_fields = ["year", "id"]
    ordering = ["-year", "pk"]

    def get_queryset(self):
        return self.scope.programmes().select_related("organization", "region")

    def get_serializer_class(self):
        return s.ProgrammeDetailSerializer if self.action == "retrieve" else s.ProgrammeSerializer

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        context = self.get_serializer_context()
        context["counts"] = overview.goal_counts(page)
        return self.get_paginated_response(s.ProgrammeSerializer(page, many=True, context=context).data)

    def retrieve(self, request, *args, **kwargs):
        programme = self.get_object()
        view = overview.programme_overview(programme, with_reports=False)
        context = self.get_serializer_context()
        context.update(overview=view, counts={programme.pk: view.counts})
        return Response(s.ProgrammeDetailSerializer(programme, context=context).data)

    @extend_schema(responses={200: s.AdoptionRowSerializer(many=True), 404: NOT_FOUND})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def adoptions(self, request, pk=None):
        """The programmes that adopt this one, side by side: each one's state of every goal, with its
        own targets, and its own goals."""
        programme = self.get_object()
        adoptions = programme.adoptions.all()
        readable = self.scope.readable_org_ids()
        if readable is not None:
            adoptions = adoptions.filter(organization_id__in=readable)
        table = overview.side_by_side(programme, adoptions)
        return Response(s.AdoptionRowSerializer(overview.scorecard(table), many=True).data)


class ReportFilter(api_filters.FilterSet):
    programme = IntegerFilter(field_name="measure__goal__programme_id")

    class Meta:
        model = QuarterReport
        fields = ["programme", "measure", "quarter", "state"]


class ReportViewSet(
    GoalsErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Quarterly reports of hand-reported measures. The programme's organisation sends one (evidence files
    are attached on the site); the reviewer accepts or returns it on the site."""

    queryset = QuarterReport.objects.none()
    serializer_class = s.QuarterReportSerializer
    filterset_class = ReportFilter
    ordering_fields = ["submitted_at", "id"]
    ordering = ["-submitted_at", "-pk"]
    input_serializers = {"list": s.QuarterReportCreateSerializer, "create": s.QuarterReportCreateSerializer}

    def get_queryset(self):
        return self.scope.reports().select_related("measure__goal").prefetch_related("files")

    @extend_schema(
        request=s.QuarterReportCreateSerializer,
        responses={201: s.QuarterReportSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        measure = self.scope.measure(data["measure"])
        report = report_services.submit_report(
            measure,
            by=request.user,
            quarter=data["quarter"],
            value=data["value"],
            narrative=data["narrative"],
        )
        return Response(self.output(self.get_queryset().get(pk=report.pk)), status=status.HTTP_201_CREATED)


class ReviewFilter(api_filters.FilterSet):
    programme = IntegerFilter(field_name="goal__programme_id")

    class Meta:
        model = YearEndReview
        fields = ["programme", "goal", "state"]


class ReviewViewSet(GoalsErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Year-end reviews of the goals the user reads."""

    queryset = YearEndReview.objects.none()
    serializer_class = s.YearEndReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["id"]
    ordering = ["pk"]

    def get_queryset(self):
        return self.scope.reviews_qs().select_related("goal").prefetch_related("figures")
