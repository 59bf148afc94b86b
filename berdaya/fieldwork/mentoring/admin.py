from django.contrib import admin

from .models import AgreedAction, MonthlyReport, Visit


class ActionInline(admin.TabularInline):
    model = AgreedAction
    extra = 0


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["visited_on", "mentor", "group", "person", "technique", "programme"]
    list_filter = ["technique", "programme"]
    search_fields = ["group__name", "person__full_name", "mentor__full_name", "issues"]
    raw_id_fields = ["group", "person", "mentor", "programme"]
    inlines = [ActionInline]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["month", "mentor", "programme", "status", "submitted_on"]
    list_filter = ["status", "programme"]
    search_fields = ["mentor__full_name", "summary"]
    raw_id_fields = ["mentor", "programme"]
