from django.contrib import admin

from hamafza.counseling.models import Centre, CounselingRole, DisputeKind
from hamafza.counseling.services.units import place


@admin.register(DisputeKind)
class DisputeKindAdmin(admin.ModelAdmin):
    """The managed list of kinds of dispute: administrators add, rename, order and retire kinds."""

    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["station", "county", "province", "keeps_cases_elsewhere", "is_active"]
    list_filter = ["keeps_cases_elsewhere", "is_active"]
    search_fields = ["station__name"]
    autocomplete_fields = ["station"]

    def save_model(self, request, obj, form, change):
        place(obj)
        super().save_model(request, obj, form, change)


@admin.register(CounselingRole)
class CounselingRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organization"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "organization"]
