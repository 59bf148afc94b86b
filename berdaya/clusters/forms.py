"""Forms validate shape only; the sentra's rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from . import readiness
from .models import InfrastructureRecord


class EnterpriseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.product_type}"


class SentraForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=150)
    product_type = forms.CharField(
        label=_("Product type"),
        max_length=80,
        help_text=_("The one kind of product its units make, e.g. ikat weaving."),
    )
    place = forms.ModelChoiceField(label=_("Place"), queryset=None, help_text=_("The village or kelurahan."))
    founded_year = forms.IntegerField(label=_("Founded (year)"), required=False, min_value=1800)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, programmes, places, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["place"].queryset = places
        if editing:
            del self.fields["programme"]


class MemberForm(forms.Form):
    enterprise = EnterpriseChoiceField(label=_("Enterprise"), queryset=None)
    joined_on = forms.DateField(label=_("Joined on"), required=False, widget=DateInput())

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises


class EndMemberForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1800)
    units = forms.IntegerField(label=_("Units"), required=False, min_value=0)
    craftsmen = forms.IntegerField(label=_("Craftsmen"), required=False, min_value=0)
    tools = forms.IntegerField(label=_("Looms or tools"), required=False, min_value=0)
    daily_capacity = forms.IntegerField(label=_("Daily capacity"), required=False, min_value=0)
    capacity_unit = forms.CharField(
        label=_("Capacity unit"),
        required=False,
        max_length=40,
        help_text=_("What the capacity counts, e.g. sarongs."),
    )
    monthly_turnover = forms.IntegerField(label=_("Monthly turnover, Rp"), required=False, min_value=0)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class InfrastructureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InfrastructureRecord.Kind.choices)
    adequacy = forms.ChoiceField(label=_("Adequacy"), choices=InfrastructureRecord.Adequacy.choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What it is used for and what is lacking, e.g. clean water for dyeing."),
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput())


class CriteriaForm(forms.Form):
    min_units = forms.IntegerField(label=_("Minimum similar units"), min_value=1)
    min_monthly_turnover = forms.IntegerField(label=_("Minimum monthly turnover, Rp"), min_value=0)
    requires_technology = forms.BooleanField(label=_("Technology touch required"), required=False)
    requires_infrastructure = forms.BooleanField(label=_("Adequate infrastructure required"), required=False)
    requires_market_network = forms.BooleanField(label=_("Market network required"), required=False)
    requires_financial_institution = forms.BooleanField(
        label=_("Financial institution required"), required=False
    )


YES_NO = [("", _("Unknown")), ("yes", _("Yes")), ("no", _("No"))]


class AssessmentForm(forms.Form):
    """One value, evidence and source per criterion (field names ``<criterion>_value`` etc.)."""

    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for c in readiness.CRITERIA:
            if c in readiness.NUMERIC:
                label = _("Number of units") if c == readiness.UNITS else _("Monthly turnover, Rp")
                self.fields[f"{c}_value"] = forms.IntegerField(label=label, required=False, min_value=0)
            else:
                self.fields[f"{c}_value"] = forms.ChoiceField(
                    label=_("Answer"), required=False, choices=YES_NO
                )
            self.fields[f"{c}_evidence"] = forms.CharField(
                label=_("Evidence"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "What shows it: a count, a document, what was seen. Without evidence it stays unknown."
                ),
            )
            self.fields[f"{c}_source"] = forms.CharField(label=_("Source"), required=False, max_length=200)

    def rows(self):
        """(criterion, value field, evidence field, source field) for the template."""
        return [
            (c, self[f"{c}_value"], self[f"{c}_evidence"], self[f"{c}_source"]) for c in readiness.CRITERIA
        ]

    def values(self) -> dict:
        out = {}
        for c in readiness.CRITERIA:
            raw = self.cleaned_data.get(f"{c}_value")
            value = raw if c in readiness.NUMERIC else {"yes": True, "no": False}.get(raw)
            out[c] = (
                value,
                self.cleaned_data.get(f"{c}_evidence", ""),
                self.cleaned_data.get(f"{c}_source", ""),
            )
        return out
