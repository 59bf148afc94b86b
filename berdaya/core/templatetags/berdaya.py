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
