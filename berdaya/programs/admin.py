from django.contrib import admin

from berdaya.core.admin import ReadOnlyAdmin

from .models import Agency, AgencyRole, Programme, Site, StaffMember, Stage, TargetCriterion

# Read-mostly: the admin is for inspection; every change should go through the services (audit log).


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    can_delete = False
    max_num = 0


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    can_delete = False
    max_num = 0
    raw_id_fields = ["place"]


class CriterionInline(admin.TabularInline):
    model = TargetCriterion
    extra = 0
    can_delete = False
    max_num = 0


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "model_type", "start_date", "end_date"]
    search_fields = ["name"]
    inlines = [StageInline, SiteInline, CriterionInline]


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["place"]


@admin.register(AgencyRole)
class AgencyRoleAdmin(ReadOnlyAdmin):
    list_display = ["agency", "role", "site"]
    list_filter = ["role"]
    raw_id_fields = ["site", "agency"]


@admin.register(StaffMember)
class StaffMemberAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "kind", "agency", "trained", "active"]
    search_fields = ["full_name"]
    list_filter = ["kind", "trained", "active"]
