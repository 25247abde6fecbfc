from django.contrib import admin

from hamafza.audit.admin import AuditedAdmin
from hamafza.places.models import Region


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "parent", "population", "is_target"]
    list_filter = ["kind", "is_target"]
    search_fields = ["name", "name_en", "code"]
    raw_id_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("boundary").select_related("parent")
