from django.contrib import admin

from berdaya.core.admin import ReadOnlyAdmin

from .models import Allocation, DeductionRule, Grant, GrantGroup, PlanLine, Repayment

# Read-only: every change goes through the services (ledger entries, audit log).


@admin.register(Grant)
class GrantAdmin(ReadOnlyAdmin):
    list_display = ["reference", "agency", "programme", "amount", "granted_on"]
    search_fields = ["reference", "agency__name"]


@admin.register(GrantGroup)
class GrantGroupAdmin(ReadOnlyAdmin):
    list_display = ["grant", "group", "amount", "received_on", "received_into"]


@admin.register(PlanLine)
class PlanLineAdmin(ReadOnlyAdmin):
    list_display = ["grant", "group", "person", "amount", "planned_on"]


@admin.register(DeductionRule)
class DeductionRuleAdmin(ReadOnlyAdmin):
    list_display = ["group", "name", "kind", "percent", "fixed_amount", "account"]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyAdmin):
    list_display = ["grant", "group", "person", "generation", "on_date", "gross", "net"]


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdmin):
    list_display = ["allocation", "on_date", "amount"]
