"""Forms validate shape only; the rules of a visit or a report live in ``services`` (``ServiceError``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import Technique

ACTION_ROWS = 3  # a visit rarely agrees more than three things; more can be added on the next visit


class NameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "full_name", None) or getattr(obj, "name", None) or str(obj)


class VisitForm(forms.Form):
    """The visit log, made for a cheap phone: plain inputs, no widget needing a script or a round trip."""

    programme = NameChoiceField(label=_("Programme"), queryset=None)
    mentor = NameChoiceField(label=_("Mentor"), queryset=None)
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    technique = forms.ChoiceField(label=_("Technique"), choices=Technique.choices)
    group = NameChoiceField(label=_("Group"), queryset=None, required=False)
    person = NameChoiceField(
        label=_("Person (home visit)"),
        queryset=None,
        required=False,
        help_text=_("For a home visit; leave the group empty or give the person's group."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration, minutes"), min_value=1, max_value=1440, required=False
    )
    productive_topics = forms.CharField(
        label=_("Productive business topics (UEP)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bookkeeping, stimulant fund, savings and loans, production, marketing …"),
    )
    welfare_topics = forms.CharField(
        label=_("Social welfare topics (UKS)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Family problems, children, health and cleanliness, neighbourliness …"),
    )
    issues = forms.CharField(
        label=_("Issues found"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_visit_on = forms.DateField(label=_("Next visit"), required=False, widget=DateInput())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, programmes, mentors, groups, persons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["mentor"].queryset = mentors
        self.fields["group"].queryset = groups
        self.fields["person"].queryset = persons
        for i in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{i}_text"] = forms.CharField(
                label=_("Agreed action %(n)s") % {"n": i}, required=False, max_length=250
            )
            self.fields[f"action_{i}_owner"] = forms.CharField(label=_("Who"), required=False, max_length=120)
            self.fields[f"action_{i}_due_on"] = forms.DateField(
                label=_("By when"), required=False, widget=DateInput()
            )

    def clean(self):
        data = super().clean()
        if not data.get("group") and not data.get("person"):
            self.add_error("group", _("Name the group or the person visited."))
        return data

    def actions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "text": data.get(f"action_{i}_text", ""),
                "owner": data.get(f"action_{i}_owner", ""),
                "due_on": data.get(f"action_{i}_due_on"),
            }
            for i in range(1, ACTION_ROWS + 1)
        ]

    def action_rows(self):
        return [
            (self[f"action_{i}_text"], self[f"action_{i}_owner"], self[f"action_{i}_due_on"])
            for i in range(1, ACTION_ROWS + 1)
        ]

    def more_actions_open(self) -> bool:
        """Show the second and third action rows when they hold something (after a refused POST)."""
        if not self.is_bound:
            return False
        names = [
            f"action_{i}_{part}" for i in range(2, ACTION_ROWS + 1) for part in ("text", "owner", "due_on")
        ]
        return any(self.data.get(self.add_prefix(n)) for n in names) or any(n in self.errors for n in names)

    def main_fields(self):
        skip = {"idempotency_key"} | {n for n in self.fields if n.startswith("action_")} | {"next_visit_on"}
        return [self[n] for n in self.fields if n not in skip]


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=250)


class ReportDraftForm(forms.Form):
    mentor = NameChoiceField(label=_("Mentor"), queryset=None)
    programme = NameChoiceField(label=_("Programme"), queryset=None)
    month = forms.CharField(
        label=_("Month"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2025-09"}),
        help_text=_("Year and month, e.g. 2025-09."),
    )

    def __init__(self, *args, mentors, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["programme"].queryset = programmes

    def clean_month(self):
        from .queries import parse_month

        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("Give the month as year-month, e.g. 2025-09."))
        return month


class ReportEditForm(forms.Form):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}))
    achievements = forms.CharField(
        label=_("Achievements"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    plans = forms.CharField(
        label=_("Plans for next month"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
