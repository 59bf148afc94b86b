"""Read-only admin: loans change only through the services (which post to the ledger and audit-log)."""

from django.contrib import admin

from berdaya.core.admin import ReadOnlyAdmin

from .models import Cover, CoverDebt, CoverSettlement, Instalment, Loan, LoanPayment, LoanPolicy


@admin.register(LoanPolicy)
class LoanPolicyAdmin(ReadOnlyAdmin):
    list_display = ["group", "rounding_unit", "payment_order", "default_method", "cover_split"]
    search_fields = ["group__name"]


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["pk", "group", "person", "principal", "term_periods", "method", "status", "applied_on"]
    list_filter = ["status", "method", "frequency"]
    search_fields = ["person__full_name", "group__name"]


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdmin):
    list_display = ["loan", "number", "due_on", "principal", "interest", "paid_on"]


@admin.register(LoanPayment)
class LoanPaymentAdmin(ReadOnlyAdmin):
    list_display = ["loan", "on_date", "amount", "principal", "interest", "penalty", "source"]


@admin.register(Cover)
class CoverAdmin(ReadOnlyAdmin):
    list_display = ["group", "loan", "defaulter", "on_date", "amount", "fund_part", "split"]


@admin.register(CoverDebt)
class CoverDebtAdmin(ReadOnlyAdmin):
    list_display = ["group", "defaulter", "coverer", "amount", "settled"]


@admin.register(CoverSettlement)
class CoverSettlementAdmin(ReadOnlyAdmin):
    list_display = ["group", "defaulter", "on_date", "amount"]
