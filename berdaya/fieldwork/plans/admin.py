from django.contrib import admin

from berdaya.core.admin import ReadOnlyAdmin

from .models import BusinessPlan, CalendarItem

# Read-only: every change goes through the services (validation, audit log).


@admin.register(BusinessPlan)
class BusinessPlanAdmin(ReadOnlyAdmin):
    list_display = ["group", "business", "prepared_on"]
    search_fields = ["group__name", "business"]


@admin.register(CalendarItem)
class CalendarItemAdmin(ReadOnlyAdmin):
    list_display = ["activity", "plan", "starts_on", "due_on", "done_on"]
    search_fields = ["activity", "plan__group__name"]
