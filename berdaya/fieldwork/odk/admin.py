from django.contrib import admin
from django.db import models

from berdaya.core.admin import ReadOnlyAdmin

from .models import FormSource, ImportBatch, Submission

# Read-only: every change goes through the services (audit log, nothing lost). The server token is left
# out of the admin on purpose.


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["instance_id", "form_id", "status", "reason", "received_at"]
    list_filter = ["status", "form_kind", "source"]
    search_fields = ["instance_id", "form_id", "reason"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["form_id", "filename", "source", "rows", "mapped", "rejected", "duplicates", "created_at"]


@admin.register(FormSource)
class FormSourceAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "server", "form_kind", "base_url", "last_marker", "active"]
    exclude = ["token"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
