from django.contrib import admin

from hamafza.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log cannot be edited from the site."""

    list_display = ["at", "actor_name", "ip", "source", "action", "object_repr"]
    list_filter = ["action", "source", "object_type"]
    search_fields = ["object_repr", "actor_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
