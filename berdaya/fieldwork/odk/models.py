"""Field forms (ODK Collect / KoboCollect): where submissions come from and what became of each.

A ``Submission`` is one filled-in form as the field server exported it, kept raw whatever happens to it
(mapped into a visit / votes / attendance, or rejected with the reason). Its ``instance_id`` (the form's
``meta/instanceID``, Kobo's ``_uuid``) is unique per form, so the same export read twice, or pulled
twice, never records anything twice. An ``ImportBatch`` is one upload or one pull, with its counts.
A ``FormSource`` says where to pull a form's submissions from (ODK Central or KoboToolbox).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.programs.models import Programme


class FormKind(models.TextChoices):
    VISIT = "visit", _("Mentoring visit log")
    PRA_VOTE = "pra_vote", _("PRA problem voting")
    ATTENDANCE = "attendance", _("Training attendance")


class FormSource(models.Model):
    """A form on an ODK Central or KoboToolbox server whose new submissions we pull."""

    class Server(models.TextChoices):
        ODK_CENTRAL = "odk_central", _("ODK Central")
        KOBO = "kobo", _("KoboToolbox")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="odk_sources"
    )
    name = models.CharField(_("name"), max_length=150)
    server = models.CharField(_("server"), max_length=20, choices=Server.choices)
    form_kind = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    scope_id = models.PositiveIntegerField(
        _("scope"), help_text=_("The programme, PRA session or training the form was generated for.")
    )
    base_url = models.URLField(_("server address"), max_length=300)
    project = models.CharField(
        _("project or asset"),
        max_length=100,
        help_text=_("ODK Central: the project number. KoboToolbox: the form's asset uid."),
    )
    remote_form_id = models.CharField(
        _("form id on the server"), max_length=100, blank=True, help_text=_("ODK Central's xmlFormId.")
    )
    # Stored as given (the server needs it back); pages and the API only ever show its last characters.
    token = models.CharField(_("access token"), max_length=300)
    active = models.BooleanField(_("active"), default=True)
    last_marker = models.CharField(
        _("pulled up to"),
        max_length=40,
        blank=True,
        help_text=_("Submission time of the newest submission already pulled; the next pull asks for newer."),
    )
    last_pulled_at = models.DateTimeField(_("last pulled"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("form server")
        verbose_name_plural = _("form servers")
        ordering = ["programme__name", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_token(self) -> str:
        tail = self.token[-4:] if len(self.token) > 8 else ""
        return f"••••{tail}"


class ImportBatch(models.Model):
    """One uploaded export or one pull, and what came of its rows."""

    class Source(models.TextChoices):
        FILE = "file", _("uploaded file")
        API = "api", _("API")
        PULL = "pull", _("pulled from a server")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="odk_batches"
    )
    form_kind = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    form_id = models.CharField(_("form id"), max_length=100)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    form_source = models.ForeignKey(
        FormSource,
        verbose_name=_("form server"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batches",
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    mapped = models.PositiveIntegerField(_("mapped"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    duplicates = models.PositiveIntegerField(_("already received"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission batch")
        verbose_name_plural = _("submission batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.form_id}: {self.filename or self.get_source_display()}"


class Submission(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        MAPPED = "mapped", _("mapped")
        REJECTED = "rejected", _("rejected")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="odk_submissions"
    )
    form_kind = models.CharField(_("form"), max_length=20, choices=FormKind.choices)
    scope_id = models.PositiveIntegerField(_("scope"))
    form_id = models.CharField(_("form id"), max_length=100)
    form_version = models.CharField(_("form version"), max_length=50, blank=True)
    instance_id = models.CharField(
        _("submission id"), max_length=100, blank=True, help_text=_("meta/instanceID, or Kobo's _uuid.")
    )
    raw = models.JSONField(_("raw submission"), default=dict)
    # A row without a submission id is matched on its content instead, so re-reading the file is quiet.
    fingerprint = models.CharField(_("fingerprint"), max_length=40, blank=True, db_index=True)
    earlier_raw = models.JSONField(
        _("earlier versions"),
        default=list,
        blank=True,
        help_text=_("What was received before, when a rejected submission was sent again."),
    )
    row_number = models.PositiveIntegerField(_("row in the file"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=10, choices=ImportBatch.Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), blank=True)
    object_type = models.CharField(_("recorded as"), max_length=60, blank=True)
    object_id = models.PositiveIntegerField(_("record id"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("field submission")
        verbose_name_plural = _("field submissions")
        ordering = ["-received_at", "-id"]
        constraints = [
            # A submission without an id is kept (rejected) but cannot be deduplicated.
            models.UniqueConstraint(
                fields=["form_id", "instance_id"],
                condition=~models.Q(instance_id=""),
                name="odk_submission_unique_instance",
            )
        ]
        indexes = [models.Index(fields=["programme", "status"], name="odk_sub_prog_status")]

    def __str__(self) -> str:
        return self.instance_id or f"#{self.pk}"
