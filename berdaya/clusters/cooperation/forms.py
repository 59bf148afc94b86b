"""Forms validate shape only; the cluster and cooperation rules live in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import ActorLink, ClusterActor, CoopActor, Cooperation, CoopInput, CoopResult, CoopStep
from .services import INTERNAL


class ActorForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the cluster"), choices=ClusterActor.Role.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Left empty: the enterprise's or agency's name."),
    )
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=None,
        required=False,
        help_text=_("For a weaver of the sentra or another business."),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        help_text=_("For a Dinas, a bank, an LKM, a university or Bank Indonesia."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, enterprises, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["agency"].queryset = agencies


class LinkForm(forms.Form):
    source = forms.ModelChoiceField(label=_("From"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of link"), choices=ActorLink.Kind.choices)
    target = forms.ModelChoiceField(label=_("To"), queryset=None)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = actors
        self.fields["target"].queryset = actors


class CooperationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (_("Internal cooperation"), [c for c in Cooperation.Kind.choices if c[0] in INTERNAL]),
            (_("External cooperation"), [c for c in Cooperation.Kind.choices if c[0] not in INTERNAL]),
        ],
        help_text=_(
            "Internal: between the sentra's units. External: with banks, LKM, government, universities."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class CooperationEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput(), required=False)


class ParticipantForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Actor"), queryset=None)
    role = forms.ChoiceField(label=_("Part in the cooperation"), choices=CoopActor.Role.choices)

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors


class InputForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CoopInput.Kind.choices)
    description = forms.CharField(label=_("What"), max_length=200)
    amount = forms.IntegerField(label=_("Amount, Rp"), required=False, min_value=1)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=30)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label=_("Output or impact"), choices=CoopResult.Kind.choices)
    text = forms.CharField(label=_("What"), widget=forms.Textarea(attrs={"rows": 2}))
    figure = forms.DecimalField(label=_("Figure"), required=False, max_digits=16, decimal_places=2)
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=40, help_text=_("e.g. sarongs per day, %")
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class StepForm(forms.Form):
    name = forms.CharField(label=_("Step"), max_length=150)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=[])
    on_date = forms.DateField(label=_("On"), widget=DateInput())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, step: CoopStep, **kwargs):
        super().__init__(*args, **kwargs)
        S = CoopStep.Status
        if step.code == "decision":
            # A credit's decision reads as what happened: approved (done) or rejected.
            choices = [(S.DONE, _("Approved")), (S.REJECTED, _("Rejected"))]
        else:
            choices = [
                (S.IN_PROGRESS, S.IN_PROGRESS.label),
                (S.DONE, S.DONE.label),
                (S.REJECTED, S.REJECTED.label),
            ]
        self.fields["status"].choices = choices
