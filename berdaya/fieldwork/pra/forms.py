"""Forms of the PRA pages: they check the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput
from berdaya.groups.models import Group
from berdaya.people.models import Person

from .models import Need, Potential


class SessionForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=150)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=None, required=False)
    dots_per_participant = forms.IntegerField(
        label=_("Dots per participant"),
        min_value=1,
        max_value=50,
        initial=3,
        help_text=_("How many dots each participant may spread over the problems."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, sites, staff, with_site: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["site"].label_from_instance = lambda s: f"{s.programme.name} — {s.place.name}"
        self.fields["facilitator"].queryset = staff
        if not with_site:
            del self.fields["site"]


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    skills = forms.CharField(
        label=_("Skills"),
        max_length=250,
        required=False,
        help_text=_("Separate skills with commas, e.g. sewing, cooking."),
    )
    business_interest = forms.CharField(
        label=_("Business interest"),
        max_length=100,
        required=False,
        help_text=_("The business this person wants to run."),
    )
    notes = forms.CharField(label=_("Notes"), max_length=250, required=False)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        if persons is None:
            del self.fields["person"]
        else:
            self.fields["person"].queryset = persons
            self.fields["person"].label_from_instance = lambda p: f"{p.full_name} — {p.place.name}"


class NewParticipantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices)
    place = forms.ModelChoiceField(label=_("Lives in"), queryset=None)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    skills = forms.CharField(
        label=_("Skills"), max_length=250, required=False, help_text=_("Separate skills with commas.")
    )
    business_interest = forms.CharField(label=_("Business interest"), max_length=100, required=False)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = lambda p: p.path or p.name


class ProblemForm(forms.Form):
    title = forms.CharField(label=_("Problem"), max_length=150)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)


class PotentialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Potential.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("e.g. arisan, majelis taklim, posyandu, sewing.")
    )
    person = forms.ModelChoiceField(
        label=_("Whose skill"), queryset=None, required=False, help_text=_("For an individual skill.")
    )
    notes = forms.CharField(label=_("Notes"), max_length=250, required=False)

    def __init__(self, *args, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class NeedForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Need.Kind.choices)
    text = forms.CharField(label=_("Text"), max_length=200)
    votes = forms.IntegerField(
        label=_("Participants"), min_value=0, initial=0, help_text=_("How many named it.")
    )


class SuggestionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    business = forms.CharField(label=_("Business"), max_length=100)


class CreateGroupsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of group"), choices=Group.Kind.choices, initial=Group.Kind.KUBE)
    founded_on = forms.DateField(
        label=_("Founded on"), widget=DateInput(), required=False, help_text=_("Empty: the session's date.")
    )
