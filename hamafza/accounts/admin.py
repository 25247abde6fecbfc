from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from hamafza.accounts.models import BodyRole, User
from hamafza.audit.admin import AuditedAdmin


class BodyRoleInline(admin.TabularInline):
    model = BodyRole
    extra = 0


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Organization"), {"fields": ("organization", "is_officer", "phone")}),
    )
    list_display = ["username", "first_name", "last_name", "organization", "is_officer", "is_superuser"]
    list_filter = ["is_officer", "is_superuser", "organization__kind"]
    inlines = [BodyRoleInline]
