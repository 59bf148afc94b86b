"""Forms check the shape of input only; the services enforce the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput
from berdaya.places.forms import PlaceField
from berdaya.places.models import Place

from .models import Agency, AgencyRole, Programme, StaffMember

_SITE_LEVELS = [
    Place.Level.REGENCY,
    Place.Level.DISTRICT,
    Place.Level.VILLAGE,
    Place.Level.DUSUN,
    Place.Level.RW,
]
_AGENCY_LEVELS = [Place.Level.PROVINCE, Place.Level.REGENCY, Place.Level.DISTRICT, Place.Level.VILLAGE]


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    model_type = forms.ChoiceField(label=_("Empowerment model"), choices=Programme.Model.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("End date"), widget=DateInput(), required=False)
    funding_source = forms.CharField(label=_("Funding source"), max_length=150, required=False)
    group_size_min = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Leave empty for the model's usual size (KUBE: 5–20 families)."),
    )
    group_size_max = forms.IntegerField(
        label=_("Maximum group size"), min_value=1, max_value=1000, required=False
    )
    residence_level = forms.TypedChoiceField(
        label=_("Members should live in the same"),
        choices=Programme.ResidenceLevel.choices,
        coerce=int,
        initial=Programme.ResidenceLevel.VILLAGE,
        help_text=_("A group whose members live in different areas of this level gets a warning."),
    )

    @classmethod
    def initial_for(cls, programme: Programme) -> dict:
        return {name: getattr(programme, name) for name in cls.base_fields}


class ProgrammeEditForm(ProgrammeForm):
    group_size_min = forms.IntegerField(label=_("Minimum group size"), min_value=1, max_value=1000)
    group_size_max = forms.IntegerField(label=_("Maximum group size"), min_value=1, max_value=1000)


class StageAddForm(forms.Form):
    name = forms.CharField(label=_("New stage"), max_length=100)


class StageRenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class SiteForm(forms.Form):
    place = PlaceField(label=_("Place"), levels=_SITE_LEVELS)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class CriteriaForm(forms.Form):
    texts = forms.CharField(
        label=_("Target criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("One criterion per line, e.g. “Registered in the poverty registry (DTSEN)”."),
    )

    def clean_texts(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["texts"].splitlines() if line.strip()]


class RoleForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=None)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=AgencyRole.Role.choices)
    commitment = forms.CharField(
        label=_("Commitment"),
        max_length=250,
        required=False,
        help_text=_("What exactly the agency provides, e.g. “Bookkeeping training, 3 sessions”."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = programme.sites.select_related("place")
        self.fields["site"].label_from_instance = lambda site: site.place.name


class AgencyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agency.Kind.choices)
    place = PlaceField(label=_("Place"), levels=_AGENCY_LEVELS, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)

    @classmethod
    def initial_for(cls, agency: Agency) -> dict:
        return {"name": agency.name, "kind": agency.kind, "place": agency.place_id, "contact": agency.contact}


class StaffForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=StaffMember.Kind.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    qualifications = forms.CharField(
        label=_("Qualifications"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    duties = forms.CharField(label=_("Duties"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rights = forms.CharField(label=_("Rights"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    obligations = forms.CharField(
        label=_("Obligations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    sanctions = forms.CharField(
        label=_("Sanctions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    trained = forms.BooleanField(
        label=_("Trained"),
        required=False,
        help_text=_("Seed 004: mentors who were not prepared could not do the job."),
    )
    trained_on = forms.DateField(label=_("Trained on"), widget=DateInput(), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, programmes, require_programme: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = programmes
        if require_programme:
            # Outside a programme a staff record is invisible to its manager (access.visible_staff).
            self.fields["programmes"].required = True
            self.fields["programmes"].help_text = _("Choose at least one, so the record stays in your scope.")

    @classmethod
    def initial_for(cls, staff: StaffMember) -> dict:
        data = {
            name: getattr(staff, name) for name in cls.base_fields if name not in ("agency", "programmes")
        }
        data["agency"] = staff.agency_id
        data["programmes"] = list(staff.programmes.values_list("pk", flat=True))
        return data
