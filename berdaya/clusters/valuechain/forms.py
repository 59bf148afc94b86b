"""Forms validate shape only; the value chain's rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import AdvanceSale, Step


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, help_text=_("e.g. Water jar (gentong), 40 cm"))
    unit = forms.CharField(
        label=_("Unit"), max_length=30, initial="pcs", help_text=_("e.g. piece, set, metre")
    )


class PriceForm(forms.Form):
    """Phone friendly: numeric keyboard for the price, native date picker, few fields."""

    product = forms.ModelChoiceField(label=_("Product"), queryset=None)
    step = forms.ChoiceField(label=_("Step of the chain"), choices=Step.choices)
    price = forms.IntegerField(
        label=_("Price per unit, Rp"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
    )
    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput())
    source = forms.CharField(
        label=_("Source or observer"),
        max_length=150,
        required=False,
        help_text=_("Who said or saw this price."),
    )
    place = forms.CharField(
        label=_("Where"), max_length=150, required=False, help_text=_("Market, shop or village.")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class AdvanceSaleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AdvanceSale.Kind.choices)
    enterprise = forms.ModelChoiceField(
        label=_("Craftsman's enterprise"),
        queryset=None,
        required=False,
        help_text=_("Or choose the person below."),
    )
    person = forms.ModelChoiceField(label=_("Craftsman"), queryset=None, required=False)
    buyer_name = forms.CharField(label=_("Buyer"), max_length=150, help_text=_("The juragan or art shop."))
    buyer_step = forms.ChoiceField(
        label=_("Buyer's place in the chain"), choices=Step.choices, initial=Step.JURAGAN
    )
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, required=False)
    cash_received = forms.IntegerField(
        label=_("Cash received, Rp"), min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    goods_value = forms.IntegerField(
        label=_("Value of the goods at delivery, Rp"),
        min_value=1,
        help_text=_("What the goods would fetch at delivery-time prices."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    received_on = forms.DateField(label=_("Cash received on"), widget=DateInput())
    delivery_on = forms.DateField(label=_("Goods delivered on"), widget=DateInput())
    months = forms.DecimalField(
        label=_("Months"),
        max_digits=6,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to count the months between the two dates."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, enterprises, persons, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["person"].queryset = persons
        self.fields["person"].label_from_instance = lambda p: p.full_name
        self.fields["product"].queryset = products


class ReferenceRateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, initial="KUR", help_text=_("e.g. KUR"))
    annual_rate = forms.DecimalField(label=_("Annual rate, %"), max_digits=7, decimal_places=3, min_value=0)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())


class ChainFilterForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False, empty_label=None)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    by = forms.ChoiceField(
        label=_("Share over time by"),
        choices=[("quarter", _("Quarter")), ("month", _("Month"))],
        required=False,
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
