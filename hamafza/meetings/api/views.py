"""Endpoints for bodies, meetings, resolutions, assignments and progress reports.

Every queryset starts from an access helper, so an object outside the user's scope is a 404; every
change is a call to a service function, which checks the rules and writes the audit record.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from hamafza.meetings import services
from hamafza.meetings.access import (
    assignments_for_user,
    bodies_for_user,
    body_for_user,
    meeting_for_user,
    meetings_for_user,
    reports_for_user,
    resolutions_for_user,
)
from hamafza.meetings.api import filters
from hamafza.meetings.api.base import ServiceErrorsMixin
from hamafza.meetings.api.serializers import (
    AssignmentSerializer,
    BodySerializer,
    CancelSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    ProgressReportSerializer,
    ReportSubmitSerializer,
    ResolutionCreateSerializer,
    ResolutionSerializer,
    ReviewSerializer,
)
from hamafza.meetings.models import Assignment, Body, Evidence, Meeting, ProgressReport, Resolution
from hamafza.orgs.models import Organization
from hamafza.places.models import Region

REFUSED = OpenApiResponse(
    description=gettext_lazy("The rules do not allow this change now; `detail` says why.")
)
FORBIDDEN = OpenApiResponse(description=gettext_lazy("You see this object but may not make this change."))
NOT_FOUND = OpenApiResponse(description=gettext_lazy("No such object within your scope."))
WRITE_PARSERS = [JSONParser, MultiPartParser, FormParser]


def _regions():
    return Region.objects.without_boundaries()


class BodyViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Working groups, headquarters and councils the user sees, with their member organisations."""

    queryset = Body.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = BodySerializer
    filterset_class = filters.BodyFilter
    ordering_fields = ["name", "kind"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return (
            bodies_for_user(self.request.user)
            .select_related("secretariat", "region")
            .defer("region__boundary")
            .prefetch_related(Prefetch("members", queryset=Organization.objects.order_by("name", "pk")))
        )


class MeetingViewSet(
    ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Meetings of the bodies the user sees; the secretariat records new ones."""

    queryset = Meeting.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = MeetingSerializer
    filterset_class = filters.MeetingFilter
    ordering_fields = ["held_on", "number", "created_at"]
    ordering = ["-held_on", "-number", "pk"]
    parser_classes = WRITE_PARSERS
    input_serializers = {"list": MeetingCreateSerializer, "create": MeetingCreateSerializer}

    def get_queryset(self):
        return (
            meetings_for_user(self.request.user)
            .select_related("body")
            .annotate(resolution_count=Count("resolutions"))
        )

    @extend_schema(
        request={"application/json": MeetingCreateSerializer, "multipart/form-data": MeetingCreateSerializer},
        responses={201: MeetingSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request):
        """Record a meeting of a body (its secretariat only)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        body = body_for_user(request.user, data.pop("body"))
        data["attendees"] = "\n".join(data["attendees"])
        meeting = services.create_meeting(body, by=request.user, **data)
        return Response(self.output(self.get_queryset().get(pk=meeting.pk)), status=status.HTTP_201_CREATED)


class ResolutionViewSet(
    ServiceErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Resolutions the user sees, each with its assignments and their follow-up state."""

    queryset = Resolution.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = ResolutionSerializer
    filterset_class = filters.ResolutionFilter
    ordering_fields = ["held_on", "position", "created_at", "done_at", "id"]
    ordering = ["-held_on", "-meeting_id", "position", "pk"]
    input_serializers = {
        "list": ResolutionCreateSerializer,
        "create": ResolutionCreateSerializer,
        "cancel": CancelSerializer,
    }

    def get_queryset(self):
        assignments = Assignment.objects.select_related("organization").order_by("role", "pk")
        return (
            resolutions_for_user(self.request.user)
            .select_related("body", "meeting")
            .annotate(held_on=F("meeting__held_on"))
            .prefetch_related(
                Prefetch("assignments", queryset=assignments),
                "topics",
                Prefetch("target_regions", queryset=_regions()),
            )
        )

    @extend_schema(
        request=ResolutionCreateSerializer,
        responses={201: ResolutionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def create(self, request):
        """Record a resolution of a meeting with its lead and supporting organisations (the secretariat only)."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meeting_for_user(request.user, serializer.validated_data["meeting"])
        resolution = services.create_resolution(meeting, by=request.user, spec=serializer.to_spec())
        return Response(
            self.output(self.get_queryset().get(pk=resolution.pk)), status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=CancelSerializer,
        responses={200: ResolutionSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def cancel(self, request, pk=None):
        """Cancel an open resolution, saying why (the secretariat only)."""
        resolution = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cancel_resolution(resolution, by=request.user, reason=serializer.validated_data["reason"])
        return Response(self.output(self.get_queryset().get(pk=resolution.pk)))


class AssignmentViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Organisations' duties on the resolutions the user sees; the assigned organisation reports on them."""

    queryset = Assignment.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = AssignmentSerializer
    filterset_class = filters.AssignmentFilter
    ordering_fields = ["due_on", "deadline", "progress", "id"]
    ordering = ["pk"]
    input_serializers = {"submit_report": ReportSubmitSerializer}

    def get_queryset(self):
        return assignments_for_user(self.request.user).select_related("organization", "resolution")

    @extend_schema(
        request={"multipart/form-data": ReportSubmitSerializer},
        responses={201: ProgressReportSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True, methods=["post"], url_path="reports", parser_classes=WRITE_PARSERS, filter_backends=[]
    )
    def submit_report(self, request, pk=None):
        """Report progress with evidence files (an officer of the assigned organisation only)."""
        assignment = self.get_object()
        if not services.can_report(request.user, assignment):
            raise PermissionDenied(_("Only an officer of the assigned organisation may report on it."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        files = []
        for upload in data["files"]:
            # Refused before it is read into memory; the service checks the size again with the content.
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise services.FollowUpError(services.upload_message("size", upload.name), code="size")
            files.append(services.UploadedFile.from_upload(upload))
        report = services.submit_progress(
            assignment, by=request.user, percent=data["percent"], note=data["note"], files=files
        )
        output = self.output(_reports(request.user).get(pk=report.pk), ProgressReportSerializer)
        return Response(output, status=status.HTTP_201_CREATED)


def _reports(user):
    return (
        reports_for_user(user)
        .select_related("assignment__organization", "submitted_by", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )


class ProgressReportViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Progress reports: seen by the body's secretariat and viewers, and by the reporting organisation."""

    queryset = ProgressReport.objects.none()  # the model, for the schema; get_queryset scopes every request
    serializer_class = ProgressReportSerializer
    filterset_class = filters.ProgressReportFilter
    ordering_fields = ["submitted_at", "reviewed_at", "percent", "id"]
    ordering = ["-submitted_at", "-pk"]
    input_serializers = {"accept": ReviewSerializer, "return_report": ReviewSerializer}

    def get_queryset(self):
        return _reports(self.request.user)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: ProgressReportSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        """Accept a report awaiting review (the body's secretariat only)."""
        return self._review(request, services.accept_report)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: ProgressReportSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filter_backends=[])
    def return_report(self, request, pk=None):
        """Return a report to its organisation with a comment on what is missing (the secretariat only)."""
        return self._review(request, services.return_report)

    def _review(self, request, review):
        report = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review(report, by=request.user, comment=serializer.validated_data["comment"])
        return Response(self.output(self.get_queryset().get(pk=report.pk)))
