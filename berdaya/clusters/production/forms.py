from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import GRADE_CHOICES


class CapacityForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Producer"), queryset=None)
    weekly_capacity = forms.IntegerField(label=_("Capacity per week (units)"), min_value=0)
    current_load = forms.IntegerField(
        label=_("Current load (units)"),
        min_value=0,
        initial=0,
        help_text=_("Units already promised elsewhere."),
    )
    quality_grade = forms.ChoiceField(label=_("Quality grade"), choices=GRADE_CHOICES, initial="B")
    distance_km = forms.DecimalField(label=_("Distance (km)"), min_value=0, decimal_places=1, initial=0)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class OrderForm(forms.Form):
    buyer = forms.CharField(label=_("Buyer"), max_length=150)
    specification = forms.CharField(label=_("Specification"), widget=forms.Textarea(attrs={"rows": 3}))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pcs")
    unit_price = forms.IntegerField(label=_("Unit price, Rp"), min_value=0)
    starts_on = forms.DateField(label=_("Production starts on"), widget=DateInput())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    min_grade = forms.ChoiceField(label=_("Lowest grade accepted"), choices=GRADE_CHOICES, initial="C")
    min_lot = forms.IntegerField(
        label=_("Minimum lot (units)"),
        min_value=1,
        initial=1,
        help_text=_("Nobody is given fewer units than this."),
    )


class DeliveryForm(forms.Form):
    share = forms.ModelChoiceField(label=_("Producer"), queryset=None)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    quantity = forms.IntegerField(label=_("Quantity delivered"), min_value=1)
    rejected = forms.IntegerField(label=_("Rejected (quality)"), min_value=0, initial=0)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, shares, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].queryset = shares
        self.fields["share"].label_from_instance = lambda s: f"{s.enterprise.name} ({s.quantity})"


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount paid by the buyer, Rp"), min_value=1)
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())


class SubContractForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Member of the sentra"),
        queryset=None,
        required=False,
        help_text=_("Leave empty for a producer outside the sentra."),
    )
    producer_name = forms.CharField(label=_("Producer"), max_length=150, required=False)
    order = forms.ModelChoiceField(label=_("For the order"), queryset=None, required=False)
    item = forms.CharField(label=_("Item"), max_length=150)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pcs")
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    quality_terms = forms.CharField(
        label=_("Quality terms"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unit_price = forms.IntegerField(label=_("Unit price, Rp"), min_value=0)

    def __init__(self, *args, enterprises, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["order"].queryset = orders


class SubDeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    quantity = forms.IntegerField(label=_("Quantity delivered"), min_value=1)
    rejected = forms.IntegerField(label=_("Rejected (quality)"), min_value=0, initial=0)
