"""Loan forms: they check shape only; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import Frequency, LoanPolicy, Method

KEY_WIDGET = forms.HiddenInput


class PolicyForm(forms.ModelForm):
    class Meta:
        model = LoanPolicy
        fields = [
            "rounding_unit",
            "payment_order",
            "default_method",
            "default_frequency",
            "default_rate_percent",
            "lancar_max_days",
            "dpk_max_days",
            "kurang_lancar_max_days",
            "diragukan_max_days",
            "late_fee",
            "late_fee_grace_days",
            "cover_split",
            "fund_covers_first",
            "fund_cover_limit",
            "block_loans_while_cover_owed",
        ]


class ApplyForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=None)
    principal = forms.IntegerField(label=_("Principal, Rp"), min_value=1, max_value=10**12)
    term_periods = forms.IntegerField(label=_("Term, number of instalments"), min_value=1, max_value=520)
    rate_percent = forms.DecimalField(
        label=_("Interest, % per period"), min_value=0, max_value=99, max_digits=6, decimal_places=3
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Method.choices,
        help_text=_(
            "Flat: interest on the original principal every period. Declining and annuity: on the balance."
        ),
    )
    frequency = forms.ChoiceField(label=_("Instalments"), choices=Frequency.choices)
    first_due_on = forms.DateField(label=_("First instalment due on"), widget=DateInput())
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=250)


class DateKeyForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    idempotency_key = forms.CharField(widget=KEY_WIDGET, required=False, max_length=80)


class AmountForm(DateKeyForm):
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1, max_value=10**12)

    field_order = ["amount", "on_date", "idempotency_key"]
