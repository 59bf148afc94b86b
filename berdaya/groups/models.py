from django.db import models
from django.utils.translation import gettext_lazy as _

from berdaya.people.models import Person
from berdaya.places.models import Place
from berdaya.programs.models import Programme, StaffMember, Stage


class Group(models.Model):
    class Kind(models.TextChoices):
        KUBE = "kube", _("KUBE (joint business group)")
        PAGUYUBAN = "paguyuban", _("Paguyuban (association)")
        KUW = "kuw", _("KUW (joint business group of women)")
        CBO = "cbo", _("Community-based organisation")
        COOPERATIVE = "cooperative", _("Cooperative")
        SENTRA_ASSOCIATION = "sentra_association", _("Sentra association")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        DISSOLVED = "dissolved", _("Dissolved")

    name = models.CharField(_("name"), max_length=150, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="groups"
    )
    place = models.ForeignKey(Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+")
    business_type = models.CharField(_("business type"), max_length=80, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("current stage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="group_name_unique")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    join_reason = models.CharField(_("reason for joining"), max_length=200, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["group", "person__full_name"]
        constraints = [
            # One open membership per person and group; history rows (left_on set) may repeat.
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=models.Q(left_on__isnull=True),
                name="membership_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="membership_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.group}"

    @property
    def active(self) -> bool:
        return self.left_on is None


class OfficerTerm(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair (ketua)")
        SECRETARY = "secretary", _("Secretary (sekretaris)")
        TREASURER = "treasurer", _("Treasurer (bendahara)")
        BUSINESS = "business", _("Business section (seksi usaha)")
        MARKETING = "marketing", _("Marketing section (seksi pemasaran)")
        FINANCE_SUPERVISOR = "finance_supervisor", _("Finance supervisor (pengawas keuangan)")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="officers"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    start_on = models.DateField(_("term starts"))
    end_on = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer term")
        verbose_name_plural = _("officer terms")
        ordering = ["group", "end_on", "role"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="officer_term_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"


class Bylaws(models.Model):
    """The group's AD/ART: the numbers its books and meetings run by (amounts in integer rupiah)."""

    class Period(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")

    class LoanMethod(models.TextChoices):
        FLAT = "flat", _("Flat")
        DECLINING = "declining", _("Declining balance")
        ANNUITY = "annuity", _("Annuity")

    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="bylaws"
    )
    principal_saving = models.BigIntegerField(_("principal saving (pokok), Rp"), default=0)
    mandatory_saving = models.BigIntegerField(_("mandatory saving (wajib), Rp"), default=0)
    mandatory_period = models.CharField(
        _("mandatory saving period"), max_length=10, choices=Period.choices, default=Period.MONTHLY
    )
    dues = models.BigIntegerField(_("dues (iuran), Rp"), default=0)
    loan_rate_percent_month = models.DecimalField(
        _("loan interest, % per month"), max_digits=5, decimal_places=2, default=0
    )
    loan_method = models.CharField(
        _("loan method"), max_length=10, choices=LoanMethod.choices, default=LoanMethod.FLAT
    )
    arisan_amount = models.BigIntegerField(_("arisan contribution, Rp"), default=0)
    meeting_cadence = models.CharField(
        _("meeting cadence"), max_length=10, choices=Period.choices, default=Period.MONTHLY
    )
    meeting_day = models.CharField(_("meeting day"), max_length=60, blank=True)
    quorum_percent = models.PositiveSmallIntegerField(_("quorum, % of members"), default=50)
    sanctions = models.TextField(_("sanctions"), blank=True)
    joint_liability = models.BooleanField(_("joint liability (tanggung renteng)"), default=False)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        verbose_name = _("bylaws")
        verbose_name_plural = _("bylaws")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(principal_saving__gte=0)
                & models.Q(mandatory_saving__gte=0)
                & models.Q(dues__gte=0)
                & models.Q(arisan_amount__gte=0)
                & models.Q(loan_rate_percent_month__gte=0)
                & models.Q(quorum_percent__lte=100),
                name="bylaws_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Bylaws of %(group)s") % {"group": self.group})


class Meeting(models.Model):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("held on"), help_text=_("Local date at the group's place."))
    venue = models.CharField(_("venue"), max_length=150, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["group", "-held_on"]

    def __str__(self) -> str:
        return f"{self.group} — {self.held_on:%Y-%m-%d}"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("present"), default=False)
    note = models.CharField(_("note"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.meeting}"


class StageRecord(models.Model):
    """Dated evidence that a group reached a stage of its programme."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="stage_records"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="+")
    reached_on = models.DateField(_("reached on"))
    evidence = models.TextField(_("evidence"))

    class Meta:
        verbose_name = _("stage record")
        verbose_name_plural = _("stage records")
        ordering = ["group", "reached_on", "id"]

    def __str__(self) -> str:
        return f"{self.group} — {self.stage} ({self.reached_on:%Y-%m-%d})"


class Assignment(models.Model):
    """A facilitator or mentor assigned to a group."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="assignments"
    )
    staff = models.ForeignKey(
        StaffMember, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="assignments"
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["group", "-start_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "staff"], condition=models.Q(end_on__isnull=True), name="assignment_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} @ {self.group}"
