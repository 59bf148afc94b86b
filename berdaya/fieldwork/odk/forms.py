"""Forms check shape only; the rules live in ``services`` and come back as ``ServiceError``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FormSource, Submission


def form_choices(specs) -> list[tuple[str, str]]:
    return [(spec.key, f"{spec.kind_label}: {spec.title}") for spec in specs]


class UploadForm(forms.Form):
    form = forms.ChoiceField(label=_("Form"), help_text=_("The form whose submissions the file holds."))
    file = forms.FileField(
        label=_("Export file"),
        help_text=_("CSV, XLSX or JSON exported from ODK Central or KoboToolbox, as it was downloaded."),
    )

    def __init__(self, *args, specs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(specs)


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    form = forms.ChoiceField(label=_("Form"))
    server = forms.ChoiceField(label=_("Server"), choices=FormSource.Server.choices)
    base_url = forms.URLField(
        assume_scheme="https",
        label=_("Server address"),
        max_length=300,
        help_text=_("For example https://central.example.org"),
    )
    project = forms.CharField(
        label=_("Project or asset"),
        max_length=100,
        help_text=_("ODK Central: the project number. KoboToolbox: the form's asset uid."),
    )
    remote_form_id = forms.CharField(
        label=_("Form id on the server"),
        max_length=100,
        required=False,
        help_text=_("ODK Central's xmlFormId."),
    )
    token = forms.CharField(
        label=_("Access token"),
        max_length=300,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to keep the stored token."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, specs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = form_choices(specs)


STATUS_CHOICES = [("", _("Any status")), *Submission.Status.choices]
