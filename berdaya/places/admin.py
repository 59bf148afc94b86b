from django.contrib import admin

from .models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "timezone"]
    search_fields = ["code", "name"]
    list_filter = ["level", "timezone"]
    raw_id_fields = ["parent"]
