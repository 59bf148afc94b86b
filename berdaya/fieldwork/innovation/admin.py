from django.contrib import admin

from .models import AdoptionEvent, Innovation


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "introduced_on"]
    search_fields = ["name", "programme__name"]


@admin.register(AdoptionEvent)
class AdoptionEventAdmin(admin.ModelAdmin):
    # Steps are recorded through the services (order and loop checks); the admin only looks.
    list_display = ["innovation", "person", "stage", "on_date", "learned_from"]
    list_filter = ["stage"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
