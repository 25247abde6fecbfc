"""Administrators set up bodies and their members here; meetings, resolutions and reports change only
through the site's pages and the API, which go through the service functions and the audit log."""

from django.contrib import admin

from hamafza.audit.admin import AuditedAdmin
from hamafza.meetings.models import Body, Topic


@admin.register(Body)
class BodyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "region", "secretariat", "is_active"]
    list_filter = ["kind", "is_active"]
    filter_horizontal = ["members"]
    raw_id_fields = ["region", "secretariat"]


@admin.register(Topic)
class TopicAdmin(AuditedAdmin):
    search_fields = ["name"]
