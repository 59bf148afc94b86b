"""Reads for the value-chain pages and API: the chain of one product, the share over time, an advance
sale's rates against the reference rate, each with the reasons a person reads next to the figure.

One query per list (prices come as plain tuples), the arithmetic in ``margins``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from berdaya.core.lists import search
from berdaya.core.money import thousands

from . import margins
from .models import AdvanceSale, PriceObservation, Product, ReferenceRate, Step

# When a programme has not set a reference rate: KUR (Kredit Usaha Rakyat) at 6 % a year, the
# subsidised micro-credit rate since 2020. A setting, so a deployment can change it without code.
DEFAULT_REFERENCE = (
    getattr(settings, "BERDAYA_REFERENCE_RATE_NAME", "KUR"),
    Decimal(str(getattr(settings, "BERDAYA_REFERENCE_RATE", "6"))),
)


def pct(value: Fraction | Decimal | None, places: int = 2) -> str:
    """A rate or share (a fraction, 3/7) as a localised percentage text: "42.86" / "42,86"."""
    if value is None:
        return "—"
    return number_format(margins.as_percent(Fraction(value), places), decimal_pos=places)


def months_text(months: Fraction) -> str:
    """4 → "4"; 15/31 → "0.48" (localised)."""
    if Fraction(months).denominator == 1:
        return str(int(months))
    return number_format(margins.as_percent(Fraction(months) / 100, 2), decimal_pos=2)


def step_label(code: str) -> str:
    return str(dict(Step.choices).get(code, code))


# --- the chain --------------------------------------------------------------------------------------


def observations(sentra, *, product=None, step: str = "", q: str = ""):
    qs = PriceObservation.objects.filter(sentra=sentra).select_related("product", "created_by")
    if product is not None:
        qs = qs.filter(product=product)
    if step:
        qs = qs.filter(step=step)
    if q:
        qs = search(qs, q, ["product__name", "source", "place", "notes"])
    return qs


def _price_rows(product, start: dt.date | None, end: dt.date | None) -> list[tuple[dt.date, str, int]]:
    qs = PriceObservation.objects.filter(product=product)
    if start:
        qs = qs.filter(observed_on__gte=start)
    if end:
        qs = qs.filter(observed_on__lte=end)
    return list(qs.values_list("observed_on", "step", "price"))


@dataclass
class ChainView:
    product: Product
    chain: margins.Chain
    rows: list[dict]
    explanation: list[str]
    bar: list[dict]  # stacked bar segments (x, width in 0..100 of the bar, colour, label)
    trend: list[margins.SharePoint]
    line: dict | None
    observation_count: int

    @property
    def final_price(self) -> int | None:
        return margins.to_rupiah(self.chain.final_price) if self.chain.final_price is not None else None

    @property
    def producer_share(self) -> str:
        return pct(self.chain.producer_share, 1) if self.chain.producer_share is not None else ""


COLOURS = {
    "craftsman": "#2a7a4b",
    "collector": "#8fbf6a",
    "juragan": "#d08a1e",
    "art_shop": "#b5485b",
    "exporter": "#6b5ca5",
    "retailer": "#5b8fb9",
    "buyer": "#777777",
}


def chain_view(product: Product, *, start=None, end=None, by: str = "quarter") -> ChainView:
    rows_raw = _price_rows(product, start, end)
    prices: dict[str, list[int]] = {}
    for _day, step, price in rows_raw:
        prices.setdefault(step, []).append(price)
    ch = margins.chain(prices)
    rows = [
        {
            "step": s.step,
            "label": step_label(s.step),
            "price": margins.to_rupiah(s.price),
            "observations": s.observations,
            "margin": margins.to_rupiah(s.margin),
            "share": pct(s.share, 1),
            "colour": COLOURS.get(s.step, "#999"),
        }
        for s in ch.steps
    ]
    trend = margins.share_over_time(rows_raw, by=by)
    return ChainView(
        product=product,
        chain=ch,
        rows=rows,
        explanation=explain_chain(ch, product),
        bar=_bar(ch),
        trend=trend,
        line=_line(trend, by),
        observation_count=len(rows_raw),
    )


def explain_chain(ch: margins.Chain, product: Product) -> list[str]:
    """The chain in sentences: who gets what of the final price, and why a figure may be missing."""
    if not ch.steps:
        return [_("No prices recorded for %(product)s in this period.") % {"product": product.name}]
    out = []
    final_step = ch.steps[-1]
    out.append(
        _("The final price is Rp%(price)s per %(unit)s (%(step)s, median of %(n)s observations).")
        % {
            "price": thousands(margins.to_rupiah(ch.final_price)),
            "unit": product.unit,
            "step": step_label(final_step.step),
            "n": final_step.observations,
        }
    )
    if ch.producer_share is not None:
        craftsman = next(s for s in ch.steps if s.step == margins.PRODUCER)
        out.append(
            _("The craftsman receives Rp%(price)s, %(share)s %% of the final price.")
            % {"price": thousands(margins.to_rupiah(craftsman.price)), "share": pct(ch.producer_share, 1)}
        )
    biggest = ch.biggest
    if biggest is not None and len(ch.steps) > 1 and biggest.step != margins.PRODUCER:
        out.append(
            _("The largest part, Rp%(margin)s (%(share)s %%), is added at the %(step)s step.")
            % {
                "margin": thousands(margins.to_rupiah(biggest.margin)),
                "share": pct(biggest.share, 1),
                "step": step_label(biggest.step),
            }
        )
    reasons = {
        "no_producer": _("No craftsman's price was recorded, so the producer's share cannot be computed."),
        "producer_not_first": _(
            "A price was recorded at a step before the craftsman; check those observations."
        ),
        "negative_margin": _(
            "At one step the median price is below the previous step's: the medians come from different "
            "sales; record more prices at that step."
        ),
    }
    out += [reasons[n] for n in ch.notes if n in reasons]
    if any(s.observations < 3 for s in ch.steps):
        out.append(_("Some steps have fewer than 3 observations; their median is fragile."))
    return out


def _bar(ch: margins.Chain) -> list[dict]:
    """Segments of the final price, left to right; steps that added nothing or less are not drawn."""
    positive = [s for s in ch.steps if s.margin > 0]
    total = sum((s.margin for s in positive), Fraction(0))
    x = Fraction(0)
    out = []
    for s in positive:
        width = s.margin / total * 100
        out.append(
            {
                "x": f"{float(x):.3f}",
                "width": f"{float(width):.3f}",
                "mid": f"{float(x + width / 2):.3f}",
                "colour": COLOURS.get(s.step, "#999"),
                "label": step_label(s.step),
                "share": pct(s.share, 1),
                "wide": width >= 9,  # room for the percentage inside the segment
            }
        )
        x += width
    return out


def _line(points: list[margins.SharePoint], by: str) -> dict | None:
    """The producer's share over time as SVG coordinates (0–100 % on the vertical axis)."""
    if not points:
        return None
    left, right, top, bottom = 40, 305, 12, 150
    n = len(points)
    step = (right - left) / max(n - 1, 1)
    coords = []
    for i, p in enumerate(points):
        x = left + step * i if n > 1 else (left + right) / 2
        share = min(max(float(p.share), 0.0), 1.0)  # display only; the table shows the exact figure
        y = bottom - (bottom - top) * share
        coords.append(
            {
                "x": f"{x:.1f}",
                "y": f"{y:.1f}",
                "label": _period_label(p.period, by),
                "share": pct(p.share, 1),
                "producer": margins.to_rupiah(p.producer_price),
                "final": margins.to_rupiah(p.final_price),
            }
        )
    return {
        "points": " ".join(f"{c['x']},{c['y']}" for c in coords),
        "coords": coords,
        "left": left,
        "right": right,
        "top": top,
        "bottom": bottom,
        "y_ticks": [(f"{bottom - (bottom - top) * v / 100:.1f}", v) for v in (0, 25, 50, 75, 100)],
        "label_every": max(1, (n + 5) // 6),
    }


def _period_label(day: dt.date, by: str) -> str:
    if by == "month":
        return day.strftime("%Y-%m")
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


# --- advance sales ----------------------------------------------------------------------------------


def advance_sales(sentra, *, q: str = "", kind: str = ""):
    qs = AdvanceSale.objects.filter(sentra=sentra).select_related("sentra", "enterprise", "person", "product")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = search(qs, q, ["buyer_name", "enterprise__name", "person__full_name", "notes"])
    return qs


def reference_rates(programme_ids) -> list[ReferenceRate]:
    return list(ReferenceRate.objects.filter(programme_id__in=programme_ids).order_by("-valid_from", "-id"))


def reference_for(rates: list[ReferenceRate], programme_id: int, on: dt.date) -> tuple[str, Decimal, bool]:
    """(name, annual %, set by the programme?) valid on ``on``: the latest from that day or before."""
    for r in rates:  # newest first
        if r.programme_id == programme_id and r.valid_from <= on:
            return r.name, r.annual_rate, True
    return DEFAULT_REFERENCE[0], DEFAULT_REFERENCE[1], False


@dataclass
class SaleRates:
    rates: margins.Rates
    months_counted: bool  # True when counted from the dates, False when entered
    reference_name: str
    reference_rate: Decimal  # annual %
    reference_set: bool
    times: Fraction | None  # simple annual rate / reference rate
    cost: int  # V − C: what the advance cost the craftsman in rupiah
    explanation: list[str]

    @property
    def period_pct(self) -> str:
        return pct(self.rates.period)

    @property
    def simple_pct(self) -> str:
        return pct(self.rates.simple_annual)

    @property
    def compound_pct(self) -> str:
        return pct(self.rates.compound_annual)

    @property
    def reference_pct(self) -> str:
        return pct(Fraction(self.reference_rate) / 100)

    @property
    def months_text(self) -> str:
        return months_text(self.rates.months)


def sale_rates(sale: AdvanceSale, rates: list[ReferenceRate] | None = None) -> SaleRates:
    if rates is None:
        rates = reference_rates([sale.sentra.programme_id])
    if sale.months is not None:
        months, counted = Fraction(sale.months), False
    else:
        months, counted = margins.months_between(sale.received_on, sale.delivery_on), True
    r = margins.ijon_rates(cash=sale.cash_received, goods_value=sale.goods_value, months=months)
    name, ref, ref_set = reference_for(rates, sale.sentra.programme_id, sale.received_on)
    ref_fraction = Fraction(ref) / 100
    times = margins.times_reference(r.simple_annual, ref_fraction)
    cost = sale.goods_value - sale.cash_received
    m_text = months_text(months)
    explanation = [
        _(
            "The craftsman received Rp%(cash)s and pays with goods worth Rp%(value)s %(months)s months later: "
            "the advance cost Rp%(cost)s, %(period)s %% of the cash."
        )
        % {
            "cash": thousands(sale.cash_received),
            "value": thousands(sale.goods_value),
            "months": m_text,
            "cost": thousands(cost),
            "period": pct(r.period),
        },
        _(
            "As a loan that is %(simple)s %% a year simple (%(period)s %% × 12 / %(months)s), or %(compound)s %% "
            "a year if the same deal is repeated all year (compound)."
        )
        % {
            "simple": pct(r.simple_annual),
            "period": pct(r.period),
            "months": m_text,
            "compound": pct(r.compound_annual),
        },
    ]
    if times is not None and r.simple_annual > ref_fraction:
        explanation.append(
            _("Paying %(simple)s %% a year where %(name)s costs %(ref)s %%: %(times)s times as much.")
            % {
                "simple": pct(r.simple_annual, 0),
                "name": name,
                "ref": pct(ref_fraction, 1),
                "times": number_format(margins.as_percent(times / 100, 1), decimal_pos=1),
            }
        )
    elif r.simple_annual <= ref_fraction:
        explanation.append(
            _("This costs no more than %(name)s at %(ref)s %% a year.")
            % {"name": name, "ref": pct(ref_fraction, 1)}
        )
    else:
        explanation.append(_("%(name)s is set at 0 %%, so it cannot be compared.") % {"name": name})
    if not ref_set:
        explanation.append(
            _("The programme has not set a reference rate; the default %(name)s %(ref)s %% is used.")
            % {"name": name, "ref": pct(ref_fraction, 1)}
        )
    if counted:
        explanation.append(_("The months are counted from the two dates."))
    return SaleRates(
        rates=r,
        months_counted=counted,
        reference_name=name,
        reference_rate=ref,
        reference_set=ref_set,
        times=times,
        cost=cost,
        explanation=explanation,
    )


def with_rates(sales, programme_ids) -> list:
    """Attach ``.r`` (``SaleRates``) to each sale on a page, with one query for the reference rates."""
    sales = list(sales)
    rates = reference_rates(programme_ids)
    for s in sales:
        s.r = sale_rates(s, rates)
    return sales


def products(sentra, q: str = ""):
    qs = Product.objects.filter(sentra=sentra)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(unit__icontains=q))
    return qs
