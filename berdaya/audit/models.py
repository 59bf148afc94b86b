from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after.

    Written only by ``berdaya.audit.log.record`` inside the service's transaction, so a change and its
    audit entry commit or roll back together. The scope keys (programme, group, place code) let the log
    be shown to exactly the users who may see the changed object.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        IMPORT = "import", _("imported")
        LOGIN = "login", _("logged in")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("{field: [before, after]}"))
    programme_id = models.BigIntegerField(_("programme"), null=True, blank=True, db_index=True)
    group_id = models.BigIntegerField(_("group"), null=True, blank=True, db_index=True)
    place_code = models.CharField(_("place code"), max_length=40, blank=True, db_index=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        # SQLite does not enforce max_length: without this an invented action ("training.create")
        # passed on SQLite and failed only on PostgreSQL. What happened goes in the note instead.
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["create", "update", "delete", "import", "login"]
                ),  # = Action.values (tests check)
                name="audit_action_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
