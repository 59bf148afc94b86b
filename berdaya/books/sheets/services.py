"""Posting a meeting's collection sheet: attendance and every member's money, in one atomic batch.

``post_meeting`` is the one write path for the page, the API and the benchmark. It posts everything or
nothing: attendance, savings, dues and fines (one ledger entry per member, inserted set-based),
withdrawals of voluntary savings, loan repayments, arisan contributions and — when the cash counted
differs from what the sheet adds up to — the explained difference. The client's idempotency key makes
a second submission (a double tap, a retried request on a bad connection) return the first posting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from berdaya.audit.log import record
from berdaya.books import chart
from berdaya.books.arisan.models import Round
from berdaya.books.arisan.services import contribute, open_round_for
from berdaya.books.loans import services as loans
from berdaya.books.loans.queries import due_by_member
from berdaya.books.models import JournalEntry
from berdaya.books.queries import balance, member_balances
from berdaya.books.savings import withdraw
from berdaya.books.services import EntrySpec, Line, check_rupiah, lock_book, post_entries, post_entry
from berdaya.core.errors import ServiceError
from berdaya.core.money import thousands
from berdaya.groups.models import Meeting
from berdaya.groups.services import members_on, update_meeting

from .models import CollectionSheet, SheetLine


@dataclass
class LineInput:
    """What the treasurer entered for one member (integer rupiah; 0 = nothing)."""

    person_id: int
    present: bool = False
    principal_saving: int = 0
    mandatory_saving: int = 0
    voluntary_saving: int = 0
    withdrawal: int = 0
    dues: int = 0
    fine: int = 0
    loan_repayment: int = 0
    arisan: int = 0

    @property
    def paid_in(self) -> int:
        return sum(getattr(self, name) for name in SheetLine.CASH_IN_FIELDS)

    @property
    def net_cash(self) -> int:
        return self.paid_in - self.withdrawal


AMOUNT_FIELDS = SheetLine.AMOUNT_FIELDS
# Lazy: the labels are shown in the language of each request, not the one active at import.
FIELD_LABELS = {
    "principal_saving": gettext_lazy("pokok"),
    "mandatory_saving": gettext_lazy("wajib"),
    "voluntary_saving": gettext_lazy("sukarela"),
    "withdrawal": gettext_lazy("withdrawal"),
    "dues": gettext_lazy("dues"),
    "fine": gettext_lazy("fine"),
    "loan_repayment": gettext_lazy("loan repayment"),
    "arisan": gettext_lazy("arisan"),
}


def sheet_totals(lines: Sequence[LineInput]) -> dict:
    totals = {name: sum(getattr(line, name) for line in lines) for name in AMOUNT_FIELDS}
    totals["paid_in"] = sum(line.paid_in for line in lines)
    totals["net_cash"] = totals["paid_in"] - totals["withdrawal"]
    totals["present"] = sum(1 for line in lines if line.present)
    return totals


def _check_lines(meeting: Meeting, lines: Sequence[LineInput]) -> dict[int, object]:
    members = members_on(meeting.group, meeting.held_on)
    seen: set[int] = set()
    for line in lines:
        if line.person_id not in members:
            raise ServiceError(
                _("Line for someone who was not a member of the group on %(date)s.")
                % {"date": meeting.held_on},
                code="member",
            )
        if line.person_id in seen:
            raise ServiceError(_("A member appears twice on the sheet."), code="duplicate")
        seen.add(line.person_id)
        for name in AMOUNT_FIELDS:
            check_rupiah(getattr(line, name), FIELD_LABELS[name])
    return members


def _pay_loans(*, group, person, amount: int, on_date, acting_user, meeting, key: str) -> None:
    """Pay ``amount`` into the member's open loans, oldest first; more than they owe is refused."""
    remaining = amount
    for n, loan in enumerate(loans.open_loans_of(group=group, person_id=person.pk)):
        if remaining <= 0:
            break
        owed = loans.amount_due(loan, on_date)["outstanding"]
        part = min(remaining, owed)
        if part > 0:
            loans.repay(
                loan=loan,
                amount=part,
                on_date=on_date,
                acting_user=acting_user,
                meeting=meeting,
                idempotency_key=f"{key}:loan{n}",
            )
            remaining -= part
    if remaining > 0:
        raise ServiceError(
            _("%(person)s pays Rp%(amount)s on loans but owes Rp%(owed)s in all; correct the loan repayment.")
            % {
                "person": person.full_name,
                "amount": thousands(amount),
                "owed": thousands(amount - remaining),
            },
            code="loan_overpaid",
        )


