"""Forms check shape only; the procurement rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput


class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SupplierForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), queryset=None, required=False)

    def __init__(self, *args, agencies, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["enterprise"].queryset = enterprises


class PriceBreakForm(forms.Form):
    material = forms.CharField(label=_("Material"), max_length=120, help_text=_("e.g. cotton yarn 20s."))
    unit = forms.CharField(label=_("Unit"), max_length=20, help_text=_("e.g. kg, cone, pak."))
    min_quantity = forms.IntegerField(label=_("From quantity"), min_value=0)
    unit_price = forms.IntegerField(label=_("Unit price, Rp"), min_value=1)


class PurchaseForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=None)
    material = forms.CharField(label=_("Material"), max_length=120)
    unit = forms.CharField(label=_("Unit"), max_length=20)
    order_deadline = forms.DateField(label=_("Order deadline"), required=False, widget=DateInput())
    delivery_cost = forms.IntegerField(label=_("Delivery cost, Rp"), min_value=0, initial=0)
    solo_delivery_cost = forms.IntegerField(
        label=_("Delivery cost buying alone, Rp"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to compare with the whole delivery cost."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers


class NeedForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("Member enterprise"), queryset=None)
    quantity = forms.IntegerField(label=_("Quantity"))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class DateForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    quantity = forms.IntegerField(label=_("Quantity delivered"))
    notes = forms.CharField(label=_("Notes"), max_length=250, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class HandOutForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("Member enterprise"), queryset=None)
    quantity = forms.IntegerField(label=_("Quantity handed out"))
    handed_on = forms.DateField(label=_("Handed out on"), widget=DateInput())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
