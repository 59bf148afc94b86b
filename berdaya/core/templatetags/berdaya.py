"""Template filters used on every page: rupiah, masked NIK."""

from django import template

from berdaya.core import money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Integer rupiah as people write it: Rp1.500.000 (dot thousands, no decimals)."""
    if value is None or value == "":
        return "—"
    return money.rupiah(value)


@register.filter
def terbilang(value) -> str:
    """An amount in Indonesian words for receipts (kuitansi): 1500000 → "satu juta lima ratus ribu rupiah".

    Always Indonesian, whatever the page language: it is the legal wording on an Indonesian receipt.
    """
    from lokal import terbilang as spell

    if value is None or value == "":
        return ""
    return spell(int(value), currency=True, case="sentence")
