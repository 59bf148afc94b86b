"""Forms validate shape only; the line's rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput


class LineForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=120, help_text=_("e.g. Shuttlecock (kok)"))
    unit = forms.CharField(
        label=_("Unit of a finished product"), max_length=40, help_text=_("e.g. piece (buah)")
    )
    demand_per_week = forms.IntegerField(
        label=_("Demand per week"),
        min_value=1,
        required=False,
        help_text=_("Optional: what the buyers ask for a week; the advice then aims at it."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StageForm(forms.Form):
    order = forms.IntegerField(
        label=_("Place on the line"), min_value=1, required=False, help_text=_("Empty: at the end.")
    )
    name = forms.CharField(label=_("Stage"), max_length=120, help_text=_("e.g. Feathers (bulu)"))
    group = forms.ModelChoiceField(label=_("Group making it"), queryset=None, required=False)
    producer = forms.CharField(
        label=_("Or producer"), max_length=150, required=False, help_text=_("When it is not a group.")
    )
    unit = forms.CharField(label=_("Unit of this stage"), max_length=40, help_text=_("e.g. feather (helai)"))
    units_per_product = forms.DecimalField(
        label=_("Units per product"),
        max_digits=9,
        decimal_places=3,
        help_text=_("e.g. 16 feathers per shuttlecock"),
    )
    workers = forms.IntegerField(label=_("Workers"), min_value=0)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week, per worker"), max_digits=5, decimal_places=1, min_value=0, max_value=168
    )
    rate = forms.DecimalField(
        label=_("Output per worker-hour"),
        max_digits=9,
        decimal_places=3,
        min_value=0,
        help_text=_("Units an hour."),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class WeekPickForm(forms.Form):
    week = forms.DateField(
        label=_("Week"), widget=DateInput(), help_text=_("Any day: the week starts on its Monday.")
    )


class BalanceForm(forms.Form):
    demand = forms.IntegerField(label=_("Try a demand per week"), min_value=1, required=False)
