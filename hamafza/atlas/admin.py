"""Administrators edit the taxonomy (harm categories and indicators) and the denominators here; every
edit is audited. Indicator values and incidents change only through the atlas pages and services."""

from django.contrib import admin

from hamafza.atlas.models import HarmCategory, Indicator, RegionYear
from hamafza.audit.admin import AuditedAdmin


@admin.register(HarmCategory)
class HarmCategoryAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "code", "parent", "is_crime", "is_active", "order"]
    list_editable = ["order"]
    list_filter = ["is_crime", "is_active"]
    search_fields = ["name", "name_en", "code"]
    raw_id_fields = ["parent"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["name", "code", "category", "kind", "denominator", "per", "source", "owner", "is_active"]
    list_filter = ["source", "kind", "is_active", "category"]
    search_fields = ["name", "name_en", "code"]
    raw_id_fields = ["owner"]
    list_select_related = ["category", "owner"]


@admin.register(RegionYear)
class RegionYearAdmin(AuditedAdmin):
    list_display = ["region", "year", "population", "households", "pupils"]
    list_filter = ["year"]
    search_fields = ["region__name", "region__code"]
    raw_id_fields = ["region"]
    list_select_related = ["region"]
