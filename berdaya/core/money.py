"""Rupiah as people write them: Rp1.500.000 — dots between thousands, no decimals.

Pages use the ``rupiah`` template filter and messages use ``thousands`` after a literal "Rp" in the
translated text; both come from here so a figure reads the same on a page and in an error.
"""

from __future__ import annotations


def thousands(value) -> str:
    """1500000 → "1.500.000"; -2500 → "-2.500"."""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".")


def rupiah(value) -> str:
    """1500000 → "Rp1.500.000"; -2500 → "-Rp2.500"."""
    amount = int(value)
    return ("-" if amount < 0 else "") + "Rp" + thousands(abs(amount))
