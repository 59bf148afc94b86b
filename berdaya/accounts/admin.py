from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from berdaya.audit.log import record, snapshot

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            _("Role and scope"),
            {
                "fields": [
                    "role",
                    "person",
                    "staff_member",
                    "agency",
                    "scope_programmes",
                    "scope_places",
                    "scope_groups",
                ]
            },
        ),
    ]
    raw_id_fields = ["person", "staff_member", "scope_places", "scope_groups"]
    filter_horizontal = ["scope_programmes"]

    # Users are managed here; each change lands in Berdaya's audit log like any other change.
    def save_model(self, request, obj, form, change):
        before = snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        record(actor=request.user, action="update" if change else "create", obj=obj, before=before)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = _scope(user)
        super().save_related(request, form, formsets, change)
        after = _scope(user)
        if before != after:
            record(actor=request.user, action="update", obj=user, before=before, after=after, note="scope")

    def delete_model(self, request, obj):
        record(actor=request.user, action="delete", obj=obj, before=snapshot(obj), after={})
        super().delete_model(request, obj)


def _scope(user: User) -> dict:
    if not user.pk:
        return {}
    return {
        "scope_programmes": sorted(user.scope_programmes.values_list("pk", flat=True)),
        "scope_places": sorted(user.scope_places.values_list("code", flat=True)),
        "scope_groups": sorted(user.scope_groups.values_list("pk", flat=True)),
    }
