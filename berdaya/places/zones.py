"""Indonesia's three time zones, by province code (pure; no Django model import).

Meeting dates and due dates are local dates of the group's place, so each place stores its zone.
Source: Keppres 41/1987 on the division of Indonesian time zones, with later provinces following their
parent province.
"""

from django.utils.translation import gettext_lazy as _

WIB = "Asia/Jakarta"
WITA = "Asia/Makassar"
WIT = "Asia/Jayapura"

ZONE_CHOICES = [(WIB, _("WIB (UTC+7)")), (WITA, _("WITA (UTC+8)")), (WIT, _("WIT (UTC+9)"))]

# Province code prefixes (two digits) → zone.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_FIRST_DIGITS = {"8", "9"}  # Maluku, Maluku Utara and all Papua provinces


def zone_for_code(code: str) -> str:
    province = code[:2]
    if province in _WITA_PROVINCES:
        return WITA
    if province[:1] in _WIT_FIRST_DIGITS:
        return WIT
    return WIB
