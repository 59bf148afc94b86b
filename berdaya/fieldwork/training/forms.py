"""Forms validate shape only; the rules of a training live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import DEFAULT_CERTIFICATE_SHARE, Outcome, TrainingSession


class SiteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.place.name} ({obj.programme.name})"


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", None) or obj.name


class TrainingForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    site = SiteChoiceField(label=_("Site"), queryset=None, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    venue = forms.CharField(label=_("Venue"), max_length=250, required=False)
    certificate_min_share = forms.IntegerField(
        label=_("Attendance needed for a certificate, %"),
        min_value=0,
        max_value=100,
        initial=DEFAULT_CERTIFICATE_SHARE,
        help_text=_("A participant who attended a smaller share of the sessions gets no certificate."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programmes, sites, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["site"].queryset = sites
        if editing:
            del self.fields["programme"]
            del self.fields["idempotency_key"]


class ChecklistItemForm(forms.Form):
    label = forms.CharField(label=_("What to prepare"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class PartnerForm(forms.Form):
    agency = NamedChoiceField(label=_("Agency"), queryset=None)
    contribution = forms.CharField(
        label=_("Contribution"),
        max_length=250,
        required=False,
        help_text=_("e.g. a speaker on marketing, the venue, materials"),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class SessionForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=TrainingSession.Method.choices)
    speaker = forms.CharField(label=_("Speaker"), max_length=150, required=False)
    speaker_agency = NamedChoiceField(label=_("Speaker's agency"), queryset=None, required=False)
    venue = forms.CharField(
        label=_("Venue"), max_length=250, required=False, help_text=_("Only when not the training's venue.")
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, agencies, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker_agency"].queryset = agencies
        if editing:
            del self.fields["idempotency_key"]


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Outcome.Kind.choices)
    group = NamedChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,
        help_text=_("The group that was formed; create it among the groups first."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
