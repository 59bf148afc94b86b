from django.db import models
from django.utils.translation import gettext_lazy as _

from .zones import ZONE_CHOICES


class Place(models.Model):
    """One administrative area: a Kemendagri region with its official code, or a free level below a village.

    The code is the key of the tree: a child's code always starts with its parent's code and a dot, so a
    subtree is one indexed prefix query (``code LIKE '52.01.%'``) instead of a recursive walk.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency / city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village")
        DUSUN = 5, _("Hamlet (dusun)")
        RW = 6, _("RW")
        RT = 7, _("RT")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District")
        DISTRIK = "distrik", _("District (Papua)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa)")
        DESA_ADAT = "desa_adat", _("Customary village")
        DUSUN = "dusun", _("Hamlet (dusun / pedukuhan)")
        RW = "rw", _("RW")
        RT = "rt", _("RT")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("full name"), max_length=400, help_text=_("The place with its parents."))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    timezone = models.CharField(_("time zone"), max_length=32, choices=ZONE_CHOICES)
    official = models.BooleanField(
        _("official Kemendagri region"),
        default=True,
        help_text=_("False for dusun, RW and RT added by users."),
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.path or self.name

    def subtree_q(self, prefix: str = "place") -> models.Q:
        """Q matching rows whose ``prefix`` place is this place or lies below it."""
        return subtree_q(self.code, prefix)

    @property
    def zone_label(self) -> str:
        return dict(ZONE_CHOICES).get(self.timezone, self.timezone)


def subtree_q(code: str, prefix: str = "place") -> models.Q:
    """The place ``code`` and everything below it.

    Written as a range (``code >= '52.01.' AND code < '52.01/'``; '/' sorts right after '.') rather than
    ``LIKE '52.01.%'``: SQLite's LIKE is case-insensitive and cannot use the index, a range can, on
    both databases.
    """
    lookup = f"{prefix}__code" if prefix else "code"
    below = models.Q(**{f"{lookup}__gte": code + ".", f"{lookup}__lt": code + "/"})
    return models.Q(**{lookup: code}) | below
