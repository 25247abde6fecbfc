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


class AuditedAdmin(admin.ModelAdmin):
    """Admin pages for domain objects record every add, change and delete in the audit log."""

    def _fields(self, obj) -> list[str]:
        return [
            f.name
            for f in obj._meta.concrete_fields
            if f.name not in {"id", "boundary", "search_text", "password"}
        ]

    def save_model(self, request, obj, form, change):
        from hamafza.audit.services import diff, record, snapshot

        fields = self._fields(obj)
        before = snapshot(type(obj).objects.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)
        after = snapshot(obj, fields)
        changes = diff(before, after) if change else after
        if "boundary" in form.changed_data:
            changes["boundary"] = ["…", "…"]
        if changes or not change:
            record(
                actor=request.user,
                action=f"{obj._meta.model_name}.{'update' if change else 'create'}",
                obj=obj,
                changes=changes,
            )

    def save_related(self, request, form, formsets, change):
        from hamafza.audit.services import record

        before = (
            {
                f.name: sorted(str(o) for o in getattr(form.instance, f.name).all())
                for f in form.instance._meta.many_to_many
            }
            if change
            else {}
        )
        super().save_related(request, form, formsets, change)
        after = {
            f.name: sorted(str(o) for o in getattr(form.instance, f.name).all())
            for f in form.instance._meta.many_to_many
        }
        changes = {
            name: [before.get(name), value] for name, value in after.items() if before.get(name) != value
        }
        for formset in formsets:
            for obj in getattr(formset, "new_objects", []):
                changes.setdefault("added", []).append(str(obj))
            for obj, changed in getattr(formset, "changed_objects", []):
                changes.setdefault("changed", []).append(f"{obj}: {', '.join(changed)}")
            for obj in getattr(formset, "deleted_objects", []):
                changes.setdefault("removed", []).append(str(obj))
        if changes:
            record(
                actor=request.user,
                action=f"{form.instance._meta.model_name}.update",
                obj=form.instance,
                changes=changes,
            )

    def delete_model(self, request, obj):
        from hamafza.audit.services import record, snapshot

        record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            obj=obj,
            changes=snapshot(obj, self._fields(obj)),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
