"""Forms validate shape only; the plan's rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import Commitment, SuccessFactor, SwotItem


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def _short(rows: int = 2):
    return forms.Textarea(attrs={"rows": rows})


class PlanForm(forms.Form):
    business = forms.CharField(
        label=_("Business"), max_length=150, help_text=_("e.g. Selling cakes, tailoring")
    )
    goal = forms.CharField(
        label=_("Goal"),
        required=False,
        widget=_short(),
        help_text=_("What the group wants to reach, in its words."),
    )
    prepared_on = forms.DateField(label=_("Prepared on"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=_short())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class FactorForm(forms.Form):
    ring = forms.ChoiceField(
        label=_("Ring"),
        choices=SuccessFactor.Ring.choices,
        help_text=_(
            "From the centre outwards: success for me, my family, our business, group, neighbourhood."
        ),
    )
    text = forms.CharField(
        label=_("What success means"), max_length=250, help_text=_("e.g. Sending the children to school")
    )


class SwotForm(forms.Form):
    quadrant = forms.ChoiceField(label=_("Quadrant"), choices=SwotItem.Quadrant.choices)
    text = forms.CharField(label=_("Text"), max_length=250)


class CommitmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Commitment.Kind.choices)
    person = MemberChoiceField(label=_("Member"), queryset=None, required=False)
    pledged_by = forms.CharField(
        label=_("Or pledged by"),
        max_length=120,
        required=False,
        help_text=_("When not a member: who pledges."),
    )
    description = forms.CharField(
        label=_("What is pledged"), max_length=250, required=False, help_text=_("e.g. a sewing machine")
    )
    amount = forms.IntegerField(
        label=_("Amount, Rp"), required=False, help_text=_("Cash pledged; for tools, their estimated value.")
    )
    quantity = forms.IntegerField(label=_("Quantity"), required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=30, required=False, help_text=_("e.g. machines, days, hours a week")
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members


class StepForm(forms.Form):
    text = forms.CharField(label=_("Step"), max_length=250, help_text=_("e.g. Look for a place to sew"))
    owner_person = MemberChoiceField(label=_("Member who does it"), queryset=None, required=False)
    owner = forms.CharField(
        label=_("Or who does it"), max_length=120, required=False, help_text=_("e.g. the chair, all members")
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = members


class CalendarForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=200, help_text=_("e.g. Buy flour and sugar"))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    owner = forms.CharField(label=_("Who is responsible"), max_length=120, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=_short())
    done_on = forms.DateField(label=_("Done on"), widget=DateInput(), required=False)


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
