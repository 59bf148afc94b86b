"""Arisan forms: they check shape only; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .models import Cycle

SHARE_HELP = _("Members with the same letter share one slot (its contribution and pot are split equally).")


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    contribution = forms.IntegerField(
        label=_("Contribution per slot per round, Rp"),
        min_value=1,
        required=False,
        help_text=_("Empty: the arisan amount in the bylaws."),
    )
    start_on = forms.DateField(label=_("First round on"), widget=DateInput())
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cycle.Cadence.choices)
    draw_method = forms.ChoiceField(
        label=_("How winners are chosen"),
        choices=Cycle.Method.choices,
        help_text=_(
            "By lot: a verifiable draw each round. Agreed order: slots win in the order listed below "
            "(members by name, then the shared slots), fixed now."
        ),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for person in self.members:
            self.fields[f"slots_{person.pk}"] = forms.IntegerField(
                label=person.full_name, min_value=0, max_value=10, initial=1, required=False
            )
            self.fields[f"share_{person.pk}"] = forms.CharField(
                label=_("Shared slot"), max_length=2, required=False, help_text=SHARE_HELP
            )

    def member_rows(self):
        return [(p, self[f"slots_{p.pk}"], self[f"share_{p.pk}"]) for p in self.members]

    def slots(self) -> list[list[int]]:
        """The slots as the service takes them: own slots first (by member), then each shared slot."""
        data = self.cleaned_data
        out: list[list[int]] = []
        shared: dict[str, list[int]] = {}
        for person in self.members:
            out.extend([[person.pk]] * (data.get(f"slots_{person.pk}") or 0))
            letter = (data.get(f"share_{person.pk}") or "").strip().upper()
            if letter:
                shared.setdefault(letter, []).append(person.pk)
        for letter in sorted(shared):
            out.append(shared[letter])
        return out


class ContributionForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1)
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


class MissedForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())


class DrawForm(forms.Form):
    witness = forms.CharField(
        label=_("Witness number (optional)"),
        max_length=40,
        required=False,
        help_text=_("A number a member calls out at the meeting; it is mixed into this round's draw."),
    )


class PayPotForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    into_savings = forms.BooleanField(
        label=_("Put the pot into the winner's voluntary savings instead of paying cash"), required=False
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)


class SettleForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1)
    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)
