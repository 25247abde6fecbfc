"""Query parameters of the follow-up endpoints."""

import django_filters
from django.utils.translation import gettext_lazy as _

from hamafza.lib import api_filters
from hamafza.lib.api_filters import IntegerFilter
from hamafza.lib.persian import normalize
from hamafza.meetings import services
from hamafza.meetings.models import Assignment, Body, Meeting, ProgressReport, Resolution
from hamafza.meetings.services import dashboards
from hamafza.orgs.api import filter_search_text

# Foreign keys are filtered by number, not checked against a table, so a filter cannot tell an
# outsider whether an object exists: it only narrows what the user already sees.


class BodyFilter(api_filters.FilterSet):
    region = IntegerFilter(field_name="region_id")
    member = IntegerFilter(field_name="members", label=_("Has this member organisation"))

    class Meta:
        model = Body
        fields = ["kind", "region", "is_active"]


class MeetingFilter(api_filters.FilterSet):
    body = IntegerFilter(field_name="body_id")
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label=_("Held on or after")
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label=_("Held on or before")
    )
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Meeting
        fields = ["body", "number"]

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value)


class ResolutionFilter(api_filters.FilterSet):
    body = IntegerFilter(field_name="body_id")
    meeting = IntegerFilter(field_name="meeting_id")
    organization = IntegerFilter(method="filter_organization", label=_("Assigned to this organisation"))
    topic = django_filters.CharFilter(method="filter_topic", label=_("Has this topic"))
    state = django_filters.ChoiceFilter(
        choices=[(state, state) for state in dashboards.STATES],
        method="filter_state",
        label=_("State, as on the body's dashboard"),
    )
    q = django_filters.CharFilter(
        method="search", label=_("Search; insensitive to ي/ی, ك/ک, the ZWNJ and the digits' script")
    )

    class Meta:
        model = Resolution
        fields = ["body", "meeting", "status"]

    def filter_state(self, queryset, name, value):
        condition = dashboards.lead_state_filters(services.today())[value]
        leads = Assignment.objects.filter(role=Assignment.Role.LEAD).filter(condition)
        return queryset.filter(pk__in=leads.values("resolution_id"))

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            pk__in=Assignment.objects.filter(organization_id=value).values("resolution_id")
        )

    def filter_topic(self, queryset, name, value):
        return queryset.filter(topics__name=normalize(value))

    def search(self, queryset, name, value):
        return filter_search_text(queryset, value)


class AssignmentFilter(api_filters.FilterSet):
    organization = IntegerFilter(field_name="organization_id")
    resolution = IntegerFilter(field_name="resolution_id")
    body = IntegerFilter(field_name="resolution__body_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Past its next due date"))
    due_soon = django_filters.BooleanFilter(method="filter_due_soon", label=_("Due within the next days"))

    class Meta:
        model = Assignment
        fields = ["organization", "resolution", "status", "role", "recurrence"]

    def filter_overdue(self, queryset, name, value):
        return _with_or_without(queryset, Assignment.objects.overdue(services.today()), value)

    def filter_due_soon(self, queryset, name, value):
        return _with_or_without(queryset, Assignment.objects.due_soon(services.today()), value)


def _with_or_without(queryset, matching, value: bool):
    if value:
        return queryset.filter(pk__in=matching.values("pk"))
    return queryset.exclude(pk__in=matching.values("pk"))


class ProgressReportFilter(api_filters.FilterSet):
    assignment = IntegerFilter(field_name="assignment_id")
    resolution = IntegerFilter(field_name="assignment__resolution_id")
    organization = IntegerFilter(field_name="assignment__organization_id")
    body = IntegerFilter(field_name="assignment__resolution__body_id")

    class Meta:
        model = ProgressReport
        fields = ["assignment", "status"]
