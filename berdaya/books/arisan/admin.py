"""Read-only admin: arisan rows change only through the services (which post to the ledger)."""

from django.contrib import admin

from .models import Contribution, Cycle, Round


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnly):
    list_display = ["name", "group", "contribution", "method", "status", "start_on"]
    list_filter = ["status", "method"]
    search_fields = ["name", "group__name"]
    exclude = ["seed"]  # the secret seed never shows here; the verification page shows it once revealed


@admin.register(Round)
class RoundAdmin(ReadOnly):
    list_display = ["cycle", "number", "due_on", "winner_slot", "pot", "paid_on"]
    search_fields = ["cycle__name"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnly):
    list_display = ["round", "slot", "person", "amount", "status", "on_date"]
    search_fields = ["person__full_name", "round__cycle__name"]
