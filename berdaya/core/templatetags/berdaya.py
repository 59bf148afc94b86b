"""Template filters used on every page: rupiah, masked NIK."""

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Integer rupiah as people write it: Rp1.500.000 (dot thousands, no decimals)."""
    if value is None or value == "":
        return "—"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


@register.filter
def terbilang(value) -> str:
    """An amount in Indonesian words for receipts (kuitansi): 1500000 → "satu juta lima ratus ribu rupiah".

    Always Indonesian, whatever the page language: it is the legal wording on an Indonesian receipt.
    """
    from lokal import terbilang as spell

    if value is None or value == "":
        return ""
    return spell(int(value), currency=True, case="sentence")
