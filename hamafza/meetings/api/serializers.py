"""How bodies, meetings, resolutions, assignments and reports look in the API, and what a write carries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hamafza.accounts.models import User
from hamafza.lib import limits
from hamafza.lib.openapi import NULLABLE_URI
from hamafza.meetings import services
from hamafza.meetings.api.base import DateField, jalali
from hamafza.meetings.models import Assignment, Body, Evidence, Meeting, ProgressReport, Resolution
from hamafza.meetings.services import dashboards
from hamafza.orgs.api import OrganizationRefSerializer
from hamafza.orgs.models import Organization
from hamafza.places.api import RegionRefSerializer
from hamafza.places.models import Region

# --- References -------------------------------------------------------------------------------------


class UserRefSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name"]


class BodyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Body
        fields = ["id", "name", "kind"]


class MeetingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "number", "held_on"]


class ResolutionRefSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    body = serializers.IntegerField(source="body_id", read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "number", "text", "status", "meeting", "body"]


# --- Reads ------------------------------------------------------------------------------------------


class BodySerializer(serializers.ModelSerializer):
    region = RegionRefSerializer(read_only=True)
    secretariat = OrganizationRefSerializer(read_only=True)
    members = OrganizationRefSerializer(many=True, read_only=True)

    class Meta:
        model = Body
        fields = ["id", "name", "kind", "region", "secretariat", "members", "description", "is_active"]


class MeetingSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    held_on_jalali = serializers.SerializerMethodField()
    attendees = serializers.ListField(source="attendee_list", child=serializers.CharField(), read_only=True)
    minutes_url = serializers.SerializerMethodField()
    resolution_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "number",
            "held_on",
            "held_on_jalali",
            "place",
            "chair",
            "attendees",
            "agenda",
            "minutes_url",
            "resolution_count",
            "created_at",
        ]

    def get_held_on_jalali(self, meeting: Meeting) -> str:
        return jalali(meeting.held_on)

    @extend_schema_field(
        {**NULLABLE_URI, "description": "The minutes' download page; null when none is attached."}
    )
    def get_minutes_url(self, meeting: Meeting) -> str | None:
        """The access-checked download page, when the minutes were attached."""
        if not meeting.minutes_file:
            return None
        return _absolute(self.context, reverse("meetings:minutes_file", args=[meeting.pk]))


class AssignmentFieldsMixin(serializers.Serializer):
    """The follow-up of one assignment, with the state derived from its next due date."""

    organization = OrganizationRefSerializer(read_only=True)
    follow_up_state = serializers.SerializerMethodField(
        help_text=_(
            "done · overdue · due_soon · in_review · returned · open, derived from the next due date."
        )
    )
    due_on_jalali = serializers.SerializerMethodField()
    deadline_jalali = serializers.SerializerMethodField()
    on_time = serializers.SerializerMethodField()

    ASSIGNMENT_FIELDS = [
        "id",
        "organization",
        "role",
        "recurrence",
        "deadline",
        "deadline_jalali",
        "interval",
        "interval_unit",
        "start_on",
        "due_on",
        "due_on_jalali",
        "status",
        "progress",
        "follow_up_state",
        "last_report_on",
        "completed_on",
        "on_time",
    ]

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["done", "closed", "overdue", "due_soon", "in_review", "returned", "open"]
        )
    )
    def get_follow_up_state(self, assignment: Assignment) -> str:
        return assignment.follow_up_state(self.context["today"])

    def get_due_on_jalali(self, assignment: Assignment) -> str | None:
        return jalali(assignment.due_on)

    def get_deadline_jalali(self, assignment: Assignment) -> str | None:
        return jalali(assignment.deadline)

    def get_on_time(self, assignment: Assignment) -> bool | None:
        return assignment.on_time()


class ResolutionAssignmentSerializer(AssignmentFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Assignment
        fields = AssignmentFieldsMixin.ASSIGNMENT_FIELDS


class AssignmentSerializer(AssignmentFieldsMixin, serializers.ModelSerializer):
    resolution = ResolutionRefSerializer(read_only=True)

    class Meta:
        model = Assignment
        fields = [*AssignmentFieldsMixin.ASSIGNMENT_FIELDS, "resolution"]


class ResolutionSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer(read_only=True)
    meeting = MeetingRefSerializer(read_only=True)
    state = serializers.SerializerMethodField(
        help_text=_("not_started · in_progress · overdue · done · cancelled, as on the body's dashboard.")
    )
    topics = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    target_regions = RegionRefSerializer(many=True, read_only=True)
    assignments = ResolutionAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "body",
            "meeting",
            "number",
            "text",
            "status",
            "state",
            "topics",
            "target_regions",
            "assignments",
            "done_at",
            "cancel_reason",
            "created_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=dashboards.STATES, allow_null=True))
    def get_state(self, resolution: Resolution) -> str | None:
        lead = next((a for a in resolution.assignments.all() if a.role == Assignment.Role.LEAD), None)
        return dashboards.resolution_state(resolution, lead, self.context["today"])


class EvidenceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField(help_text=_("Download through the access-checked page."))

    class Meta:
        model = Evidence
        fields = ["id", "name", "content_type", "size", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, evidence: Evidence) -> str:
        return _absolute(self.context, reverse("meetings:evidence", args=[evidence.pk]))


class ProgressReportSerializer(serializers.ModelSerializer):
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    resolution = serializers.IntegerField(source="assignment.resolution_id", read_only=True)
    organization = OrganizationRefSerializer(source="assignment.organization", read_only=True)
    submitted_by = UserRefSerializer(read_only=True)
    reviewed_by = UserRefSerializer(read_only=True, allow_null=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "assignment",
            "resolution",
            "organization",
            "percent",
            "narrative",
            "status",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "evidence",
        ]


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


# --- Writes -----------------------------------------------------------------------------------------


class MeetingCreateSerializer(serializers.Serializer):
    body = serializers.IntegerField(
        help_text=_("The body that met; only its secretariat may record a meeting.")
    )
    number = serializers.IntegerField(min_value=1)
    held_on = DateField()
    place = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    chair = serializers.CharField(max_length=250, required=False, default="", allow_blank=True)
    attendees = serializers.ListField(
        child=serializers.CharField(max_length=250), required=False, default=list
    )
    agenda = serializers.CharField(max_length=limits.LONG_TEXT, required=False, default="", allow_blank=True)
    minutes_file = serializers.FileField(required=False, allow_null=True, help_text=_("PDF or Word."))

    def validate_minutes_file(self, upload):
        if not upload:
            return None
        try:
            services.check_minutes_file(upload)
        except services.FollowUpError as error:
            raise serializers.ValidationError(error.messages[0]) from None
        return upload


class AssignmentSpecSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=Assignment.Role.choices, default=Assignment.Role.LEAD)
    recurrence = serializers.ChoiceField(
        choices=Assignment.Recurrence.choices, default=Assignment.Recurrence.ONCE
    )
    deadline = DateField(required=False, allow_null=True, default=None)
    interval = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=365
    )
    interval_unit = serializers.ChoiceField(
        choices=Assignment.IntervalUnit.choices, default=Assignment.IntervalUnit.MONTH
    )


class ResolutionCreateSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(
        help_text=_("The meeting that passed it; only the body's secretariat may record it.")
    )
    number = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=limits.LONG_TEXT)
    topics = serializers.ListField(child=serializers.CharField(max_length=120), required=False, default=list)
    target_regions = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=Region.objects.without_boundaries()
    )
    assignments = AssignmentSpecSerializer(
        many=True, help_text=_("Exactly one lead organisation, any supporting ones.")
    )

    def to_spec(self) -> services.ResolutionSpec:
        data = self.validated_data
        return services.ResolutionSpec(
            number=data["number"],
            text=data["text"],
            topics=data["topics"],
            target_regions=list(data["target_regions"]),
            assignments=[services.AssignmentSpec(**item) for item in data["assignments"]],
        )


class ReportSubmitSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=limits.LONG_TEXT, help_text=_("What was done."))
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        required=False,
        default=list,
        help_text=_("Evidence: PDF, PNG, JPEG, Word or Excel, each within the size limit."),
    )


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=limits.NOTE, required=False, default="", allow_blank=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=limits.NOTE, required=False, default="", allow_blank=True)
