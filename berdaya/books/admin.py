"""Read-only admin for the books: the ledger is written only by services (corrections are reversals)."""

from django.contrib import admin

from .models import Account, Book, JournalEntry, Leg, ShuDistribution, ShuPolicy, ShuShare


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LegInline(admin.TabularInline):
    model = Leg
    extra = 0
    fields = ["account", "person", "debit", "credit"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Book)
class BookAdmin(ReadOnlyAdmin):
    list_display = ["group", "opened_on", "closed_through"]
    search_fields = ["group__name"]


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["book", "code", "name", "kind", "is_closed"]
    list_filter = ["kind", "is_closed"]
    search_fields = ["book__group__name", "code", "name"]


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "book", "on_date", "kind", "memo", "created_by"]
    list_filter = ["kind"]
    search_fields = ["memo", "book__group__name"]
    date_hierarchy = "on_date"
    inlines = [LegInline]
    list_select_related = ["book__group", "created_by"]


@admin.register(ShuPolicy)
class ShuPolicyAdmin(ReadOnlyAdmin):
    list_display = ["group", "reserve_percent", "jasa_modal_percent", "jasa_usaha_percent", "modal_savings"]


class ShuShareInline(admin.TabularInline):
    model = ShuShare
    extra = 0
    readonly_fields = ["person", "counted_savings", "transactions_income", "jasa_modal", "jasa_usaha"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ShuDistribution)
class ShuDistributionAdmin(ReadOnlyAdmin):
    list_display = ["group", "year", "surplus", "reserve", "jasa_modal", "jasa_usaha", "closed_at"]
    inlines = [ShuShareInline]
