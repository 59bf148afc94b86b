"""Forms validate shape only; the fund's rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import DEDUCTION_ACCOUNTS, RECEIVE_ACCOUNTS, DeductionRule


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class GrantForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    reference = forms.CharField(label=_("Reference"), max_length=100, help_text=_("Decree or letter number."))
    source = forms.CharField(label=_("Source of funds"), max_length=150, required=False)
    granted_on = forms.DateField(label=_("Granted on"), widget=DateInput())
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=None, help_text=_("More groups can be added afterwards.")
    )
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programmes, agencies, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["agency"].queryset = agencies
        self.fields["group"].queryset = groups


class AddGroupForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class ReceiveForm(forms.Form):
    on_date = forms.DateField(label=_("Received on"), widget=DateInput())
    into = forms.ChoiceField(label=_("Received into"), choices=RECEIVE_ACCOUNTS)


class LendForm(forms.Form):
    person = MemberChoiceField(label=_("Beneficiary"), queryset=None)
    gross = forms.IntegerField(label=_("Gross amount, Rp"), help_text=_("Before deductions."))
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    paid_from = forms.ChoiceField(label=_("Paid from"), choices=RECEIVE_ACCOUNTS)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class RepayForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount, Rp"))
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class RuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. Reserve (cadangan)"))
    kind = forms.ChoiceField(label=_("Kind"), choices=DeductionRule.Kind.choices)
    percent = forms.DecimalField(label=_("Percentage"), max_digits=6, decimal_places=3, required=False)
    fixed_amount = forms.IntegerField(label=_("Fixed amount, Rp"), required=False)
    rounding = forms.IntegerField(label=_("Round to, Rp"), initial=1, min_value=1, required=False)
    account = forms.ChoiceField(label=_("Goes to"), choices=DEDUCTION_ACCOUNTS)


class AuditForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days allowed after the planned date"), min_value=0, max_value=3650, required=False
    )
