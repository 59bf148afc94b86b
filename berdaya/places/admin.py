from django.contrib import admin

from berdaya.core.admin import ReadOnlyAdmin

from .models import Place


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "timezone"]
    search_fields = ["code", "name"]
    list_filter = ["level", "timezone"]
    raw_id_fields = ["parent"]