def _pay_arisan(*, group, person, amount: int, on_date, acting_user, meeting, key: str, rounds) -> None:
    """Pay the member's arisan for the running cycles' current rounds, cycle by cycle.

    A contribution settles a member's whole share of a round (every slot they hold), so the amount must
    add up to whole rounds; otherwise the sheet says what each cycle asks.
    """
    due = [r for r in rounds if r["person_id"] == person.pk and r["outstanding"] > 0]
    remaining = amount
    for row in due:
        if remaining >= row["outstanding"]:
            contribute(
                round=Round.objects.get(pk=row["round_id"]),
                person=person,
                amount=row["outstanding"],
                on_date=on_date,
                acting_user=acting_user,
                meeting=meeting,
                idempotency_key=f"{key}:arisan{row['round_id']}",
            )
            remaining -= row["outstanding"]
    if remaining:
        asks = ", ".join(f"{r['cycle_name']}: Rp{thousands(r['outstanding'])}" for r in due) or _("nothing")
        raise ServiceError(
            _("%(person)s pays Rp%(amount)s into arisan; this meeting's rounds ask %(asks)s.")
            % {"person": person.full_name, "amount": thousands(amount), "asks": asks},
            code="arisan_amount",
        )


def post_meeting(
    *,
    meeting: Meeting,
    lines: Sequence[LineInput],
    cash_counted: int,
    acting_user,
    idempotency_key: str,
    difference_reason: str = "",
) -> CollectionSheet:
    """Post the meeting's sheet; everything or nothing. See the module docstring."""
    key = (idempotency_key or "").strip()
    if not key:
        raise ServiceError(
            _("The sheet has no idempotency key; reload the page and submit again."), code="key"
        )
    check_rupiah(cash_counted, _("The cash counted"))
    difference_reason = (difference_reason or "").strip()
    group = meeting.group
    with transaction.atomic():
        book = lock_book(group)
        existing = CollectionSheet.objects.filter(idempotency_key=key).select_related("meeting").first()
        if existing is not None:
            if existing.meeting_id != meeting.pk:
                raise ServiceError(_("This key was used for another meeting's sheet."), code="key")
            return existing  # the same submission again: posted once
        if CollectionSheet.objects.filter(meeting=meeting).exists():
            raise ServiceError(
                _(
                    "This meeting's sheet has already been posted. Correct a mistake with a reversal in the journal."
                ),
                code="already_posted",
            )
        members = _check_lines(meeting, lines)
        totals = sheet_totals(lines)
        opening = balance(book, chart.CASH, as_of=meeting.held_on)
        expected = opening + totals["net_cash"]
        difference = cash_counted - expected
        if difference and not difference_reason:
            raise ServiceError(
                _(
                    "The cash counted (Rp%(counted)s) differs from what the box should hold (Rp%(expected)s: "
                    "Rp%(opening)s before the meeting and Rp%(net)s from the sheet) by Rp%(difference)s. Check the "
                    "lines, or explain the difference before posting."
                )
                % {
                    "counted": thousands(cash_counted),
                    "expected": thousands(expected),
                    "opening": thousands(opening),
                    "net": thousands(totals["net_cash"]),
                    "difference": thousands(difference),
                },
                field_errors={"difference_reason": _("Explain the difference.")},
                code="cash_difference",
            )
        on_date = meeting.held_on

        # Attendance through the groups service: the sheet is the meeting's record.
        update_meeting(
            acting_user=acting_user,
            meeting=meeting,
            held_on=meeting.held_on,
            venue=meeting.venue,
            agenda=meeting.agenda,
            minutes=meeting.minutes,
            present=[line.person_id for line in lines if line.present],
        )

        # Pokok may not exceed the bylaws: one grouped query for everyone on the sheet.
        required = getattr(getattr(group, "bylaws", None), "principal_saving", 0) or 0
        payers = [line.person_id for line in lines if line.principal_saving]
        if required and payers:
            paid = member_balances(book, [chart.PRINCIPAL], person_ids=payers)
            for line in lines:
                already = paid.get(line.person_id, {}).get(chart.PRINCIPAL, 0)
                if line.principal_saving and already + line.principal_saving > required:
                    raise ServiceError(
                        _("%(person)s would pay Rp%(total)s of pokok; the bylaws ask Rp%(required)s.")
                        % {
                            "person": members[line.person_id].full_name,
                            "total": thousands(already + line.principal_saving),
                            "required": thousands(required),
                        },
                        code="pokok_limit",
                    )

        # Savings, dues and fines: one entry per member, all inserted in one set-based batch.
        specs = []
        for line in lines:
            credits = [
                (chart.PRINCIPAL, line.principal_saving, line.person_id),
                (chart.MANDATORY, line.mandatory_saving, line.person_id),
                (chart.VOLUNTARY, line.voluntary_saving, line.person_id),
                (chart.DUES, line.dues, None),
                (chart.FINES, line.fine, None),
            ]
            credits = [(code, amount, pid) for code, amount, pid in credits if amount]
            if not credits:
                continue
            total = sum(amount for _code, amount, _pid in credits)
            specs.append(
                EntrySpec(
                    on_date=on_date,
                    memo=_("Meeting %(date)s: %(person)s")
                    % {"date": on_date.isoformat(), "person": members[line.person_id].full_name},
                    lines=[Line(chart.CASH, debit=total)]
                    + [Line(code, credit=amount, person_id=pid) for code, amount, pid in credits],
                    kind=JournalEntry.Kind.SAVING,
                    idempotency_key=f"{key}:m{line.person_id}",
                    meeting_id=meeting.pk,
                )
            )
        post_entries(group=group, entries=specs, acting_user=acting_user)

        rounds = None
        for line in lines:
            person = members[line.person_id]
            if line.withdrawal:
                withdraw(
                    group=group,
                    person=person,
                    amount=line.withdrawal,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    idempotency_key=f"{key}:w{line.person_id}",
                )
            if line.loan_repayment:
                _pay_loans(
                    group=group,
                    person=person,
                    amount=line.loan_repayment,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    key=f"{key}:p{line.person_id}",
                )
            if line.arisan:
                if rounds is None:
                    rounds = open_round_for(group, on_date)
                _pay_arisan(
                    group=group,
                    person=person,
                    amount=line.arisan,
                    on_date=on_date,
                    acting_user=acting_user,
                    meeting=meeting,
                    key=f"{key}:a{line.person_id}",
                    rounds=rounds,
                )

        if difference:
            account = chart.OTHER_INCOME if difference > 0 else chart.OTHER_EXPENSE
            legs = (
                [Line(chart.CASH, debit=difference), Line(account, credit=difference)]
                if difference > 0
                else [Line(account, debit=-difference), Line(chart.CASH, credit=-difference)]
            )
            post_entry(
                group=group,
                on_date=on_date,
                memo=_("Cash difference at the meeting of %(date)s: %(reason)s")
                % {"date": on_date.isoformat(), "reason": difference_reason},
                lines=legs,
                acting_user=acting_user,
                kind=JournalEntry.Kind.MANUAL,
                idempotency_key=f"{key}:diff",
                meeting=meeting,
            )

        sheet = CollectionSheet.objects.create(
            meeting=meeting,
            idempotency_key=key,
            opening_cash=opening,
            expected_cash=expected,
            cash_counted=cash_counted,
            difference_reason=difference_reason,
            posted_by=acting_user if getattr(acting_user, "pk", None) else None,
        )
        SheetLine.objects.bulk_create(
            SheetLine(sheet=sheet, **{f.name: getattr(line, f.name) for f in fields(LineInput)})
            for line in lines
        )
        record(
            actor=acting_user,
            action="create",
            obj=meeting,
            note=_("collection sheet posted: Rp%(cash)s counted, %(n)d lines")
            % {"cash": thousands(cash_counted), "n": len(lines)},
        )
        return sheet


