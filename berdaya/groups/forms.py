"""Forms validate shape only; the rules (dates, sites, quorum…) live in services and come back as
``ServiceError`` shown on the form with ``apply_service_error``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput
from berdaya.people.models import Person
from berdaya.places.forms import PlaceField
from berdaya.places.models import Place

from .models import Bylaws, Group, OfficerTerm

GROUP_PLACE_LEVELS = [Place.Level.VILLAGE, Place.Level.DUSUN, Place.Level.RW, Place.Level.RT]


class GroupForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Group.Kind.choices)
    place = PlaceField(
        label=_("Place"), levels=GROUP_PLACE_LEVELS, help_text=_("The village (or hamlet) where it meets.")
    )
    business_type = forms.CharField(
        label=_("Business type"),
        max_length=80,
        required=False,
        help_text=_("The shared business, e.g. pottery."),
    )
    founded_on = forms.DateField(label=_("Founded on"), required=False, widget=DateInput())

    def __init__(self, *args, programmes=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The programme is fixed once founded: stages, sites and size rules belong to it.
            del self.fields["programme"]
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=Group.Status.choices)
        else:
            self.fields["programme"].queryset = programmes


class ExistingMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), widget=forms.HiddenInput
    )
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    join_reason = forms.CharField(label=_("Reason for joining"), max_length=200, required=False)

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class NewMemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices)
    place = PlaceField(label=_("Lives in"), levels=GROUP_PLACE_LEVELS)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DateInput())
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False, help_text=_("16 digits; optional."))
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    join_reason = forms.CharField(label=_("Reason for joining"), max_length=200, required=False)


class EndMembershipForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())
    leave_reason = forms.CharField(
        label=_("Reason for leaving"),
        max_length=200,
        help_text=_("E.g. moved away, business closed, expelled."),
    )


class OfficerForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    role = forms.ChoiceField(label=_("Office"), choices=OfficerTerm.Role.choices)
    start_on = forms.DateField(label=_("Term starts"), widget=DateInput())
    end_on = forms.DateField(label=_("Term ends"), required=False, widget=DateInput())

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class EndDateForm(forms.Form):
    end_on = forms.DateField(label=_("Ends on"), widget=DateInput())


class BylawsForm(forms.ModelForm):
    class Meta:
        model = Bylaws
        fields = [
            "principal_saving",
            "mandatory_saving",
            "mandatory_period",
            "dues",
            "loan_rate_percent_month",
            "loan_method",
            "arisan_amount",
            "meeting_cadence",
            "meeting_day",
            "quorum_percent",
            "sanctions",
            "joint_liability",
            "adopted_on",
        ]
        widgets = {"adopted_on": DateInput()}

    def _post_clean(self):
        # The service validates and saves; the model's own validation would duplicate it with
        # untranslated constraint messages.
        pass


class MeetingForm(forms.Form):
    held_on = forms.DateField(
        label=_("Held on"), required=False, widget=DateInput(), help_text=_("Local date; empty means today.")
    )
    venue = forms.CharField(label=_("Venue"), max_length=150, required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    present = forms.TypedMultipleChoiceField(
        label=_("Present"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(p.pk, p.full_name) for p in members]


class StageForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=None)
    reached_on = forms.DateField(label=_("Reached on"), widget=DateInput())
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: minutes, a document, photos, a visit report."),
    )

    def __init__(self, *args, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages


class AssignmentForm(forms.Form):
    staff = forms.ModelChoiceField(label=_("Facilitator or mentor"), queryset=None)
    start_on = forms.DateField(label=_("From"), widget=DateInput())

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
