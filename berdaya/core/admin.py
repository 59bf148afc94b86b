from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Inspection only: every change to programme data goes through the services, which audit-log it."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
