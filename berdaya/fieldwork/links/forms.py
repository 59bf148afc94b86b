"""Forms validate shape only; the proposal and market rules live in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import MarketLink


class ProposalForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=None, help_text=_("Who the proposal goes to.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. Training costs and the group's savings and loans"),
    )
    amount_asked = forms.IntegerField(label=_("Amount asked, Rp"), min_value=1)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, programmes, groups, agencies, with_programme=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_programme:
            self.fields["programme"].queryset = programmes
        else:
            del self.fields["programme"]
        self.fields["group"].queryset = groups
        self.fields["agency"].queryset = agencies


class SubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())


class ApproveForm(forms.Form):
    amount_granted = forms.IntegerField(label=_("Amount granted, Rp"), required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when more is granted than was asked."),
    )


class RejectForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    note = forms.CharField(label=_("Reason given"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReceiveForm(forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LinkForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    group = forms.ModelChoiceField(label=_("Group"), queryset=None, required=False)
    partner_name = forms.CharField(
        label=_("Partner"), max_length=150, help_text=_("e.g. Griya Gerabah Wijirejo")
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        help_text=_("When the partner is in the agency list (e.g. an offtaker or a Dinas)."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MarketLink.Kind.choices)
    quality_terms = forms.CharField(
        label=_("Agreed quality terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the partner checks before accepting a piece."),
    )
    price_terms = forms.CharField(
        label=_("Price terms"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())

    def __init__(self, *args, programmes, groups, agencies, with_programme=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_programme:
            self.fields["programme"].queryset = programmes
        else:
            del self.fields["programme"]
        self.fields["group"].queryset = groups
        self.fields["agency"].queryset = agencies


class SaleForm(forms.Form):
    sold_on = forms.DateField(label=_("Sold on"), widget=DateInput())
    description = forms.CharField(label=_("What was sold"), max_length=200)
    quantity = forms.IntegerField(label=_("Quantity delivered"), min_value=1)
    unit = forms.CharField(label=_("Unit"), max_length=30, initial="pcs")
    rejected_quantity = forms.IntegerField(
        label=_("Rejected quantity"),
        min_value=0,
        initial=0,
        help_text=_("Pieces the partner refused against the agreed quality terms."),
    )
    amount = forms.IntegerField(label=_("Amount paid, Rp"), min_value=0)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    note = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
