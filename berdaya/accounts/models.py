from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    MANAGER = "manager", _("Programme manager")
    FACILITATOR = "facilitator", _("Facilitator / mentor")
    PARTNER = "partner", _("Partner institution")
    OFFICER = "officer", _("Group officer")
    MEMBER = "member", _("Member")
    AUDITOR = "auditor", _("Auditor")


class User(AbstractUser):
    """A login. What it may see is its role plus its scope (programmes, place subtrees, groups, own person).

    The scope fields are read only by ``berdaya.accounts.access``; no view filters by them directly.
    """

    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text=_("For members and officers: their own person record."),
    )
    staff_member = models.OneToOneField(
        "programs.StaffMember",
        verbose_name=_("staff record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
        help_text=_("For facilitators and mentors: the groups they are assigned to are in scope."),
    )
    agency = models.ForeignKey(
        "programs.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scope_programmes = models.ManyToManyField(
        "programs.Programme", verbose_name=_("programmes in scope"), blank=True, related_name="+"
    )
    scope_places = models.ManyToManyField(
        "places.Place",
        verbose_name=_("areas in scope"),
        blank=True,
        related_name="+",
        help_text=_("Each area includes everything below it."),
    )
    scope_groups = models.ManyToManyField(
        "groups.Group", verbose_name=_("groups in scope"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser
