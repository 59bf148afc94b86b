"""Forms validate shape only; the adoption rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import Stage


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class InnovationForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150, help_text=_("e.g. Modern pottery designs"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    introduced_on = forms.DateField(label=_("Introduced on"), widget=DateInput())
    introduced_by_agency = forms.ModelChoiceField(
        label=_("Introduced by (agency)"), queryset=None, required=False
    )
    introduced_by = forms.CharField(
        label=_("Introduced by"),
        max_length=150,
        required=False,
        help_text=_("A person or source outside the agency list, e.g. a trainer or a field visit."),
    )

    def __init__(self, *args, programmes, agencies, with_programme=True, **kwargs):
        super().__init__(*args, **kwargs)
        if with_programme:
            self.fields["programme"].queryset = programmes
        else:
            del self.fields["programme"]
        self.fields["introduced_by_agency"].queryset = agencies


class StageForm(forms.Form):
    person = PersonChoiceField(label=_("Person"), queryset=None)
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    learned_from = PersonChoiceField(
        label=_("Learned from"),
        queryset=None,
        required=False,
        help_text=_(
            "Only for the learning step. Empty: from the introduction itself (a meeting, a training)."
        ),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["learned_from"].queryset = teachers
