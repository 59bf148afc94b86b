"""Books forms validate shape only; the rules (balances, closed periods, dates) live in the services and
come back as ``ServiceError`` shown next to the field with ``apply_service_error``.

Every posting form carries a hidden idempotency key made when the form is first shown: a double tap
on "Save" (or a retried request on a weak connection) posts once.
"""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from berdaya.core.forms import DateInput

from .chart import MEMBER_ACCOUNTS
from .models import JournalEntry, ShuPolicy
from .savings import KIND_LABELS

MAX_LEGS = 6
MIN_LEGS = 2


class IdempotentForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class DepositForm(IdempotentForm):
    person = MemberChoiceField(label=_("Member"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of saving"), choices=list(KIND_LABELS.items()))
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1, max_value=10**12)
    on_date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class WithdrawForm(IdempotentForm):
    person = MemberChoiceField(label=_("Member"), queryset=None)
    amount = forms.IntegerField(label=_("Amount, Rp"), min_value=1, max_value=10**12)
    on_date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons


class DateForm(IdempotentForm):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())


class ReverseForm(IdempotentForm):
    on_date = forms.DateField(label=_("Date of the reversal"), widget=DateInput())
    reason = forms.CharField(label=_("Why is it reversed?"), max_length=200)


class PeriodCloseForm(forms.Form):
    through = forms.DateField(
        label=_("Close the books through"),
        widget=DateInput(),
        help_text=_("Usually the last day of a month or of the year."),
    )


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end comes before the start."))
        return data


class JournalFilterForm(forms.Form):
    q = forms.CharField(label=_("Description"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *JournalEntry.Kind.choices]
    )
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())


class ManualEntryForm(IdempotentForm):
    """A balanced entry by hand: 2–6 legs, each an account, a side and an amount (and the member)."""

    on_date = forms.DateField(label=_("Date"), widget=DateInput())
    memo = forms.CharField(label=_("Description"), max_length=250)

    SIDES = [("debit", _("Debit")), ("credit", _("Credit"))]

    def __init__(self, *args, accounts=None, persons=None, **kwargs):
        super().__init__(*args, **kwargs)
        account_choices = [("", "—")] + [(a.code, f"{a.code} {a.name}") for a in accounts or []]
        person_choices = [("", "—")] + [(str(p.pk), p.full_name) for p in persons or []]
        for i in range(MAX_LEGS):
            self.fields[f"leg{i}_account"] = forms.ChoiceField(
                label=_("Account"), choices=account_choices, required=False
            )
            self.fields[f"leg{i}_side"] = forms.ChoiceField(
                label=_("Side"), choices=self.SIDES, initial="debit" if i == 0 else "credit", required=False
            )
            self.fields[f"leg{i}_amount"] = forms.IntegerField(
                label=_("Amount, Rp"), min_value=1, max_value=10**12, required=False
            )
            self.fields[f"leg{i}_person"] = forms.ChoiceField(
                label=_("Member"), choices=person_choices, required=False
            )

    def leg_rows(self):
        """Bound fields per leg for the template: [(account, side, amount, person), …]."""
        return [
            tuple(self[f"leg{i}_{name}"] for name in ("account", "side", "amount", "person"))
            for i in range(MAX_LEGS)
        ]

    def clean(self):
        data = super().clean()
        legs = []
        for i in range(MAX_LEGS):
            account, amount = data.get(f"leg{i}_account"), data.get(f"leg{i}_amount")
            person = data.get(f"leg{i}_person") or None
            if not account and not amount:
                continue
            if not account:
                self.add_error(f"leg{i}_account", _("Choose the account."))
                continue
            if not amount:
                self.add_error(f"leg{i}_amount", _("Enter the amount."))
                continue
            if account in MEMBER_ACCOUNTS and not person:
                self.add_error(
                    f"leg{i}_person", _("This account holds members' balances: choose the member.")
                )
                continue
            side = data.get(f"leg{i}_side") or "debit"
            legs.append(
                {
                    "account": account,
                    "side": side,
                    "amount": amount,
                    "person_id": int(person) if person else None,
                }
            )
        if len(legs) < MIN_LEGS and not self.errors:
            raise forms.ValidationError(_("An entry needs at least two legs, a debit and a credit."))
        data["legs"] = legs
        return data


class ShuPolicyForm(forms.ModelForm):
    class Meta:
        model = ShuPolicy
        fields = [
            "reserve_percent",
            "jasa_modal_percent",
            "jasa_usaha_percent",
            "management_percent",
            "education_percent",
            "social_percent",
            "modal_savings",
        ]


class ShuCloseForm(IdempotentForm):
    pass