def opening_cash(meeting: Meeting) -> int:
    """Cash the books hold on the meeting date before its sheet is posted."""
    from berdaya.books.services import open_book

    return balance(open_book(group=meeting.group), chart.CASH, as_of=meeting.held_on)


def prefill(meeting: Meeting) -> list[dict]:
    """What each member is expected to bring to this meeting, from the bylaws, loans and arisan.

    Only suggestions: the treasurer changes any figure to what was actually paid.
    """
    group = meeting.group
    members = members_on(meeting.group, meeting.held_on)
    bylaws = getattr(group, "bylaws", None)
    from berdaya.books.services import open_book

    book = open_book(group=group)
    principal_paid = member_balances(book, [chart.PRINCIPAL], person_ids=list(members))
    required = getattr(bylaws, "principal_saving", 0) or 0
    loans_due = _loans_due(group, meeting.held_on)
    arisan_due = _arisan_due(group, meeting.held_on)
    rows = []
    for pid, person in members.items():
        paid = principal_paid.get(pid, {}).get(chart.PRINCIPAL, 0)
        rows.append(
            {
                "person": person,
                "person_id": pid,
                "present": True,
                "principal_saving": max(required - paid, 0),
                "mandatory_saving": getattr(bylaws, "mandatory_saving", 0) or 0,
                "voluntary_saving": 0,
                "withdrawal": 0,
                "dues": getattr(bylaws, "dues", 0) or 0,
                "fine": 0,
                "loan_repayment": loans_due.get(pid, 0),
                "arisan": arisan_due.get(pid, 0),
            }
        )
    return rows


def _loans_due(group, on_date: dt.date) -> dict[int, int]:
    due = due_by_member(group, on_date)
    return {pid: sum(row.get("total_due", 0) for row in rows) for pid, rows in due.items()}


def _arisan_due(group, on_date: dt.date) -> dict[int, int]:
    rows = open_round_for(group, on_date)
    out: dict[int, int] = {}
    for row in rows:
        if row["is_due"]:
            out[row["person_id"]] = out.get(row["person_id"], 0) + row["outstanding"]
    return out
