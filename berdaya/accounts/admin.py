from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

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
