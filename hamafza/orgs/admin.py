from django.contrib import admin

from hamafza.audit.admin import AuditedAdmin
from hamafza.orgs.models import Organization


@admin.register(Organization)
class OrganizationAdmin(AuditedAdmin):
    list_display = ["name", "kind", "sector", "region", "is_active"]
    list_filter = ["kind", "sector", "is_active"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["region"]
